"""`\\Delta x`, `\\Delta\\theta`, `\\Delta \\mathbf{w}`: a capital Delta before a letter names a step of
that symbol (a Newton step, a weight update), defined on its own; `\\Delta` alone, when the notes
use it so, stays a matrix and `\\Delta x` its product with x."""

from __future__ import annotations

import pytest
from engine_notes import one_step, steps

from mdcheck.latex.parser import parse

NEWTON = (
    r"Let $H \in \mathbb{R}^{n\times n}$ be symmetric positive definite and $g \in \mathbb{R}^n$."
    r" The Newton step is $\Delta x = -H^{-1} g$."
    "\n\n"
)


@pytest.mark.parametrize(
    ("latex", "key"),
    [
        (r"\Delta x", r"\Delta{x}"),
        (r"\Delta \mathbf{x}_k", r"\Delta{\mathbf{x}}_{k}"),
        (r"\Delta\boldsymbol\theta", r"\Delta{\mathbf{\theta}}"),
        (r"\Delta\theta", r"\Delta{\theta}"),
        (r"\Delta W", r"\Delta{W}"),
    ],
)
def test_a_delta_before_a_letter_is_one_name(latex: str, key: str) -> None:
    node = parse(latex).node
    assert node is not None and getattr(node, "key", None) == key


@pytest.mark.parametrize(
    "latex", [r"\Delta^{-1} x", r"\Delta (x)", r"\Delta_k x", r"\Delta \Sigma", r"\Delta dx"]
)
def test_a_delta_with_anything_else_after_it_stays_a_symbol_of_its_own(latex: str) -> None:
    node = parse(latex).node
    assert node is not None and getattr(node, "key", None) is None  # a product or a power, not one name


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (r"H \Delta x = -g", "ok"),
        (r"H \Delta x = g", "broken"),
        (r"\Delta x^T H \Delta x = g^T H^{-1} g", "ok"),
        (r"\Delta x^T H \Delta x = -g^T H^{-1} g", "broken"),
        (r"g^T \Delta x = -g^T H^{-1} g", "ok"),
        (r"g^T \Delta x = -g^T H g", "broken"),
    ],
)
def test_a_defined_newton_step_is_checked_through_its_definition(step: str, status: str) -> None:
    verdict = one_step(NEWTON, step)
    assert verdict.status == status, verdict.reason


def test_a_delta_the_notes_define_as_a_matrix_multiplies_what_follows() -> None:
    found = steps(
        r"Let $\Delta = \operatorname{diag}(d)$ for $d \in \mathbb{R}^n$ and $x \in \mathbb{R}^n$."
        "\n\n"
        r"$$ \|\Delta x\|^2 = x^T \Delta^2 x $$"
        "\n\n"
        r"$$ (x^T \Delta^T)^T = \Delta x $$"
        "\n\n"
        r"$$ \|\Delta x\|^2 = x^T \Delta x $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_an_undefined_step_on_both_sides_is_a_symbol_of_its_own() -> None:
    found = steps(
        r"Let $A \in \mathbb{R}^{n\times n}$ and $x \in \mathbb{R}^n$."
        "\n\n"
        r"$$ (x + \Delta x)^T A (x + \Delta x) = x^T A x + 2 x^T A \Delta x + \Delta x^T A \Delta x $$"
        "\n\n"
        r"$$ (x + \Delta x)^T A (x + \Delta x) = x^T A x + x^T (A + A^T) \Delta x + \Delta x^T A \Delta x $$"
        "\n"
    )
    assert [s.status for s in found] == ["broken", "ok"]
