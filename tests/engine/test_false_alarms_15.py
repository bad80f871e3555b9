"""Steps of adaptive filtering, array processing, Gaussian and variational-inference notes that
mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_a_declared_scalar_d_before_a_letter_is_a_factor_not_a_differential() -> None:
    # "$d$ a scalar desired response": `2 d\, w^T x` in the expansion of (d - w^T x)^2 was read as
    # the differential dw and the correct expansion was broken. A wrong gradient stays broken, with
    # d read as the symbol in its evidence.
    found = steps(
        "Let $x, w \\in \\mathbb{R}^n$ and $d$ a scalar desired response.\n\n"
        "$$ (d - w^T x)^2 = d^2 - 2 d\\, w^T x + w^T x x^T w $$\n\n"
        "$$ \\frac{\\partial}{\\partial w} (d - w^T x)^2 = -2 d x + 2 x x^T w $$\n\n"
        "$$ \\frac{\\partial}{\\partial w} (d - w^T x)^2 = -2 d x + 2 (x^T x) w $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
    assert all("declared symbol d" in s.reading for s in found)
    assert "d x" in found[2].meaning[1]
