"""Layers written with a symbolic index (`A_j = Z_{j-1}W_j + 1b_j^T`, `Z_j = f_j(A_j)`): a family's
members instantiated at a neighbour's index, and gradients of a loss through the layers related by
the chain rule where the loss's formula cannot be followed past a symbolic gap."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mdcheck.semantics import ir
from mdcheck.semantics.differentiate import rebuild
from mdcheck.semantics.env import Definition, Environment
from mdcheck.semantics.ir import Expr
from mdcheck.semantics.lower import OPAQUE_PREFIX, body_of

_INDEX = re.compile(r"^(\\?[A-Za-z]+)(?:([+-])(\d+))?$")
_SUB = re.compile(r"_\{([^{}]*)\}")
_SUMMED_MEMBER = re.compile(r"^(.+)_\{\(([A-Za-z])(\d+)\)\}$")
# How far a walk through the layers goes before it gives up.
MAX_WALK = 24


@dataclass(frozen=True)
class Index:
    """A symbolic index `t`, `t+1`, `L-1`: a letter and an offset."""

    letter: str
    offset: int = 0

    def text(self) -> str:
        if not self.offset:
            return self.letter
        return f"{self.letter}{'+' if self.offset > 0 else '-'}{abs(self.offset)}"


@lru_cache(maxsize=4096)
def parse_index(text: str) -> Index | None:
    m = _INDEX.match(text.replace(" ", ""))
    if m is None:
        return None
    offset = int(m.group(3)) if m.group(3) else 0
    return Index(m.group(1), -offset if m.group(2) == "-" else offset)


@lru_cache(maxsize=4096)
def member(name: str) -> tuple[str, Index] | None:
    """`A_{t+1}` -> ("A", t+1): a member of a family at a symbolic index; None for other names
    (kept for the run: a pure function of the name, asked ~20,000 times per pass)."""
    cut = name.find("_{")
    if cut <= 0 or not name.endswith("}") or name.startswith(OPAQUE_PREFIX):
        return None
    sub = name[cut + 2 : -1]
    if "{" in sub or "}" in sub:
        return None
    index = parse_index(sub)
    return (name[:cut], index) if index is not None else None


def family_neighbour(name: str, known: set[str]) -> bool:
    """`W_{j+1}` where `W_j` is written: another member of a family the notes index by the same letter."""
    found = member(name)
    if found is None:
        return False
    prefix = found[0] + "_{"
    for other in known:
        m = member(other) if other.startswith(prefix) else None
        if m is not None and m[0] == found[0] and m[1].letter == found[1].letter:
            return True
    return False


def member_name(base: str, index: Index) -> str:
    return f"{base}_{{{index.text()}}}"


def shift_names(expr: Expr, letter: str, target: Index) -> Expr:
    """`expr` with every index written in `letter` (`j`, `j-1`) moved to `target` (`t+1`, `t`)."""

    def one(sub: re.Match[str]) -> str:
        index = parse_index(sub.group(1))
        if index is None or index.letter != letter:
            return sub.group(0)
        return "_{" + Index(target.letter, target.offset + index.offset).text() + "}"

    def name(text: str) -> str:
        return _SUB.sub(one, text)

    return _rename(expr, name)


def _rename(e: Expr, fn: Callable[[str], str]) -> Expr:
    if isinstance(e, ir.Sym | ir.DSym):
        new = fn(e.name)
        return e if new == e.name else type(e)(new)
    kids = [_rename(c, fn) for c in e.children()]
    if isinstance(e, ir.Func):
        return ir.Func(fn(e.name), tuple(kids), e.derivative, e.partial)
    if isinstance(e, ir.Diff):
        return ir.Diff(kids[0], e.order, tuple(fn(w) for w in e.wrt))
    if isinstance(e, ir.Derivative):
        return ir.Derivative(kids[0], fn(e.var), e.layout, e.order)
    if isinstance(e, ir.At):
        return ir.At(kids[0], tuple((fn(n), v) for (n, _), v in zip(e.bindings, kids[1:], strict=True)))
    return rebuild(e, kids) if kids else e


@dataclass(frozen=True)
class Template:
    """`A_j = Z_{j-1}W_j + ...` read as the definition of every member of the family A."""

    base: str
    letter: str
    body: Expr | None
    mentions: frozenset[str]


@dataclass
class Dependence:
    """What a function depends on directly: some names, and every member of some families."""

    exact: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)

    def touches(self, name: str) -> bool:
        m = member(name)
        return name in self.exact or name in self.families or (m is not None and m[0] in self.families)


class Layers:
    """The families a document defines with a symbolic index, and how their members feed each other."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.templates: dict[str, Template] = {}
        self._stamp: tuple[int, int, int] | None = None
        self._users: dict[str, frozenset[str] | None] = {}
        self._plain: list[tuple[str, set[str]]] | None = None
        for name, definition in list(env.definitions.items()):
            found = member(name)
            if found and not found[1].offset and len(found[1].letter) == 1 and not definition.params:
                body = body_of(env, definition)
                self.templates[found[0]] = Template(found[0], found[1].letter, body, frozenset(_names(body)))
        for name, mentions in env.unknown_mentions.items():
            found = member(name)
            if found and not found[1].offset and len(found[1].letter) == 1 and found[0] not in self.templates:
                self.templates[found[0]] = Template(found[0], found[1].letter, None, mentions)

    def instance(self, name: str) -> Definition | None:
        """The definition of `A_{t+1}` from the family's `A_t = ...`, if it has one."""
        found = member(name)
        if found is None or name in self.env.definitions or name in self.env.unknown:
            return None
        template = self.templates.get(found[0])
        if template is None or template.body is None:
            return None
        if found[1].letter != template.letter and (found[1].letter + template.letter).isupper():
            return None  # `S_W` beside `S_B = ...`: capital labels (between, within), not indices
        body = shift_names(template.body, template.letter, found[1])
        if name in _names(body):
            return None  # `A_w = R A_b R^T`: frame labels, not an index; A_b is not defined by it
        return Definition(name, (), body, "", -1)

    def users(self, name: str) -> frozenset[str] | None:
        """The names whose definitions use `name`; None when they are all the members of a family
        (kept until the environment changes: the walks ask for the same names again and again)."""
        stamp = (self.env.version, len(self.env.definitions), len(self.env.unknown))
        if stamp != self._stamp:
            self._stamp = stamp
            self._users = {}
            self._plain = None
        if name not in self._users:
            self._users[name] = self._users_now(name)
        return self._users[name]

    def _users_now(self, name: str) -> frozenset[str] | None:
        found = member(name)
        out: set[str] = set()
        for template in self.templates.values():
            for mention in template.mentions:
                other = member(mention)
                if found and other and other[0] == found[0] and other[1].letter == template.letter:
                    at = Index(found[1].letter, found[1].offset - other[1].offset)
                    out.add(member_name(template.base, at))
                elif mention == name:
                    return None
        for key, names in self._plain_definitions():
            if name in names:
                out.add(key)
        return frozenset(out)

    def _plain_definitions(self) -> list[tuple[str, set[str]]]:
        """The definitions that are not a family's template, with the symbols their bodies use."""
        if self._plain is None:
            self._plain = []
            for key, definition in list(self.env.definitions.items()):
                owner = member(key)
                template = self.templates.get(owner[0]) if owner else None
                if owner and template is not None and template.letter == owner[1].letter:
                    continue
                self._plain.append((key, ir.free_symbols(body_of(self.env, definition))))
        return self._plain

    def family_feeds(self, base: str) -> set[str]:
        """The families that members of `base` feed, directly or through others."""
        out: set[str] = set()
        todo = [base]
        while todo:
            b = todo.pop()
            for template in self.templates.values():
                if template.base in out:
                    continue
                if any(((m := member(x)) and m[0] == b) or x == b for x in template.mentions):
                    out.add(template.base)
                    todo.append(template.base)
        return out

    def reach(self, start: str, stop: set[str], depends: Dependence | None) -> set[str] | None:
        """The members of `stop` through which a function depending on `depends` sees `start`;
        None when it may also see `start` some other way (or the walk cannot tell)."""
        if depends is None or depends.touches(start):
            return None
        seen, todo, reached = {start}, [start], set()
        while todo:
            users = self.users(todo.pop())
            if users is None:
                return None
            for user in sorted(users):
                if user in stop:
                    reached.add(user)
                    continue
                if depends.touches(user):
                    return None
                if user not in seen:
                    seen.add(user)
                    todo.append(user)
                    if len(seen) > MAX_WALK:
                        return None
        return reached or None

    def feeds(self, start: str, target: str) -> bool:
        seen, todo = {start}, [start]
        while todo and len(seen) <= MAX_WALK:
            users: frozenset[str] = self.users(todo.pop()) or frozenset()
            if target in users:
                return True
            for user in users - seen:
                seen.add(user)
                todo.append(user)
        return False

    def walked(self, start: str, stop: set[str]) -> set[str]:
        """The members a walk from `start` to `stop` passes (their definitions are needed)."""
        seen, todo = {start}, [start]
        while todo and len(seen) <= MAX_WALK:
            for user in self.users(todo.pop()) or frozenset():
                if user not in seen:
                    seen.add(user)
                    if user not in stop:
                        todo.append(user)
        return seen


def _names(e: Expr) -> set[str]:
    return ir.free_symbols(e) | ir.differential_symbols(e)


def dependence_of(terms: list[Expr]) -> Dependence:
    found = Dependence()
    for term in terms:
        for name in _names(term):
            summed = _SUMMED_MEMBER.match(name)
            if summed:
                found.families.add(summed.group(1))
            else:
                found.exact.add(name)
    return found
