"""What pylatexenc is told about LaTeX: as little as mdcheck needs (twice as fast as its default
database). Verbatim-like environments and `\\verb` are read raw; macro definitions
(`\\newcommand`, `\\def`, ...) are read raw too, since their bodies may hold half an environment
(`\\newcommand{\\be}{\\begin{equation}}`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from pylatexenc import latexwalker as lw
from pylatexenc.macrospec import EnvironmentSpec, LatexContextDb, MacroSpec, MacroStandardArgsParser
from pylatexenc.macrospec._argparsers import ParsedVerbatimArgs, VerbatimArgsParser

RAW_ENVIRONMENTS = ("verbatim", "verbatim*", "lstlisting", "minted", "comment")

# The shape of each definition command's arguments: "*" an optional star, "name" a group or a
# control sequence, "[" any optional arguments, "{" a brace group, "params" `#1#2` up to a brace.
_DEFINITIONS: dict[str, tuple[str, ...]] = {
    **{name: ("*", "name", "[", "{") for name in ("newcommand", "renewcommand", "providecommand")},
    "DeclareRobustCommand": ("*", "name", "[", "{"),
    "DeclareMathOperator": ("*", "name", "{"),
    **{name: ("*", "{", "[", "{", "{") for name in ("newenvironment", "renewenvironment")},
    **{name: ("name", "params", "{") for name in ("def", "gdef", "edef", "xdef")},
}


def _raw(w: Any, parsing_state: Any, start: int, stop: int) -> tuple[Any, int, int]:
    chars = w.s[start:stop]
    node = w.make_node(lw.LatexCharsNode, parsing_state=parsing_state, chars=chars, pos=start, len=len(chars))
    return ParsedVerbatimArgs(verbatim_chars_node=node), start, stop - start


class _RawEnvironmentBody(MacroStandardArgsParser):
    """Everything up to `\\end{name}`, unparsed, as LaTeX reads verbatim-like environments."""

    def __init__(self, name: str) -> None:
        super().__init__(argspec="")
        self.name = name

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> tuple[Any, int, int]:
        end = w.s.find(f"\\end{{{self.name}}}", pos)
        if end == -1:
            raise lw.LatexWalkerParseError(s=w.s, pos=pos, msg=f"no \\end{{{self.name}}}")
        return _raw(w, parsing_state, pos, end)


class _RawDefinition(MacroStandardArgsParser):
    """The arguments of a definition command, unparsed."""

    def __init__(self, shape: tuple[str, ...]) -> None:
        super().__init__(argspec="")
        self.shape = shape

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> tuple[Any, int, int]:
        s, end = w.s, pos
        for part in self.shape:
            end = _skip_part(s, _skip_space(s, end), part) or end
        return _raw(w, parsing_state, pos, end)


def _skip_space(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] in " \t\n":
        pos += 1
    return pos


def _skip_part(s: str, pos: int, part: str) -> int | None:
    """Where `part` of a definition starting at `pos` ends, or None if it is not there."""
    if pos >= len(s):
        return None
    if part == "*":
        return pos + 1 if s[pos] == "*" else None
    if part == "[":
        while pos < len(s) and s[pos] == "[":
            close = s.find("]", pos)
            if close == -1:
                return None
            pos = _skip_space(s, close + 1)
        return pos
    if part == "params":
        brace = s.find("{", pos)
        return brace if brace != -1 else None
    if part == "name" and s[pos] == "\\":
        stop = pos + 1
        while stop < len(s) and s[stop].isalpha():
            stop += 1
        return max(stop, pos + 2)
    return balanced_end(s, pos) if s[pos] == "{" else None


def balanced_end(s: str, pos: int) -> int | None:
    """The offset just after the `}` matching the `{` at `pos` (escaped braces don't count)."""
    depth = 0
    k = pos
    while k < len(s):
        char = s[k]
        if char == "\\":
            k += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return None


@cache
def latex_context() -> LatexContextDb:
    context = LatexContextDb()
    macros = [MacroSpec("verb", args_parser=VerbatimArgsParser(verbatim_arg_type="verb-macro"))]
    macros += [MacroSpec(name, args_parser=_RawDefinition(shape)) for name, shape in _DEFINITIONS.items()]
    environments = [EnvironmentSpec(name, args_parser=_RawEnvironmentBody(name)) for name in RAW_ENVIRONMENTS]
    context.add_context_category("mdcheck", macros=macros, environments=environments, specials=[])
    context.set_unknown_macro_spec(MacroSpec(""))
    context.set_unknown_environment_spec(EnvironmentSpec(""))
    return context
