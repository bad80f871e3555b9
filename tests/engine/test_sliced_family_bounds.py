"""A family the prose calls the rows of a matrix, written out in a definition and in a step: the
sum's bound is the number of members written out everywhere it is used."""

from __future__ import annotations

from engine_notes import steps

MEAN_OF_ROWS = (
    "Let $\\bar x = \\frac{1}{n}\\sum_{i=1}^n x_i$ be the mean of the points "
    "$x_1, \\dots, x_n \\in \\mathbb{R}^d$. Stack them as the rows of $X \\in \\mathbb{R}^{n \\times d}$, "
    "so the rows of $X$ are $x_i^T$.\n\n"
)


def test_a_centred_sum_of_the_rows_holds_with_the_mean_defined_over_them() -> None:
    # The note of a family sum written out as rows reads "..., 3 of them for the bound n, x_i as the
    # rows of X": the bound was read as the name "n, x_i as the rows of X", so n stayed a random
    # number beside a mean taken over three rows, and both correct steps were broken.
    found = steps(
        MEAN_OF_ROWS + "$$ \\sum_{i=1}^n (x_i - \\bar x) = \\sum_{i=1}^n x_i - n\\bar x = 0 $$\n\n"
        "$$ \\sum_{i=1}^n (x_i - \\bar x)(x_i - \\bar x)^T = X^T X - n \\bar x \\bar x^T $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok"]
    assert all("as the rows of X" in s.reading for s in found)


def test_a_wrong_centred_sum_of_the_rows_stays_broken() -> None:
    found = steps(
        MEAN_OF_ROWS + "$$ \\sum_{i=1}^n (x_i - \\bar x)(x_i - \\bar x)^T = X^T X + n \\bar x \\bar x^T $$\n"
    )
    assert [s.status for s in found] == ["broken"]
