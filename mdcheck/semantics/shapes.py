"""Infer the shape of every symbol and subexpression by unification over symbolic dimensions,
then give every dimension a size, all different unless the shapes force them equal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

# A dimension: a literal size, a named variable ("n", or "_3" for an anonymous one), or a product.
Dim = Union[int, str, "ProductDim"]


@dataclass(frozen=True)
class ProductDim:
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
        return d

    def unify(self, a: Dim, b: Dim) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if isinstance(a, str):
            return self._bind(a, b)
        if isinstance(b, str):
            return self._bind(b, a)
        if isinstance(a, ProductDim) and isinstance(b, ProductDim):
            return self.unify(a.left, b.left) and self.unify(a.right, b.right)
        return False

    def _bind(self, var: str, value: Dim) -> bool:
        if isinstance(value, str) and value.startswith("_") and not var.startswith("_"):
            # Keep declared names (n, m) as the representatives, so sizes can be reported by name.
            var, value = value, var
        if value == 1 and var in self.not_one:
            return False
        if isinstance(value, str) and var in self.not_one:
            self.not_one.add(value)
        if isinstance(value, ProductDim) and _occurs(var, value):
            return False
        self.parent[var] = value
        return True

    def is_one(self, d: Dim) -> bool:
        return self.find(d) == 1

    def show(self, shape: Shape) -> str:
        return "×".join(_show_dim(self.find(d)) for d in shape)


def _occurs(var: str, d: Dim) -> bool:
    if isinstance(d, ProductDim):
        return _occurs(var, d.left) or _occurs(var, d.right)
    return d == var


def _show_dim(d: Dim) -> str:
    if isinstance(d, ProductDim):
        return f"{_show_dim(d.left)}{_show_dim(d.right)}"
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

    def symbol(self, name: str) -> Shape:
        shape = self.symbol_dims.get(name)
        if shape is not None:
            return shape
        info = self.symbols.get(name, SymbolShape())
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
            got = self._shape(e)
            self.memo[key] = got
        return got

    def is_scalar(self, s: Shape) -> bool:
        return self.u.is_one(s[0]) and self.u.is_one(s[1])

    def same(self, a: Shape, b: Shape, what: str) -> None:
        if not (self.u.unify(a[0], b[0]) and self.u.unify(a[1], b[1])):
            raise ShapeError(f"{what}: {self.u.show(a)} and {self.u.show(b)} differ")

    def square(self, s: Shape, what: str) -> None:
        if not self.u.unify(s[0], s[1]):
            raise ShapeError(f"{what} of a non-square {self.u.show(s)}")

    def _shape(self, e: Expr) -> Shape:
        match e:
            case ir.Sym(name=n) | ir.DSym(name=n):
                return self.symbol(n)
            case ir.Const():
                return SCALAR
            case ir.Zero():
                return (self.u.fresh(False), self.u.fresh(False))
            case ir.Identity():
                n = self.u.fresh()
                return (n, n)
            case ir.Ones():
                return (self.u.fresh(), 1)
            case ir.Add(terms=terms):
                shapes = [self.shape(t) for t in terms]
                for s in shapes[1:]:
                    self.same(shapes[0], s, "sum of shapes")
                return shapes[0]
            case ir.Scale(body=b):
                return self.shape(b)
            case ir.Mul(factors=fs):
                return self._product(fs)
            case ir.Div(num=n, den=m):
                sm = self.shape(m)
                if not self.is_scalar(sm) and not (self.u.unify(sm[0], 1) and self.u.unify(sm[1], 1)):
                    raise ShapeError(f"division by a {self.u.show(sm)} matrix")
                return self.shape(n)
            case ir.Transpose(body=b):
                s = self.shape(b)
                return (s[1], s[0])
            case ir.Inverse(body=b):
                s = self.shape(b)
                self.square(s, "inverse")
                return s
            case ir.Power(base=b, exponent=p):
                return self._power(b, p)
            case ir.Func(args=args):
                shapes = [self.shape(a) for a in args]
                for s in shapes[1:]:
                    if not self.is_scalar(s) and not self.is_scalar(shapes[0]):
                        self.same(shapes[0], s, "function arguments")
                return next((s for s in shapes if not self.is_scalar(s)), shapes[0])
            case ir.Trace(body=b) | ir.Det(body=b):
                self.square(self.shape(b), "trace" if isinstance(e, ir.Trace) else "determinant")
                return SCALAR
            case ir.Norm(body=b):
                self.shape(b)
                return SCALAR
            case ir.Inner(left=a, right=b):
                self.same(self.shape(a), self.shape(b), "inner product")
                return SCALAR
            case ir.Hadamard(left=a, right=b) | ir.HadamardDiv(left=a, right=b) | ir.Maximum(left=a, right=b):
                return self._elementwise(self.shape(a), self.shape(b))
            case ir.Compare(left=a, right=b):
                return self._elementwise(self.shape(a), self.shape(b))
            case ir.Kron(left=a, right=b):
                sa, sb = self.shape(a), self.shape(b)
                return (ProductDim(sa[0], sb[0]), ProductDim(sa[1], sb[1]))
            case ir.Diag(body=b):
                s = self.shape(b)
                if self.u.is_one(s[1]):
                    return (s[0], s[0])
                self.square(s, "diag")
                return (s[0], 1)
            case ir.Vec(body=b):
                s = self.shape(b)
                return (ProductDim(s[0], s[1]), 1)
            case ir.Softmax(body=b) | ir.MatExp(body=b):
                s = self.shape(b)
                if isinstance(e, ir.MatExp):
                    self.square(s, "matrix exponential")
                return s
            case ir.Matrix(rows=rows):
                for row in rows:
                    for x in row:
                        if not self.is_scalar(self.shape(x)):
                            raise ShapeError(f"matrix entry of shape {self.u.show(self.shape(x))}")
                return (len(rows), len(rows[0]))
            case ir.Derivative():
                return self._derivative(e)
            case ir.Element(body=b, row=r, col=c):
                s = self.shape(b)
                for index, dim in ((r, s[0]), (c, s[1])):
                    if isinstance(index, str):
                        known = self.index_dims.setdefault(index, dim)
                        if not self.u.unify(known, dim):
                            raise ShapeError(f"the index {index} runs over {self.u.show((known, dim))}")
                    elif not self.u.is_one(dim) and index != 0:
                        raise ShapeError("a fixed entry of a matrix")
                return SCALAR
            case ir.IndexSum(body=b):
                s = self.shape(b)
                if not self.is_scalar(s):
                    raise ShapeError(f"a sum of {self.u.show(s)} terms over an index")
                return SCALAR
            case ir.Entry(body=b, index=i, size=n):
                s = self.shape(b)
                if not self.u.unify(s[1], 1):
                    raise ShapeError(f"a component of a {self.u.show(s)} matrix")
                length = self.u.find(s[0])
                if isinstance(length, int):
                    if length <= i:
                        raise ShapeError(f"component {i + 1} of a vector of length {length}")
                elif not self.u.unify(length, n):
                    raise ShapeError(f"components up to {n} of a vector of length {self.u.show(s)}")
                return SCALAR
            case ir.At(body=b, bindings=bs):
                for name, value in bs:
                    self.same(self.symbol(name), self.shape(value), f"value given for {name}")
                return self.shape(b)
            case ir.Diff(body=b):
                return self.shape(b)
        raise ShapeError(f"no shape rule for {type(e).__name__}")

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
        integer = isinstance(p, ir.Const) and p.value == int(p.value)
        if not integer:
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


@dataclass(frozen=True)
class Sizes:
    """A size for every dimension of a typed derivation."""

    of_symbol: dict[str, tuple[int, int]]
    named: dict[str, int]

    def shape(self, name: str) -> tuple[int, int]:
        return self.of_symbol[name]


def assign_sizes(typer: Typer, first: int = 3, forbidden: frozenset[int] = frozenset()) -> Sizes:
    """Give every dimension class a size: distinct, starting at `first`, skipping literals in use."""
    classes: dict[Dim, int] = {}
    used = {d for s in typer.symbol_dims.values() for d in map(typer.u.find, s) if isinstance(d, int)}
    used |= forbidden
    nxt = first

    def size(d: Dim) -> int:
        nonlocal nxt
        d = typer.u.find(d)
        if isinstance(d, int):
            return d
        if isinstance(d, ProductDim):
            return size(d.left) * size(d.right)
        if d not in classes:
            while nxt in used:
                nxt += 1
            classes[d] = nxt
            used.add(nxt)
            nxt += 1
        return classes[d]

    of_symbol = {name: (size(s[0]), size(s[1])) for name, s in sorted(typer.symbol_dims.items())}
    named = {str(d): n for d, n in classes.items() if isinstance(d, str) and not d.startswith("_")}
    return Sizes(of_symbol, named)
