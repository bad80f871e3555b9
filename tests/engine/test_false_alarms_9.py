"""Steps of ML course notes in older or looser notation (plain-TeX `{\\rm tr}`, the logistic
function's derivative applied to a matrix, one-hot labels, ...) that mdcheck once judged wrongly,
each a small note checked end to end."""

from __future__ import annotations

import json
from pathlib import Path

from engine_notes import steps

from mdcheck.api import check_file


def test_old_style_roman_trace_is_the_trace_operator() -> None:
    # `{\rm tr}` was read as the letters r and t: cyclicity was broken, a true step unchecked.
    found = steps(
        "Let $X$ be $n \\times p$ and $W$ an $n \\times n$ matrix.\n\n"
        "$$ {\\rm tr}\\,(X^T W X) = {\\rm tr}\\,(W X X^T) $$\n\n"
        "$$ {\\rm tr}(X^T W X) = 2\\,{\\rm tr}(W X X^T) $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_old_style_roman_word_that_is_no_operator_stays_a_group() -> None:
    found = steps("Let $a, b \\in \\mathbb{R}^n$.\n\n$$ a^T b + {\\rm c} = b^T a + {\\rm c} $$\n")
    assert [s.status for s in found] == ["ok"]


def test_derivative_of_the_logistic_function_applies_entrywise_to_a_matrix() -> None:
    # `\sigma'(Z)` with sigma "the logistic function" and Z a matrix was a derivative by a matrix
    # (a tensor): every step of the backprop chain was unchecked.
    prose = (
        "Let $X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times h}$, "
        "$Y \\in \\mathbb{R}^{n \\times h}$ and $\\sigma$ the logistic function, applied entrywise:\n"
        "$Z = XW$, $A = \\sigma(Z)$.\n\n"
    )
    good = steps(
        prose + "$$ dA = \\sigma'(Z) \\odot dZ = (\\sigma(Z) - \\sigma(Z) \\odot \\sigma(Z)) \\odot dZ $$\n"
    )
    assert [(s.status, s.kind) for s in good] == [("ok", "ok"), ("ok", "ok")]
    bad = steps(prose + "$$ dA = \\sigma'(Z) \\odot dZ = \\sigma(Z) \\odot dZ $$\n")
    assert [(s.status, s.kind) for s in bad] == [("ok", "ok"), ("broken", "broken")]


def test_a_one_hot_label_in_a_binary_set_is_drawn_one_hot() -> None:
    # `y \in \{0,1\}^K` one-hot was drawn as any binary vector: the softmax cross-entropy gradient
    # p - y, true for one-hot labels, was broken.
    prose = (
        "Let $\\mathbf s \\in \\mathbb{R}^K$, $\\mathbf p = \\operatorname{softmax}(\\mathbf s)$ and "
        "$\\mathbf y \\in \\{0,1\\}^K$ one-hot. The loss is $\\ell = -\\mathbf y^\\top \\log \\mathbf p$.\n\n"
    )
    found = steps(prose + "$$ \\nabla_{\\mathbf s} \\ell = \\mathbf p - \\mathbf y $$\n\n")
    assert [(s.status, s.kind) for s in found] == [("ok", "ok")]
    wrong = steps(prose + "$$ \\nabla_{\\mathbf s} \\ell = \\mathbf y - \\mathbf p $$\n\n")
    assert [(s.status, s.kind) for s in wrong] == [("broken", "broken")]


def test_a_property_word_right_before_a_symbol_is_said_of_that_symbol() -> None:
    # "the probability of action $a$ (one-hot $e_a$)" made `a` one-hot, not `e_a`; "With $\mathbf y$
    # the one-hot vector of ..." made nothing one-hot: true softmax gradients were broken.
    policy = steps(
        "With logits $\\theta \\in \\mathbb{R}^K$ and $\\pi = \\operatorname{softmax}(\\theta)$, the "
        "probability of action $a$ (one-hot $e_a$) is $e_a^\\top \\pi$, and\n\n"
        "$$ \\nabla_{\\theta} \\log (e_a^\\top \\pi) = e_a - \\pi $$\n"
    )
    assert [(s.status, s.kind) for s in policy] == [("ok", "ok")]
    label = steps(
        "Let $\\mathbf s \\in \\mathbb{R}^V$ and $\\mathbf q = \\operatorname{softmax}(\\mathbf s)$. With "
        "$\\mathbf y$ the one-hot vector of the context word, the loss is "
        "$J = -\\mathbf y^\\top \\log \\mathbf q$.\n\n"
        "$$ \\nabla_{\\mathbf s} J = \\mathbf q - \\mathbf y $$\n\n"
        "$$ \\nabla_{\\mathbf s} J = 2(\\mathbf q - \\mathbf y) $$\n"
    )
    assert [(s.status, s.kind) for s in label] == [("ok", "ok"), ("broken", "broken")]


def test_a_linking_verb_keeps_the_property_on_the_symbol_before_it() -> None:
    # "$A$ is symmetric" followed by another symbol still says it of A.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ and $x \\in \\mathbb{R}^n$, where $A$ is symmetric $x$ "
        "is any vector.\n\n$$ \\nabla_x (x^T A x) = 2 A x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok")]


