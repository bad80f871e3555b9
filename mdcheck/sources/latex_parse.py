"""Parsing LaTeX into pylatexenc nodes, recovering from broken input: an environment, brace or
math delimiter that is never closed (or a closing one never opened) is reported, blanked out
and the text parsed again, so the rest of the file is still read."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from pylatexenc import latexwalker as lw
from pylatexenc.macrospec._argparsers import ParsedVerbatimArgs

from mdcheck.sources.latex_context import latex_context

_MAX_PASSES = 8


@dataclass(frozen=True)
class Breakage:
    """A delimiter that broke the parse: `found` at `offset` (`length` characters, blanked out
    for the next attempt), for want of `missing`."""

    offset: int
    length: int
    found: str
    missing: str
    kind: Literal["unclosed", "blank-line", "stray"]

    def message(self, line: int) -> str:
        if self.kind == "blank-line":
            return f"{self.found} math at line {line} runs over a blank line (a missing {self.missing}?)"
        return f"{self.found} at line {line} has no matching {self.missing}"


@dataclass(frozen=True)
class LatexParse:
    """The top-level nodes of a text, and each construct that was broken."""

    nodes: list[Any]
    problems: list[Breakage] = field(default_factory=list)


_PLAIN_RUN = re.compile(r"[^\\%{}$\s\[\]][^\\%{}$\n\[\]]*")


class RunWalker(lw.LatexWalker):
    """pylatexenc's walker, reading a run of ordinary characters as one 'char' token instead of
    one token per character: the same nodes, about twice as fast."""

    def get_token(self, pos: int, include_brace_chars: Any = None, **kwargs: Any) -> Any:
        if not include_brace_chars and "brackets_are_chars" not in kwargs:
            run = _PLAIN_RUN.match(self.s, pos)
            if run is not None:
                return lw.LatexToken(tok="char", arg=run.group(), pos=pos, len=run.end() - pos, pre_space="")
        return super().get_token(pos, include_brace_chars=include_brace_chars, **kwargs)


def _nodes(text: str) -> list[Any]:
    walker = RunWalker(text, latex_context=latex_context(), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return [node for node in nodes if node is not None]


def parse_latex(text: str) -> LatexParse:
    """The nodes of `text`; node positions are offsets in `text`. pylatexenc's tolerant mode
    reads past errors by dropping stray closing delimiters (they leave gaps between nodes) and
    by running unclosed constructs to the end; both are found, blanked out, and the text parsed
    again."""
    working = text
    problems: list[Breakage] = []
    for attempt in range(_MAX_PASSES):
        nodes = _nodes(working)
        culprits = [*_broken_nodes(nodes, working), *_dropped(nodes, working, 0, len(working))]
        culprits = [c for c in culprits if working[c.offset : c.offset + c.length].strip()]
        if not culprits:
            return LatexParse(nodes, problems)
        for culprit in _independent(culprits, last=attempt == _MAX_PASSES - 1):
            problems.append(culprit)
            start, stop = culprit.offset, culprit.offset + culprit.length
            working = working[:start] + " " * culprit.length + working[stop:]
    return LatexParse(_nodes(working), problems)


def _independent(culprits: list[Breakage], last: bool) -> list[Breakage]:
    """The culprits up to the first unclosed construct: what follows an unclosed construct was
    parsed in the wrong state, so its errors may be echoes (all of them on the last pass)."""
    ordered = sorted(culprits, key=lambda c: c.offset)
    if last:
        return ordered
    for k, culprit in enumerate(ordered):
        if culprit.kind != "stray":
            return ordered[: k + 1]
    return ordered


def _dropped(nodes: list[Any], text: str, start: int, stop: int) -> Iterator[Breakage]:
    """The stray closing delimiters pylatexenc skipped between sibling nodes."""
    edges = [(start, start), *((n.pos, n.pos + n.len) for n in nodes if n is not None), (stop, stop)]
    for (_, gap_start), (gap_stop, _) in itertools.pairwise(edges):
        pos = gap_start
        while pos < gap_stop:
            if text[pos].isspace():
                pos += 1
                continue
            stray = _stray_closer(text, pos)
            yield stray
            pos += max(1, stray.length)
    for node in nodes:
        if node is not None and getattr(node, "nodelist", None):
            inner = [n for n in node.nodelist if n is not None]
            if inner:
                yield from _dropped(inner, text, inner[0].pos, inner[-1].pos + inner[-1].len)


def _broken_nodes(nodes: list[Any], text: str) -> Iterator[Breakage]:
    """Each construct never closed, with the length of its opening delimiter."""
    for node in nodes:
        if node is None:
            continue
        body = text[node.pos : node.pos + node.len]
        if isinstance(node, lw.LatexEnvironmentNode):
            name = node.environmentname
            if not body.endswith(f"\\end{{{name}}}"):
                opener = text.find("}", node.pos) + 1 - node.pos
                yield Breakage(node.pos, opener, f"\\begin{{{name}}}", f"\\end{{{name}}}", "unclosed")
                continue
        elif isinstance(node, lw.LatexGroupNode) and node.delimiters[0] == "{" and not body.endswith("}"):
            yield Breakage(node.pos, 1, "{", "}", "unclosed")
            continue
        elif isinstance(node, lw.LatexMathNode):
            opener, closer = node.delimiters
            if len(body) < len(opener) + len(closer) or not body.endswith(closer):
                yield Breakage(node.pos, len(opener), opener, closer, "unclosed")
                continue
            if _has_blank_line(body):
                yield Breakage(node.pos, len(opener), opener, closer, "blank-line")
                continue
        yield from _broken_nodes(_children(node), text)


def _has_blank_line(body: str) -> bool:
    lines = body.split("\n")
    return any(not line.strip() for line in lines[1:-1])


def _children(node: Any) -> list[Any]:
    children = list(getattr(node, "nodelist", None) or [])
    arguments = getattr(node, "nodeargd", None)
    if arguments is not None and not isinstance(arguments, ParsedVerbatimArgs):
        children += [arg for arg in (arguments.argnlist or []) if arg is not None]
    return children


def _stray_closer(text: str, pos: int) -> Breakage:
    """A closing delimiter with no opening one, at the position pylatexenc stopped."""
    if text.startswith("\\end{", pos):
        stop = text.find("}", pos) + 1 or pos + 5
        name = text[pos + 5 : stop - 1]
        return Breakage(pos, stop - pos, text[pos:stop], f"\\begin{{{name}}}", "stray")
    openers = {"\\)": "\\(", "\\]": "\\[", "$$": "$$", "}": "{"}
    for closer, opener in openers.items():
        if text.startswith(closer, pos):
            return Breakage(pos, len(closer), closer, opener, "stray")
    return Breakage(pos, 1, text[pos], "opening delimiter", "stray")
