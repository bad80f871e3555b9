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


def test_an_equation_the_prose_draws_with_so_is_a_condition_for_what_follows() -> None:
    # "so $Sw = \lambda w$, and then ...": the next step holds at the stationary point only.
    found = steps(
        r"Let $S$ be a symmetric $p\times p$ matrix and $w\in\mathbb R^p$ a unit vector."
        " Setting the gradient of the Lagrangian to zero,"
        "\n\n"
        r"$$ 2Sw - 2\lambda w = 0 $$"
        "\n\n"
        r"so $Sw = \lambda w$, and then $w^\top S w = \lambda w^\top w = \lambda$."
        "\n\n"
        r"$$ w^\top S w = w^\top S^\top w $$"
        "\n\n"
        r"$$ w^\top S w = 2 w^\top S^\top w $$"
        "\n"
    )
    statuses = [(s.status, s.kind) for s in found]
    assert ("broken", "broken") not in statuses[:3]
    assert statuses[-2:] == [("ok", "ok"), ("broken", "broken")]


def test_a_fraction_of_two_vectors_is_their_entrywise_quotient() -> None:
    # `\frac{y}{p}` in the gradient of the cross-entropy: y over p entry by entry.
    found = steps(
        r"For $z\in\mathbb R^K$ let $p = \operatorname{softmax}(z)$ and let $y\in\mathbb R^K$."
        "\n\n"
        r"$$ \nabla_z (-y^\top \log p) = -(\operatorname{diag}(p) - p p^\top)\frac{y}{p} $$"
        "\n\n"
        r"$$ \nabla_z (-y^\top \log p) = -(\operatorname{diag}(p) + p p^\top)\frac{y}{p} $$"
        "\n\n"
        r"$$ \operatorname{diag}(p)\frac{y}{p} = y $$"
        "\n\n"
        r"$$ \operatorname{diag}(p)\frac{y}{p} = p $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok", "broken"]


def test_a_size_said_in_apposition_declares_the_matrix() -> None:
    # "With $\Phi$ an $N\times M$ feature matrix": no verb between the symbol and its size.
    found = steps(
        r"With $\Phi$ an $N\times M$ feature matrix and a scalar $c$:"
        "\n\n"
        r"$$ \det(c\Phi\Phi^\top) = c^N \det(\Phi\Phi^\top) $$"
        "\n\n"
        r"$$ \det(c\Phi\Phi^\top) = c^M \det(\Phi\Phi^\top) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
