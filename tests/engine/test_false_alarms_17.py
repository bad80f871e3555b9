"""Steps of statistics notes (Gaussian likelihoods, least squares, GLMs) that mdcheck once judged
wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_an_equation_of_two_declared_symbols_in_prose_does_not_define_the_first() -> None:
    # "vanishes at $\Sigma_1 = \Sigma_2$": read as the definition Sigma_1 := Sigma_2, it made every
    # later step about the two covariances trivially ok, so a wrong sign was missed.
    note = (
        "Let $\\Sigma_1, \\Sigma_2 \\in \\mathbb{R}^{p\\times p}$ be symmetric positive definite.\n\n"
        "The gradient vanishes at $\\Sigma_1 = \\Sigma_2$, as it should.\n\n"
        "$$ \\log\\det\\Sigma_2 - \\log\\det\\Sigma_1 = \\log\\det(\\Sigma_1^{-1}\\Sigma_2) $$\n\n"
        "$$ \\log\\det\\Sigma_2 - \\log\\det\\Sigma_1 = \\log\\det(\\Sigma_1\\Sigma_2^{-1}) $$\n"
    )
    found = steps(note)
    assert [(s.line, s.status) for s in found] == [(5, "ok"), (7, "broken")]
    assert "\\Sigma_{1}" in found[1].meaning[0]


def test_a_hypothesis_equating_two_symbols_still_binds_for_the_next_display() -> None:
    # The same equation after "when" is a hypothesis: the display after it may rely on it.
    found = steps(
        "Let $\\Sigma_1, \\Sigma_2 \\in \\mathbb{R}^{p\\times p}$ be symmetric positive definite.\n\n"
        "When $\\Sigma_1 = \\Sigma_2$, the trace term is constant:\n\n"
        "$$ \\operatorname{tr}(\\Sigma_2^{-1}\\Sigma_1) = p $$\n\n"
        "$$ \\operatorname{tr}(\\Sigma_2^{-1}\\Sigma_1) = 2p $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_members_declared_as_vectors_make_a_sum_over_a_family_of_vectors() -> None:
    # `$x_i \in \mathbb{R}^p$, $i = 1, \dots, n$`: x_i was read as the i-th entry of a vector x, the
    # scatter matrix became a scalar that commutes with Sigma, and -Sigma^{-2} S was ok.
    note = (
        "Let $x_i \\in \\mathbb{R}^p$, $i = 1, \\dots, n$, and $\\Sigma$ symmetric positive definite.\n\n"
        "$$ \\frac{\\partial}{\\partial \\Sigma}\\operatorname{tr}\\Big(\\Sigma^{-1}\\sum_{i=1}^n "
        "(x_i-\\mu)(x_i-\\mu)^T\\Big) = RHS $$\n"
    )
    scatter = "\\sum_{i=1}^n (x_i-\\mu)(x_i-\\mu)^T"
    right = steps(note.replace("RHS", f"-\\Sigma^{{-1}}{scatter}\\Sigma^{{-1}}"))
    wrong = steps(note.replace("RHS", f"-\\Sigma^{{-2}}{scatter}"))
    assert [s.status for s in right] == ["ok"]
    assert [s.status for s in wrong] == ["broken"]
    assert "numbering a family" in wrong[0].reading
    assert wrong[0].evidence is not None
    member = dict(wrong[0].evidence.shapes)["x_{(i1)}"]
    assert member.endswith("×1") and member != "1×1"


def test_a_braced_prime_before_an_argument_is_a_derivative() -> None:
    # `\sigma^{\prime}(t)`, as PDF converters write it, was read as a transpose of sigma times t.
    note = "Let $\\sigma(t) = 1 / (1 + e^{-t})$.\n\n$$ \\sigma ^ { \\prime } ( t ) = RHS $$\n"
    right = steps(note.replace("RHS", "\\sigma(t)(1 - \\sigma(t))"))
    wrong = steps(note.replace("RHS", "\\sigma(t)(1 + \\sigma(t))"))
    assert [s.status for s in right] == ["ok"]
    assert [s.status for s in wrong] == ["broken"]
    assert "transpose" not in wrong[0].reading


def test_a_semicolon_between_arguments_separates_a_parameter() -> None:
    # `f(x;\theta)` could not be parsed, so every step with a density of that form was unchecked.
    note = (
        "Let $f(x;\\theta) = \\theta^T x$ with $x, \\theta \\in \\mathbb{R}^p$.\n\n"
        "$$ \\nabla_\\theta f(x;\\theta) = RHS $$\n"
    )
    assert [s.status for s in steps(note.replace("RHS", "x"))] == ["ok"]
    assert [s.status for s in steps(note.replace("RHS", "2x"))] == ["broken"]


def test_the_derivative_of_a_function_written_bare_is_not_zero() -> None:
    # `\nabla^2_\mu \log f` after the prose applied f to mu (`f(x;\mu)`): the bare f was a constant,
    # its Hessian zero, and the right -Sigma^{-1} broken. A defined function is still checked.
    unknown = steps(
        "The density $f(x;\\mu)$ has $x, \\mu \\in \\mathbb{R}^p$ and $\\Sigma$ symmetric.\n\n"
        "$$ \\nabla^2_\\mu \\log f = -\\Sigma^{-1} $$\n"
    )
    assert [s.status for s in unknown] == ["unchecked"]
    assert "f as a function of \\mu" in unknown[0].reason
    squared = steps(
        "Let $\\mu \\in \\mathbb{R}^p$, $\\Sigma$ symmetric positive definite and "
        "$d^2 = \\mu^T\\Sigma^{-1}\\mu$.\n\n"
        "$$ \\nabla_\\mu d^2 = 2\\Sigma^{-1}\\mu $$\n\n$$ \\nabla_\\mu d^2 = \\Sigma^{-1}\\mu $$\n"
    )
    assert [s.status for s in squared] == ["ok", "broken"]


def test_a_name_new_in_an_inline_chain_is_introduced_there() -> None:
    # "Fitted values $\hat y = Hy = X\hat\beta$" with beta-hat never written before: the prose's own
    # chain counted as having written it, so the step was checked with a random beta-hat and broken.
    # A chain whose names are all known is still checked.
    head = "$H = X(X^TX)^{-1}X^T$ for $X \\in \\mathbb{R}^{n\\times p}$ of full column rank.\n\n"
    new = steps(head + "Fitted values $\\hat y = Hy = X\\hat\\beta$.\n")
    assert [s.status for s in new][-1] == "unchecked"
    assert "first appears here" in new[-1].reason
    known = steps(head + "Fitted values $\\hat y = Hy = X X^T y$.\n")
    assert [s.status for s in known][-1] == "broken"


def test_a_sample_beside_a_vector_of_another_length_is_a_family_of_vectors() -> None:
    # `$x \in \mathbb{R}^p$` for one observation, then a sample `$x_1,\dots,x_n$` and
    # `\bar x = \frac1n \sum_i x_i`: x_i was read as the entries of x (with n unrelated to how many
    # were summed) and the scatter decomposition was broken. n members of a p-vector are a family,
    # n is how many of them the sums write out; a dropped factor n stays broken.
    note = (
        "For $x, \\mu \\in \\mathbb{R}^p$ and $\\Sigma$ symmetric.\n\n"
        "Over a sample $x_1,\\dots,x_n$, with $\\bar x = \\frac1n \\sum_i x_i$,\n\n"
        "$$ \\sum_{i=1}^n (x_i-\\mu)(x_i-\\mu)^T = \\sum_{i=1}^n (x_i-\\bar x)(x_i-\\bar x)^T"
        " + FACTOR(\\bar x-\\mu)(\\bar x-\\mu)^T $$\n"
    )
    right = steps(note.replace("FACTOR", "n"))
    wrong = steps(note.replace("FACTOR", ""))
    assert [s.status for s in right] == ["ok"]
    assert [s.status for s in wrong] == ["broken"]
    assert "numbering a family" in right[0].reading


def test_the_entries_of_a_vector_of_that_length_are_still_its_entries() -> None:
    found = steps(
        "Let $x \\in \\mathbb{R}^n$ have entries $x_1, \\dots, x_n$.\n\n"
        "$$ \\sum_{i=1}^n x_i^2 = x^T x $$\n\n$$ \\sum_{i=1}^n x_i^2 = 2 x^T x $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_step_after_because_may_rely_on_the_equation_it_names() -> None:
    # "because $DX=0$ the cross terms vanish" (Gauss-Markov): the step dropping the cross terms was
    # broken, though it holds under the condition the prose states. Without the condition it is.
    tail = (
        "$$ CC^T = (X^TX)^{-1} + (X^TX)^{-1}X^TD^T + DX(X^TX)^{-1} + DD^T $$\n\n"
        "WORDS the cross terms vanish:\n\n$$ CC^T = (X^TX)^{-1} + DD^T $$\n"
    )
    head = (
        "Let $X \\in \\mathbb{R}^{n\\times p}$, $D \\in \\mathbb{R}^{p\\times n}$ and "
        "$C = (X^TX)^{-1}X^T + D$.\n\n"
    )
    relied = steps(head + tail.replace("WORDS", "Because $DX = 0$"))
    alone = steps(head + tail.replace("WORDS", "Then"))
    assert [s.status for s in relied][-2:] == ["ok", "unchecked"]
    assert "DX = 0" in relied[-1].reason
    assert [s.status for s in alone][-2:] == ["ok", "broken"]


def test_a_gradient_without_subscript_of_an_expression_at_one_point_is_in_that_point() -> None:
    # `\nabla(f(\beta) + \frac{\lambda}{2}\beta^T\beta)`, a penalised objective: unchecked for not
    # saying with respect to what, though every call in it is at beta. A lost factor 2 is broken.
    note = (
        "Let $X \\in \\mathbb{R}^{n\\times p}$, $y \\in \\mathbb{R}^n$, $\\beta \\in \\mathbb{R}^p$, "
        "$\\lambda > 0$ and $f(\\beta) = \\|y - X\\beta\\|^2$.\n\n"
        "$$ \\nabla\\Big(f(\\beta) + \\frac{\\lambda}{2}\\beta^T\\beta\\Big) = -2X^T(y - X\\beta) + RHS $$\n"
    )
    assert [s.status for s in steps(note.replace("RHS", "\\lambda\\beta"))] == ["ok"]
    assert [s.status for s in steps(note.replace("RHS", "2\\lambda\\beta"))] == ["broken"]
    mixed = steps(
        "Let $x, y \\in \\mathbb{R}^n$, $f(x) = x^Tx$ and $g(y) = y^Ty$.\n\n$$ \\nabla(f(x) + g(y)) = 2x $$\n"
    )
    assert [s.status for s in mixed] == ["unchecked"]


def test_an_equation_of_two_symbols_the_prose_assumes_still_binds() -> None:
    # "assume $\Sigma_k = \Sigma$" (LDA from QDA): the steps after it use the common covariance.
    note = (
        "Let $\\Sigma_k, \\Sigma \\in \\mathbb{R}^{p\\times p}$ be symmetric positive definite and "
        "$x, \\mu_k \\in \\mathbb{R}^p$.\n\nNow assume $\\Sigma_k = \\Sigma$ for every class. Then\n\n"
        "$$ (x-\\mu_k)^T\\Sigma_k^{-1}(x-\\mu_k) = (x-\\mu_k)^T\\Sigma^{-1}(x-\\mu_k) $$\n\n"
        "$$ (x-\\mu_k)^T\\Sigma_k^{-1}(x-\\mu_k) = (x-\\mu_k)^T\\Sigma(x-\\mu_k) $$\n"
    )
    assert [s.status for s in steps(note)] == ["ok", "broken"]
