"""The meaning of an expression: a tree of matrix operations on symbols, differentials and
constants, with no notation left in it. Lowering builds it; shapes, differentials and numbers read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from itertools import chain
from typing import Any


def _child_fields(cls: type) -> tuple[tuple[str, int], ...]:
    """The fields of a node class that hold sub-expressions and how: 1 an expression (or None),
    2 a tuple of expressions, 3 a tuple of tuples of expressions, 4 (name, expression) pairs."""
    spec = []
    for f in fields(cls):
        t = str(f.type).replace(" ", "")
        if t in ("Expr", "Expr|None"):
            spec.append((f.name, 1))
        elif t == "tuple[Expr,...]":
            spec.append((f.name, 2))
        elif t == "tuple[tuple[Expr,...],...]":
            spec.append((f.name, 3))
        elif t == "tuple[tuple[str,Expr],...]":
            spec.append((f.name, 4))
    return tuple(spec)


@dataclass(frozen=True, eq=False)
class Expr:
    """A node of a meaning. Nodes compare by identity: trees are built once and shared."""

    def children(self) -> tuple[Expr, ...]:
        """The sub-expressions of the node, in field order (the node classes below that have plain
        fields get a quicker method of their own, `_QUICK_CHILDREN`)."""
        spec = _CHILD_FIELDS.get(self.__class__)
        if spec is None:
            spec = _CHILD_FIELDS[self.__class__] = _child_fields(self.__class__)
        out: list[Expr] = []
        for name, how in spec:
            value = getattr(self, name)
            if how == 1:
                if value is not None:
                    out.append(value)
            elif how == 2:
                out.extend(value)
            elif how == 3:
                for row in value:
                    out.extend(row)
            else:
                out.extend(x for _, x in value)
        return tuple(out)


_CHILD_FIELDS: dict[type, tuple[tuple[str, int], ...]] = {}


@dataclass(frozen=True, eq=False)
class Sym(Expr):
    """A symbol whose value is drawn at random (or given by a definition, substituted before use)."""

    name: str


@dataclass(frozen=True, eq=False)
class DSym(Expr):
    """The differential `d name` of a symbol that varies: a random direction of the symbol's shape."""

    name: str


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: float


@dataclass(frozen=True, eq=False)
class Zero(Expr):
    """A zero of whatever shape the other side needs (`0`, `\\mathbf{0}`)."""


@dataclass(frozen=True, eq=False)
class Identity(Expr):
    """The identity matrix; `size` names its dimension when written `I_n`, and `declared` says
    that name is a size the notes declare (`x \\in \\mathbb{R}^n`): the matrix is n×n."""

    size: str = ""
    declared: bool = False


@dataclass(frozen=True, eq=False)
class Ones(Expr):
    """The all-ones column vector `\\mathbf{1}`; `dims`, its size when the notes declare it."""

    dims: tuple[int | str, int] | None = None


@dataclass(frozen=True, eq=False)
class Add(Expr):
    terms: tuple[Expr, ...]


@dataclass(frozen=True, eq=False)
class Scale(Expr):
    """A numeric factor times an expression (a sign, `2`, `\\frac12`)."""

    factor: float
    body: Expr


@dataclass(frozen=True, eq=False)
class Mul(Expr):
    """A product: matrix products, and 1x1 factors acting as scalars."""

    factors: tuple[Expr, ...]


@dataclass(frozen=True, eq=False)
class Div(Expr):
    """`num / den` with a scalar denominator."""

    num: Expr
    den: Expr


@dataclass(frozen=True, eq=False)
class Transpose(Expr):
    body: Expr


@dataclass(frozen=True, eq=False)
class Inverse(Expr):
    body: Expr


@dataclass(frozen=True, eq=False)
class Power(Expr):
    """A power: of a scalar (any exponent, elementwise) or of a square matrix (an integer)."""

    base: Expr
    exponent: Expr


@dataclass(frozen=True, eq=False)
class Func(Expr):
    """A function applied elementwise: `sin`, `exp`, `log`, `tanh`, `sqrt`, `abs`, `sigmoid`,
    `relu`, `step`, or an unknown function of the document (`f`, `g`, `\\sigma`). `derivative`
    counts how often it is differentiated (`f'` is 1); `partial` is the argument index for a
    partial derivative of a function of several arguments."""

    name: str
    args: tuple[Expr, ...]
    derivative: int = 0
    partial: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False)
class Trace(Expr):
    body: Expr


@dataclass(frozen=True, eq=False)
class Det(Expr):
    body: Expr


