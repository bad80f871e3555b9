"""The comparison allows for the digits an inverse loses: a draw may be off by its conditioning
(times a margin), a draw too ill-conditioned to tell is set aside, and mistakes stay broken."""

from __future__ import annotations

import numpy as np
import pytest
from engine_notes import one_step

from mdcheck.numeric.compare import MAX_ALLOWANCE, Trial

DECLARED = "<!-- mdcheck: A, B, C: n x n -->\n\n"


def verdict(step: str) -> tuple[str, str]:
    found = one_step(DECLARED, step)
    return found.status, found.kind


def trial(error: float, allowance: float) -> Trial:
    zero = np.zeros((1, 1))
    return Trial(zero, zero, error, {}, {}, allowance)


def test_a_draw_holds_within_what_its_conditioning_allows() -> None:
    assert trial(1e-9, 0.0).holds(1e-7)
    assert not trial(1e-6, 0.0).holds(1e-7)
    assert trial(1e-6, 1e-5).holds(1e-7)
    assert trial(1e-6, 1e-5).conclusive
    assert not trial(1e-6, 10 * MAX_ALLOWANCE).conclusive


@pytest.mark.parametrize(
    "step",
    [
        r"(ABCABCAB)^{-1} = B^{-1}A^{-1}C^{-1}B^{-1}A^{-1}C^{-1}B^{-1}A^{-1}",
        r"(AAAAAA)^{-1} = A^{-1}A^{-1}A^{-1}A^{-1}A^{-1}A^{-1}",
        r"\left[(AB)^{-1}(CA)^{-1}\right]^{-1} = CAAB",
    ],
)
def test_a_true_identity_with_long_inverted_products_holds(step: str) -> None:
    assert verdict(step) == ("ok", "ok")


@pytest.mark.parametrize(
    "step",
    [
        r"(ABCABCAB)^{-1} = B^{-1}A^{-1}C^{-1}B^{-1}A^{-1}C^{-1}A^{-1}B^{-1}",
        r"(AAAAAA)^{-1} = 1.001 A^{-1}A^{-1}A^{-1}A^{-1}A^{-1}A^{-1}",
        r"(AAAAAA)^{-1} = A^{-1}A^{-1}A^{-1}A^{-1}A^{-1}A^{-T}",
    ],
)
def test_a_mistake_in_a_long_inverted_product_is_still_broken(step: str) -> None:
    assert verdict(step)[0] == "broken"
