"""Finding the note files to check under the paths a user names: files named explicitly are
always kept; folders are walked in sorted order, keeping the include globs and honouring the
exclude globs and .gitignore files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import pathspec

from mdcheck.sources.gitignore import GitIgnores

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.qmd", "*.Rmd", "*.tex", "*.ipynb")
SKIPPED_FOLDERS = frozenset((".git", ".mdcheck_cache", "node_modules", "__pycache__"))


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


@dataclass(frozen=True)
class _Filters:
    include: pathspec.GitIgnoreSpec
    exclude: pathspec.GitIgnoreSpec
    include_text: str


def discover(
    paths: Sequence[str], include: Sequence[str] | None = None, exclude: Sequence[str] = ()
) -> Discovery:
    """The note files under `paths`. `include` globs (gitignore syntax; default: Markdown, Quarto,
    R Markdown, LaTeX and notebooks) select files in folders; `exclude` globs drop files and
    folders there. Files named explicitly are kept, in the order given, whatever their name."""
    globs = tuple(include or ()) or DEFAULT_INCLUDE
    filters = _Filters(
        pathspec.GitIgnoreSpec.from_lines(globs),
        pathspec.GitIgnoreSpec.from_lines(list(exclude)),
        ", ".join(globs),
    )
    files: list[str] = []
    problems: list[PathProblem] = []
    for path in paths:
        if os.path.isdir(path):
            found, trouble = _walk(path, filters)
            problems.extend(trouble)
            if not found and not trouble:
                message = f"no note files found (looking for {filters.include_text})"
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


def _walk(root: str, filters: _Filters) -> tuple[list[str], list[PathProblem]]:
    """The note files under the folder `root`, sorted by their path's components."""
    ignores = GitIgnores(root)
    problems: list[PathProblem] = []

    def unreadable(err: OSError) -> None:
        problems.append(PathProblem(str(err.filename or root), f"cannot read folder: {err.strerror or err}"))

    found: list[tuple[list[str], str]] = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        ignores.load(folder)
        subfolders[:] = [
            name for name in subfolders if _walk_into(os.path.join(folder, name), root, filters, ignores)
        ]
        for name in names:
            path = os.path.join(folder, name)
            relative = _relative(path, root)
            if filters.include.match_file(relative) and _kept(path, relative, filters, ignores, False):
                found.append((relative.split("/"), os.path.normpath(path)))
    found.sort()
    return [path for _, path in found], problems


def _walk_into(folder: str, root: str, filters: _Filters, ignores: GitIgnores) -> bool:
    name = os.path.basename(folder)
    if name.startswith(".") or name in SKIPPED_FOLDERS or os.path.islink(folder):
        return False
    return _kept(folder, _relative(folder, root), filters, ignores, True)


def _kept(path: str, relative: str, filters: _Filters, ignores: GitIgnores, is_dir: bool) -> bool:
    suffix = "/" if is_dir else ""
    shown = os.path.normpath(path).replace(os.sep, "/")
    if filters.exclude.match_file(relative + suffix) or filters.exclude.match_file(shown + suffix):
        return False
    return not ignores.ignores(path, is_dir)


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")
