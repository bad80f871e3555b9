"""Equations that PDF conversions leave in words are read only whole, and a family written out in a
sum takes the shape its declared list gives its members."""

from __future__ import annotations

from engine_notes import steps

from mdcheck.semantics.plain_equations import with_plain_equations


def test_an_equation_cut_short_by_a_sign_the_reader_does_not_know_is_not_read() -> None:
    # `f ( x ) = x ᵀ A x + ...` was read as `f(x) = x`, and every later step about f went wrong.
    assert with_plain_equations("f ( x ) = x ᵀ A x + b ᵀ x + c .", []) == (
        "f ( x ) = x ᵀ A x + b ᵀ x + c .",
        [],
    )
    assert with_plain_equations("where S = L LT and L is lower triangular.", [])[0].count("L^T") == 1
    assert with_plain_equations("with S = L LT (L is invertible) here", [])[1]


def test_the_argument_of_a_function_word_is_not_a_left_side() -> None:
    # `Then det X = 2 and`: read as `X = 2`, it made the matrix X the number 2.
    assert with_plain_equations("Then det X = 2 and", [])[1] == []
    assert with_plain_equations("so tr A = 3 here", [])[1] == []


def test_a_worked_example_after_a_determinant_in_words_keeps_its_matrix() -> None:
    found = steps(
        "Take\n\n$$ X = \\begin{bmatrix} 2 & 1 \\\\ 0 & 1 \\end{bmatrix} $$\n\nThen det X = 2 and\n\n"
        "$$ \\|X\\|_F^2 = 4 + 1 + 0 + 1 = 6 $$\n\n$$ \\|X\\|_F^2 = 7 $$\n"
    )
    assert [s.status for s in found[1:]] == ["ok", "ok", "broken"]


def test_members_of_a_declared_list_written_out_in_a_sum_have_its_shape() -> None:
    # `S = \sum_i x_i x_i^T` with `x_1, \dots, x_n \in R^p`: S is p x p, so tr(S^{-1}S) = p.
    prose = "Let $x_1,\\dots,x_n\\in\\mathbb{R}^p$ and let $S = \\sum_{i=1}^n x_i x_i^\\top$.\n\n"
    found = steps(prose + "$$ \\operatorname{tr}(S^{-1}S) = p $$\n\n$$ \\operatorname{tr}(S^{-1}S) = 2p $$\n")
    assert [s.status for s in found] == ["ok", "broken"]
