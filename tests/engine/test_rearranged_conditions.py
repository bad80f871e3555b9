"""An equation that follows from a condition (`0 = ... \\implies ...`) and rearranges it is checked
against it: ok when the difference of its sides is the condition's times 1, -1, 2, -2, 1/2 or -1/2."""

from __future__ import annotations

import pytest
from engine_notes import one_step, steps

PROSE = (
    r"Let $X \in \mathbb{R}^{n\times p}$, $y \in \mathbb{R}^n$, $w \in \mathbb{R}^p$."
    " Setting the gradient to zero,\n\n"
)


@pytest.mark.parametrize(
    "rewrite",
    [r"X^TXw = X^Ty", r"X^Ty = X^TXw", r"X^TXw - X^Ty = 0"],
)
def test_a_rearranged_condition_is_ok(rewrite: str) -> None:
    found = steps(PROSE + f"$$ 2X^T(Xw - y) = 0 \\implies {rewrite} $$\n")
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("ok", "ok")]
    assert "rearranged" in found[1].reading


def test_a_chain_of_rearrangements_is_checked_link_by_link() -> None:
    found = steps(PROSE + r"$$ X^T(Xw - y) = 0 \implies X^TXw - X^Ty = 0 \implies X^TXw = X^Ty $$" + "\n")
    assert [s.status for s in found] == ["unchecked", "ok", "ok"]


def test_a_wrong_rearrangement_stays_a_condition_never_broken() -> None:
    # It might still follow (a matrix multiplied in); mdcheck cannot tell, so it does not decide.
    found = steps(PROSE + r"$$ X^T(Xw - y) = 0 \implies X^TXw = -X^Ty $$" + "\n")
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("unchecked", "condition")]


def test_an_equation_not_implied_by_the_condition_is_not_compared_with_it() -> None:
    assert one_step(PROSE, r"X^TXw = X^Ty").kind == "condition"
