"""The chain rule through layers with a symbolic index: `\\nabla_{Z_{j-1}}J` follows from
`\\nabla_{Z_j}J` when the loss sees `Z_{j-1}` only through `Z_j`. A loss whose dependence on a
layer passes a symbolic gap (`J` of `Z_L`, seen from `Z_j`) has an arbitrary gradient there."""

from __future__ import annotations

from dataclasses import dataclass

from mdcheck.semantics import ir
from mdcheck.semantics.chain import Dependence, Layers, dependence_of, member
from mdcheck.semantics.differentiate import rebuild
from mdcheck.semantics.env import Environment
from mdcheck.semantics.ir import Expr
from mdcheck.semantics.lower import OPAQUE_PREFIX, Reading, body_of, opaque_gradient, opaque_variable
from mdcheck.semantics.meaning import symbol_names
from mdcheck.semantics.show import show

MAX_DEPTH = 12


@dataclass(frozen=True)
class _Split:
    """A function's terms seen from some variables: those that pass a symbolic gap, and the rest."""

    group: str
    gap: tuple[Expr, ...]
    direct: tuple[Expr, ...]


class ChainRule:
    """Rewrites the gradients of one step; `needed` names the members whose definitions it uses."""

    def __init__(self, env: Environment, layers: Layers) -> None:
        self.env = env
        self.layers = layers
        self.needed: set[str] = set()
        self._uses: dict[str, set[str]] = {}
        self._depends: dict[str, Dependence | None] = {}
        self._splits: dict[tuple[int, tuple[str, ...]], _Split | None] = {}
        self._names = self._named_bodies()

    def rewrite(self, lhs: list[Reading], rhs: list[Reading]) -> tuple[list[Reading], list[Reading]]:
        lhs = [(self._inline_reading(e), n) for e, n in lhs]
        rhs = [(self._inline_reading(e), n) for e, n in rhs]
        for expr, _ in lhs + rhs:
            self._scan(expr)
        if not self._uses:
            return lhs, rhs
        values = self._gradients()
        return (
            [(self._replace(e, values), n) for e, n in lhs],
            [(self._replace(e, values), n) for e, n in rhs],
        )

    def _inline_reading(self, e: Expr) -> Expr:
        """`_inline` of a whole reading; at once the reading itself when it names nothing defined
        (the names of a tree are kept on it)."""
        definitions = self.env.definitions
        if all(name not in definitions for name in symbol_names(e)):
            return e
        return self._inline(e, 0)

    def _inline(self, e: Expr, depth: int) -> Expr:
        """Names whose definitions take gradients (`P` for `\\nabla_{Z_j}J`, `S_{j+1}`) replaced by
        them, so that their gradients are related like those written out."""
        if isinstance(e, ir.Sym):
            definition = self.env.definitions.get(e.name)
            if definition is None or definition.params or depth > MAX_DEPTH:
                return e
            body = body_of(self.env, definition)
            return self._inline(body, depth + 1) if _takes_gradients(body) else e
        kids = e.children()
        return rebuild(e, [self._inline(c, depth) for c in kids]) if kids else e

    # -- what the step uses ----------------------------------------------------------------------
    def _scan(self, expr: Expr) -> None:
        for x in ir.walk(expr):
            if isinstance(x, ir.Sym) and (var := opaque_variable(x.name)) is not None:
                body = x.name[len(OPAQUE_PREFIX) + len(var) + 1 :]
                if body not in self.env.definitions:
                    self._use(var, body, self._unknown_dependence(body))
            elif isinstance(x, ir.Derivative) and x.order == 1:
                self._gap_use(x.body, (x.var,))
            elif isinstance(x, ir.Diff) and x.wrt and x.order == 1:
                self._gap_use(x.body, x.wrt)

    def _use(self, var: str, group: str, depends: Dependence | None) -> None:
        self._uses.setdefault(group, set()).add(var)
        if group not in self._depends or depends is None:
            self._depends[group] = depends

    def _gap_use(self, body: Expr, variables: tuple[str, ...]) -> None:
        split = self._split(body, variables)
        if split is not None:
            depends = self._closure(dependence_of(list(split.gap)))
            for var in variables:
                self._use(var, split.group, depends)

    def _split(self, body: Expr, variables: tuple[str, ...]) -> _Split | None:
        key = (id(body), variables)
        if key not in self._splits:
            self._splits[key] = self._split_now(body, variables)
        return self._splits[key]

    def _split_now(self, body: Expr, variables: tuple[str, ...]) -> _Split | None:
        feeds: set[str] = set()
        for var in variables:
            found = member(var)
            feeds |= self.layers.family_feeds(found[0] if found else var)
        if not feeds:
            return None
        expanded = self._expand(body, frozenset(variables), 0)
        terms = expanded.terms if isinstance(expanded, ir.Add) else (expanded,)
        gap: list[Expr] = []
        direct: list[Expr] = []
        for term in terms:
            crosses = any(
                (m := member(name)) is not None and name not in variables and m[0] in feeds
                for name in ir.free_symbols(term)
            )
            (gap if crosses else direct).append(term)
        if not gap:
            return None
        shown = show(ir.add(*gap))
        return _Split(self._names.get(shown, shown), tuple(gap), tuple(direct))

    def _expand(self, e: Expr, keep: frozenset[str], depth: int) -> Expr:
        """`e` with the definitions the document gives substituted, except for `keep`."""
        if isinstance(e, ir.Sym):
            definition = self.env.definitions.get(e.name)
            if definition is None or e.name in keep or definition.params or depth > MAX_DEPTH:
                return e
            return self._expand(body_of(self.env, definition), keep, depth + 1)
        kids = e.children()
        return rebuild(e, [self._expand(c, keep, depth) for c in kids]) if kids else e

    def _named_bodies(self) -> dict[str, str]:
        """The defined scalar functions (`J_1`) by the text of their formula, to name a gap by."""
        out: dict[str, str] = {}
        for name in sorted(self.env.gradient_bodies):
            definition = self.env.definitions.get(name)
            if definition is not None and not definition.params:
                out.setdefault(show(self._expand(ir.Sym(name), frozenset(), 0)), name)
        return out

    def _unknown_dependence(self, body: str) -> Dependence | None:
        mentions = self.env.unknown_mentions.get(body)
        if mentions is None:
            return None
        return self._closure(dependence_of([ir.Sym(m) for m in mentions]))

    def _closure(self, found: Dependence) -> Dependence:
        """A function made of every member of a family that cannot be evaluated (`\\sum_t J_t`) sees
        what that family's formula mentions; a family with a formula is a layer the walk follows."""
        todo = list(found.families)
        while todo:
            template = self.layers.templates.get(todo.pop())
            if template is None or template.body is not None:
                continue
            for mention in template.mentions:
                base, _, sub = mention.partition("_{")
                if sub.startswith(template.letter) or member(mention) is not None:
                    if base not in found.families:
                        found.families.add(base)
                        todo.append(base)
                else:
                    found.exact.add(mention)
        return found

    # -- the gradients ---------------------------------------------------------------------------
    def _gradients(self) -> dict[tuple[str, str], Expr]:
        values: dict[tuple[str, str], Expr] = {}
        for group, variables in self._uses.items():
            free = {v for v in variables if not any(u != v and self.layers.feeds(v, u) for u in variables)}
            for var in sorted(variables):
                values[(var, group)] = self._gradient(var, group, free)
        return values

    def _gradient(self, var: str, group: str, free: set[str]) -> Expr:
        arbitrary = ir.Sym(opaque_gradient(var, group))
        if var in free:
            return arbitrary
        reached = self.layers.reach(var, free, self._depends.get(group))
        if not reached:
            return arbitrary
        self.needed |= self.layers.walked(var, reached) | reached
        seen = ir.add(*(ir.Inner(ir.Sym(opaque_gradient(f, group)), ir.Sym(f)) for f in sorted(reached)))
        return ir.Derivative(seen, var, "denominator")

    def _replace(self, e: Expr, values: dict[tuple[str, str], Expr]) -> Expr:
        if isinstance(e, ir.Sym) and (var := opaque_variable(e.name)) is not None:
            body = e.name[len(OPAQUE_PREFIX) + len(var) + 1 :]
            return values.get((var, body), e)
        if isinstance(e, ir.Derivative) and e.order == 1:
            split = self._split(e.body, (e.var,))
            if split is not None:
                gradient = values[(e.var, split.group)]
                if e.layout == "numerator":
                    gradient = ir.Transpose(gradient)
                kept: list[Expr] = (
                    [ir.Derivative(ir.add(*split.direct), e.var, e.layout)] if split.direct else []
                )
                return ir.add(*kept, gradient)
        if isinstance(e, ir.Diff) and e.wrt and e.order == 1:
            split = self._split(e.body, e.wrt)
            if split is not None:
                rest: list[Expr] = [ir.Diff(ir.add(*split.direct), 1, e.wrt)] if split.direct else []
                parts: list[Expr] = [
                    ir.Inner(values[(v, split.group)], ir.Diff(ir.Sym(v), 1, (v,))) for v in e.wrt
                ]
                return ir.add(*rest, *parts)
        kids = e.children()
        return rebuild(e, [self._replace(c, values) for c in kids]) if kids else e


def _takes_gradients(e: Expr) -> bool:
    return any(
        isinstance(x, ir.Derivative)
        or (isinstance(x, ir.Diff) and bool(x.wrt))
        or (isinstance(x, ir.Sym) and x.name.startswith(OPAQUE_PREFIX))
        for x in ir.walk(e)
    )
