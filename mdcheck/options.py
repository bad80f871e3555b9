"""How the checker is asked to check: seed, number of draws, tolerance, layout convention and
default assumptions. Built by the command line or the API; read by the checker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layout = Literal["auto", "numerator", "denominator"]


@dataclass(frozen=True)
class CheckOptions:
    seed: int = 0
    trials: int = 3
    tolerance: float = 1e-7
    layout: Layout = "auto"
    # Directive texts applied at the top of every document, e.g. "assume A symmetric".
    assumptions: tuple[str, ...] = ()
    # Give each verdict its meaning as sympy expressions (StepVerdict.sympy) and print the
    # meaning with sympy; slower (sympy is imported), for the API and for inspection.
    sympy_meaning: bool = False
