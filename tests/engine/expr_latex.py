"""Write a test expression as LaTeX the way notes do, in one of several spellings (`^T` or `^\\top`,
`\\operatorname{tr}` or `\\mathrm{tr}`, implicit or `\\cdot` products, `(` or `\\left(`), and write
the Markdown document around an identity: its declarations and the display."""

from __future__ import annotations

import re
from dataclasses import dataclass

from expr_gen import (
    SCALAR,
    Diff,
    DSym,
    Expr,
    Hadamard,
    Inverse,
    Neg,
    Num,
    Prod,
    Scaled,
    Sum,
    Sym,
    Trace,
    Transpose,
    symbols,
)

TRANSPOSES = ("^T", "^\\top", "^{T}", "^{\\top}", "^{\\mathsf T}", "^\\intercal", "'")
TRACES = ("\\operatorname{tr}", "\\mathrm{tr}", "\\text{tr}", "\\mathrm{Tr}", "\\operatorname{Tr}")
PRODUCTS = ("", " ", " \\cdot ", "\\,", " \\times ")
PARENS = (("(", ")"), ("\\left(", "\\right)"), ("[", "]"), ("\\left[", "\\right]"))
CALL_PARENS = (("(", ")"), ("\\left(", "\\right)"))
CALL_BRACKETS = (("[", "]"), ("\\left[", "\\right]"))
SIZED_PARENS = (("\\big(", "\\big)"), ("\\Big(", "\\Big)"), ("\\bigl(", "\\bigr)"), ("\\Big[", "\\Big]"))
HADAMARDS = ("\\circ", "\\odot")
DIFFERENTIALS = ("d", "\\mathrm{d}")
BEFORE_TRACE = (" ", "\\,", "")
BEFORE_GROUP = (" ", "\\,", "")
HALVES = ("\\frac{1}{2}", "\\tfrac{1}{2}", "\\frac12", "\\tfrac12", "0.5")


@dataclass(frozen=True)
class Style:
    """One way of spelling the notation."""

    transpose: str = "^T"
    trace: str = "\\operatorname{tr}"
    product: str = ""
    paren: tuple[str, str] = ("(", ")")
    call_paren: tuple[str, str] = ("(", ")")  # around the argument of tr(...) and d(...)
    hadamard: str = "\\circ"
    differential: str = "d"
    minus_t: bool = False  # A^{-T} for the inverse of a transposed symbol
    nested_parens: bool = False  # A(BC) rather than ABC for a product inside a product
    dx_transpose_bare: bool = True  # dX^T rather than (dX)^T
    half: str = "\\frac{1}{2}"
    # What comes between a bracket and what precedes it: " ", "\\,", "", or "brackets" around
    # the left factor. For `dX (A + B)`, `X' (A + B)`, and `d(AX) B` (before any factor).
    dx_before_group: str = "brackets"
    diff_before_group: str = "brackets"
    prime_before_group: str = "brackets"
    before_trace: str = " "  # what comes between d and \\operatorname{tr}: a space, \\, or nothing


# Kinds of written text, for deciding where brackets and spaces are needed.
ATOM, POSTFIX, CALL, PRODUCT, SCALED, HADAMARD, SUM, NEG, DIFFERENTIAL, PRIME, DIFF_CALL = range(11)
OPENERS = ("(", "[", "\\left", "\\big", "\\Big", "\\bigl")
LOOSE = (SUM, NEG, HADAMARD, SCALED)


@dataclass(frozen=True)
class Written:
    """LaTeX for an expression; `kind` says how it binds, `head` and `tail` what it starts and
    ends with (a differential `dX`, a prime, ...) where that matters to its neighbours."""

    text: str
    kind: int
    head: int
    tail: int


def _w(text: str, kind: int, head: int | None = None, tail: int | None = None) -> Written:
    return Written(text, kind, kind if head is None else head, kind if tail is None else tail)


def latex(e: Expr, style: Style) -> str:
    return _render(e, style).text


