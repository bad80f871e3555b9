"""LaTeX to MathML for the HTML report: the environments latex2mathml gets wrong are rewritten, what
it cannot convert falls back to escaped source, and nothing from the note gets out as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from mdcheck.report.html_math import format_value, latex_to_mathml, matrix_mathml, prepare, value_mathml

MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "munder",
    "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr", "mtd", "mpadded",
    "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none",
}  # fmt: skip


class _Elements(HTMLParser):
    """Every start tag with its attributes, and every text run, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize(
    ("latex", "rows"),
    [
        (r"\begin{aligned} d(XY) &= dX\,Y + X\,dY \\ &= dX\,Y + dY\,X \end{aligned}", 2),
        (r"\begin{alignedat}{2} a &= b &\quad c &= d \\ e &= f & g &= h \end{alignedat}", 2),
        (r"\begin{gathered} a = b \\ c = d \\ e = f \end{gathered}", 3),
        (r"\begin{equation}\begin{split} a &= b \\ &= c \end{split}\label{eq:1}\end{equation}", 2),
        (r"a &= b \\[4pt] &= c", 2),  # rows with no environment around them
    ],
)
def test_multiline_environments_become_tables_with_one_row_per_line(latex: str, rows: int) -> None:
    rendered = latex_to_mathml(latex, display=True)
    tags = [tag for tag, _ in parse(rendered.html).tags]
    assert rendered.exact
    assert tags.count("mtr") == rows
    assert "&" not in "".join(parse(rendered.html).text)  # no alignment mark left as a symbol
    assert "label" not in rendered.html and "4pt" not in rendered.html


def test_prepare_keeps_environments_latex2mathml_renders_itself() -> None:
    for latex in (r"\begin{pmatrix} 1 & 2 \end{pmatrix}", r"\begin{cases} 1 & x > 0 \end{cases}"):
        assert prepare(latex) == latex


@pytest.mark.parametrize(
    "latex",
    [
        r"\operatorname{tr}(A^\top X^{-1} B) = \langle A, X^{-\top} B \rangle",
        r"\frac{\partial f}{\partial X} = (A + A^\top) x",
        r"\|x\|_2^2 = x^\top x",
        r"\mathrm{d}\,\log\det X = \operatorname{tr}(X^{-1}\,\mathrm{d}X)",
        r"\mathsf{vec}(AXB) = (B^\top \otimes A)\,\mathsf{vec}(X)",
        r"\nabla_x \mathcal{L} = \mathbf{A}^{\mathsf T}\boldsymbol{\lambda} \odot \mathbb{R}^{n\times m}",
        r"\left( \sum_{i=1}^n x_i \right) \bigl[ y \bigr]",
    ],
)
def test_everyday_notation_renders_exactly(latex: str) -> None:
    rendered = latex_to_mathml(latex)
    assert rendered.exact, rendered
    assert {tag for tag, _ in parse(rendered.html).tags} <= MATHML_TAGS


@pytest.mark.parametrize("latex", [r"\frac{a}{", r"\left( x", r"x^"])
def test_what_cannot_be_converted_is_shown_as_escaped_source(latex: str) -> None:
    rendered = latex_to_mathml(latex, display=True)
    assert not rendered.exact and rendered.failure
    parsed = parse(rendered.html)
    assert [tag for tag, _ in parsed.tags] == ["code"]
    assert "".join(parsed.text) == latex


def test_unknown_commands_are_named_and_marked() -> None:
    rendered = latex_to_mathml(r"\tr(A) + \R^n = \myop")
    assert not rendered.exact and not rendered.failure
    assert rendered.unknown == (r"\tr", r"\R", r"\myop")
    marked = [attrs for tag, attrs in parse(rendered.html).tags if attrs.get("class") == "unknown"]
    assert len(marked) == 3


@pytest.mark.parametrize(
    "latex",
    [
        r"</math><script>alert(1)</script>",
        r"\text{<script>alert(1)</script>} & \"'",
        r"\text{</mtext></math><img src=x onerror=alert(1)>}",
        r'\color{red" onmouseover="alert(1)} x',
        r"\mathrm{<style>*{display:none}</style>}",
    ],
)
def test_nothing_from_the_note_becomes_markup(latex: str) -> None:
    rendered = latex_to_mathml(latex, display=True)
    parsed = parse(rendered.html)
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= MATHML_TAGS | {"code"}
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert not re.search(r"<(script|img|style)", rendered.html, re.IGNORECASE)


def test_numbers_are_short_with_true_minus_signs() -> None:
    assert format_value(-1.25) == "−1.25"
    assert format_value(-0.0) == "0"
    assert format_value(0.123456789) == "0.1235"
    assert format_value(float("nan")) == "NaN"
    assert format_value(float("-inf")) == "−∞"


def test_a_matrix_is_a_bracketed_table_and_a_scalar_a_number() -> None:
    value = ((1.0, -2.0, 3.0), (4.0, 5.0, 6e-20))
    tags = [tag for tag, _ in parse(matrix_mathml(value)).tags]
    assert tags.count("mtr") == 2 and tags.count("mtd") == 6
    assert "msup" in tags  # 6e-20 as 6×10⁻²⁰
    assert [tag for tag, _ in parse(matrix_mathml(((0.5,),))).tags] == ["mn"]


def test_a_big_matrix_is_cut_with_ellipses() -> None:
    value = tuple(tuple(float(10 * i + j) for j in range(9)) for i in range(9))
    parsed = parse(matrix_mathml(value))
    assert [tag for tag, _ in parsed.tags].count("mtr") == 6
    text = "".join(parsed.text)
    assert "⋯" in text and "⋮" in text and "⋱" in text
    assert "88" in text and "44" not in text  # the last entry is kept, the middle is cut


def test_a_named_value_renders_its_name_as_math() -> None:
    html = value_mathml(r"\Sigma", ((1.0, 0.0), (0.0, 1.0)))
    parsed = parse(html)
    assert parsed.tags[0][0] == "math"
    assert "Σ" in "".join(parsed.text)
