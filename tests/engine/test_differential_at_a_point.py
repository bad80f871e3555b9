"""`df(x_0; dx)`: the differential of f at the point x_0 applied to dx. The point is drawn on its
own (`f'(x_0) dx`), or, written as the varying name with a subscript, read as that name (`f'(x) dx`);
`df(X; dX)` is `d f(X)`. A direction that is not a differential stays unchecked."""

from __future__ import annotations

import pytest
from engine_notes import one_step

SCALAR = r"Let $f: \mathbb{R} \to \mathbb{R}$ be smooth and $x$ a scalar." + "\n\n"
MATRIX = r"Let $f$ be a smooth function applied entry by entry, $X \in \mathbb{R}^{m \times n}$." + "\n\n"
CUBE = "Let $g(x) = x^3$ for a scalar $x$.\n\n"

CASES = [
    (SCALAR, r"df(x_0; dx) = f'(x_0) dx", "ok"),
    (SCALAR, r"df(x_0; dx) = f'(x) dx", "ok"),
    (SCALAR, r"df(x_0; dx) = \frac{df}{dx} dx", "ok"),
    (SCALAR, r"df(x_0; dx) = 2 f'(x_0) dx", "broken"),
    (MATRIX, r"df(X; dX) = f'(X) \odot dX", "ok"),
    (MATRIX, r"df(X; dX) = 2 f'(X) \odot dX", "broken"),
    (CUBE, r"dg(x_0; dx) = 3 x_0^2 dx", "ok"),
    (CUBE, r"dg(x; dx) = 3 x^2 dx", "ok"),
    (CUBE, r"dg(x; dx) = x^2 dx", "broken"),
    (CUBE, r"dg(x + 1; dx) = 3 (x + 1)^2 dx", "ok"),
    (CUBE, r"dg(x + 1; dx) = 3 x^2 dx", "broken"),
]


@pytest.mark.parametrize(("prose", "step", "status"), CASES)
def test_the_differential_at_a_point(prose: str, step: str, status: str) -> None:
    assert one_step(prose, step).status == status


def test_a_direction_that_is_not_a_differential_stays_unchecked() -> None:
    found = one_step(CUBE + "Let $h$ be a scalar.\n\n", r"dg(x; h) = 3 x^2 h")
    assert found.status == "unchecked"
    assert found.kind == "unsupported"
