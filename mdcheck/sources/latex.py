"""The LaTeX reader: display environments, `\\[ \\]` and `$$ $$` become Blocks, the text between
them Prose with its inline math, `% mdcheck:` comments Directives; `\\input` and `\\include`
are followed, and what they bring in keeps the positions of its own file."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from pylatexenc import latexwalker as lw

from mdcheck.document import Block, Directive, Document, InlineMath, Item, Position, Problem, Prose, SourceMap
from mdcheck.sources.directives import directive_text
from mdcheck.sources.files import MAX_LATEX_BYTES, read_file_text
from mdcheck.sources.latex_context import RAW_ENVIRONMENTS, balanced_end
from mdcheck.sources.latex_macros import read_macro
from mdcheck.sources.latex_parse import parse_latex
from mdcheck.sources.positions import LineIndex

DISPLAY_ENVIRONMENTS = frozenset(
    ("equation", "align", "gather", "multline", "eqnarray", "displaymath", "flalign", "alignat")
)
_INLINE_ENVIRONMENTS = frozenset(("math",))
_PARAGRAPH_MACROS = frozenset(("par", "item"))
# Heading levels, in LaTeX's order (only their order matters): \part is the highest.
_SECTION_LEVELS = {
    name: level
    for level, name in enumerate(
        ("part", "chapter", "section", "subsection", "subsubsection", "paragraph", "subparagraph"), start=1
    )
}
_INCLUDE_MACROS = frozenset(("input", "include"))
_MACRO_DEFINITIONS = frozenset(
    (
        "newcommand",
        "renewcommand",
        "providecommand",
        "DeclareRobustCommand",
        "DeclareMathOperator",
        "def",
        "gdef",
    )
)
_INCLUDE_NAME = re.compile(r"\\(input|include)\s*(?:\{([^}]*)\}|([^\s{}%\\]+))")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TITLE_START = re.compile(r"\s*\*?\s*(?:\[[^\]]*\]\s*)?\{")
_MAX_INCLUDE_DEPTH = 16


@dataclass(frozen=True)
class _Included:
    """What an included file gave: its items, and its problems as messages for the includer."""

    items: list[Item]
    problems: list[str]
    macros: dict[str, tuple[int, str]] | None = None


def read_latex(text: str, path: str) -> Document:
    """Read LaTeX `text` (newlines normalised) as the file `path`."""
    root = os.path.dirname(path)
    walk = _FileWalk(path, text, (os.path.realpath(path),), root)
    walk.run()
    problems = sorted(walk.problems, key=lambda problem: problem.position or Position(0, 0))
    macros = tuple((name, count, body) for name, (count, body) in walk.macros.items())
    return Document(path, "latex", tuple(walk.items), tuple(problems), macros=macros)


class _FileWalk:
    """One pass over the nodes of one file, gathering items in reading order. Prose is kept as a
    range of the source (`prose_start`..`prose_end`) until something ends the paragraph."""

    def __init__(self, path: str, text: str, stack: tuple[str, ...], root: str) -> None:
        self.path, self.text, self.stack, self.root = path, text, stack, root
        self.index = LineIndex(text)
        self.items: list[Item] = []
        self.problems: list[Problem] = []
        self.prose_start: int | None = None
        self.prose_end = 0
        self.spans: list[tuple[int, int]] = []
        self.consumed = 0
        self.heading_end: int | None = None
        self.heading_level = 0
        self.macros: dict[str, tuple[int, str]] = {}

    def run(self) -> None:
        parsed = parse_latex(self.text)
        for broken in parsed.problems:
            where = self.position(broken.offset)
            self.problems.append(Problem(broken.message(where.line), where))
        self.visit(parsed.nodes)
        self.flush()

    def position(self, offset: int) -> Position:
        return self.index.position(offset)

    def visit(self, nodes: list[Any]) -> None:
        for node in nodes:
            if node is not None:
                self.visit_node(node)
                if self.heading_end is not None and self.prose_end >= self.heading_end:
                    self.flush()

    def visit_node(self, node: Any) -> None:
        end = node.pos + node.len
        if end <= self.consumed:
            return  # the file name of an \input
        if isinstance(node, lw.LatexCharsNode):
            self.chars(max(node.pos, self.consumed), end)
        elif isinstance(node, lw.LatexMathNode):
            self.math(node)
        elif isinstance(node, lw.LatexEnvironmentNode):
            self.environment(node)
        elif isinstance(node, lw.LatexCommentNode):
            self.comment(node)
        elif isinstance(node, lw.LatexMacroNode):
            self.macro(node)
        elif isinstance(node, lw.LatexGroupNode):
            self.extend(node.pos, node.pos + 1)
            self.visit(node.nodelist)
            self.extend(end - 1, end)
        else:
            self.extend(node.pos, end)

    def extend(self, start: int, end: int) -> None:
        """Add source[start:end] to the current prose, ending it first at a blank line."""
        if self.prose_start is not None and _BLANK_LINE.search(self.text, self.prose_end, start):
            self.flush()
        if self.prose_start is None:
            self.prose_start = start
        self.prose_end = max(self.prose_end, end)

    def chars(self, start: int, end: int) -> None:
        pos = start
        for blank in _BLANK_LINE.finditer(self.text, max(start - 1, 0), end):
            if blank.start() > pos:
                self.extend(pos, blank.start())
            self.flush()
            pos = max(pos, blank.end())
        if pos < end:
            self.extend(pos, end)

    def math(self, node: Any) -> None:
        opener, closer = node.delimiters
        start, stop = node.pos + len(opener), node.pos + node.len - len(closer)
        if node.displaytype == "inline":
            self.extend(node.pos, node.pos + node.len)
            self.spans.append((start, stop))
        else:
            self.flush()
            self.add_block(start, stop, node.pos + node.len)

    def environment(self, node: Any) -> None:
        name = node.environmentname
        end = node.pos + node.len
        if name.rstrip("*") in DISPLAY_ENVIRONMENTS:
            self.flush()
            self.add_block(node.pos, end, end)
        elif name in _INLINE_ENVIRONMENTS:
            self.extend(node.pos, end)
            body = self.text.find("}", node.pos) + 1
            self.spans.append((body, end - len(f"\\end{{{name}}}")))
        elif name in RAW_ENVIRONMENTS:
            self.flush()
        else:
            self.flush()
            self.visit(node.nodelist)
            self.flush()

    def comment(self, node: Any) -> None:
        text = directive_text(node.comment)
        if text is None:
            self.extend(node.pos, node.pos + 1 + len(node.comment))
            return
        self.flush()
        self.items.append(Directive(text, self.position(node.pos)))

    def macro(self, node: Any) -> None:
        """A macro; its arguments are the nodes that follow (the walker is told of none)."""
        name = node.macroname
        if name in _INCLUDE_MACROS:
            self.flush()
            self.include(node.pos)
            return
        if name in _MACRO_DEFINITIONS:
            read = read_macro(self.text[node.pos : node.pos + node.len])
            if read is not None:
                self.macros[read[0]] = read[1:]
        if name in _PARAGRAPH_MACROS or name in _SECTION_LEVELS:
            self.flush()
        if name in _SECTION_LEVELS:
            self.heading_end = _title_end(self.text, node.pos + node.len)
            self.heading_level = _SECTION_LEVELS[name]
        self.extend(node.pos, node.pos + node.len)

    def add_block(self, start: int, stop: int, end: int) -> None:
        """A Block of source[start:stop] without surrounding whitespace; `end` follows the block."""
        raw = self.text[start:stop]
        lead = len(raw) - len(raw.lstrip())
        content = raw.strip()
        if not content:
            return
        begin = self.position(start + lead)
        where = SourceMap.contiguous(self.path, content, begin.line, begin.column)
        self.items.append(Block(content, where, "display", self.position(end)))

    def flush(self) -> None:
        """End the current paragraph: it becomes Prose if it holds any text."""
        if self.prose_start is None:
            return
        start, stop, spans = self.prose_start, self.prose_end, self.spans
        heading = self.heading_level if self.heading_end is not None else 0
        self.prose_start, self.prose_end, self.spans, self.heading_end = None, 0, [], None
        raw = self.text[start:stop]
        start += len(raw) - len(raw.lstrip())
        content = raw.strip()
        if not content:
            return
        begin = self.position(start)
        math = tuple(
            InlineMath(a - start, b - start) for a, b in spans if self.text[a:b].strip() and a >= start
        )
        where = SourceMap.contiguous(self.path, content, begin.line, begin.column)
        self.items.append(Prose(content, where, math, heading))

    def include(self, offset: int) -> None:
        match = _INCLUDE_NAME.match(self.text, offset)
        here = self.position(offset)
        if match is None:
            self.problems.append(Problem(f"\\input at line {here.line} has no file name", here))
            return
        self.consumed = match.end()
        macro, name = match.group(1), (match.group(2) or match.group(3) or "").strip()
        included = self.read_included(name)
        self.items.extend(included.items)
        self.macros.update(included.macros or {})
        for message in included.problems:
            self.problems.append(Problem(f"\\{macro}{{{name}}} at line {here.line}: {message}", here))

    def read_included(self, name: str) -> _Included:
        target = self.find_included(name)
        if target is None:
            folder = os.path.dirname(self.path) or "."
            return _Included([], [f"no such file (looked in {folder})"])
        real = os.path.realpath(target)
        if real in self.stack:
            return _Included([], [f"{target} is already being read (an \\input cycle)"])
        if len(self.stack) >= _MAX_INCLUDE_DEPTH:
            return _Included([], [f"\\input nested more than {_MAX_INCLUDE_DEPTH} deep"])
        loaded = read_file_text(target, MAX_LATEX_BYTES)
        if loaded.error is not None:
            return _Included([], [f"{target}: {loaded.error}"])
        walk = _FileWalk(target, loaded.text, (*self.stack, real), self.root)
        walk.run()
        messages = [f"in {target}: {problem.message}" for problem in walk.problems]
        return _Included(walk.items, messages, walk.macros)

    def find_included(self, name: str) -> str | None:
        """The file `\\input{name}` means: `name.tex` (or `name`) in the including file's folder,
        then in the main file's folder (LaTeX's own rule)."""
        names = [name] if name.endswith(".tex") else [f"{name}.tex", name]
        folders = [os.path.dirname(self.path), self.root]
        for folder in folders:
            for candidate in names:
                path = os.path.normpath(os.path.join(folder, candidate))
                if os.path.isfile(path):
                    return path
        return None


def _title_end(text: str, pos: int) -> int:
    """Where the title of a sectioning command that ends at `pos` ends: after `*`, `[short]` and
    the `{title}` group."""
    match = _TITLE_START.match(text, pos)
    if match is None:
        return pos
    return balanced_end(text, match.end() - 1) or len(text)
