"""Steps of optimization, control and econometrics notes (likelihoods, Lagrangians, Riccati
equations, estimators) that mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_a_likelihood_written_with_modelled_data_reads_the_data_as_data() -> None:
    # `$y = X\beta + \varepsilon$` binds y; the Hessian of a log-likelihood l(beta) written with y
    # went through y's model (l constant in beta) and the textbook -X'X/sigma^2 was broken. The
    # step names only l, so the data had to be found through l's definition. A wrong factor stays
    # broken.
    found = steps(
        "The model is $y = X\\beta + \\varepsilon$ with $X\\in\\mathbb{R}^{n\\times k}$.\n\n"
        "$$ \\ell(\\beta) = -\\frac{1}{2\\sigma^2}(y - X\\beta)'(y - X\\beta) $$\n\n"
        "$$ \\frac{\\partial^2 \\ell}{\\partial\\beta\\,\\partial\\beta'} = -\\frac{1}{\\sigma^2}X'X $$\n\n"
        "$$ \\frac{\\partial \\ell}{\\partial \\beta} = \\frac{1}{\\sigma^2}X'(y - X\\beta) $$\n\n"
        "$$ \\frac{\\partial^2 \\ell}{\\partial\\beta\\,\\partial\\beta'} = -\\frac{2}{\\sigma^2}X'X $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "ok", "ok", "broken"]
    assert "y as data" in found[1].reading and "y as data" in found[3].reading


def test_an_equation_supposed_after_if_that_binds_no_name_is_an_assumption_at_once() -> None:
    # "if $\Omega^{-1} = L^\top L$, then ...": no name is bound (the left side is an inverse), and
    # the next display, X^T L^T L X = X^T Omega^{-1} X, was broken. A step that does not use every
    # name of the equation stays broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{n\\times k}$ and $\\Omega \\succ 0$.\n\n"
        "Whitening: if $\\Omega^{-1} = L^\\top L$, then\n\n"
        "$$ X^\\top L^\\top L X = X^\\top \\Omega^{-1} X $$\n\n"
        "$$ X^\\top L^\\top L X = X^\\top X $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("broken", "broken")]


def test_an_inline_equation_a_step_solves_is_a_condition_not_a_derivative_claim() -> None:
    # "A mirror step solves $\nabla h(x_+) = \nabla h(x) - t g$": an equation to solve, written with
    # gradients, was checked as a derivative claim everywhere and reported broken. A derivative the
    # prose states stays a claim.
    found = steps(
        "Let $x, g \\in \\mathbb{R}^n$ and $h(x) = \\frac12 x^\\top x$.\n\n"
        "A mirror step with step $t$ solves $\\nabla_x h(x_+) = \\nabla_x h(x) - t g$.\n\n"
        "Its gradient is $\\nabla_x h(x) = 2x$.\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("broken", "broken")]


def test_a_chain_that_computes_a_written_derivative_stays_a_claim_after_condition_words() -> None:
    # "Minimize ... subject to ...": the display after it sets up conditions, but a chain that starts
    # with the derivative of a formula written out computes it; a slip in its second step (a
    # dropped factor 2) was excused as a condition. An equation of the display that is not such a
    # chain is still a condition.
    found = steps(
        "Let $A\\in\\mathbb{R}^{m\\times n}$, $b \\in \\mathbb{R}^m$. Minimize $\\|Ax - b\\|^2$ "
        "subject to $x^\\top x = 1$.\n\n"
        "$$ \\nabla_x \\|Ax - b\\|^2 = 2A^\\top (Ax - b) = 2A^\\top A x - A^\\top b $$\n\n"
        "Minimize it again:\n\n"
        "$$ 2A^\\top A x = 2A^\\top b $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("broken", "broken"),
        ("unchecked", "condition"),
    ]


def test_a_function_at_another_point_is_a_claim_not_a_redefinition() -> None:
    # `f(z) = f(x) + ...` relates f's values at two points; a slip in it (a dropped 1/2) was taken
    # for a new definition of f and left unchecked.
    found = steps(
        "Let $A \\in \\mathbb R^{m\\times n}$, $b \\in \\mathbb{R}^m$ and "
        "$f(x) = \\frac12 \\|Ax - b\\|^2$.\n\n"
        "$$ f(z) = f(x) + (z - x)^\\top A^\\top (Ax - b) + \\frac12 (z - x)^\\top A^\\top A (z - x) $$\n\n"
        "$$ f(z) = f(x) + (z - x)^\\top A^\\top (Ax - b) + (z - x)^\\top A^\\top A (z - x) $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_transpose_written_on_a_function_value_under_a_gradient_transposes_the_gradient() -> None:
    # `\nabla f(x)^\top y` is (\nabla f(x))^T y: read as the gradient of f(x)^T it had no variable
    # ("\nabla without saying with respect to what"), so exact expansions stayed unchecked and a
    # slip in them (a dropped 1/2) too.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n\\times n}$ be symmetric, $f(x) = \\frac12 x^\\top A x$ and "
        "$\\mathrm{Q}(w) = w^\\top A w$.\n\n"
        "$$ f(x + y) = f(x) + \\nabla f(x)^\\top y + \\frac12 y^\\top A y $$\n\n"
        "$$ \\mathrm{Q}(w) = \\mathrm{Q}(v) + \\nabla\\mathrm{Q}(v)^\\top (w - v) "
        "+ (w - v)^\\top A (w - v) $$\n\n"
        "$$ f(x + y) = f(x) + \\nabla f(x)^\\top y + y^\\top A y $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
    assert "(\\nabla f(x))^T" in found[0].reading


def test_a_function_defined_on_the_positive_definite_cone_takes_symmetric_arguments() -> None:
    # "On the positive definite cone, $\phi(X) = -\log\det X$": the barrier's gradient -X^{-1} was
    # broken, X drawn as any square matrix (for which it is -X^{-T}). Without the cone it stays
    # broken, and a wrong sign stays broken on the cone.
    on_cone = steps(
        "On the positive definite cone, $\\phi(X) = -\\log\\det X$.\n\n"
        "$$ \\nabla\\phi(X) = -X^{-1} $$\n\n"
        "$$ \\nabla\\phi(X) = X^{-1} $$\n"
    )
    anywhere = steps("Let $\\phi(X) = -\\log\\det X$.\n\n$$ \\nabla\\phi(X) = -X^{-1} $$\n")
    assert [s.status for s in on_cone] == ["ok", "broken"]
    assert [s.status for s in anywhere] == ["broken"]


def test_a_defined_value_named_by_a_function_letter_times_a_bracket_is_a_product() -> None:
    # `G (u + x)` once `G = R + B^T P B` is defined: G, a letter that often names a function, was
    # read only as a call of an unknown function G, so expansions with it stayed unchecked.
    found = steps(
        "Let $R \\in \\mathbb{R}^{m\\times m}$, $R \\succ 0$, $B \\in \\mathbb{R}^{n \\times m}$ and "
        "symmetric $P \\in \\mathbb{R}^{n\\times n}$; write $G = R + B^\\top P B$.\n\n"
        "$$ (u + x)^\\top G (u + x) = u^\\top G u + 2u^\\top G x + x^\\top G x $$\n\n"
        "$$ (u + x)^\\top G (u + x) = u^\\top G u + u^\\top G x + x^\\top G x $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_transposed_bare_function_name_under_a_gradient_transposes_the_gradient() -> None:
    # The delta method's `\nabla g^\top \Sigma \nabla g`, with g defined as a function of theta:
    # read as the gradient of g^T it had no variable, and the step stayed unchecked.
    found = steps(
        "Let $a, \\theta \\in \\mathbb{R}^p$, $\\Sigma \\in \\mathbb{R}^{p\\times p}$ and "
        "$g(\\theta) = \\log(a^\\top\\theta)$.\n\n"
        "$$ \\nabla g^\\top \\Sigma \\nabla g = \\frac{a^\\top\\Sigma a}{(a^\\top\\theta)^2} $$\n\n"
        "$$ \\nabla g^\\top \\Sigma \\nabla g = \\frac{a^\\top\\Sigma a}{a^\\top\\theta} $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
