"""Work out differentials exactly by the rules of matrix calculus (linearity, product, chain,
inverse, determinant rules): `d` nodes become expressions in the differentials of the varying symbols."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import is_
from typing import Any

from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

MAX_EXPANDED_POWER = 12


class UnsupportedDifferential(Exception):
    """A differential mdcheck has no rule for (the step becomes unchecked with this reason)."""


def expand(expr: Expr, varying: frozenset[str]) -> Expr:
    """Replace every `Diff` node in `expr` by its differential. Earlier differentials (`DSym`)
    are constants, so `d^2` works out as repeated `d`."""
    match expr:
        case ir.Diff(body=body, order=order, wrt=wrt):
            inner = expand(body, varying)
            active = frozenset(wrt) if wrt else varying
            for _ in range(order):
                inner = d(inner, active)
            return inner
        case ir.Sym() | ir.DSym() | ir.Const() | ir.Zero() | ir.Identity() | ir.Ones():
            return expr
    return _rebuild(expr, [expand(c, varying) for c in expr.children()])


def d(e: Expr, v: frozenset[str]) -> Expr:
    """The differential of `e` when the symbols in `v` vary and every other symbol is constant."""
    match e:
        case ir.Sym(name=name):
            return ir.DSym(name) if name in v else ir.Zero()
        case ir.DSym() | ir.Const() | ir.Zero() | ir.Identity() | ir.Ones() | ir.Compare():
            return ir.Zero()
        case ir.Add(terms=terms):
            return ir.add(*(d(t, v) for t in terms))
        case ir.Scale(factor=c, body=b):
            return ir.scale(c, d(b, v))
        case ir.Mul(factors=fs):
            return _product_rule(fs, v)
        case ir.Div(num=n, den=m):
            dn, dm = d(n, v), d(m, v)
            first: Expr = ir.Zero() if isinstance(dn, ir.Zero) else ir.Div(dn, m)
            second: Expr = (
                ir.Zero()
                if isinstance(dm, ir.Zero)
                else ir.scale(-1.0, ir.Div(ir.mul(n, dm), ir.Power(m, ir.Const(2.0))))
            )
            return ir.add(first, second)
        case ir.Transpose(body=b):
            return _wrap(ir.Transpose, d(b, v))
        case ir.Trace(body=b):
            return _wrap(ir.Trace, d(b, v))
        case ir.Vec(body=b):
            return _wrap(ir.Vec, d(b, v))
        case ir.Element(body=b, row=r, col=c):
            db = d(b, v)
            return db if isinstance(db, ir.Zero) else ir.Element(db, r, c)
        case ir.IndexSum(indices=idx, body=b):
            db = d(b, v)
            return db if isinstance(db, ir.Zero) else ir.IndexSum(idx, db)
        case ir.Entry(body=b, index=i, size=n):
            db = d(b, v)
            return db if isinstance(db, ir.Zero) else ir.Entry(db, i, n)
        case ir.Diag(body=b):
            return _wrap(ir.Diag, d(b, v))
        case ir.Inverse(body=b):
            db = d(b, v)
            return ir.Zero() if isinstance(db, ir.Zero) else ir.scale(-1.0, ir.mul(e, db, e))
        case ir.Det(body=b):
            db = d(b, v)
            return ir.Zero() if isinstance(db, ir.Zero) else ir.mul(e, ir.Trace(ir.mul(ir.Inverse(b), db)))
        case ir.Norm(body=b):
            db = d(b, v)
            return ir.Zero() if isinstance(db, ir.Zero) else ir.Div(ir.Inner(b, db), e)
        case ir.Inner(left=a, right=b):
            return ir.add(_binary(ir.Inner, d(a, v), b), _binary(ir.Inner, a, d(b, v)))
        case ir.Hadamard(left=a, right=b):
            return ir.add(_binary(ir.Hadamard, d(a, v), b), _binary(ir.Hadamard, a, d(b, v)))
        case ir.Kron(left=a, right=b):
            return ir.add(_binary(ir.Kron, d(a, v), b), _binary(ir.Kron, a, d(b, v)))
        case ir.HadamardDiv(left=a, right=b):
            da, db = d(a, v), d(b, v)
            first = _binary(ir.HadamardDiv, da, b)
            second = (
                ir.Zero()
                if isinstance(db, ir.Zero)
                else ir.scale(-1.0, ir.HadamardDiv(ir.Hadamard(a, db), ir.Hadamard(b, b)))
            )
            return ir.add(first, second)
        case ir.Power():
            return _power_rule(e, v)
        case ir.Func():
            return _chain_rule(e, v)
        case ir.MatExp(body=b):
            db = d(b, v)
            return db if isinstance(db, ir.Zero) else ir.ExpFrechet(b, db)
        case ir.Softmax(body=z):
            dz = d(z, v)
            if isinstance(dz, ir.Zero):
                return dz
            # column by column: ds = s * dz - s (s^T dz) for each column s, so for a matrix
            # dS = S * dZ - S * (1 1^T (S * dZ)), the column sums of S * dZ spread down each column
            weighted = ir.Hadamard(e, dz)
            sums = ir.mul(ir.Ones(), ir.Transpose(ir.Ones()), ir.Hadamard(e, dz))
            return ir.add(weighted, ir.scale(-1.0, ir.Hadamard(e, sums)))
        case ir.Maximum(left=a, right=b):
            return ir.add(
                _binary(ir.Hadamard, ir.Compare(a, ">", b), d(a, v)),
                _binary(ir.Hadamard, ir.Compare(a, "<=", b), d(b, v)),
            )
        case ir.Matrix(rows=rows):
            # A zero entry stays a number; a zero block stays a zero of its block's size.
            blocks = any(isinstance(x, ir.Matrix | ir.Sym) for row in rows for x in row)
            new_rows = tuple(
                tuple(d(x, v) if blocks else _zero_as_const(d(x, v)) for x in row) for row in rows
            )
            return (
                ir.Zero()
                if all(isinstance(x, ir.Const) and x.value == 0 for r in new_rows for x in r)
                else (ir.Matrix(new_rows))
            )
        case ir.Diff():
            return d(expand(e, v), v)
    raise UnsupportedDifferential(f"no differential rule for {type(e).__name__.lower()}")


def _product_rule(fs: tuple[Expr, ...], v: frozenset[str]) -> Expr:
    terms = []
    for i, f in enumerate(fs):
        df = d(f, v)
        if not isinstance(df, ir.Zero):
            terms.append(_kept_product((*fs[:i], df, *fs[i + 1 :])))
    return ir.add(*terms)


def _kept_product(factors: tuple[Expr, ...]) -> Expr:
    """A product of the factors as they are: a bracketed product among them (`X(x^T x)`) stays one
    factor, so a 1x1 value keeps acting as a scalar."""
    if any(isinstance(f, ir.Zero) for f in factors):
        return ir.Zero()
    kept = tuple(f for f in factors if not (isinstance(f, ir.Const) and f.value == 1.0))
    if not kept:
        return ir.Const(1.0)
    return kept[0] if len(kept) == 1 else ir.Mul(kept)


def _power_rule(e: ir.Power, v: frozenset[str]) -> Expr:
    base, exponent = e.base, e.exponent
    if ir.free_symbols(exponent) & v or ir.has(exponent, ir.DSym):
        raise UnsupportedDifferential("differential of a power with a varying exponent")
    db = d(base, v)
    if isinstance(db, ir.Zero):
        return db
    p = exponent.value if isinstance(exponent, ir.Const) else None
    if p is not None and p == int(p) and 1 <= p <= MAX_EXPANDED_POWER:
        return _product_rule((base,) * int(p), v)
    if p is not None and p == int(p) and -MAX_EXPANDED_POWER <= p <= -1:
        inv = ir.Inverse(base)
        factors = (inv,) * int(-p)
        return _product_rule(factors, v) if len(factors) > 1 else d(inv, v)
    if p == 0:
        return ir.Zero()
    # A scalar power, or a vector's entry by entry: p b^(p-1) ∘ db. The exponent stays a sum, not a
    # number: a matrix's square root types (`\\Sigma^{-1/2}`), this rule's result for it must not.
    lowered = ir.Power(base, ir.add(exponent, ir.Const(-1.0)))
    return ir.Hadamard(ir.mul(exponent, lowered), db)


def _chain_rule(e: ir.Func, v: frozenset[str]) -> Expr:
    if len(e.args) == 1:
        da = d(e.args[0], v)
        if isinstance(da, ir.Zero):
            return da
        outer = ir.Func(e.name, e.args, e.derivative + 1, e.partial)
        return ir.Hadamard(outer, da)
    terms = []
    for k, arg in enumerate(e.args):
        da = d(arg, v)
        if not isinstance(da, ir.Zero):
            terms.append(ir.Hadamard(ir.Func(e.name, e.args, e.derivative, (*e.partial, k)), da))
    return ir.add(*terms)


def _wrap(kind: type, inner: Expr) -> Expr:
    return inner if isinstance(inner, ir.Zero) else kind(inner)


def _binary(kind: type, a: Expr, b: Expr) -> Expr:
    return ir.Zero() if isinstance(a, ir.Zero) or isinstance(b, ir.Zero) else kind(a, b)


def _zero_as_const(e: Expr) -> Expr:
    return ir.Const(0.0) if isinstance(e, ir.Zero) else e


def _rebuild(expr: Expr, new_children: list[Expr]) -> Expr:
    """`expr` with its children replaced (in the order `children()` gives them)."""
    return rebuild(expr, new_children)


def rebuild(expr: Expr, new_children: list[Expr]) -> Expr:
    """`expr` with new children (in `children()` order); `expr` itself when none changed."""
    old = expr.children()
    if len(old) == len(new_children) and all(map(is_, old, new_children)):
        return expr
    it = iter(new_children)
    rebuilder = _REBUILDERS.get(expr.__class__)
    return rebuilder(expr, it) if rebuilder is not None else type(expr)(*it)


def _rebuilt_derivative(e: ir.Derivative, it: Iterator[Expr]) -> Expr:
    body = next(it)
    diff = next(it, None)
    return ir.Derivative(body, e.var, e.layout, e.order, diff)


# How `rebuild` makes a node of a class whose children are not all its fields, in order (any other
# class is made from its new children alone); by the node's class.
_REBUILDERS: dict[type, Callable[[Any, Iterator[Expr]], Expr]] = {
    ir.Add: lambda e, it: ir.add(*it),
    ir.Mul: lambda e, it: _kept_product(tuple(it)),
    ir.Scale: lambda e, it: ir.scale(e.factor, next(it)),
    ir.Func: lambda e, it: ir.Func(e.name, tuple(it), e.derivative, e.partial),
    ir.Matrix: lambda e, it: ir.Matrix(tuple(tuple(next(it) for _ in row) for row in e.rows)),
    ir.Diff: lambda e, it: ir.Diff(next(it), e.order, e.wrt),
    ir.Derivative: _rebuilt_derivative,
    ir.At: lambda e, it: ir.At(next(it), tuple((name, next(it)) for name, _ in e.bindings)),
    ir.Compare: lambda e, it: ir.Compare(next(it), e.op, next(it)),
    ir.Entry: lambda e, it: ir.Entry(next(it), e.index, e.size),
    ir.Element: lambda e, it: ir.Element(next(it), e.row, e.col),
    ir.IndexSum: lambda e, it: ir.IndexSum(e.indices, next(it)),
}
