"""The syntax tree of one side of a step: what the LaTeX says, with source spans, before any
meaning is chosen (a product or a call, a transpose or a power are decided later)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Node:
    start: int
    end: int


@dataclass(frozen=True)
class Num(Node):
    value: float
    text: str


@dataclass(frozen=True)
class Name(Node):
    """A symbol: `x`, `W_1`, `\\hat{y}`, `\\mathbf{x}`, `\\beta^{*}`. `key` is its canonical spelling,
    the same for `W_1` and `W_{1}`; `style` is "bold", "vec" or "" (plain)."""

    key: str
    base: str
    style: str = ""
    accent: str = ""
    sub: str = ""


@dataclass(frozen=True)
class Group(Node):
    """A parenthesised expression; `delim` is "(", "[", "{" or "\\{"."""

    body: Node
    delim: str


@dataclass(frozen=True)
class Tuple(Node):
    """A comma-separated list in delimiters: `(u, v)`, `[1, 2, 3]`."""

    items: tuple[Node, ...]
    delim: str


@dataclass(frozen=True)
class Add(Node):
    """A sum; `signs[i]` is +1 or -1 for `terms[i]`."""

    terms: tuple[Node, ...]
    signs: tuple[int, ...]


@dataclass(frozen=True)
class Product(Node):
    """Factors multiplied left to right; `ops[i]` joins factor i-1 and i: "" (juxtaposition),
    "\\cdot", "\\times", "*" or "/" (ops[0] is always "")."""

    factors: tuple[Node, ...]
    ops: tuple[str, ...]


@dataclass(frozen=True)
class BinOp(Node):
    """An elementwise or Kronecker operator: `\\circ`, `\\odot`, `\\oslash`, `\\otimes`."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg(Node):
    body: Node


@dataclass(frozen=True)
class Frac(Node):
    num: Node
    den: Node


@dataclass(frozen=True)
class Power(Node):
    base: Node
    exp: Node


@dataclass(frozen=True)
class Transpose(Node):
    """`x^T`, `x^\\top`, `x^{\\mathsf T}`, `x^\\intercal`; `marker` is the spelling (for `T`, which may
    also be a dimension)."""

    base: Node
    marker: str = "T"


@dataclass(frozen=True)
class Prime(Node):
    """`x'`: a transpose or a derivative, decided later."""

    base: Node
    count: int


@dataclass(frozen=True)
class Sub(Node):
    """A subscript on something that is not a plain name: `\\|x\\|_2`, `(AB)_{ij}`."""

    base: Node
    sub: Node


@dataclass(frozen=True)
class Call(Node):
    """A named function or operator: `\\sin x`, `\\log(x)`, `\\operatorname{tr}(AB)`, `\\det F`,
    `\\max(0, z)`, `\\sqrt{x}`; `name` is the bare name ("sin", "tr", "softmax"); `primes` counts
    the primes of a derivative (`\\tanh'(x)`)."""

    name: str
    args: tuple[Node, ...]
    sub: Node | None = None
    sup: Node | None = None
    parens: bool = True
    primes: int = 0


@dataclass(frozen=True)
class Apply(Node):
    """A name followed by parentheses: `f(x)`, `g'(u_1)`, `f(x, y)`, `A(x - y)`: a call or a product,
    decided later. `primes` counts the primes on the name."""

    func: Name
    args: tuple[Node, ...]
    primes: int = 0


@dataclass(frozen=True)
class Diff(Node):
    """A differential `d body` (`order` 2 for `d^2`); `wrt` names the only variables that vary for
    a partial differential `d_{W} J`."""

    body: Node
    order: int = 1
    wrt: tuple[Name, ...] = ()
    partial: bool = False


@dataclass(frozen=True)
class DiffAt(Node):
    """`df(x_0; dx)`: the differential of the function `func` at `point`, applied to `direction`."""

    func: Name
    point: Node
    direction: Node


@dataclass(frozen=True)
class Derivative(Node):
    """`\\frac{d y}{d x}`, `\\frac{\\partial^2 f}{\\partial x \\partial x^T}`, or an operator
    `\\frac{\\partial}{\\partial x}` applied to `body`. `wrt` lists the variables, outermost first;
    `transposed[i]` marks `\\partial x^T`."""

    body: Node | None
    wrt: tuple[Node, ...]
    transposed: tuple[bool, ...]
    partial: bool
    order: int = 1


@dataclass(frozen=True)
class Nabla(Node):
    """`\\nabla f`, `\\nabla_x f`, `\\nabla^2 f`."""

    body: Node
    wrt: Node | None = None
    order: int = 1


@dataclass(frozen=True)
class Norm(Node):
    """`\\|x\\|`, `\\|x\\|_2`, `\\|X\\|_F` (`sub` "2", "F", "" ...)."""

    body: Node
    sub: str = ""


@dataclass(frozen=True)
class Abs(Node):
    """`|x|`: an absolute value or a determinant, decided later."""

    body: Node


@dataclass(frozen=True)
class Inner(Node):
    """`\\langle a, b \\rangle`."""

    left: Node
    right: Node


@dataclass(frozen=True)
class Matrix(Node):
    """A matrix literal: `bmatrix`, `pmatrix`, `array` ...; `vmatrix` is its determinant."""

    rows: tuple[tuple[Node, ...], ...]
    env: str = "bmatrix"


