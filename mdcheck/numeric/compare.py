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
    """One draw of a step: the value of each side, their relative error, and the draw itself."""

    lhs: Array
    rhs: Array
    rel_error: float
    values: dict[str, Array]
    directions: dict[str, Array]


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
    key = zlib.crc32(salt.encode())
    rngs = [np.random.default_rng([seed, t, key]) for t in range(trials)]
    try:
        batch = evaluate_batch(step, draw(specs, rngs, seed))
    except EvaluationError as err:
        return Outcome("error", message=str(err))
    except (np.linalg.LinAlgError, ValueError, OverflowError, FloatingPointError) as err:
        return Outcome("undefined", message=str(err))
    if batch is None:
        return Outcome("undefined", message="a value is undefined (not a number) on the random draws")
    errors = [t.rel_error for t in batch]
    passed = [e <= tolerance for e in errors]
    result: Result = "ok" if all(passed) else ("broken" if not any(passed) else "unstable")
    return Outcome(result, tuple(errors), "", batch[0])


def evaluate_batch(step: TypedStep, d: Draw) -> list[Trial] | None:
    """Both sides on every draw of the batch; None if a value is not a number on some draw."""
    ev = Evaluator(d, step.node_shapes)
    with np.errstate(all="ignore"):
        lhs, rhs = ev.value(step.lhs), ev.value(step.rhs)
    if lhs is None and rhs is None:
        lhs = rhs = np.zeros((d.batch, 1, 1))
    lhs = np.zeros_like(rhs) if lhs is None else lhs
    rhs = np.zeros_like(lhs) if rhs is None else rhs
    if lhs.shape != rhs.shape:
        a, b = lhs.shape[1:], rhs.shape[1:]
        raise EvaluationError(f"one side is {a[0]}×{a[1]}, the other {b[0]}×{b[1]}")
    if not (np.all(np.isfinite(lhs)) and np.all(np.isfinite(rhs))):
        return None
    out = []
    for t in range(d.batch):
        scale = max(
            float(ev.scale[t]), float(np.abs(lhs[t]).max(initial=0.0)), float(np.abs(rhs[t]).max(initial=0.0))
        )
        values, directions = d.trial(t)
        out.append(Trial(lhs[t], rhs[t], relative_error(lhs[t], rhs[t], scale), values, directions))
    return out


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
    empty = Draw({}, {}, {}, 0, 1)
    return Evaluator(empty, {}).dense(expr)[0]  # type: ignore[arg-type]


def counterexample_trial(
    step: TypedStep, seed: int, tolerance: float, salt: str, tries: int = 8
) -> Trial | None:
    """A draw with small integer values on which the step fails, if one is found quickly."""
    specs = specs_for(step.symbols)
    key = zlib.crc32(salt.encode())
    rngs = [np.random.default_rng([seed, 1000 + t, key]) for t in range(tries)]
    try:
        batch = evaluate_batch(step, draw(specs, rngs, seed, integer=True))
    except (EvaluationError, np.linalg.LinAlgError, ValueError):
        return None
    if batch is None:
        return None
    return next((t for t in batch if t.rel_error > tolerance), None)