def _group(w: Written, style: Style) -> Written:
    return _w(f"{style.paren[0]}{w.text}{style.paren[1]}", CALL)


def _argument(text: str, style: Style) -> str:
    return f"{style.call_paren[0]}{text}{style.call_paren[1]}"


def _render(e: Expr, style: Style) -> Written:
    match e:
        case Sym(latex=name):
            return _w(name, ATOM)
        case Num(value=v):
            return _w(style.half if v == 0.5 else str(int(v)), ATOM)
        case DSym(sym=s):
            return _w(f"{style.differential}{s.latex}", DIFFERENTIAL)
        case Prod(factors=fs):
            return _product([_render(f, style) for f in fs], style)
        case Sum(terms=terms):
            return _w(_sum(terms, style), SUM)
        case Neg(body=b):
            w = _render(b, style)
            return _w("-" + (_group(w, style) if w.kind in (SUM, NEG) else w).text, NEG)
        case Scaled():
            return _scaled(e, style)
        case Transpose(body=b) | Inverse(body=b):
            return _postfix(b, "T" if isinstance(e, Transpose) else "-1", style)
        case Trace(body=b):
            return _w(f"{style.trace}{_argument(latex(b, style), style)}", CALL)
        case Hadamard(left=a, right=b):
            return _w(f"{_operand(a, style)} {style.hadamard} {_operand(b, style)}", HADAMARD)
        case Diff(body=b):
            return _w(_differential(b, style), CALL, tail=DIFF_CALL)
    raise TypeError(f"not an expression: {e!r}")


def _operand(e: Expr, style: Style) -> str:
    w = _render(e, style)
    return w.text if w.kind in (ATOM, POSTFIX, CALL, PRIME) else _group(w, style).text


def _join(left: Written, right: Written, style: Style) -> Written:
    """`left right` as a product, spelled so that the tokens of one cannot run into the other."""
    policy = {
        DIFFERENTIAL: style.dx_before_group,
        DIFF_CALL: style.diff_before_group,
        PRIME: style.prime_before_group,
    }.get(left.tail)
    if policy is not None and (left.tail == DIFF_CALL or right.text.startswith(OPENERS)):
        left = (
            _group(left, style) if policy == "brackets" else _w(left.text + policy, PRODUCT, left.head, CALL)
        )
    if left.text[-1].isdigit() and right.text[0].isdigit():
        right = _group(right, style)  # 2 (0.5 A), not 2 0.5 A
    sep = style.product
    if not sep and (
        re.search(r"\\[A-Za-z]+$", left.text)
        or DIFFERENTIAL in (left.tail, right.head)
        or right.text[0] == "'"
    ):
        sep = " "
    return _w(left.text + sep + right.text, PRODUCT, left.head, right.tail)


def _product(factors: list[Written], style: Style) -> Written:
    out: Written | None = None
    for k, w in enumerate(factors):
        nested = w.kind == PRODUCT and style.nested_parens
        if w.kind in (SUM, NEG, HADAMARD) or (w.kind == SCALED and k > 0) or nested:
            w = _group(w, style)
        out = w if out is None else _join(out, w, style)
    assert out is not None
    return _w(out.text, PRODUCT, out.head, out.tail)


def _sum(terms: tuple[Expr, ...], style: Style) -> str:
    out = ""
    for k, t in enumerate(terms):
        if isinstance(t, Neg):
            w = _render(t.body, style)
            text = _group(w, style).text if w.kind in (SUM, NEG) else w.text
            out += f" - {text}" if k else f"-{text}"
        else:
            out += f" + {latex(t, style)}" if k else latex(t, style)
    return out


def _scaled(e: Scaled, style: Style) -> Written:
    factor = _render(e.factor, style)
    if factor.kind not in (ATOM, POSTFIX, CALL):
        factor = _group(factor, style)
    body = _render(e.body, style)
    if body.kind in LOOSE:
        body = _group(body, style)
    joined = _join(body, factor, style) if e.trailing else _join(factor, body, style)
    return _w(joined.text, SCALED, joined.head, joined.tail)


