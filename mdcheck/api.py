"""The public Python API behind `mdcheck.check_text` and `mdcheck.check_file`: read a source,
check it, return its verdicts."""

from __future__ import annotations

from mdcheck.check import check_document
from mdcheck.options import CheckOptions
from mdcheck.sources import read_document, read_text
from mdcheck.verdicts import FileReport


def check_text(
    text: str, *, path: str = "<text>", language: str = "markdown", options: CheckOptions | None = None
) -> FileReport:
    return check_document(read_text(text, path, language), options or CheckOptions())


def check_file(path: str, *, options: CheckOptions | None = None) -> FileReport:
    return check_document(read_document(path), options or CheckOptions())
