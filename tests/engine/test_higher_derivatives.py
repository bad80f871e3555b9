"""`f''(t)`, `f'''(x)` of a function of one argument the notes define: the derivative taken once
per prime (by a scalar: of any order, the body's shape; by a vector, `f''` is the Hessian)."""

from __future__ import annotations

import pytest
from engine_notes import one_step, steps

CURVE = "Let $t$ be a scalar and\n\n" + r"$$f(t) = \begin{pmatrix} 3 \sin t \\ t^2 \\ e^t \end{pmatrix}$$"
CURVE += "\n\n"
CUBE = "Let $g(s) = s^3 - 2s$ with $s$ a scalar.\n\n"
QUADRATIC = (
    r"Let $x \in \mathbb{R}^n$, $A \in \mathbb{R}^{n \times n}$ and $q(x) = x^T A x + x^T x$." + "\n\n"
)
MATRIX = r"Let $X \in \mathbb{R}^{n \times n}$ and $h(X) = X^2$." + "\n\n"

CASES = [
    (CURVE, r"f''(t) = \begin{pmatrix} -3 \sin t \\ 2 \\ e^t \end{pmatrix}", "ok"),
    (CURVE, r"f''(t) = \begin{pmatrix} 3 \sin t \\ 2 \\ e^t \end{pmatrix}", "broken"),
    (CURVE, r"d^2 f(t) = f''(t) dt^2", "ok"),
    (CUBE, r"g''(s) = 6s", "ok"),
    (CUBE, r"g'''(s) = 6", "ok"),
    (CUBE, r"g''(2) = 12", "ok"),
    (CUBE, r"g''(s) = 3s^2 - 2", "broken"),
    (QUADRATIC, r"q''(x) = A + A^T + 2I", "ok"),
    (QUADRATIC, r"q''(x) = 2A + 2I", "broken"),
]


@pytest.mark.parametrize(("prose", "step", "status"), CASES)
def test_a_derivative_per_prime(prose: str, step: str, status: str) -> None:
    assert steps(prose + "$$ " + step + " $$\n")[-1].status == status


@pytest.mark.parametrize("step", [r"h''(X) = 2X", r"h'''(X) = 0"])
def test_a_higher_derivative_by_a_matrix_is_a_tensor_and_stays_unchecked(step: str) -> None:
    found = one_step(MATRIX, step)
    assert found.status == "unchecked"
    assert found.kind == "untyped"
