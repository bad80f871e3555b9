"""A layout named in brackets before a claim ("so (denominator layout)") is the layout the
document keeps to: a later claim that holds only in the other layout is a wrong-layout finding."""

from __future__ import annotations

from engine_notes import steps

NOTE = (
    "Let $X \\in \\mathbb{R}^{m\\times n}$, $W \\in \\mathbb{R}^{n\\times p}$, $Y = XW$ and "
    "$\\phi = \\mathrm{tr}(Y^T Y)$. With $dY = X\\, dW$, so (denominator layout)\n\n"
    "$$ \\frac{\\partial \\phi}{\\partial W} = 2 X^T X W $$\n\n"
    "For fixed $W$, $dY = dX\\, W$, so $\\frac{\\partial \\phi}{\\partial X} = {claim}$.\n"
)


def test_a_claim_in_the_other_layout_is_wrong() -> None:
    found = steps(NOTE.replace("{claim}", "2 W Y^T"))
    assert (found[-1].status, found[-1].kind) == ("broken", "wrong-layout"), found[-1].reason


def test_a_claim_in_the_named_layout_is_ok() -> None:
    found = steps(NOTE.replace("{claim}", "2 Y W^T"))
    assert [s.status for s in found] == ["ok", "ok"], [s.reason for s in found]
