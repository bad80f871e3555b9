"""The Markdown reader: turns Markdown text (a file, or a notebook's markdown cell) into display
blocks, prose with its inline math, and directives, in reading order, at true positions."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mdcheck.document import Block, BlockKind, Directive, InlineMath, Item, Problem, Prose, SourceMap
from mdcheck.sources.directives import html_directives
from mdcheck.sources.markdown_block_rules import DISPLAY_MATH, PROBLEMS, TABLE_ROWS
from mdcheck.sources.markdown_inline_rules import HTML_OFFSET, INLINE_DISPLAY, INLINE_MATH, is_escaped
from mdcheck.sources.markdown_parser import markdown_parser
from mdcheck.sources.plain_math import plain_declarations
from mdcheck.sources.positions import (
    LineIndex,
    Piece,
    TextLocator,
    aligned_pieces,
    block_from_pieces,
    source_map,
)

# Rules whose tokens the reader never looks at: emphasis only turns `*` and `_` runs into
# em/strong tokens (no other rule starts at those characters, so no math is found differently),
# and text_join only merges text tokens. Skipping them makes reading about a third faster.
_UNUSED_RULES = ["emphasis", "text_join"]


@cache
def _reader() -> MarkdownIt:
    """mdcheck's Markdown parser (a fresh one: the shared one keeps all its rules) without the
    rules the reader does not need, and parsing inline only the texts that can hold math or HTML."""
    md = markdown_parser.__wrapped__().disable(_UNUSED_RULES)
    md.core.ruler.at("inline", _inline_where_needed)
    return md


def _inline_where_needed(state: StateCore) -> None:
    """markdown-it's core `inline` rule, skipping the texts with none of `$`, `\\` and `<`: their
    inline tokens would be plain text, links and code, which the reader never looks at (half the
    paragraphs of a typical note, a third of its prose)."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if "$" in content or "\\" in content or "<" in content:
                state.md.inline.parse(content, state.md, state.env, token.children)


_FENCE_KINDS: dict[str, BlockKind] = {"math": "display", "derivation": "derivation"}
_CLOSING_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})[ \t]*")


