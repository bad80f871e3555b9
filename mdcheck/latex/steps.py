"""Split the LaTeX of a derivation block into steps: chains `a = b = c`, aligned rows `&= ...`,
equations joined by `\\implies` or set side by side, without tags, labels, numbers and remarks."""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from mdcheck.latex.names import (
    ADDITIVE_CONSTANT_WORDS,
    ASKED,
    IMPLICATIONS,
    OPERATOR_NAMES,
    RELATIONS,
    REQUIRED,
    TEXT_COMMANDS,
    is_upright_acronym,
)
from mdcheck.latex.tokens import Token, tokenize

# A token's kind and text, for the passes that look at every token of a text.
_KIND = operator.itemgetter(0)
_TEXT = operator.itemgetter(1)

ROW_ENVIRONMENTS = frozenset(
    [
        "equation",
        "align",
        "aligned",
        "split",
        "gather",
        "gathered",
        "multline",
        "eqnarray",
        "flalign",
        "alignat",
        "alignedat",
        "displaymath",
        "math",
        "subequations",
    ]
)
DROPPED_WITH_ARGUMENT = frozenset({"\\tag", "\\tag*", "\\label", "\\eqref", "\\ref", "\\hypertarget"})
INTERTEXTS = frozenset({"\\intertext", "\\shortintertext"})
DROPPED = frozenset(
    {"\\nonumber", "\\notag", "\\displaystyle", "\\textstyle", "\\quad_", "\\newline", "\\\\*"}
)
LIST_MARKS = frozenset({"\\bullet"})
# `\\overset{(a)}{=}`, `\\stackrel{\\text{def}}{=}`: a relation with a note set over (or under) it.
ANNOTATED_RELATIONS = frozenset({"\\overset", "\\stackrel", "\\underset"})
# Notes that make an equation something other than a claim: `\\overset{!}{=}` (a requirement), a
# question `\\overset{?}{=}`.
_UNCLAIMED_NOTES = ("!", "?")
_DEFINING_NOTES = ("def", "\\Delta", "\\triangle")
SEPARATING_SPACES = frozenset({"\\quad", "\\qquad", "\\hspace", "\\hfill"})
# Wide spaces the parser may read as the commas of a row in brackets (its `ROW_SPACES`).
ROW_SPACES = frozenset({"\\ ", "\\quad", "\\qquad", "\\enspace"})
FUNCTION_ARROWS = frozenset({"\\to", "\\rightarrow", "\\mapsto", "\\longrightarrow", "\\longmapsto"})
DECLARATION_SIGNS = frozenset({"\\in", "\\subset", "\\subseteq", "\\notin", "\\forall"})
OPENERS = frozenset({"{", "(", "[", "\\left", "\\begin", "\\{", "\\langle", "\\lbrack"})
CLOSERS = frozenset({"}", ")", "]", "\\right", "\\end", "\\}", "\\rangle", "\\rbrack"})
# The tokens each pass acts on; a run of tokens with none of them passes through unchanged.
# `\\boxed{a = b}`: a frame around the result; the equation inside is the step.
UNWRAPPED = frozenset({"\\boxed"})
_STRIPPED = (
    frozenset({"\\begin", "\\end"})
    | DROPPED_WITH_ARGUMENT
    | INTERTEXTS
    | DROPPED
    | LIST_MARKS
    | ANNOTATED_RELATIONS
    | UNWRAPPED
)
# A reason given for the step before: what follows is a premise, not a claim derived there.
_REASONS = frozenset({"\\because"})
_REASON_WORDS = re.compile(r"\s*(?:since|because|as|given|using|assuming|if|when)\b", re.IGNORECASE)
# Words in a remark that make what follows a condition ("setting this to zero gives", "at the
# optimum", "s.t.", "subject to"), read from the remark's text without its spaces (as `_argument` gives it).
_CONDITION_REMARK = re.compile(
    r"tozero|normalequation|stationary|optim(?:um|al)|first-?ordercondition|^s\.?t\.?$|subjectto|suchthat",
    re.IGNORECASE,
)
# Words that join equations in a display (`a = b \\text{ and } c = d`): never a function applied.
_CONNECTIVE = re.compile(
    r"\s*(?:and|or|i\.\s?e\.,?|e\.\s?g\.,?|so|hence|thus|then|therefore|also|where|with|while|whence|"
    r"i\.e|or equivalently|and so|that is,?)\s*",
    re.IGNORECASE,
)
_SEGMENT_MARKS = IMPLICATIONS | TEXT_COMMANDS | _REASONS | {",", ";"}
_DECLARATION_MARKS = DECLARATION_SIGNS | FUNCTION_ARROWS


