"""Sources: read Markdown, LaTeX and notebook files into Documents (math blocks, prose and
directives with true file positions), and find the note files under the paths given."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from mdcheck.collector import collector_paused
from mdcheck.document import Document, Language
from mdcheck.sources.files import (
    MAX_LATEX_BYTES,
    MAX_NOTE_BYTES,
    MAX_NOTEBOOK_BYTES,
    normalise_newlines,
    read_file_text,
    too_large,
)

if TYPE_CHECKING:
    from mdcheck.sources.discovery import Discovery

LANGUAGES: tuple[Language, ...] = ("markdown", "latex", "notebook")
_LANGUAGE_BY_SUFFIX: dict[str, Language] = {".tex": "latex", ".ipynb": "notebook"}


def language_for(path: str) -> Language:
    """The language of a file by its extension: `.tex` LaTeX, `.ipynb` notebook, anything else
    (`.md`, `.markdown`, `.qmd`, `.Rmd`, `.txt`, ...) Markdown."""
    return _LANGUAGE_BY_SUFFIX.get(os.path.splitext(path)[1].lower(), "markdown")


def read_document(path: str) -> Document:
    """Read the file at `path`, choosing the reader by its extension. Never raises for bad input:
    an unreadable file gives a Document with `error` set."""
    language = language_for(path)
    loaded = read_file_text(path, _size_limit(language))
    if loaded.error is not None:
        return Document(path, language, error=loaded.error)
    return _read_guarded(loaded.text, path, language)


def read_text(text: str, path: str = "<text>", language: str = "markdown") -> Document:
    """Read `text` as if it were the file `path`, in the given language ("markdown", "latex",
    "notebook")."""
    if language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        return Document(path, "markdown", error=f"unknown language {language!r} (use one of {known})")
    chosen = cast(Language, language)
    large = too_large(len(text), _size_limit(chosen))
    if large is not None:
        return Document(path, chosen, error=large)
    return _read_guarded(normalise_newlines(text.removeprefix("\ufeff")), path, chosen)


def discover(
    paths: Sequence[str], include: Sequence[str] | None = None, exclude: Sequence[str] = ()
) -> Discovery:
    """The note files under `paths` (see `mdcheck.sources.discovery.discover`)."""
    from mdcheck.sources.discovery import discover as discover_notes

    return discover_notes(paths, include, exclude)


def _size_limit(language: Language) -> int:
    return {"latex": MAX_LATEX_BYTES, "notebook": MAX_NOTEBOOK_BYTES}.get(language, MAX_NOTE_BYTES)


def _read_guarded(text: str, path: str, language: Language) -> Document:
    try:
        with collector_paused():
            return _read(text, path, language)
    except RecursionError:
        return Document(path, language, error="nested too deeply to read")
    except Exception as err:  # a reader bug must not stop the other files being checked
        return Document(path, language, error=f"internal error while reading: {type(err).__name__}: {err}")


def _read(text: str, path: str, language: Language) -> Document:
    if language == "latex":
        from mdcheck.sources.latex import read_latex

        return read_latex(text, path)
    if language == "notebook":
        from mdcheck.sources.notebook import read_notebook

        return read_notebook(text, path)
    from mdcheck.sources.latex_macros import macros_in_math
    from mdcheck.sources.markdown import math_texts, read_markdown

    found = read_markdown(text, path)
    macros = macros_in_math(math_texts(found.items))  # MathJax's, defined in the math itself
    return Document(path, "markdown", found.items, found.problems, macros=macros)
