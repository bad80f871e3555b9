"""Random values for the symbols of a step, respecting what the document says of them (symmetric,
positive definite, orthogonal, ...), and random directions for the differentials of the varying ones."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from mdcheck.semantics.ir import Expr

Array = np.ndarray
MAX_CONDITION = 1e3


@dataclass(frozen=True)
class SymbolSpec:
    """How to draw one symbol: its size, properties, whether it varies, and a fixed value or a
    defining expression when it is not free."""

    name: str
    shape: tuple[int, int]
    properties: frozenset[str] = frozenset()
    varying: bool = False
    fixed: Array | None = field(default=None, compare=False)
    computed: Expr | None = None
    square_use: bool = False


@dataclass
class Draw:
    """A batch of independent random draws: for every free symbol a stack of values (draws × rows
    × columns), for every varying one a stack of directions."""

    values: dict[str, Array]
    directions: dict[str, Array]
    computed: dict[str, Expr]
    seed: int
    batch: int = 1

    def trial(self, t: int) -> tuple[dict[str, Array], dict[str, Array]]:
        """The values and directions of draw `t` alone."""
        return ({k: v[t] for k, v in self.values.items()}, {k: v[t] for k, v in self.directions.items()})


def draw(specs: list[SymbolSpec], rngs: list[np.random.Generator], seed: int, integer: bool = False) -> Draw:
    """One draw per generator, stacked."""
    values: dict[str, Array] = {}
    directions: dict[str, Array] = {}
    computed: dict[str, Expr] = {}
    batch = len(rngs)
    for spec in specs:
        if spec.computed is not None:
            computed[spec.name] = spec.computed
            value_stack = None
        elif spec.fixed is not None:
            fixed = np.asarray(spec.fixed, dtype=float)
            if fixed.size != spec.shape[0] * spec.shape[1]:
                # `\\pi` the constant in notes where it is a vector: say so, not numpy's words
                given = "×".join(map(str, fixed.shape or (1, 1)))
                raise ValueError(
                    f"{spec.name} has a {given} value but is used as a {spec.shape[0]}×{spec.shape[1]} one"
                )
            value_stack = np.broadcast_to(fixed.reshape(1, *spec.shape), (batch, *spec.shape))
            values[spec.name] = value_stack
        else:
            # np.array of equal-shaped arrays stacks them as np.stack does, with less overhead.
            value_stack = np.array([value_for(spec, rng, integer) for rng in rngs])
            values[spec.name] = value_stack
        if spec.varying:
            directions[spec.name] = np.array(
                [
                    direction_for(spec, None if value_stack is None else value_stack[t], rng, integer)
                    for t, rng in enumerate(rngs)
                ]
            )
    return Draw(values, directions, computed, seed, batch)


def value_for(spec: SymbolSpec, rng: np.random.Generator, integer: bool) -> Array:
    n, m = spec.shape
    props = spec.properties
    if (n, m) == (1, 1):
        if integer:
            return np.array([[float(rng.integers(1, 4))]])
        # uniform on [0.5, 1.5): numpy's `uniform(0.5, 1.5)` is 0.5 + 1.0·random(), the same number
        # from the same draw of the stream, through a slower call
        return np.array([[0.5 + rng.random()]])
    if m > 1 and "onehot" in props:
        return np.eye(m)[rng.integers(m, size=n)]  # one-hot rows: one example's label per row
    if m > 1 and "onehotcols" in props:
        return np.eye(n)[:, rng.integers(n, size=m)]  # one-hot columns: one example per column
    if n == m and props:
        return _structured(n, props, rng, integer)
    if min(n, m) == 1 and n * m > 1 and "simplex" in props:
        v = rng.integers(1, 4, (n, m)).astype(float) if integer else rng.uniform(0.1, 1.0, (n, m))
        return v / v.sum()  # a probability vector: positive entries that sum to one
    if "orthocols" in props and n > m:
        return _orthonormal_columns(n, m, rng, integer)
    if m == 1 and "basis" in props:
        return np.eye(n)[:, [_basis_index(spec.name, n, rng)]]
    if m == 1 and n > 1 and "unit" in props:
        v = np.eye(n)[:, [int(rng.integers(n))]] if integer else rng.standard_normal((n, 1))
        return v / np.linalg.norm(v)  # a unit vector: norm 1
    if m == 1 and "onehot" in props:  # (also in {0, 1}^n: the stronger word wins)
        return np.eye(n)[:, [int(rng.integers(n))]]  # a one-hot label: one entry 1, the others 0
    if m == 1 and "binary" in props:
        return rng.integers(0, 2, (n, m)).astype(float)  # labels in {0, 1}
    if m == 1 and "signs" in props:
        return rng.choice([-1.0, 1.0], (n, m))  # labels in {-1, 1}
    out = rng.integers(-3, 4, (n, m)).astype(float) if integer else rng.standard_normal((n, m))
    if "positive" in props:
        out = np.abs(out) + (1.0 if integer else 0.1)
    if n == m and n > 1 and (spec.square_use or not integer):
        out = _well_conditioned(out, rng, integer)
    return out


def _basis_index(name: str, n: int, rng: np.random.Generator) -> int:
    """Where a basis vector has its one: at its number (`e_1`, `e_{2}`) when it has one that fits,
    else anywhere."""
    m = re.search(r"_\{?(\d+)\}?$", name)
    k = int(m.group(1)) - 1 if m else -1
    return k if 0 <= k < n else int(rng.integers(n))


def _orthonormal_columns(n: int, m: int, rng: np.random.Generator, integer: bool) -> Array:
    """An n×m matrix (n > m) whose columns are orthonormal: some columns of a signed permutation
    matrix (integers), or of the Q of a random matrix."""
    if integer:
        return (np.eye(n)[rng.permutation(n)] * rng.choice([-1.0, 1.0], n))[:, :m]
    q, upper = np.linalg.qr(rng.standard_normal((n, m)))
    return q * np.sign(np.diag(upper))


# Structure no orthogonal matrix but I has: said of a letter also said orthogonal (the Q of a QR
# factorization, later a positive definite Q), it tells of the letter used again, read the second way.
_NOT_ORTHOGONAL = frozenset({"spd", "psd", "diagonal", "lower", "upper", "skew", "idempotent"})


def _structured(n: int, props: frozenset[str], rng: np.random.Generator, integer: bool) -> Array:
    r = rng.integers(-2, 3, (n, n)).astype(float) if integer else rng.standard_normal((n, n))
    if "permutation" in props:
        return np.eye(n)[rng.permutation(n)]
    if "stochastic" in props:
        # a row-stochastic matrix (a Markov chain's transitions): positive rows that sum to one
        p = rng.integers(1, 4, (n, n)).astype(float) if integer else rng.uniform(0.1, 1.0, (n, n))
        return p / p.sum(axis=1, keepdims=True)
    if "reflector" in props:
        return _reflector(n, rng, integer)
    if "orthogonal" in props and not props & _NOT_ORTHOGONAL:
        if integer:
            perm = np.eye(n)[rng.permutation(n)]
            q = perm * rng.choice([-1.0, 1.0], n)
        else:
            q, upper = np.linalg.qr(r)
            q = q * np.sign(np.diag(upper))
        if "rotation" in props and np.linalg.det(q) < 0:
            q[:, 0] = -q[:, 0]  # a rotation: determinant one
        return q
    if "idempotent" in props:
        # A projection onto a random subspace of dimension n - 1: P^2 = P.
        basis = np.eye(n)[:, rng.permutation(n)[: n - 1]] if integer else np.linalg.qr(r[:, : n - 1])[0]
        return basis @ basis.T
    if "diagonal" in props and not props & {"lower", "upper"}:  # not `lower triangular, positive diagonal`
        # positive entries when said so (`\\Lambda` diagonal positive definite); else any signs
        d = rng.integers(1, 4, n).astype(float) if integer else rng.uniform(0.5, 2.0, n)
        return np.diag(d if props & {"positive", "spd", "psd"} else d * rng.choice([-1.0, 1.0], n))
    if "spd" in props:
        return r @ r.T + (1.0 if integer else 0.5 * n) * np.eye(n)
    if "psd" in props:
        return r @ r.T + (0.0 if integer else 0.1) * np.eye(n)
    if props & {"lower", "upper"}:
        # A triangular factor (Cholesky, LU) with a positive diagonal, as such factors are taken.
        d = rng.integers(1, 4, n).astype(float) if integer else rng.uniform(0.5, 2.0, n)
        if "unitdiag" in props:  # `L unit lower triangular`: LU's factor, ones on the diagonal
            d = np.ones(n)
        strict = np.tril(r, -1) if "lower" in props else np.triu(r, 1)
        return strict + np.diag(d)
    if "skew" in props:
        return r - r.T if integer else (r - r.T) / 2
    if "symmetric" in props:
        return _well_conditioned(r + r.T if integer else (r + r.T) / 2, rng, integer, symmetric=True)
    return _well_conditioned(r, rng, integer)


def _reflector(n: int, rng: np.random.Generator, integer: bool) -> Array:
    """A Householder reflector `I - 2vv^T/v^Tv` (symmetric, orthogonal, its own inverse); with
    integers, the reflection `I - 2e_ke_k^T` that flips one coordinate."""
    v = np.eye(n)[:, rng.integers(n)] if integer else rng.standard_normal(n)
    return np.eye(n) - 2.0 * np.outer(v, v) / float(v @ v)


def _well_conditioned(a: Array, rng: np.random.Generator, integer: bool, symmetric: bool = False) -> Array:
    """Redraw a square matrix until it is comfortably invertible."""
    n = a.shape[0]
    for _ in range(20):
        if _condition(a) < MAX_CONDITION:
            return a
        r = rng.integers(-3, 4, (n, n)).astype(float) if integer else rng.standard_normal((n, n))
        a = (r + r.T) / (1 if integer else 2) if symmetric else r
    return a + n * np.eye(n)


def _condition(a: Array) -> float:
    """`np.linalg.cond(a)` (the 2-norm condition number) without its Python-level checks: the
    ratio of the largest to the smallest singular value, infinite when `a` is singular."""
    s = np.linalg.svd(a, compute_uv=False)
    largest, smallest = float(s[0]), float(s[-1])
    return largest / smallest if smallest > 0.0 else math.inf


def direction_for(spec: SymbolSpec, value: Array | None, rng: np.random.Generator, integer: bool) -> Array:
    """A random change of the symbol that keeps its properties (a symmetric change of a
    symmetric matrix, Q·skew for an orthogonal Q)."""
    n, m = spec.shape
    r = rng.integers(-2, 3, (n, m)).astype(float) if integer else rng.standard_normal((n, m))
    if integer and not r.any():
        r[0, 0] = 1.0
    props = spec.properties
    if n == m and n > 1 and "stochastic" in props:
        return r - r.mean(axis=1, keepdims=True)  # rows that still sum to one
    if min(n, m) == 1 and n * m > 1 and "simplex" in props:
        return r - r.mean()  # entries that still sum to one
    if n == m and n > 1:
        if "diagonal" in props and not props & {"lower", "upper"}:
            return np.diag(np.diag(r))
        if props & {"symmetric", "spd", "psd"}:
            return r + r.T if integer else (r + r.T) / 2
        if "skew" in props:
            return r - r.T if integer else (r - r.T) / 2
        if props & {"lower", "upper"}:
            k = 1 if "unitdiag" in props else 0  # a unit triangular factor keeps its ones
            return np.tril(r, -k) if "lower" in props else np.triu(r, k)
        if "orthogonal" in props and value is not None:
            return value @ ((r - r.T) if integer else (r - r.T) / 2)
    return r