@dataclass(frozen=True)
class MarkdownRead:
    """What one Markdown text holds, and what was wrong with it."""

    items: tuple[Item, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Source:
    """The text being read and what is needed to place anything in it."""

    path: str
    text: str
    lines: list[str]
    index: LineIndex
    env: dict[str, Any]

    @property
    def cell(self) -> int | None:
        return self.index.cell


def read_markdown(text: str, path: str, cell: int | None = None) -> MarkdownRead:
    """Read Markdown `text` (newlines already normalised to "\\n") as the file `path`; `cell`
    is the notebook cell it came from, if any."""
    env: dict[str, Any] = {}
    tokens = _reader().parse(text, env)
    source = _Source(path, text, text.split("\n"), LineIndex(text, cell), env)
    items: list[Item] = []
    problems: list[Problem] = []
    for k, token in enumerate(tokens):
        if token.type not in _READ_TYPES:
            continue  # closing tags, paragraph and list openings: nothing to read
        parent = tokens[k - 1] if k > 0 else None
        found, trouble = _read_token(token, parent, source)
        items.extend(found)
        problems.extend(trouble)
    for offset, message in env.get(PROBLEMS, {}).items():
        problems.append(Problem(message, source.index.position(offset)))
    problems.sort(key=lambda problem: problem.position or source.index.position(0))
    return MarkdownRead(tuple(items), tuple(problems))


def math_texts(items: Iterable[Item]) -> Iterator[str]:
    """The math of Markdown items: display blocks and the inline math of prose."""
    for item in items:
        if isinstance(item, Block):
            yield item.text
        elif isinstance(item, Prose):
            yield from (item.text[span.start : span.end] for span in item.math)


# The only token types `_read_token` reads anything from.
_READ_TYPES = frozenset({DISPLAY_MATH, "fence", "inline", "tr_open", "html_block"})


def _read_token(token: Token, parent: Token | None, source: _Source) -> tuple[list[Item], list[Problem]]:
    if token.type == DISPLAY_MATH:
        return _display_block(token, source), []
    if token.type == "fence":
        return _fence_block(token, source)
    kind = parent.type if parent is not None else ""
    if token.type == "inline" and kind in ("paragraph_open", "heading_open") and token.map:
        level = int(parent.tag[1:]) if parent is not None and kind == "heading_open" else 0
        return _prose(token, source, heading=level), []
    if token.type == "tr_open" and token.map:
        return _table_row(token.map[0], source), []
    if token.type == "html_block" and token.map:
        return _block_directives(token, source), []
    return [], []


def _display_block(token: Token, source: _Source) -> list[Item]:
    position = source.index.position
    pieces = [Piece(position(start), source.text[start:end]) for start, end in token.meta["spans"]]
    block = block_from_pieces(source.path, pieces, "display", position(token.meta["end"]))
    return [block] if block else []


def _fence_block(token: Token, source: _Source) -> tuple[list[Item], list[Problem]]:
    words = token.info.split()
    kind = _FENCE_KINDS.get(words[0].lower()) if words else None
    if kind is None or not token.map:
        return [], []
    first, stop = token.map
    closing_line = source.lines[stop - 1] if stop - 1 > first else ""
    closing = _CLOSING_FENCE.fullmatch(closing_line)
    closed = closing is not None and closing.group(1)[0] == token.markup[0]
    problems = []
    if closed:
        end = source.index.position(source.index.starts[stop - 1] + len(closing_line.rstrip()))
    else:
        end = None
        start = source.index.position(source.index.starts[first])
        message = f"```{words[0]} fence opened at line {first + 1} is never closed"
        problems.append(Problem(message, start))
    content = token.content[:-1] if token.content.endswith("\n") else token.content
    pieces = aligned_pieces(content, source.lines, first + 1, source.cell)
    block = block_from_pieces(source.path, pieces, kind, end)
    return ([block] if block else []), problems


def _prose(token: Token, source: _Source, heading: int = 0) -> list[Item]:
    assert token.map is not None
    text = token.content
    if not text.strip():
        return []
    pieces = aligned_pieces(text, source.lines, token.map[0], source.cell)
    where = source_map(source.path, pieces)
    spans, embedded = _inline_parts(token.children or [], TextLocator(text, where), 0)
    spans = sorted([*spans, *plain_declarations(text, spans)], key=lambda span: span.start)
    return [Prose(text, where, tuple(spans), heading), *embedded]


def _table_row(line: int, source: _Source) -> list[Item]:
    start = source.env.get(TABLE_ROWS, {}).get(line)
    if start is None:
        return []
    _, line_end = source.index.line_span(line, len(source.text))
    row = source.text[start:line_end].rstrip()
    where = SourceMap(source.path, (source.index.position(start),))
    locator = TextLocator(row, where)
    spans: list[InlineMath] = []
    embedded: list[Item] = []
    for cell_start, cell_text in _table_cells(row):
        tokens = _reader().parseInline(cell_text, source.env)
        cell_spans, cell_items = _inline_parts(tokens[0].children or [], locator, cell_start)
        spans.extend(cell_spans)
        embedded.extend(cell_items)
    return [Prose(row, where, tuple(spans)), *embedded]


def _table_cells(row: str) -> list[tuple[int, str]]:
    """(offset, text) of each non-empty cell of a table row, split at unescaped pipes."""
    pipes = [k for k, char in enumerate(row) if char == "|" and not is_escaped(row, k)]
    edges = [-1, *pipes, len(row)]
    cells = []
    for left, right in itertools.pairwise(edges):
        segment = row[left + 1 : right]
        if segment.strip():
            lead = len(segment) - len(segment.lstrip())
            cells.append((left + 1 + lead, segment.strip()))
    return cells


def _inline_parts(
    children: list[Token], locator: TextLocator, shift: int
) -> tuple[list[InlineMath], list[Item]]:
    """The inline math spans of a prose text, and the display blocks and directives written
    inside it; `shift` is where the parsed inline text starts within `text`."""
    spans: list[InlineMath] = []
    embedded: list[Item] = []
    for child in children:
        meta = child.meta or {}
        if child.type == INLINE_MATH and child.content.strip():
            spans.append(InlineMath(shift + meta["start"], shift + meta["end"]))
        elif child.type == INLINE_DISPLAY:
            block = _embedded_block(locator, shift + meta["start"], shift + meta["end"], child.markup)
            embedded.extend([block] if block else [])
        elif child.type == "html_inline" and HTML_OFFSET in meta:
            for offset, directive in html_directives(child.content):
                position = locator.position(shift + meta[HTML_OFFSET] + offset)
                embedded.append(Directive(directive, position))
    return spans, embedded


def _embedded_block(locator: TextLocator, start: int, end: int, opener: str) -> Block | None:
    """A display block written inside a paragraph, e.g. `so $$x = y$$ holds`."""
    pieces = []
    offset = start
    for line_text in locator.text[start:end].split("\n"):
        pieces.append(Piece(locator.position(offset), line_text))
        offset += len(line_text) + 1
    end_position = locator.position(end + len(opener))
    return block_from_pieces(locator.where.path, pieces, "display", end_position)


def _block_directives(token: Token, source: _Source) -> list[Item]:
    assert token.map is not None
    found = list(html_directives(token.content))
    if not found:
        return []
    where = source_map(source.path, aligned_pieces(token.content, source.lines, token.map[0], source.cell))
    locator = TextLocator(token.content, where)
    return [Directive(text, locator.position(offset)) for offset, text in found]
