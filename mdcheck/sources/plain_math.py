"""Math that PDF conversions leave in prose without `$`: declarations found by their Unicode signs
(`Σ ∈ 𝕊^k_{++}`, `L ∈ ℝ^{n×n}`, `X ∈ Rn×p`, `R ≻ 0`), and bare symbols in sentences with a property
word (`Let  P  be symmetric`), read as inline math."""

from __future__ import annotations

import bisect
import operator
import re

from mdcheck.document import InlineMath

_SYMBOL = r"(?:[A-Za-zΑ-Ωα-ω\U0001d400-\U0001d7ff](?:_\{[^{}\s$]+\}|_[A-Za-z0-9])?)"
_SCRIPT = r"(?:[\^_](?:\{[^{}$]+\}|[A-Za-z0-9]|\+\+|\+))"
# `Rn×p`, `R n`, `ℝn`: a space whose superscript the conversion flattened onto the line.
_FLAT_POWER = r"(?:\s?[a-z0-9](?:\s?×\s?[a-z0-9])?(?![\w^_{]))"
_SET = rf"(?:(?:ℝ|𝕊){_SCRIPT}{{1,2}}|(?:ℝ|R){_FLAT_POWER}|ℝ|𝕊|R(?![\w^_{{]))"
_PLAIN_DECLARATION = re.compile(
    rf"(?<![\w$\\^_{{]){_SYMBOL}(?:\s*,\s*{_SYMBOL})*\s*(?:∈\s*{_SET}|[≻⪰≽]\s*0)(?![\w{{^_])"
)
# The property words of `mdcheck.semantics.prose`: only prose with one of them is searched for bare
# symbols (a kind word alone, "X is the input matrix", is not enough).
_PROPERTY_STEMS = re.compile(
    r"symmetric|definite|invertible|singular|orthogonal|orthonormal|diagonal|triangular|idempotent"
    r"|unitary|hermitian|covariance|hessian|positive|rotation|permutation"
    r"|stochastic|gram\b",
    re.IGNORECASE,
)
# Plain substrings of those words, tested first in C (most prose has none).
_STEM_WORDS = (
    "symmetric",
    "definite",
    "invertible",
    "singular",
    "orthogonal",
    "orthonormal",
    "diagonal",
    "triangular",
    "idempotent",
    "unitary",
    "hermitian",
    "covariance",
    "hessian",
    "positive",
    "rotation",
    "permutation",
    "stochastic",
    "gram",
)
# A lone letter: Latin, Greek, or a Unicode math letter (`𝐱`, `𝐴`), not inside a word.
_LONE_LETTER = re.compile(r"(?<![\w'’\\$^_{])[A-Za-zΑ-Ωα-ωϵϕϑ\U0001d400-\U0001d7ff](?![\w'’$^_{(])")
# The words that may follow a symbol the prose speaks of (`A is`, `A and B`, `A be`): after the
# article "A", any other word makes it an article ("A symmetric matrix is ...").
_VERBS_AFTER = re.compile(
    r"is|are|be|and|or|has|have|denotes|denote|stands|was|were|will|must|should|can|satisfies"
    r"|itself|being|then|here|so|which|that|where|with|as"
)
# Capitalized words that open a sentence before a symbol (`Let A`, `Suppose Σ`); any other
# capitalized word before a letter names a part of the text (`Appendix B`, `AT A`).
_OPENERS = re.compile(
    r"Let|Then|Where|For|Since|Suppose|Assume|If|Here|Now|Because|When|Given|Take|Consider|Note"
    r"|So|Thus|Hence|And|Also|Both|Each|Whenever|With|Write|Define|Recall|As|Finally|Moreover"
)
_BEFORE_ARTICLE = re.compile(
    r"let|is|be|as|for|with|of|in|to|by|on|from|that|and|or|where|then|has|have|into|such|like"
    r"|under|gives|give|get|obtain|consider|take|was|are|here|now|if|when|since"
)
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"\s*(\S+)")


def plain_declarations(text: str, spans: list[InlineMath]) -> list[InlineMath]:
    """The spans of `text` that declare a symbol in Unicode without `$` (`Σ ∈ 𝕊^k_{++}`), or that
    are a bare symbol in prose with a property word (`Let  P  be symmetric`), outside the inline
    math already found."""
    found = []
    if "∈" in text or "≻" in text or "⪰" in text or "≽" in text:
        for match in _PLAIN_DECLARATION.finditer(text):
            start, end = match.span()
            if not any(span.start - 1 <= end and start <= span.end + 1 for span in spans):
                found.append(InlineMath(start, end))
    lowered = text.lower()
    if any(map(lowered.__contains__, _STEM_WORDS)) and _PROPERTY_STEMS.search(text):
        taken = sorted((s.start, s.end + 1) for s in [*spans, *found])
        for match in _LONE_LETTER.finditer(text):
            start, end = match.span()
            if _is_symbol(text, start, end) and not _inside(taken, start):
                found.append(InlineMath(start, end))
    return found


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` falls in one of the sorted, non-overlapping `ranges` (start, end)."""
    k = bisect.bisect_right(ranges, pos, key=operator.itemgetter(0)) - 1
    return k >= 0 and ranges[k][0] <= pos < ranges[k][1]


def _is_symbol(text: str, start: int, end: int) -> bool:
    """Whether the lone letter at `start` is a math symbol the prose speaks of: not the pronoun
    "I", nor the article "a" or "A", nor a letter inside a formula (`A T P + P A`, `AT A`)."""
    letter = text[start]
    if letter in "aI":
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    prev = before.group(1) if before else ""
    following = after.group(1) if after else ""
    if prev and not (prev[-1] in ",;:(.!?" or _is_word(prev)):
        return False
    word = following.rstrip(",.;:)")
    if word and not (word.islower() and word.isalpha() and len(word) > 1):
        return False  # `P A`, `A = B`, `A T`: part of a formula
    if following and not word and following[0] not in ",.;:)":
        return False
    if (start and text[start - 1] == ".") or (
        text.startswith(".", end) and text[end + 1 : end + 2].isalpha()
    ):
        return False  # `e.g.`, `i.e.`
    if start and text[start - 1] == "(" and text.startswith(")", end):
        return False  # `q(x)`: an argument
    return (
        letter != "A" or not word or _VERBS_AFTER.fullmatch(word) is not None or not _article_may_follow(prev)
    )


def _article_may_follow(prev: str) -> bool:
    """Whether an article may stand after `prev`: at the start of a sentence or after a verb or
    preposition ("Let A", "is A", "for A"), not after an adjective ("the symmetric A")."""
    return not prev or prev[-1] in ".!?:;," or _BEFORE_ARTICLE.fullmatch(prev.lower()) is not None


def _is_word(token: str) -> bool:
    """An English word before a symbol: lower case (`where`, `invertible`), or a capitalized word
    that opens a sentence (`Let`)."""
    word = token.rstrip(",;:(")
    return word.isalpha() and len(word) > 1 and (word.islower() or _OPENERS.fullmatch(word) is not None)
