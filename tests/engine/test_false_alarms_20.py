"""Worked-example tutorials (hunt 20): a special-case check in prose ("with m = n = p = 1,
phi = x^2 w^2") must not redefine phi for the derivation that follows it."""

from __future__ import annotations

from engine_notes import steps

SPECIAL_CASE_THEN_DIFFERENTIAL = """Let $X \\in \\mathbb{R}^{m\\times n}$,
$W \\in \\mathbb{R}^{n\\times p}$ and $Y = XW$.
For a scalar $\\phi = \\mathrm{tr}(Y^T Y)$,

$$ d\\phi = 2\\,\\mathrm{tr}(Y^T dY) $$

**Check:** with $m = n = p = 1$, $\\phi = x^2 w^2$ and $\\partial\\phi/\\partial w = 2x^2 w$.

For fixed $W$, $dY = dX\\, W$ and

$$ d\\phi = 2\\,\\mathrm{tr}(Y^T {step}) $$
"""


def test_special_case_check_does_not_redefine_the_function() -> None:
    found = steps(SPECIAL_CASE_THEN_DIFFERENTIAL.replace("{step}", "dX\\, W"))
    assert found[-1].status == "ok", found[-1].reason
    wrong = steps(SPECIAL_CASE_THEN_DIFFERENTIAL.replace("{step}", "W\\, dX^T"))
    assert wrong[-1].status == "broken", wrong[-1].reason


def test_without_the_special_case_the_step_is_ok_and_its_twin_broken() -> None:
    plain = SPECIAL_CASE_THEN_DIFFERENTIAL.replace("**Check:**", "").split("with $m")[0]
    rest = "For fixed $W$, $dY = dX\\, W$ and\n\n$$ d\\phi = 2\\,\\mathrm{tr}(Y^T {step}) $$\n"
    assert steps(plain + rest.replace("{step}", "dX\\, W"))[-1].status == "ok"
    assert steps(plain + rest.replace("{step}", "W\\, dX^T"))[-1].status == "broken"