def _postfix(body: Expr, mark: str, style: Style) -> Written:
    """`A^T`, `A^{-1}`, `A^{-T}`, `(AB)^T`, `dX^T`; a transpose written `'` is a prime."""
    other = Inverse if mark == "T" else Transpose
    if style.minus_t and isinstance(body, other) and isinstance(body.body, Sym):
        return _w(f"{body.body.latex}^{{-T}}", POSTFIX)
    w = _render(body, style)
    # A prime on a scalar is its derivative in any notes: transpose a 1×1 value with ^T.
    prime = mark == "T" and style.transpose == "'" and body.shape != SCALAR
    if mark == "T" and w.kind == DIFFERENTIAL and style.dx_transpose_bare and not prime:
        return _w(f"{w.text}{style.transpose}", DIFFERENTIAL)
    if w.kind != ATOM:
        w = _group(w, style)
    if mark == "-1":
        return _w(f"{w.text}^{{-1}}", POSTFIX)
    mark_text = style.transpose if prime or style.transpose != "'" else "^T"
    return _w(f"{w.text}{mark_text}", POSTFIX, tail=PRIME if prime else POSTFIX)


def _differential(body: Expr, style: Style) -> str:
    text = latex(body, style)
    if isinstance(body, Trace):
        return f"{style.differential}{style.before_trace}{text}"
    return style.differential + _argument(text, style)


# -- the document around an identity ---------------------------------------------------------------
DIM_TEXT = {"n": "n", "m": "m", "p": "p"}


def _shape_directive(shape: tuple[str, str]) -> str:
    if shape == SCALAR:
        return "scalar"
    if shape[1] == "1":
        return shape[0]
    return f"{shape[0]} x {shape[1]}"


def _shape_prose(shape: tuple[str, str]) -> str:
    if shape == SCALAR:
        return "\\mathbb{R}"
    if shape[1] == "1":
        return f"\\mathbb{{R}}^{{{shape[0]}}}"
    return f"\\mathbb{{R}}^{{{shape[0]} \\times {shape[1]}}}"


def _by_shape(syms: set[Sym]) -> dict[tuple[str, str], list[str]]:
    groups: dict[tuple[str, str], list[str]] = {}
    for s in sorted(syms, key=lambda s: (s.shape, s.latex)):
        groups.setdefault(s.shape, []).append(s.latex)
    return groups


def declarations(exprs: list[Expr], prose: bool, vary: bool) -> str:
    """Declare every symbol of `exprs`: in a directive, or in a sentence of prose."""
    syms: set[Sym] = set()
    for e in exprs:
        syms |= symbols(e)
    groups = _by_shape(syms)
    varying = sorted(s.latex for s in syms if s.varying)
    vary_text = f"vary {' '.join(varying)}" if vary and varying else ""
    if prose:
        parts = [f"${', '.join(names)} \\in {_shape_prose(shape)}$" for shape, names in groups.items()]
        text = "Let " + ", ".join(parts) + "."
        return text + (f"\n\n<!-- mdcheck: {vary_text} -->" if vary_text else "")
    items = [f"{', '.join(names)}: {_shape_directive(shape)}" for shape, names in groups.items()]
    return "<!-- mdcheck: " + "; ".join([*items, vary_text] if vary_text else items) + " -->"


def document(sides: list[Expr], style: Style, prose: bool, vary: bool, aligned: bool) -> str:
    """A Markdown document: the declarations, then the chain `sides[0] = sides[1] = ...`."""
    texts = [latex(e, style) for e in sides]
    if aligned:
        lines = [f"{texts[0]} &= {texts[1]}"] + [f"&= {t}" for t in texts[2:]]
        body = "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"
    else:
        body = " = ".join(texts)
    return f"{declarations(sides, prose, vary)}\n\n$$\n{body}\n$$\n"