@dataclass(frozen=True)
class Side:
    """One side of a step: its tokens and the LaTeX it was written as."""

    tokens: tuple[Token, ...]
    text: str

    @property
    def start(self) -> int:
        return self.tokens[0].start if self.tokens else -1


@dataclass(frozen=True)
class RawStep:
    """A relation between two sides, before parsing. `lhs` is None when a block starts with a
    relation and so continues from the previous block. `offset` is where the relation sign is."""

    lhs: Side | None
    rhs: Side
    relation: str
    offset: int
    equation: int
    first: bool
    implied: bool
    # Stated as the reason for what comes before (`\\quad \\text{since } A = A^T`, `\\because ...`).
    premise: bool = False


@dataclass(frozen=True)
class SplitBlock:
    """The steps of a block in order, and side remarks that declare symbols (`x \\in \\mathbb{R}^n`)."""

    steps: tuple[RawStep, ...]
    declarations: tuple[str, ...] = ()
    problems: tuple[tuple[str, int], ...] = ()


@dataclass
class _Equation:
    terms: list[list[Token]] = field(default_factory=list)
    relations: list[Token] = field(default_factory=list)
    implied: bool = False
    continues: bool = False
    premise: bool = False
    resumes: bool = False  # goes on from the chain before a premise remark: not a chain's first step


def lone_expression(text: str) -> Side | None:
    """A display that is one expression and no relation (`\\|Ax - b\\|^2`, the head of a chain whose
    rows follow in displays of their own) as one side; None for anything else or an empty display."""
    tokens = _trim(_strip(tokenize(text)))
    if not tokens or {"\\\\", "&"} & {t.text for t in tokens}:
        return None
    if tokens[0].text in _DANGLING or tokens[-1].text in _DANGLING:
        return None  # a piece of a row wrapped over several displays (`$$g(x) + o(dx)$$` after `... +`)
    return Side(tuple(tokens), _spell(text, tokens))


# What a row broken over displays ends or starts with.
_DANGLING = frozenset({"+", "-", "\\cdot", "\\times", "\\odot", "\\otimes", "\\pm", "\\mp"})


@lru_cache(maxsize=4096)
def split_steps(text: str) -> SplitBlock:
    """The steps of the derivation block `text` (results are shared: they are immutable)."""
    tokens = _strip(tokenize(text))
    texts = set(map(_TEXT, tokens))
    # What the passes below look for; a block without it skips the pass.
    rows = _split_rows(tokens) if "\\\\" in texts else [tokens]
    aligned = "&" in texts
    plain = _SEGMENT_MARKS.isdisjoint(texts) and "space" not in map(_KIND, tokens)
    declarations: list[str] = []
    equations: list[_Equation] = []
    implied_next = False
    for row in rows:
        # `&\quad + c = d`: a row aligned before its first term continues the last expression.
        leads_aligned = aligned and bool(row) and row[0].text == "&"
        if aligned:
            row = _drop_alignment(row)
        if not row:
            continue
        row_start = True
        # A reason word before a wide space (`\\text{s.t.} \\quad Cx = d`) still opens what follows it.
        premise_next = False
        for seg, after_implication, premise in (
            [(_trim(list(row)), False, False)] if plain else _segments(row)
        ):
            if after_implication:
                implied_next = True
            premise_next = premise_next or premise
            if not seg:
                continue
            if _is_declaration(seg):
                declarations.append(_spell(text, seg))
                premise_next = False
                continue
            if "," in texts and _is_index_range(seg):
                continue  # `\\qquad l = 1, \\dots, L`: the range of an index, not an equation
            count = len(equations)
            implied_next = _add_segment(equations, seg, row_start, implied_next, leads_aligned)
            if premise_next and len(equations) > count:
                equations[-1].premise = True
            premise_next = False
            row_start = False
    return SplitBlock(_to_steps(equations, text), tuple(declarations))


