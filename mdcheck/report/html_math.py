"""LaTeX to MathML for the HTML report: latex2mathml behind a rewrite of what it renders wrong, and a
serializer that lets through only MathML elements and attributes, with every text escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from xml.etree.ElementTree import Element

from mdcheck.verdicts import Value

# Environments latex2mathml renders as a table, and what the others are rewritten to.
_AS_ALIGN = ("aligned", "alignedat", "alignat", "alignat*", "flalign", "flalign*", "eqnarray", "eqnarray*")
_AS_GATHER = ("gathered", "gather", "gather*", "multline", "multline*")
_UNWRAPPED = ("equation", "equation*", "displaymath", "math")
_ENV_ARGUMENT = re.compile(r"\\begin\s*\{(alignedat|alignat\*?)\}\s*\{[^{}]*\}")
_ENV_NAMES = "|".join(re.escape(name) for name in _AS_ALIGN + _AS_GATHER + _UNWRAPPED)
_BEGIN_END = re.compile(r"\\(begin|end)\s*\{(" + _ENV_NAMES + r")\}")
_DROPPED = re.compile(r"\\(?:label|eqref)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b")
_ROW_SPACING = re.compile(r"\\\\\s*\[[^\]]*\]")
_ANY_ENV = re.compile(r"\\begin\s*\{([^{}]*)\}.*?\\end\s*\{\1\}", re.DOTALL)
_BARE_ROWS = re.compile(r"(?<!\\)&|\\\\")
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]{1,6});")

# fmt: off
_ELEMENTS = frozenset((
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "munder",
    "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr", "mtd", "mlabeledtr",
    "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none", "semantics",
    "annotation",
))
_ATTRIBUTES = frozenset((
    "display", "mathvariant", "stretchy", "fence", "form", "separator", "lspace", "rspace", "minsize",
    "maxsize", "movablelimits", "largeop", "accent", "accentunder", "linethickness", "displaystyle",
    "scriptlevel", "columnalign", "columnspacing", "rowspacing", "rowalign", "columnlines", "rowlines",
    "frame", "framespacing", "width", "height", "depth", "linebreak", "mathcolor", "mathbackground",
    "mathsize", "notation", "columnspan", "rowspan", "symmetric", "voffset",
))
# fmt: on
_MAX_CELLS = 6


@dataclass(frozen=True)
class Rendered:
    """One piece of LaTeX for the page: `html` is safe to embed; `exact` is False when it is shown
    as escaped source (`failure` says why) or with `unknown` commands shown as plain names."""

    html: str
    exact: bool
    unknown: tuple[str, ...] = ()
    failure: str = ""


class _Unrenderable(Exception):
    """latex2mathml produced something the sanitizer will not pass (kept inside this module)."""


def prepare(latex: str) -> str:
    """`latex` rewritten into what latex2mathml renders right: `aligned`-like environments as
    `align*`, `gathered`-like ones as a centred array, labels and row spacings dropped, and bare
    `&`/`\\\\` rows (no environment around them) wrapped in `align*`."""
    text = _DROPPED.sub("", latex)
    text = _ROW_SPACING.sub(r"\\\\", text)
    text = _ENV_ARGUMENT.sub(lambda m: "\\begin{" + m.group(1) + "}", text)
    text = _BEGIN_END.sub(_rewrite_environment, text)
    if _BARE_ROWS.search(_ANY_ENV.sub("", text)):
        text = "\\begin{align*}" + text + "\\end{align*}"
    return text


def _rewrite_environment(match: re.Match[str]) -> str:
    is_begin, name = match.group(1) == "begin", match.group(2)
    if name in _AS_ALIGN:
        return "\\begin{align*}" if is_begin else "\\end{align*}"
    if name in _AS_GATHER:
        return "\\begin{array}{c}" if is_begin else "\\end{array}"
    return ""


def latex_to_mathml(latex: str, display: bool = False) -> Rendered:
    """Render `latex` as MathML; never raises: what cannot be converted is shown as escaped source."""
    import latex2mathml.converter  # imported here: only the HTML report needs it

    source = prepare(latex)
    converter = latex2mathml.converter.Converter(display="block" if display else "inline")
    try:
        tree = converter.convert_to_element(source)
        unknown: list[str] = []
        html = _serialize(tree, unknown)
    except _Unrenderable as problem:
        return source_fallback(latex, str(problem))
    except Exception as problem:  # latex2mathml raises many kinds on bad input; none may escape
        return source_fallback(latex, f"{type(problem).__name__} {problem}".strip())
    names = tuple(dict.fromkeys(unknown))
    return Rendered(html, exact=not names, unknown=names)


def source_fallback(latex: str, failure: str) -> Rendered:
    return Rendered(f'<code class="tex">{escape(latex)}</code>', exact=False, failure=failure)


def _text(raw: str | None) -> str:
    """latex2mathml text holds `&#x...;` references next to raw characters from the note."""
    if not raw:
        return ""
    return escape(_CHAR_REF.sub(lambda m: _char(m.group(1)), raw), quote=True)


def _char(hex_code: str) -> str:
    code = int(hex_code, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _serialize(element: Element, unknown: list[str]) -> str:
    tag = element.tag
    if not isinstance(tag, str) or tag not in _ELEMENTS:
        raise _Unrenderable(f"unexpected element {tag!r}")
    attributes = "".join(
        f' {name}="{escape(str(value), quote=True)}"'
        for name, value in sorted(element.attrib.items())
        if name in _ATTRIBUTES
    )
    if tag == "math":
        attributes = ' xmlns="http://www.w3.org/1998/Math/MathML"' + attributes
    text = element.text or ""
    if tag in ("mi", "mo") and text.startswith("\\") and len(text) > 1:
        unknown.append(text)
        # A command latex2mathml does not know: shown as its plain name, marked.
        attributes = ' class="unknown" mathvariant="normal"'
        text = text[1:]
    inner = _text(text) + "".join(_serialize(child, unknown) + _text(child.tail) for child in element)
    return f"<{tag}{attributes}>{inner}</{tag}>"


def format_value(value: float) -> str:
    """A number as the counterexample shows it: 4 significant digits, a true minus sign."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.4g}"
    text = "0" if text in ("-0", "0") else text
    return text.replace("-", "−")


