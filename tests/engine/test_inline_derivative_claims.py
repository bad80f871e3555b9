"""Inline math that states a derivative is a step even with a single relation; other one-relation
formulas in prose name something and are not steps."""

from __future__ import annotations

from engine_notes import steps


def test_a_derivative_stated_in_a_sentence_is_checked() -> None:
    found = steps(
        r"Let $x \in \mathbb{R}^n$. Then $\nabla_x (x^\top x) = 2x$, and so"
        r" $\frac{\partial}{\partial x} (x^\top x) = x$ would be wrong."
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_one_relation_without_a_derivative_is_not_a_step() -> None:
    found = steps(r"Let $x \in \mathbb{R}^n$ and $f(x) = x^\top x$, $g = 2x$." + "\n")
    assert found == []


def test_a_gradient_set_to_zero_in_a_sentence_is_a_condition() -> None:
    found = steps(
        r"Let $X \in \mathbb{R}^{n\times p}$, $y \in \mathbb{R}^n$ and $J(w) = \|Xw - y\|^2$."
        r" At the minimiser, $\nabla_w J = 0$."
        "\n"
    )
    assert [s.status for s in found] == ["unchecked"]
    assert found[0].kind == "condition"


def test_a_name_given_a_derivative_in_a_sentence_is_a_definition_not_a_step() -> None:
    found = steps(
        r"Let $h \in \mathbb{R}^m$ and write $g = \partial\ell/\partial h$ for the upstream gradient." + "\n"
    )
    assert found == []
