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
