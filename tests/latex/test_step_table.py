"""The step-splitting table: derivation blocks as notes write them, and the steps split_steps must
find (sides, relation, implication, offsets, declarations), from step_cases.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from latex_fixtures import FixtureCase, as_params, read_cases

from mdcheck.latex.steps import RawStep, split_steps

CASES = read_cases(Path(__file__).with_name("step_cases.md"))
OFFSET = re.compile(r" @ (\d+)$")


def step_line(step: RawStep) -> str:
    lhs = "…" if step.lhs is None else step.lhs.text
    implied = "⇒ " if step.implied and step.first else ""
    return f"{implied}{lhs} | {step.relation} | {step.rhs.text}"


@pytest.mark.parametrize("case", as_params(CASES))
def test_step_case(case: FixtureCase) -> None:
    block = split_steps(case.source)
    expected_steps = [x for x in case.expected if not x.startswith("declares: ")]
    declared = [x.removeprefix("declares: ") for x in case.expected if x.startswith("declares: ")]
    got = [step_line(s) for s in block.steps]
    assert got == [OFFSET.sub("", x) for x in expected_steps]
    for line, step in zip(expected_steps, block.steps, strict=True):
        if match := OFFSET.search(line):
            assert step.offset == int(match.group(1)), line
            assert case.source[step.offset :].startswith(("=", "\\"))
    assert list(block.declarations) == declared


def test_table_size() -> None:
    assert len(CASES) >= 20
