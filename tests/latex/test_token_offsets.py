"""The tokenizer's kinds and offsets: every token's text is the source between its offsets, across
whitespace, comments, numbers, commands and superscript characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdcheck.latex.tokens import tokenize

PIECES = [
    "x",
    "A",
    "1",
    "12",
    "0.5",
    ".5",
    ".",
    " ",
    "\n",
    "\t",
    "%c\n",
    "%",
    "\\alpha",
    "\\,",
    "\\",
    "{",
    "}",
    "~",
    "+",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_plain_tokens_sit_at_their_offsets(text: str) -> None:
    for token in tokenize(text):
        if token.end > token.start:
            assert text[token.start : token.end] == token.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "  x_{12} % note\n+ \\beta",
            [
                ("letter", 2),
                ("symbol", 3),
                ("symbol", 4),
                ("number", 5),
                ("symbol", 7),
                ("symbol", 16),
                ("command", 18),
            ],
        ),
        ("0.5\\,.5 . ", [("number", 0), ("space", 3), ("number", 5), ("symbol", 8)]),
        ("A²", [("letter", 0), ("symbol", 1), ("symbol", 1), ("number", 1), ("symbol", 2)]),
        ("A ²", [("letter", 0), ("symbol", 2), ("symbol", 2), ("number", 2), ("symbol", 3)]),
    ],
)
def test_kinds_and_starts(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(t.kind, t.start) for t in tokenize(text)] == expected
