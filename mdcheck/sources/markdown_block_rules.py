"""Block rules for markdown-it that find display math (`$$ ... $$`, `\\[ ... \\]`, bare amsmath
environments) and record the exact source offsets of their content, which markdown-it's own
tokens do not keep. Unclosed math is reported through `env`, never raised."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it.rules_block import StateBlock
from mdit_py_plugins.amsmath import RE_OPEN, amsmath_block

DISPLAY_MATH = "mdcheck_display_math"
"""Token type of a display block; `meta["spans"]` lists (start, end) source offsets of each
content line, `meta["end"]` is the offset just after the closing delimiter."""

PROBLEMS = "mdcheck_problems"
"""`env` key: {source offset: message} for math that was opened and never closed."""

TABLE_ROWS = "mdcheck_table_rows"
"""`env` key: {0-based line: offset where the table row's text starts, after any container}."""

BlockRule = Callable[[StateBlock, int, int, bool], bool]

_DOLLAR_CLOSE = re.compile(r"\$\$[ \t]*(?:\([^)$\n]*\)|\{#[^}\n]*\})?[ \t]*$")
_BRACKET_CLOSE = re.compile(r"\\\][ \t]*$")
_AMSMATH_SCAN_MEMO = "mdcheck_amsmath_unclosed"
_AMSMATH_OPEN = re.compile(RE_OPEN)


def report_problem(env: Any, offset: int, message: str) -> None:
    env.setdefault(PROBLEMS, {}).setdefault(offset, message)


def dollar_block_rule() -> BlockRule:
    return _display_rule("$$", "$$", _DOLLAR_CLOSE)


def bracket_block_rule() -> BlockRule:
    return _display_rule("\\[", "\\]", _BRACKET_CLOSE)


def _display_rule(opener: str, closer: str, closing: re.Pattern[str]) -> BlockRule:
    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if not state.src.startswith(opener, begin) or state.is_code_block(start_line):
            return False
        first = begin + len(opener)
        line_end = state.eMarks[start_line]
        same_line = closing.search(state.src, first, line_end)
        if same_line is not None:
            spans = [(first, same_line.start())]
            close_line, end = start_line, same_line.start() + len(closer)
        elif closer in state.src[first:line_end]:
            return False  # `$$x$$ more text`: a paragraph, where inline rules take the math.
        else:
            found = _scan_for_close(state, start_line, end_line, opener, closing)
            if found is None:
                message = f"{opener} opened at line {start_line + 1} is never closed"
                report_problem(state.env, begin, message + " (display math ends at a blank line)")
                return False
            close_line, spans, end = found
            spans.insert(0, (first, line_end))
        if silent:
            return True
        token = state.push(DISPLAY_MATH, "math", 0)
        token.block = True
        token.markup = opener
        token.map = [start_line, close_line + 1]
        token.meta = {"spans": spans, "end": end}
        state.line = close_line + 1
        return True

    return rule


def _scan_for_close(
    state: StateBlock, start_line: int, end_line: int, opener: str, closing: re.Pattern[str]
) -> tuple[int, list[tuple[int, int]], int] | None:
    """The closing line, the content spans of the lines after the first, and the end offset.
    A blank line, a less indented line or a line opening new math ends the search."""
    spans: list[tuple[int, int]] = []
    line = start_line + 1
    while line < end_line:
        text_start = state.bMarks[line] + state.tShift[line]
        line_end = state.eMarks[line]
        if text_start >= line_end or state.sCount[line] < state.blkIndent:
            return None
        content_start = state.bMarks[line] + min(state.tShift[line], state.blkIndent)
        opens_new = state.src.startswith(opener, text_start)
        match = closing.search(state.src, text_start, line_end)
        if match is not None and (not opens_new or match.start() == text_start):
            spans.append((content_start, match.start()))
            return line, spans, match.start() + len(opener)
        if opens_new:
            return None
        spans.append((content_start, line_end))
        line += 1
    return None


def amsmath_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """mdit-py-plugins' amsmath rule, plus exact content offsets and a report when the
    environment is never closed."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("\\begin{", begin):
        return False  # a quick test: every line the pattern opens starts so
    opened = _AMSMATH_OPEN.match(state.src, begin, state.eMarks[start_line])
    if opened is None or state.is_code_block(start_line):
        return False
    memo = state.env.setdefault(_AMSMATH_SCAN_MEMO, {})
    key = (opened.group(0), end_line, state.blkIndent)
    if key in memo and memo[key] < start_line:
        ok = False  # an earlier scan for this environment found no closing up to end_line
    else:
        ok = amsmath_block(state, start_line, end_line, silent)
    if not ok:
        memo[key] = start_line if key not in memo else min(memo[key], start_line)
        name = opened.group(1) + opened.group(2)
        message = f"\\begin{{{name}}} at line {start_line + 1} has no \\end{{{name}}} ending a line"
        report_problem(state.env, begin, message)
        return False
    if not silent:
        token = state.tokens[-1]
        token.type = DISPLAY_MATH
        token.map = [start_line, state.line]
        token.meta = _amsmath_meta(state, start_line, state.line, opened.group(1) + opened.group(2))
    return True


def _amsmath_meta(state: StateBlock, start_line: int, stop_line: int, name: str) -> dict[str, Any]:
    closing = f"\\end{{{name}}}"
    spans = []
    for line in range(start_line, stop_line):
        skip = state.tShift[line] if line == start_line else min(state.tShift[line], state.blkIndent)
        spans.append((state.bMarks[line] + skip, state.eMarks[line]))
    last_start, last_end = spans[-1]
    end = state.src.rfind(closing, last_start, last_end) + len(closing)
    spans[-1] = (last_start, end)
    return {"spans": spans, "end": end}


def recording_table_rule(table: BlockRule) -> BlockRule:
    """markdown-it's table rule, recording where each row's text starts (after `>` markers and
    list indentation), so that rows can be read from the source with their true columns."""

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        ok = table(state, start_line, end_line, silent)
        if ok and not silent:
            rows = state.env.setdefault(TABLE_ROWS, {})
            for line in range(start_line, state.line):
                rows[line] = state.bMarks[line] + state.tShift[line]
        return ok

    return rule
