"""Turning offsets in a source text into true file positions, and pieces of extracted text into
the `SourceMap` of a block or paragraph."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from mdcheck.document import Block, BlockKind, Position, SourceMap


class LineIndex:
    """Where each line of a text starts, to turn a character offset into a 1-based line and
    column. `cell` is copied into every position (notebook cells)."""

    def __init__(self, text: str, cell: int | None = None) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts
        self.cell = cell

    def position(self, offset: int) -> Position:
        k = bisect_right(self.starts, offset) - 1
        return Position(k + 1, offset - self.starts[k] + 1, self.cell)

    def line_span(self, line: int, text_length: int) -> tuple[int, int]:
        """The offsets of the start and end (before its newline) of 0-based `line`."""
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else text_length
        return start, end


class TextLocator:
    """`SourceMap.locate` for one text, with its line offsets worked out once (locating many
    characters of a long paragraph stays linear)."""

    def __init__(self, text: str, where: SourceMap) -> None:
        self.text = text
        self.where = where
        self.lines = LineIndex(text)

    def position(self, offset: int) -> Position:
        k = min(bisect_right(self.lines.starts, offset) - 1, len(self.where.starts) - 1)
        start = self.where.starts[k]
        return Position(start.line, start.column + offset - self.lines.starts[k], start.cell)


@dataclass(frozen=True)
class Piece:
    """One line of extracted text and the file position of its first character."""

    start: Position
    text: str


def content_column(source_line: str, content_line: str) -> int:
    """The 0-based column of `source_line` where `content_line` (the same line after a parser
    removed container markers and indentation, and maybe trimmed it) begins. Negative when the
    parser made up leading spaces (from a tab) that have no column of their own."""
    content = content_line.rstrip()
    if not content.strip():
        return max(0, len(source_line) - len(content_line))
    source = source_line.rstrip()
    if source.endswith(content):
        return len(source) - len(content)
    core = content.lstrip()
    lead = len(content) - len(core)
    if source.endswith(core):
        # The parser rewrote the leading whitespace (a tab split into spaces): the non-blank
        # part stays exact, even if that puts the rewritten spaces before column 1.
        return len(source) - len(core) - lead
    found = source.find(core)
    return max(0, found - lead) if found != -1 else 0


def aligned_pieces(text: str, source_lines: list[str], first_line: int, cell: int | None) -> list[Piece]:
    """Pieces for `text`, whose line k was taken from `source_lines[first_line + k]` (0-based)."""
    pieces = []
    for k, line_text in enumerate(text.split("\n")):
        index = first_line + k
        source_line = source_lines[index] if index < len(source_lines) else ""
        column = content_column(source_line, line_text)
        pieces.append(Piece(Position(index + 1, column + 1, cell), line_text))
    return pieces


def trim_pieces(pieces: list[Piece]) -> list[Piece]:
    """Drop blank lines at both ends and the whitespace around the text, keeping every remaining
    character at its true position."""
    kept = list(pieces)
    while kept and not kept[0].text.strip():
        kept.pop(0)
    while kept and not kept[-1].text.strip():
        kept.pop()
    if not kept:
        return []
    first = kept[0]
    lead = len(first.text) - len(first.text.lstrip())
    start = first.start
    kept[0] = Piece(Position(start.line, start.column + lead, start.cell), first.text[lead:])
    last = kept[-1]
    kept[-1] = Piece(last.start, last.text.rstrip())
    return kept


def source_map(path: str, pieces: list[Piece]) -> SourceMap:
    return SourceMap(path, tuple(piece.start for piece in pieces))


def joined(pieces: list[Piece]) -> str:
    return "\n".join(piece.text for piece in pieces)


def block_from_pieces(path: str, pieces: list[Piece], kind: BlockKind, end: Position | None) -> Block | None:
    """A Block of the trimmed pieces, or None when they hold no text."""
    trimmed = trim_pieces(pieces)
    if not trimmed:
        return None
    return Block(joined(trimmed), source_map(path, trimmed), kind, end)
