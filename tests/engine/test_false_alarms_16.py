"""Steps of backpropagation notes (batched layers, softmax with cross-entropy, attention, layouts)
that mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps

MLP = (
    "Let $X\\in\\mathbb{R}^{n\\times d}$, $W_1 \\in \\mathbb{R}^{d\\times h}$,"
    " $W_2\\in\\mathbb{R}^{h\\times k}$,"
    " $Y \\in \\mathbb{R}^{n\\times k}$.\n\n"
    "$$ H = \\tanh(X W_1) ,\\quad Z_2 = H W_2 $$\n\n"
    "$$ L = \\frac{1}{2n}\\| Z_2 - Y \\|_F^2 $$\n\n"
    "$$ \\Delta_2 = \\frac{\\partial L}{\\partial Z_2} = \\frac{1}{n}( Z_2 - Y ) $$\n\n"
)


def test_a_name_given_to_a_loss_derivative_is_the_gradient_shaped_like_its_variable() -> None:
    # `\Delta_2 = \partial L / \partial Z_2` was read in numerator layout (the transpose of Z_2's
    # shape), so `\partial L / \partial W_2 = H^T \Delta_2` was broken. A name given to the
    # derivative of a scalar by a matrix is the error signal, shaped like the matrix.
    found = steps(
        MLP + "$$ \\frac{\\partial L}{\\partial W_2} = H^T \\Delta_2 $$\n\n"
        "$$ \\frac{\\partial L}{\\partial W_2} = 2 H^T \\Delta_2 $$\n"
    )
    assert [s.status for s in found[-2:]] == ["ok", "broken"]


def test_a_display_remark_row_wise_and_one_hot_rows_read_softmax_cross_entropy_by_rows() -> None:
    # `P = \operatorname{softmax}(Z) \quad \text{(row-wise)}` with Z defined as XW, and "Y has
    # one-hot rows": softmax was taken by columns (the remark was in the display, Z had no declared
    # shape) and Y was drawn with any 0/1 rows, so (P - Y)/n was broken. The missing 1/n stays broken.
    found = steps(
        "$X\\in\\mathbb{R}^{n\\times d}$, $W\\in\\mathbb{R}^{d\\times K}$, and"
        " $Y \\in \\{0,1\\}^{n\\times K}$ has one-hot rows.\n\n"
        "$$ Z = X W, \\qquad P = \\operatorname{softmax}(Z) \\quad \\text{(row-wise)} $$\n\n"
        "$$ L = -\\frac{1}{n} \\sum_{i=1}^n \\sum_{k=1}^K Y_{ik} \\log P_{ik} $$\n\n"
        "$$ \\frac{\\partial L}{\\partial Z} = \\frac{1}{n}(P - Y) $$\n\n"
        "$$ (P - Y)\\mathbf{1} = 0 $$\n\n"
        "$$ \\frac{\\partial L}{\\partial W} = X^T (P - Y) $$\n"
    )
    assert [s.status for s in found[-3:]] == ["ok", "ok", "broken"]
    assert "one-hot" in " ".join(found[-3].evidence.assumptions)


def test_row_wise_softmax_of_scores_divided_by_a_root() -> None:
    # "the softmax is taken along each row": once a softmax of a defined name (`A =
    # \operatorname{softmax}(S)`, S = QK^T/\sqrt{d}) is read by rows, the softmax of the product
    # divided by a number written out in O = softmax(QK^T/\sqrt{d}) V must be read by rows too, or
    # dL = tr(G^T A dV) is broken (it was, between those two changes).
    found = steps(
        "Queries and keys $Q, K \\in \\mathbb{R}^{n\\times d}$, values $V \\in \\mathbb{R}^{n\\times m}$.\n\n"
        "$$ S = \\frac{Q K^T}{\\sqrt{d}}, \\qquad A = \\operatorname{softmax}(S) $$\n\n"
        "where the softmax is taken along each row. The output is"
        " $O = \\operatorname{softmax}(QK^T/\\sqrt{d})\\,V$ and $L = \\operatorname{tr}(G^T O)$.\n\n"
        "$$ dL = \\operatorname{tr}(G^T A\\, dV) $$\n\n"
        "$$ \\frac{\\partial L}{\\partial V} = A^T G $$\n\n"
        "$$ \\frac{\\partial L}{\\partial V} = A G $$\n"
    )
    assert [s.status for s in found[-3:]] == ["ok", "ok", "broken"]


def test_an_equation_between_declared_sizes_is_a_condition() -> None:
    # "does not even have the right shape unless $m = n = k$": the sizes are drawn apart, so
    # `n = k` was broken. An equation between two matrices in the same prose is still checked.
    found = steps(
        "Let $A \\in \\mathbb{R}^{k\\times n}$ and $B \\in \\mathbb{R}^{m\\times k}$.\n\n"
        "The product $B A$ is square only when $m = n = k$, and $A^T A = A A^T + 0$ holds"
        " only then too: $(A^T)^T = A = A + 0$.\n"
    )
    sizes = [s for s in found if s.lhs in ("m", "n")]
    assert [s.status for s in sizes] == ["unchecked", "unchecked"]
    assert all(s.kind == "condition" for s in sizes)
    assert [s.status for s in found if s.lhs == "(A^T)^T"] == ["ok"]


def test_a_property_supposed_with_for_holds_until_the_general_case() -> None:
    # "For symmetric $B$ ..." declared B symmetric for the rest of the note, so the wrong
    # 2Bx + A^T b after "not available for general $B$" was ok. It is a hypothesis now.
    found = steps(
        "Let $A \\in \\mathbb{R}^{m \\times n}$, $x \\in \\mathbb{R}^n$, $b \\in \\mathbb{R}^m$ and"
        " $B \\in \\mathbb{R}^{n\\times n}$.\n\n"
        "For symmetric $B$ the quadratic gradient simplifies:\n\n"
        "$$ \\nabla_x (x^T B x) = 2 B x $$\n\n"
        "This is not available for general $B$:\n\n"
        "$$ \\nabla_x (x^T B x + b^T A x) = (B + B^T) x + A^T b $$\n\n"
        "$$ \\nabla_x (x^T B x + b^T A x) = 2 B x + A^T b $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_star_before_the_subscript_names_the_same_symbol() -> None:
    # `W^\star_\lambda` did not parse ("unexpected _"); it is `W_\lambda^\star`.
    found = steps(
        "$X \\in \\mathbb{R}^{n\\times d}$, $Y \\in \\mathbb{R}^{n\\times k}$, $\\lambda > 0$.\n\n"
        "$$ W^\\star_\\lambda = (X^T X + \\lambda I)^{-1} X^T Y $$\n\n"
        "$$ (X^T X + \\lambda I) W_\\lambda^\\star = X^T Y $$\n\n"
        "$$ (X^T X + 2\\lambda I) W^\\star_\\lambda = X^T Y $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "ok", "broken"]
    assert found[0].kind == "definition"


def test_a_step_that_holds_as_zero_by_unlinked_derivatives_is_not_ok() -> None:
    # "Given $G = \partial L / \partial X$" and, for one token, "$g = \partial L / \partial x$":
    # L was read as linear in X alone, so both sides of `\partial L / \partial E = e g^T` were 0
    # and the step, and its transposed twin, were ok. Neither is decided by 0 = 0.
    found = steps(
        "An embedding table $E \\in \\mathbb{R}^{V \\times d}$ maps a one-hot code $e \\in \\{0,1\\}^V$"
        " to the row $x = E^T e \\in \\mathbb{R}^d$. With codes as rows of"
        " $O \\in \\{0,1\\}^{n \\times V}$,\n\n"
        "$$ X = O E \\in \\mathbb{R}^{n \\times d} $$\n\n"
        "Given $G = \\partial L / \\partial X$, for one token, with"
        " $g = \\partial L/\\partial x \\in \\mathbb{R}^d$,\n\n"
        "$$ \\frac{\\partial L}{\\partial E} = e\\, g^T $$\n\n"
        "$$ \\frac{\\partial L}{\\partial E} = g\\, e^T $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "unchecked"]
    assert all("0 = 0" in s.reason for s in found)
