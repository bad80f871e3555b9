""".gitignore rules as git applies them: every .gitignore from the repository's top down to a
file's folder, the deepest one that has a matching pattern deciding."""

from __future__ import annotations

import os

import pathspec


class GitIgnores:
    """The .gitignore files that apply under one directory walk, loaded as the walk goes."""

    def __init__(self, root: str) -> None:
        self._specs: dict[str, pathspec.GitIgnoreSpec | None] = {}
        top = _repository_top(root)
        if top is not None:
            folder = os.path.dirname(os.path.abspath(root))
            ancestors = []
            while len(folder) >= len(top):
                ancestors.append(folder)
                if folder == top:
                    break
                folder = os.path.dirname(folder)
            for ancestor in ancestors:
                self.load(ancestor)

    def load(self, folder: str) -> None:
        """Read `folder`'s .gitignore, if any (each folder once)."""
        key = os.path.abspath(folder)
        if key in self._specs:
            return
        try:
            with open(os.path.join(key, ".gitignore"), encoding="utf-8", errors="replace") as handle:
                self._specs[key] = pathspec.GitIgnoreSpec.from_lines(handle.read().splitlines())
        except OSError:
            self._specs[key] = None

    def ignores(self, path: str, is_dir: bool) -> bool:
        """Whether git would ignore `path` (its folder's .gitignore files must be loaded)."""
        absolute = os.path.abspath(path)
        folder = os.path.dirname(absolute)
        while True:
            spec = self._specs.get(folder)
            if spec is not None:
                relative = os.path.relpath(absolute, folder).replace(os.sep, "/")
                result = spec.check_file(relative + "/" if is_dir else relative)
                if result.include is not None:
                    return bool(result.include)
            parent = os.path.dirname(folder)
            if parent == folder:
                return False
            folder = parent


def _repository_top(root: str) -> str | None:
    """The nearest folder at or above `root` holding `.git`, if any."""
    folder = os.path.abspath(root)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
