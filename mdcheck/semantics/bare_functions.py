"""`df = f'(x) dx`, `\\frac{df}{dx}`: an unknown function written without its argument in a step
that applies it (or its derivatives) to one variable stands for its value there, `f(x)`."""

from __future__ import annotations

from mdcheck.semantics import ir
from mdcheck.semantics.env import Environment
from mdcheck.semantics.lower import ELEMENTWISE, Reading, substitute

# The standard functions an `ir.Func` may name; any other name is a function of the document.
STANDARD_FUNCTIONS = frozenset(ELEMENTWISE.values()) | {"abs", "relu", "step", "softmax"}


def bare_function_values(
    lhs: list[Reading], rhs: list[Reading], env: Environment
) -> tuple[list[Reading], list[Reading]]:
    """Both sides' readings with each bare unknown function `f` read as `f(x)`, where `x` is the one
    variable the step applies `f` to; the readings unchanged when there is no such function."""
    values = bare_function_points([e for e, _ in lhs + rhs], env)
    if not values:
        return lhs, rhs
    note = ", ".join(f"{name} as {name}({_point(v)})" for name, v in sorted(values.items()))
    return _substituted(lhs, values, note), _substituted(rhs, values, note)


def bare_function_points(exprs: list[ir.Expr], env: Environment) -> dict[str, ir.Expr]:
    """Each unknown function written bare in `exprs` and applied there to one variable only, with
    its value at that variable."""
    values: dict[str, ir.Expr] = {}
    for name in sorted(_applied_names(exprs)):
        point = _single_point(exprs, name)
        if point is not None and _no_value(env, name) and _written_bare(exprs, name):
            values[name] = ir.Func(name, (ir.Sym(point),))
    return values


def _applied_names(exprs: list[ir.Expr]) -> set[str]:
    return {
        x.name
        for e in exprs
        if ir.Func in ir.node_kinds(e)
        for x in ir.walk(e)
        if isinstance(x, ir.Func) and x.name not in STANDARD_FUNCTIONS
    }


def _single_point(exprs: list[ir.Expr], name: str) -> str | None:
    """The one symbol every application of `name` (of any order) takes, if there is one."""
    points: set[str] = set()
    for e in exprs:
        for x in ir.walk(e):
            if isinstance(x, ir.Func) and x.name == name:
                if x.partial or len(x.args) != 1 or not isinstance(x.args[0], ir.Sym):
                    return None
                points.add(x.args[0].name)
            elif isinstance(x, ir.Derivative) and x.var == name:
                return None  # differentiated by: `f` is a variable here, not a stand-in for f(x)
            elif isinstance(x, ir.At) and any(n == name for n, _ in x.bindings):
                return None
    return next(iter(points)) if len(points) == 1 and name not in points else None


def _no_value(env: Environment, name: str) -> bool:
    """Whether the notes give `name` no value: undefined, or defined only as a function of other
    arguments (`f(u, v) = ...`), which its applications in the step do not use."""
    definition = env.definitions.get(name)
    return definition is None or bool(definition.params)


def _written_bare(exprs: list[ir.Expr], name: str) -> bool:
    return any(name in ir.symbol_and_differential_names(e) for e in exprs)


def _point(value: ir.Expr) -> str:
    assert isinstance(value, ir.Func) and isinstance(value.args[0], ir.Sym)
    return value.args[0].name


def _substituted(readings: list[Reading], values: dict[str, ir.Expr], note: str) -> list[Reading]:
    out: list[Reading] = []
    for e, notes in readings:
        new = substitute(e, values)
        out.append((e, notes) if new is e else (new, (*notes, note)))
    return out
