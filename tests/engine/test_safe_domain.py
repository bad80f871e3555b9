"""Where a step's values are undefined on the random draws (a log of a negative entry), the draws
are made where they are defined, and the step is still decided."""

from __future__ import annotations

from engine_notes import steps


def test_the_log_of_entrywise_products_is_decided_on_positive_entries() -> None:
    # x and y were drawn with negative entries and kept there: "a value is undefined", unchecked.
    found = steps(
        "Let $x, y \\in \\mathbb{R}^n$.\n\n"
        "$$ \\log(x \\odot y) = \\log x + \\log y $$\n\n"
        "$$ \\log(x \\odot y) = \\log x - \\log y $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
    assert found[0].evidence is not None
    assert any("positive entries" in a for a in found[0].evidence.assumptions)
