"""Helpers for the source-reader tests: the true-position check every reader must pass, and
short ways to pull blocks, spans and directives out of a Document."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from mdcheck.document import Block, Directive, Document, Position, Prose

CharAt = Callable[[str, Position], str]


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def file_chars(overrides: dict[str, str] | None = None) -> CharAt:
    """The character at a position of a file, read from disk as bytes (or from `overrides`,
    text keyed by path); a notebook position is looked up in its cell's source."""
    cache: dict[tuple[str, int | None], list[str]] = {}

    def lines_of(path: str, cell: int | None) -> list[str]:
        key = (path, cell)
        if key not in cache:
            text = (overrides or {}).get(path)
            if text is None:
                text = Path(path).read_bytes().decode("utf-8-sig")
            if cell is not None:
                source = json.loads(text)["cells"][cell - 1]["source"]
                text = "".join(source) if isinstance(source, list) else source
            cache[key] = _lines(text)
        return cache[key]

    def char_at(path: str, position: Position) -> str:
        lines = lines_of(path, position.cell)
        assert 1 <= position.line <= len(lines), f"line {position.line} outside {path}"
        line = lines[position.line - 1]
        assert 1 <= position.column <= len(line) + 1, f"column {position.column} outside line {position.line}"
        return line[position.column - 1] if position.column <= len(line) else "\n"

    return char_at


def assert_true_positions(document: Document, char_at: CharAt | None = None) -> int:
    """Every character of every block and of every inline math span must sit, according to its
    SourceMap, on the same character of the file. Returns how many characters were checked."""
    char_at = char_at or file_chars()
    checked = 0
    for item in document.items:
        if isinstance(item, Block):
            offsets = range(len(item.text))
            text, locate, path = item.text, item.locate, item.source.path
        elif isinstance(item, Prose):
            offsets = [k for span in item.math for k in range(span.start, span.end)]
            text, locate, path = item.text, item.locate, item.source.path
        else:
            continue
        for k in offsets:
            if text[k] == "\n":
                continue
            position = locate(k)
            found = char_at(path, position)
            assert found == text[k], f"{path}:{position}: text has {text[k]!r}, file has {found!r} ({text!r})"
            checked += 1
    return checked


def blocks(document: Document) -> list[Block]:
    return [item for item in document.items if isinstance(item, Block)]


def block_texts(document: Document) -> list[str]:
    return [block.text for block in blocks(document)]


def spans(document: Document) -> list[str]:
    """The text of every inline math span, in reading order."""
    return [p.math_text(s) for p in document.items if isinstance(p, Prose) for s in p.math]


def directives(document: Document) -> list[Directive]:
    return [item for item in document.items if isinstance(item, Directive)]


def kinds(document: Document) -> list[str]:
    return [type(item).__name__ for item in document.items]