@dataclass(frozen=True, eq=False)
class Diag(Expr):
    """`diag`: a vector to a diagonal matrix, or a matrix to the vector of its diagonal."""

    body: Expr


@dataclass(frozen=True, eq=False)
class Vec(Expr):
    """Column-stacking of a matrix into a vector."""

    body: Expr


@dataclass(frozen=True, eq=False)
class Norm(Expr):
    """The 2-norm of a vector or the Frobenius norm of a matrix."""

    body: Expr


@dataclass(frozen=True, eq=False)
class Inner(Expr):
    """The Frobenius inner product `<A, B> = tr(A^T B)`."""

    left: Expr
    right: Expr


@dataclass(frozen=True, eq=False)
class Hadamard(Expr):
    left: Expr
    right: Expr


@dataclass(frozen=True, eq=False)
class HadamardDiv(Expr):
    left: Expr
    right: Expr


@dataclass(frozen=True, eq=False)
class Kron(Expr):
    left: Expr
    right: Expr


@dataclass(frozen=True, eq=False)
class Softmax(Expr):
    body: Expr


@dataclass(frozen=True, eq=False)
class MatExp(Expr):
    """The matrix exponential (one reading of `\\exp(X)` for a square matrix)."""

    body: Expr


@dataclass(frozen=True, eq=False)
class ExpFrechet(Expr):
    """The differential of the matrix exponential at `body` in the direction `direction` (the
    Frechet derivative; `expm(body) direction` only when the two commute)."""

    body: Expr
    direction: Expr


@dataclass(frozen=True, eq=False)
class Maximum(Expr):
    """Elementwise maximum of two expressions (`\\max(0, z)`)."""

    left: Expr
    right: Expr


@dataclass(frozen=True, eq=False)
class Compare(Expr):
    """An elementwise indicator `1[left op right]`."""

    left: Expr
    op: str
    right: Expr


@dataclass(frozen=True, eq=False)
class Matrix(Expr):
    """A matrix literal of scalar entries."""

    rows: tuple[tuple[Expr, ...], ...]


@dataclass(frozen=True, eq=False)
class Entry(Expr):
    """Entry `index` (0-based) of a column vector: `x_2` read as a component of `\\mathbf{x}`.
    `size` is the largest component the step names (the vector's length when nothing else fixes it)."""

    body: Expr
    index: int
    size: int


@dataclass(frozen=True, eq=False)
class Element(Expr):
    """Entry (row, col) of a matrix, where each is a summation index's name or a fixed 0-based number:
    `M_{ii}` inside `\\sum_i`."""

    body: Expr
    row: str | int
    col: str | int


@dataclass(frozen=True, eq=False)
class IndexSum(Expr):
    """`\\sum_{i} body` over the indices `indices`, each running over the dimension it indexes."""

    indices: tuple[str, ...]
    body: Expr


@dataclass(frozen=True, eq=False)
class Diff(Expr):
    """A differential `d body` not yet worked out (`order` 2 for `d^2`); `wrt` limits the
    variables that vary (a partial differential)."""

    body: Expr
    order: int = 1
    wrt: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Derivative(Expr):
    """The derivative of `body` with respect to the symbol `var`, arranged by `layout`:
    "gradient" (same shape as `var`, for a scalar body), "numerator" or "denominator".
    `differential` is `d body` (`d^2 body` for order 2) with only `var` varying, worked out
    before evaluation; numbers read the derivative off it one direction at a time."""

    body: Expr
    var: str
    layout: str
    order: int = 1
    differential: Expr | None = None


@dataclass(frozen=True, eq=False)
class At(Expr):
    """`body` evaluated where each named symbol takes the given value."""

    body: Expr
    bindings: tuple[tuple[str, Expr], ...]


# The quick `children` of the node classes whose children are plain fields, by those fields.
_QUICK_CHILDREN: dict[tuple[tuple[str, int], ...], Callable[[Any], tuple[Expr, ...]]] = {
    (): lambda e: (),
    (("body", 1),): lambda e: (e.body,),
    (("left", 1), ("right", 1)): lambda e: (e.left, e.right),
    (("num", 1), ("den", 1)): lambda e: (e.num, e.den),
    (("base", 1), ("exponent", 1)): lambda e: (e.base, e.exponent),
    (("body", 1), ("direction", 1)): lambda e: (e.body, e.direction),
    (("terms", 2),): lambda e: e.terms,
    (("factors", 2),): lambda e: e.factors,
    (("args", 2),): lambda e: e.args,
}


