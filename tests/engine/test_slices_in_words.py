"""Vectors the prose says are the columns or rows of a matrix (`$X$ with columns $x_1, \\dots, x_n$`)
are not modelled: a failing step that uses them is unchecked, naming them, never broken (reading
`x_i` as entries of a vector `x` would make `tr(X^T X) = \\sum_i x_i^T x_i` a false alarm)."""

from __future__ import annotations

from engine_notes import steps


def test_columns_described_in_words_are_never_a_false_alarm() -> None:
    found = steps(
        "Let $X \\in \\mathbb{R}^{m \\times n}$ with columns $x_1, \\dots, x_n$.\n\n"
        "$$ \\operatorname{tr}(X^T X) = \\sum_{i=1}^n x_i^T x_i = \\sum_{i=1}^n \\|x_i\\|^2 $$\n"
    )
    # The sum runs over the n columns of X, which the prose names: x_i is X e_i, and the step holds.
    assert [s.status for s in found] == ["ok", "ok"]


def test_rows_named_with_a_transpose_are_read_too() -> None:
    found = steps(
        "The rows of the data matrix $Z$ are $z_1^T, \\dots, z_N^T$, and $w \\in \\mathbb{R}^n$.\n\n"
        "$$ \\|Zw\\|^2 = \\sum_{i=1}^N (z_i^T w)^2 $$\n"
    )
    assert found[0].status == "unchecked" and "rows of a matrix" in found[0].reason


def test_entries_of_a_vector_are_still_checked() -> None:
    found = steps(
        "Let $y \\in \\mathbb{R}^n$ be a column vector with entries $y_i$.\n\n"
        "$$ \\|y\\|^2 = \\sum_{i=1}^n y_i^2 = \\sum_{i=1}^n y_i^3 $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_other_talk_of_rows_and_columns_marks_nothing() -> None:
    found = steps(
        "Each entry $c_{ik}$ of $C = AB$ follows the row-column rule, and $x_1$ is a column vector.\n\n"
        "$$ x_1^T x_1 = \\|x_1\\|^2 + 1 $$\n"
    )
    assert found[0].status == "broken"
