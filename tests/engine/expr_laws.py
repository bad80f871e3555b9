"""Identities obtained by valid laws of matrix algebra and calculus from random expressions, the
same identities inside a random context, and the mutations of an identity that keep it well typed
but make it false (dropped transpose, swapped factors, flipped sign, factor 2, dropped term)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from expr_gen import (
    ALL_DIMS,
    SCALAR,
    Diff,
    DSym,
    Expr,
    Hadamard,
    Inverse,
    Neg,
    Num,
    Prod,
    Scaled,
    Sum,
    Sym,
    Trace,
    Transpose,
    children,
    has_varying,
)
from expr_strategies import CORE, Grammar, chain, expression, invertible, scalar_factor, squares
from hypothesis import assume
from hypothesis import strategies as st

VARYING_GRAMMAR = replace(CORE, varying=True, dims=("n", "n", "m", "p", "1"))
X, Y, S = Sym("X", ("n", "n"), True), Sym("Y", ("n", "n"), True), Sym("S", ("m", "n"), True)


@dataclass(frozen=True)
class Identity:
    """`lhs = rhs` by `law`; `vary` when the symbols that vary are not all written as `dX`."""

    lhs: Expr
    rhs: Expr
    law: str
    vary: bool = False


def transposed(e: Expr, simplify: bool) -> Expr:
    return e.body if simplify and isinstance(e, Transpose) else Transpose(e)


def product(factors: list[Expr] | tuple[Expr, ...]) -> Expr:
    return factors[0] if len(factors) == 1 else Prod(tuple(factors))


def total(terms: Sequence[Expr]) -> Expr:
    return terms[0] if len(terms) == 1 else Sum(tuple(terms))


# -- laws of matrix algebra ----------------------------------------------------------------------
@st.composite
def transpose_of_product(draw: st.DrawFn, depth: int = 1, grammar: Grammar = CORE) -> Identity:
    dims = draw(st.lists(st.sampled_from(grammar.dims), min_size=3, max_size=4))
    factors: list[Expr] = draw(chain(dims, depth, grammar))
    simplify = draw(st.booleans())
    rhs = product([transposed(f, simplify) for f in reversed(factors)])
    return Identity(Transpose(product(factors)), rhs, "transpose of a product")


@st.composite
def trace_rotation(draw: st.DrawFn, depth: int = 1, grammar: Grammar = CORE) -> Identity:
    first = draw(st.sampled_from(squares(grammar)))
    inner = draw(st.lists(st.sampled_from(grammar.dims), min_size=1, max_size=2))
    factors: list[Expr] = draw(chain([first, *inner, first], depth, grammar))
    k = draw(st.integers(1, len(factors) - 1))
    return Identity(Trace(product(factors)), Trace(product(factors[k:] + factors[:k])), "trace rotation")


@st.composite
def distributing(draw: st.DrawFn, depth: int = 1, grammar: Grammar = CORE) -> Identity:
    r, k, c = (draw(st.sampled_from(grammar.dims)) for _ in range(3))
    terms: list[Expr] = draw(st.lists(expression((k, c), depth, grammar), min_size=2, max_size=3))
    if grammar.negation:
        terms = [Neg(t) if k > 0 and draw(st.booleans()) else t for k, t in enumerate(terms)]
    if draw(st.booleans()):  # F (G + H) = F G + F H
        f: Expr = draw(expression((r, k), depth, grammar))
        spread = [Neg(Prod((f, t.body))) if isinstance(t, Neg) else Prod((f, t)) for t in terms]
        return Identity(Prod((f, Sum(tuple(terms)))), Sum(tuple(spread)), "distributing")
    f = draw(expression((c, r), depth, grammar))
    spread = [Neg(Prod((t.body, f))) if isinstance(t, Neg) else Prod((t, f)) for t in terms]
    return Identity(Prod((Sum(tuple(terms)), f)), Sum(tuple(spread)), "distributing")


@st.composite
def inverse_of_product(draw: st.DrawFn, depth: int = 1, grammar: Grammar = CORE) -> Identity:
    d = draw(st.sampled_from(squares(grammar)))
    count = draw(st.integers(2, 3))
    factors: list[Expr] = [draw(invertible(d, depth, grammar)) for _ in range(count)]
    simplify = draw(st.booleans())
    rhs = product([f.body if simplify and isinstance(f, Inverse) else Inverse(f) for f in reversed(factors)])
    return Identity(Inverse(product(factors)), rhs, "inverse of a product")


@st.composite
def transpose_of_sum(draw: st.DrawFn, depth: int = 1, grammar: Grammar = CORE) -> Identity:
    shape = (draw(st.sampled_from(grammar.dims)), draw(st.sampled_from(squares(grammar))))
    terms: list[Expr] = draw(st.lists(expression(shape, depth, grammar), min_size=2, max_size=3))
    if grammar.negation:
        terms = [Neg(t) if k > 0 and draw(st.booleans()) else t for k, t in enumerate(terms)]
    simplify = draw(st.booleans())
    spread = [
        Neg(transposed(t.body, simplify)) if isinstance(t, Neg) else transposed(t, simplify) for t in terms
    ]
    return Identity(Transpose(Sum(tuple(terms))), Sum(tuple(spread)), "transpose of a sum")


@st.composite
def scalar_factoring(draw: st.DrawFn, depth: int = 1, grammar: Grammar = CORE) -> Identity:
    c: Expr = draw(scalar_factor(grammar, depth))
    r, k, q = (draw(st.sampled_from(grammar.dims)) for _ in range(3))
    if draw(st.booleans()):  # c F + c G = c (F + G)
        terms: list[Expr] = draw(st.lists(expression((r, q), depth, grammar), min_size=2, max_size=3))
        lhs = Sum(tuple(Scaled(c, t) for t in terms))
        return Identity(lhs, Scaled(c, Sum(tuple(terms))), "scalar factoring")
    f: Expr = draw(expression((r, k), depth, grammar))
    g: Expr = draw(expression((k, q), depth, grammar))
    if draw(st.booleans()):  # (c F) G = c (F G)
        return Identity(Prod((Scaled(c, f), g)), Scaled(c, Prod((f, g))), "scalar factoring")
    return Identity(Prod((f, Scaled(c, g))), Scaled(c, Prod((f, g))), "scalar factoring")


@st.composite
def hadamard_law(draw: st.DrawFn, depth: int = 1, grammar: Grammar = CORE) -> Identity:
    shape = (draw(st.sampled_from(grammar.dims)), draw(st.sampled_from(squares(grammar))))
    f: Expr = draw(expression(shape, depth, grammar))
    g: Expr = draw(expression(shape, depth, grammar))
    if draw(st.booleans()):
        return Identity(Hadamard(f, g), Hadamard(g, f), "Hadamard product commutes")
    return Identity(Transpose(Hadamard(f, g)), Hadamard(Transpose(f), Transpose(g)), "transpose of Hadamard")


@st.composite
def inverse_of_long_product(draw: st.DrawFn, depth: int = 0, grammar: Grammar = CORE) -> Identity:
    """`(F_1 ... F_k)^{-1} = F_k^{-1} ... F_1^{-1}` for four to eight square factors."""
    d = draw(st.sampled_from(squares(grammar)))
    count = draw(st.integers(4, 8))
    factors: list[Expr] = [draw(invertible(d, depth, grammar)) for _ in range(count)]
    rhs = product([Inverse(f) for f in reversed(factors)])
    return Identity(Inverse(product(factors)), rhs, "inverse of a long product")


ALGEBRA_LAWS = {
    "transpose of a product": transpose_of_product,
    "trace rotation": trace_rotation,
    "distributing": distributing,
    "inverse of a product": inverse_of_product,
    "transpose of a sum": transpose_of_sum,
    "scalar factoring": scalar_factoring,
    "Hadamard": hadamard_law,
}


# -- differentials -------------------------------------------------------------------------------
def differential(e: Expr) -> Expr | None:
    """The differential of `e` written out with `dX` for every varying symbol (None when zero)."""
    match e:
        case Sym(varying=True):
            return DSym(e)
        case Sym() | Num() | DSym() | Diff():
            return None
        case Prod(factors=fs):
            terms = [Prod((*fs[:k], df, *fs[k + 1 :])) for k, f in enumerate(fs) if (df := differential(f))]
            return total(terms) if terms else None
        case Sum(terms=ts):
            parts = [dt for t in ts if (dt := differential(t)) is not None]
            return total(parts) if parts else None
        case Neg(body=b) | Transpose(body=b) | Trace(body=b):
            db = differential(b)
            return None if db is None else type(e)(db)
        case Scaled(factor=f, body=b, trailing=t):
            df, db = differential(f), differential(b)
            scaled: list[Expr] = [Scaled(df, b, t)] if df else []
            scaled += [Scaled(f, db, t)] if db else []
            return total(scaled) if scaled else None
        case Inverse(body=b):
            db = differential(b)
            return None if db is None else Neg(Prod((e, db, e)))
        case Hadamard(left=a, right=b):
            da, db = differential(a), differential(b)
            products: list[Expr] = [Hadamard(da, b)] if da else []
            products += [Hadamard(a, db)] if db else []
            return total(products) if products else None
    raise TypeError(f"not an expression: {e!r}")


def _d(e: Expr, literal: bool) -> Expr | None:
    """The differential of a factor on the right of a rule: worked out, or left as `d(...)`."""
    if not has_varying(e):
        return None
    if literal and not isinstance(e, Sym):
        return Diff(e)
    return differential(e)


@st.composite
def anchored(draw: st.DrawFn, e: Expr) -> Expr:
    """`e` if some symbol in it varies; else `e` with a varying factor or term where its shape
    allows one (no example where it does not)."""
    if has_varying(e):
        return e
    r, c = e.shape
    options: list[Expr] = []
    for v in (X, Y, Transpose(X)):
        options += ([Prod((v, e))] if r == "n" else []) + ([Prod((e, v))] if c == "n" else [])
    options += [Sum((e, S))] if (r, c) == ("m", "n") else []
    options += [Sum((e, Transpose(S)))] if (r, c) == ("n", "m") else []
    assume(options)
    return draw(st.sampled_from(options))


@st.composite
def product_rule(
    draw: st.DrawFn,
    depth: int = 1,
    grammar: Grammar = VARYING_GRAMMAR,
    literal: bool | None = None,
    both_vary: bool = False,
) -> Identity:
    """`d(FG) = dF G + F dG`, with the differentials worked out or (`literal`) left as `d(F)`."""
    r, k, c = (draw(st.sampled_from(grammar.dims)) for _ in range(3))
    f: Expr = draw(expression((r, k), depth, grammar))
    g: Expr = draw(expression((k, c), depth, grammar))
    if both_vary:
        f, g = draw(anchored(f)), draw(anchored(g))
    elif not (has_varying(f) or has_varying(g)):
        f = draw(anchored(f)) if r == "n" or k == "n" else f
        g = g if has_varying(f) else draw(anchored(g))
    literal = draw(st.booleans()) if literal is None else literal
    df, dg = _d(f, literal), _d(g, literal)
    terms = ([Prod((df, g))] if df else []) + ([Prod((f, dg))] if dg else [])
    return Identity(Diff(Prod((f, g))), total(terms), "product rule", vary=literal)


@st.composite
def inverse_rule(draw: st.DrawFn, depth: int = 1, grammar: Grammar = VARYING_GRAMMAR) -> Identity:
    f: Expr = draw(invertible("n", depth, grammar))
    literal = draw(st.booleans())
    df = _d(f, literal)
    if df is None:
        f = Prod((f, X))
        df = _d(f, literal)
    assert df is not None
    inv = Inverse(f)
    return Identity(Diff(inv), Neg(Prod((inv, df, inv))), "differential of an inverse", vary=literal)


@st.composite
def trace_rule(draw: st.DrawFn, depth: int = 1, grammar: Grammar = VARYING_GRAMMAR) -> Identity:
    d = draw(st.sampled_from(squares(grammar)))
    constant = replace(grammar, varying=False)
    a: Expr = draw(expression((d, "n"), depth, constant))
    b: Expr = draw(expression(("n", d), depth, constant))
    x: Expr = X if draw(st.booleans()) else Transpose(X)
    if draw(st.booleans()):  # or a random body
        body: Expr = draw(anchored(draw(expression((d, d), depth + 1, grammar))))
    else:
        body = Prod((a, x, b))
    db = differential(body)
    assert db is not None
    return Identity(Diff(Trace(body)), Trace(db), "differential of a trace")


@st.composite
def any_differential(draw: st.DrawFn, depth: int = 2, grammar: Grammar = VARYING_GRAMMAR) -> Identity:
    shape = (draw(st.sampled_from(grammar.dims)), draw(st.sampled_from(grammar.dims)))
    e: Expr = draw(anchored(draw(expression(shape, depth, grammar))))
    assume(not isinstance(e, Sym))
    de = differential(e)
    assert de is not None
    return Identity(Diff(e), de, "differential")


CALCULUS_LAWS = {
    "product rule": product_rule,
    "differential of an inverse": inverse_rule,
    "differential of a trace": trace_rule,
    "differential": any_differential,
}


# -- contexts ------------------------------------------------------------------------------------
@st.composite
def in_context(draw: st.DrawFn, identity: Identity, grammar: Grammar = CORE, most: int = 2) -> Identity:
    """Both sides of `identity` put in the same random context (multiplied, added to, transposed,
    traced or scaled)."""
    lhs, rhs = identity.lhs, identity.rhs
    for _ in range(draw(st.integers(0, most))):
        r, c = lhs.shape
        kinds = ["left", "right", "add", "transpose", "scale"] + (["trace"] if r == c else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "left":
            f: Expr = draw(expression((draw(st.sampled_from(ALL_DIMS)), r), 1, grammar))
            lhs, rhs = Prod((f, lhs)), Prod((f, rhs))
        elif kind == "right":
            f = draw(expression((c, draw(st.sampled_from(ALL_DIMS))), 1, grammar))
            lhs, rhs = Prod((lhs, f)), Prod((rhs, f))
        elif kind == "add":
            f = draw(expression((r, c), 1, grammar))
            lhs, rhs = Sum((lhs, f)), Sum((rhs, f))
        elif kind == "transpose":
            lhs, rhs = Transpose(lhs), Transpose(rhs)
        elif kind == "trace":
            lhs, rhs = Trace(lhs), Trace(rhs)
        else:
            f = draw(scalar_factor(grammar, 1))
            lhs, rhs = Scaled(f, lhs), Scaled(f, rhs)
    return replace(identity, lhs=lhs, rhs=rhs)


# -- mutations -----------------------------------------------------------------------------------
def rebuild(e: Expr, kids: list[Expr]) -> Expr:
    match e:
        case Prod():
            return Prod(tuple(kids))
        case Sum():
            return Sum(tuple(kids))
        case Scaled(trailing=t):
            return Scaled(kids[0], kids[1], t)
        case Hadamard():
            return Hadamard(kids[0], kids[1])
        case Neg():
            return Neg(kids[0])
        case Transpose():
            return Transpose(kids[0])
        case Inverse():
            return Inverse(kids[0])
        case Trace():
            return Trace(kids[0])
        case Diff():
            return Diff(kids[0])
    raise TypeError(f"no children to replace in {e!r}")


def _local(e: Expr) -> list[tuple[str, Expr]]:
    """The mutations of `e` at its root."""
    out: list[tuple[str, Expr]] = []
    if isinstance(e, Transpose) and e.body.shape[0] == e.body.shape[1] != "1":
        out.append(("dropped transpose", e.body))
    if isinstance(e, Prod):
        fs = e.factors
        for k in range(len(fs) - 1):
            a, b = fs[k], fs[k + 1]
            if a.shape == b.shape and a.shape[0] == a.shape[1] != "1" and a != b:
                out.append(("swapped factors", Prod((*fs[:k], b, a, *fs[k + 2 :]))))
    if isinstance(e, Sum):
        ts = e.terms
        for k, t in enumerate(ts):
            flipped = t.body if isinstance(t, Neg) else Neg(t)
            out.append(("flipped sign", Sum((*ts[:k], flipped, *ts[k + 1 :]))))
            out.append(("factor 2", Sum((*ts[:k], Scaled(Num(2.0), t), *ts[k + 1 :]))))
            rest = ts[:k] + ts[k + 1 :]
            out.append(("dropped term", total(list(rest))))
    return out


def mutations(e: Expr) -> list[tuple[str, Expr]]:
    """Every single mutation of `e`, anywhere in it, with its kind."""
    out = _local(e)
    kids = children(e)
    for k, kid in enumerate(kids):
        for kind, changed in mutations(kid):
            out.append((kind, rebuild(e, [*kids[:k], changed, *kids[k + 1 :]])))
    return out


def whole_mutations(e: Expr) -> list[tuple[str, Expr]]:
    """Mutations of a whole side: its sign flipped, or a factor 2."""
    flipped = e.body if isinstance(e, Neg) else Neg(e)
    return [("flipped sign", flipped), ("factor 2", Scaled(Num(2.0), e))]


__all__ = ["ALGEBRA_LAWS", "CALCULUS_LAWS", "SCALAR", "Identity", "in_context", "mutations"]