def _add_segment(
    equations: list[_Equation], seg: list[Token], row_start: bool, implied: bool, leads_aligned: bool = False
) -> bool:
    """Add one segment to the chain being built; returns the pending implication flag."""
    parts, relations = _split_relations(seg)
    if (
        relations
        and parts[0]
        and row_start
        and leads_aligned
        and not implied
        and equations
        and equations[-1].terms
        and equations[-1].terms[-1]
        and parts[0][0].text in ("+", "-")
    ):
        # `&\quad + \operatorname{tr}(B^2) = ...`: the row's first part ends the last expression.
        eq = equations[-1]
        eq.terms[-1].extend(parts[0])
        eq.relations.extend(relations)
        eq.terms.extend(parts[1:])
        return False
    if not relations:
        # A row without a relation continues the last expression across a line break.
        if (
            row_start
            and equations
            and equations[-1].terms
            and (not equations[-1].terms[-1] or _continues_expression(equations[-1], seg))
        ):
            equations[-1].terms[-1].extend(seg)
        elif row_start and not equations:
            # A block's first row without a relation (`multline`, or `&x^T Q x + ... \\\\ &\\quad= ...`):
            # the left side of the relation that opens a later row.
            equations.append(_Equation([seg], []))
        return implied
    if not parts[0] and row_start and equations and not implied and equations[-1].premise:
        # `&= ... && \\text{since } dX^{-1} = ... \\\\ &= ...`: the row goes on from the chain.
        claim = next((eq for eq in reversed(equations) if not eq.premise), None)
        if claim is not None and claim.terms and claim.terms[-1]:
            equations.append(_Equation([list(claim.terms[-1]), *parts[1:]], relations, resumes=True))
            return False
    if not parts[0] and row_start and equations and not implied:
        # `&= c` after `&= b && \\text{since } Q^T Q = I`: the chain goes on, not the reason.
        eq = next((e for e in reversed(equations) if not e.premise), equations[-1])
        eq.relations.extend(relations)
        eq.terms.extend(parts[1:])
        return False
    if not parts[0] and row_start and equations and implied:
        # `\implies = ...` is unusual; continue the last expression as a new equation.
        prev = equations[-1].terms[-1] if equations[-1].terms else []
        parts[0] = list(prev)
    if equations and equations[-1].terms and not equations[-1].terms[-1] and row_start:
        # The previous row ended with a relation: this row's first part is its right side.
        eq = equations[-1]
        eq.terms[-1] = parts[0]
        eq.relations.extend(relations)
        eq.terms.extend(parts[1:])
        return False
    equations.append(_Equation(parts, relations, implied, continues=not parts[0]))
    return False


def _continues_expression(eq: _Equation, seg: list[Token]) -> bool:
    last = eq.terms[-1]
    return bool(seg) and (
        seg[0].text in ("+", "-", "\\cdot", "\\times") or (bool(last) and last[-1].text in "+-")
    )


def _to_steps(equations: list[_Equation], text: str) -> tuple[RawStep, ...]:
    steps: list[RawStep] = []
    for n, eq in enumerate(equations):
        for k, rel in enumerate(eq.relations):
            lhs_tokens, rhs_tokens = eq.terms[k], eq.terms[k + 1] if k + 1 < len(eq.terms) else []
            lhs = None if (k == 0 and eq.continues) else Side(tuple(lhs_tokens), _spell(text, lhs_tokens))
            relation = ":=" if rel.text == ":" else RELATIONS.get(rel.text, rel.text)
            steps.append(
                RawStep(
                    lhs,
                    Side(tuple(rhs_tokens), _spell(text, rhs_tokens)),
                    relation,
                    rel.start,
                    n,
                    k == 0 and not eq.continues and not eq.resumes,
                    eq.implied,
                    eq.premise,
                )
            )
    return tuple(steps)