def test_a_conditional_clause_in_words_before_an_inline_chain_makes_it_a_hypothesis() -> None:
    # "If the weights are tied, $W_1 = W_2^T = U^T$ ..." was checked as an identity and broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{d \\times n}$, $W_1 \\in \\mathbb{R}^{k \\times d}$ and "
        "$W_2 \\in \\mathbb{R}^{d \\times k}$. If the weights are tied, $W_1 = W_2^T = U^T$ with "
        "$U \\in \\mathbb{R}^{d \\times k}$.\n\n"
        "$$ d(U U^T X) = dU\\, U^T X + U\\, dU^T X $$\n"
    )
    inline = [s for s in found if s.rhs.strip() == "U^T"]
    assert [(s.status, s.kind) for s in inline] == [("unchecked", "condition")]
    assert (found[-1].status, found[-1].kind) == ("ok", "ok")


def test_a_clause_that_holds_a_formula_does_not_make_a_hypothesis() -> None:
    # "If $A$ is symmetric, $x^TAx = ...$" states a consequence: it is still checked.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ and $x \\in \\mathbb{R}^n$. "
        "If $A$ is invertible, $x^T A x = x^T A^T x = 2 x^T A^T x$ is what we get.\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_equiv_in_prose_names_a_symbol() -> None:
    # "Let $G \equiv A^T A$" left G an arbitrary matrix: the true Hessian claim was broken.
    prose = (
        "Let $A \\in \\mathbb{R}^{n \\times n}$, $\\mathbf x \\in \\mathbb{R}^n$ and "
        "$f(\\mathbf x) = \\tfrac12 \\|A \\mathbf x\\|^2$. Let $G \\equiv A^\\top A$.\n\n"
    )
    assert [(s.status, s.kind) for s in steps(prose + "$$ \\nabla^2 f(\\mathbf x) = G $$\n")] == [
        ("ok", "ok")
    ]
    wrong = steps(prose + "$$ \\nabla^2 f(\\mathbf x) = 2G $$\n")
    assert [(s.status, s.kind) for s in wrong] == [("broken", "broken")]


def test_an_indicator_of_a_summation_index_is_not_evaluated() -> None:
    # The index in `\mathbb{1}[i = j]` or `\mathbb{1}\{t = k\}` was drawn as a random real, so the
    # indicator was always 0: the Kronecker-delta trace and a one-hot cross-entropy were broken.
    delta = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n"
        "$$ \\sum_{i=1}^n \\sum_{j=1}^n \\mathbb{1}[i = j] A_{ij} = \\operatorname{tr}(A) $$\n"
    )
    assert [(s.status, s.kind) for s in delta] == [("unchecked", "unsupported")]
    label = steps(
        "Let $\\mathbf p \\in \\mathbb{R}^K$ and $\\mathbf y \\in \\{0,1\\}^K$ one-hot, "
        "$y_k = \\mathbb{1}\\{t = k\\}$.\n\n"
        "$$ -\\sum_k \\mathbb{1}\\{t = k\\}\\log p_k = -\\mathbf y^\\top \\log \\mathbf p $$\n"
    )
    assert [(s.status, s.kind) for s in label] == [("unchecked", "unsupported")]


