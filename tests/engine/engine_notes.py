"""Helpers for the engine's end-to-end tests: check a small note and get its step verdicts, all of
them, the one step of a display after some prose, or grouped by the line they stand on."""

from __future__ import annotations

from pathlib import Path

from mdcheck.api import check_file, check_text
from mdcheck.verdicts import StepVerdict


def steps(text: str) -> list[StepVerdict]:
    """Every step of the Markdown note `text`, in order (the note must be readable)."""
    report = check_text(text, path="note.md")
    assert report.error is None
    return list(report.steps)


def one_step(prose: str, step: str) -> StepVerdict:
    """The verdict of `step`, written as a display after `prose`; it must be one step."""
    found = steps(prose + "$$ " + step + " $$\n")
    assert len(found) == 1, found
    return found[0]


def verdicts_by_line(tmp_path: Path, text: str, name: str = "note.md") -> dict[int, list[StepVerdict]]:
    """The steps of `text`, checked as a real file in `tmp_path`, by the line each stands on."""
    note = tmp_path / name
    note.write_text(text)
    report = check_file(str(note))
    assert report.error is None
    out: dict[int, list[StepVerdict]] = {}
    for block in report.blocks:
        for step in block.steps:
            out.setdefault(step.position.line, []).append(step)
    return out
