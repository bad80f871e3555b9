"""Names a step gives to parts of the expression before it: in `(I - s1^T)(e^a ∘ da) = M(e^a ∘ da)`
the new name M stands for `I - s1^T`, found by matching the two sides' meanings structurally."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr
from mdcheck.semantics.show import show

Bindings = dict[str, Expr]
MAX_SOLUTIONS = 2


def named_parts(old: Expr, new: Expr, fresh: frozenset[str]) -> Bindings | None:
    """What each fresh name of `new` stands for in `old`, when there is exactly one way to read
    `new` as `old` with some of its parts renamed; None when there is none, or more than one."""
    solutions: list[Bindings] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    for found in _match(old, new, fresh, {}):
        key = tuple(sorted((name, show(value)) for name, value in found.items()))
        if key in seen:
            continue
        seen.add(key)
        solutions.append(found)
        if len(solutions) >= MAX_SOLUTIONS:
            return None
    if len(solutions) != 1:
        return None
    found = solutions[0]
    if set(found) != set(fresh):
        return None
    return found


def _match(old: Expr, new: Expr, fresh: frozenset[str], binds: Bindings) -> Iterator[Bindings]:
    if isinstance(new, ir.Sym) and new.name in fresh:
        yield from _bind(new.name, old, fresh, binds)
        return
    if isinstance(new, ir.Mul):
        olds = old.factors if isinstance(old, ir.Mul) else (old,)
        yield from _align(olds, new.factors, fresh, binds)
        return
    if type(old) is not type(new) or not _same_fields(old, new):
        return
    olds, news = old.children(), new.children()
    if len(olds) != len(news):
        return
    if not news:
        if show(old) == show(new):
            yield binds
        return
    yield from _match_all(olds, news, fresh, binds)


def _match_all(
    olds: tuple[Expr, ...], news: tuple[Expr, ...], fresh: frozenset[str], binds: Bindings
) -> Iterator[Bindings]:
    if not news:
        yield binds
        return
    for found in _match(olds[0], news[0], fresh, binds):
        yield from _match_all(olds[1:], news[1:], fresh, found)


def _align(
    olds: tuple[Expr, ...], news: tuple[Expr, ...], fresh: frozenset[str], binds: Bindings
) -> Iterator[Bindings]:
    """Factors of a product: a fresh name may stand for a run of one or more factors."""
    if not news:
        if not olds:
            yield binds
        return
    head = news[0]
    if isinstance(head, ir.Sym) and head.name in fresh and head.name not in binds:
        for k in range(1, len(olds) - len(news) + 2):
            for found in _bind(head.name, ir.mul(*olds[:k]), fresh, binds):
                yield from _align(olds[k:], news[1:], fresh, found)
        return
    if not olds:
        return
    for found in _match(olds[0], head, fresh, binds):
        yield from _align(olds[1:], news[1:], fresh, found)


def _bind(name: str, value: Expr, fresh: frozenset[str], binds: Bindings) -> Iterator[Bindings]:
    if any(isinstance(x, ir.Sym) and x.name in fresh for x in ir.walk(value)):
        return
    bound = binds.get(name)
    if bound is None:
        yield {**binds, name: value}
    elif show(bound) == show(value):
        yield binds


def _same_fields(a: Expr, b: Expr) -> bool:
    """The fields of two nodes of one class that are not sub-expressions agree."""
    for f in fields(a):
        va, vb = getattr(a, f.name), getattr(b, f.name)
        if isinstance(va, Expr) or (isinstance(va, tuple) and va and isinstance(va[0], Expr | tuple)):
            continue
        if va != vb:
            return False
    return True