def test_an_indicator_of_drawn_values_is_still_evaluated() -> None:
    found = steps(
        "Let $z \\in \\mathbb{R}^n$.\n\n"
        "$$ \\mathbb{1}[z > 0] \\odot z = \\max(0, z) $$\n\n"
        "$$ \\mathbb{1}[z > 0] \\odot z = z $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_the_ones_vector_is_never_introduced_by_a_step() -> None:
    # A step that named J (`\partial J / \partial b = \Delta \mathbf 1`) recorded `\mathbf 1` as a
    # name introduced by a step: every later formula with a ones vector was unchecked.
    found = steps(
        "Let $\\Delta \\in \\mathbb{R}^{k\\times m}$, $A \\in \\mathbb{R}^{n \\times m}$, "
        "$W \\in \\mathbb{R}^{k \\times n}$, $b \\in \\mathbb{R}^k$.\n\n"
        "$$ \\frac{\\partial J}{\\partial b} = \\sum_{i=1}^m \\delta^{(i)} $$\n\n"
        "$$ \\sum_{i=1}^m \\delta^{(i)} = \\Delta\\mathbf 1 $$\n\n"
        "The layer is $Z = WA + b\\mathbf 1^\\top$; with $W$ varying,\n\n"
        "$$ \\operatorname{tr}(\\Delta^\\top dZ) = \\operatorname{tr}(A\\Delta^\\top dW) $$\n\n"
        "$$ \\operatorname{tr}(\\Delta^\\top dZ) = \\operatorname{tr}(\\Delta A^\\top dW) $$\n"
    )
    assert [(s.status, s.kind) for s in found[-2:]] == [("ok", "ok"), ("broken", "broken")]


def test_a_number_added_to_a_matrix_in_a_hadamard_product_is_in_every_entry() -> None:
    # `\sigma(Z) \odot (1 - \sigma(Z))` with Z a matrix was untyped (1 read as a scalar or a ones
    # vector): the derivative of the logistic layer was never checked.
    prose = (
        "Let $X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times h}$ and $\\sigma$ the "
        "logistic function, applied entrywise: $Z = XW$, $A = \\sigma(Z)$.\n\n"
    )
    found = steps(
        prose + "$$ dA = \\sigma(Z) \\odot (1 - \\sigma(Z)) \\odot dZ $$\n\n"
        "$$ dA = \\sigma(Z) \\odot (2 - \\sigma(Z)) \\odot dZ $$\n\n"
        "$$ dA = (1 - A) \\odot A \\odot dZ $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken"), ("ok", "ok")]


def test_a_property_after_the_size_of_a_symbol_is_said_of_it() -> None:
    # "a weight matrix $W$ of size $n \times n$, symmetric," left W unconstrained: the weighted
    # least-squares gradient, true for symmetric W, was broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{n \\times p}$, $y \\in \\mathbb{R}^n$, $w \\in \\mathbb{R}^p$. With a "
        "weight matrix $W$ of size $n\\times n$, symmetric,\n\n"
        "$$ \\nabla_w (y - Xw)^T W (y - Xw) = -2X^T W (y - Xw) $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok")]


def test_plain_tex_over_is_a_fraction_and_a_derivative() -> None:
    # `{\partial E \over \partial w}` and `{1 \over 2}` were parse errors.
    found = steps(
        "Let $x \\in \\mathbb{R}^n$ and $A \\in \\mathbb{R}^{n\\times n}$.\n\n"
        "$$ {\\partial \\over \\partial x} x^T A x = (A + A^T) x $$\n\n"
        "$$ {\\partial (x^T A x) \\over \\partial x} = 2 A x $$\n\n"
        "$$ {x^T x \\over 2} = {1 \\over 2} x^T x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken"), ("ok", "ok")]


def test_a_group_with_two_overs_stays_a_parse_error() -> None:
    found = steps("Let $a \\in \\mathbb{R}$.\n\n$$ {a \\over 2 \\over 3} = a $$\n")
    assert [(s.status, s.kind) for s in found] == [("unchecked", "parse-error")]


def test_a_chain_of_gram_equations_in_prose_states_an_orthogonal_matrix() -> None:
    # "$V^T V = V V^T = I$" was read as no property: V was drawn as any tall matrix and the ridge
    # solution through the SVD was broken.
    prose = (
        "Let $X = U S V^\\top$ be a thin SVD of $X \\in \\mathbb{R}^{n\\times p}$ with $U^\\top U = I$, "
        "$V^\\top V = V V^\\top = I$ and $S$ diagonal positive, and $\\lambda > 0$.\n\n"
    )
    found = steps(
        prose + "$$ X^\\top X + \\lambda I = V(S^2 + \\lambda I)V^\\top $$\n\n"
        "$$ X^\\top X + \\lambda I = V(S^2 + \\lambda I)V^\\top + I $$\n"
    )
    displayed = [s for s in found if "lambda I" in s.lhs]
    assert [(s.status, s.kind) for s in displayed] == [("ok", "ok"), ("broken", "broken")]


