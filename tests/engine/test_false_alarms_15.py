"""Steps of adaptive filtering, array processing, Gaussian and variational-inference notes that
mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_a_declared_scalar_d_before_a_letter_is_a_factor_not_a_differential() -> None:
    # "$d$ a scalar desired response": `2 d\, w^T x` in the expansion of (d - w^T x)^2 was read as
    # the differential dw and the correct expansion was broken. A wrong gradient stays broken, with
    # d read as the symbol in its evidence.
    found = steps(
        "Let $x, w \\in \\mathbb{R}^n$ and $d$ a scalar desired response.\n\n"
        "$$ (d - w^T x)^2 = d^2 - 2 d\\, w^T x + w^T x x^T w $$\n\n"
        "$$ \\frac{\\partial}{\\partial w} (d - w^T x)^2 = -2 d x + 2 x x^T w $$\n\n"
        "$$ \\frac{\\partial}{\\partial w} (d - w^T x)^2 = -2 d x + 2 (x^T x) w $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
    assert all("declared symbol d" in s.reading for s in found)
    assert "d x" in found[2].meaning[1]


def test_a_model_with_noise_named_v_reads_the_observations_as_data() -> None:
    # `$y = Ax + v$`: only a noise named epsilon made y modelled data, so the gradient of the
    # negative log-likelihood (y - Ax)^T R^{-1} (y - Ax) / 2 went through y = Ax + v, was constant
    # in x, and the textbook -A^T R^{-1}(y - Ax) was broken. A wrong sign stays broken.
    found = steps(
        "Observations $y = A x + v$ with $A\\in\\mathbb{R}^{m\\times n}$, $x \\in \\mathbb{R}^n$ and "
        "noise covariance $R \\in \\mathbb{S}^m_{++}$.\n\n"
        "$$ \\phi(x) = \\frac{1}{2}(y - A x)^\\top R^{-1} (y - A x) $$\n\n"
        "$$ \\nabla \\phi(x) = -A^\\top R^{-1}(y - Ax) $$\n\n"
        "$$ \\nabla \\phi(x) = A^\\top R^{-1}(y - Ax) $$\n"
    )
    assert [s.status for s in found] == ["unchecked", "ok", "broken"]
    assert "y as data" in found[1].reading


def test_an_upright_acronym_is_the_name_of_a_quantity_not_a_remark() -> None:
    # `\nabla_w \mathrm{SINR} = ...` after `\mathrm{SINR}(w) = ...`: the upright word was dropped as
    # a remark, the display became a continuation of the definition (a scalar against a vector) and
    # a wrong gradient was only unchecked. Written without its argument it is the defined function.
    note = (
        "$R \\succ 0$ is $n\\times n$ and $a, w\\in\\mathbb{R}^n$.\n\n"
        "$$ \\mathrm{SINR}(w) = \\frac{(w^\\top a)^2}{w^\\top R w} $$\n\n"
        "$$ \\nabla_w \\mathrm{SINR} = \\frac{2(w^\\top a) a}{w^\\top R w}"
        " - \\frac{2 (w^\\top a)^2 R w}{(w^\\top R w)^{POWER}} $$\n\n"
        "$$ \\mathrm{MSE} = w^\\top R w \\quad \\text{(FOC)} $$\n"
    )
    right = steps(note.replace("POWER", "2"))
    wrong = steps(note.replace("POWER", "1"))
    assert [(s.line, s.status) for s in right][:2] == [(3, "unchecked"), (5, "ok")]
    assert [(s.line, s.status) for s in wrong][1] == (5, "broken")
    assert right[2].kind == "definition"


def test_a_density_conditioned_with_mid_is_a_function_of_what_comes_before_the_bar() -> None:
    # `\log p(w \mid y) = ...`: `\mid` was read as an absolute-value bar ("unclosed \mid") and the
    # gradient of the log-posterior was unchecked. `p(y \mid w)` is another function, not p(w | y)
    # with its arguments swapped, and a wrong sign stays broken.
    found = steps(
        "Let $X \\in \\mathbb{R}^{N\\times d}$, $y \\in \\mathbb{R}^N$, $w\\in\\mathbb{R}^d$ and "
        "$\\alpha > 0$.\n\n"
        "$$ \\log p(w \\mid y) = -\\frac{1}{2}\\|y - Xw\\|^2 - \\frac{\\alpha}{2} w^\\top w $$\n\n"
        "$$ \\nabla_w \\log p(w \\mid y) = X^\\top(y - Xw) - \\alpha w $$\n\n"
        "$$ \\nabla_w \\log p(w \\mid y) = X^\\top(Xw - y) - \\alpha w $$\n\n"
        "$$ \\nabla_w \\log p(y \\mid w) = X^\\top(y - Xw) - \\alpha w $$\n"
    )
    assert [s.status for s in found][:3] == ["unchecked", "ok", "broken"]
    assert found[0].kind == "definition"
    assert found[3].status != "ok"


def test_names_defined_by_expected_values_are_constants_of_their_own() -> None:
    # `R = \mathbb{E}[x x^\top]`, `p = \mathbb{E}[x d]`, `\sigma_d^2 = \mathbb{E}[d^2]`: every name
    # defined so, and every function written with one (the Wiener cost J), was unknown, and a
    # dropped factor 2 in the gradient of J went unchecked. Drawn as constants (R symmetric positive
    # semidefinite), the gradient is checked; a step relating such constants to each other stays
    # unchecked.
    found = steps(
        "Let $x \\in \\mathbb{R}^n$ be random, $d$ a scalar, and $w \\in \\mathbb{R}^n$. Write "
        "$R = \\mathbb{E}[x x^\\top]$, $p = \\mathbb{E}[x d]$, $\\sigma_d^2 = \\mathbb{E}[d^2]$ and "
        "$S = \\mathbb{E}[(x - p)(x - p)^\\top]$.\n\n"
        "$$ J(w) = \\sigma_d^2 - 2 w^\\top p + w^\\top R w $$\n\n"
        "$$ \\nabla J(w) = 2 R w - 2 p $$\n\n"
        "$$ \\nabla J(w) = R w - 2 p $$\n\n"
        "$$ \\nabla_w (w^\\top S w) = 2 (R - p p^\\top) w $$\n"
    )
    display = [s for s in found if s.line > 1]
    assert [s.status for s in display] == ["unchecked", "ok", "broken", "unchecked"]
    assert display[3].kind == "unknown-meaning"


def test_a_diagonal_covariance_block_not_said_symmetric_makes_a_step_unchecked_not_broken() -> None:
    # `\Sigma_{11} \in \mathbb{R}^{k\times k}` in a partitioned covariance: drawn as any square
    # matrix, the gradient of a quadratic form in its Schur complement was broken. It holds with the
    # block symmetric, which the notes leave unsaid; an off-diagonal block is not excused.
    found = steps(
        "Let $x \\in \\mathbb{R}^k$, $\\Sigma_{11} \\in \\mathbb{R}^{k\\times k}$ and "
        "$\\Sigma_{12} \\in \\mathbb{R}^{k\\times k}$.\n\n"
        "$$ \\nabla_x (x^\\top \\Sigma_{11} x) = 2\\Sigma_{11} x $$\n\n"
        "$$ \\nabla_x (x^\\top \\Sigma_{12} x) = 2\\Sigma_{12} x $$\n\n"
        "$$ \\nabla_x (x^\\top \\Sigma_{11} x) = \\Sigma_{11} x $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "condition"),
        ("broken", "broken"),
        ("broken", "broken"),
    ]


def test_a_unicode_declaration_without_dollars_is_read_as_in_pdf_prose() -> None:
    # "with  Σ ∈ 𝕊^k_{++} ," in prose converted from a PDF: neither `𝕊` (read as a plain S) nor a
    # declaration outside `$` was read, Σ was drawn as any square matrix and the textbook gradient
    # of the KL divergence to N(0, I) was broken. Without the declaration it stays broken.
    display = (
        "$$ \\nabla_\\Sigma \\frac{1}{2}\\left(\\operatorname{tr}\\Sigma - \\log\\det\\Sigma\\right)"
        " = \\frac{1}{2}\\left(I - \\Sigma^{-1}\\right) $$\n"
    )
    declared = steps("For  q = N(μ, Σ)  on  ℝ^k , with  Σ ∈ 𝕊^k_{++} ,  and  R ≻ 0 :\n\n" + display)
    inline = steps("For $\\Sigma ∈ 𝕊^k_{++}$:\n\n" + display)
    undeclared = steps("For  q = N(μ, Σ)  on  ℝ^k :\n\n" + display)
    assert [s.status for s in declared] == ["ok"]
    assert [s.status for s in inline] == ["ok"]
    assert [s.status for s in undeclared] == ["broken"]
