"""Declarations that PDF conversions leave in prose without `$`: `Σ ∈ 𝕊^k_{++}`, `L ∈ ℝ^{n×n}`,
`R ≻ 0`, and with the blackboard R flattened to a plain one, `A ∈ R n×n`, `b ∈ Rn`, `c ∈ R`; found
by their Unicode signs and read as inline math."""

from __future__ import annotations

import re

from mdcheck.document import InlineMath

_SYMBOL = r"(?:[A-Za-zΑ-Ωα-ω](?:_\{[^{}\s$]+\}|_[A-Za-z0-9])?)"
_SCRIPT = r"(?:[\^_](?:\{[^{}$]+\}|[A-Za-z0-9]|\+\+|\+))"
_SET = rf"(?:ℝ|𝕊){_SCRIPT}{{0,2}}"
# `R n×n`, `Rm×n`, `R n`, `R`: the reals after a flattened superscript (one letter or a number a side).
_SIZE = r"(?:[a-z]|\d+)"
_FLAT_REALS = rf"R(?:\s?{_SIZE}(?:\s?×\s?{_SIZE})?)?"
_PLAIN_DECLARATION = re.compile(
    rf"(?<![\w$\\^_{{]){_SYMBOL}(?:\s*,\s*{_SYMBOL})*\s*(?:∈\s*(?:{_SET}|{_FLAT_REALS})|[≻⪰≽]\s*0)(?![\w{{^_])"
)


def plain_declarations(text: str, spans: list[InlineMath]) -> list[InlineMath]:
    """The spans of `text` that declare a symbol in Unicode without `$` (`Σ ∈ 𝕊^k_{++}`), outside
    the inline math already found."""
    if "∈" not in text and "≻" not in text and "⪰" not in text and "≽" not in text:
        return []
    found = []
    for match in _PLAIN_DECLARATION.finditer(text):
        start, end = match.span()
        if not any(span.start - 1 <= end and start <= span.end + 1 for span in spans):
            found.append(InlineMath(start, end))
    return found