def test_a_row_after_a_premise_remark_goes_on_from_the_chain() -> None:
    # `&= ... && \text{since } dX^{-1} = -X^{-1} dX X^{-1} \\ &= ...`: the next row was chained to
    # the remark's right side (untyped) instead of the chain's last expression.
    found = steps(
        "Let $A \\in \\mathbb{R}^{m\\times n}$, $B \\in \\mathbb{R}^{n \\times m}$ and "
        "$X \\in \\mathbb{R}^{n\\times n}$ invertible.\n\n"
        "\\begin{align}\n"
        "d\\operatorname{tr}(BAX^{-1}) &= \\operatorname{tr}(BA\\,dX^{-1}) \\\\\n"
        "&= -\\operatorname{tr}(BAX^{-1}dX\\,X^{-1}) && \\text{since } dX^{-1} = -X^{-1}dX X^{-1} \\\\\n"
        "&= -\\operatorname{tr}(X^{-1}BAX^{-1}dX) \\\\\n"
        "&= -\\operatorname{tr}(BAX^{-1}dX)\n"
        "\\end{align}\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok")] * 4 + [("broken", "broken")]
    assert found[3].lhs.startswith("-\\operatorname{tr}(BAX^{-1}dX")


def test_a_norm_weighted_by_a_declared_matrix_is_evaluated() -> None:
    # `\|x\|_M` with M a declared matrix was an unsupported norm: metric-learning steps unchecked.
    found = steps(
        "For a symmetric positive definite $M \\in \\mathbb{R}^{d\\times d}$ write "
        "$\\|\\mathbf x\\|_M^2 = \\mathbf x^\\top M \\mathbf x$ "
        "for $\\mathbf x, \\mathbf y \\in \\mathbb{R}^d$.\n\n"
        "$$ \\nabla_{\\mathbf x} \\|\\mathbf x - \\mathbf y\\|_M^2 = 2M(\\mathbf x - \\mathbf y) $$\n\n"
        "$$ \\nabla_{\\mathbf x} \\|\\mathbf x - \\mathbf y\\|_M^2 = M(\\mathbf x - \\mathbf y) $$\n\n"
        "$$ \\|\\mathbf x\\|_1 = \\mathbf 1^\\top \\mathbf x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("broken", "broken"),
        ("unchecked", "unsupported"),
    ]


def test_a_prime_on_a_variable_of_differentiation_is_a_transpose() -> None:
    # Econometrics' Hessian `\partial^2 S / \partial \beta \partial \beta'` was a parse error.
    prose = (
        "Throughout, $A'$ is the transpose of $A$. Let $X$ be $n\\times k$, $y$ an $n\\times 1$ vector, "
        "$\\beta$ a $k \\times 1$ vector and $S(\\beta) = (y - X\\beta)'(y - X\\beta)$.\n\n"
    )
    found = steps(
        prose + "$$ \\frac{\\partial^2 S}{\\partial \\beta\\, \\partial \\beta'} = 2X'X $$\n\n"
        "$$ \\frac{\\partial^2 S}{\\partial \\beta\\, \\partial \\beta'} = X'X $$\n"
    )
    assert [(s.status, s.kind) for s in found if s.rhs.strip() != "(y - X\\beta)'(y - X\\beta)"] == [
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_a_directive_names_a_bold_symbol_written_without_braces() -> None:
    # `assume \mathbf y one-hot` split into `\mathbf` (not a symbol) and a plain `y`.
    prose = "Let $\\mathbf s \\in \\mathbb{R}^K$ and $\\mathbf q = \\operatorname{softmax}(\\mathbf s)$.\n\n"
    found = steps(
        "<!-- mdcheck: assume \\mathbf y one-hot; assume \\boldsymbol \\theta positive -->\n"
        + prose
        + "$$ \\nabla_{\\mathbf s} (-\\mathbf y^\\top \\log \\mathbf q) = \\mathbf q - \\mathbf y $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok")]


