"""Correct steps of homework-style notes (vector calculus, econometrics, numerical linear algebra,
physics) that mdcheck once reported broken, each a small note checked end to end, with a wrong step
beside it where that shows the check is real."""

from __future__ import annotations

from engine_notes import steps


def test_a_quadratic_form_of_a_skew_matrix_is_compared_with_what_cancelled() -> None:
    # `x^T S x` with S skew is a sum that cancels inside the matrix product: both sides were
    # rounding noise, compared with each other (relative error 2).
    found = steps(
        "Let $S$ be a $3 \\times 3$ skew-symmetric matrix and let $x \\in \\mathbb{R}^3$.\n\n"
        "$$ (x^T S x)^T = x^T S^T x $$\n\n"
        "$$ x^T S^T x = -x^T S x $$\n\n"
        "$$ x^T S^T S x = -x^T S S x + x^T x $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