@dataclass(frozen=True)
class Sum(Node):
    """`\\sum_{i=1}^{n} body`; `index` is the summation letter, `lower`/`upper` its bounds."""

    body: Node
    index: str = ""
    lower: Node | None = None
    upper: Node | None = None


@dataclass(frozen=True)
class Comparison(Node):
    left: Node
    op: str
    right: Node


@dataclass(frozen=True)
class Indicator(Node):
    """`\\mathbb{1}[z > 0]`."""

    cond: Node


@dataclass(frozen=True)
class Evaluated(Node):
    """`\\left. body \\right|_{x = a}`: `body` evaluated where each name takes its value."""

    body: Node
    bindings: tuple[tuple[Name, Node], ...]


@dataclass(frozen=True)
class Text(Node):
    """`\\text{...}` inside an expression that is not an operator name."""

    text: str


@dataclass(frozen=True)
class Ambiguous(Node):
    """Notation with more than one plausible reading, e.g. `dX^{-1}`: `d(X^{-1})` or `(dX)^{-1}`.
    `labels[i]` says in words what `readings[i]` means."""

    readings: tuple[Node, ...]
    labels: tuple[str, ...]


def _direct_init(cls: type[Node]) -> None:
    """Give `cls` an `__init__` that stores its fields straight into the instance's `__dict__`: the
    same signature and values as the dataclass's own, which sets each field through
    `object.__setattr__` (a frozen class's way), several times slower; parsing builds tens of
    thousands of nodes."""
    params = []
    namespace: dict[str, Any] = {}
    for f in fields(cls):
        if f.default is MISSING:
            params.append(f.name)
        else:
            params.append(f"{f.name}=_default_{f.name}")
            namespace[f"_default_{f.name}"] = f.default
    stores = "".join(f"    d[{f.name!r}] = {f.name}\n" for f in fields(cls))
    # Generated from the class's own field names, as `dataclasses` generates its `__init__`.
    exec(f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n{stores}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__name__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010 - mypy refuses assigning a method


def _node_classes(cls: type[Node]) -> list[type[Node]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _node_classes(sub))]


for _node_class in _node_classes(Node):
    _direct_init(_node_class)


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-nodes of `node`, in source order (kept on the node: trees never change)."""
    cached = node.__dict__.get("_children")
    if cached is None:
        cached = _children(node)
        object.__setattr__(node, "_children", cached)
    return cached


def _no_children(node: Node) -> tuple[Node, ...]:
    return ()


# The children of the commonest nodes, by exact class, as `_matched_children` finds them (whose
# `match` tries its cases in turn: a name, which no case takes, costs them all).
_CHILD_READERS: dict[type[Node], Callable[[Any], tuple[Node, ...]]] = {
    Name: _no_children,
    Num: _no_children,
    Text: _no_children,
    Product: lambda n: n.factors,
    Add: lambda n: n.terms,
    Group: lambda n: (n.body,),
    Neg: lambda n: (n.body,),
    Transpose: lambda n: (n.base,),
    Prime: lambda n: (n.base,),
    Power: lambda n: (n.base, n.exp),
    Sub: lambda n: (n.base, n.sub),
    Frac: lambda n: (n.num, n.den),
    Diff: lambda n: (n.body,),
}


def _children(node: Node) -> tuple[Node, ...]:
    read = _CHILD_READERS.get(type(node))
    return read(node) if read is not None else _matched_children(node)


def _matched_children(node: Node) -> tuple[Node, ...]:
    match node:
        case Group(body=b) | Neg(body=b) | Transpose(base=b) | Prime(base=b) | Norm(body=b) | Abs(body=b):
            return (b,)
        case Tuple(items=items):
            return items
        case Add(terms=terms):
            return terms
        case Product(factors=factors):
            return factors
        case BinOp(left=a, right=b) | Inner(left=a, right=b) | Comparison(left=a, right=b):
            return (a, b)
        case Frac(num=a, den=b) | Power(base=a, exp=b) | Sub(base=a, sub=b):
            return (a, b)
        case Call(args=args, sub=sub, sup=sup):
            return args + tuple(x for x in (sub, sup) if x is not None)
        case Apply(func=f, args=args):
            return (f, *args)
        case Diff(body=b):
            return (b,)
        case DiffAt(func=f, point=p, direction=h):
            return (f, p, h)
        case Derivative(body=b, wrt=wrt):
            return ((b,) if b is not None else ()) + wrt
        case Nabla(body=b, wrt=w):
            return (b,) + ((w,) if w is not None else ())
        case Matrix(rows=rows):
            return tuple(c for row in rows for c in row)
        case Sum(body=b, lower=lo, upper=hi):
            return (b, *tuple(x for x in (lo, hi) if x is not None))
        case Indicator(cond=c):
            return (c,)
        case Evaluated(body=b, bindings=bs):
            return (b, *tuple(v for _, v in bs))
        case Ambiguous(readings=rs):
            return rs
    return ()


def walk(node: Node) -> list[Node]:
    """`node` and all its descendants, parents first. The descendants are kept on the node (trees
    never change, and a side is walked by the prescan, the prose readers and the step checker);
    the node itself is not, so that keeping them makes no reference cycle."""
    below: tuple[Node, ...] | None = node.__dict__.get("_below")
    if below is None:
        out: list[Node] = []
        stack = [node]
        while stack:
            for child in children(stack.pop()):
                out.append(child)
                stack.append(child)
        below = tuple(out)
        object.__setattr__(node, "_below", below)
    return [node, *below]
