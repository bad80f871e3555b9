"""Test one typed step on several random draws: evaluate both sides, measure the relative error
against the size of the numbers involved, and find a small counterexample for a failing step."""

from __future__ import annotations

import math
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
# An inverse of a matrix with condition number c may be off by about c times the machine epsilon
# (relative): a draw allows that much error, times this margin. A draw whose allowance would pass
# this bound is too ill-conditioned to tell a right step from a wrong one, and is set aside.
CONDITION_MARGIN = 64.0
MAX_ALLOWANCE = 1e-4
_EPSILON = float(np.finfo(float).eps)


@dataclass(frozen=True)
class Trial:
    """One draw of a step: the value of each side, their relative error, and the draw itself."""

    lhs: Array
    rhs: Array
    rel_error: float
    values: dict[str, Array]
    directions: dict[str, Array]
    # The error the draw's conditioning allows (0 when nothing was inverted).
    allowance: float = 0.0

    def holds(self, tolerance: float) -> bool:
        return _holds(self.rel_error, self.allowance, tolerance)

    @property
    def conclusive(self) -> bool:
        return self.allowance <= MAX_ALLOWANCE


def _holds(rel_error: float, allowance: float, tolerance: float) -> bool:
    return rel_error <= max(tolerance, allowance)


@dataclass(frozen=True)
class Batch:
    """Both sides of a step on every draw of a batch, with each draw's relative error and the error
    its conditioning allows; a draw's `Trial` is made only when it is asked for."""

    lhs: Array
    rhs: Array
    rel_errors: list[float]
    allowances: list[float]
    draw: Draw

    def conclusive(self) -> list[int]:
        """The draws not too ill-conditioned to tell a right step from a wrong one."""
        return [t for t, allowance in enumerate(self.allowances) if allowance <= MAX_ALLOWANCE]

    def holds(self, t: int, tolerance: float) -> bool:
        return _holds(self.rel_errors[t], self.allowances[t], tolerance)

    def trial(self, t: int) -> Trial:
        values, directions = self.draw.trial(t)
        return Trial(self.lhs[t], self.rhs[t], self.rel_errors[t], values, directions, self.allowances[t])


@dataclass(frozen=True)
class Outcome:
    result: Result
    rel_errors: tuple[float, ...] = ()
    message: str = ""
    first: Trial | None = None
    domain_note: str = ""


# The numbers drawn for a list of symbols, by what they depend on (`_drawing`): values, directions.
Drawn = dict[tuple[object, ...], tuple[dict[str, Array], dict[str, Array]]]


class StepTester:
    """Tests the readings of one step, keeping what testing again would only redo: the outcome of a
    reading tested a second time, and the numbers drawn for the same symbols (the step's other
    readings, the step judged again another way), which the same generators would draw again."""

    def __init__(self, trials: int, seed: int) -> None:
        self.trials = trials
        self.seed = seed
        self._outcomes: dict[tuple[int, float, str], tuple[TypedStep, Outcome]] = {}
        self._drawn: Drawn = {}

    def test(self, step: TypedStep, tolerance: float, salt: str) -> Outcome:
        """`test_step` of the step with this tester's trials and seed."""
        key = (id(step), tolerance, salt)
        kept = self._outcomes.get(key)
        if kept is not None and kept[0] is step:  # the step itself, not one that took its id
            return kept[1]
        outcome = test_step(step, self.trials, self.seed, tolerance, salt, self._drawn)
        self._outcomes[key] = (step, outcome)
        return outcome


def test_step(
    step: TypedStep, trials: int, seed: int, tolerance: float, salt: str, drawn: Drawn | None = None
) -> Outcome:
    """Evaluate the step on `trials` independent draws (`drawn`: numbers drawn before, to reuse)."""
    outcome = _run(step, trials, seed, tolerance, salt, safe_domain=False, drawn=drawn)
    if outcome.result == "undefined":
        retry = _run(step, trials, seed, tolerance, salt, safe_domain=True, drawn=drawn)
        if retry.result != "undefined":
            return Outcome(
                retry.result,
                retry.rel_errors,
                retry.message,
                retry.first,
                "square matrices drawn positive definite, other vectors and matrices with positive "
                "entries, so that every value is defined",
            )
    return outcome


def _run(
    step: TypedStep,
    trials: int,
    seed: int,
    tolerance: float,
    salt: str,
    safe_domain: bool,
    drawn: Drawn | None = None,
) -> Outcome:
    specs = specs_for(step.symbols, safe_domain)
    try:
        batch = evaluate_batch(step, _draw(specs, trials, seed, salt, drawn))
    except EvaluationError as err:
        return Outcome("error", message=str(err))
    except (np.linalg.LinAlgError, ValueError, OverflowError, FloatingPointError) as err:
        return Outcome("undefined", message=str(err))
    if batch is None:
        return Outcome("undefined", message="a value is undefined (not a number) on the random draws")
    errors = batch.rel_errors
    decided = batch.conclusive()
    if not decided:
        return Outcome("undefined", tuple(errors), "every draw inverts a matrix too ill-conditioned to tell")
    passed = [batch.holds(t, tolerance) for t in decided]
    result: Result = "ok" if all(passed) else ("broken" if not any(passed) else "unstable")
    return Outcome(result, tuple(errors[t] for t in decided), "", batch.trial(decided[0]))


