"""Typed matrix expressions for the engine's property tests: the expression nodes, the symbols they
are built from, and their values on random matrices with exact (forward-mode) differentials."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import permutations

import numpy as np

Shape = tuple[str, str]  # each dimension is "n", "m", "p" or "1"
DIMS = ("n", "m", "p")
ALL_DIMS = (*DIMS, "1")
SCALAR: Shape = ("1", "1")


@dataclass(frozen=True)
class Sym:
    latex: str
    shape: Shape
    varying: bool = False


@dataclass(frozen=True)
class Num:
    value: float  # 0.5 is written as a fraction

    @property
    def shape(self) -> Shape:
        return SCALAR


@dataclass(frozen=True)
class DSym:
    """The differential `dX` of a varying symbol, written as such."""

    sym: Sym

    @property
    def shape(self) -> Shape:
        return self.sym.shape


@dataclass(frozen=True)
class Prod:
    factors: tuple[Expr, ...]

    @property
    def shape(self) -> Shape:
        return (self.factors[0].shape[0], self.factors[-1].shape[1])


@dataclass(frozen=True)
class Sum:
    terms: tuple[Expr, ...]

    @property
    def shape(self) -> Shape:
        return self.terms[0].shape


@dataclass(frozen=True)
class Neg:
    body: Expr

    @property
    def shape(self) -> Shape:
        return self.body.shape


@dataclass(frozen=True)
class Scaled:
    """`factor * body` for a 1×1 `factor`; `trailing` writes the factor after the body."""

    factor: Expr
    body: Expr
    trailing: bool = False

    @property
    def shape(self) -> Shape:
        return self.body.shape


@dataclass(frozen=True)
class Transpose:
    body: Expr

    @property
    def shape(self) -> Shape:
        return (self.body.shape[1], self.body.shape[0])


@dataclass(frozen=True)
class Inverse:
    body: Expr

    @property
    def shape(self) -> Shape:
        return self.body.shape


@dataclass(frozen=True)
class Trace:
    body: Expr

    @property
    def shape(self) -> Shape:
        return SCALAR


@dataclass(frozen=True)
class Hadamard:
    left: Expr
    right: Expr

    @property
    def shape(self) -> Shape:
        return self.left.shape


@dataclass(frozen=True)
class Diff:
    """`d(body)`, left for the engine to work out."""

    body: Expr

    @property
    def shape(self) -> Shape:
        return self.body.shape


Expr = Sym | Num | DSym | Prod | Sum | Neg | Scaled | Transpose | Inverse | Trace | Hadamard | Diff


def _pool(shape: Shape, letters: str) -> tuple[Sym, ...]:
    return tuple(Sym(letter, shape) for letter in letters.split())


CONSTANTS: dict[Shape, tuple[Sym, ...]] = {
    ("n", "n"): _pool(("n", "n"), "A B C"),
    ("m", "m"): _pool(("m", "m"), "P Q"),
    ("p", "p"): _pool(("p", "p"), "K L"),
    ("m", "n"): _pool(("m", "n"), "M N"),
    ("n", "p"): _pool(("n", "p"), "U V"),
    ("p", "m"): _pool(("p", "m"), "W Z"),
    ("n", "1"): _pool(("n", "1"), "x y"),
    ("m", "1"): _pool(("m", "1"), "u v"),
    ("p", "1"): _pool(("p", "1"), "w z"),
    SCALAR: _pool(SCALAR, r"a b \alpha \beta"),
}
VARYING: dict[Shape, tuple[Sym, ...]] = {
    ("n", "n"): (Sym("X", ("n", "n"), True), Sym("Y", ("n", "n"), True)),
    ("m", "n"): (Sym("S", ("m", "n"), True),),
}


def children(e: Expr) -> tuple[Expr, ...]:
    match e:
        case Prod(factors=fs):
            return fs
        case Sum(terms=ts):
            return ts
        case Scaled(factor=f, body=b):
            return (f, b)
        case Hadamard(left=a, right=b):
            return (a, b)
        case Neg(body=b) | Transpose(body=b) | Inverse(body=b) | Trace(body=b) | Diff(body=b):
            return (b,)
    return ()


def walk(e: Expr) -> Iterator[Expr]:
    yield e
    for c in children(e):
        yield from walk(c)


def symbols(e: Expr) -> set[Sym]:
    found = {x for x in walk(e) if isinstance(x, Sym)}
    return found | {x.sym for x in walk(e) if isinstance(x, DSym)}


def has_varying(e: Expr) -> bool:
    return any(s.varying for s in symbols(e))


Pair = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Draw:
    """Random values for symbols, and random directions for the varying ones."""

    values: dict[Sym, np.ndarray]
    directions: dict[Sym, np.ndarray]


def random_draw(syms: set[Sym], sizes: dict[str, int], rng: np.random.Generator) -> Draw:
    values: dict[Sym, np.ndarray] = {}
    directions: dict[Sym, np.ndarray] = {}
    for s in sorted(syms, key=lambda s: s.latex):
        shape = (sizes[s.shape[0]], sizes[s.shape[1]])
        values[s] = rng.standard_normal(shape) + (2.0 * np.eye(shape[0]) if shape[0] == shape[1] else 0.0)
        if s.varying:
            directions[s] = rng.standard_normal(shape)
    return Draw(values, directions)


def evaluate(e: Expr, draw: Draw) -> Pair:
    """The value of `e` and its differential (forward mode) on `draw`."""
    match e:
        case Sym():
            return draw.values[e], draw.directions.get(e, np.zeros_like(draw.values[e]))
        case Num(value=number):
            return np.array([[float(number)]]), np.zeros((1, 1))
        case DSym(sym=s):
            return draw.directions[s], np.zeros_like(draw.directions[s])
        case Prod(factors=fs):
            return _product(fs, draw)
        case Sum(terms=ts):
            pairs = [evaluate(t, draw) for t in ts]
            return np.sum([p[0] for p in pairs], axis=0), np.sum([p[1] for p in pairs], axis=0)
        case Scaled(factor=f, body=b):
            (cv, cd), (bv, bd) = evaluate(f, draw), evaluate(b, draw)
            return cv[0, 0] * bv, cd[0, 0] * bv + cv[0, 0] * bd
        case Hadamard(left=a, right=b):
            (av, ad), (bv, bd) = evaluate(a, draw), evaluate(b, draw)
            return av * bv, ad * bv + av * bd
        case Neg(body=b) | Transpose(body=b) | Inverse(body=b) | Trace(body=b) | Diff(body=b):
            return _unary(e, evaluate(b, draw))
    raise TypeError(f"not an expression: {e!r}")


def _product(factors: tuple[Expr, ...], draw: Draw) -> Pair:
    value, diff = evaluate(factors[0], draw)
    for f in factors[1:]:
        fv, fd = evaluate(f, draw)
        value, diff = value @ fv, diff @ fv + value @ fd
    return value, diff


def _unary(e: Expr, body: Pair) -> Pair:
    value, diff = body
    match e:
        case Neg():
            return -value, -diff
        case Transpose():
            return value.T, diff.T
        case Inverse():
            inv = np.linalg.inv(value)
            return inv, -inv @ diff @ inv
        case Trace():
            return np.array([[np.trace(value)]]), np.array([[np.trace(diff)]])
    return diff, np.zeros_like(diff)  # d(body): a differential is constant


def relative_difference(lhs: Expr, rhs: Expr, sizes: dict[str, int], seed: int = 0) -> float:
    """How far apart the two sides are on one random draw at the given sizes."""
    rng = np.random.default_rng(seed)
    draw = random_draw(symbols(lhs) | symbols(rhs), sizes, rng)
    left, right = evaluate(lhs, draw)[0], evaluate(rhs, draw)[0]
    scale = max(float(np.linalg.norm(left)), float(np.linalg.norm(right)), 1e-12)
    return float(np.linalg.norm(left - right)) / scale


SIZE_CHOICES: tuple[dict[str, int], ...] = tuple(
    {"n": n, "m": m, "p": p, "1": 1} for n, m, p in permutations((3, 4, 5))
)


def holds(lhs: Expr, rhs: Expr, tolerance: float = 1e-8) -> bool:
    """The identity holds at every assignment of distinct sizes (3, 4, 5) to n, m, p."""
    return all(relative_difference(lhs, rhs, sizes) <= tolerance for sizes in SIZE_CHOICES)


def fails_everywhere(lhs: Expr, rhs: Expr, tolerance: float = 1e-4) -> bool:
    """The sides differ at every assignment of distinct sizes to n, m, p (a real mutation), and
    both are defined (a mutation inside an inverse may make it singular)."""
    try:
        return all(relative_difference(lhs, rhs, sizes, seed=1) > tolerance for sizes in SIZE_CHOICES)
    except np.linalg.LinAlgError:
        return False


def is_zero(e: Expr, tolerance: float = 1e-9) -> bool:
    """`e` is zero for every value of its symbols (so `e = ...` reads as a condition)."""
    rng = np.random.default_rng(2)
    draw = random_draw(symbols(e), SIZE_CHOICES[0], rng)
    return float(np.linalg.norm(evaluate(e, draw)[0])) <= tolerance


def finite_difference_error(e: Expr, step: float = 1e-6) -> float:
    """How far the forward-mode differential of `e` is from a central difference, relatively."""
    rng = np.random.default_rng(3)
    draw = random_draw(symbols(e), SIZE_CHOICES[0], rng)
    _, exact = evaluate(e, draw)

    def moved(sign: float) -> np.ndarray:
        values = {s: v + sign * step * draw.directions[s] if s.varying else v for s, v in draw.values.items()}
        return evaluate(e, Draw(values, draw.directions))[0]

    estimate = (moved(1.0) - moved(-1.0)) / (2 * step)
    scale = max(float(np.linalg.norm(exact)), float(np.linalg.norm(estimate)), 1.0)
    return float(np.linalg.norm(exact - estimate)) / scale
