"""Fixtures for the report tests: the hand-built run of `report_samples`, and its notes written to
a temporary directory that is the working directory for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_samples import (
    LATEX_NOTE,
    LATEX_PATH,
    MARKDOWN_NOTE,
    MARKDOWN_PATH,
    NOTEBOOK_PATH,
    NotesOnDisk,
    build_run,
    notebook_json,
)

from mdcheck.verdicts import RunReport


@pytest.fixture
def run_report() -> RunReport:
    return build_run()


@pytest.fixture
def notes_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> NotesOnDisk:
    for relative, text in (
        (MARKDOWN_PATH, MARKDOWN_NOTE),
        (LATEX_PATH, LATEX_NOTE),
        (NOTEBOOK_PATH, notebook_json()),
    ):
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return NotesOnDisk(tmp_path, build_run())
