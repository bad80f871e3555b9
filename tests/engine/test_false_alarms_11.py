"""Steps of notes on graphs, signals and Markov chains (Laplacians, pseudo-inverses, the DFT,
heat kernels) that mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_a_pseudo_inverse_written_beside_its_matrix_is_not_broken() -> None:
    # `L L^+ L = L` was broken: L^+ was drawn independently of L. A step without L stays checked.
    found = steps(
        "Let $L$ be a Laplacian and $L^+$ its pseudo-inverse.\n\n"
        "$$ L L^+ L = L $$\n\n"
        "$$ A^\\dagger A A^\\dagger = A^\\dagger $$\n\n"
        "$$ (L^+)^T (L^+)^T = 2 (L^+)^T $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "unknown-meaning"),
        ("unchecked", "unknown-meaning"),
        ("broken", "broken"),
    ]


def test_the_imaginary_unit_in_an_exponent_is_not_a_real_scalar() -> None:
    # `e^{-2 pi i / 4} = -i` was broken: i was drawn as a real scalar. A wrong step without i stays broken.
    found = steps("Let $x$ be a scalar.\n\n$$ e^{-2\\pi i/4} = -i $$\n\n$$ e^{2x} = 2 e^{x} $$\n")
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "unknown-meaning"),
        ("broken", "broken"),
    ]


def test_a_heat_kernel_defined_in_prose_may_be_the_matrix_exponential() -> None:
    # "K(t) = e^{-tL}": the definition was read entry by entry, so d/dt K(t) = -L e^{-tL} was broken.
    # The same step with the exponential written out is checked (ok), and a wrong one stays broken.
    found = steps(
        "Let $L$ be symmetric and $K(t) = e^{-tL}$.\n\n"
        "$$ \\frac{d}{dt} K(t) = -L e^{-tL} $$\n\n"
        "$$ \\frac{d}{dt} e^{-tL} = -L e^{-tL} $$\n\n"
        "$$ \\frac{d}{dt} e^{-tL} = -2 L e^{-tL} $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "unknown-meaning"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_a_graph_laplacian_is_drawn_symmetric() -> None:
    # "Let L be a graph Laplacian": d tr(H^T L H)/dH = 2 L H was broken, L drawn as any matrix.
    # A random-walk Laplacian is not made symmetric, and a wrong step stays broken.
    found = steps(
        "Let $L$ be a graph Laplacian and $H \\in \\mathbb{R}^{n \\times k}$.\n\n"
        "$$ \\frac{\\partial}{\\partial H} \\operatorname{tr}(H^T L H) = 2 L H $$\n\n"
        "$$ L^T = 2 L $$\n\n"
        "The random-walk Laplacian $M$ satisfies\n\n"
        "$$ M^T = M $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken"), ("broken", "broken")]


def test_a_row_stochastic_matrix_and_a_probability_vector_are_drawn_as_such() -> None:
    # "P row-stochastic", "v a probability vector": P(P1) = P1 and v^T 1 = 1 were broken,
    # P and v drawn as any matrix and vector. A step that needs column sums stays broken.
    found = steps(
        "Let $P \\in \\mathbb{R}^{n \\times n}$ be row-stochastic and "
        "$v \\in \\mathbb{R}^n$ a probability vector.\n\n"
        "$$ P^2 \\mathbf{1} = P (P \\mathbf{1}) = P \\mathbf{1} $$\n\n"
        "$$ 3 v^T \\mathbf{1} = 3 $$\n\n"
        "$$ P P^T \\mathbf{1} = P \\mathbf{1} $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("ok", "ok"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_an_exponent_that_is_a_quadratic_form_is_not_a_matrix_exponential() -> None:
    # The heat-kernel rule must leave a density `p(x) = e^{-x^T S x / 2}` alone: a wrong gradient
    # of its log stays broken.
    found = steps("Let $S$ be symmetric and $p(x) = e^{-x^T S x / 2}$.\n\n$$ \\nabla_x \\log p(x) = S x $$\n")
    assert [(s.status, s.kind) for s in found] == [("broken", "broken")]
