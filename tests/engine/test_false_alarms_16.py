"""Steps of backpropagation notes (batched layers, softmax with cross-entropy, attention, layouts)
that mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps

from mdcheck.latex.parser import parse

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


def test_an_index_range_beside_an_equation_is_no_step() -> None:
    # `\qquad l = 1, \dots, L` and `\qquad t = 1, 2` were steps that could not be parsed
    # ("unexpected ,"); they say which members an equation is written for. An equation after a
    # wide space is still a step.
    found = steps(
        "Let $W_l \\in \\mathbb{R}^{n\\times n}$ and $x_l \\in \\mathbb{R}^n$.\n\n"
        "$$ x_{l} = W_l x_{l-1}, \\qquad l = 1, \\dots, L $$\n\n"
        "$$ d x_l = W_l\\, d x_{l-1}, \\qquad t = 1, 2 $$\n\n"
        "$$ d x_l = W_l^T\\, d x_{l-1}, \\qquad x_l - W_l x_{l-1} = 0 $$\n"
    )
    assert [(s.line, s.status) for s in found] == [(3, "unchecked"), (5, "ok"), (7, "broken"), (7, "ok")]


def test_the_derivative_of_an_activation_defined_entrywise_is_taken_entry_by_entry() -> None:
    # `\phi(u) = \max(u, 0)` (here softplus) and `D = \operatorname{diag}(\phi'(u))` with u a
    # vector: phi' was the (diagonal) Jacobian, diag of it a vector, and every step with D a shape
    # error. A wrong
    # Jacobian of the residual block (without D) stays broken.
    found = steps(
        "Let $x \\in \\mathbb{R}^d$, $W_1 \\in \\mathbb{R}^{h \\times d}$,"
        " $W_2 \\in \\mathbb{R}^{d \\times h}$, $\\phi(u) = \\log(1 + \\exp(u))$, $u = W_1 x$ and"
        " $D = \\operatorname{diag}(\\phi'(u))$.\n\n"
        "$$ y = x + W_2 \\phi(u) $$\n\n"
        "$$ \\frac{\\partial y}{\\partial x} = I + W_2 D W_1 $$\n\n"
        "$$ \\frac{\\partial y}{\\partial x} = I + W_2 W_1 $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "ok", "broken"]


def test_members_of_a_declared_family_have_its_shape() -> None:
    # `h_t \in \mathbb{R}^m` declared h_t only: h_0 had no shape, so `s = W h_0 + U x_1` could not be
    # typed alone, `1 - s \odot s` in the next definition kept a number minus a vector, and the
    # expansion of delta was taken for a redefinition. A wrong expansion stays broken.
    found = steps(
        "Hidden states $h_t \\in \\mathbb{R}^{m}$, inputs $x_t \\in \\mathbb{R}^{p}$,"
        " $W \\in \\mathbb{R}^{m\\times m}$, $U \\in \\mathbb{R}^{m\\times p}$, $g \\in \\mathbb{R}^{m}$.\n\n"
        "$$ s = W h_0 + U x_1 $$\n\n"
        "$$ \\delta = g \\odot (1 - s \\odot s) $$\n\n"
        "$$ \\delta = g - g \\odot s \\odot s $$\n\n"
        "$$ g - s \\odot s = \\delta $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "unchecked", "ok", "broken"]


def test_a_recurrence_member_reached_through_a_definition_is_drawn_not_unrolled() -> None:
    # With the family's shape, `\partial L / \partial U = \delta_2 x_2^T + \delta_1 x_1^T` of BPTT
    # was typed, and broken: delta_1 uses h_1, a member of the recurrence h_t = tanh(W h_{t-1} + U x_t)
    # that mdcheck draws at random. Written in the step or reached through a definition, such a
    # member makes a failing step unchecked.
    found = steps(
        "Hidden states $h_t \\in \\mathbb{R}^{m}$, $W \\in \\mathbb{R}^{m\\times m}$,"
        " $g \\in \\mathbb{R}^{m}$.\n\n"
        "$$ h_t = \\tanh(W h_{t-1}) $$\n\n"
        "$$ \\delta_1 = g \\odot (1 - h_1 \\odot h_1) $$\n\n"
        "$$ 2 \\delta_1 = g $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "unchecked", "unchecked"]
    assert "recurrence" in found[-1].reason


def test_a_relation_sign_is_no_subscript() -> None:
    # `x_ = ` (an empty subscript before the relation) parsed as the name x_{=}: the property test
    # of the quick reading tests found it. A braced `x_{=}` stays a name.
    assert parse("x_ = ").node is None
    assert parse("x_{=}").node is not None
