"""The notebook reader: markdown cells through the Markdown reader, positions carrying the cell
number (among all cells) and the line inside the cell; bad JSON named by line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sources_checks import assert_true_positions, block_texts, blocks, directives, file_chars, spans

from mdcheck.document import Position
from mdcheck.sources import read_document, read_text


def notebook(cells: list[dict[str, Any]], nbformat: int = 4) -> str:
    return json.dumps({"nbformat": nbformat, "nbformat_minor": 5, "metadata": {}, "cells": cells}, indent=1)


def markdown(source: str | list[str], number: int) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": source, "id": f"m{number}"}


def code(source: str, number: int) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
        "id": f"c{number}",
    }


def test_markdown_cells_are_read_with_cell_positions(tmp_path: Path) -> None:
    cells = [
        code("x = 1  # $not math$\n", 1),
        markdown(["# Gradient of $f$\n", "\n", "$$\n", "d(x^T A x) = x^T (A + A^T) dx\n", "$$\n"], 2),
        {"cell_type": "raw", "metadata": {}, "source": "$$raw$$", "id": "r3"},
        markdown("Then \\(y\\) and <!-- mdcheck: x: n -->\n\n```derivation\na = b\n```", 4),
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook(cells), encoding="utf-8")
    document = read_document(str(path))
    assert (document.error, document.language) == (None, "notebook")
    assert block_texts(document) == ["d(x^T A x) = x^T (A + A^T) dx", "a = b"]
    assert [block.source.starts[0] for block in blocks(document)] == [Position(4, 1, 2), Position(4, 1, 4)]
    assert spans(document) == ["f", "y"]
    assert [(d.text, d.position) for d in directives(document)] == [("x: n", Position(1, 16, 4))]
    assert_true_positions(document, file_chars())


def test_read_text_reads_a_notebook() -> None:
    document = read_text(notebook([markdown("$$a = b$$", 1)]), "nb.ipynb", "notebook")
    assert block_texts(document) == ["a = b"]


def test_problems_carry_the_cell() -> None:
    document = read_text(notebook([code("", 1), markdown("ok\n\n$$\nopen", 2)]), "nb.ipynb", "notebook")
    assert [problem.position for problem in document.problems] == [Position(3, 1, 2)]


def test_a_version_3_notebook_is_converted() -> None:
    old = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["$$c = d$$"]}]}],
    }
    assert block_texts(read_text(json.dumps(old), "old.ipynb", "notebook")) == ["c = d"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n "cells": [\n  {"a": 1,}\n ]\n}\n', "line 3, column 11"),
        ("", "line 1, column 1"),
        ("[1, 2]", "not a Jupyter notebook"),
        ('{"nbformat": 4, "nbformat_minor": 2}', "not a Jupyter notebook"),
        ('{"nbformat": 99, "cells": []}', "not a Jupyter notebook"),
    ],
    ids=["broken-json", "empty", "json-list", "no-cells", "unknown-version"],
)
def test_bad_notebooks_give_an_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text(text, encoding="utf-8")
    document = read_document(str(path))
    assert document.error is not None and expected in document.error
    assert document.items == ()


def test_a_cell_whose_source_is_not_text_is_a_problem() -> None:
    document = read_text(notebook([markdown("$$a$$", 1), markdown(42, 2)]), "nb.ipynb", "notebook")  # type: ignore[arg-type]
    assert block_texts(document) == ["a"]
    assert [problem.position for problem in document.problems] == [Position(1, 1, 2)]
