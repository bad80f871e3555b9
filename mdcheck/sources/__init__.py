"""Sources: read Markdown, LaTeX and notebook files into Documents (math blocks, prose and
directives with true file positions), and find the note files under the paths given."""

from __future__ import annotations

from mdcheck.document import Document


def read_document(path: str) -> Document:
    """Read the file at `path`, choosing the reader by its extension. Never raises for bad input:
    an unreadable file gives a Document with `error` set."""
    raise NotImplementedError


def read_text(text: str, path: str = "<text>", language: str = "markdown") -> Document:
    """Read `text` as if it were the file `path`, in the given language ("markdown", "latex",
    "notebook")."""
    raise NotImplementedError