def _install_quick_children() -> None:
    for cls in Expr.__subclasses__():
        quick = _QUICK_CHILDREN.get(_child_fields(cls))
        if quick is not None:
            setattr(cls, "children", quick)  # noqa: B010 (mypy forbids assigning to a method)


_install_quick_children()


def walk(expr: Expr) -> list[Expr]:
    """`expr` and every node below it, each node before its children (a node's children, then the
    nodes below its last child, ..., then those below its first)."""
    return [expr, *_below(expr)]


def _below(expr: Expr) -> tuple[Expr, ...]:
    """The nodes below `expr` in `walk` order, kept on every node (trees never change, and the
    trees of a step share subtrees): built from the children's own. Not the node itself: that
    would make every walked tree a reference cycle, left for the cycle collector."""
    below: tuple[Expr, ...] | None = expr.__dict__.get("_below")
    if below is None:
        kids = expr.children()
        below = (*kids, *chain.from_iterable(map(_below, reversed(kids)))) if kids else ()
        object.__setattr__(expr, "_below", below)
    return below


def node_kinds(expr: Expr) -> frozenset[type]:
    """The classes of the nodes of a tree (kept on its root: trees never change)."""
    kinds: frozenset[type] | None = expr.__dict__.get("_kinds")
    if kinds is None:
        kinds = frozenset(map(type, _below(expr)))
        if expr.__class__ not in kinds:
            kinds = kinds | {expr.__class__}
        object.__setattr__(expr, "_kinds", kinds)
    return kinds


def symbol_and_differential_names(expr: Expr) -> frozenset[str]:
    """The names of the symbols and differentials (`Sym`, `DSym`) of a tree, bound or not (kept on
    its root: trees never change)."""
    names: frozenset[str] | None = expr.__dict__.get("_sym_names")
    if names is None:
        names = frozenset([x.name for x in walk(expr) if x.__class__ is Sym or x.__class__ is DSym])
        object.__setattr__(expr, "_sym_names", names)
    return names


def free_symbols(expr: Expr) -> set[str]:
    """Names of the symbols in `expr` that no `At` binds."""
    return set(_free_symbols(expr))


def _free_symbols(expr: Expr) -> frozenset[str]:
    """`free_symbols`, kept on every node (trees never change)."""
    names: frozenset[str] | None = expr.__dict__.get("_free")
    if names is not None:
        return names
    if isinstance(expr, Sym):
        names = frozenset((expr.name,))
    elif isinstance(expr, At):
        inner = _free_symbols(expr.body) - {name for name, _ in expr.bindings}
        names = inner.union(*[_free_symbols(value) for _, value in expr.bindings])
    elif isinstance(expr, Derivative):
        names = _free_symbols(expr.body)
    else:
        names = frozenset().union(*map(_free_symbols, expr.children()))
    object.__setattr__(expr, "_free", names)
    return names


def differential_symbols(expr: Expr) -> set[str]:
    if DSym not in node_kinds(expr):
        return set()
    return {e.name for e in walk(expr) if isinstance(e, DSym)}


def has(expr: Expr, kind: type) -> bool:
    """Whether a node of class `kind` is in `expr` (no node class derives from another)."""
    return kind in node_kinds(expr)


def is_zero_literal(expr: Expr) -> bool:
    return isinstance(expr, Zero) or (isinstance(expr, Const) and expr.value == 0.0)


def add(*terms: Expr) -> Expr:
    flat: list[Expr] = []
    for t in terms:
        if isinstance(t, Add):
            flat.extend(t.terms)
        elif not isinstance(t, Zero):
            flat.append(t)
    if not flat:
        return Zero()
    return flat[0] if len(flat) == 1 else Add(tuple(flat))


def mul(*factors: Expr) -> Expr:
    flat: list[Expr] = []
    for f in factors:
        if isinstance(f, Zero):
            return Zero()
        if isinstance(f, Mul):
            flat.extend(f.factors)
        elif not (isinstance(f, Const) and f.value == 1.0):
            flat.append(f)
    if not flat:
        return Const(1.0)
    return flat[0] if len(flat) == 1 else Mul(tuple(flat))


def scale(factor: float, body: Expr) -> Expr:
    if isinstance(body, Zero) or factor == 0.0:
        return Zero()
    if factor == 1.0:
        return body
    if isinstance(body, Const):
        return Const(factor * body.value)
    if isinstance(body, Scale):
        return scale(factor * body.factor, body.body)
    return Scale(factor, body)
