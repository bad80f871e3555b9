"""What the syntax of a step says about the functions it applies and the derivatives it writes:
bare function names and their points, other arities than the notes' definitions, `\\partial` notation."""

from __future__ import annotations

from mdcheck.latex import ast
from mdcheck.semantics.env import Environment


def written_as_derivative(sides: list[ast.Node]) -> bool:
    """Sides that write a derivative as `\\frac{\\partial}{\\partial X}`, with no `\\nabla` (a gradient
    has the variable's shape whatever layout the notes use) and no `\\partial x^T` (by a row: the
    transpose of the derivative by `x`, in either layout)."""
    nodes = [x for side in sides for x in ast.walk(side)]
    derivatives = [x for x in nodes if isinstance(x, ast.Derivative)]
    return (
        bool(derivatives)
        and not any(any(d.transposed) for d in derivatives)
        and not any(isinstance(x, ast.Nabla) for x in nodes)
    )


def other_arity(sides: list[ast.Node], env: Environment) -> frozenset[str]:
    """Functions the sides apply (`f'(x)`) with another number of arguments than the notes'
    definition of that name (`f(x, y) = x^2 + 3y`)."""
    out: set[str] = set()
    for n in _applications(sides):
        d = env.definitions.get(n.func.key)
        if d is not None and d.params and len(d.params) != len(n.args):
            out.add(n.func.key)
    return frozenset(out)


def bare_points(sides: list[ast.Node], env: Environment) -> dict[str, str]:
    """Defined functions of one argument that the sides write bare (`d\\sigma`) and apply to one
    variable only (`\\sigma(z)(1 - \\sigma(z))\\,dz`): the name of that variable, the bare name's point."""
    points: dict[str, set[str]] = {}
    for n in _applications(sides):
        d = env.definitions.get(n.func.key)
        if d is None or len(d.params) != 1:
            continue
        arg = n.args[0] if len(n.args) == 1 else None
        points.setdefault(n.func.key, set()).add(arg.key if isinstance(arg, ast.Name) else "")
    if not points:
        return {}
    bare = {x.key for side in sides for x in _bare_names(side)}
    return {k: next(iter(v)) for k, v in points.items() if k in bare and len(v) == 1 and "" not in v}


def _applications(sides: list[ast.Node]) -> list[ast.Apply]:
    out: list[ast.Apply] = []
    for side in sides:
        if isinstance(side, ast.Apply):
            out.append(side)
        out.extend(_applications_below(side))
    return out


def _applications_below(node: ast.Node) -> tuple[ast.Apply, ...]:
    """The applications below `node`, in `walk` order (kept on the node: trees never change; not
    the node itself, which would make a reference cycle)."""
    below: tuple[ast.Apply, ...] | None = node.__dict__.get("_applications_below")
    if below is None:
        below = tuple(x for x in ast.walk(node)[1:] if isinstance(x, ast.Apply))
        object.__setattr__(node, "_applications_below", below)
    return below


def _bare_names(node: ast.Node) -> list[ast.Name]:
    """The names in `node` that are not the function of an application."""
    applied = {id(x.func) for x in ast.walk(node) if isinstance(x, ast.Apply)}
    return [x for x in ast.walk(node) if isinstance(x, ast.Name) and id(x) not in applied]
