"""The quick word tests in front of slow prose patterns answer exactly as the patterns do."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mdcheck.semantics.hypotheses import _GENERAL_AGAIN, leaves_hypotheses
from mdcheck.semantics.prose import CONDITION_WORDS, _sets_condition

# Words of the patterns, their pieces and near misses, mixed with plain prose and odd spacing.
WORDS = [
    "in",
    "general",
    "General",
    "GENERALLY",
    "more",
    "generally",
    "the",
    "a",
    "an",
    "case",
    "without",
    "Without",
    "otherwise",
    "other",
    "for",
    "any",
    "arbitrary",
    "Arbitrary",
    "set",
    "setting",
    "to",
    "zero",
    "equal",
    "solve",
    "solving",
    "optimum",
    "optimal",
    "stationary",
    "stationarity",
    "satisfies",
    "Riccati",
    "equation",
    "equations",
    "critical",
    "point",
    "implies",
    "normal",
    "condition",
    "minimize",
    "minimiser",
    "Lagrangian",
    "KKT",
    "linear",
    "system",
    "of",
    "fixed",
    "points",
    "eliminate",
    "multiplying",
    "by",
    "out",
    "gradient",
    "$x$",
    "we",
    "have",
    "so",
    "and",
    ".",
    ",",
    "genera",
    "withou",
    "othe",
    "arbitrar",
]
SPACES = [" ", "  ", "\n", "\t", ""]


@st.composite
def prose(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=14))
    gaps = draw(st.lists(st.sampled_from(SPACES), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True))


@settings(max_examples=600, deadline=None)
@given(prose())
def test_leaving_hypotheses_agrees_with_the_pattern(text: str) -> None:
    assert leaves_hypotheses(text, heading=False) == (_GENERAL_AGAIN.search(text) is not None)


@settings(max_examples=600, deadline=None)
@given(prose())
def test_setting_a_condition_agrees_with_the_pattern(text: str) -> None:
    assert _sets_condition(text) == (CONDITION_WORDS.search(text) is not None)


def test_the_quick_tests_let_the_pattern_decide_when_a_word_is_there() -> None:
    assert leaves_hypotheses("In general, the two differ.", heading=False)
    assert leaves_hypotheses("For any other matrix this fails.", heading=False)
    assert not leaves_hypotheses("Likewise, for the second term.", heading=False)
    assert leaves_hypotheses("Likewise.", heading=True)
    assert _sets_condition("Setting the gradient to zero gives")
    assert not _sets_condition("Expanding the product gives")
