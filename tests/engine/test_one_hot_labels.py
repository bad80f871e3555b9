"""A label vector said to be one-hot is drawn one-hot, even when it is also declared in {0, 1}^K."""

from __future__ import annotations

import pytest
from engine_notes import steps

LOSS = (
    "Let $z \\in \\mathbb{R}^K$, $s = \\operatorname{softmax}(z)$, and the loss $L = -y^T \\log s$.\n\n"
    "$$ \\nabla_z L = s - y $$\n\n"
    "$$ \\nabla_z L = y - s $$\n"
)


@pytest.mark.parametrize(
    "said",
    [
        "Let $y \\in \\{0,1\\}^K$ be a one-hot label.",
        "Let $y \\in \\{0,1\\}^K$ be one-hot.",
        "The label $y \\in \\mathbb{R}^K$ is one-hot.",
    ],
)
def test_the_cross_entropy_gradient_holds_for_a_one_hot_label(said: str) -> None:
    # Declared in {0, 1}^K, y was drawn with any zeros and ones (not one-hot), so the correct
    # gradient s - y held on some draws only (unstable).
    assert [(s.status, s.kind) for s in steps(said + "\n\n" + LOSS)] == [("ok", "ok"), ("broken", "broken")]


def test_a_label_only_in_zero_one_is_not_assumed_one_hot() -> None:
    found = steps("Let $y \\in \\{0,1\\}^K$.\n\n" + LOSS)
    assert found[0].status == "unchecked" and found[0].kind == "unstable"
