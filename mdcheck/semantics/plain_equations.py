"""Equations that PDF conversions leave in prose without `$` (`S = L LT`, `V(x) = xT P x`,
`A T P + P A = −Q`), written back as LaTeX so that the prose readers take them as inline math."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word of letters (Latin, Greek, Unicode math letters, with a dot, hat or bar: `ẋ`), a flattened
# exponent glued to what it raises (`Σ−1`, `(XT X)−1`), a number, an operator or bracket, or spaces.
_TOKEN = re.compile(
    r"(?P<word>(?:[A-Za-zΑ-Ωα-ωϵϕϑ\U0001d400-\U0001d7ff][\u0302\u0303\u0304\u0307\u0308]?|[ẋẏżŷȳ])+)|(?P<exp>(?<=[\w)])[−-]\d+(?:/\d+)?(?![\d/.]))"
    r"|(?P<num>\d+(?![\d.,]\d)|[½⅓⅔¼¾])|(?P<op>[-−+=()·])|(?P<space>[ \t]+)|(?P<other>.)",
    re.DOTALL,
)

_LETTER = re.compile(r"[^\u0300-\u036f][\u0300-\u036f]?")  # a letter with its accent
_CODE = re.compile(r"(`+).*?\1", re.DOTALL)  # a code span: `W = W - lr * g` is no equation


@dataclass(frozen=True)
class ProseWithEquations:
    """Prose with its equations in words rewritten as LaTeX: the new text, the spans of all its math
    (the old ones moved, and one for each equation), and the spans of those equations alone."""

    text: str
    spans: list[tuple[int, int]]
    equations: list[tuple[int, int]]


def with_plain_equations(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each equation written without `$` outside `spans` replaced by its LaTeX, and
    the spans of the result: the old ones (moved) and one for each equation."""
    read = read_plain_equations(text, spans)
    return read.text, read.spans


def read_plain_equations(text: str, spans: list[tuple[int, int]]) -> ProseWithEquations:
    """`with_plain_equations`, also telling which spans of the result are the equations it found."""
    if not _sign_in_words(text, spans):
        return ProseWithEquations(text, spans, [])
    found = [eq for eq in _plain_equations(text) if not any(s < eq[1] and eq[0] < e for s, e in spans)]
    if not found:
        return ProseWithEquations(text, spans, [])
    pieces: list[str] = []
    out_spans: list[tuple[int, int]] = []
    equations: list[tuple[int, int]] = []
    pos = shift = 0
    marks: list[tuple[int, int, str | None]] = [(s, e, None) for s, e in spans]
    marks.extend(found)
    marks.sort(key=lambda m: m[0])
    for start, end, latex in marks:
        if latex is None:
            out_spans.append((start + shift, end + shift))
            continue
        pieces.append(text[pos:start])
        out_spans.append((start + shift, start + shift + len(latex)))
        equations.append(out_spans[-1])
        pieces.append(latex)
        shift += len(latex) - (end - start)
        pos = end
    pieces.append(text[pos:])
    return ProseWithEquations("".join(pieces), out_spans, equations)


