"""Steps of statistics and optimisation notes (conditions of optimality, eigen-equations, Riccati
equations, constants) that mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from pathlib import Path

from engine_notes import steps

from mdcheck.api import check_file


def test_stationarity_requires_sets_up_a_condition_and_the_next_display_may_rely_on_it() -> None:
    # "Stationarity requires $$Ax = \lambda x$$" was an identity, broken; so was the next display,
    # which holds only where the condition does. A wrong gradient before them stays broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ be symmetric, $x \\in \\mathbb{R}^n$ and "
        "$\\lambda \\in \\mathbb{R}$.\n\n"
        "$$ \\nabla_x (x^T A x) = A x $$\n\n"
        "Stationarity requires\n\n$$ A x = \\lambda x $$\n\n"
        "so the objective equals the eigenvalue:\n\n$$ x^T A x = \\lambda x^T x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("broken", "broken"),
        ("unchecked", "condition"),
        ("unchecked", "condition"),
    ]


def test_a_condition_is_relied_on_only_by_a_display_that_draws_a_consequence_of_it() -> None:
    # A stated condition whose names a later wrong step happens to use must not excuse it: only the
    # next display, and only after prose that goes on from it ("so", "hence"), may rely on it.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$, $x \\in \\mathbb{R}^n$ and $\\lambda \\in \\mathbb{R}$.\n\n"
        "Stationarity requires\n\n$$ A x = \\lambda x $$\n\n"
        "so\n\n$$ (A + I) x = \\lambda x + x $$\n\n"
        "Then\n\n$$ x^T A x = \\lambda x^T x + 1 $$\n\n"
        "Stationarity requires\n\n$$ A x = \\lambda x $$\n\n"
        "The expansion:\n\n$$ x^T (A + I) x = \\lambda x^T x $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "unchecked", "broken", "unchecked", "broken"]


def test_satisfies_the_riccati_equation_is_a_condition() -> None:
    # `P = Q + A^T P A - ...` after "satisfies the Riccati equation" was checked as an identity.
    found = steps(
        "Let $A, P, Q \\in \\mathbb{R}^{n \\times n}$, $B \\in \\mathbb{R}^{n \\times m}$ and "
        "$R \\in \\mathbb{R}^{m \\times m}$.\n"
        "The value matrix therefore satisfies the Riccati equation\n\n"
        "$$ P = Q + A^T P A - A^T P B (R + B^T P B)^{-1} B^T P A $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition")]


def test_a_block_form_restating_a_condition_is_a_condition() -> None:
    # "The KKT conditions are ... or in block form" : the block system was an identity, broken.
    found = steps(
        "Let $Q \\in \\mathbb{R}^{n \\times n}$, $c, x \\in \\mathbb{R}^n$, "
        "$A \\in \\mathbb{R}^{m \\times n}$ "
        "and $b, \\lambda \\in \\mathbb{R}^m$. The KKT conditions are\n\n"
        "$$ Qx + c + A^T\\lambda = 0, \\qquad Ax = b , $$\n\n"
        "or in block form\n\n"
        "$$ \\begin{bmatrix} Q & A^T \\\\ A & 0 \\end{bmatrix}\\begin{bmatrix} x \\\\ \\lambda \\end{bmatrix}"
        " = \\begin{bmatrix} -c \\\\ b \\end{bmatrix} $$\n\n"
        "Next,\n\n$$ Ax - b = b - Ax $$\n"
    )
    assert [s.kind for s in found] == ["condition", "condition", "condition", "broken"]


def test_the_eigen_equation_named_after_eigenvector_is_assumed() -> None:
    # "let $v$ be a unit eigenvector, $Av = \lambda v$": its differential was broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ be symmetric and let $v \\in \\mathbb{R}^n$ "
        "be a unit eigenvector,\n"
        "$Av = \\lambda v$. Differentiating,\n\n"
        "$$ dA\\, v + A\\, dv = d\\lambda\\, v + \\lambda\\, dv $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition")]


def test_e_beside_pi_is_eulers_number_unless_the_notes_declare_it() -> None:
    # `\log(2\pi e) = 1 + \log 2\pi` (the entropy of a normal density) was broken: e was a free scalar.
    found = steps(
        "Let $k \\in \\mathbb{R}$.\n\n"
        "$$ \\tfrac{k}{2}\\log(2\\pi e) = \\tfrac{k}{2}(1 + \\log 2\\pi) $$\n\n"
        "$$ \\tfrac{k}{2}\\log(2\\pi e) = \\tfrac{k}{2}(2 + \\log 2\\pi) $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
    declared = steps("Let $e, k \\in \\mathbb{R}$.\n\n$$ \\log(2\\pi e) = 1 + \\log 2\\pi $$\n")
    assert [s.status for s in declared] != ["ok"]  # a declared e is the notes' own symbol


def test_a_derivative_with_the_shape_of_its_variable_names_denominator_layout() -> None:
    # "\partial f/\partial A has the shape of A" names denominator layout in other words: the
    # numerator-layout `3A^2` beside the denominator-layout `2A^T` was ok.
    text = (
        "Let $A \\in \\mathbb{R}^{n \\times n}$. We use the convention that $\\partial f/\\partial A$ "
        "has the shape of $A$.\n\n"
        "$$ \\frac{\\partial}{\\partial A}\\operatorname{tr}(A^2) = 2A^T $$\n\n"
        "$$ \\frac{\\partial}{\\partial A}\\operatorname{tr}(A^3) = 3A^2 $$\n"
    )
    assert [(s.status, s.kind) for s in steps(text)] == [("ok", "ok"), ("broken", "wrong-layout")]
    unnamed = steps(
        text.replace("We use the convention that $\\partial f/\\partial A$ has the shape of $A$.", "")
    )
    assert [s.status for s in unnamed] == ["ok", "ok"]  # two claims alone name no layout


def test_intertext_words_before_a_bracket_are_a_remark_not_a_function(tmp_path: Path) -> None:
    # `\intertext{so that}` then `(X^T X)^{-1} ...`: the words were read as a function applied to the
    # bracket, and the row was unchecked [unknown-meaning].
    note = tmp_path / "note.tex"
    note.write_text(
        "\\documentclass{article}\n\\begin{document}\n"
        "Let $X \\in \\mathbb{R}^{n \\times p}$ and $y \\in \\mathbb{R}^n$.\n"
        "\\begin{align*}\n"
        "X^\\top X &= (X^\\top X)^\\top, \\\\\n"
        "\\intertext{so that}\n"
        "(X^\\top X)^{-1} X^\\top y &= (X^\\top X)^{-\\top} X^\\top y, \\\\\n"
        "\\intertext{and in the same way}\n"
        "(X^\\top X)^{-1} X^\\top y &= 2 (X^\\top X)^{-1} X^\\top y\n"
        "\\end{align*}\n\\end{document}\n"
    )
    report = check_file(str(note))
    assert [(s.status, s.kind) for s in report.steps] == [
        ("ok", "ok"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_a_diagonal_matrix_with_positive_entries_has_a_square_root() -> None:
    # "Let $W$ be diagonal with positive entries": W was drawn with entries of both signs, and every
    # step with W^{1/2} was unchecked (a non-integer power of a matrix not positive definite).
    found = steps(
        "Let $X \\in \\mathbb{R}^{n \\times p}$ and $y \\in \\mathbb{R}^n$, and let "
        "$W \\in \\mathbb{R}^{n \\times n}$ be diagonal with positive entries.\n\n"
        "$$ (W^{1/2} X)^T W^{1/2} X = X^T W X $$\n\n"
        "$$ (W^{1/2} X)^T W^{1/2} y = X^T W^{1/2} y $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_name_said_to_be_positive_is_a_number_times_a_bracket() -> None:
    # "with $\sigma > 0$": `\sigma (X^T X)^{-1}` was the logistic function applied, and a wrong
    # sandwich variance was unchecked [unknown-meaning].
    found = steps(
        "Let $X \\in \\mathbb{R}^{n \\times p}$, with $\\sigma > 0$.\n\n"
        "$$ (X^T X)^{-1} X^T (\\sigma^2 I) X (X^T X)^{-1} = \\sigma^2 (X^T X)^{-1} $$\n\n"
        "$$ (X^T X)^{-1} X^T (\\sigma^2 I) X (X^T X)^{-1} = \\sigma (X^T X)^{-1} $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_a_first_row_without_a_relation_is_the_left_side_of_the_next(tmp_path: Path) -> None:
    # `\begin{multline} long left side \\ = right side \end{multline}`: the first row was dropped and
    # `= right side` continued the display before, a shape error [untyped].
    note = tmp_path / "note.tex"
    note.write_text(
        "\\documentclass{article}\n\\begin{document}\n"
        "Let $X \\in \\mathbb{R}^{n \\times p}$ and let $\\Omega \\in \\mathbb{R}^{n \\times n}$ be "
        "symmetric positive definite, and $y \\in \\mathbb{R}^n$.\n"
        "\\begin{equation}\nX^\\top \\Omega^{-1} y = X^\\top \\Omega^{-1} y\n\\end{equation}\n"
        "\\begin{multline}\n(X^\\top \\Omega^{-1} X)^{-1} X^\\top \\Omega^{-1} \\, \\Omega \\, "
        "\\Omega^{-1} X (X^\\top \\Omega^{-1} X)^{-1} \\\\\n"
        "= (X^\\top \\Omega^{-1} X)^{-1}\n\\end{multline}\n"
        "\\begin{align}\n&(X^\\top \\Omega^{-1} X)^{-1} X^\\top \\Omega^{-1} y \\nonumber \\\\\n"
        "&\\quad= (X^\\top X)^{-1} X^\\top y\n\\end{align}\n"
        "\\end{document}\n"
    )
    report = check_file(str(note))
    assert [(s.status, s.position.line) for s in report.steps] == [("ok", 5), ("ok", 9), ("broken", 13)]


def test_a_slash_before_a_row_divides_by_the_whole_product_after_it() -> None:
    # `p^T r / p^T A p` divided by the row p^T alone, then multiplied by A p: a shape error [untyped].
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ and $p, r \\in \\mathbb{R}^n$.\n\n"
        "$$ \\frac{p^T r}{p^T A p} = p^T r / p^T A p $$\n\n"
        "$$ \\frac{p^T r}{p^T A p} = 2 p^T r / p^T A p $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_operator_name_applied_is_a_function_the_notes_may_define() -> None:
    # `\operatorname{lse}(x)` was unknown text, every step with it unchecked [unknown-meaning], though
    # the prose defines it; so was a wrong shift rule.
    found = steps(
        "Let $x \\in \\mathbb{R}^n$, $c \\in \\mathbb{R}$ and "
        "$\\operatorname{lse}(x) = \\log\\sum_{i=1}^n e^{x_i}$.\n\n"
        "$$ \\operatorname{lse}(x + c\\mathbf{1}) = \\operatorname{lse}(x) + c $$\n\n"
        "$$ \\operatorname{lse}(x + c\\mathbf{1}) = \\operatorname{lse}(x) + n c $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_where_definition_inside_a_display_applies_to_the_step_before_it() -> None:
    # `... = X^T R X, \quad \text{where } R = \operatorname{diag}(c)`: R was new on one side of the
    # step [unknown-meaning], so a wrong Hessian went unseen.
    prose = "Let $X \\in \\mathbb{R}^{n \\times d}$, $w \\in \\mathbb{R}^d$ and $c \\in \\mathbb{R}^n$.\n\n"
    lhs = "\\nabla_w^2 \\big(\\tfrac12 w^T X^T \\operatorname{diag}(c) X w\\big)"
    where = ", \\quad \\text{where } R = \\operatorname{diag}(c)"
    found = steps(prose + f"$$ {lhs} = X^T R X{where} $$\n\n$$ {lhs} = X^T R X + I{where} $$\n")
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("unchecked", "definition"),
        ("broken", "broken"),
        ("unchecked", "definition"),
    ]


def test_the_log_of_a_row_times_a_vector_is_the_log_of_the_product() -> None:
    # `\log \mathbf{1}^T \exp(Xw)` was log(1^T) times exp(Xw): the correct gradient X^T p was broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{K \\times d}$, $w \\in \\mathbb{R}^d$ and "
        "$p = \\operatorname{softmax}(Xw)$.\n\n"
        "$$ \\nabla_w \\log \\mathbf{1}^T \\exp(Xw) = X^T p $$\n\n"
        "$$ \\nabla_w \\log \\mathbf{1}^T \\exp(Xw) = X^T (p - 1) $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_defined_capital_g_to_the_minus_one_before_a_bracket_is_a_product() -> None:
    # `G^{-1}(X^T X - G)` with G defined as a matrix was unchecked: G^{-1} read as an inverse function.
    found = steps(
        "Let $X \\in \\mathbb{R}^{n \\times p}$, $b \\in \\mathbb{R}^p$, $\\lambda > 0$ and "
        "$G = X^T X + \\lambda I$.\n\n"
        "$$ G^{-1}X^T X b - b = G^{-1}(X^T X - G) b $$\n\n"
        "$$ G^{-1}X^T X b - b = G^{-1}(X^T X + G) b $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_new_name_given_its_value_beside_the_step_that_uses_it() -> None:
    # `(X^T X + \lambda I)^{-1} X^T y = X^T \alpha, \qquad \alpha = (X X^T + \lambda I)^{-1} y`: alpha was
    # new on one side of the step [unknown-meaning]; on a row of its own after a condition it stays apart.
    prose = "Let $X \\in \\mathbb{R}^{n \\times p}$, $y \\in \\mathbb{R}^n$ and $\\lambda > 0$.\n\n"
    lhs = "(X^T X + \\lambda I)^{-1} X^T y"
    found = steps(
        prose
        + f"$$ {lhs} = X^T \\alpha, \\qquad \\alpha = (X X^T + \\lambda I)^{{-1}} y $$\n\n"
        + f"$$ {lhs} = X^T \\gamma, \\qquad \\gamma = (X X^T - \\lambda I)^{{-1}} y $$\n\n"
        + "At the minimiser,\n\n$$ \\begin{aligned} X^T X w &= X^T y \\\\ "
        + "w &= (X^T X)^{-1} X^T y \\end{aligned} $$\n"
    )
    assert [(s.status, s.kind) for s in found[:4]] == [
        ("ok", "ok"),
        ("unchecked", "definition"),
        ("broken", "broken"),
        ("unchecked", "definition"),
    ]
    assert [(s.status, s.kind) for s in found[4:5]] == [("unchecked", "condition")]


def test_the_derivative_of_a_formula_after_a_lagrangian_cue_is_checked() -> None:
    # "The Lagrangian is ..., with" made every failing step of the next display a condition, so the
    # gradient of the Lagrangian written out, with a dropped factor 2, was unchecked. The derivative
    # of a name there (`\nabla_x \mathcal{L}`) may still state the condition.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ be symmetric, $x \\in \\mathbb{R}^n$ and "
        "$\\lambda \\in \\mathbb{R}$. We maximise $x^T A x$ subject to $x^T x = 1$, with the Lagrangian\n\n"
        "$$ \\nabla_x \\big(x^T A x - \\lambda (x^T x - 1)\\big) = 2Ax - \\lambda x $$\n\n"
        "Setting the gradient of the Lagrangian to zero,\n\n"
        "$$ \\nabla_x \\mathcal{L} = 2Ax - \\lambda x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("broken", "broken"), ("unchecked", "condition")]


def test_succ_zero_makes_a_matrix_positive_definite_not_an_unreadable_definition() -> None:
    # "Let $A = A^\top \succ 0$": \succ was no relation, so A was "defined by LaTeX mdcheck cannot
    # read" and every later step with A unchecked.
    found = steps(
        "Let $A = A^\\top \\succ 0$ with $A \\in \\mathbb{R}^{n \\times n}$, and $S \\succeq 0$ with "
        "$S \\in \\mathbb{R}^{n \\times n}$.\n\n"
        "$$ \\det(2\\pi A)^{-1/2} = (2\\pi)^{-n/2}\\det(A)^{-1/2} $$\n\n"
        "$$ (A^{1/2})^\\top = A^{1/2} $$\n\n"
        "$$ \\det(2\\pi A)^{-1/2} = (2\\pi)^{-1/2}\\det(A)^{-1/2} $$\n\n"
        "$$ A \\succeq S $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("ok", "ok"),
        ("broken", "broken"),
        ("unchecked", "not-an-identity"),
    ]
