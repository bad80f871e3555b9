"""Walking one folder for notes: the include globs select files, the exclude globs and the
.gitignore files drop files and folders, hidden and tool folders are skipped."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pathspec

from mdcheck.sources.gitignore import GitIgnores

SKIPPED_FOLDERS = frozenset((".git", ".mdcheck_cache", "node_modules", "__pycache__"))


@dataclass(frozen=True)
class _Filters:
    include: pathspec.GitIgnoreSpec
    exclude: pathspec.GitIgnoreSpec


def walk_folder(
    root: str, include: tuple[str, ...], exclude: tuple[str, ...]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The note files under the folder `root`, sorted by their path's components, and
    (folder, message) for each folder that could not be read."""
    filters = _Filters(pathspec.GitIgnoreSpec.from_lines(include), pathspec.GitIgnoreSpec.from_lines(exclude))
    ignores = GitIgnores(root)
    problems: list[tuple[str, str]] = []

    def unreadable(err: OSError) -> None:
        problems.append((str(err.filename or root), f"cannot read folder: {err.strerror or err}"))

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
