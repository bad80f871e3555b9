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


def test_q_transpose_q_equal_to_the_identity_in_prose_gives_orthonormal_columns() -> None:
    # `where $Q^TQ = I_n$` was not read: Q was drawn at random and the QR steps failed.
    found = steps(
        "Let $A \\in \\mathbb{R}^{m\\times n}$ have full column rank, with $A = QR$, where $Q^TQ = I_n$ "
        "and $R$ is $n\\times n$ upper triangular and invertible. Let $b \\in \\mathbb{R}^m$.\n\n"
        "$$ (A^TA)^{-1}A^Tb = (R^TR)^{-1}R^TQ^Tb = R^{-1}Q^Tb $$\n\n"
        "$$ (R^TR)^{-1}R^TQ^Tb = R^{-T}Q^Tb $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_square_matrix_with_r_transpose_r_equal_to_the_identity_is_orthogonal() -> None:
    found = steps(
        "Let $R \\in \\mathbb{R}^{3\\times 3}$ be a rotation, so $R^TR = I$, "
        "and $u, v \\in \\mathbb{R}^3$.\n\n"
        "$$ (Ru)^T(Rv) = u^T R^T R v = u^T v $$\n\n"
        "$$ (Ru)^T(Rv) = u^T R R v $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_property_said_in_an_appositive_after_a_list_of_declarations() -> None:
    # `and $\Omega$ a $n \times n$ symmetric positive definite matrix` (no verb) was not read:
    # Omega was drawn non-symmetric and the GLS gradient was reported broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{n\\times p}$, $\\beta \\in \\mathbb{R}^p$, $y \\in \\mathbb{R}^n$, "
        "and $\\Omega$ a $n \\times n$ symmetric positive definite matrix.\n\n"
        "$$ \\nabla_\\beta (y - X\\beta)^T\\Omega^{-1}(y - X\\beta) = -2X^T\\Omega^{-1}(y - X\\beta) $$\n\n"
        "$$ \\nabla_\\beta (y - X\\beta)^T\\Omega^{-1}(y - X\\beta) = -2X^T\\Omega(y - X\\beta) $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_aligned_row_that_goes_on_with_a_plus_and_then_a_relation_continues_the_expression() -> None:
    # `&\quad + tr(BA) + tr(B^2) = ...` was read as a new equation `+ tr(BA) + tr(B^2) = ...`,
    # and the row before it as a complete (wrong) step.
    found = steps(
        "Let $A, B \\in \\mathbb{R}^{n\\times n}$.\n\n"
        "$$\n\\begin{aligned}\n"
        "\\operatorname{tr}((A+B)^2) &= \\operatorname{tr}(A^2) + \\operatorname{tr}(AB) \\\\\n"
        "&\\quad + \\operatorname{tr}(BA) + \\operatorname{tr}(B^2) = \\operatorname{tr}(A^2) "
        "+ 2\\operatorname{tr}(AB) + \\operatorname{tr}(B^2)\n"
        "\\end{aligned}\n$$\n\n"
        "$$\n\\begin{aligned}\n"
        "\\operatorname{tr}((A+B)^2) &= \\operatorname{tr}(A^2) + \\operatorname{tr}(AB) \\\\\n"
        "&\\quad + \\operatorname{tr}(B^2) = \\operatorname{tr}(A^2) + 2\\operatorname{tr}(AB)\n"
        "\\end{aligned}\n$$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken", "broken"]


def test_an_intertext_that_sets_the_gradient_to_zero_makes_the_next_row_a_condition() -> None:
    # `\intertext{and setting this to zero gives}` was dropped: the normal equations after it
    # were checked as an identity and reported broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{n\\times p}$, $y \\in \\mathbb{R}^n$ and $\\beta \\in \\mathbb{R}^p$.\n\n"
        "\\begin{align*}\n"
        "\\nabla_\\beta \\|y - X\\beta\\|^2 &= -2X^Ty + 2X^TX\\beta \\\\\n"
        "\\intertext{and setting this to zero gives the normal equations}\n"
        "X^TX\\beta &= X^Ty\n"
        "\\end{align*}\n\n"
        "\\begin{align*}\n"
        "\\nabla_\\beta \\|y - X\\beta\\|^2 &= -2X^Ty + 2X^TX\\beta \\\\\n"
        "\\intertext{which we expand as}\n"
        "X^TX\\beta &= X^Ty\n"
        "\\end{align*}\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("unchecked", "condition"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_an_inline_chain_in_a_sentence_that_places_it_at_a_stationary_point_is_a_condition() -> None:
    # "At such a point the objective equals the multiplier: $w^T S w = \lambda w^T w = \lambda$"
    # holds only where Sw = lambda w and w^T w = 1: it was checked everywhere and reported broken.
    found = steps(
        "Let $S \\in \\mathbb{R}^{p\\times p}$ be symmetric, $w \\in \\mathbb{R}^p$ "
        "and $\\lambda$ a scalar.\n\n"
        "At such a point the objective equals the multiplier: $w^T S w = \\lambda w^T w = \\lambda$.\n"
        "In general the form is $w^T S w = w^T S^T w = \\lambda$.\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "condition"),
        ("unchecked", "condition"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_a_model_equation_with_a_noise_term_lets_a_gradient_read_the_data_as_data() -> None:
    # `$y = X\beta + \varepsilon$` binds y, so the gradient in beta went through y (to zero) and
    # the textbook least-squares gradient was reported broken; y read as data, it holds.
    found = steps(
        "Consider the linear model $y = X\\beta + \\varepsilon$ with $X \\in \\mathbb{R}^{n\\times p}$ "
        "and $\\beta \\in \\mathbb{R}^p$.\n\n"
        "$$ \\nabla_\\beta \\|y - X\\beta\\|^2 = -2X^T(y - X\\beta) $$\n\n"
        "$$ y - X\\beta = \\varepsilon $$\n\n"
        "$$ \\nabla_\\beta \\|y - X\\beta\\|^2 = 2X^T(y - X\\beta) $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
    assert "y as data" in found[0].reading and "y as data" in found[2].reading


def test_indexed_lowercase_vectors_beside_their_matrix_may_be_its_rows() -> None:
    # `\|Za\|^2 = \sum_i (z_i^T a)^2` with z_i the rows of Z (said nowhere): the z_i were read as
    # independent symbols and the step reported broken.
    found = steps(
        "Let $Z \\in \\mathbb{R}^{N\\times d}$ and $a \\in \\mathbb{R}^d$.\n\n"
        "$$ \\|Za\\|^2 = \\sum_{i=1}^N (z_i^Ta)^2 $$\n\n"
        "$$ \\|Za\\|^2 = a^T Z Z^T a $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning"), ("broken", "broken")]


def test_a_declared_step_vector_d_is_not_read_as_a_differential() -> None:
    # `d^\top Q d` with `$d \in \mathbb{R}^n$` was parsed as differentials ("differential of unknown
    # order"): the whole second-order expansion was left unchecked.
    found = steps(
        "Let $Q \\in \\mathbb{R}^{n\\times n}$ be symmetric, $c \\in \\mathbb{R}^n$ and "
        "$f(x) = \\tfrac12 x^\\top Q x + c^\\top x$. For a step $d \\in \\mathbb{R}^n$,\n\n"
        "$$ f(x + d) = f(x) + (Qx + c)^\\top d + \\tfrac12 d^\\top Q d $$\n\n"
        "$$ f(x + d) = f(x) + (Qx + c)^\\top d + d^\\top Q d $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_constraint_after_s_t_is_a_condition_and_leaves_its_variable_free() -> None:
    # `\quad \text{s.t.} \quad Cx = d_0`: the constraint was checked as an identity, and its
    # failure made x "introduced by a step", so every later step on x was left unchecked.
    found = steps(
        "Let $A \\in \\mathbb{R}^{m\\times n}$, $b \\in \\mathbb{R}^m$, $C \\in \\mathbb{R}^{p\\times n}$, "
        "$d_0 \\in \\mathbb{R}^p$ and $\\nu \\in \\mathbb{R}^p$.\n\n"
        "$$ \\min_x \\|Ax - b\\|^2 \\quad \\text{s.t.} \\quad Cx = d_0 $$\n\n"
        "$$ \\nabla_x \\left(\\|Ax - b\\|^2 + \\nu^T(Cx - d_0)\\right) = 2A^T(Ax - b) + C^T\\nu $$\n\n"
        "$$ \\nabla_x \\left(\\|Ax - b\\|^2 + \\nu^T(Cx - d_0)\\right) = 2A^T(Ax - b) + C\\nu $$\n"
    )
    assert [(s.status, s.kind) for s in found][-3:] == [
        ("unchecked", "condition"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_the_equation_an_implication_follows_from_is_its_hypothesis() -> None:
    # `$By = x \Rightarrow y = B^{-1}x$`: `By = x` is what the implication assumes; it was checked
    # for all x, y and reported broken.
    found = steps(
        "Let $B$ be an invertible $n\\times n$ matrix and $x, y \\in \\mathbb{R}^n$.\n\n"
        "$$ By = x \\Rightarrow y = B^{-1}x $$\n\n"
        "$$ (B^T)^{-1} = (B^{-1})^T \\Rightarrow x^T B^{-1} y = y^T B^{-1} x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "condition"),
        ("unchecked", "definition"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_a_property_before_a_noun_like_weights_applies_to_the_symbol_after_it() -> None:
    # "symmetric weights $W$" was not read: W was drawn non-symmetric and `D - W = L` with
    # `L^T = D^T - W^T` was reported broken.
    found = steps(
        "Let $W \\in \\mathbb{R}^{n\\times n}$ be given; take symmetric weights $W$ and a diagonal "
        "matrix $D$, and let $f \\in \\mathbb{R}^n$.\n\n"
        "$$ (D - W)^T = D^T - W^T = D - W $$\n\n"
        "$$ f^T(D - W)f = f^TDf + f^TWf $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_property_in_a_parenthesis_after_the_symbol_applies_to_it() -> None:
    # "with inertia $\mathbf{J}$ (symmetric, $3\times 3$)" was not read: J was drawn non-symmetric
    # and the gradient of the kinetic energy reported broken.
    found = steps(
        "A rigid body with inertia $\\mathbf{J}$ (symmetric, $3\\times 3$) and angular velocity "
        "$\\boldsymbol\\omega \\in \\mathbb{R}^3$ has "
        "$T = \\tfrac12\\boldsymbol\\omega^\\top\\mathbf{J}\\boldsymbol\\omega$.\n\n"
        "$$ \\nabla_{\\boldsymbol\\omega} T = \\mathbf{J}\\boldsymbol\\omega $$\n\n"
        "$$ \\nabla_{\\boldsymbol\\omega} T = 2\\mathbf{J}\\boldsymbol\\omega $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_conditional_binding_holds_for_the_next_display_only() -> None:
    # "When $P = Q = M$": P and Q are bound for the display that follows, not for the rest of the
    # section; a wrong step further on was checked with P = Q and passed (a silent miss).
    found = steps(
        r"Let $P, Q \in \mathbb{R}^{n\times n}$ be symmetric positive definite."
        "\n\n"
        r"When $P = Q = M$, the ratio is one:"
        "\n\n"
        r"$$ \ln\det(P^{-1}Q) = 0 $$"
        "\n\n"
        r"In general, however,"
        "\n\n"
        r"$$ \ln\frac{\det Q}{\det P} = \ln\det(Q^{-1}P) $$"
        "\n\n"
        r"$$ \ln\frac{\det Q}{\det P} = \ln\det(P^{-1}Q) $$"
        "\n"
    )
    statuses = [s.status for s in found]
    assert statuses[-2:] == ["broken", "ok"], [(s.line, s.status, s.reason) for s in found]


def test_a_display_that_goes_on_under_a_hypothesis_is_not_broken() -> None:
    # "When $P = Q = M$ ... $$...$$ Likewise $$...$$": the second display may still rely on the
    # hypothesis; failing, it is a condition until the prose speaks of the general case again.
    found = steps(
        r"Let $P, Q \in \mathbb{R}^{n\times n}$ be symmetric positive definite."
        "\n\n"
        r"When $P = Q = M$, the ratio is one:"
        "\n\n"
        r"$$ \ln\det(P^{-1}Q) = 0 $$"
        "\n\n"
        r"Likewise the trace term:"
        "\n\n"
        r"$$ \operatorname{tr}(Q^{-1}P) = n $$"
        "\n\n"
        r"In general, however,"
        "\n\n"
        r"$$ \operatorname{tr}(Q^{-1}P) = n $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found[-2:]] == [("unchecked", "condition"), ("broken", "broken")]


def test_a_singular_verb_says_its_property_of_the_last_symbol_only() -> None:
    # "Let $a, x \in R^n$, and $X$ is invertible": `invertible` was said of a and x too, which
    # dropped their declared sizes (an invertible matrix is square).
    found = steps(
        r"Throughout, $a, x \in \mathbb{R}^n$, $X \in \mathbb{R}^{n\times n}$, and $X$ is invertible."
        "\n\n"
        r"$$ \frac{\partial x^\top a}{\partial x} = a $$"
        "\n"
    )
    assert found[0].status == "ok"
    assert "set aside" not in found[0].reading


def test_an_identity_drawn_with_so_assumes_nothing() -> None:
    # "..., so $x^T B^{-1} y = y^T B^{-T} x$" holds for every B: it cannot excuse a later wrong step
    # as relying on an assumption (a deliberate mistake was reported unchecked [condition]).
    found = steps(
        r"Let $B \in \mathbb{R}^{n\times n}$ be invertible and $x, y \in \mathbb{R}^n$."
        r" Since $(B^\top)^{-1} = (B^{-1})^\top$, so $x^\top B^{-1} y = y^\top B^{-\top} x$."
        "\n\n"
        r"$$ x^\top B^{-1} y = y^\top B^{-1} x $$"
        "\n"
    )
    assert found[-1].status == "broken"
