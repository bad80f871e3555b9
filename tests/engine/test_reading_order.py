"""Which reading of ambiguous notation decides a step: the plain reading first, and the readings
that could hide a mistake (`\\cdot` as an inner product, a matrix name applied as a function) only
when nothing plainer has consistent shapes. Each case has a correct and a wrong variant."""

from __future__ import annotations

import pytest

from mdcheck import check_text

CASES = [
    # (declarations, correct step, the same step with a mistake)
    pytest.param(
        "<!-- mdcheck: A, B: n x n -->",
        r"(A \cdot B)^T = B^T \cdot A^T",
        r"(A \cdot B)^T = A^T \cdot B^T",
        id="cdot between matrices is a product",
    ),
    pytest.param(
        "<!-- mdcheck: x, y: n -->",
        r"x \cdot y = y^T x",
        r"x \cdot y = 2 y^T x",
        id="cdot between two columns is their inner product",
    ),
    pytest.param(
        "<!-- mdcheck: M: m x n; X: n x n -->",
        r"d \operatorname{tr}(M X M^T) = \operatorname{tr}(M dX (M^T))",
        r"d \operatorname{tr}((M + M) X M^T) = \operatorname{tr}(M dX (M^T))",
        id="dX before a bracket is a product, not d of X applied",
    ),
    pytest.param(
        "<!-- mdcheck: U: n x p; W: p x m -->",
        r"W' (U \circ U)' = W' (U' \circ U')",
        r"W' (U \circ U)' = (U' \circ U') W'",
        id="prime before a bracket on a declared matrix is a transpose",
    ),
    pytest.param(
        "<!-- mdcheck: M: n x n -->",
        r"M'(2M) = 2M'M",
        r"M'(2M) = 2MM'",
        id="prime call of a declared square matrix",
    ),
    pytest.param(
        "<!-- mdcheck: A: n x n; x, y: n -->",
        r"A (y^T x) = (x^T y) A",
        r"A (y^T x) = (x^T y) A^T",
        id="a 1x1 product as a scalar factor",
    ),
]


def _statuses(declarations: str, step: str) -> list[str]:
    report = check_text(f"{declarations}\n\n$$\n{step}\n$$\n", path="note.md")
    return [s.status for s in report.steps]


@pytest.mark.parametrize(("declarations", "correct", "wrong"), CASES)
def test_the_plain_reading_decides(declarations: str, correct: str, wrong: str) -> None:
    assert _statuses(declarations, correct) == ["ok"]
    assert _statuses(declarations, wrong) == ["broken"]


def test_a_function_applied_keeps_its_call_reading() -> None:
    note = (
        "Let $f(X) = \\operatorname{tr}(X^T X)$ for $X \\in \\mathbb{R}^{n \\times n}$.\n\n"
        "$$df(X) = 2\\operatorname{tr}(X^T dX)$$\n"
    )
    assert [s.status for s in check_text(note, path="note.md").steps] == ["ok"]
