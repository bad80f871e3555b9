"""A vector the notes define by its named components, `x = (a, b)^T`, varies with them: a step that
writes only `dx` but uses `a` and `b` (through `g(x) = a^2 + b^3`) reads `dx` as `(da, db)^T` (it was
a free direction, with a and b constant: `dg(x)` came out 0, a false alarm)."""

from __future__ import annotations

import pytest
from engine_notes import one_step

PROSE = r"Let $x = (a, b)^T \in \mathbb{R}^2$ and $g(x) = a^2 + b^3$." + "\n\n"

CASES = [
    (r"dg(x) = (2a, 3b^2) dx", "ok"),
    (r"dg(x) = (2a \ 3b^2) dx", "ok"),
    (r"d(a^2 + b^3) = (2a, 3b^2) dx", "ok"),
    (r"dg(x) = (3b^2, 2a) dx", "broken"),
    (r"dg(x) = 2 (a, b) dx", "broken"),
]


@pytest.mark.parametrize(("step", "status"), CASES)
def test_a_vector_of_components_varies_with_them(step: str, status: str) -> None:
    assert one_step(PROSE, step).status == status


def test_a_defined_sum_is_still_a_free_direction() -> None:
    prose = r"Let $A, B \in \mathbb{R}^{n \times n}$ and $X = A + B$." + "\n\n"
    assert one_step(prose, r"d(X^2) = dX X + X dX").status == "ok"
