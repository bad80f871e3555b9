"""mdcheck: find the broken steps in the matrix-calculus derivations of lecture notes.

The public API is `check_text` and `check_file`; the command line is `mdcheck.cli`."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mdcheck.options import CheckOptions
    from mdcheck.verdicts import FileReport

__all__ = ["__version__", "check_file", "check_text"]


def check_text(
    text: str, *, path: str = "<text>", language: str = "markdown", options: CheckOptions | None = None
) -> FileReport:
    """Check every derivation in `text` (Markdown by default, or "latex") and return the verdicts."""
    from mdcheck.api import check_text as _check_text

    return _check_text(text, path=path, language=language, options=options)


def check_file(path: str, *, options: CheckOptions | None = None) -> FileReport:
    """Read the file at `path` (Markdown, LaTeX or notebook, by its extension) and check it."""
    from mdcheck.api import check_file as _check_file

    return _check_file(path, options=options)
