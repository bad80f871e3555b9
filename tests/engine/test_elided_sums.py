"""Sums written with an ellipsis (`X_{11} + X_{22} + \\dots + X_{nn}`) are checked as the sum they
elide when the pattern is certain, and stay unchecked, naming the ellipsis, when it is not."""

from __future__ import annotations

import pytest
from engine_notes import one_step

DECLARED = "Let $X \\in \\mathbb{R}^{n \\times n}$ and $x, y \\in \\mathbb{R}^n$.\n\n"


def verdict(step: str) -> tuple[str, str]:
    found = one_step(DECLARED, step)
    return found.status, found.reason


@pytest.mark.parametrize(
    "step",
    [
        r"\operatorname{tr}(X) = X_{11} + X_{22} + \dots + X_{nn}",
        r"X_{11} + X_{22} + \dots + X_{nn} = \sum_{i=1}^n X_{ii}",
        r"x^T y = x_1 y_1 + x_2 y_2 + \cdots + x_n y_n",
        r"\|x\|^2 = x_1^2 + x_2^2 + \ldots + x_n^2",
        r"(x_1 + x_2 + \dots + x_n)^2 = (\mathbf{1}^T x)^2",
    ],
)
def test_an_elided_sum_that_holds_is_ok(step: str) -> None:
    assert verdict(step) == ("ok", "")


@pytest.mark.parametrize(
    "step",
    [
        r"\operatorname{tr}(X) = X_{11} + X_{22} + \dots + X_{nn} + 1",
        r"x^T y = x_1^2 + x_2^2 + \cdots + x_n^2",
        r"\operatorname{tr}(X^T X) = X_{11}^2 + X_{22}^2 + \dots + X_{nn}^2",
    ],
)
def test_an_elided_sum_that_fails_is_broken(step: str) -> None:
    assert verdict(step)[0] == "broken"


def test_an_ellipsis_whose_pattern_is_not_certain_is_unchecked_at_its_column() -> None:
    status, reason = verdict(r"x^T y = x_1 y_1 + x_2 y_2 + \cdots + x_n y_1")
    assert status == "unchecked"
    assert "\\cdots (an elided list)" in reason and "column 32" in reason, reason