def _draw(specs: list[SymbolSpec], trials: int, seed: int, salt: str, drawn: Drawn | None) -> Draw:
    """The draws of the symbols from the generators of (seed, trial, salt); the numbers drawn
    before for the same symbols when `drawn` has them (the same numbers the generators give)."""
    key = zlib.crc32(salt.encode())
    if drawn is None:
        return draw(specs, [_generator(seed, t, key) for t in range(trials)], seed)
    signature = (trials, seed, key, tuple(_drawing(s) for s in specs))
    kept = drawn.get(signature)
    if kept is None:
        d = draw(specs, [_generator(seed, t, key) for t in range(trials)], seed)
        drawn[signature] = (dict(d.values), dict(d.directions))
        return d
    computed = {s.name: s.computed for s in specs if s.computed is not None}
    return Draw(dict(kept[0]), dict(kept[1]), computed, seed, trials)


def _drawing(spec: SymbolSpec) -> tuple[object, ...]:
    """Everything the numbers drawn for a symbol depend on."""
    fixed = None if spec.fixed is None else np.asarray(spec.fixed, dtype=float)
    given = None if fixed is None else (fixed.shape, fixed.tobytes())
    return (
        spec.name,
        spec.shape,
        spec.properties,
        spec.varying,
        spec.computed is not None,
        spec.square_use,
        given,
    )


_UINT32 = 2**32


def _generator(seed: int, trial: int, key: int) -> np.random.Generator:
    """`np.random.default_rng([seed, trial, key])`, built from its parts: the same stream, made
    in half the time (each number below 2**32 is one word of the seed's entropy)."""
    if not (0 <= seed < _UINT32 and 0 <= trial < _UINT32 and 0 <= key < _UINT32):
        return np.random.default_rng([seed, trial, key])
    entropy = np.array([seed, trial, key], dtype=np.uint32)
    return np.random.Generator(np.random.PCG64(_SeedSequence(entropy)))


class _SeedSequence(np.random.SeedSequence):
    """numpy's seed sequence without the `np.errstate` its `generate_state` enters on every call
    (the hashing is integer arithmetic in C, which no floating-point setting touches): the same
    state, the same stream, a little faster."""

    generate_state = getattr(
        np.random.SeedSequence.generate_state, "__wrapped__", np.random.SeedSequence.generate_state
    )


def evaluate_batch(step: TypedStep, d: Draw) -> Batch | None:
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
    if not (_all(np.isfinite(lhs), axis=None) and _all(np.isfinite(rhs), axis=None)):
        return None
    # The largest entry of each side on every draw at once (a maximum is exact, so this is the
    # same number as one draw at a time).
    lhs_max = _largest(np.abs(lhs), axis=(1, 2), initial=0.0).tolist()
    rhs_max = _largest(np.abs(rhs), axis=(1, 2), initial=0.0).tolist()
    scales = ev.scale.tolist()
    allowances = (CONDITION_MARGIN * _EPSILON * ev.condition).tolist()
    errors = [relative_error(lhs[t], rhs[t], max(scales[t], lhs_max[t], rhs_max[t])) for t in range(d.batch)]
    return Batch(lhs, rhs, errors, allowances, d)


# `ndarray.max` and `ndarray.all` without their Python-level wrappers (the same reductions).
_largest = np.maximum.reduce
_all = np.logical_and.reduce


def relative_error(lhs: Array, rhs: Array, scale: float) -> float:
    diff = _norm(lhs - rhs)
    if diff == 0.0:
        return 0.0
    denom = max(_norm(lhs), _norm(rhs), SCALE_FLOOR * scale, 1e-300)
    return diff / denom


def _norm(a: Array) -> float:
    """`np.linalg.norm(a)` (the Frobenius norm) computed as it does, without its checks."""
    if a.dtype != np.float64:
        return float(np.linalg.norm(a))
    flat = a.ravel(order="K")
    return math.sqrt(float(flat.dot(flat)))


def specs_for(symbols: tuple[SymbolInfo, ...], safe_domain: bool = False) -> list[SymbolSpec]:
    out: list[SymbolSpec] = []
    for s in symbols:
        fixed = None
        if s.dimension is not None:
            fixed = np.array([[float(s.dimension)]])
        elif s.fixed is not None:
            fixed = _constant_value(s.fixed)
        props = s.properties
        if safe_domain and not props and s.shape != (1, 1):
            # square matrices positive definite (logs of determinants, square roots), vectors and
            # other matrices with positive entries (`\\log x` entry by entry)
            props = frozenset({"spd"} if s.shape[0] == s.shape[1] else {"positive"})
        out.append(SymbolSpec(s.name, s.shape, props, s.varying, fixed, s.computed, s.square_use))
    return out


def _constant_value(expr: object) -> Array:
    empty = Draw({}, {}, {}, 0, 1)
    with np.errstate(all="ignore"):
        return Evaluator(empty, {}).dense(expr)[0]  # type: ignore[arg-type]


def counterexample_trial(
    step: TypedStep, seed: int, tolerance: float, salt: str, tries: int = 8
) -> Trial | None:
    """A draw with small integer values on which the step fails, if one is found quickly."""
    specs = specs_for(step.symbols)
    key = zlib.crc32(salt.encode())
    rngs = [_generator(seed, 1000 + t, key) for t in range(tries)]
    try:
        batch = evaluate_batch(step, draw(specs, rngs, seed, integer=True))
    except (EvaluationError, np.linalg.LinAlgError, ValueError):
        return None
    if batch is None:
        return None
    failing = next((t for t in batch.conclusive() if not batch.holds(t, tolerance)), None)
    return None if failing is None else batch.trial(failing)
