"""Steps of notes on continuum mechanics, quantum-style linear algebra and portfolios that mdcheck
once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_the_star_of_a_matrix_beside_it_is_not_an_independent_matrix() -> None:
    # `U \Lambda U^* U \Lambda U^* = U \Lambda^2 U^*` was broken: U^* was drawn independently of U.
    # The optimum `w^*` beside `w` is still a name of its own, and a wrong step about it stays broken.
    found = steps(
        "Let $A = U \\Lambda U^*$.\n\n"
        "$$ U \\Lambda U^* U \\Lambda U^* = U \\Lambda^2 U^* $$\n\n"
        "Let $w$ be a vector.\n\n"
        "$$ \\|w^* + w\\|^2 = \\|w^*\\|^2 + \\|w\\|^2 $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning"), ("broken", "broken")]


def test_the_adjoint_of_a_unitary_or_hermitian_matrix_is_its_transpose() -> None:
    # With U unitary and H Hermitian, `U^\dagger` and `U^*` are adjoints (transposes of the real
    # matrices drawn): right steps are ok, a wrong side is broken; without the words they stay unchecked.
    found = steps(
        "Let $H$ be Hermitian and $U$ unitary.\n\n"
        "$$ (U H U^\\dagger)^2 = U H U^\\dagger U H U^\\dagger = U H^2 U^* $$\n\n"
        "$$ \\operatorname{tr}(U H U^\\dagger B) = \\operatorname{tr}(H U B U^\\dagger) $$\n\n"
        "$$ \\operatorname{tr}(H^\\dagger B) = \\operatorname{tr}(H B) $$\n\n"
        "## Elsewhere\n\n"
        "$$ V W V^\\dagger V W V^\\dagger = V W^2 V^\\dagger $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("ok", "ok"),
        ("broken", "broken"),
        ("ok", "ok"),
        ("unchecked", "unknown-meaning"),
    ]


def test_a_system_the_notes_consider_is_an_assumption() -> None:
    # "consider $Ax = b$": a step that replaces Ax by b was broken. A wrong step is still broken, and
    # "consider $f(x) = ...$" still defines f.
    found = steps(
        "Let $A$ be $n \\times n$ and $V$ be $n \\times k$, and consider $Ax = b$.\n\n"
        "$$ V^\\top A x = V^\\top b $$\n\n"
        "$$ (V^\\top A V)^\\top = V^\\top A V $$\n\n"
        "Now consider $f(y) = y^\\top y$.\n\n"
        "$$ \\nabla f(y) = 2y $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "condition"),
        ("broken", "broken"),
        ("ok", "ok"),
    ]


def test_brackets_are_commutators_in_notes_that_speak_of_them() -> None:
    # `[A, BC] = [A, B]C + B[A, C]` was unchecked (a block row [A, B]); the wrong order of a
    # commutator is broken; a note that never speaks of commutators still reads a block row.
    found = steps(
        "For square $A, B, C$ the commutator is $[A, B] = AB - BA$.\n\n"
        "$$ [A, BC] = [A, B]C + B[A, C] $$\n\n"
        "$$ [A, [B, C]] + [B, [C, A]] + [C, [A, B]] = 0 $$\n\n"
        "$$ BA - AB = [A, B] $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("ok", "ok"), ("broken", "broken")]
    plain = steps("Let $A, B$ be $n \\times n$.\n\n$$ [A, B] = AB - BA $$\n")
    assert [s.status for s in plain] == ["unchecked"]


def test_the_dagger_of_a_declared_vector_is_its_adjoint() -> None:
    # `tr(psi psi^dagger A) = psi^dagger A psi` was unchecked (psi^dagger an independent matrix);
    # a wrong step is broken.
    found = steps(
        "Let $\\psi$ be a column vector and $A$ a square matrix.\n\n"
        "$$ \\operatorname{tr}(\\psi \\psi^\\dagger A) = \\psi^\\dagger A \\psi $$\n\n"
        "$$ \\operatorname{tr}(\\psi \\psi^\\dagger A) = \\psi^\\dagger A^\\top A \\psi $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_a_positive_definite_letter_before_a_bracket_is_a_matrix() -> None:
    # `(B^T w)^T F (B^T w)` with "F \succ 0" was unchecked: F, a letter that often names a function,
    # was called on the bracket. A wrong factor is broken.
    found = steps(
        "Let $F \\succ 0$ be the factor covariance and $D$ diagonal, with $\\Sigma = B F B^\\top + D$.\n\n"
        "$$ w^\\top \\Sigma w = (B^\\top w)^\\top F (B^\\top w) + w^\\top D w $$\n\n"
        "$$ w^\\top \\Sigma w = 2 (B^\\top w)^\\top F (B^\\top w) + w^\\top D w $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]