def value_mathml(name_latex: str, value: Value) -> str:
    """`name = value` as MathML: a scalar as a number, anything else as a bracketed matrix
    (cut to 6×6 with ellipses)."""
    name = latex_to_mathml(name_latex)
    name_html = inner_mathml(name.html) if name.exact else f"<mi>{escape(name_latex)}</mi>"
    return (
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow>'
        f"{name_html}<mo>=</mo>{matrix_mathml(value)}</mrow></math>"
    )


def matrix_mathml(value: Value) -> str:
    """A scalar as a number, anything else as a bracketed matrix cut to 6×6 with ellipses."""
    if len(value) == 1 and len(value[0]) == 1:
        return _number(value[0][0])
    columns = _kept(max((len(row) for row in value), default=0))
    rows = []
    for r in _kept(len(value)):
        cells = [_cell(value, r, c) for c in columns]
        rows.append("<mtr>" + "".join(cells) + "</mtr>")
    return '<mrow><mo>[</mo><mtable columnspacing="0.6em">' + "".join(rows) + "</mtable><mo>]</mo></mrow>"


def _kept(n: int) -> list[int | None]:
    """The indices shown of `n`: all up to 6, else the first 4, an ellipsis (None) and the last."""
    if n <= _MAX_CELLS:
        return list(range(n))
    return [*range(_MAX_CELLS - 2), None, n - 1]


def _cell(value: Value, r: int | None, c: int | None) -> str:
    if r is None:
        return "<mtd><mo>⋱</mo></mtd>" if c is None else "<mtd><mo>⋮</mo></mtd>"
    if c is None:
        return "<mtd><mo>⋯</mo></mtd>"
    row = value[r]
    return f"<mtd>{_number(row[c])}</mtd>" if c < len(row) else "<mtd></mtd>"


def _number(value: float) -> str:
    """A number as MathML: `3.1×10⁻¹⁷` written with a real superscript."""
    text = format_value(value)
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return f"<mn>{escape(text)}</mn>"
    power = exponent.lstrip("+").replace("−0", "−").lstrip("0") or "0"
    return (
        f"<mrow><mn>{escape(mantissa)}</mn><mo>×</mo><msup><mn>10</mn><mn>{escape(power)}</mn></msup></mrow>"
    )


def inner_mathml(math_html: str) -> str:
    """The content of a `<math ...>...</math>` element made by `latex_to_mathml`."""
    start = math_html.index(">") + 1
    return math_html[start : math_html.rindex("</math>")]
