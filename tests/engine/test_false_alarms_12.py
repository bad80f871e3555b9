"""Steps of robotics notes (rotations, their rates, cross-product matrices) that mdcheck once
judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_the_rate_of_an_orthogonal_matrix_is_not_drawn_freely() -> None:
    # R^T R = I differentiated: dR^T R = -R^T dR was broken, the rate of R drawn as any matrix.
    # A rate of a matrix with no stated structure stays broken.
    found = steps(
        "Let $R \\in \\mathbb{R}^{3\\times 3}$ with $R^T R = I$ for every $t$.\n\n"
        "$$ \\dot{R}^T R = -R^T \\dot{R} $$\n\n"
        "Let $A \\in \\mathbb{R}^{3\\times 3}$.\n\n"
        "$$ \\dot{A}^T A = -A^T \\dot{A} $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning"), ("broken", "broken")]
    assert "rate of change of R" in found[0].reason


def test_a_matrix_the_prose_builds_from_a_vector_is_not_drawn_freely() -> None:
    # "K is the skew-symmetric matrix of a unit vector k": tr(K^2) = -2 was broken, K drawn as any
    # skew matrix. A step that holds for every skew K stays ok; without the sentence it is broken.
    note = (
        "Let $K$ be the skew-symmetric matrix of a unit vector $k \\in \\mathbb{R}^3$.\n\n"
        "$$ \\operatorname{tr}(K^2) = \\operatorname{tr}(k k^T) - 3 $$\n\n"
        "$$ \\operatorname{tr}(K) = 0 $$\n"
    )
    found = steps(note)
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning"), ("ok", "ok")]
    assert "built from k" in found[0].reason
    built = "the skew-symmetric matrix of a unit vector $k \\in \\mathbb{R}^3$"
    plain = steps(note.replace(built, "skew-symmetric and $k \\in \\mathbb{R}^3$ a unit vector"))
    assert [s.status for s in plain] == ["broken", "ok"]


def test_a_frame_label_subscript_is_not_a_family_index() -> None:
    # "I_w = R I_b R^T" (world and body frames) made I_b a member of the family I_w defines, so
    # every step with I_b was unchecked ("defined in terms of itself"). A wrong inverse is broken.
    found = steps(
        "Let $R$ be orthogonal and $A_b$ a symmetric $3 \\times 3$ matrix. Put $A_w = R A_b R^T$.\n\n"
        "$$ A_w^T = R A_b^T R^T = A_w $$\n\n"
        "$$ A_w^{-1} = R^T A_b^{-1} R $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_the_hat_operator_is_the_cross_product_matrix() -> None:
    # `[\omega]_\times` was a parse error, so no step with it was checked. Its transpose is its
    # negative, and it conjugates as `R [w]_x R^T = [R w]_x`; the wrong conjugation is broken.
    found = steps(
        "Let $\\omega \\in \\mathbb{R}^3$ and $R \\in \\mathbb{R}^{3\\times 3}$ orthogonal "
        "with $\\det R = 1$.\n\n"
        "$$ [\\omega]_\\times^T = -[\\omega]_\\times $$\n\n"
        "$$ [\\omega]_{\\times} \\omega = 0 $$\n\n"
        "$$ [\\omega]_\\times^2 = \\omega \\omega^T - \\omega^T \\omega I $$\n\n"
        "$$ R^T [\\omega]_\\times R = [R \\omega]_\\times $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("ok", "ok"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_the_cross_product_of_two_declared_vectors() -> None:
    # `a \times b` of two declared 3-vectors was unsupported; it is `[a]_\times b`. Swapping the
    # factors without the sign is broken.
    found = steps(
        "Let $a, b \\in \\mathbb{R}^3$.\n\n"
        "$$ a \\times b = -b \\times a $$\n\n"
        "$$ a^T (a \\times b) = 0 $$\n\n"
        "$$ [a]_\\times b = b \\times a $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("ok", "ok"), ("broken", "broken")]
