"""Correct steps of realistic notes (problem sets, lecture notes, ML and statistics derivations) that
mdcheck once reported broken, each checked end to end with a wrong step beside it."""

from __future__ import annotations

from engine_notes import steps


def test_a_size_used_as_a_number_sizes_the_ones_vectors_nothing_else_sizes() -> None:
    # `\frac1d` with x in R^d: the ones vectors of the centring matrix have d entries, so 1^T 1 = d.
    found = steps(
        r"For $x \in \mathbb{R}^d$ let $m = \frac1d \mathbf{1}^\top x$ and"
        r" $P = I - \frac1d \mathbf 1\mathbf 1^\top$."
        "\n\n"
        r"$$ I - \frac2d \mathbf 1\mathbf 1^T + \frac1{d^2}\mathbf 1(\mathbf 1^T\mathbf 1)\mathbf 1^T = P $$"
        "\n\n"
        r"$$ \mathbf 1^\top\mathbf 1 = d $$"
        "\n\n"
        r"$$ I - \frac1d \mathbf 1\mathbf 1^T + \frac1{d^2}\mathbf 1(\mathbf 1^T\mathbf 1)\mathbf 1^T = P $$"
        "\n\n"
        r"$$ \mathbf 1^\top\mathbf 1 = 2d $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken", "broken"]

