"""Infer the shape of every symbol and subexpression by unification over symbolic dimensions,
then give every dimension a size, all different unless the shapes force them equal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Union

from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

# A dimension: a literal size, a named variable ("n", or "_3" for an anonymous one), a product
# (of a Kronecker product) or a sum (of the blocks of a block matrix).
Dim = Union[int, str, "ProductDim", "SumDim"]


@dataclass(frozen=True)
class ProductDim:
    left: Dim
    right: Dim


@dataclass(frozen=True)
class SumDim:
    left: Dim
    right: Dim


Shape = tuple[Dim, Dim]
SCALAR: Shape = (1, 1)

KINDS = ("scalar", "vector", "row", "matrix", "square")


class ShapeError(Exception):
    """Two shapes that cannot agree; the message names both."""


@dataclass(frozen=True)
class SymbolShape:
    """What is known of a symbol's shape before inference: declared dims, a kind, or the
    expression it stands for (`like`, for the differential of a defined symbol)."""

    dims: tuple[Dim, Dim] | None = None
    kind: str = "scalar"
    square: bool = False
    like: Expr | None = None


_UNKNOWN = SymbolShape()  # a symbol nothing is known of (shared: shapes are immutable)
SCALAR_SHAPE = SymbolShape(kind="scalar")
VECTOR_SHAPE = SymbolShape(kind="vector")


@dataclass
class Unifier:
    """Union-find over dimension variables; matrix dimensions may be marked never to be 1."""

    parent: dict[str, Dim] = field(default_factory=dict)
    not_one: set[str] = field(default_factory=set)
    counter: int = 0

    def fresh(self, not_one: bool = True) -> str:
        self.counter += 1
        name = f"_{self.counter}"
        if not_one:
            self.not_one.add(name)
        return name

    def find(self, d: Dim) -> Dim:
        if d.__class__ is int:
            return d  # a known size (most dimensions): nothing to look up
        while isinstance(d, str) and d in self.parent:
            nxt = self.parent[d]
            if isinstance(nxt, str) and nxt in self.parent:
                self.parent[d] = self.parent[nxt]
            d = nxt
        if isinstance(d, ProductDim):
            left, right = self.find(d.left), self.find(d.right)
            if isinstance(left, int) and isinstance(right, int):
                return left * right
            if left == 1:
                return right
            if right == 1:
                return left
            return ProductDim(left, right)
        if isinstance(d, SumDim):
            left, right = self.find(d.left), self.find(d.right)
            if isinstance(left, int) and isinstance(right, int):
                return left + right
            return SumDim(left, right)
        return d

    def unify(self, a: Dim, b: Dim) -> bool:
        if a.__class__ is not int:
            a = self.find(a)
        if b.__class__ is not int:
            b = self.find(b)
        if a == b:
            return True
        if isinstance(a, str):
            return self._bind(a, b)
        if isinstance(b, str):
            return self._bind(b, a)
        if isinstance(a, ProductDim) and isinstance(b, ProductDim):
            return self.unify(a.left, b.left) and self.unify(a.right, b.right)
        if isinstance(a, SumDim) and isinstance(b, SumDim):
            return self.unify(a.left, b.left) and self.unify(a.right, b.right)
        if isinstance(b, SumDim):
            a, b = b, a
        if isinstance(a, SumDim) and isinstance(b, int):
            # `n + 2 = 5`: the one unknown part of a sum of sizes is the difference.
            if isinstance(a.left, int) and b - a.left >= 1:
                return self.unify(a.right, b - a.left)
            if isinstance(a.right, int) and b - a.right >= 1:
                return self.unify(a.left, b - a.right)
        return False

    def _bind(self, var: str, value: Dim) -> bool:
        if isinstance(value, str) and value.startswith("_") and not var.startswith("_"):
            # Keep declared names (n, m) as the representatives, so sizes can be reported by name.
            var, value = value, var
        if value == 1 and var in self.not_one:
            return False
        if isinstance(value, str) and var in self.not_one:
            self.not_one.add(value)
        if isinstance(value, ProductDim | SumDim) and _occurs(var, value):
            return False
        self.parent[var] = value
        return True

    def is_one(self, d: Dim) -> bool:
        return (d if d.__class__ is int else self.find(d)) == 1

    def show(self, shape: Shape) -> str:
        return "×".join(_show_dim(self.find(d)) for d in shape)


def _dim_sum(dims: list[Dim]) -> Dim:
    total = dims[0]
    for d in dims[1:]:
        total = SumDim(total, d)
    return total


def _occurs(var: str, d: Dim) -> bool:
    if isinstance(d, ProductDim | SumDim):
        return _occurs(var, d.left) or _occurs(var, d.right)
    return d == var


def _show_dim(d: Dim) -> str:
    if isinstance(d, ProductDim):
        return f"{_show_dim(d.left)}{_show_dim(d.right)}"
    if isinstance(d, SumDim):
        return f"({_show_dim(d.left)}+{_show_dim(d.right)})"
    if isinstance(d, str) and d.startswith("_"):
        return "k" + d[1:]
    return str(d)


class Typer:
    """Shapes of expressions under one assignment of symbol shapes."""

    def __init__(self, symbols: dict[str, SymbolShape], unifier: Unifier | None = None) -> None:
        self.symbols = symbols
        self.u = unifier or Unifier()
        self.symbol_dims: dict[str, Shape] = {}
        self.memo: dict[int, Shape] = {}
        self.index_dims: dict[str, Dim] = {}
        self.literal_dims: list[Dim] = []  # declared sizes of literals (`\\mathbf 1 \\in \\mathbb{R}^N`)

    def symbol(self, name: str) -> Shape:
        shape = self.symbol_dims.get(name)
        if shape is not None:
            return shape
        info = self.symbols.get(name, _UNKNOWN)
        if info.like is not None:
            shape = self.shape(info.like)
        elif info.dims is not None:
            shape = info.dims
            for d in shape:
                if isinstance(d, str):
                    self.u.not_one.add(d)
        elif info.kind == "scalar":
            shape = SCALAR
        elif info.kind == "vector":
            shape = (self.u.fresh(), 1)
        elif info.kind == "row":
            shape = (1, self.u.fresh())
        else:
            n = self.u.fresh()
            shape = (n, n) if info.square or info.kind == "square" else (n, self.u.fresh())
        if info.square and not self.u.unify(shape[0], shape[1]):
            raise ShapeError(f"{name} must be square but is {self.u.show(shape)}")
        self.symbol_dims[name] = shape
        return shape

    def shape(self, e: Expr) -> Shape:
        key = id(e)
        got = self.memo.get(key)
        if got is None:
            rule = _SHAPE_RULES.get(e.__class__)
            if rule is None:
                raise ShapeError(f"no shape rule for {type(e).__name__}")
            got = rule(self, e)
            self.memo[key] = got
        return got

    def is_scalar(self, s: Shape) -> bool:
        rows, cols = s
        if rows.__class__ is not int:
            rows = self.u.find(rows)
        if rows != 1:
            return False
        return (cols if cols.__class__ is int else self.u.find(cols)) == 1

    def same(self, a: Shape, b: Shape, what: str) -> None:
        if not (self.u.unify(a[0], b[0]) and self.u.unify(a[1], b[1])):
            raise ShapeError(f"{what}: {self.u.show(a)} and {self.u.show(b)} differ")

    def square(self, s: Shape, what: str) -> None:
        if not self.u.unify(s[0], s[1]):
            raise ShapeError(f"{what} of a non-square {self.u.show(s)}")

    # -- one rule per kind of node (found by the node's class, `_SHAPE_RULES`) ----------------
    def _symbol_node(self, e: ir.Sym | ir.DSym) -> Shape:
        return self.symbol(e.name)

    def _scalar_node(self, e: Expr) -> Shape:
        return SCALAR

    def _zero(self, e: ir.Zero) -> Shape:
        return (self.u.fresh(False), self.u.fresh(False))

    def _identity(self, e: ir.Identity) -> Shape:
        if e.declared:  # `I_n` with n a declared size
            self.u.not_one.add(e.size)
            self.literal_dims.extend((e.size, e.size))
            return (e.size, e.size)
        n = self.u.fresh()
        return (n, n)

    def _ones(self, e: ir.Ones) -> Shape:
        if e.dims is not None:
            for d in e.dims:
                if isinstance(d, str):
                    self.u.not_one.add(d)
            self.literal_dims.extend(e.dims)
            return e.dims
        return (self.u.fresh(), 1)

    def _add(self, e: ir.Add) -> Shape:
        shapes = [self.shape(t) for t in e.terms]
        for s in shapes[1:]:
            self.same(shapes[0], s, "sum of shapes")
        return shapes[0]

    def _body(self, e: ir.Scale | ir.Diff) -> Shape:
        return self.shape(e.body)

    def _mul(self, e: ir.Mul) -> Shape:
        return self._product(e.factors)

    def _div(self, e: ir.Div) -> Shape:
        sm = self.shape(e.den)
        if not self.is_scalar(sm) and not (self.u.unify(sm[0], 1) and self.u.unify(sm[1], 1)):
            raise ShapeError(f"division by a {self.u.show(sm)} matrix")
        return self.shape(e.num)

    def _transpose(self, e: ir.Transpose) -> Shape:
        s = self.shape(e.body)
        return (s[1], s[0])

    def _inverse(self, e: ir.Inverse) -> Shape:
        s = self.shape(e.body)
        self.square(s, "inverse")
        return s

    def _power_node(self, e: ir.Power) -> Shape:
        return self._power(e.base, e.exponent)

    def _func(self, e: ir.Func) -> Shape:
        shapes = [self.shape(a) for a in e.args]
        for s in shapes[1:]:
            if not self.is_scalar(s) and not self.is_scalar(shapes[0]):
                self.same(shapes[0], s, "function arguments")
        return next((s for s in shapes if not self.is_scalar(s)), shapes[0])

    def _trace_or_det(self, e: ir.Trace | ir.Det) -> Shape:
        self.square(self.shape(e.body), "trace" if isinstance(e, ir.Trace) else "determinant")
        return SCALAR

    def _norm(self, e: ir.Norm) -> Shape:
        self.shape(e.body)
        return SCALAR

    def _inner(self, e: ir.Inner) -> Shape:
        self.same(self.shape(e.left), self.shape(e.right), "inner product")
        return SCALAR

    def _elementwise_node(self, e: ir.Hadamard | ir.HadamardDiv | ir.Maximum | ir.Compare) -> Shape:
        return self._elementwise(self.shape(e.left), self.shape(e.right))

    def _kron(self, e: ir.Kron) -> Shape:
        sa, sb = self.shape(e.left), self.shape(e.right)
        return (ProductDim(sa[0], sb[0]), ProductDim(sa[1], sb[1]))

    def _diag(self, e: ir.Diag) -> Shape:
        s = self.shape(e.body)
        if self.u.is_one(s[1]):
            return (s[0], s[0])
        self.square(s, "diag")
        return (s[0], 1)

    def _vec(self, e: ir.Vec) -> Shape:
        s = self.shape(e.body)
        return (ProductDim(s[0], s[1]), 1)

    def _same_as_body(self, e: ir.Softmax | ir.MatExp) -> Shape:
        s = self.shape(e.body)
        if isinstance(e, ir.MatExp):
            self.square(s, "matrix exponential")
        return s

    def _exp_frechet(self, e: ir.ExpFrechet) -> Shape:
        s = self.shape(e.body)
        self.square(s, "matrix exponential")
        self.same(s, self.shape(e.direction), "change of a matrix exponential")
        return s

    def _matrix(self, e: ir.Matrix) -> Shape:
        rows = e.rows
        if all(self.is_scalar(self.shape(x)) for row in rows for x in row):
            return (len(rows), len(rows[0]))
        return self._block_matrix(rows)

    def _block_matrix(self, rows: tuple[tuple[Expr, ...], ...]) -> Shape:
        """`[A & B \\ 0 & I]`: the blocks of a row share its height, those of a column its width."""
        if any(len(row) != len(rows[0]) for row in rows):
            raise ShapeError("block rows of different lengths")
        heights = [self.shape(row[0])[0] for row in rows]
        widths = [self.shape(x)[1] for x in rows[0]]
        for i, row in enumerate(rows):
            for j, x in enumerate(row):
                s = self.shape(x)
                if not (self.u.unify(s[0], heights[i]) and self.u.unify(s[1], widths[j])):
                    raise ShapeError(f"block ({i + 1}, {j + 1}) of a block matrix is {self.u.show(s)}")
        return (_dim_sum(heights), _dim_sum(widths))

    def _element(self, e: ir.Element) -> Shape:
        s = self.shape(e.body)
        for index, dim in ((e.row, s[0]), (e.col, s[1])):
            if isinstance(index, str):
                known = self.index_dims.setdefault(index, dim)
                if not self.u.unify(known, dim):
                    raise ShapeError(f"the index {index} runs over {self.u.show((known, dim))}")
                # A sum over an index runs over more than one entry: `\\sum_i x_i` with x a
                # scalar would be x_1 alone.
                size = self.u.find(dim)
                if size == 1:
                    raise ShapeError(f"the index {index} runs over a single entry")
                if isinstance(size, str):
                    self.u.not_one.add(size)
            elif not self.u.is_one(dim) and index != 0:
                raise ShapeError("a fixed entry of a matrix")
        return SCALAR

    def _index_sum(self, e: ir.IndexSum) -> Shape:
        s = self.shape(e.body)
        if not self.is_scalar(s):
            raise ShapeError(f"a sum of {self.u.show(s)} terms over an index")
        return SCALAR

    def _entry(self, e: ir.Entry) -> Shape:
        i, n = e.index, e.size
        s = self.shape(e.body)
        if not self.u.unify(s[1], 1):
            raise ShapeError(f"a component of a {self.u.show(s)} matrix")
        length = self.u.find(s[0])
        if isinstance(length, int):
            if length <= i:
                raise ShapeError(f"component {i + 1} of a vector of length {length}")
        elif not self.u.unify(length, n):
            raise ShapeError(f"components up to {n} of a vector of length {self.u.show(s)}")
        return SCALAR

    def _at(self, e: ir.At) -> Shape:
        for name, value in e.bindings:
            self.same(self.symbol(name), self.shape(value), f"value given for {name}")
        return self.shape(e.body)

    def _product(self, fs: tuple[Expr, ...]) -> Shape:
        cur = self.shape(fs[0])
        for f in fs[1:]:
            s = self.shape(f)
            if self.is_scalar(s):
                continue
            if self.is_scalar(cur):
                cur = s
                continue
            if not self.u.unify(cur[1], s[0]):
                raise ShapeError(f"product of {self.u.show(cur)} and {self.u.show(s)}")
            cur = (cur[0], s[1])
        return cur

    def _power(self, base: Expr, p: Expr) -> Shape:
        sb, sp = self.shape(base), self.shape(p)
        if not self.is_scalar(sp):
            raise ShapeError(f"exponent of shape {self.u.show(sp)}")
        if self.is_scalar(sb):
            return sb
        if self.u.is_one(sb[0]) or self.u.is_one(sb[1]):
            return sb  # a power of a vector is taken entry by entry
        # `\\Sigma^{1/2}`, `\\Sigma^{-1/2}`: powers of a symmetric positive definite matrix by halves
        # (the evaluator refuses a matrix that is not).
        halves = isinstance(p, ir.Const) and 2 * p.value == int(2 * p.value)
        if not halves:
            raise ShapeError(f"non-integer power of a {self.u.show(sb)} matrix")
        self.square(sb, "matrix power")
        return sb

    def _elementwise(self, a: Shape, b: Shape) -> Shape:
        """Equal shapes; a scalar; or a column (row) vector broadcast along the columns (rows) of a
        matrix, as `\\circ` is used for the "broadcasting product" in ML notes."""
        if self.is_scalar(a):
            return b
        if self.is_scalar(b):
            return a
        one = self.u.is_one
        for vec, mat in ((a, b), (b, a)):
            if (
                one(vec[1])
                and not one(mat[1])
                and not one(vec[0])
                and self.u.find(vec[0]) == self.u.find(mat[0])
            ):
                return mat
            if (
                one(vec[0])
                and not one(mat[0])
                and not one(vec[1])
                and self.u.find(vec[1]) == self.u.find(mat[1])
            ):
                return mat
        self.same(a, b, "elementwise operation")
        return a

    def _derivative(self, e: ir.Derivative) -> Shape:
        body = self.shape(e.body)
        var = self.symbol(e.var)
        if e.differential is not None:
            diff = self.shape(e.differential)
            if e.order == 1 and not isinstance(e.differential, ir.Zero):
                self.same(body, diff, "differential of the derivative's body")
        if e.order > 1 and self.is_scalar(var):
            return body  # `f''(t)`: a derivative of any order by a scalar has the body's shape
        if e.order > 2:
            raise ShapeError(f"a derivative of order {e.order} by a non-scalar (a tensor)")
        if e.order == 2:
            if not self.is_scalar(body) or not self.u.unify(var[1], 1):
                raise ShapeError("second derivative of a non-scalar or by a non-vector")
            return (var[0], var[0])
        if self.is_scalar(body):
            return (var[1], var[0]) if e.layout == "numerator" else var
        if self.is_scalar(var):
            if e.layout == "denominator" and self.u.is_one(body[1]):
                return (body[1], body[0])
            return body
        if self.u.is_one(body[1]) and self.u.is_one(var[1]):
            return (body[0], var[0]) if e.layout == "numerator" else (var[0], body[0])
        raise ShapeError(f"derivative of a {self.u.show(body)} by a {self.u.show(var)} (a tensor)")


_SHAPE_RULES: dict[type, Callable[[Typer, Any], Shape]] = {
    ir.Sym: Typer._symbol_node,
    ir.DSym: Typer._symbol_node,
    ir.Const: Typer._scalar_node,
    ir.Zero: Typer._zero,
    ir.Identity: Typer._identity,
    ir.Ones: Typer._ones,
    ir.Add: Typer._add,
    ir.Scale: Typer._body,
    ir.Mul: Typer._mul,
    ir.Div: Typer._div,
    ir.Transpose: Typer._transpose,
    ir.Inverse: Typer._inverse,
    ir.Power: Typer._power_node,
    ir.Func: Typer._func,
    ir.Trace: Typer._trace_or_det,
    ir.Det: Typer._trace_or_det,
    ir.Norm: Typer._norm,
    ir.Inner: Typer._inner,
    ir.Hadamard: Typer._elementwise_node,
    ir.HadamardDiv: Typer._elementwise_node,
    ir.Maximum: Typer._elementwise_node,
    ir.Compare: Typer._elementwise_node,
    ir.Kron: Typer._kron,
    ir.Diag: Typer._diag,
    ir.Vec: Typer._vec,
    ir.Softmax: Typer._same_as_body,
    ir.MatExp: Typer._same_as_body,
    ir.ExpFrechet: Typer._exp_frechet,
    ir.Matrix: Typer._matrix,
    ir.Derivative: Typer._derivative,
    ir.Element: Typer._element,
    ir.IndexSum: Typer._index_sum,
    ir.Entry: Typer._entry,
    ir.At: Typer._at,
    ir.Diff: Typer._body,
}


@dataclass(frozen=True)
class Sizes:
    """A size for every dimension of a typed derivation."""

    of_symbol: dict[str, tuple[int, int]]
    named: dict[str, int]

    def shape(self, name: str) -> tuple[int, int]:
        return self.of_symbol[name]


def assign_sizes(
    typer: Typer, first: int = 3, forbidden: frozenset[int] = frozenset(), smallest: tuple[Dim, ...] = ()
) -> Sizes:
    """Give every dimension class a size: distinct, starting at `first`, skipping literals in use;
    the classes of `smallest` are sized before all others, so they get the smallest sizes."""
    classes: dict[Dim, int] = {}
    used = {d for s in typer.symbol_dims.values() for d in map(typer.u.find, s) if isinstance(d, int)}
    used |= forbidden
    nxt = [first]
    u = typer.u
    for d in smallest:
        _size(d, u, classes, used, nxt)
    of_symbol = {
        name: (_size(s[0], u, classes, used, nxt), _size(s[1], u, classes, used, nxt))
        for name, s in sorted(typer.symbol_dims.items())
    }
    for d in typer.literal_dims:
        _size(d, u, classes, used, nxt)
    named = {str(d): n for d, n in classes.items() if isinstance(d, str) and not d.startswith("_")}
    return Sizes(of_symbol, named)


def _size(d: Dim, u: Unifier, classes: dict[Dim, int], used: set[int], nxt: list[int]) -> int:
    """The size of the class of `d`: a new one (the next unused, kept in `nxt[0]`) on first sight."""
    d = u.find(d)
    if isinstance(d, int):
        return d
    if isinstance(d, ProductDim):
        return _size(d.left, u, classes, used, nxt) * _size(d.right, u, classes, used, nxt)
    if isinstance(d, SumDim):
        return _size(d.left, u, classes, used, nxt) + _size(d.right, u, classes, used, nxt)
    if d not in classes:
        while nxt[0] in used:
            nxt[0] += 1
        classes[d] = nxt[0]
        used.add(nxt[0])
        nxt[0] += 1
    return classes[d]
