"""Reports: turn a finished run (verdicts only) into text, JSON, GitHub annotations, SARIF,
HTML or annotated notes. `write_report` is the one entry point the command line uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from mdcheck.verdicts import RunReport

FORMATS = ("text", "json", "github", "sarif", "html", "annotated")


@dataclass(frozen=True)
class ReportOptions:
    show_ok: bool = False
    show_unchecked: bool = False
    quiet: bool = False
    color: bool = False
    stats: bool = False


def write_report(report: RunReport, fmt: str, out: TextIO, options: ReportOptions | None = None) -> None:
    """Write `report` in format `fmt` to `out`."""
    raise NotImplementedError(fmt)
