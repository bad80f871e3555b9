"""Reading a Markdown note must stay cheap: no notebook or LaTeX library is imported for it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("nbformat", "pylatexenc", "pathspec")


def loaded_after(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return [name for name in json.loads(output.splitlines()[-1]) if name.split(".")[0] in HEAVY]


def test_importing_the_sources_imports_no_reader_library() -> None:
    assert loaded_after("import mdcheck.sources") == []


def test_reading_markdown_imports_no_latex_or_notebook_library(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Note\n\n$$d(x^T x) = 2 x^T dx$$\n", encoding="utf-8")
    code = f"from mdcheck.sources import read_document\nassert read_document({json.dumps(str(note))}).items"
    assert loaded_after(code) == []


def test_discovering_named_files_does_not_import_pathspec(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("$$a$$\n", encoding="utf-8")
    code = f"from mdcheck.sources.discovery import discover\nassert discover([{json.dumps(str(note))}]).files"
    assert loaded_after(code) == []
