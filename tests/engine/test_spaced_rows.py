"""A row written with wide spaces for its commas, `(2a \\ 3b^2)` (the `&` of a converted PDF lost),
is a row vector in a step as it is in an expression: `(2a \\ 3b^2) dx` with `x = (a, b)^T`."""

from __future__ import annotations

import pytest
from engine_notes import one_step

PROSE = r"Let $x = (a, b)^T \in \mathbb{R}^2$ and $g(x) = a^2 + b^3$." + "\n\n"

CASES = [
    (r"2a\, da + 3b^2 db = (2a \ 3b^2) dx", "ok"),
    (r"2a\, da + 3b^2 db = (2a \quad 3b^2) dx", "ok"),
    (r"2a\, da + 3b^2 db = (3b^2 \ 2a) dx", "broken"),
    (r"(1 \ 2) (3 \ 4)^T = 11", "ok"),
    (r"(1 \ 2) (3 \ 4)^T = 10", "broken"),
]


@pytest.mark.parametrize(("step", "status"), CASES)
def test_a_row_spaced_with_wide_spaces(step: str, status: str) -> None:
    assert one_step(PROSE, step).status == status
