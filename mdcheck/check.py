"""One document: its derivation blocks -> steps -> verdicts. The only module that knows the whole
flow from LaTeX to a verdict; every stage it calls takes and returns plain data."""

from __future__ import annotations

from mdcheck.document import Document
from mdcheck.options import CheckOptions
from mdcheck.verdicts import FileReport


def check_document(document: Document, options: CheckOptions) -> FileReport:
    """Check every derivation of `document`. Never raises for bad input."""
    # Placeholder until the engine lands: report the file with no verdicts.
    return FileReport(path=document.path, problems=document.problems, error=document.error)
