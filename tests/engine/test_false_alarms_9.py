"""Steps of ML course notes in older or looser notation (plain-TeX `{\\rm tr}`, the logistic
function's derivative applied to a matrix, one-hot labels, ...) that mdcheck once judged wrongly,
each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps


def test_old_style_roman_trace_is_the_trace_operator() -> None:
    # `{\rm tr}` was read as the letters r and t: cyclicity was broken, a true step unchecked.
    found = steps(
        "Let $X$ be $n \\times p$ and $W$ an $n \\times n$ matrix.\n\n"
        "$$ {\\rm tr}\\,(X^T W X) = {\\rm tr}\\,(W X X^T) $$\n\n"
        "$$ {\\rm tr}(X^T W X) = 2\\,{\\rm tr}(W X X^T) $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "broken")]


def test_old_style_roman_word_that_is_no_operator_stays_a_group() -> None:
    found = steps("Let $a, b \\in \\mathbb{R}^n$.\n\n$$ a^T b + {\\rm c} = b^T a + {\\rm c} $$\n")
    assert [s.status for s in found] == ["ok"]