def _sign_in_words(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether an `=` stands outside every math span (most prose has one only inside its math)."""
    k = text.find("=")
    while k >= 0:
        if not any(s <= k < e for s, e in spans):
            return True
        k = text.find("=", k + 1)
    return False


def _plain_equations(text: str) -> list[tuple[int, int, str]]:
    """(start, end, LaTeX) of each equation of plain math in `text` with exactly one `=`."""
    tokens = [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[tuple[int, int, str]] = []
    code = [m.span() for m in _CODE.finditer(text)] if "`" in text else []
    for k, (kind, value, _, _) in enumerate(tokens):
        if kind != "op" or value != "=":
            continue
        first, last = _balanced(tokens, k, _reach(tokens, k, -1), _reach(tokens, k, 1))
        run = tokens[first : last + 1]
        if sum(1 for t in run if t[1] == "=") != 1 or first == k or last == k:
            continue
        start, end = run[0][2], run[-1][3]
        if not _stands_alone(text, start, end) or any(a < end and start < b for a, b in code):
            continue
        if _FUNCTION_BEFORE.search(text, 0, start):
            continue  # `det X = 2`: the left side is `\\det X`, not X
        latex = _latex(run)
        if latex is not None and not _self_referent(run, k - first):
            out.append((start, end, latex))
    return out


# A function's name written as a word right before the run: the run is only its argument's part.
_FUNCTION_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:det|tr|Tr|trace|log|ln|exp|sin|cos|tan|tanh|rank|diag|vec|max|min|sqrt)\s*$"
)


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether the run is set off by spaces, brackets or punctuation, not part of a longer token
    (`?q=A` in an address, `lr=A*B`)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if not ((before.isspace() or before in "(") and (after.isspace() or after in ",.;:!?)")):
        return False
    # The whole equation, not its start: `f ( x ) = x ᵀ A x + ...` read up to a sign the reader does
    # not know would define f(x) = x. What follows must be prose, punctuation or nothing.
    rest = text[end:].lstrip()
    return not rest or rest[0] in ",.;:!?()" or (rest[0].isascii() and rest[0].isalpha())


def _self_referent(run: list[tuple[str, str, int, int]], equals: int) -> bool:
    """Whether the run names nothing or defines a name by itself (`f = f(x)`, `P = AT P A + Q`, or
    `3+2=5` without a letter): no definition to read."""
    words = [value for kind, value, _, _ in run if kind == "word"]
    left = [value for kind, value, _, _ in run[:equals] if kind == "word"]
    right = {value for kind, value, _, _ in run[equals:] if kind == "word"}
    return not words or (len(left) == 1 and left[0] in right)


def _reach(tokens: list[tuple[str, str, int, int]], k: int, step: int) -> int:
    """The index of the last token of plain math from the `=` at `k` going one way (spaces at the
    ends left out)."""
    end = k
    j = k + step
    while 0 <= j < len(tokens):
        kind, value, _, _ = tokens[j]
        if kind == "other" or (kind == "word" and not _math_word(value)):
            break
        if kind != "space":
            end = j
        j += step
    return end


def _balanced(tokens: list[tuple[str, str, int, int]], k: int, first: int, last: int) -> tuple[int, int]:
    """The run from `first` to `last` around the `=` at `k`, cut before a bracket the run does not
    close (`S = L LT (L is invertible)`: the aside is prose) and after one it does not open."""
    opened: list[int] = []
    end = last
    for j in range(k + 1, last + 1):
        if tokens[j][1] == "(":
            opened.append(j)
        elif tokens[j][1] == ")" and not opened:
            end = j - 1
            break
        elif tokens[j][1] == ")":
            opened.pop()
    end = opened[0] - 1 if opened else end
    closed: list[int] = []
    start = first
    for j in range(k - 1, first - 1, -1):
        if tokens[j][1] == ")":
            closed.append(j)
        elif tokens[j][1] == "(" and not closed:
            start = j + 1
            break
        elif tokens[j][1] == "(":
            closed.pop()
    start = closed[0] + 1 if closed else start
    while start < k and tokens[start][0] == "space":
        start += 1
    while end > k and tokens[end][0] == "space":
        end -= 1
    return start, end


_FRACTIONS = {
    "½": "\\frac{1}{2}",
    "⅓": "\\frac{1}{3}",
    "⅔": "\\frac{2}{3}",
    "¼": "\\frac{1}{4}",
    "¾": "\\frac{3}{4}",
}
# Capitalized English words of two letters, which are not products of two symbols (`Ax`).
_SHORT_WORDS = re.compile(
    r"If|In|On|As|At|Is|It|We|Of|To|By|Be|An|Or|No|So|Up|Do|Go|He|Me|My|Us|Am|Ok|Oh|Eq|Ex"
)


def _math_word(word: str) -> bool:
    """A word of plain math: one letter, two letters not both small (`Ax`, `XT`, `PA`), or three
    ending in a flattened transpose (`LLT`); English words (`is`, `the`, `SVD`) are not."""
    letters = _LETTER.findall(word)
    if len(letters) == 1:
        return True
    if word.islower() or _SHORT_WORDS.fullmatch(word):
        return False
    return len(letters) == 2 or (len(letters) == 3 and word.endswith("T"))


def _latex(run: list[tuple[str, str, int, int]]) -> str | None:
    """The LaTeX of a run of plain math tokens: letters as factors, a `T` glued to a letter or
    after one (`XT`, `A T`) as its transpose, a glued `−1` as an exponent, `−` as a minus."""
    out: list[str] = []
    prev = ""  # the kind of the token before: "letter", ")", or ""
    for kind, value, _, _ in run:
        if kind == "space":
            continue
        if kind == "word":
            for j, letter in enumerate(_LETTER.findall(value)):
                if letter == "T" and (j > 0 or prev in ("letter", ")")):
                    out.append("^T")
                else:
                    out.append(f" {letter}")
                prev = "letter"
        elif kind == "exp":
            out.append("^{" + value.replace("−", "-") + "}")
        elif kind == "num" and value in _FRACTIONS:
            out.append(" " + _FRACTIONS[value])
            prev = ""
        else:
            out.append(" " + value.replace("−", "-").replace("·", ""))
            prev = value if value == ")" else ""
    latex = "".join(out).strip()
    if latex.startswith("=") or latex.endswith(("=", "-", "+", "(")):
        return None
    return latex