def test_a_symbol_that_counts_points_is_a_number() -> None:
    # "For $N$ points": N was an undeclared capital, possibly a matrix, so N/2 log|Sigma| was untyped.
    loss = "\\left(-\\frac{N}{2}\\log|\\Sigma| - \\frac12 \\operatorname{tr}(\\Sigma^{-1}S)\\right)"
    found = steps(
        "For $N$ points with a symmetric scatter matrix $S \\in \\mathbb{R}^{d\\times d}$ and "
        "$\\Sigma \\in \\mathbb{R}^{d\\times d}$ symmetric positive definite,\n\n"
        f"$$ \\frac{{\\partial}}{{\\partial \\Sigma}}{loss} = "
        "-\\frac N2 \\Sigma^{-1} + \\frac12\\Sigma^{-1}S\\Sigma^{-1} $$\n\n"
        f"$$ \\frac{{\\partial}}{{\\partial \\Sigma}}{loss} = -\\frac N2 \\Sigma $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_bold_rows_of_a_plain_capital_are_its_slices() -> None:
    # "$X$ has rows $\mathbf x_1^\top, \dots, \mathbf x_n^\top$": the family's capital was looked for
    # in bold only, so sums over the rows stayed unchecked.
    found = steps(
        "Let $X \\in \\mathbb{R}^{n\\times d}$ have rows $\\mathbf x_1^\\top, \\dots, \\mathbf x_n^\\top$, "
        "and let $\\mathbf y \\in \\mathbb{R}^n$.\n\n"
        "$$ \\sum_{i=1}^n y_i\\mathbf x_i = X^\\top\\mathbf y $$\n\n"
        "$$ \\sum_{i=1}^n y_i\\mathbf x_i = 2X^\\top\\mathbf y $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_plain_tex_upright_d_is_a_differential_mark() -> None:
    # `{\rm d}x` was the letter d times x: a true product rule was broken, a wrong one ok.
    found = steps(
        "Let $x \\in \\mathbb{R}^n$.\n\n"
        "$$ {\\rm d}(x^T x) = 2x^T {\\rm d}x $$\n\n"
        "$$ {\\rm d}(x^T x) = x^T {\\rm d}x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_a_differential_of_a_braced_symbol() -> None:
    # `\mathrm{d}{\bf x}`, `\mathrm{d}{x}`: the d was a new name (or a letter) before the brace.
    found = steps(
        "Let ${\\bf x} \\in \\mathbb{R}^n$.\n\n"
        "$$ \\mathrm{d}({\\bf x}^T{\\bf x}) = 2{\\bf x}^T\\mathrm{d}{\\bf x} $$\n\n"
        "$$ \\mathrm{d}({\\bf x}^T{\\bf x}) = {\\bf x}^T\\mathrm{d}{\\bf x} $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_a_hypothesis_in_mathjax_parentheses_is_a_hypothesis(tmp_path: Path) -> None:
    # "When \(A = A^\top = 2I\)" in a notebook was checked as an identity and broken; with `$` it
    # was a hypothesis.
    cell = "Let \\(A \\in \\mathbb{R}^{n\\times n}\\). When \\(A = A^\\top = 2I\\), the form doubles.\n"
    note = tmp_path / "note.ipynb"
    note.write_text(
        json.dumps(
            {
                "cells": [{"cell_type": "markdown", "metadata": {}, "source": [cell]}],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    report = check_file(str(note))
    assert report.error is None
    first = report.steps[0]
    assert (first.status, first.kind, first.rhs.strip()) == ("unchecked", "condition", "A^\\top")


def test_an_assumption_in_mathjax_parentheses_is_relied_on(tmp_path: Path) -> None:
    # "Suppose \(Av = \lambda v\). Then $$v^T A v = \lambda v^T v$$" was broken in a notebook.
    cell = (
        "Let \\(A \\in \\mathbb{R}^{n\\times n}\\), \\(v \\in \\mathbb{R}^n\\) and "
        "\\(\\lambda \\in \\mathbb{R}\\). "
        "Suppose \\(Av = \\lambda v\\). Then\n\n$$ v^\\top A v = \\lambda v^\\top v $$\n"
    )
    note = tmp_path / "note.ipynb"
    note.write_text(
        json.dumps(
            {
                "cells": [{"cell_type": "markdown", "metadata": {}, "source": [cell]}],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    report = check_file(str(note))
    assert [(s.status, s.kind) for s in report.steps] == [("unchecked", "condition")]
