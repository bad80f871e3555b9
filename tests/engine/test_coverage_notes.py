"""Steps in ordinary notation from fresh course notes that mdcheck once left undecided or judged
wrongly, each checked end to end with a wrong step beside it."""

from __future__ import annotations

from engine_notes import steps


def test_sizes_said_of_plural_matrices_without_an_article_declare_them() -> None:
    # "For invertible $n\times n$ matrices $A$ and $B$": n is their size, so `c^n` uses it.
    found = steps(
        r"For invertible $n\times n$ matrices $A$ and $B$ and a scalar $c$:"
        "\n\n"
        r"$$ \det(cA) = c^n \det A $$"
        "\n\n"
        r"$$ \det(cB) = c \det B $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
