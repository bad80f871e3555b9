"""Steps of notes stating derivative results and hypotheses inline in sentences (layouts, conditions
rearranged, "when $A = I$") that mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_a_single_equation_after_when_is_a_hypothesis_not_a_definition() -> None:
    # "When $A = I$" was read as a definition of A for the rest of the section: the general
    # display after it ("In general"), wrong for any other A, was ok.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$ and $x \\in \\mathbb{R}^n$.\n"
        "When $A = I$, the quadratic form is the squared norm:\n\n"
        "$$ x^T A x = x^T x $$\n\n"
        "In general,\n\n"
        "$$ x^T A x = x^T x $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_property_after_if_is_no_longer_imposed_after_the_next_display() -> None:
    # "If $A = A^T$" declared A symmetric for good: a later general step using it was ok. After the
    # next display it is an assumption the step may rely on, as "suppose" makes one.
    found = steps(
        "Let $A, B \\in \\mathbb{R}^{n \\times n}$.\nIf $A = A^T$, then\n\n"
        "$$ (AB)^T = B^T A $$\n\n"
        "In general,\n\n"
        "$$ (AB)^T = B^T A $$\n"
    )
    assert [s.status for s in found] == ["ok", "unchecked"]
    assert found[1].kind == "condition"


def test_labels_in_zero_one_and_in_plus_minus_one_are_drawn_from_their_sets() -> None:
    # `b \in \{0,1\}^n` declared a vector of any reals: `b \odot b = b`, true of every label
    # vector, was broken (and so was every step relying on it).
    found = steps(
        "Let $b \\in \\{0,1\\}^n$, $s \\in \\{-1,1\\}^n$ and $x \\in \\mathbb{R}^n$.\n\n"
        "$$ b \\odot b = b $$\n\n"
        "$$ s \\odot s \\odot x = x $$\n\n"
        "$$ b \\odot b = 2 b $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_the_transpose_of_the_number_one_is_a_row_of_ones() -> None:
    # `1^T b` was the number 1 times b, a vector beside scalars: the step was unchecked [untyped].
    found = steps(
        "Let $b \\in \\{0,1\\}^n$ and $u \\in \\mathbb{R}^n$.\n\n"
        "$$ \\|b - u\\|^2 = 1^T b - 2 b^T u + u^T u $$\n\n"
        "$$ \\|b - u\\|^2 = 1^T b + 2 b^T u + u^T u $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_row_gradients_beside_matrix_gradients_shaped_like_the_matrix_are_a_mixed_layout() -> None:
    # Derivatives by vectors and by matrices were counted as one kind: three row gradients (named
    # numerator layout) made `\partial tr(BX) / \partial X = B^T`, in the matrix's shape, wrong-layout.
    found = steps(
        "Numerator layout: the gradient of a scalar function of a vector is a row vector.\n"
        "Let $a, x \\in \\mathbb{R}^n$ and $B, X \\in \\mathbb{R}^{n \\times n}$.\n\n"
        "$\\frac{\\partial a^T x}{\\partial x} = a^T$, "
        "$\\frac{\\partial x^T B x}{\\partial x} = x^T (B + B^T)$, and "
        "$\\frac{\\partial x^T x}{\\partial x} = 2 x^T$.\n"
        "For a matrix the gradient has its shape: "
        "$\\frac{\\partial \\operatorname{tr}(B X)}{\\partial X} = B^T$.\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "ok"]


def test_a_matrix_gradient_in_numerator_layout_among_column_gradients_is_still_wrong_layout() -> None:
    found = steps(
        "Let $a, x \\in \\mathbb{R}^n$ and $B, X \\in \\mathbb{R}^{n \\times n}$, $X$ invertible.\n\n"
        "$\\frac{\\partial a^T x}{\\partial x} = a$, $\\frac{\\partial x^T B x}{\\partial x} = (B + B^T) x$, "
        "$\\frac{\\partial \\operatorname{tr}(B X)}{\\partial X} = B^T$, and "
        "$\\frac{\\partial \\log \\det X}{\\partial X} = X^{-1}$.\n"
    )
    assert [(s.status, s.kind) for s in found][-1] == ("broken", "wrong-layout")
    assert [s.status for s in found[:-1]] == ["ok", "ok", "ok"]


def test_a_hypothesis_holds_for_the_displays_its_sentence_goes_on_to() -> None:
    # "If $A = U \Sigma V^T$ ..., then $$...$$ and $$...$$": A was unbound after the first display,
    # and the second, correct, was broken. Words of the general case ("for any other") end it.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$. If $A = U \\Sigma V^T$ is the SVD of $A$, with $U, V$ "
        "orthogonal and $\\Sigma$ diagonal, then\n\n"
        "$$ A^T A = V \\Sigma^2 V^T $$\n\nand\n\n"
        "$$ A A^T = U \\Sigma^2 U^T $$\n\n"
        "For any other $n \\times n$ matrix,\n\n"
        "$$ A A^T = U \\Sigma^2 U^T + A $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_hypothesis_still_holds_in_a_new_sentence_that_goes_on_under_it() -> None:
    # "Likewise, $$AA^T = U\Sigma^2U^T$$" after "If $A = U\Sigma V^T$ ...": a new sentence unbound A
    # and the correct step was broken. Only words of the general case ("in general") leave it.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n \\times n}$. If $A = U \\Sigma V^T$ is the SVD of $A$, with $U, V$ "
        "orthogonal and $\\Sigma$ diagonal, then\n\n"
        "$$ A^T A = V \\Sigma^2 V^T $$\n\nLikewise,\n\n"
        "$$ A A^T = U \\Sigma^2 U^T $$\n\nIn general, for an $n \\times n$ matrix,\n\n"
        "$$ A A^T = U \\Sigma^2 U^T + A $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
