"""The LaTeX reader: display environments and delimiters, prose with inline math, directives in
comments, skipped verbatim, followed \\input files, and broken LaTeX reported by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pylatexenc import latexwalker as lw
from sources_checks import assert_true_positions, block_texts, directives, kinds, spans

from mdcheck.document import Position, Prose
from mdcheck.sources import read_document, read_text
from mdcheck.sources.latex_context import latex_context
from mdcheck.sources.latex_parse import RunWalker

ENVIRONMENTS = ["equation", "align", "gather", "multline", "eqnarray", "displaymath", "flalign", "alignat"]


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", ENVIRONMENTS + [f"{e}*" for e in ENVIRONMENTS])
def test_display_environments_are_blocks_with_their_wrapper(tmp_path: Path, name: str) -> None:
    env = f"\\begin{{{name}}}\n  a &= b \\\\\n  &= c\n\\end{{{name}}}"
    document = read_document(write(tmp_path, "n.tex", f"Before $x$.\n{env}\nAfter.\n"))
    assert block_texts(document) == [env]
    assert_true_positions(document)


def test_delimited_display_math_keeps_the_inner_text(tmp_path: Path) -> None:
    text = "Start \\[ p = q \\] middle\n$$\n  r = s\n$$ and \\begin{math}t\\end{math}.\n"
    document = read_document(write(tmp_path, "d.tex", text))
    assert block_texts(document) == ["p = q", "r = s"]
    assert spans(document) == ["t"]
    assert_true_positions(document)


def test_prose_between_blocks_holds_its_inline_math(tmp_path: Path) -> None:
    text = (
        "\\section{Intro to $A^T$}\nLet $x \\in \\mathbb{R}^n$ and \\(y\\) be\ngiven.\n\n"
        "New paragraph \\textbf{with $z$}.\n\\begin{equation}w\\end{equation}\nTail $v$.\n"
    )
    document = read_document(write(tmp_path, "p.tex", text))
    prose = [item for item in document.items if isinstance(item, Prose)]
    assert (prose[0].text, prose[0].heading) == ("\\section{Intro to $A^T$}", 3)
    assert [p.text for p in prose if not p.heading] == [
        "Let $x \\in \\mathbb{R}^n$ and \\(y\\) be\ngiven.",
        "New paragraph \\textbf{with $z$}.",
        "Tail $v$.",
    ]
    assert spans(document) == ["A^T", "x \\in \\mathbb{R}^n", "y", "z", "v"]
    assert kinds(document) == ["Prose", "Prose", "Prose", "Block", "Prose"]
    assert_true_positions(document)


def test_comments_are_ignored_but_directives_are_kept() -> None:
    text = (
        "% $notmath$ \\begin{equation} x \\end{equation}\nText 50\\% $a$. % mdcheck: x: n\n% mdcheck: skip\n"
    )
    document = read_text(text, "c.tex", "latex")
    assert (block_texts(document), spans(document)) == ([], ["a"])
    assert [(d.text, d.position) for d in directives(document)] == [
        ("x: n", Position(2, 16)),
        ("skip", Position(3, 1)),
    ]


def test_verbatim_like_environments_and_verb_are_skipped() -> None:
    text = "\n".join(
        f"\\begin{{{env}}}{arg}\n$ \\begin{{align}} x\n\\end{{{env}}}"
        for env, arg in [
            ("verbatim", ""),
            ("lstlisting", "[language=Python]"),
            ("minted", "{python}"),
            ("comment", ""),
        ]
    )
    document = read_text(text + "\nSee \\verb|$x$| and $y$.\n", "v.tex", "latex")
    assert (block_texts(document), spans(document), document.problems) == ([], ["y"], ())


def test_macro_definitions_holding_half_an_environment_are_not_errors() -> None:
    text = (
        "\\newcommand{\\be}{\\begin{equation}}\n\\newcommand*\\ee{\\end{equation}}\n"
        "\\def\\ba#1{\\begin{align}#1}\n\\newenvironment{eq}[1][x]{\\begin{equation}}{\\end{equation}}\n"
        "\\DeclareMathOperator*{\\argmin}{arg\\,min}\nText $x$.\n\\begin{equation} a = b \\end{equation}\n"
    )
    document = read_text(text, "m.tex", "latex")
    assert document.problems == ()
    assert (block_texts(document), spans(document)) == (["\\begin{equation} a = b \\end{equation}"], ["x"])


def test_input_and_include_are_followed_with_true_positions(tmp_path: Path) -> None:
    main = write(
        tmp_path, "main.tex", "Main $m$.\n\\input{parts/one}\nBetween.\n\\include{parts/two.tex}\nEnd $e$.\n"
    )
    write(tmp_path, "parts/one.tex", "One $o$.\n\\[ a = b \\]\n\\input{deeper}\n")
    write(tmp_path, "parts/deeper.tex", "  \\begin{align}\n  c &= d\n  \\end{align}\n")
    write(tmp_path, "parts/two.tex", "Two\n$$f = g$$\n")
    document = read_document(main)
    assert document.problems == ()
    assert block_texts(document) == ["a = b", "\\begin{align}\n  c &= d\n  \\end{align}", "f = g"]
    assert spans(document) == ["m", "o", "e"]
    paths = [Path(item.source.path).name for item in document.items if not hasattr(item, "position")]
    assert paths == [
        "main.tex",
        "one.tex",
        "one.tex",
        "deeper.tex",
        "main.tex",
        "two.tex",
        "two.tex",
        "main.tex",
    ]
    assert_true_positions(document)


def test_missing_and_cyclic_inputs_are_problems_at_the_input_line(tmp_path: Path) -> None:
    main = write(tmp_path, "main.tex", "A $a$.\n\\input{nowhere}\n\\input{loop}\nB $b$.\n")
    write(tmp_path, "loop.tex", "Loop $l$.\n\\input{main}\n")
    document = read_document(main)
    assert [problem.position for problem in document.problems] == [Position(2, 1), Position(3, 1)]
    assert "nowhere" in document.problems[0].message
    assert "cycle" in document.problems[1].message
    assert spans(document) == ["a", "l", "b"]


def test_an_unreadable_included_file_is_a_problem(tmp_path: Path) -> None:
    main = write(tmp_path, "main.tex", "\\input{bad}\nok $k$\n")
    (tmp_path / "bad.tex").write_bytes(b"caf\xe9 $x$\n")
    document = read_document(main)
    assert [problem.position for problem in document.problems] == [Position(1, 1)]
    assert "UTF-8" in document.problems[0].message
    assert spans(document) == ["k"]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("A $a$.\n\\begin{align}\nx &= y\n\nB $b$.\n\\begin{equation}\nz\n\\end{equation}\n", [2]),
        ("A $a$ { open\n\nB $b$.\n\\begin{equation}\nz\n\\end{equation}\n", [1]),
        ("A $a$ } close\n\nB $b$.\n\\begin{equation}\nz\n\\end{equation}\n", [1]),
        ("A $a$ \\end{align}\nB $b$.\n\\begin{equation}\nz\n\\end{equation}\n", [1]),
        ("A $a$ and $ open\n\nB $b$.\n\\begin{equation}\nz\n\\end{equation}\n", [1]),
        ("A $a$.\n\\begin{align} x \\end{gather}\nB $b$.\n\\begin{equation}\nz\n\\end{equation}\n", [2, 2]),
    ],
    ids=["unclosed-environment", "open-brace", "stray-brace", "stray-end", "open-dollar", "mismatched-end"],
)
def test_broken_latex_is_reported_by_line_and_the_rest_is_read(text: str, lines: list[int]) -> None:
    document = read_text(text, "broken.tex", "latex")
    assert [problem.position.line for problem in document.problems if problem.position] == lines
    assert all(
        f"line {line}" in problem.message for line, problem in zip(lines, document.problems, strict=True)
    )
    assert "a" in spans(document) and "b" in spans(document)
    assert block_texts(document) == ["\\begin{equation}\nz\n\\end{equation}"]


def test_crlf_positions(tmp_path: Path) -> None:
    path = tmp_path / "crlf.tex"
    path.write_bytes(b"Text $a$\r\n\\begin{align}\r\n  b &= c\r\n\\end{align}\r\n")
    document = read_document(str(path))
    assert block_texts(document) == ["\\begin{align}\n  b &= c\n\\end{align}"]
    assert_true_positions(document)


def _shape(nodes: list) -> list[tuple[str, int, int]]:
    found = []
    for node in nodes:
        if node is not None:
            found.append((type(node).__name__, node.pos, node.len))
            found.extend(_shape(getattr(node, "nodelist", None) or []))
    return found


def test_run_walker_gives_the_same_nodes_as_pylatexenc() -> None:
    text = (
        "\\documentclass{article} % c\n\\begin{document}\nWords, more words [opt] x^2_i & y ~ z.\n\n"
        "$a + b$ \\(c\\) \\[d\\] $$e$$ {\\bf g} \\verb|$h$| \\\\ \\% 50\n"
        "\\begin{align}\nx &= \\frac{1}{2}\\left[ y \\right] \\\\\n\\end{align}\n\\end{document}\n"
    )
    plain = lw.LatexWalker(text, latex_context=latex_context(), tolerant_parsing=True).get_latex_nodes()[0]
    runs = RunWalker(text, latex_context=latex_context(), tolerant_parsing=True).get_latex_nodes()[0]
    assert _shape(runs) == _shape(plain)


def test_sectioning_commands_are_headings_by_level() -> None:
    text = "\\chapter{One}\n\\section[Short]{Two $t$}\n\\subsection*{Three}\nBody $b$.\n"
    document = read_text(text, "h.tex", "latex")
    prose = [item for item in document.items if isinstance(item, Prose)]
    assert [(p.text, p.heading) for p in prose] == [
        ("\\chapter{One}", 2),
        ("\\section[Short]{Two $t$}", 3),
        ("\\subsection*{Three}", 4),
        ("Body $b$.", 0),
    ]
    assert spans(document) == ["t", "b"]
