"""Whole notes written to hunt false alarms, kept as a regression corpus: no correct step of any of
them may be called broken, and no planted mistake may be called ok.

Each folder under tests/data/corpora/ holds Markdown or LaTeX notes and a `mistakes.json`:

    {"planted": {"03-ridge.md": [14, 22]},
     "excused": {"07-layout.md": {"18": "holds in denominator layout; the note never says which"}}}

`planted` lists, per note, the lines (1-based, the line of the relation sign) of the mistakes put
there on purpose; `excused` lists planted mistakes that may be reported ok, each with the reason.

Notebooks (`.ipynb`) are read too. mdcheck reports a notebook step by its cell (counted from 1 among
all cells, code cells included) and the line inside that cell (`Position.cell`, `Position.line`), so
a notebook step is keyed in `mistakes.json` by the string `"cell:line"`, e.g. `"3:7"` for line 7 of
cell 3; a step of any other note is keyed by its line number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mdcheck.api import check_file
from mdcheck.options import CheckOptions

CORPORA = Path(__file__).resolve().parent.parent / "data" / "corpora"
NOTE_SUFFIXES = {".md", ".tex", ".markdown", ".ipynb"}


def corpus_dirs() -> list[Path]:
    return sorted(p for p in CORPORA.iterdir() if (p / "mistakes.json").is_file())


def step_key(line: int, cell: int | None) -> str:
    """How a step's place is written in mistakes.json: `"cell:line"` in a notebook, else the line."""
    return str(line) if cell is None else f"{cell}:{line}"


def verdict_lines(folder: Path) -> dict[tuple[str, str], set[str]]:
    """The statuses reported on each (note, line) of a corpus."""
    found: dict[tuple[str, str], set[str]] = {}
    for note in sorted(folder.iterdir()):
        if note.suffix not in NOTE_SUFFIXES:
            continue
        report = check_file(str(note), options=CheckOptions())
        assert report.error is None, f"{note.name}: {report.error}"
        for step in report.steps:
            key = (note.name, step_key(step.position.line, step.position.cell))
            found.setdefault(key, set()).add(step.status)
    return found


def test_there_are_corpora() -> None:
    assert len(corpus_dirs()) >= 1


@pytest.mark.parametrize("folder", corpus_dirs(), ids=lambda p: p.name)
def test_no_correct_step_is_broken_and_no_planted_mistake_is_ok(folder: Path) -> None:
    listed = json.loads((folder / "mistakes.json").read_text(encoding="utf-8"))
    planted = {(name, str(line)) for name, lines in listed["planted"].items() for line in lines}
    excused = {(name, str(line)) for name, lines in listed.get("excused", {}).items() for line in lines}
    found = verdict_lines(folder)
    false_alarms = sorted(key for key, seen in found.items() if "broken" in seen and key not in planted)
    missing = sorted(key for key in planted if key not in found)
    silent = sorted(key for key in planted if key in found and found[key] == {"ok"} and key not in excused)
    assert not false_alarms, f"correct steps reported broken: {false_alarms}"
    assert not missing, f"planted mistakes on lines with no step: {missing}"
    assert not silent, f"planted mistakes reported ok: {silent}"
