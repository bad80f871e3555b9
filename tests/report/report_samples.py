"""Hand-built runs for the report tests, standing in for the engine: a Markdown note (ok, broken with
evidence and a counterexample, unchecked for several reasons, a `\\begin{aligned}` block, hostile
text), a LaTeX note, a notebook, a file that could not be read, and input problems. Positions are
computed from the note texts, so the notes can also be written to disk for the annotated report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mdcheck.document import Position, Problem
from mdcheck.verdicts import (
    BlockReport,
    Counterexample,
    Evidence,
    FileReport,
    RunReport,
    StepVerdict,
    Value,
)

MARKDOWN_PATH = "notes/week3.md"
LATEX_PATH = "notes/lecture.tex"
NOTEBOOK_PATH = "notebooks/gradients.ipynb"
MISSING_PATH = "notes/missing.md"

# Hostile text a note could hold: it must show as text and never run or break the page.
SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
HOSTILE_LATEX = r"\text{" + SCRIPT + r'} + \text{</math>"q" ' + "'a'" + r" \& é∂} = y"

MARKDOWN_NOTE = (
    "# Differentials of products\n"
    "\n"
    "<!-- mdcheck: asume A symmetric -->\n"
    "The product rule keeps the order of the factors:\n"
    "\n"
    "$$\n"
    "\\begin{aligned}\n"
    "d(XY) &= dX\\,Y + X\\,dY \\\\\n"
    "      &= dX\\,Y + dY\\,X\n"
    "\\end{aligned}\n"
    "$$\n"
    "For a quadratic form with symmetric $A$:\n"
    "\n"
    "$$\n"
    "d(x^\\top A x) = dx^\\top A x + x^\\top A\\,dx = 2x^\\top A\\,dx\n"
    "$$\n"
    "\n"
    "- Things mdcheck cannot decide, in a list:\n"
    "\n"
    "  $$\n"
    "  \\nabla_x f = \\sum_i \\partial_i f \\, e_i \\approx g\n"
    "  $$\n"
    "- and a condition $\\nabla f(x^\\star) = 0$ at the optimum.\n"
    "\n"
    "$$\n" + HOSTILE_LATEX + "\n"
    "$$\n"
    "\n"
    "Last words.\n"
)

LATEX_NOTE = (
    "\\documentclass{article}\n"
    "\\usepackage{amsmath}\n"
    "\\begin{document}\n"
    "% mdcheck: assume A symmetric\n"
    "\\begin{align}\n"
    "  \\frac{\\partial}{\\partial x} x^\\top A x &= 2 A x \\\\\n"
    "  \\frac{\\partial}{\\partial x} a^\\top x &= a^\\top\n"
    "\\end{align}\n"
    "Then $W x + b = W^\\top x$ makes no sense.\n"
    "\\end{document}\n"
)

NOTEBOOK_CELLS = (
    ("markdown", "# Gradients\n"),
    ("code", "import numpy as np\n"),
    ("markdown", "The gradient of the trace:\n\n$$\n\\nabla_X \\operatorname{tr}(AX) = A\n$$\nDone.\n"),
)


def position(text: str, marker: str, offset: int = 0, cell: int | None = None) -> Position:
    """The 1-based position of character `offset` of the first `marker` in `text`."""
    at = text.index(marker) + offset
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Position(line, column, cell)


def matrix(*rows: tuple[float, ...]) -> Value:
    return tuple(tuple(float(x) for x in row) for row in rows)


def _step(
    path: str, where: Position, block: int, lhs: str, rhs: str, status: str, kind: str, **extra: object
) -> StepVerdict:
    relation = str(extra.pop("relation", "="))
    return StepVerdict(where, path, block, relation, lhs, rhs, status, kind, **extra)  # type: ignore[arg-type]


def _held(draws: int = 3, assumptions: tuple[str, ...] = (), error: float = 2.2e-16) -> Evidence:
    return Evidence((("n", 3),), assumptions, draws, 0, (error,) * draws)


def _md(marker: str, offset: int = 0) -> Position:
    return position(MARKDOWN_NOTE, marker, offset)


def _md_step(
    where: Position, block: int, lhs: str, rhs: str, status: str, kind: str, **extra: object
) -> StepVerdict:
    return _step(MARKDOWN_PATH, where, block, lhs, rhs, status, kind, **extra)


def _md_block(index: int, kind: str, latex: str, steps: tuple[StepVerdict, ...]) -> BlockReport:
    return BlockReport(index, kind, latex, _md(latex), None, steps)


def _counterexample() -> Counterexample:
    return Counterexample(
        sizes=(("n", 2),),
        values=(
            ("X", matrix((0.5, -1.25), (2.0, 0.75))),
            ("Y", matrix((1.0, 0.0), (-0.5, 3.0))),
            ("dX", matrix((0.1, 0.2), (0.0, -0.3))),
            ("dY", matrix((-0.2, 0.4), (0.6, 1e-17))),
        ),
        lhs=matrix((0.31, -0.62), (1.05, 2.4)),
        rhs=matrix((-0.12, 0.9), (0.44, -1.7)),
        rel_error=0.91,
    )


def _aligned_block() -> BlockReport:
    """The product rule in `aligned`: one step holds, the next swaps the factors of X dY."""
    broken_evidence = Evidence((("n", 3),), (), 3, 3, (0.87, 0.8, 0.91), _counterexample())
    latex = "\\begin{aligned}\nd(XY) &= dX\\,Y + X\\,dY \\\\\n      &= dX\\,Y + dY\\,X\n\\end{aligned}"
    held = _md_step(_md("&= dX\\,Y + X", 1), 0, "d(XY)", "dX\\,Y + X\\,dY", "ok", "ok",
                    max_rel_error=2.2e-16, evidence=_held())  # fmt: skip
    swapped = _md_step(
        _md("&= dX\\,Y + dY", 1), 0, "dX\\,Y + X\\,dY", "dX\\,Y + dY\\,X", "broken", "broken",
        reason="the two sides differ on every draw", max_rel_error=0.91,
        meaning=("dX*Y + X*dY", "dX*Y + dY*X"), evidence=broken_evidence,
    )  # fmt: skip
    return BlockReport(0, "display", latex, _md("\\begin{aligned}"), _md("\\end{aligned}"), (held, swapped))


def _quadratic_block() -> BlockReport:
    line = "d(x^\\top A x) = dx^\\top A x + x^\\top A\\,dx = 2x^\\top A\\,dx"
    symmetric = _held(assumptions=("A symmetric",))
    steps = (
        _md_step(_md(") = dx", 2), 1, "d(x^\\top A x)", "dx^\\top A x + x^\\top A\\,dx", "ok", "ok",
                 max_rel_error=1.1e-16, evidence=symmetric),
        _md_step(_md("dx = 2x", 3), 1, "dx^\\top A x + x^\\top A\\,dx", "2x^\\top A\\,dx", "ok", "ok",
                 max_rel_error=3.3e-16, evidence=symmetric, reading="x is a column vector"),
    )  # fmt: skip
    return _md_block(1, "display", line, steps)


def _undecided_blocks() -> tuple[BlockReport, ...]:
    """Unchecked for three reasons: index notation, an approximation, a condition."""
    line = "\\nabla_x f = \\sum_i \\partial_i f \\, e_i \\approx g"
    sums = "\\sum_i \\partial_i f \\, e_i"
    steps = (
        _md_step(_md("f = \\sum", 2), 2, "\\nabla_x f", sums, "unchecked", "unsupported",
                 reason="index notation (\\sum_i with \\partial_i) is not evaluated"),
        _md_step(_md("\\approx g"), 2, sums, "g", "unchecked", "not-an-identity", relation="\\approx",
                 reason="an approximation is reported, not checked"),
    )  # fmt: skip
    optimum = _md_step(_md(") = 0", 2), 3, "\\nabla f(x^\\star)", "0", "unchecked", "condition",
                       reason="holds only at x^\\star (an optimum), not for every x")  # fmt: skip
    return (
        _md_block(2, "display", line, steps),
        _md_block(3, "inline", "\\nabla f(x^\\star) = 0", (optimum,)),
    )


def _hostile_block() -> BlockReport:
    lhs = HOSTILE_LATEX.rsplit(" = ", 1)[0]
    step = _md_step(_md("} = y", 2), 4, lhs, "y", "unchecked", "parse-error",
                    reason=f"unknown command near \"{SCRIPT}\" & 'quotes' at column 7")  # fmt: skip
    return _md_block(4, "display", HOSTILE_LATEX, (step,))


def _markdown_file() -> FileReport:
    blocks = (_aligned_block(), _quadratic_block(), *_undecided_blocks(), _hostile_block())
    problems = (Problem("unknown directive 'asume' (did you mean 'assume'?)", _md("<!-- mdcheck")),)
    return FileReport(MARKDOWN_PATH, blocks, problems, None, 0.12)


def _latex_file() -> FileReport:
    text, p = LATEX_NOTE, LATEX_PATH
    align = BlockReport(
        0,
        "display",
        "\\begin{align}\n  \\frac{\\partial}{\\partial x} x^\\top A x &= 2 A x \\\\\n"
        "  \\frac{\\partial}{\\partial x} a^\\top x &= a^\\top\n\\end{align}",
        position(text, "\\begin{align}"),
        position(text, "\\end{align}"),
        (
            _step(
                p,
                position(text, "&= 2 A x", 1),
                0,
                "\\frac{\\partial}{\\partial x} x^\\top A x",
                "2 A x",
                "ok",
                "ok",
                max_rel_error=4e-16,
                evidence=_held(assumptions=("A symmetric",)),
            ),
            _step(
                p,
                position(text, "&= a^\\top", 1),
                0,
                "\\frac{\\partial}{\\partial x} a^\\top x",
                "a^\\top",
                "broken",
                "wrong-layout",
                reason="holds in numerator layout; these notes use denominator layout",
                max_rel_error=1.0,
                evidence=Evidence((("n", 3),), (), 3, 3, (1.0, 1.0, 1.0)),
            ),
        ),
    )
    inline = BlockReport(
        1,
        "inline",
        "W x + b = W^\\top x",
        position(text, "W x + b"),
        None,
        (
            _step(
                p,
                position(text, "b = W", 2),
                1,
                "W x + b",
                "W^\\top x",
                "broken",
                "shape-error",
                reason="W^\\top x needs W^\\top (n×m) times x (n×1): n ≠ m",
            ),
        ),
    )
    return FileReport(p, (align, inline), (), None, 0.05)


def notebook_json() -> str:
    cells: list[dict[str, object]] = []
    for kind, source in NOTEBOOK_CELLS:
        cell: dict[str, object] = {
            "cell_type": kind,
            "id": f"c{len(cells)}",
            "metadata": {},
            "source": source.splitlines(keepends=True),
        }
        if kind == "code":
            cell |= {"execution_count": None, "outputs": []}
        cells.append(cell)
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1) + "\n"


def _notebook_file() -> FileReport:
    source = NOTEBOOK_CELLS[2][1]
    block = BlockReport(
        0,
        "display",
        "\\nabla_X \\operatorname{tr}(AX) = A",
        position(source, "\\nabla_X", cell=3),
        None,
        (
            _step(
                NOTEBOOK_PATH,
                position(source, ") = A", 2, cell=3),
                0,
                "\\nabla_X \\operatorname{tr}(AX)",
                "A",
                "broken",
                "wrong-layout",
                reason="the gradient of tr(AX) is A^T in denominator layout",
                max_rel_error=1.4,
                evidence=Evidence((("n", 2),), (), 3, 3, (1.4, 1.2, 1.3)),
            ),
        ),
    )
    return FileReport(NOTEBOOK_PATH, (block,), (), None, 0.03)


def build_run() -> RunReport:
    missing = FileReport(MISSING_PATH, error="cannot read the file: No such file or directory")
    files = (_markdown_file(), _latex_file(), _notebook_file(), missing)
    return RunReport(version="0.3.0", seed=0, files=files, seconds=0.41)


@dataclass(frozen=True)
class NotesOnDisk:
    """The notes of `build_run()` written under `root` (the working directory during the test)."""

    root: Path
    report: RunReport
