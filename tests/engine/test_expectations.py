"""Expected values and probabilities (`\\mathbb{E}[x x^T]`) are not modelled: such a step is
unchecked, and the reason says so instead of calling the letter a new name."""

from __future__ import annotations

from engine_notes import steps


def test_an_expectation_is_unsupported_with_its_reason() -> None:
    found = steps(
        "Let $x \\in \\mathbb{R}^d$ be random with mean $\\mu$ and covariance $\\Sigma$.\n\n"
        "$$ \\mathbb{E}[x x^T] = \\Sigma + \\mu \\mu^T $$\n\n"
        "$$ \\mathbb{E}_{p}[x] = \\mu = \\mathbb{E}[x] $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unsupported")] * 3
    assert all("expected value" in s.reason for s in found)
