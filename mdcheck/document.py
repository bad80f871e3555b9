"""What a source reader hands to the checker: a document as an ordered stream of math blocks,
prose (with its inline math) and mdcheck directives, each with its true position in the file."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

BlockKind = Literal["display", "inline", "derivation"]
Language = Literal["markdown", "latex", "notebook"]


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column (in characters) in a file; `cell` is the 1-based notebook cell,
    and then `line` is the line inside that cell."""

    line: int
    column: int
    cell: int | None = None


@dataclass(frozen=True)
class SourceMap:
    """Where each line of an extracted text starts in its file.

    `starts[k]` is the file position of the first character of line k of the text. Text taken
    out of a blockquote or list item is de-indented; the map keeps the true columns.
    """

    path: str
    starts: tuple[Position, ...]

    def locate(self, text: str, offset: int) -> Position:
        """The file position of character `offset` of `text` (the text this map was made for)."""
        line_offsets = _line_offsets(text)
        k = max(0, bisect_right(line_offsets, offset) - 1)
        k = min(k, len(self.starts) - 1)
        start = self.starts[k]
        return Position(start.line, start.column + (offset - line_offsets[k]), start.cell)

    @staticmethod
    def contiguous(path: str, text: str, line: int, column: int, cell: int | None = None) -> SourceMap:
        """A map for text copied verbatim from the file, starting at (line, column)."""
        n_lines = text.count("\n") + 1
        starts = [Position(line, column, cell)]
        starts += [Position(line + k, 1, cell) for k in range(1, n_lines)]
        return SourceMap(path, tuple(starts))


@lru_cache(maxsize=256)
def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    pos = text.find("\n")
    while pos != -1:
        offsets.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return offsets


@dataclass(frozen=True)
class Block:
    """One piece of display math: the LaTeX between its delimiters (`$$`, `\\[ \\]`, a fence),
    keeping any `\\begin{env}...\\end{env}` wrapper, with where it stands in the file."""

    text: str
    source: SourceMap
    kind: BlockKind = "display"
    end: Position | None = None

    def locate(self, offset: int) -> Position:
        return self.source.locate(self.text, offset)


@dataclass(frozen=True)
class InlineMath:
    """Inline math inside prose: `start`/`end` are offsets of the math content (without `$`)."""

    start: int
    end: int


@dataclass(frozen=True)
class Prose:
    """A paragraph, heading, list item or table row of prose, with the spans of its inline math;
    `heading` is the level of a section heading (1 for `#`), 0 for other prose."""

    text: str
    source: SourceMap
    math: tuple[InlineMath, ...] = ()
    heading: int = 0

    def locate(self, offset: int) -> Position:
        return self.source.locate(self.text, offset)

    def math_text(self, span: InlineMath) -> str:
        return self.text[span.start : span.end]


@dataclass(frozen=True)
class Directive:
    """An `mdcheck:` comment (`<!-- mdcheck: ... -->`, `% mdcheck: ...`): its text after the colon."""

    text: str
    position: Position


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input that did not stop the rest of the file being read."""

    message: str
    position: Position | None = None


Item = Block | Prose | Directive


@dataclass(frozen=True)
class Document:
    """A whole file as the checker sees it. `error` is set when the file could not be read at all."""

    path: str
    language: Language
    items: tuple[Item, ...] = ()
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    # Macros the file defines for its math (LaTeX): (name, number of arguments, body).
    macros: tuple[tuple[str, int, str], ...] = ()
