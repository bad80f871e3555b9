"""The notebook reader: each markdown cell of a Jupyter notebook goes through the Markdown reader;
positions carry the cell (1-based among all cells, as ruff counts them) and the line in the
cell. Code and raw cells are not read."""

from __future__ import annotations

import json
from typing import Any

from mdcheck.document import Document, Item, Position, Problem
from mdcheck.sources.files import normalise_newlines, too_large
from mdcheck.sources.latex_macros import macros_in_math
from mdcheck.sources.markdown import math_texts, read_markdown


def read_notebook(text: str, path: str) -> Document:
    """Read notebook JSON `text` as the file `path`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        return Document(path, "notebook", error=f"not valid notebook JSON: {err.msg} at {where}")
    if not isinstance(data, dict):
        return Document(path, "notebook", error="not a Jupyter notebook: the JSON is not an object")
    cells = _notebook_cells(text)
    if isinstance(cells, str):
        return Document(path, "notebook", error=cells)
    sources = _markdown_sources(cells)
    large = too_large(sum(len(source) for source in sources.values() if source), what="markdown cells")
    if large is not None:
        return Document(path, "notebook", error=large)
    items: list[Item] = []
    problems: list[Problem] = []
    for number, source in sources.items():
        if source is None:
            problems.append(Problem("the cell's source is not text", Position(1, 1, number)))
            continue
        found = read_markdown(normalise_newlines(source), path, cell=number)
        items.extend(found.items)
        problems.extend(found.problems)
    macros = macros_in_math(math_texts(items))  # MathJax's: defined in one cell, used in all
    return Document(path, "notebook", tuple(items), tuple(problems), macros=macros)


def _markdown_sources(cells: list[Any]) -> dict[int, str | None]:
    """The source of each markdown cell by its number among all cells (None: not text)."""
    sources: dict[int, str | None] = {}
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        sources[number] = source if isinstance(source, str) else None
    return sources


def _notebook_cells(text: str) -> list[Any] | str:
    """The cells of a notebook (converted to format 4), or why it is not a notebook."""
    import nbformat

    try:
        notebook = nbformat.convert(nbformat.reader.reads(text), 4)
    except Exception as err:  # nbformat raises many kinds for JSON that is not a notebook
        return f"not a Jupyter notebook: {err}"
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return "not a Jupyter notebook: it has no list of cells"
    return cells
