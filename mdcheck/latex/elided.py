"""Sums written with an ellipsis, `X_{11} + X_{22} + \\dots + X_{nn}`, rewritten as the sum they
elide (`\\sum_{i=1}^{n} X_{ii}`) when the first two terms and the last show the pattern exactly."""

from __future__ import annotations

from collections.abc import Sequence

from mdcheck.latex.names import DOTS
from mdcheck.latex.tokens import Token, tokenize

_OPENERS = frozenset({"{", "(", "[", "\\{"})
_CLOSERS = frozenset({"}", ")", "]", "\\}"})
_SIGNS = frozenset({"+", "-"})
_INDEX_LETTERS = "ijklpqr"


def expand_elided_sums(tokens: Sequence[Token]) -> Sequence[Token]:
    """`tokens` with every elided sum whose pattern is certain written as a `\\sum`; the rest
    (`a_1 + a_3 + \\dots`, `\\vdots` in a matrix) is left for the parser to report."""
    out = list(tokens)
    k = 0
    while k < len(out):
        if out[k].text in DOTS:
            replaced = _expand_at(out, k)
            if replaced is not None:
                out = replaced
                continue
        k += 1
    return out


def _expand_at(tokens: list[Token], k: int) -> list[Token] | None:
    """Rewrite `t_1 + t_2 + \\dots + t_n` around the ellipsis at `k`, or None."""
    if not (0 < k < len(tokens) - 1 and tokens[k - 1].text == "+" and tokens[k + 1].text == "+"):
        return None
    second = _term_before(tokens, k - 1)
    if second is None or second[0] == 0 or tokens[second[0] - 1].text != "+":
        return None
    first = _term_before(tokens, second[0] - 1)
    last = _term_after(tokens, k + 2)
    if first is None or last is None:
        return None
    if first[0] > 0 and tokens[first[0] - 1].text == "-":
        return None  # `- t_1 + t_2 + ...`: the signs do not follow one pattern
    texts = [_spell(tokens[a:b]) for a, b in (first, second, last)]
    pattern = _pattern(*texts)
    if pattern is None:
        return None
    general, bound = pattern
    letter = next((c for c in _INDEX_LETTERS if all(c not in t for t in texts)), None)
    if letter is None:
        return None
    source = f"\\sum_{{{letter}=1}}^{{{bound}}} {{{general.replace('@', letter)}}}"
    start, end = tokens[first[0]].start, tokens[last[1] - 1].end
    new = [Token(t.kind, t.text, start, end) for t in tokenize(source) if t.kind != "space"]
    return tokens[: first[0]] + new + tokens[last[1] :]


def _pattern(first: str, second: str, last: str) -> tuple[str, str] | None:
    """The general term (`@` for the index) and the upper bound, where the three terms differ only
    in characters that read 1, 2 and one same bound (a letter or a digit)."""
    if not (len(first) == len(second) == len(last)):
        return None
    general: list[str] = []
    bound = ""
    for a, b, c in zip(first, second, last, strict=True):
        if a == b == c:
            general.append(a)
        elif (a, b) == ("1", "2") and c.isalnum() and c not in "12" and bound in ("", c):
            bound = c
            general.append("@")
        else:
            return None
    return ("".join(general), bound) if bound else None


def _term_before(tokens: list[Token], sign: int) -> tuple[int, int] | None:
    """The term that ends just before the sign at `sign`: (start, end) indices at the same depth."""
    end = _term_edge(tokens, sign - 1, -1)
    return (end + 1, sign) if end + 1 < sign else None


def _term_after(tokens: list[Token], start: int) -> tuple[int, int] | None:
    """The term that starts at `start`: (start, end) indices at the same depth."""
    end = _term_edge(tokens, start, 1)
    return (start, end) if end > start else None


def _term_edge(tokens: list[Token], i: int, step: int) -> int:
    """Walk from `i` in direction `step` (1 or -1) to the first token past the term: a sign or an
    ellipsis at the term's depth, a bracket that closes the group around it, or the end."""
    opening, closing = (_OPENERS, _CLOSERS) if step == 1 else (_CLOSERS, _OPENERS)
    depth = 0
    while 0 <= i < len(tokens):
        text = tokens[i].text
        if text in opening:
            depth += 1
        elif text in closing:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (text in _SIGNS or text in DOTS):
            break
        i += step
    return i


def _spell(tokens: Sequence[Token]) -> str:
    """A term as text, with a space after a command word before a letter (`\\alpha x`)."""
    out: list[str] = []
    for t, nxt in zip(tokens, [*tokens[1:], None], strict=True):
        out.append(t.text)
        if t.kind == "command" and t.text[1:].isalpha() and nxt is not None and nxt.text[:1].isalpha():
            out.append(" ")
    return "".join(out)
