"""Test one typed step on several random draws: evaluate both sides, measure the relative error
against the size of the numbers involved, and find a small counterexample for a failing step."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

import numpy as np

from mdcheck.numeric.draws import Draw, SymbolSpec, draw
from mdcheck.numeric.evaluate import EvaluationError, Evaluator
from mdcheck.semantics.meaning import SymbolInfo, TypedStep

Array = np.ndarray
Result = Literal["ok", "broken", "unstable", "undefined", "error"]
# The scale below which a difference is rounding: a fraction of the largest number seen while
# evaluating (so a sum that cancels to nearly zero is not compared with zero relative to itself).
SCALE_FLOOR = 1e-3


@dataclass(frozen=True)
class Trial:
    lhs: Array
    rhs: Array
    rel_error: float
    draw: Draw


@dataclass(frozen=True)
class Outcome:
    result: Result
    rel_errors: tuple[float, ...] = ()
    message: str = ""
    first: Trial | None = None
    domain_note: str = ""


def test_step(step: TypedStep, trials: int, seed: int, tolerance: float, salt: str) -> Outcome:
    """Evaluate the step on `trials` independent draws."""
    outcome = _run(step, trials, seed, tolerance, salt, safe_domain=False)
    if outcome.result == "undefined":
        retry = _run(step, trials, seed, tolerance, salt, safe_domain=True)
        if retry.result != "undefined":
            return Outcome(
                retry.result,
                retry.rel_errors,
                retry.message,
                retry.first,
                "square matrices drawn positive definite so that every value is defined",
            )
    return outcome


def _run(step: TypedStep, trials: int, seed: int, tolerance: float, salt: str, safe_domain: bool) -> Outcome:
    specs = specs_for(step.symbols, safe_domain)
    errors: list[float] = []
    first: Trial | None = None
    for t in range(trials):
        rng = np.random.default_rng([seed, t, zlib.crc32(salt.encode())])
        try:
            trial = evaluate_trial(step, draw(specs, rng, seed))
        except EvaluationError as err:
            return Outcome("error", message=str(err))
        except (np.linalg.LinAlgError, ValueError, OverflowError, FloatingPointError) as err:
            return Outcome("undefined", message=str(err))
        if trial is None:
            return Outcome("undefined", message="a value is undefined (not a number) on the random draws")
        errors.append(trial.rel_error)
        first = first or trial
    passed = [e <= tolerance for e in errors]
    result: Result = "ok" if all(passed) else ("broken" if not any(passed) else "unstable")
    return Outcome(result, tuple(errors), "", first)


def evaluate_trial(step: TypedStep, d: Draw) -> Trial | None:
    ev = Evaluator(d, step.node_shapes)
    with np.errstate(all="ignore"):
        lhs, rhs = ev.value(step.lhs), ev.value(step.rhs)
    if lhs is None and rhs is None:
        return Trial(np.zeros((1, 1)), np.zeros((1, 1)), 0.0, d)
    lhs = np.zeros_like(rhs) if lhs is None else lhs
    rhs = np.zeros_like(lhs) if rhs is None else rhs
    if lhs.shape != rhs.shape:
        if lhs.size == rhs.size and 1 in lhs.shape and 1 in rhs.shape:
            raise EvaluationError(
                f"one side is {lhs.shape[0]}×{lhs.shape[1]}, the other {rhs.shape[0]}×{rhs.shape[1]}"
            )
        raise EvaluationError(f"the sides have shapes {lhs.shape} and {rhs.shape}")
    if not (np.all(np.isfinite(lhs)) and np.all(np.isfinite(rhs))):
        return None
    return Trial(lhs, rhs, relative_error(lhs, rhs, ev.scale), d)


def relative_error(lhs: Array, rhs: Array, scale: float) -> float:
    diff = float(np.linalg.norm(lhs - rhs))
    if diff == 0.0:
        return 0.0
    denom = max(float(np.linalg.norm(lhs)), float(np.linalg.norm(rhs)), SCALE_FLOOR * scale, 1e-300)
    return diff / denom


def specs_for(symbols: tuple[SymbolInfo, ...], safe_domain: bool = False) -> list[SymbolSpec]:
    out: list[SymbolSpec] = []
    for s in symbols:
        fixed = None
        if s.dimension is not None:
            fixed = np.array([[float(s.dimension)]])
        elif s.fixed is not None:
            fixed = _constant_value(s.fixed)
        props = s.properties
        if safe_domain and s.shape[0] == s.shape[1] and s.shape[0] > 1 and not props:
            props = frozenset({"spd"})
        out.append(SymbolSpec(s.name, s.shape, props, s.varying, fixed, s.computed, s.square_use))
    return out


def _constant_value(expr: object) -> Array:
    empty = Draw({}, {}, {}, 0)
    value = Evaluator(empty, {}).dense(expr)  # type: ignore[arg-type]
    return value


def counterexample_trial(
    step: TypedStep, seed: int, tolerance: float, salt: str, tries: int = 8
) -> Trial | None:
    """A draw with small integer values on which the step fails, if one is found quickly."""
    specs = specs_for(step.symbols)
    for t in range(tries):
        rng = np.random.default_rng([seed, 1000 + t, zlib.crc32(salt.encode())])
        try:
            trial = evaluate_trial(step, draw(specs, rng, seed, integer=True))
        except (EvaluationError, np.linalg.LinAlgError, ValueError):
            return None
        if trial is not None and trial.rel_error > tolerance:
            return trial
    return None
