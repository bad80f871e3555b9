"""Read the markdown-it-py style fixture tables of tests/latex, and print syntax trees compactly
for the `ast:` lines of the parser table."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from mdcheck.latex import ast

_TAG = re.compile(r"^\[(\w+)\]\s*")
# Tuple fields printed bare, in order, as the node's operands; other tuple fields print as `name=[...]`.
_OPERAND_FIELDS = frozenset({"factors", "terms", "args", "items"})
_SKIPPED_FIELDS = frozenset({"start", "end", "marker"})


@dataclass(frozen=True)
class FixtureCase:
    """One case of a table: its title without tags, the tags, the input, the expected lines."""

    title: str
    tags: frozenset[str]
    source: str
    expected: tuple[str, ...]
    line: int


def read_cases(path: Path) -> list[FixtureCase]:
    """The cases of a fixture file: title / `.` / input / `.` / expected / `.`."""
    cases = []
    for line, title, source, expected in read_fixture_file(path):
        tags: set[str] = set()
        while match := _TAG.match(title):
            tags.add(match.group(1))
            title = title[match.end() :]
        lines = tuple(x.rstrip() for x in expected.splitlines() if x.strip())
        cases.append(FixtureCase(title, frozenset(tags), source.removesuffix("\n"), lines, line + 1))
    return cases


def as_params(cases: list[FixtureCase]) -> Sequence[object]:
    """pytest parameters, one per case; `[xfail]` cases must fail (strict), so a fix is noticed."""
    params = []
    for case in cases:
        marks = []
        if "xfail" in case.tags:
            marks.append(pytest.mark.xfail(strict=True, reason=f"known bug: {case.title}"))
        params.append(pytest.param(case, id=f"L{case.line}-{case.title}", marks=marks))
    return params


def tree(node: ast.Node) -> str:
    """`(Type operand ... field=value ...)`: names print as their key, numbers as written, groups
    as their body; fields equal to their default are left out."""
    if isinstance(node, ast.Name):
        return node.key
    if isinstance(node, ast.Num):
        return node.text
    if isinstance(node, ast.Group):
        return tree(node.body)
    parts = [type(node).__name__]
    for field in dataclasses.fields(node):
        if field.name in _SKIPPED_FIELDS:
            continue
        value = getattr(node, field.name)
        if field.default is not dataclasses.MISSING and value == field.default:
            continue
        parts.extend(_field_text(field.name, value))
    return "(" + " ".join(parts) + ")"


def _field_text(name: str, value: object) -> list[str]:
    if isinstance(value, ast.Node):
        return [tree(value)]
    if isinstance(value, tuple):
        items = [_item_text(x) for x in value]
        if name in _OPERAND_FIELDS:
            return items
        if not any(items):
            return []
        return [f"{name}=[{' '.join(x or '_' for x in items)}]"]
    return [f"{name}={value}"]


def _item_text(item: object) -> str:
    if isinstance(item, ast.Node):
        return tree(item)
    if isinstance(item, tuple):
        return "(" + " ".join(_item_text(x) for x in item) + ")"
    if isinstance(item, float) and item == int(item):
        return str(int(item))
    return str(item)
