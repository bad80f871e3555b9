"""Hypothesis strategies for random well-typed expressions of a given shape, built from the grammar:
symbols, products, sums, transposes, inverses of generically invertible matrices, traces, scalar
multiples and Hadamard products."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from expr_gen import (
    ALL_DIMS,
    CONSTANTS,
    DIMS,
    SCALAR,
    VARYING,
    Expr,
    Hadamard,
    Inverse,
    Neg,
    Num,
    Prod,
    Scaled,
    Shape,
    Sum,
    Sym,
    Trace,
    Transpose,
)
from hypothesis import strategies as st


@dataclass(frozen=True)
class Grammar:
    """Which constructs the random expressions may use."""

    varying: bool = False  # leaves may be the varying symbols X, Y, S
    negation: bool = True
    hadamard: bool = True
    inverse: bool = True
    # The dimensions products, shapes and traces are drawn from (repeat one to favour it).
    dims: tuple[str, ...] = ALL_DIMS
    # What a scalar multiple's factor may be: 2, a, tr(B), or a 1×1 product as in (x^T y) A.
    scalar_factors: tuple[str, ...] = ("number", "symbol", "trace")
    trailing_scalars: bool = True  # A a, A tr(B)
    halves: bool = False  # \frac{1}{2} A


CORE = Grammar()


def squares(grammar: Grammar) -> tuple[str, ...]:
    """The dimensions of the square matrices a grammar draws (not 1×1)."""
    return tuple(d for d in grammar.dims if d != "1") or DIMS


# -- expressions ---------------------------------------------------------------------------------
def _leaves(shape: Shape, grammar: Grammar) -> list[Expr]:
    out: list[Expr] = list(CONSTANTS.get(shape, ()))
    out += [Transpose(s) for s in CONSTANTS.get((shape[1], shape[0]), ()) if shape[0] != shape[1]]
    if grammar.varying:
        out += list(VARYING.get(shape, ()))
        out += [Transpose(s) for s in VARYING.get((shape[1], shape[0]), ())]
    return out


@st.composite
def leaf(draw: st.DrawFn, shape: Shape, grammar: Grammar = CORE) -> Expr:
    options = _leaves(shape, grammar)
    if grammar.varying:
        moving: list[Expr] = [e for e in options if isinstance(e, Sym) and e.varying]
        moving += [e for e in options if isinstance(e, Transpose) and getattr(e.body, "varying", False)]
        prefer_moving: bool = draw(st.booleans())
        if moving and prefer_moving:
            return draw(st.sampled_from(moving))
    return draw(st.sampled_from(options))


@st.composite
def scalar_factor(draw: st.DrawFn, grammar: Grammar, depth: int) -> Expr:
    """A 1×1 factor: a number, a scalar symbol, a trace (or, when allowed, a 1×1 product)."""
    kind = draw(st.sampled_from(grammar.scalar_factors))
    if kind == "number":
        values = [2.0, 3.0, 0.5] if grammar.halves else [2.0, 3.0]
        return Num(draw(st.sampled_from(values)))
    if kind == "symbol":
        return draw(leaf(SCALAR, grammar))
    if kind == "trace":
        d = draw(st.sampled_from(squares(grammar)))
        return Trace(draw(expression((d, d), max(depth - 1, 0), grammar)))
    d = draw(st.sampled_from(squares(grammar)))
    left = draw(expression(("1", d), max(depth - 1, 0), grammar))
    return Prod((left, draw(expression((d, "1"), max(depth - 1, 0), grammar))))


@st.composite
def expression(draw: st.DrawFn, shape: Shape, depth: int = 2, grammar: Grammar = CORE) -> Expr:
    """A random expression of `shape`, at most `depth` operators deep."""
    if depth <= 0:
        return draw(leaf(shape, grammar))
    r, c = shape
    kinds = ["leaf", "product", "product", "sum", "transpose", "scaled"]
    if r == c and r != "1" and grammar.inverse:
        kinds.append("inverse")
    if shape == SCALAR:
        kinds += ["trace", "trace"]
    elif grammar.hadamard:
        kinds.append("hadamard")
    kind = draw(st.sampled_from(kinds))
    sub = depth - 1
    if kind == "leaf":
        return draw(leaf(shape, grammar))
    if kind == "product":
        k = draw(st.sampled_from(grammar.dims if shape != SCALAR else squares(grammar)))
        left = draw(expression((r, k), sub, grammar))
        return Prod((left, draw(expression((k, c), sub, grammar))))
    if kind == "sum":
        terms = draw(st.lists(expression(shape, sub, grammar), min_size=2, max_size=3))
        if grammar.negation:
            signs = draw(st.lists(st.booleans(), min_size=len(terms), max_size=len(terms)))
            terms = [Neg(t) if s and k else t for k, (t, s) in enumerate(zip(terms, signs, strict=True))]
        return Sum(tuple(terms))
    if kind == "transpose":
        return Transpose(draw(expression((c, r), sub, grammar)))
    if kind == "scaled":
        factor = draw(scalar_factor(grammar, sub))
        trailing = grammar.trailing_scalars and not isinstance(factor, Num) and draw(st.booleans())
        return Scaled(factor, draw(expression(shape, sub, grammar)), trailing)
    if kind == "inverse":
        return Inverse(draw(invertible(r, sub, grammar)))
    if kind == "trace":
        d = draw(st.sampled_from(squares(grammar)))
        return Trace(draw(expression((d, d), sub, grammar)))
    left = draw(expression(shape, sub, grammar))
    return Hadamard(left, draw(expression(shape, sub, grammar)))


@st.composite
def invertible(draw: st.DrawFn, dim: str, depth: int = 1, grammar: Grammar = CORE) -> Expr:
    """A square expression that is invertible for generic values: a square symbol, or products,
    transposes, inverses and scalings of such, or one plus anything of its shape."""
    square = (dim, dim)
    base = draw(st.sampled_from([s for s in _leaves(square, grammar) if isinstance(s, Sym)]))
    if depth <= 0:
        return base
    kind = draw(st.sampled_from(["leaf", "product", "transpose", "inverse", "plus", "scaled"]))
    sub = depth - 1
    if kind == "product":
        return Prod((draw(invertible(dim, sub, grammar)), draw(invertible(dim, sub, grammar))))
    if kind == "transpose":
        return Transpose(draw(invertible(dim, sub, grammar)))
    if kind == "inverse":
        return Inverse(draw(invertible(dim, sub, grammar)))
    if kind == "plus":
        plain = replace(grammar, negation=False)
        return Sum((draw(invertible(dim, sub, grammar)), draw(expression(square, sub, plain))))
    if kind == "scaled":
        return Scaled(Num(draw(st.sampled_from([2.0, 3.0]))), draw(invertible(dim, sub, grammar)))
    return base


@st.composite
def chain(draw: st.DrawFn, dims: list[str], depth: int, grammar: Grammar) -> list[Expr]:
    """Factors whose product is defined: factor k has shape (dims[k], dims[k + 1])."""
    return [draw(expression((a, b), depth, grammar)) for a, b in itertools.pairwise(dims)]
