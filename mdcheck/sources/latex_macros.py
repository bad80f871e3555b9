"""The macros a LaTeX file defines for its math (`\\newcommand{\\vx}{\\mathbf{x}}`, `\\def\\R{...}`,
`\\DeclareMathOperator{\\tr}{tr}`), or Markdown's math defines for MathJax, read from their source."""

from __future__ import annotations

import re
from collections.abc import Iterable

_HEAD = re.compile(
    r"\\(?P<command>(?:re|provide)?newcommand|DeclareRobustCommand|DeclareMathOperator|[gex]?def)\*?\s*"
    r"(?:\{\s*(?P<braced>\\[A-Za-z@]+)\s*\}|(?P<bare>\\[A-Za-z@]+))\s*"
)
_COUNT = re.compile(r"\[\s*(\d)\s*\]\s*")
_DEFAULT = re.compile(r"\[[^\]]*\]\s*")
_PARAMS = re.compile(r"(?:#\d)*")


def read_macro(source: str) -> tuple[str, int, str] | None:
    """(name, number of arguments, body) of one definition, or None when it is not one mdcheck can
    use (an optional first argument, an unbalanced body, a definition that is not of a macro)."""
    head = _HEAD.match(source)
    if head is None:
        return None
    name = head.group("braced") or head.group("bare")
    pos, count = head.end(), 0
    if head.group("command").endswith("def"):
        params = _PARAMS.match(source, pos)
        assert params is not None
        count, pos = params.group().count("#"), params.end()
    else:
        counted = _COUNT.match(source, pos)
        if counted is not None:
            count, pos = int(counted.group(1)), counted.end()
            if _DEFAULT.match(source, pos):
                return None  # an optional argument: how it is used is not known
    body = _braced(source, pos)
    if body is None:
        return None
    if head.group("command") == "DeclareMathOperator":
        body = f"\\operatorname{{{body}}}"
    return name, count, body.replace("\\ensuremath", "")


def _braced(source: str, pos: int) -> str | None:
    """The content of the brace group at `pos`."""
    if pos >= len(source) or source[pos] != "{":
        return None
    depth = 0
    for k in range(pos, len(source)):
        ch = source[k]
        if ch == "\\":
            continue
        if ch == "{" and source[k - 1] != "\\":
            depth += 1
        elif ch == "}" and source[k - 1] != "\\":
            depth -= 1
            if depth == 0:
                return source[pos + 1 : k]
    return None


def macros_in_math(texts: Iterable[str]) -> tuple[tuple[str, int, str], ...]:
    """The macros defined inside math (`$$\\newcommand{\\R}{\\mathbb{R}}$$`, as Markdown notes and
    notebooks do for MathJax), in order: (name, number of arguments, body); a later one wins."""
    found: dict[str, tuple[int, str]] = {}
    for text in texts:
        if "command" not in text and "def" not in text and "Declare" not in text:
            continue
        for head in _HEAD.finditer(text):
            read = read_macro(text[head.start() :])
            if read is not None:
                found[read[0]] = read[1:]
    return tuple((name, count, body) for name, (count, body) in found.items())
