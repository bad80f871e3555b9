"""A step about a matrix the notes write out (`J = [[0, -1], [1, 0]]`) holds or fails with that
matrix, even when the symbol stands on both sides."""

from __future__ import annotations

from engine_notes import steps

ROTATIONS = (
    "Let $R(\\theta) = \\begin{bmatrix} \\cos\\theta & -\\sin\\theta \\\\ \\sin\\theta & \\cos\\theta "
    "\\end{bmatrix}$ and $J = \\begin{bmatrix} 0 & -1 \\\\ 1 & 0 \\end{bmatrix}$.\n\n"
)


def test_a_rotation_commutes_with_the_quarter_turn_the_notes_give() -> None:
    # J was checked as any 2x2 matrix when it stood on both sides: R J = J R was broken.
    found = steps(ROTATIONS + "$$ R(\\theta) J = J R(\\theta) $$\n\n$$ J^T J = I $$\n")
    assert [(s.status, s.reading) for s in found] == [("ok", "J as the notes give it"), ("ok", "")]


def test_a_step_false_for_the_given_matrix_stays_broken() -> None:
    found = steps(ROTATIONS + "$$ R(\\theta) J = J^T R(\\theta) $$\n\n$$ J R(\\theta) = R(\\theta)^T J $$\n")
    assert [s.status for s in found] == ["broken", "broken"]


def test_a_number_given_for_a_special_case_does_not_excuse_a_wrong_general_step() -> None:
    # "For the pure quadratic ($\mu = 0$)" gives mu a value; a wrong Hessian that holds only at
    # mu = 0 must stay broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ be symmetric, $x \\in \\mathbb{R}^n$ and "
        "$f(x) = \\frac12 x^T A x + \\frac{\\mu}{2}\\|x\\|^4$ with $\\mu > 0$.\n\n"
        "For the pure quadratic ($\\mu = 0$) the Hessian is $A$.\n\n"
        "$$ \\nabla^2 f(x) = A + 2\\mu\\|x\\|^2 I + 2\\mu x x^T $$\n"
    )
    assert [s.status for s in found] == ["broken"]


def test_an_inverse_worked_out_to_the_identity_is_a_claim_for_every_value() -> None:
    # `X (X^T X)^{-1} X^T = I` was "evaluation at a point: no value is given for X" (unchecked),
    # as if I were a number the step reached at some point; a wrong identity was never broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{m \\times n}$ with $m > n$ have full column rank.\n\n"
        "$$ (X^T X)^{-1} X^T X = I $$\n\n$$ X (X^T X)^{-1} X^T = I $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_product_set_to_the_identity_without_an_inverse_may_be_a_property() -> None:
    # "a matrix with $$Q^T Q = I$$" gives Q a property in words: never broken.
    found = steps("Let $Q \\in \\mathbb{R}^{n\\times k}$ be a matrix with\n\n$$ Q^T Q = I $$\n")
    assert [s.status for s in found] == ["unchecked"]


def test_a_name_the_prose_gives_a_structure_its_definition_lacks_is_not_broken() -> None:
    # "L a graph Laplacian (L = D - A)" with D never said to be diagonal: through the definition
    # L is not symmetric, and the correct gradient 2LH was broken. A wrong one still is.
    found = steps(
        "Let $L$ be a graph Laplacian ($L = D - A$, $A$ symmetric nonnegative) and "
        "$H \\in \\mathbb{R}^{n \\times k}$.\n\n"
        "$$ \\frac{\\partial}{\\partial H} \\operatorname{tr}(H^T L H) = 2 L H $$\n\n"
        "$$ \\frac{\\partial}{\\partial H} \\operatorname{tr}(H^T L H) = L H $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning"), ("broken", "broken")]
    assert "as the prose describes it" in found[0].reason


def test_an_equation_the_prose_calls_wrong_is_not_assumed() -> None:
    # "A wrong one: $a \times b = b \times a$" was read as an assumption about commuting factors, and
    # the same wrong equation displayed after it became a condition instead of broken.
    found = steps(
        "Let $\\mathbf{a}, \\mathbf{b} \\in \\mathbb{R}^3$.\n\n"
        "A wrong one: $\\mathbf{a}\\times\\mathbf{b} = \\mathbf{b}\\times\\mathbf{a}$, and in display:\n\n"
        "$$ \\mathbf{a}\\times\\mathbf{b} = \\mathbf{b}\\times\\mathbf{a} $$\n"
    )
    assert [s.status for s in found] == ["broken"]
