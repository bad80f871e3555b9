"""Reports: turn a finished run (verdicts only) into text, JSON, GitHub annotations, SARIF,
HTML or annotated notes. `write_report` is the one entry point the command line uses.

Each format is a module of this package with `render(report: RunReport, options: ReportOptions) -> str`,
imported only when asked for. `annotated` writes its files itself (beside the notes, or under
`options.output`) and returns the list of what it wrote."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from mdcheck.verdicts import FileReport, RunReport, StepVerdict

FORMATS = ("text", "json", "github", "sarif", "html", "annotated")
# The module of each format, when its name is not the format's own.
_MODULES = {"json": "json_report"}


@dataclass(frozen=True)
class ReportOptions:
    """How to write a report. `output` is the file (or, for `annotated`, the directory) it goes to,
    None for stdout; `fail_on_unchecked` says unchecked steps in `derivation` blocks count as failures."""

    show_ok: bool = False
    show_unchecked: bool = False
    quiet: bool = False
    color: bool = False
    stats: bool = False
    output: str | None = None
    fail_on_unchecked: bool = False


def judged_steps(file: FileReport, fail_on_unchecked: bool) -> Iterator[tuple[StepVerdict, bool]]:
    """Every step of `file` with whether it fails the run: broken steps, and unchecked steps in
    `derivation` blocks when `fail_on_unchecked`."""
    for block in file.blocks:
        strict = fail_on_unchecked and block.kind == "derivation"
        for step in block.steps:
            yield step, step.status == "broken" or (strict and step.status == "unchecked")


def run_fails(report: RunReport, fail_on_unchecked: bool) -> bool:
    """Whether any step of the run fails it (exit status 1)."""
    return any(fails for file in report.files for _, fails in judged_steps(file, fail_on_unchecked))


def render_report(report: RunReport, fmt: str, options: ReportOptions | None = None) -> str:
    """`report` in format `fmt` as a string (for `annotated`: what was written)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    module = importlib.import_module(f"mdcheck.report.{_MODULES.get(fmt, fmt)}")
    text: str = module.render(report, options or ReportOptions())
    return text


def write_report(report: RunReport, fmt: str, out: TextIO, options: ReportOptions | None = None) -> None:
    """Write `report` in format `fmt` to `out`."""
    out.write(render_report(report, fmt, options))
