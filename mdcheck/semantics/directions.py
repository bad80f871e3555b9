"""A differential written along a direction named by a letter of its own (`\\mathrm{d}f =
\\operatorname{tr}(GH)` "in a direction $H$"): which letter stands for dX, and the side with it."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from mdcheck.latex import ast
from mdcheck.semantics import ir
from mdcheck.semantics.env import Environment
from mdcheck.semantics.lower import body_of


def named_direction(lhs: ast.Node, rhs: ast.Node, env: Environment) -> tuple[str, ast.Name] | None:
    """For `d f = ...` (any order) of a function of one matrix or vector X whose right side writes no
    differential: the one letter of the right side that f's formula does not use, the notes do not
    define and that is declared like X (or not at all), with X; None otherwise."""
    if not (isinstance(lhs, ast.Diff) and isinstance(lhs.body, ast.Name) and not lhs.wrt):
        return None
    if any(isinstance(n, ast.Diff | ast.DiffAt | ast.Derivative | ast.Nabla) for n in ast.walk(rhs)):
        return None
    definition = env.definitions.get(lhs.body.key)
    if definition is None:
        return None
    body = body_of(env, definition)
    used = ir.free_symbols(body)
    variables = list(definition.params) or sorted(used & env.document_varying)
    if len(variables) != 1:
        return None
    x = variables[0]
    found = {
        n.key: n
        for n in ast.walk(rhs)
        if isinstance(n, ast.Name)
        and n.key not in used
        and n.key not in env.definitions
        and n.key not in env.values
        and n.key != x
    }
    if len(found) != 1:
        return None
    (letter,) = found.values()
    declared, own = env.declarations.get(x), env.declarations.get(letter.key)
    if (
        declared is None
        or declared.dims is None
        or (own is not None and own.dims not in (None, declared.dims))
    ):
        return None
    return letter.key, ast.Name(letter.start, letter.end, x, x)


def along(node: ast.Node, letter: str, variable: ast.Name) -> ast.Node:
    """`node` with every `letter` written as the differential d`variable`."""
    if isinstance(node, ast.Name) and node.key == letter:
        return ast.Diff(node.start, node.end, replace(variable, start=node.start, end=node.end))
    changes: dict[str, Any] = {}
    for f in fields(node):
        value = getattr(node, f.name)
        new = _along_value(value, letter, variable)
        if new is not value:
            changes[f.name] = new
    return replace(node, **changes) if changes else node


def _along_value(value: object, letter: str, variable: ast.Name) -> object:
    if isinstance(value, ast.Node):
        return along(value, letter, variable)
    if isinstance(value, tuple):
        items = tuple(_along_value(v, letter, variable) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value
