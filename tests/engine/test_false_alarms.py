"""Correct steps of realistic notes that mdcheck once reported broken (or could not check at all):
each a small note checked end to end, with a wrong step beside it where that shows the check is real."""

from __future__ import annotations

from engine_notes import steps

from mdcheck.api import check_text


def test_a_differential_written_with_an_unbraced_mathrm_is_part_of_the_step() -> None:
    # `X\,\mathrm dY` once ended the step at `X`: `\mathrm` without braces was read as a remark.
    found = steps(
        "Let $X, Y \\in \\mathbb{R}^{n \\times n}$.\n\n"
        "$$ \\mathrm d(XY) = (\\mathrm dX)Y + X\\,\\mathrm dY $$\n\n"
        "$$ \\mathrm d(XY) = Y\\,\\mathrm dX + X\\,\\mathrm dY $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_inverted_gram_matrix_is_drawn_full_rank() -> None:
    # `(X^T X)^{-1}` with X drawn wider than tall is the inverse of a singular matrix.
    found = steps(
        "Let $X \\in \\mathbb{R}^{N \\times p}$ have full column rank and $y \\in \\mathbb{R}^N$.\n"
        "The hat matrix is $H = X(X^TX)^{-1}X^T$.\n\n"
        "$$ H^2 = X(X^TX)^{-1}X^TX(X^TX)^{-1}X^T = H $$\n\n"
        "$$ \\|y - Hy\\|^2 = y^T(I - H)y $$\n\n"
        "$$ \\|y - Hy\\|^2 = y^T(I + H)y $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]


def test_the_ones_vector_keeps_its_meaning_when_its_size_is_declared() -> None:
    found = steps(
        r"Let $C = I_N - \frac1N \mathbf{1}\mathbf{1}^T$, $\mathbf 1 \in \mathbb R^N$ all ones."
        "\n\n"
        r"$$ C^2 = I - \frac2N \mathbf 1\mathbf 1^T + \frac1{N^2}\mathbf 1\mathbf 1^T\mathbf 1\mathbf 1^T $$"
        "\n\n"
        r"$$ I - \frac2N \mathbf 1\mathbf 1^T + \frac1{N^2}\mathbf 1\mathbf 1^T\mathbf 1\mathbf 1^T = C $$"
        "\n\n"
        r"$$ C^2 = I - \frac1N \mathbf 1\mathbf 1^T + \frac1{N^2}\mathbf 1\mathbf 1^T\mathbf 1\mathbf 1^T $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_space_written_without_braces_declares_a_shape_and_properties() -> None:
    # `\\mathbb S^n` declares a symmetric matrix as `\\mathbb{S}^n` does; without it `2Ax` is wrong.
    found = steps(
        "Let $A \\in \\mathbb S^n$ and $x \\in \\mathbb R^n$.\n\n"
        "$$ \\nabla_x (x^T A x) = 2Ax $$\n\n"
        "$$ \\nabla_x (x^T A x) = Ax $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_entries_beside_a_family_of_rows_do_not_end_the_check() -> None:
    # `y_i` beside the rows `x_i` of X once stopped the whole file with an internal error.
    found = steps(
        r"Let $X \in \mathbb{R}^{N \times d}$ have rows $x_i^T$, $y \in \mathbb{R}^N$, $w \in \mathbb{R}^d$."
        "\n\n"
        "$$ \\|y - Xw\\|^2 = \\sum_{i=1}^N (y_i - x_i^T w)^2 $$\n"
    )
    # Now the rows are modelled (x_i = X^T e_i, y_i component i of y): the step holds.
    assert [s.status for s in found] == ["ok"]


def test_property_words_set_right_after_a_symbol_apply_to_it() -> None:
    # "$\Sigma \in ...$ symmetric positive definite", no verb: the expansion needs the symmetry.
    found = steps(
        r"Let $\mu \in \mathbb{R}^d$, $\Sigma \in \mathbb{R}^{d \times d}$ symmetric positive definite,"
        r" $x \in \mathbb R^d$."
        "\n\n"
        r"$$ (x - \mu)^T\Sigma(x - \mu) = x^T\Sigma x - 2\mu^T\Sigma x + \mu^T\Sigma\mu $$"
        "\n\n"
        r"$$ (x - \mu)^T\Sigma(x - \mu) = x^T\Sigma x - \mu^T\Sigma x + \mu^T\Sigma\mu $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_gradient_of_a_constant_times_an_expression_takes_the_whole_product() -> None:
    # `\nabla_\theta \frac12 (...)^T(...)` once differentiated the 1/2 alone (a zero gradient).
    found = steps(
        r"Let $\theta \in \mathbb R^n$, $X \in \mathbb R^{m \times n}$, $y \in \mathbb R^m$."
        "\n\n"
        r"$$ \nabla_\theta \frac12 (X\theta - y)^T(X\theta - y) = X^TX\theta - X^Ty $$"
        "\n\n"
        r"$$ \nabla_\theta \tfrac{1}{2} \|X\theta - y\|^2 + X^Ty = X^TX\theta $$"
        "\n\n"
        r"$$ \nabla_\theta \frac12 \|X\theta - y\|^2 = X^TX\theta + X^Ty $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_size_said_in_words_declares_the_shape() -> None:
    # "an invertible $n \times n$ matrix": `c^n` needs n to be A's size.
    found = steps(
        r"Let $A$ be an invertible $n \times n$ matrix and $c$ a scalar."
        "\n\n"
        r"$$ \det(cA) = c^n \det A $$"
        "\n\n"
        r"$$ \det(cA) = c^{n+1} \det A $$"
        "\n\n"
        r"For an $m \times n$ matrix $X$ and $v \in \mathbb{R}^m$, $$ \|X^T v\|^2 = v^T X X^T v $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok"]


def test_a_name_in_braces_is_the_name() -> None:
    # `{\bf A}` was a group, so "${\bf A} \in ...$ be symmetric" declared nothing.
    found = steps(
        r"Let ${\bf x}, {\bf v} \in \mathbb{R}^n$ and let ${\bf A} \in \mathbb{R}^{n\times n}$ be symmetric."
        "\n\n"
        r"$$ ({\bf v} + {\bf x})^T{\bf A}({\bf v} + {\bf x}) = {\bf v}^T{\bf A}{\bf v}"
        r" + 2{\bf v}^T{\bf A}{\bf x} + {\bf x}^T{\bf A}{\bf x} $$"
        "\n\n"
        r"$$ \frac{\partial}{\partial {\bf x}} {\bf x}^T{\bf A}{\bf x} = 2{\bf A}{\bf x} + {\bf v} $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_one_hot_label_is_drawn_one_hot() -> None:
    # The softmax cross-entropy gradient p - y holds only when the entries of y sum to one.
    found = steps(
        r"Let $z \in \mathbb{R}^K$, $p = \operatorname{softmax}(z)$ and let $y \in \mathbb{R}^K$ be one-hot."
        "\n\n"
        r"$$ \frac{\partial}{\partial z} \left(-y^T \log p\right) = p - y $$"
        "\n\n"
        r"$$ \frac{\partial}{\partial z} \left(-y^T \log p\right) = y - p $$"
        "\n\n"
        r"For a one-hot label $t \in \mathbb{R}^K$, $$ t^T t = 1 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok"]


def test_a_matrix_with_orthonormal_columns_is_drawn_so() -> None:
    # X^T X = I for a tall X with orthonormal columns; X X^T is a projection.
    found = steps(
        r"Let $X \in \mathbb{R}^{n \times p}$ have orthonormal columns and $y \in \mathbb R^n$."
        "\n\n"
        r"$$ (X^\top X)^{-1} X^\top y = X^\top y $$"
        "\n\n"
        r"$$ (XX^\top)^2 = XX^\top $$"
        "\n\n"
        r"$$ (XX^\top)^2 = X^\top X $$"
        "\n\n"
        r"The columns of $U \in \mathbb{R}^{m \times k}$ are orthonormal. $$ \|U^\top U\|_F^2 = k $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken", "ok"]


def test_a_wrong_step_with_a_sized_identity_on_one_side_is_broken() -> None:
    # A silent miss: `I_n` on one side only was taken for a name the step introduces.
    found = steps(
        r"Let $X \in \mathbb{R}^{n \times p}$ have orthonormal columns."
        "\n\n"
        r"$$ (XX^\top)^2 = X X^\top + I_n $$"
        "\n\n"
        r"$$ X^\top X = I_p $$"
        "\n"
    )
    assert [s.status for s in found] == ["broken", "ok"]


def test_a_derivative_written_with_an_unbraced_mathrm_d_is_checked() -> None:
    found = steps(
        "Let $x > 0$ be a scalar.\n\n"
        r"$$ \frac{\mathrm d}{\mathrm dx} \sqrt{x} \ln x = \frac{\ln x}{2\sqrt x} + \frac{1}{\sqrt x} $$"
        "\n\n"
        r"$$ \frac{\mathrm d}{\mathrm dx} \sqrt{x} \ln x = \frac{\ln x}{\sqrt x} + \frac{1}{\sqrt x} $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_the_identity_matrix_said_in_words_stays_the_identity() -> None:
    # "the $n \times n$ identity matrix $I$" once declared I a (random) matrix.
    found = steps(
        r"Let $I_n$ denote the $n \times n$ identity matrix and $A$ an $n \times n$ matrix."
        "\n\n"
        r"$$ A I_n = A $$"
        "\n\n"
        r"The $n \times n$ identity matrix $I$ satisfies $$ I A = A $$"
        "\n\n"
        r"$$ I A = A^T $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_matrix_of_ones_defined_in_prose_is_not_a_crash() -> None:
    # `J = \mathbf 1 \mathbf 1^T` has no symbols but its size comes from its context.
    found = steps(
        r"Let $\mathbf{1} \in \mathbb{R}^{n}$ be the vector of ones and $J = \mathbf 1 \mathbf 1^T$."
        "\n\n"
        r"$$ J \mathbf 1 = n \mathbf 1 $$"
        "\n\n"
        r"$$ J \mathbf 1 = \mathbf 1 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_unit_vector_and_an_idempotent_matrix_are_drawn_so() -> None:
    found = steps(
        r"Let $u \in \mathbb{R}^n$ with $\|u\| = 1$, and let $v \in \mathbb{R}^n$ be a unit vector."
        "\n\n"
        r"$$ (uu^\top)^2 = uu^\top $$"
        "\n\n"
        r"$$ (vv^\top)^2 = vv^\top $$"
        "\n\n"
        r"$$ (uu^\top)^2 = 2uu^\top $$"
        "\n\n"
        r"Let $P \in \mathbb R^{n \times n}$ satisfy $P^2 = P$. $$ (I - P)^2 = I - P $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken", "ok"]


def test_a_step_relying_on_an_assumed_equation_is_unchecked_not_broken() -> None:
    # mdcheck does not impose `BC = CB`: a failing step using B and C may rely on it (unchecked,
    # saying so); one that does not use them all, or an equation not assumed ("then ..."), stays broken.
    found = steps(
        r"Suppose $B, C \in \mathbb R^{n\times n}$ commute, i.e. $BC = CB$."
        "\n\n"
        r"$$ (B + C)^2 = B^2 + 2BC + C^2 $$"
        "\n\n"
        r"$$ (B + I)^2 = B^2 + I $$"
        "\n\n"
        r"If $A \in \mathbb R^{n\times n}$ then $A + A^T = 2A + A^T - A$. $$ (A + I)^2 = A^2 + I $$"
        "\n"
    )
    assert [s.status for s in found] == ["unchecked", "broken", "broken"]
    assert found[0].kind == "condition" and "BC = CB" in found[0].reason


def test_a_ones_vector_with_its_size_as_a_subscript_is_the_ones_vector() -> None:
    found = steps(
        r"Let $X, Y \in \mathbb R^{m\times n}$."
        "\n\n"
        r"$$ \mathrm{tr}(X^\top (Y \odot Y)) = \mathbf 1_m^\top (X \odot Y \odot Y) \mathbf 1_n $$"
        "\n\n"
        r"$$ \operatorname{tr}\left(X^\top Y\right) = \mathbf 1_m^\top (X \odot Y \odot Y) \mathbf 1_n $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_braced_bold_name_takes_a_subscript() -> None:
    # `{\bf x}_i` was a parse error: braces, then a subscript on nothing.
    found = steps(
        r"Let ${\bf x}_1, {\bf x}_2 \in \mathbb{R}^n$."
        "\n\n"
        r"$$ ({\bf x}_1 + {\bf x}_2)^T({\bf x}_1 + {\bf x}_2) = {\bf x}_1^T{\bf x}_1 + 2{\bf x}_1^T{\bf x}_2"
        r" + {\bf x}_2^T{\bf x}_2 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok"]


def test_property_words_after_a_symbol_and_an_article_apply_to_it() -> None:
    found = steps(
        r"Let $X \in \mathbb{R}^{N \times p}$, and $w \in \mathbb{R}^p$ a unit-norm weight vector."
        "\n\n"
        r"$$ \|w w^\top\|_F^2 = w^\top w $$"
        "\n\n"
        r"$$ (ww^\top)^2 = ww^\top $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok"]


def test_a_gradient_of_a_bracketed_product_and_a_noun_after_adjectives() -> None:
    # `\nabla_\beta (y - X\beta)^T W (y - X\beta)` took only the first factor (a tensor: unchecked);
    # "a diagonal weight matrix $W$" declared nothing, so W was drawn unsymmetric.
    found = steps(
        r"Let $X \in \mathbb{R}^{n\times p}$, $y \in \mathbb R^n$, $\beta \in \mathbb R^p$ and"
        r" a diagonal weight matrix $W \in \mathbb{R}^{n \times n}$."
        "\n\n"
        r"$$ \nabla_\beta (y - X\beta)^\top W (y - X\beta) = -2X^\top W(y - X\beta) $$"
        "\n\n"
        r"$$ \nabla_\beta (y - X\beta)^\top W (y - X\beta) = -X^\top W(y - X\beta) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_properties_said_across_a_size_an_abbreviation_or_denotes() -> None:
    found = steps(
        r"Let $u, v \in \mathbb{R}^{d}$. Here $K$ denotes a $d \times d$ positive definite kernel matrix."
        "\n\n"
        r"$$ u^\top K v = v^\top K u $$"
        "\n\n"
        r"Take $R$ to be a $d\times d$ rotation, i.e. an orthogonal matrix, so that $$ \|R u\|^2 = \|u\|^2 $$"
        "\n\n"
        r"$$ \|R u\|^2 = 2\|u\|^2 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_property_said_in_a_relative_clause_applies() -> None:
    found = steps(
        r"Let $x \in \mathbb{R}^n$. The matrix $D \in \mathbb R^{n \times n}$, which we assume is symmetric,"
        "\n\n"
        r"$$ \nabla_x (x^\top D x) = 2Dx $$"
        "\n\n"
        r"The matrix $E \in \mathbb R^{n \times n}$, which is not symmetric: $$ \nabla_x (x^T E x) = 2Ex $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_capital_used_as_a_count_is_a_scalar() -> None:
    # `N` bounds a sum, so `\frac{N}{2}` is a number, not a matrix (was unchecked: a tensor).
    found = steps(
        r"Let $\Sigma \in \mathbb{R}^{d \times d}$ be symmetric positive definite and $x_n \in \mathbb{R}^d$."
        "\n\n"
        r"$$ \ell = -\frac{N}{2}\log|\Sigma| - \frac12 \sum_{n=1}^N x_n^T\Sigma^{-1}x_n $$"
        "\n\n"
        r"$$ \frac{\partial}{\partial \Sigma}\left(-\frac{N}{2}\log|\Sigma|\right) = -\frac N2 \Sigma^{-1} $$"
        "\n\n"
        r"$$ \frac{\partial}{\partial \Sigma}\left(-\frac{N}{2}\log|\Sigma|\right) = -N \Sigma^{-1} $$"
        "\n"
    )
    assert [s.status for s in found][1:] == ["ok", "broken"]


def test_an_inline_chain_after_when_or_if_is_a_hypothesis() -> None:
    found = steps(
        r"Let $A, B, C, D, E \in \mathbb{R}^{k \times k}$. When $A = B = C$ the two divergences agree."
        "\n\n"
        r"Expanding gives $(D + E)^2 = D^2 + DE + ED + E^2 = D^2 + 2DE + E^2$ in general."
        "\n"
    )
    assert [s.status for s in found][:2] == ["unchecked", "unchecked"]
    assert found[1].kind == "condition"
    assert found[-1].status == "broken"


def test_the_derivative_of_a_matrix_exponential_is_the_matrix_one() -> None:
    # The matrix exponential had no differential rule, so only `exp` entry by entry was tried.
    found = steps(
        r"Let $A \in \mathbb{R}^{n \times n}$ and $X \in \mathbb{R}^{n \times n}$."
        "\n\n"
        r"$$ \frac{d}{dt}\exp(tA) = A\exp(tA) $$"
        "\n\n"
        r"$$ \frac{d}{dt}e^{tA} = e^{tA}A $$"
        "\n\n"
        r"$$ \frac{d}{dt}\exp(tA) = A^T\exp(tA) $$"
        "\n\n"
        r"$$ d\exp(X) = \exp(X)\,dX $$"
        "\n"
    )
    # The last is wrong: X and dX need not commute.
    assert [s.status for s in found] == ["ok", "ok", "broken", "broken"]


def test_a_name_given_a_value_by_a_step_is_not_drawn_at_random_later() -> None:
    # `s^2 = ...` names s without defining it; `s^2 = x^T x / N` then compared a random s.
    found = steps(
        r"Let $x \in \mathbb{R}^N$."
        "\n\n"
        r"$$ s^2 = \frac{1}{N} \|x\|^2 $$"
        "\n\n"
        r"$$ s^2 = \frac1N x^T x $$"
        "\n\n"
        r"$$ \frac1N x^T x = \frac2N \|x\|^2 $$"
        "\n"
    )
    assert [s.status for s in found] == ["unchecked", "unchecked", "broken"]
    assert found[1].kind == "unknown-meaning"


def test_the_diagonal_blocks_of_a_symmetric_block_matrix_are_symmetric() -> None:
    text = (
        "$$ \\Sigma = \\begin{pmatrix} \\Sigma_{aa} & \\Sigma_{ab} \\\\ \\Sigma_{ba} & \\Sigma_{bb}"
        " \\end{pmatrix} $$"
        "\n\n"
        r"where $\Sigma$ is PROPERTY, $\Sigma_{aa} \in \mathbb{R}^{p \times p}$,"
        r" $\Sigma_{bb} \in \mathbb{R}^{q \times q}$"
        r" and $\Sigma_{ba} = \Sigma_{ab}^T$."
        "\n\n"
        r"$$ (\Sigma_{aa} - \Sigma_{ab}\Sigma_{bb}^{-1}\Sigma_{ba})^T"
        r" = \Sigma_{aa} - \Sigma_{ab}\Sigma_{bb}^{-1}\Sigma_{ba} $$"
        "\n"
    )
    found = steps(text.replace("PROPERTY", "symmetric positive definite"))
    assert [s.status for s in found] == ["unchecked", "ok"]
    found = steps(text.replace("PROPERTY", "invertible"))
    assert [s.status for s in found] == ["unchecked", "broken"]


def test_a_kkt_system_is_a_condition() -> None:
    found = steps(
        r"Let $A \in \mathbb{R}^{m \times n}$, $b \in \mathbb{R}^m$, $C \in \mathbb{R}^{p \times n}$,"
        r" $d \in \mathbb{R}^p$, $x \in \mathbb{R}^n$, $\nu \in \mathbb{R}^p$. The KKT system is"
        "\n\n"
        r"$$ \begin{pmatrix} A^TA & C^T \\ C & 0 \end{pmatrix}\begin{pmatrix} x \\ \nu \end{pmatrix}"
        r" = \begin{pmatrix} A^Tb \\ d \end{pmatrix} $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition")]


def test_a_derivative_whose_body_is_not_a_number_keeps_the_scale_of_its_terms() -> None:
    # With Sigma set to a symmetric S, log det Sigma is not a number on some draws; that poisoned
    # the scale both sides (equal, near zero) are compared at: unstable, on some seeds broken.
    from mdcheck.options import CheckOptions

    text = (
        r"Let $S \in \mathbb{R}^{d \times d}$ be symmetric and $\Sigma \in \mathbb{R}^{d \times d}$"
        r" positive definite. At the optimum $\Sigma = S$."
        "\n\n"
        r"$$ \frac{\partial}{\partial \Sigma}\left(\log\det\Sigma + \operatorname{tr}(\Sigma^{-1}S)\right)"
        r" = \Sigma^{-1}(\Sigma - S)\Sigma^{-1} $$"
        "\n"
    )
    for seed in range(6):
        report = check_text(text, path="note.md", options=CheckOptions(seed=seed))
        assert [s.status for s in report.steps] == ["ok"], seed


def test_the_macros_a_latex_file_defines_are_expanded_in_its_math() -> None:
    # `\newcommand{\vx}{\mathbf{x}}` was not expanded: every step using one was a parse error.
    body = (
        "Let $\\mA \\in \\R^{m \\times n}$, $\\vb \\in \\R^m$ and $\\vx \\in \\R^n$.\n"
        "\\begin{align}\n"
        "\\|\\mA\\vx - \\vb\\|^2 &= (\\mA\\vx - \\vb)\\T(\\mA\\vx - \\vb) \\\\\n"
        "&= \\vx\\T\\mA\\T\\mA\\vx - 2\\vb\\T\\mA\\vx + \\vb\\T\\vb\n"
        "\\end{align}\n"
        "\\[ \\nabla_{\\vx} \\|\\mA\\vx - \\vb\\|^2 = 2\\mA\\T(\\mA\\vx - \\vb) \\]\n"
        "\\[ \\nabla_{\\vx} \\|\\mA\\vx - \\vb\\|^2 = 2\\mA\\T\\mA\\vx - \\vb \\]\n"
    )
    preamble = (
        "\\documentclass{article}\n\\newcommand{\\vx}{\\mathbf{x}}\n\\newcommand{\\vb}{\\mathbf{b}}\n"
        "\\newcommand\\mA{\\mathbf{A}}\n\\newcommand{\\R}{\\mathbb{R}}\n\\def\\T{^\\top}\n"
        "\\begin{document}\n"
    )
    report = check_text(preamble + body + "\\end{document}\n", path="note.tex", language="latex")
    assert report.error is None
    assert [s.status for s in report.steps] == ["ok", "ok", "ok", "broken"]
    assert report.steps[0].line == 10
    # Another file does not inherit them.
    other = check_text(body, path="other.tex", language="latex")
    assert {s.status for s in other.steps} == {"unchecked"}


def test_a_macro_with_an_argument_is_expanded_with_it() -> None:
    text = (
        "\\newcommand{\\bm}[1]{\\boldsymbol{#1}}\n\\DeclareMathOperator{\\Tr}{Tr}\n"
        "Let $\\bm{A}, \\bm{B} \\in \\mathbb{R}^{n \\times n}$.\n"
        "\\[ \\Tr(\\bm{A}\\bm{B}) = \\Tr(\\bm{B}\\bm{A}) \\]\n"
        "\\[ \\Tr(\\bm{A}\\bm{B}) = \\Tr(\\bm{A})\\Tr(\\bm{B}) \\]\n"
    )
    report = check_text(text, path="note.tex", language="latex")
    assert [s.status for s in report.steps] == ["ok", "broken"]


def test_a_relation_with_a_note_set_over_it_is_a_step() -> None:
    # `\stackrel{(a)}{=}` and `\overset{\text{def}}{=}` once dropped their steps from the report.
    found = steps(
        r"Let $X \in \mathbb{R}^{n \times p}$, $w \in \mathbb{R}^p$, $y \in \mathbb{R}^n$."
        "\n\n"
        "$$\\begin{aligned} \\nabla_w \\|Xw - y\\|^2 &\\stackrel{(a)}{=} 2X^T(Xw - y) \\\\"
        " &\\overset{(b)}{=} 2X^TXw - 2X^Ty \\\\ &\\stackrel{(c)}{=} 2X^TXw - X^Ty \\end{aligned}$$"
        "\n\n"
        r"$$ r \overset{\text{def}}{=} Xw - y $$"
        "\n\n"
        r"$$ \|r\|^2 \overset{!}{=} 0 $$"
        "\n"
    )
    assert [s.status for s in found][:3] == ["ok", "ok", "broken"]
    assert [s.relation for s in found] == ["=", "=", "=", ":=", "\\overset{!}{=}"]
    assert (found[4].status, found[4].kind) == ("unchecked", "condition")  # a requirement, reported


def test_a_requirement_is_a_condition_and_what_follows_from_it_is_checked_as_one() -> None:
    # `\overset{!}{=} 0` (it shall be zero) was no relation: its equation was dropped, and the
    # rewriting after it, `\iff A x = b`, was checked as an identity and broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ be symmetric, $b, x \\in \\mathbb{R}^n$ and "
        "$f(x) = \\frac12 x^T A x - b^T x$.\n\n"
        "$$ \\nabla f(x) = A x - b \\overset{!}{=} 0 \\iff A x = b $$\n\n"
        "$$ x^T A x \\overset{?}{=} x^T A^T x $$\n\n"
        "$$ A x - b \\overset{!}{=} 0 \\iff A x = -b $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("unchecked", "condition"),
        ("ok", "ok"),  # the requirement rearranged
        ("unchecked", "not-an-identity"),  # a question
        ("unchecked", "condition"),
        ("unchecked", "condition"),  # a wrong rearrangement stays a condition, never broken
    ]
    assert found[2].reading == "the condition it follows from, rearranged"


def test_a_derivative_of_a_loss_linked_to_its_variable_in_words_is_not_broken() -> None:
    # "softmax rows P" of Z is said in words: L written in P does not depend on Z as mdcheck reads it.
    found = steps(
        r"Let $Z \in \mathbb{R}^{N \times k}$ with softmax rows $P$ and one-hot rows $Y$, and the mean loss"
        r" $L = -\frac1N\sum_{n=1}^N\sum_{j=1}^k Y_{nj}\log P_{nj}$."
        "\n\n"
        r"$$ \frac{\partial L}{\partial Z} = \frac1N(P - Y) $$"
        "\n\n"
        r"Let $z \in \mathbb{R}^k$. $$ \nabla_z (z^T z) = z $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning"), ("broken", "broken")]


def test_a_path_written_with_the_name_of_its_matrix_leaves_the_matrix_alone() -> None:
    # "for $A(t) = A + tB$" made A defined in terms of itself: every later step with A unchecked.
    found = steps(
        r"Let $A, B \in \mathbb{R}^{n \times n}$ and $c \in \mathbb{R}$."
        r" Jacobi's formula for $A(t) = A + tB$:"
        "\n\n"
        r"$$ \frac{d}{dt}\det(A + tB) = \det(A + tB)\operatorname{tr}\left((A + tB)^{-1}B\right) $$"
        "\n\n"
        r"$$ \det(cA) = c\det(A) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_equation_given_as_a_reason_is_a_premise_not_a_claim() -> None:
    # `\quad \text{since } A = A^T` was checked as a claim and reported broken (A not declared
    # symmetric); `\text{because } (...)` was read as a function named "because".
    found = steps(
        r"Let $A \in \mathbb{R}^{n \times n}$ and $x \in \mathbb{R}^n$."
        "\n\n"
        r"$$ x^TAx = x^TA^Tx \quad \text{since } A = A^T $$"
        "\n\n"
        r"$$ x^TAx = x^TA^Tx \quad \text{because } (x^TAx)^T = x^TA^Tx $$"
        "\n\n"
        r"$$ \because\ (Ax)^T = x^TA^T, \quad \therefore\ x^TA^Tx = (Ax)^Tx $$"
        "\n\n"
        r"$$ x^TAx = 2x^TA^Tx \quad \text{since } A = A^T $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "unchecked", "ok", "ok", "ok", "ok", "broken", "unchecked"]
    assert found[1].kind == "condition"


def test_subscript_characters_from_a_pdf_are_subscripts() -> None:
    # `∇ₓ` read `ₓ` as a new name, so the gradient step was unchecked.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ and $x \\in \\mathbb{R}^n$.\n\n"
        "$$ ∇ₓ (xᵀAx) = (A + Aᵀ)x $$\n\n"
        "$$ ∇ₓ (xᵀAx) = 2Ax $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_nabla_of_a_transposed_factor_followed_by_more_is_also_the_whole_product() -> None:
    # `\nabla_x x^T A x` took only x^T as the operand: a tensor, unchecked.
    found = steps(
        r"Let $A \in \mathbb{R}^{n \times n}$ and $x \in \mathbb{R}^n$."
        "\n\n"
        r"$$ \nabla_x x^T A x = (A + A^T)x $$"
        "\n\n"
        r"$$ \nabla_x x^T A x = 2Ax $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_the_bound_of_a_family_sum_is_its_member_count_elsewhere_in_the_step() -> None:
    # `\sum_{i=1}^N x_i - N\mu`: the sum was written out for three members, N drawn at random.
    found = steps(
        r"Samples $x_1, \dots, x_N \in \mathbb{R}^d$, $\mu \in \mathbb{R}^d$, "
        r"$\Sigma \in \mathbb{R}^{d \times d}$."
        "\n\n"
        r"$$ \sum_{i=1}^N \Sigma^{-1} (x_i - \mu) = \Sigma^{-1} \left( \sum_{i=1}^N x_i - N \mu \right) $$"
        "\n\n"
        r"$$ \sum_{i=1}^N \Sigma^{-1} (x_i - \mu) = \Sigma^{-1} \left( \sum_{i=1}^N x_i - (N+1) \mu \right)$$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_unknown_function_whose_derivative_is_given_by_itself_is_unchecked() -> None:
    # `\sigma'(z) = \sigma(z)(1 - \sigma(z))` holds for the logistic function, not a random one.
    found = steps(
        "Let $z \\in \\mathbb{R}$ and $f$ a function.\n\n"
        "$$ \\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) $$\n\n"
        "$$ \\frac{d}{dz} f(z)^2 = 2 f(z) $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "broken"]
    assert found[0].kind == "unknown-meaning"


def test_a_display_with_one_expression_heads_the_chain_of_the_displays_after_it() -> None:
    # `\|Ax - y\|^2` alone, then `= ...`: the step continued the display before it (`x^T x`).
    found = steps(
        "Let $A \\in \\mathbb{R}^{m \\times n}$, $x \\in \\mathbb{R}^n$, $y \\in \\mathbb{R}^m$.\n\n"
        "$$ x^T x = x^T x $$\n\n"
        "We expand step by step.\n\n"
        "$$ \\|A x - y\\|^2 $$\n\n"
        "$$ = (A x - y)^T (A x - y) $$\n\n"
        "$$ = x^T A^T A x - y^T A x + y^T y $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
    assert found[1].lhs.startswith("\\|A x - y\\|")


def test_a_row_wrapped_over_displays_does_not_head_the_next_step() -> None:
    # `$$ = a + $$ $$ b $$ $$ = c $$`: b is the end of a row, not an expression equal to c.
    found = steps(
        "Let $x, y \\in \\mathbb{R}^n$.\n\n"
        "$$ (x + y)^T (x + y) $$\n\n"
        "$$ = x^T x + 2 x^T y + $$\n\n"
        "$$ y^T y $$\n\n"
        "$$ = \\|x + y\\|^2 $$\n"
    )
    assert "broken" not in [s.status for s in found]


def test_a_ones_vector_subscripted_by_a_declared_size_has_that_size() -> None:
    # `\frac{1}{n^2} \mathbf{1}_n \mathbf{1}_n^T \mathbf{1}_n \mathbf{1}_n^T`: n was drawn apart from the
    # ones vector's length, so 1^T 1 = n failed.
    found = steps(
        "Let $x \\in \\mathbb{R}^n$ and $\\mathbf{1}_n$ the ones vector.\n\n"
        "$$ I - \\frac{2}{n} \\mathbf{1}_n \\mathbf{1}_n^T + \\frac{1}{n^2} \\mathbf{1}_n \\mathbf{1}_n^T"
        " \\mathbf{1}_n \\mathbf{1}_n^T = I - \\frac{1}{n} \\mathbf{1}_n \\mathbf{1}_n^T $$\n\n"
        "$$ I - \\frac{2}{n} \\mathbf{1}_n \\mathbf{1}_n^T + \\frac{1}{n^2} \\mathbf{1}_n \\mathbf{1}_n^T"
        " \\mathbf{1}_n \\mathbf{1}_n^T = I - \\frac{2}{n} \\mathbf{1}_n \\mathbf{1}_n^T $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_blackboard_bold_i_is_the_identity() -> None:
    # `(\mathbb{I} + W)^T g`: \mathbb{I} was a scalar, a shape error.
    found = steps(
        "Let $W \\in \\mathbb{R}^{n \\times n}$ and $g \\in \\mathbb{R}^n$.\n\n"
        "$$ (\\mathbb{I} + W)^\\top g = g + W^\\top g $$\n\n"
        "$$ (\\mathbb{I} + W)^\\top g = g + W g $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_identity_subscripted_by_a_declared_size_has_that_size() -> None:
    # `\operatorname{tr}(\mathbf{I}_p) = p`: the identity's size was drawn apart from p.
    found = steps(
        "Let $X \\in \\mathbb{R}^{N \\times p}$.\n\n"
        "$$ \\operatorname{tr}(\\mathbf{I}_p) = p $$\n\n"
        "$$ \\operatorname{tr}(\\mathbf{I}_p) = 2p $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_number_minus_a_vector_in_an_elementwise_product_is_entrywise() -> None:
    # `(1 - \tanh^2(z)) \odot g`: the 1 is the ones vector (was a shape error, unchecked).
    found = steps(
        "Let $\\mathbf{z}, \\mathbf{g} \\in \\mathbb{R}^n$ and $L = \\mathbf{g}^T \\tanh(\\mathbf{z})$.\n\n"
        "$$ \\nabla_{\\mathbf{z}} L = (1 - \\tanh^2(\\mathbf{z})) \\odot \\mathbf{g} $$\n\n"
        "$$ \\nabla_{\\mathbf{z}} L = (1 - \\tanh(\\mathbf{z})) \\odot \\mathbf{g} $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_nabla_of_a_primed_first_factor_followed_by_more_is_also_the_whole_product() -> None:
    # `\nabla_x y' A x` (a prime for the transpose) took only y' as the operand: a tensor, unchecked.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ and $x, y \\in \\mathbb{R}^n$.\n\n"
        "$$ \\nabla_x y^{\\prime} A x = A^{\\prime} y $$\n\n"
        "$$ \\nabla_x y^{\\prime} A x = A y $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_number_plus_a_vector_inside_an_elementwise_function_is_entrywise() -> None:
    # `\log(1 + \exp(X\beta))`: the 1 is the ones vector (was a shape error, unchecked).
    found = steps(
        "Let $X \\in \\mathbb{R}^{n \\times p}$, $\\beta \\in \\mathbb{R}^p$, $y \\in \\mathbb{R}^n$.\n\n"
        "$$ \\nabla_\\beta \\left( y^\\top X \\beta - \\mathbf{1}^\\top \\log(1 + \\exp(X\\beta)) \\right)"
        " = X^\\top (y - \\operatorname{sigmoid}(X\\beta)) $$\n\n"
        "$$ \\nabla_\\beta \\left( y^\\top X \\beta - \\mathbf{1}^\\top \\log(1 + \\exp(X\\beta)) \\right)"
        " = X^\\top (y - \\exp(X\\beta)) $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_sum_over_an_index_never_runs_over_a_single_entry() -> None:
    # A silent miss: with the declared shapes set aside, x was a scalar, so `\sum_i x_i` was x_1
    # alone and dropping the N of `N\mu` held.
    found = steps(
        "Let $x_1, \\dots, x_N \\in \\mathbb{R}^d$ be the samples and "
        "$\\mu \\in \\mathbb{R}^d$ their mean.\n\n"
        "$$ \\sum_{i=1}^N (x_i - \\mu) = \\sum_{i=1}^N x_i - \\mu $$\n\n"
        "$$ \\sum_{i=1}^N (x_i - \\mu) = \\sum_{i=1}^N x_i - N\\mu $$\n\n"
        "$$ \\sum_{i=1}^n y_i^2 = y^T y $$\n"
    )
    assert [s.status for s in found] == ["broken", "ok", "ok"]