def _strip(tokens: list[Token]) -> list[Token]:
    """Drop row-environment wrappers, tags, labels and other markup that is not mathematics."""
    if _STRIPPED.isdisjoint(map(_TEXT, tokens)):
        return list(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text not in _STRIPPED:
            out.append(tok)
            i += 1
            continue
        if tok.text in ("\\begin", "\\end"):
            name, j = _argument(tokens, i + 1)
            if name.rstrip("*") in ROW_ENVIRONMENTS:
                i = j
                if tok.text == "\\begin" and name.rstrip("*") in ("alignat", "alignedat"):
                    _, i = _argument(tokens, i)
                continue
        if tok.text in INTERTEXTS:
            # `\\intertext{setting this to zero gives}`: a row break, then its words as a remark
            # that opens the next row (a reason or a condition for what follows).
            out.append(Token("command", "\\\\", tok.start, tok.start))
            out.append(Token("command", "\\text", tok.start, tok.end))
            i += 1
            continue
        if tok.text in DROPPED_WITH_ARGUMENT:
            _, i = _argument(tokens, i + 1 + (tokens[i + 1].text == "*" if i + 1 < len(tokens) else 0))
            continue
        if tok.text in DROPPED:
            i += 1
            continue
        if tok.text in UNWRAPPED and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            close = _matching_brace(tokens, i + 1)
            if close is not None:
                tokens = [*tokens[:i], *tokens[i + 2 : close], *tokens[close + 1 :]]
                continue
        if tok.text in ANNOTATED_RELATIONS:
            relation = _annotated_relation(tokens, i)
            if relation is not None:
                out.append(relation[0])
                i = relation[1]
                continue
        if tok.text in LIST_MARKS and not out:
            # `\\bullet \\ f(x) = a^T x`: a list item's mark (and the space after it) opens the display.
            i += 1
            while i < len(tokens) and tokens[i].text in ("\\ ", "\\,", "\\;", "\\quad", "~"):
                i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _matching_brace(tokens: Sequence[Token], i: int) -> int | None:
    """The index of the `}` that closes the `{` at `i`; None when it is not closed."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += (tokens[j].text == "{") - (tokens[j].text == "}")
        if depth == 0:
            return j
    return None


def _annotated_relation(tokens: Sequence[Token], i: int) -> tuple[Token, int] | None:
    """`\\overset{(a)}{=}` as the relation `=` it annotates (`:=` for a note saying it defines),
    spanning the whole construct, and the index after it; None when it is not a relation."""
    note, j = _argument(tokens, i + 1)
    if j == i + 1 or j + 2 >= len(tokens) or tokens[j].text != "{" or tokens[j + 2].text != "}":
        return None
    relation = tokens[j + 1]
    if relation.text not in RELATIONS:
        return None
    if any(mark in note for mark in _UNCLAIMED_NOTES):
        if relation.text != "=":
            return None
        text = REQUIRED if "!" in note else ASKED  # what shall hold, or is asked: no claim
    elif relation.text == "=" and any(mark in note for mark in _DEFINING_NOTES):
        text = "\\coloneqq"
    else:
        text = relation.text
    return Token(relation.kind, text, tokens[i].start, tokens[j + 2].end), j + 3


def _argument(tokens: Sequence[Token], i: int) -> tuple[str, int]:
    """The text of the braced argument starting at i, and the index after it."""
    if i >= len(tokens) or tokens[i].text != "{":
        return "", i
    depth, j = 0, i
    while j < len(tokens):
        depth += (tokens[j].text == "{") - (tokens[j].text == "}")
        j += 1
        if depth == 0:
            break
    return "".join(t.text for t in tokens[i + 1 : j - 1]), j


def _split_rows(tokens: list[Token]) -> list[list[Token]]:
    rows: list[list[Token]] = [[]]
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text in OPENERS:
            depth += 1
        elif tok.text in CLOSERS:
            depth = max(0, depth - 1)
        if tok.text == "\\\\" and depth == 0:
            rows.append([])
            if i + 1 < len(tokens) and tokens[i + 1].text == "[":
                # `\\[4pt]`: extra space after the line break.
                while i < len(tokens) and tokens[i].text != "]":
                    i += 1
        else:
            rows[-1].append(tok)
        i += 1
    return rows


def _drop_alignment(row: list[Token]) -> list[Token]:
    """Remove the `&` alignment marks of the row itself, keeping those inside matrices."""
    out: list[Token] = []
    depth = 0
    for tok in row:
        if tok.text in OPENERS:
            depth += 1
        elif tok.text in CLOSERS:
            depth = max(0, depth - 1)
        if tok.text == "&" and depth == 0:
            continue
        out.append(tok)
    return out


def _segments(row: list[Token]) -> list[tuple[list[Token], bool, bool]]:
    """Split a row at implications, wide spaces, remarks and commas between equations. Each
    segment comes with whether an implication comes before it (a row that ends with an
    implication gives a last, empty segment so flagged) and whether a reason word does."""
    if "space" not in map(_KIND, row) and _SEGMENT_MARKS.isdisjoint(map(_TEXT, row)):
        return [(_trim(list(row)), False, False)]
    segments: list[tuple[list[Token], bool, bool]] = [([], False, False)]
    depth = 0
    i = 0
    while i < len(row):
        tok = row[i]
        if tok.text in OPENERS and not (tok.text == "\\left" and i + 1 < len(row) and row[i + 1].text == "."):
            depth += 1
        elif tok.text in CLOSERS:
            depth = max(0, depth - 1)
        if depth == 0 and tok.text in _REASONS:
            segments.append(([], False, True))
        elif depth == 0 and tok.text in IMPLICATIONS:
            segments.append(([], True, False))
        elif depth == 0 and tok.kind == "space" and tok.text in SEPARATING_SPACES:
            segments.append(([], False, False))
        elif depth == 0 and tok.text in TEXT_COMMANDS and not _is_operator_text(row, i):
            word, i = _argument(row, i + 1)
            reason = _REASON_WORDS.match(word) is not None or _CONDITION_REMARK.search(word) is not None
            segments.append(([], False, reason))
            continue
        elif depth == 0 and tok.text in (",", ";") and _relation_follows(row, i + 1):
            segments.append(([], False, False))
        elif tok.kind != "space" or (depth > 0 and tok.text in ROW_SPACES):
            segments[-1][0].append(tok)  # `(3u^2 \ 3v^2)`: a wide space in brackets may part entries
        i += 1
    return [(_trim(seg), implied, premise) for seg, implied, premise in segments]


def _is_operator_text(row: list[Token], i: int) -> bool:
    """`\\text{tr}`, `\\text{d}`, or a word applied like a function (`M.\\text{sum}(...)`) is part of
    the expression, not a remark beside it; so is one without braces (`\\mathrm dX`), whose argument
    is the single token after it."""
    if i + 1 < len(row) and row[i + 1].text != "{":
        return True
    word, end = _argument(row, i + 1)
    if _REASON_WORDS.match(word):
        return False
    if row[i].text in ("\\operatorname", "\\mathrm") and is_upright_acronym(word):
        return True  # `\\mathrm{SINR} = ...`: the name of a quantity
    if word.strip() in ADDITIVE_CONSTANT_WORDS and _after_a_sign(row, i):
        return True  # `... + \\text{const}`: a term of the sum
    inside = row[i + 2 : end - 1]
    if any(t.kind == "space" or a.end < t.start for a, t in itertools.pairwise(inside)):
        return False  # `\\intertext{so that} (X^T X)^{-1} ...`: words, not a function applied
    if _CONNECTIVE.fullmatch(word):
        return False  # `a = b \\text{ and } (x + y)^T ...`: a word between equations, not a function
    applied = (end < len(row) and row[end].text == "(") or (i > 0 and row[i - 1].text == ".")
    return word in OPERATOR_NAMES or (len(word) == 1 and word.isalnum()) or applied


def _after_a_sign(row: list[Token], i: int) -> bool:
    """Whether the last token before i, spaces aside, is a plus or minus sign."""
    before = [t.text for t in row[:i] if t.kind != "space"]
    return bool(before) and before[-1] in ("+", "-")


def _relation_follows(row: list[Token], i: int) -> bool:
    """Whether a relation appears at top level before the next top-level comma."""
    depth = 0
    for tok in row[i:]:
        if tok.text in OPENERS:
            depth += 1
        elif tok.text in CLOSERS:
            depth -= 1
        elif depth == 0 and tok.text in (",", ";"):
            return False
        elif depth == 0 and tok.text in RELATIONS:
            return True
    return False


def _trim(seg: list[Token]) -> list[Token]:
    """Drop trailing punctuation and a trailing equation number like `(17)` set apart from the
    formula."""
    while seg and seg[-1].text in (".", ",", ";", ":"):
        seg = seg[:-1]
    if len(seg) >= 3 and seg[-1].text == ")":
        depth, j = 0, len(seg) - 1
        while j >= 0:
            depth += (seg[j].text == ")") - (seg[j].text == "(")
            if depth == 0:
                break
            j -= 1
        inner = seg[j + 1 : -1]
        # `f(a)`, `\\tanh(b)`, `\\sigma(0)`: a bracket written against what comes before is an argument.
        apart = j > 0 and (seg[j - 1].end < seg[j].start or seg[j - 1].kind == "space")
        if apart and inner and all(t.kind == "number" or t.text in (".", "a", "b", "c") for t in inner):
            seg = seg[:j]
    while seg and seg[-1].text in (".", ",", ";", ":"):
        seg = seg[:-1]
    return seg


# What `_split_relations` acts on: any other token just joins the part being built.
_RELATION_SPLITTING = frozenset(RELATIONS) | {":"} | OPENERS | CLOSERS


def _split_relations(seg: list[Token]) -> tuple[list[list[Token]], list[Token]]:
    part: list[Token] = []
    parts: list[list[Token]] = [part]
    relations: list[Token] = []
    depth = 0
    i = 0
    n = len(seg)
    while i < n:
        tok = seg[i]
        text = tok.text
        i += 1
        if text not in _RELATION_SPLITTING:
            part.append(tok)
        elif text in OPENERS:
            depth += 1
            part.append(tok)
        elif text in CLOSERS:
            depth = depth - 1 if depth > 0 else 0
            part.append(tok)
        elif depth != 0 or tok.kind == "space" or (text == ":" and (i >= n or seg[i].text != "=")):
            part.append(tok)
        else:  # a relation outside brackets, `:=` taken whole
            i += text == ":"
            relations.append(tok)
            part = []
            parts.append(part)
    return parts, relations


# What the values in an index range are written with (`1, 2`, `1, \\dots, L`, `0, \\ldots, T-1`).
_RANGE_DOTS = frozenset({"\\dots", "\\ldots", "\\cdots", "."})


def _is_index_range(seg: list[Token]) -> bool:
    """`l = 1, \\dots, L`, `t = 1, 2`: one letter, `=`, and a comma list of numbers, single letters and
    dots (with `+`/`-` between them)."""
    if len(seg) < 5 or seg[0].kind != "letter" or seg[1].text != "=" or seg[3].text != ",":
        return False
    values = seg[2:]
    if values[0].kind != "number" and not (values[0].kind == "letter" and len(values[0].text) == 1):
        return False
    for tok in values:
        if tok.kind == "number" or tok.text in _RANGE_DOTS or tok.text in (",", "+", "-"):
            continue
        if tok.kind != "letter" or len(tok.text) != 1:
            return False
    return True


def _is_declaration(seg: list[Token]) -> bool:
    if _DECLARATION_MARKS.isdisjoint([t.text for t in seg]):
        return False
    depth = 0
    for tok in seg:
        if tok.text in OPENERS:
            depth += 1
        elif tok.text in CLOSERS:
            depth -= 1
        elif depth == 0 and (tok.text in DECLARATION_SIGNS or tok.text in FUNCTION_ARROWS):
            return True
    return False


def _spell(text: str, tokens: Sequence[Token]) -> str:
    """The LaTeX of a run of tokens as written; pieces from several rows are joined by a space."""
    if not tokens:
        return ""
    if "\\\\" not in text and "&" not in text:
        return text[tokens[0].start : tokens[-1].end].strip()  # no gap can part the pieces
    pieces: list[str] = []
    start, prev_end = tokens[0].start, tokens[0].end
    for tok in tokens[1:]:
        gap = text[prev_end : tok.start]
        if "\\\\" in gap or "&" in gap:
            pieces.append(text[start:prev_end])
            start = tok.start
        prev_end = tok.end
    pieces.append(text[start:prev_end])
    return " ".join(p.strip() for p in pieces)
