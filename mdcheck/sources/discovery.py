"""Finding the note files to check under the paths a user names: files named explicitly are
always kept; folders are walked in sorted order, keeping the include globs and honouring the
exclude globs and .gitignore files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.qmd", "*.Rmd", "*.tex", "*.ipynb")


@dataclass(frozen=True)
class PathProblem:
    """A path given by the user that yields nothing to check, and why."""

    path: str
    message: str


@dataclass(frozen=True)
class Discovery:
    """The files to check, in order, and the problems met finding them."""

    files: tuple[str, ...]
    problems: tuple[PathProblem, ...] = ()


def discover(
    paths: Sequence[str], include: Sequence[str] | None = None, exclude: Sequence[str] = ()
) -> Discovery:
    """The note files under `paths`. `include` globs (gitignore syntax; default: Markdown, Quarto,
    R Markdown, LaTeX and notebooks) select files in folders; `exclude` globs drop files and
    folders there. Files named explicitly are kept, in the order given, whatever their name."""
    globs = tuple(include or ()) or DEFAULT_INCLUDE
    files: list[str] = []
    problems: list[PathProblem] = []
    for path in paths:
        if os.path.isdir(path):
            from mdcheck.sources.folder_walk import walk_folder  # pathspec costs ~50 ms to import

            found, unreadable = walk_folder(path, globs, tuple(exclude))
            problems.extend(PathProblem(folder, message) for folder, message in unreadable)
            if not found and not unreadable:
                message = f"no note files found (looking for {', '.join(globs)})"
                problems.append(PathProblem(path, message))
            files.extend(found)
        elif os.path.exists(path):
            files.append(path)
        else:
            problems.append(PathProblem(path, "no such file or directory"))
    return Discovery(_unique(files), tuple(problems))


def _unique(files: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept = []
    for path in files:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return tuple(kept)
