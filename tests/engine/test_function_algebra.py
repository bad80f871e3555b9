"""A bracket of functions applied to an argument, `(af + g)(x)`, `(fg)(x)`, `(g \\circ f)(x)`, is
the combination of their values (the verdict names that reading) when the bracket holds names
used as functions; a bracket of other names stays a product."""

from __future__ import annotations

import pytest
from engine_notes import one_step

from mdcheck.api import check_text

PROSE = "Let $f$ and $g$ be smooth functions of $x \\in \\mathbb{R}$, and $a$ a scalar.\n\n"


def verdict(step: str) -> tuple[str, str]:
    found = one_step(PROSE, step)
    return found.status, found.reading


@pytest.mark.parametrize(
    "step",
    [
        r"(af + g)(x_0 + dx) = af(x_0 + dx) + g(x_0 + dx)",
        r"(fg)(x_0 + dx) = f(x_0 + dx)g(x_0 + dx)",
        r"(g \circ f)(x_0 + dx) = g(f(x_0 + dx))",
        r"(f - 2g)(x) = f(x) - 2g(x)",
    ],
)
def test_a_combination_of_functions_applied_is_their_combined_values(step: str) -> None:
    status, reading = verdict(step)
    assert status == "ok"
    assert "(f + g)(x) as f(x) + g(x)" in reading


@pytest.mark.parametrize(
    "step",
    [
        r"(g \circ f)(x) = f(g(x))",
        r"(fg)(x) = f(x) + g(x)",
        r"(af + g)(x) = a(f(x) + g(x))",
    ],
)
def test_a_wrong_combination_is_broken(step: str) -> None:
    assert verdict(step)[0] == "broken"


def test_a_bracket_of_scalars_before_a_bracket_is_still_a_product() -> None:
    report = check_text("$$ (ab)(c + d) = abc + abd $$\n", path="note.md")
    assert [s.status for s in report.steps] == ["ok"]
