"""Differentials of names with a layer or sample label, `dW^{(1)}`, `dA^{[l-1]T}`, `d_{W^{(1)}}z^{(1)}`:
the label belongs to the name differentiated, so the step is checked like `dW x`."""

from __future__ import annotations

import pytest
from engine_notes import one_step

PROSE = (
    r"Let $W^{(1)} \in \mathbb{R}^{n \times p}$, $A^{[0]} \in \mathbb{R}^{p \times m}$, "
    r"$x \in \mathbb{R}^p$, and $z^{(1)} = W^{(1)} x$, $Z^{[1]} = W^{(1)} A^{[0]}$." + "\n\n"
)

CASES = [
    (r"dz^{(1)} = dW^{(1)} x", "ok"),
    (r"d_{W^{(1)}} z^{(1)} = dW^{(1)} x", "ok"),
    (r"dZ^{[1]T} = A^{[0]T} dW^{(1)T}", "ok"),
    (r"dZ^{[1]} = dW^{(1)} A^{[0]}", "ok"),
    (r"dz^{(1)} = 2 dW^{(1)} x", "broken"),
]


@pytest.mark.parametrize(("step", "status"), CASES)
def test_a_labelled_name_is_differentiated(step: str, status: str) -> None:
    assert one_step(PROSE, step).status == status
