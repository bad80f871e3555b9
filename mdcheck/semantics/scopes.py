"""How long definitions hold: to the next heading of their section's level or above. A subsection
keeps what its enclosing section defined before it (`\\section` ... `s = b - Ax` ... `\\subsection`)."""

from __future__ import annotations

import copy
from typing import Any

from mdcheck.semantics.env import Environment

# The tables of the environment that a section's definitions fill (`Environment.forget_definitions`).
_SCOPED = ("definitions", "written_bounds", "values", "unknown", "unknown_mentions", "introduced", "named")

Snapshot = tuple[Any, ...]


class SectionScopes:
    """The sections open as a document is walked, each with its definitions as they were when its
    first subsection began."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._level: int | None = None  # None: before any heading, or after a title of unknown level
        self._enclosing: list[tuple[int, Snapshot]] = []

    def heading(self, level: int) -> None:
        """A section heading of `level` (1 for `#`, 3 for `\\section`; 0 when not known, as for a
        numbered title from a PDF): the definitions of the sections it closes end."""
        self.env.shaped_in_section.clear()
        if level and self._level is not None and level > self._level:
            self._enclosing.append((self._level, self._snapshot()))
        else:
            while self._enclosing and (not level or self._enclosing[-1][0] >= level):
                self._enclosing.pop()
            if self._enclosing:
                self._restore(self._enclosing[-1][1])
            else:
                self.env.forget_definitions()
        self._level = level or None

    def _snapshot(self) -> Snapshot:
        return tuple(copy.copy(getattr(self.env, name)) for name in _SCOPED)

    def _restore(self, snapshot: Snapshot) -> None:
        for name, table in zip(_SCOPED, snapshot, strict=True):
            setattr(self.env, name, copy.copy(table))
        self.env.version += 1
