"""A property said of a symbol in a "when" or "if" clause is supposed, not declared: it holds until
the prose speaks of the general case again."""

from __future__ import annotations

from engine_notes import steps


def test_a_property_said_in_a_when_clause_is_supposed_until_the_general_case() -> None:
    # "When $A$ is symmetric, ..." declared A symmetric for good: the general claim after
    # "In general" that still drops the transpose was ok.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n\\times n}$ and $x \\in \\mathbb{R}^n$.\n\n"
        "When $A$ is symmetric, the gradient simplifies:\n\n$$ \\nabla_x (x^T A x) = 2Ax $$\n\n"
        "In general, however,\n\n$$ \\nabla_x (x^T A x) = (A + A^T)x $$\n\n$$ \\nabla_x (x^T A x) = 2Ax $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
