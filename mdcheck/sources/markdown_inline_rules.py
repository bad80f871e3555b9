"""Inline rules for markdown-it: `$...$` and `\\(...\\)` (inline math), `$$...$$` and `\\[...\\]`
inside a paragraph (display math), and HTML comments, each token recording in `meta["start"]`
and `meta["end"]` the offsets of its content in the inline text (markdown-it keeps none)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from markdown_it.rules_inline import StateInline

INLINE_MATH = "mdcheck_inline_math"
INLINE_DISPLAY = "mdcheck_inline_display"
HTML_OFFSET = "start"

InlineRule = Callable[[StateInline, bool], bool]

_DOLLAR_INDEX = "mdcheck_dollar_index"
_UNCLOSED = "mdcheck_unclosed_after"


def is_escaped(src: str, pos: int) -> bool:
    """Whether the character at `pos` follows an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and src[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


class _Dollars:
    """The unescaped `$` of one inline text, and where `$$` pairs start, for O(log n) search."""

    def __init__(self, src: str) -> None:
        self.src = src
        singles = []
        pos = src.find("$")
        while pos != -1:
            if not is_escaped(src, pos):
                singles.append(pos)
            pos = src.find("$", pos + 1)
        self.singles = singles
        single_set = set(singles)
        self.doubles = [p for p in singles if p + 1 in single_set]

    @staticmethod
    def next_at_or_after(positions: list[int], pos: int) -> int | None:
        k = bisect_left(positions, pos)
        return positions[k] if k < len(positions) else None


def _dollars(state: StateInline) -> _Dollars:
    cached = state.env.get(_DOLLAR_INDEX)
    if cached is None or cached.src is not state.src:
        cached = _Dollars(state.src)
        state.env[_DOLLAR_INDEX] = cached
    return cached


def _push(state: StateInline, kind: str, start: int, end: int, markup: str) -> None:
    token = state.push(kind, "math", 0)
    token.content = state.src[start:end]
    token.markup = markup
    token.meta = {"start": start, "end": end}


def _as_text(state: StateInline, silent: bool, length: int) -> bool:
    if not silent:
        state.pending += state.src[state.pos : state.pos + length]
    state.pos += length
    return True


def dollar_rule(state: StateInline, silent: bool) -> bool:
    """`$$...$$` (display) or `$...$` (inline). A `$` whose closing `$` is followed by a digit is
    a price, not math (`$5 and $10`); `$$` with no closing `$$` is plain text."""
    src, pos = state.src, state.pos
    if src[pos] != "$" or is_escaped(src, pos):
        return False
    dollars = _dollars(state)
    if src.startswith("$$", pos):
        close = dollars.next_at_or_after(dollars.doubles, pos + 2)
        if close is None or close == pos + 2:
            return _as_text(state, silent, 2)
        if not silent:
            _push(state, INLINE_DISPLAY, pos + 2, close, "$$")
        state.pos = close + 2
        return True
    close = dollars.next_at_or_after(dollars.singles, pos + 1)
    if close is None or (close + 1 < len(src) and src[close + 1].isdigit()):
        return False
    if not silent:
        _push(state, INLINE_MATH, pos + 1, close, "$")
    state.pos = close + 1
    return True


def _bracket_rule(opener: str, closer: str, kind: str) -> InlineRule:
    def rule(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        if not src.startswith(opener, pos) or is_escaped(src, pos):
            return False
        unclosed = state.env.setdefault(_UNCLOSED, {})
        known = unclosed.get(closer)
        if known is not None and known[0] is src and known[1] <= pos:
            return False
        close = src.find(closer, pos + 2)
        while close != -1 and is_escaped(src, close):
            close = src.find(closer, close + 1)
        if close == -1:
            unclosed[closer] = (src, pos)
            return False
        if close == pos + 2:
            return False
        if not silent:
            _push(state, kind, pos + 2, close, opener)
        state.pos = close + 2
        return True

    return rule


def paren_rule() -> InlineRule:
    return _bracket_rule("\\(", "\\)", INLINE_MATH)


def bracket_rule() -> InlineRule:
    return _bracket_rule("\\[", "\\]", INLINE_DISPLAY)


def recording_html_rule(html_inline: InlineRule) -> InlineRule:
    """markdown-it's html_inline rule, recording where each HTML tag or comment starts."""

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        count = len(state.tokens)
        ok = html_inline(state, silent)
        if ok and not silent and len(state.tokens) > count:
            token = state.tokens[-1]
            token.meta = {**(token.meta or {}), HTML_OFFSET: start}
        return ok

    return rule
