"""The Markdown reader: which math it finds, what text it keeps, and that every character it
hands on points back at the same character of the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sources_checks import assert_true_positions, block_texts, blocks, directives, kinds, spans

from mdcheck.document import Position, Prose
from mdcheck.sources import read_document, read_text

# (id, markdown, display blocks, inline math spans)
CASES = [
    ("dollar-one-line", "Text.\n\n$$a = b$$\n", ["a = b"], []),
    ("dollar-lines", "$$\nd(XY) = dX\\,Y\n  + X\\,dY\n$$\n", ["d(XY) = dX\\,Y\n  + X\\,dY"], []),
    (
        "dollar-text-after-open",
        "$$\\begin{aligned}\na &= b \\\\\n&= c\n\\end{aligned}$$\n",
        ["\\begin{aligned}\na &= b \\\\\n&= c\n\\end{aligned}"],
        [],
    ),
    ("dollar-interrupts-paragraph", "A bullet:\n$$x = y$$\nmore\n", ["x = y"], []),
    ("dollar-label", "$$ a = b $$ (eq1)\n\n$$\nc = d\n$$ {#eq-d}\n", ["a = b", "c = d"], []),
    ("dollar-inside-paragraph", "so $$u = v$$ holds, with $w$\n", ["u = v"], ["w"]),
    ("brackets", "\\[ p = q \\]\n\nand \\(r\\) and\n\\[\ns = t\n\\]\n", ["p = q", "s = t"], ["r"]),
    (
        "amsmath",
        "Intro\n\\begin{align}\nx &= y \\\\\n  &= z\n\\end{align}\n",
        ["\\begin{align}\nx &= y \\\\\n  &= z\n\\end{align}"],
        [],
    ),
    (
        "amsmath-starred",
        "\\begin{equation*} e = f \\end{equation*}\n",
        ["\\begin{equation*} e = f \\end{equation*}"],
        [],
    ),
    ("math-fence", "```math\ng = h\n```\n", ["g = h"], []),
    ("other-fences-ignored", "```python\nx = '$a$'\n```\n\n~~~\n$$b$$\n~~~\n", [], []),
    ("indented-code-ignored", "Para.\n\n    $$c = d$$\n", [], []),
    ("inline-code-ignored", "Use `$x$` or ``$$y$$`` but $z$.\n", [], ["z"]),
    ("html-comment-ignored", "Before <!-- $a$ and $$b$$ --> after $c$.\n\n<!--\n$$d$$\n-->\n", [], ["c"]),
    ("escaped-dollar-is-a-price", "It costs \\$50 and $x$ is math.\n", [], ["x"]),
    ("price-pairs-are-not-math", "Between $5 and $10 today.\n", [], []),
    ("odd-spacing", "A  $ f(x) $  and $g$ .\n", [], [" f(x) ", "g"]),
    ("math-in-emphasis", "**Step 1: find $\\frac{a}{b}$** and *$c_1$*\n", [], ["\\frac{a}{b}", "c_1"]),
    ("math-over-lines", "A span $a +\nb$ over lines.\n", [], ["a +\nb"]),
    ("heading", "## Case $n = 1$ ##\n", [], ["n = 1"]),
    ("tabs-in-line", "Scalar\t$ds = a dt$\t$du = v ds$\n", [], ["ds = a dt", "du = v ds"]),
    (
        "line-starting-with-space",
        " $\\begin{array}{c} 1 \\end{array}$\n",
        [],
        ["\\begin{array}{c} 1 \\end{array}"],
    ),
    ("table", "| a | b |\n|---|---|\n| $\\|x\\|$ | c\\|$d$ |\n", [], ["\\|x\\|", "d"]),
    ("blockquote", "> Quote $q$\n> $$\n> a = b\n> $$\n", ["a = b"], ["q"]),
    ("list-item", "- item $i$\n\n  $$\n  j = k\n  $$\n- next\n  continued $l$\n", ["j = k"], ["i", "l"]),
    ("nested", "> - deep $m$\n>   $$n = o$$\n", ["n = o"], ["m"]),
    ("tab-indented-continuation", "- item\n\tcontinued $t$\n", [], ["t"]),
    ("empty-math-skipped", "$$ $$\n\n$$\n$$\n", [], []),
    ("front-matter", "---\ntitle: $not math$\n---\n\n$y$\n", [], ["y"]),
]


@pytest.mark.parametrize(
    ("source", "expected_blocks", "expected_spans"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_finds_the_math(
    tmp_path: Path, source: str, expected_blocks: list[str], expected_spans: list[str]
) -> None:
    path = tmp_path / "note.md"
    path.write_text(source, encoding="utf-8")
    document = read_document(str(path))
    assert document.error is None
    assert block_texts(document) == expected_blocks
    assert spans(document) == expected_spans
    assert_true_positions(document)


def test_positions_are_exact_with_crlf_and_bom(tmp_path: Path) -> None:
    source = "\ufeffIntro $a$\r\n\r\n> $$\r\n> b = c\r\n> $$\r\n\r\n- $d$ and\r\n  $$e$$\r\n"
    path = tmp_path / "crlf.md"
    path.write_bytes(source.encode("utf-8"))
    document = read_document(str(path))
    assert block_texts(document) == ["b = c", "e"]
    assert spans(document) == ["a", "d"]
    assert assert_true_positions(document) == len("b = c") + len("ea" + "d")
    assert blocks(document)[0].source.starts == (Position(4, 3),)


def test_block_end_is_just_after_the_closing_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "end.md"
    path.write_text("$$\nx\n$$ tail\n\n> \\[ y \\]\n\n```math\nz\n```\n", encoding="utf-8")
    ends = [block.end for block in blocks(read_document(str(path)))]
    assert ends == [Position(3, 3), Position(5, 10), Position(9, 4)]


def test_derivation_fence_is_the_explicit_opt_in() -> None:
    document = read_text("```derivation\nd(x^T x) = 2x^T dx\n```\n\n$$a$$\n")
    assert [block.kind for block in blocks(document)] == ["derivation", "display"]


def test_directives_in_comments_own_line_and_inline() -> None:
    text = "<!-- mdcheck: assume A symmetric -->\nText <!-- mdcheck: x: n --> more.\n\n<!-- a note -->\n"
    document = read_text(text, "n.md")
    assert [(d.text, d.position) for d in directives(document)] == [
        ("assume A symmetric", Position(1, 1)),
        ("x: n", Position(2, 6)),
    ]


def test_directive_in_a_list_and_in_a_code_block() -> None:
    document = read_text("- a\n  <!-- mdcheck: skip -->\n\n```\n<!-- mdcheck: no -->\n```\n")
    assert [(d.text, d.position) for d in directives(document)] == [("skip", Position(2, 3))]


def test_items_come_in_reading_order() -> None:
    text = "<!-- mdcheck: skip -->\nSee $a$ and\n\n$$b$$\n\nthen $$c$$ and <!-- mdcheck: x: n -->\n"
    document = read_text(text)
    assert kinds(document) == ["Directive", "Prose", "Block", "Prose", "Block", "Directive"]


def test_prose_keeps_the_source_text_of_its_paragraph() -> None:
    document = read_text("> First line $x$\n> second *line*.\n")
    (prose,) = [item for item in document.items if isinstance(item, Prose)]
    assert prose.text == "First line $x$\nsecond *line*."
    assert prose.source.starts == (Position(1, 3), Position(2, 3))


def test_unknown_extension_is_read_as_markdown(tmp_path: Path) -> None:
    for name in ("notes.txt", "notes.qmd", "notes.Rmd", "notes.markdown", "notes"):
        path = tmp_path / name
        path.write_text("$$x = y$$\n", encoding="utf-8")
        document = read_document(str(path))
        assert (document.language, block_texts(document)) == ("markdown", ["x = y"])


def test_headings_carry_their_level() -> None:
    document = read_text("# Part $A$\n\nText $x$.\n\nSetext $B$\n---\n")
    prose = [item for item in document.items if isinstance(item, Prose)]
    expected = [("Part $A$", 1), ("Text $x$.", 0), ("Setext $B$", 2)]
    assert [(p.text, p.heading) for p in prose] == expected
