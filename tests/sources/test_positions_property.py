"""Property: for any document assembled from the constructs notes use (paragraphs with inline
math, display math in its several forms, quotes, lists, tables, CRLF or LF), every character the
Markdown reader hands on sits at its true position, and every display block is found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sources_checks import assert_true_positions, blocks, file_chars

from mdcheck.sources import read_text

MATH = st.text(alphabet="abxyAX+-=^_{}()\\ ,", min_size=1, max_size=12).filter(
    lambda s: s.strip() and not s.endswith("\\") and "\\\\" not in s
)
WORDS = st.text(alphabet="abc def.,:;", min_size=1, max_size=15).filter(str.strip)


@st.composite
def paragraph(draw: st.DrawFn) -> tuple[list[str], int]:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(draw(WORDS))
        parts.append(f"${draw(MATH).strip()}$")
    text = " ".join(parts)
    lines = [text[:20], text[20:]] if draw(st.booleans()) and " " in text[18:22] else [text]
    return [line for line in lines if line.strip()] or [text], 0


@st.composite
def display(draw: st.DrawFn) -> tuple[list[str], int]:
    body = draw(MATH).strip()
    form = draw(st.sampled_from(["one-line", "lines", "brackets", "fence", "aligned", "amsmath"]))
    if form == "one-line":
        return [f"$${body}$$"], 1
    if form == "lines":
        return ["$$", body, "  " + draw(MATH).strip(), "$$"], 1
    if form == "brackets":
        return ["\\[", body, "\\]"], 1
    if form == "fence":
        return ["```math", body, "```"], 1
    if form == "aligned":
        return [f"$$\\begin{{aligned}} {body}", "&= c \\end{aligned}$$"], 1
    return ["\\begin{align}", body, "\\end{align}"], 1


@st.composite
def container(draw: st.DrawFn) -> tuple[list[str], int]:
    lines, count = draw(st.one_of(paragraph(), display()))
    kind = draw(st.sampled_from(["none", "quote", "list", "indent"]))
    if kind == "quote":
        return [f"> {line}" for line in lines], count
    if kind == "list":
        return [f"- {lines[0]}", *[f"  {line}" for line in lines[1:]]], count
    if kind == "indent":
        return [f"  {line}" for line in lines], count
    return lines, count


@st.composite
def document(draw: st.DrawFn) -> tuple[str, int]:
    chunks = draw(st.lists(container(), min_size=1, max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = (newline * 2).join(newline.join(lines) for lines, _ in chunks) + newline
    return text, sum(count for _, count in chunks)


@settings(max_examples=150, deadline=None)
@given(document())
def test_every_character_is_at_its_true_position(case: tuple[str, int]) -> None:
    text, display_count = case
    found = read_text(text, "gen.md")
    assert found.error is None and found.problems == ()
    assert len(blocks(found)) == display_count
    assert_true_positions(found, file_chars({"gen.md": text}))
