"""A judged step as the reports see it: its verdict, with the position, the meaning spelled out and
the evidence of the draws (a small counterexample for a broken step)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mdcheck.document import Position
from mdcheck.latex.steps import RawStep
from mdcheck.numeric.compare import Outcome, Trial, counterexample_trial
from mdcheck.options import CheckOptions
from mdcheck.semantics.meaning import TypedStep
from mdcheck.semantics.show import show
from mdcheck.verdicts import Counterexample, Evidence, Status, StepVerdict, Value


@dataclass(frozen=True)
class Judgement:
    """What checking decided of one step: its status, kind and reason, and the typed reading and
    the numbers behind it (None where checking stopped before them)."""

    status: Status
    kind: str
    reason: str
    typed: TypedStep | None = None
    outcome: Outcome | None = None
    reading: str = ""


def step_verdict(
    raw: RawStep,
    lhs_text: str,
    judged: Judgement,
    position: Position,
    path: str,
    index: int,
    options: CheckOptions,
) -> StepVerdict:
    """The verdict the reports show for a judged step of block `index`, written at `position`."""
    outcome = judged.outcome
    max_err = max(outcome.rel_errors) if outcome and outcome.rel_errors else None
    meaning = (show(judged.typed.lhs), show(judged.typed.rhs)) if judged.typed else ("", "")
    sympy_sides = None
    if options.sympy_meaning and judged.typed is not None:
        sympy_sides = _sympy_sides(judged.typed)
        if sympy_sides is not None:
            meaning = (str(sympy_sides[0]), str(sympy_sides[1]))
    evidence = _evidence(judged, raw, options) if judged.typed and judged.outcome else None
    return StepVerdict(
        position,
        path,
        index,
        raw.relation,
        lhs_text,
        raw.rhs.text,
        judged.status,
        judged.kind,
        judged.reason,
        max_err,
        judged.reading,
        meaning,
        evidence,
        sympy_sides,
    )


def _evidence(judged: Judgement, raw: RawStep, options: CheckOptions) -> Evidence:
    typed, outcome = judged.typed, judged.outcome
    assert typed is not None and outcome is not None
    assumptions = [
        f"{s.name} {', '.join(property_words(s.properties))}" for s in typed.symbols if s.properties
    ]
    if outcome.domain_note:
        assumptions.append(outcome.domain_note)
    counter = None
    if judged.status == "broken":
        salt = f"{raw.lhs.text if raw.lhs else ''}={raw.rhs.text}"
        trial = counterexample_trial(typed, options.seed, options.tolerance, salt) or outcome.first
        if trial is not None:
            counter = _counterexample(typed, trial)
    failed = sum(e > options.tolerance for e in outcome.rel_errors)
    return Evidence(
        typed.sizes,
        tuple(assumptions),
        len(outcome.rel_errors),
        failed,
        outcome.rel_errors,
        counter,
        typed.shapes_text,
    )


def _sympy_sides(typed: TypedStep) -> tuple[object, object] | None:
    from mdcheck.semantics.to_sympy import to_sympy

    shapes = {s.name: s.shape for s in typed.symbols}
    try:
        return (
            to_sympy(typed.lhs, shapes, typed.node_shapes),
            to_sympy(typed.rhs, shapes, typed.node_shapes),
        )
    except (ValueError, TypeError, AttributeError, IndexError):
        return None


def _counterexample(typed: TypedStep, trial: Trial) -> Counterexample:
    values: list[tuple[str, Value]] = []
    for s in typed.symbols:
        v = trial.values.get(s.name)
        if v is not None and s.computed is None:
            values.append((s.name, _value(v)))
        direction = trial.directions.get(s.name)
        if direction is not None:
            values.append((f"d{s.name}", _value(direction)))
    return Counterexample(typed.sizes, tuple(values), _value(trial.lhs), _value(trial.rhs), trial.rel_error)


def _value(v: np.ndarray) -> Value:
    return tuple(tuple(float(x) for x in row) for row in np.asarray(v))


def property_words(props: frozenset[str]) -> list[str]:
    """Property words for a reader, the strongest only: "symmetric positive definite", not also
    "positive semidefinite" and "symmetric"."""
    if "spd" in props:
        props = (props - {"psd", "symmetric", "positive"}) | {"symmetric positive definite"}
    elif "psd" in props:
        props = (props - {"symmetric"}) | {"symmetric positive semidefinite"}
    props = props - {"spd", "psd"}
    names = {
        "skew": "skew-symmetric",
        "lower": "lower triangular",
        "upper": "upper triangular",
        "unitdiag": "unit diagonal",
        "reflector": "reflector",
        "basis": "a standard basis vector",
        "orthocols": "with orthonormal columns",
        "onehot": "one-hot",
        "onehotcols": "one-hot by columns",
        "stochastic": "row-stochastic",
    }
    return sorted(names.get(p, p) for p in props)
