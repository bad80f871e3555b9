"""Scalar functions applied elementwise and their exact derivatives of any order: the standard ones
(sin, exp, log, tanh, ...) and random smooth stand-ins for the unknown functions of a document."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

Array = np.ndarray


def _power_derivative(p: float, k: int) -> Callable[[Array], Array]:
    coef = 1.0
    for j in range(k):
        coef *= p - j
    return lambda x: coef * np.power(x, p - k)


def _log(k: int) -> Callable[[Array], Array]:
    if k == 0:
        return np.log
    coef = (-1.0) ** (k - 1) * math.factorial(k - 1)
    return lambda x: coef / np.power(x, k)


def _cyclic(*fs: Callable[[Array], Array]) -> Callable[[int], Callable[[Array], Array]]:
    return lambda k: fs[k % len(fs)]


def _tanh(k: int) -> Callable[[Array], Array]:
    def f(x: Array) -> Array:
        t = np.tanh(x)
        return [t, 1 - t**2, -2 * t * (1 - t**2), (6 * t**2 - 2) * (1 - t**2)][k]

    if k > 3:
        raise ValueError("tanh derivative of order > 3")
    return f


def _sigmoid(k: int) -> Callable[[Array], Array]:
    def f(x: Array) -> Array:
        s = 1.0 / (1.0 + np.exp(-x))
        return [s, s * (1 - s), s * (1 - s) * (1 - 2 * s), s * (1 - s) * (1 - 6 * s + 6 * s**2)][k]

    if k > 3:
        raise ValueError("sigmoid derivative of order > 3")
    return f


def _tan(k: int) -> Callable[[Array], Array]:
    def f(x: Array) -> Array:
        t = np.tan(x)
        sec2 = 1 + t**2
        return [t, sec2, 2 * t * sec2, sec2 * (2 + 6 * t**2)][k]

    if k > 3:
        raise ValueError("tan derivative of order > 3")
    return f


def _arctan(k: int) -> Callable[[Array], Array]:
    def f(x: Array) -> Array:
        return [np.arctan(x), 1 / (1 + x**2), -2 * x / (1 + x**2) ** 2][k]

    if k > 2:
        raise ValueError("arctan derivative of order > 2")
    return f


def _abs(k: int) -> Callable[[Array], Array]:
    table: list[Callable[[Array], Array]] = [np.abs, np.sign, np.zeros_like]
    return table[min(k, 2)]


def _sign(k: int) -> Callable[[Array], Array]:
    return np.sign if k == 0 else np.zeros_like


KNOWN: dict[str, Callable[[int], Callable[[Array], Array]]] = {
    "sin": _cyclic(np.sin, np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)),
    "cos": _cyclic(np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x), np.sin),
    "sinh": _cyclic(np.sinh, np.cosh),
    "cosh": _cyclic(np.cosh, np.sinh),
    "exp": lambda k: np.exp,
    "log": _log,
    "sqrt": lambda k: _power_derivative(0.5, k),
    "tanh": _tanh,
    "sigmoid": _sigmoid,
    "tan": _tan,
    "arctan": _arctan,
    "abs": _abs,
    "sign": _sign,
    "sec": lambda k: (lambda x: 1 / np.cos(x)) if k == 0 else _unsupported(k),
}


def _unsupported(k: int) -> Callable[[Array], Array]:
    raise ValueError(f"derivative of order {k}")


def known_function(name: str, order: int) -> Callable[[Array], Array] | None:
    """The `order`-th derivative of a standard function, or None if `name` is not standard."""
    family = KNOWN.get(name)
    return family(order) if family is not None else None


@dataclass(frozen=True)
class RandomFunction:
    """A smooth function of `arity` scalars standing in for an unknown function of the document:
    f(x) = a·sin(w·x + c) + p·x + q·(u·x)², whose partial derivatives of every order are exact."""

    a: float
    c: float
    q: float
    w: tuple[float, ...]
    p: tuple[float, ...]
    u: tuple[float, ...]

    @staticmethod
    @lru_cache(maxsize=1024)
    def for_name(name: str, arity: int, seed: int) -> RandomFunction:
        digest = hashlib.sha256(f"{seed}:{name}:{arity}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
        return RandomFunction(
            a=float(rng.uniform(0.5, 1.5)),
            c=float(rng.uniform(-1, 1)),
            q=float(rng.uniform(0.1, 0.4)),
            w=tuple(float(x) for x in rng.uniform(0.5, 1.5, arity)),
            p=tuple(float(x) for x in rng.uniform(-1, 1, arity)),
            u=tuple(float(x) for x in rng.uniform(-1, 1, arity)),
        )

    def __call__(self, args: list[Array], partial: tuple[int, ...]) -> Array:
        """The partial derivative of f in the arguments `partial` (indices, repeated for higher order)."""
        s: Array = self.c + sum(wi * x for wi, x in zip(self.w, args, strict=True))  # type: ignore[assignment]
        k = len(partial)
        wprod = math.prod(self.w[i] for i in partial)
        cycle: list[Callable[[Array], Array]] = [np.sin, np.cos, lambda z: -np.sin(z), lambda z: -np.cos(z)]
        trig = cycle[k % 4]
        out = self.a * wprod * trig(s)
        if k == 0:
            lin = sum(pi * x for pi, x in zip(self.p, args, strict=True))
            ux = sum(ui * x for ui, x in zip(self.u, args, strict=True))
            return out + lin + self.q * ux**2
        if k == 1:
            ux = sum(ui * x for ui, x in zip(self.u, args, strict=True))
            i = partial[0]
            return out + self.p[i] + 2 * self.q * self.u[i] * ux
        if k == 2:
            return out + 2 * self.q * self.u[partial[0]] * self.u[partial[1]]
        return out
