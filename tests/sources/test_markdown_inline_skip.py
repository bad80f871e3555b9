"""The Markdown reader parses inline only the texts holding `$`, `\\` or `<`: what it reads is the
same as with markdown-it's own core `inline` rule, which parses every text."""

from __future__ import annotations

import random

import pytest
from markdown_it.rules_core.inline import inline as parse_every_inline

from mdcheck.document import Directive, Prose
from mdcheck.sources import markdown

PIECES = [
    *"ab x=+-_^{}()[]$\\<>`*#|&;!:.",
    "\n",
    "\n\n",
    "  ",
    "$$",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "<!-- mdcheck: skip -->",
    "```math\n",
    "```\n",
    "- ",
    "1. ",
    "> ",
    "    ",
    "\\frac{a}{b}",
    "[x](y)",
    "<http://a.b>",
    "&amp;",
    "\\$",
    "|a|b|\n|-|-|\n",
    "*em*",
    "`code $x$`",
]


@pytest.fixture
def full_reader(monkeypatch: pytest.MonkeyPatch) -> object:
    reader = markdown.markdown_parser.__wrapped__().disable(markdown._UNUSED_RULES)
    reader.core.ruler.at("inline", parse_every_inline)
    return reader


def test_random_texts_read_the_same(full_reader: object, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(7)
    quick = markdown._reader()
    for _ in range(1500):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 60)))
        monkeypatch.setattr(markdown, "_reader", lambda: quick)
        got = markdown.read_markdown(text, "x.md")
        monkeypatch.setattr(markdown, "_reader", lambda: full_reader)
        assert got == markdown.read_markdown(text, "x.md"), text


def test_plain_paragraph_next_to_math() -> None:
    text = "A plain paragraph with a [link](x) and `code`.\n\nThen $x = y$ and <!-- mdcheck: skip -->.\n"
    items = markdown.read_markdown(text, "x.md").items
    prose = [item for item in items if isinstance(item, Prose)]
    assert [[p.text[m.start : m.end] for m in p.math] for p in prose] == [[], ["x = y"]]
    assert any(isinstance(item, Directive) for item in items)
