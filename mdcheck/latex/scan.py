"""Quick scans of LaTeX math that need no parse: does a document write differentials (`dx`,
`d(...)`, `\\mathrm{d}X`), and how many relations does an inline formula hold."""

from __future__ import annotations

from mdcheck.latex.names import ACCENTS, BOLD_STYLES, GREEK, RELATIONS
from mdcheck.latex.steps import split_steps
from mdcheck.latex.tokens import tokenize

_TARGET_COMMANDS = (
    BOLD_STYLES
    | {"\\" + g for g in GREEK}
    | {"\\" + a for a in ACCENTS}
    | {
        "\\ln",
        "\\log",
        "\\det",
        "\\exp",
        "\\sin",
        "\\cos",
        "\\operatorname",
        "\\text",
        "\\mathrm",
        "\\|",
        "\\left",
        "\\frac",
        "\\tfrac",
        "\\dfrac",
        "\\vec",
    }
)


def mentions_differentials(text: str) -> bool:
    """Whether `text` writes a differential: a `d` right before a symbol, a bracket or a function,
    not in a subscript or superscript, or an upright `\\mathrm{d}`."""
    tokens = tokenize(text)
    for k, tok in enumerate(tokens):
        if tok.text in ("\\mathrm", "\\operatorname", "\\text") and [
            t.text for t in tokens[k + 1 : k + 4]
        ] == ["{", "d", "}"]:
            return True
        if tok.text != "d" or tok.kind != "letter" or k + 1 >= len(tokens):
            continue
        before = tokens[k - 1].text if k else ""
        in_script = before in ("_", "^") or (before == "{" and k >= 2 and tokens[k - 2].text in ("_", "^"))
        nxt = tokens[k + 1]
        if not in_script and (
            nxt.kind == "letter" or nxt.text in ("(", "[", "^") or nxt.text in _TARGET_COMMANDS
        ):
            return True
    return False


def relation_count(text: str) -> int:
    """The number of relations a formula holds, as the step splitter counts them."""
    return len(split_steps(text).steps)


__all__ = ["RELATIONS", "mentions_differentials", "relation_count"]
