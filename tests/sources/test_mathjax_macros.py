"""Macros Markdown notes and notebooks define inside their math for MathJax
(`$$\\newcommand{\\R}{\\mathbb{R}}$$`) are expanded in the math of the whole document."""

from __future__ import annotations

import json
from pathlib import Path

from mdcheck.api import check_file
from mdcheck.sources import read_document
from mdcheck.sources.latex_macros import macros_in_math

MACROS = (
    "$$\\newcommand{\\R}{\\mathbb{R}} \\newcommand{\\vx}{\\mathbf{x}} \\DeclareMathOperator{\\tr}{tr}"
    " \\def\\inv#1{#1^{-1}}$$\n\n"
)
NOTE = (
    "Let $A \\in \\R^{n \\times n}$ be symmetric and $\\vx \\in \\R^n$.\n\n"
    "$$ \\nabla_{\\vx} (\\vx^T A \\vx) = 2 A \\vx $$\n\n"
    "$$ \\tr(A \\vx \\vx^T) = \\vx^T A \\vx $$\n\n"
    "$$ \\inv{(A^T)} = (\\inv{A})^T $$\n\n"
    "$$ \\nabla_{\\vx} (\\vx^T A \\vx) = A \\vx $$\n"
)


def _statuses(path: Path) -> list[tuple[int, str]]:
    return [(s.line, s.status) for s in check_file(str(path)).steps]


def test_macros_defined_in_display_math_are_expanded_in_a_markdown_note(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(MACROS + NOTE)
    assert _statuses(note) == [(5, "ok"), (7, "ok"), (9, "ok"), (11, "broken")]


def test_without_the_definitions_the_same_steps_do_not_parse(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(NOTE)
    assert {s.kind for s in check_file(str(note)).steps} == {"parse-error"}


def test_a_notebook_cell_defines_macros_for_the_later_cells(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": MACROS, "id": "a"},
        {
            "cell_type": "code",
            "metadata": {},
            "source": "x = 1",
            "outputs": [],
            "execution_count": None,
            "id": "b",
        },
        {"cell_type": "markdown", "metadata": {}, "source": NOTE, "id": "c"},
    ]
    path = tmp_path / "note.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    steps = check_file(str(path)).steps
    assert [(s.position.cell, s.status) for s in steps] == [(3, "ok"), (3, "ok"), (3, "ok"), (3, "broken")]


def test_inline_definitions_count_and_a_later_one_wins(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("Notation: $\\newcommand{\\x}{\\mathbf{y}}$ and $\\renewcommand{\\x}{\\mathbf{x}}$.\n")
    assert read_document(str(note)).macros == (("\\x", 0, "\\mathbf{x}"),)


def test_macros_in_math_reads_each_kind_of_definition() -> None:
    found = macros_in_math(
        ["\\newcommand{\\R}{\\mathbb{R}}", "a = b", "\\def\\inv#1{#1^{-1}} \\DeclareMathOperator{\\tr}{tr}"]
    )
    assert found == (
        ("\\R", 0, "\\mathbb{R}"),
        ("\\inv", 1, "#1^{-1}"),
        ("\\tr", 0, "\\operatorname{tr}"),
    )
