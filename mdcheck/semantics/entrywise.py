"""Formulas for numbers acting on each entry of an array: a function the notes define for numbers
(`\\sigma(t) = 1/(1 + e^{-t})`) read on each entry of `\\sigma(Xw)`, and numbers in sums as arrays."""

from __future__ import annotations

from collections.abc import Iterable

from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

ENTRYWISE_FORMULA_NOTE = "a function defined for numbers applied to each entry"


def entrywise_body(body: Expr, params: tuple[str, ...]) -> Expr | None:
    """`body` with every operation that differs between numbers and arrays made entrywise: a number
    added to the parameter's value as that number in every entry, a quotient and a product of
    entries as the entrywise ones. None when that changes nothing, or when the formula holds an
    operation with no entrywise meaning (a transpose, an inverse, a trace, ...)."""
    if not params or not (ir.free_symbols(body) & set(params)):
        return None
    changed = _entrywise(body)
    return None if changed is None or changed is body else changed


def _entrywise(e: Expr) -> Expr | None:
    """The entrywise form of `e`; `e` itself when it has none to change; None when it cannot have one."""
    if isinstance(e, ir.Sym | ir.Const):
        return e
    if isinstance(e, ir.Add):
        return _sum(e)
    if isinstance(e, ir.Scale):
        body = _entrywise(e.body)
        return None if body is None else (e if body is e.body else ir.Scale(e.factor, body))
    if isinstance(e, ir.Mul):
        return _product(e)
    if isinstance(e, ir.Div):
        return _quotient(e)
    if isinstance(e, ir.Power):
        base = _entrywise(e.base)
        if base is None or not isinstance(e.exponent, ir.Const):
            return None
        return e if base is e.base else ir.Power(base, e.exponent)
    if isinstance(e, ir.Func):
        args = [_entrywise(a) for a in e.args]
        if any(a is None for a in args):
            return None
        if all(a is b for a, b in zip(args, e.args, strict=True)):
            return e
        return ir.Func(e.name, tuple(a for a in args if a is not None), e.derivative, e.partial)
    return None


def _sum(e: ir.Add) -> Expr | None:
    terms = [_entrywise(t) for t in e.terms]
    if any(t is None for t in terms):
        return None
    kept = [t for t in terms if t is not None]
    same = all(a is b for a, b in zip(kept, e.terms, strict=True))
    return constants_as_ones(e if same else ir.add(*kept))


def _product(e: ir.Mul) -> Expr | None:
    factors = [_entrywise(f) for f in e.factors]
    if any(f is None for f in factors):
        return None
    numbers = [f for f in factors if isinstance(f, ir.Const)]
    entries = [f for f in factors if f is not None and not isinstance(f, ir.Const)]
    if len(entries) < 2:
        if all(a is b for a, b in zip(factors, e.factors, strict=True)):
            return e
        return ir.Mul(tuple(f for f in factors if f is not None))
    product = entries[0]
    for f in entries[1:]:
        product = ir.Hadamard(product, f)
    return ir.Mul((*numbers, product)) if numbers else product


def _quotient(e: ir.Div) -> Expr | None:
    num, den = _entrywise(e.num), _entrywise(e.den)
    if num is None or den is None:
        return None
    if isinstance(den, ir.Const):
        return e if num is e.num and den is e.den else ir.Div(num, den)
    if isinstance(num, ir.Const):
        num = ir.scale(num.value, ir.Ones())
    return ir.HadamardDiv(num, den)


def constants_as_ones(e: Expr, matrix: bool = False) -> Expr:
    """A sum with a number among other terms: the number times the ones vector (`matrix`: times
    the matrix of ones, `\\mathbf 1 \\mathbf 1^T`, each ones vector sized by what it meets)."""
    if not isinstance(e, ir.Add):
        return e
    numbers = [t for t in e.terms if isinstance(t, ir.Const)]
    if not numbers or len(numbers) == len(e.terms):
        return e

    def ones() -> Expr:
        return ir.Mul((ir.Ones(), ir.Transpose(ir.Ones()))) if matrix else ir.Ones()

    return ir.add(*(ir.scale(t.value, ones()) if isinstance(t, ir.Const) else t for t in e.terms))


def acts_entrywise(body: Expr, param: str) -> bool | None:
    """Whether `body` acts on `param` entry by entry (`\\max(u, 0)`, `\\tanh(u)^2 + 1`, `u \\odot u`):
    True when it is built only of such operations and uses `param`, None when it does not use it,
    False otherwise."""
    match body:
        case ir.Sym(name=name):
            return name == param
        case ir.Const() | ir.Ones():  # `\\log(1 + \\exp(u))`: the 1 may be read as ones
            return None
        case ir.Scale(body=inner):
            return acts_entrywise(inner, param)
        case ir.Div(num=num, den=ir.Const()):
            return acts_entrywise(num, param)
        case ir.Add(terms=parts) | ir.Func(args=parts):
            return _all_entrywise(parts, param)
        case ir.Maximum(left=a, right=b) | ir.Compare(left=a, right=b):
            return _all_entrywise((a, b), param)
        case ir.Hadamard(left=a, right=b) | ir.HadamardDiv(left=a, right=b):
            return _all_entrywise((a, b), param)
    return False


def _all_entrywise(parts: Iterable[Expr], param: str) -> bool | None:
    found: bool | None = None
    for part in parts:
        got = acts_entrywise(part, param)
        if got is False:
            return False
        found = found or got
    return found
