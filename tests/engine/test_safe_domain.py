"""Where a step's values are undefined on the random draws (a log of a negative entry), the draws
are made where they are defined, and the step is still decided."""

from __future__ import annotations

from engine_notes import steps


def test_the_log_of_entrywise_products_is_decided_on_positive_entries() -> None:
    # x and y were drawn with negative entries and kept there: "a value is undefined", unchecked.
    found = steps(
        "Let $x, y \\in \\mathbb{R}^n$.\n\n"
        "$$ \\log(x \\odot y) = \\log x + \\log y $$\n\n"
        "$$ \\log(x \\odot y) = \\log x - \\log y $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
    assert found[0].evidence is not None
    assert any("positive entries" in a for a in found[0].evidence.assumptions)


def test_a_number_given_to_a_name_used_as_a_matrix_is_said_plainly() -> None:
    # `\Pi = diag(\pi)` with \pi the constant made \Pi a number; the step uses it as a matrix. The
    # reason was numpy's "cannot reshape array of size 1 into shape (1,3,4)".
    found = steps(
        "Let $P$ be row-stochastic and $\\pi$ a positive vector with $\\Pi = \\operatorname{diag}(\\pi)$.\n\n"
        "$$ P^T \\pi = P^T \\Pi \\mathbf{1} $$\n"
    )
    assert found[0].status == "unchecked"
    assert "reshape" not in found[0].reason
