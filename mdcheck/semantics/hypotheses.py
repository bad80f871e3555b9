"""How long what a hypothesis says holds ("When $\\Sigma_1 = \\Sigma_2 = \\Sigma$", "if $A = I$"): bound
for what follows, then an assumption a failing step may rely on, until the prose speaks of the
general case again."""

from __future__ import annotations

import re

from mdcheck.semantics.env import Declaration, Definition, Environment
from mdcheck.semantics.prose import hypothesis_names, read_definition

# Prose that leaves a hypothesis behind ("In general, ...", "Without this assumption", "For any
# other matrix", "Otherwise").
_GENERAL_AGAIN = re.compile(
    r"\b(?:in\s+general|(?:the|a)\s+general\s+case|more\s+generally|without\b|otherwise|"
    r"for\s+(?:any|an?)\s+(?:other|arbitrary|general)\b|for\s+(?:arbitrary|general)\b)",
    re.IGNORECASE,
)

# One of these is in every text the pattern finds (exactly so for ASCII text).
_GENERAL_WORDS = ("general", "without", "other", "arbitrary")

# A name a hypothesis bound: the table (definitions or values), the name, its binding before, and
# the binding the hypothesis made (None: none).
Binding = tuple[dict[str, Definition], str, Definition | None, Definition | None]
Bindings = tuple[dict[str, Definition], dict[str, Definition]]
Assumption = tuple[str, frozenset[str]]


def leaves_hypotheses(text: str, heading: bool) -> bool:
    """Whether prose after a display leaves the hypotheses before it: a heading, or words that speak
    of the general case again; "and", "likewise", "therefore" go on under them."""
    if heading:
        return True
    if text.isascii() and not any(map(text.lower().__contains__, _GENERAL_WORDS)):
        return False  # a quick test first: the pattern is slow on long prose, and rarely needed
    return _GENERAL_AGAIN.search(text) is not None


class Hypotheses:
    """The hypotheses of one document as it is walked. An inline chain after when/if binds its names
    for the next display, then each of its relations is an assumption; a single equation the prose
    supposes binds until the prose leaves it, then is an assumption; both end when the prose speaks
    of the general case again."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._chain_bound: list[list[Binding]] = []  # by inline chains: for the next display
        self._chain_relations: list[Assumption] = []  # ... assumed after it
        self._chained: list[Assumption] = []  # ... until the general case again
        self._supposed: list[list[Binding]] = []  # by single equations: until the general case
        self._declared: list[tuple[str, Declaration | None, Declaration]] = []
        self._supposed_assumptions: list[Assumption] = []
        self._shown = False  # a display came after the single equations
        self._stated: list[Assumption] = []  # conditions a display stated: for the next display

    def prose(self, text: str, heading: bool) -> None:
        """Prose before anything else reads it: it may leave the hypotheses behind."""
        if not leaves_hypotheses(text, heading):
            return
        if self._chained:
            self.env.assumptions = [a for a in self.env.assumptions if a not in self._chained]
            self._chained = []
        if self._supposed and self._shown:
            _unbind(self._supposed, self.env)
            self._end_supposed()
            self._supposed, self._shown = [], False

    def suppose(self, equations: tuple[str, ...]) -> None:
        """Bind the single equations the prose supposes ("When $A = I$", "if $A = A^T$")."""
        before = self.bindings()
        declared = dict(self.env.declarations)
        for math in equations:
            bound = self.bindings()
            read_definition(math, self.env)
            if not self.bound_since(bound):
                # `\Omega^{-1} = L^\top L` binds no name: what follows may rely on it at once
                self.env.assumptions.append((math.strip(), hypothesis_names(math, self.env)))
        self._declared.extend(
            (name, declared.get(name), self.env.declarations[name])
            for name in self.env.declarations
            if self.env.declarations[name] is not declared.get(name)
        )
        self._supposed_assumptions.extend(
            (math.strip(), hypothesis_names(math, self.env)) for math in equations
        )
        self._supposed.append(self.bound_since(before))

    def suppose_properties(self) -> None:
        """Declare the properties the prose supposed ("For symmetric $B$"), undone as a single
        equation's hypothesis is when the prose speaks of the general case again."""
        for name, props in self.env.supposed_properties:
            was = self.env.declarations.get(name)
            self.env.declare(name, properties=props)
            self._declared.append((name, was, self.env.declarations[name]))
        self.env.supposed_properties.clear()
        self._supposed.append([])

    def bindings(self) -> Bindings:
        """The definitions and values now: what a hypothesis chain is about to bind is measured from it."""
        return dict(self.env.definitions), dict(self.env.values)

    def chained(self, before: Bindings, relations: list[str]) -> None:
        """An inline hypothesis chain was checked: what it bound since `before`, and its relations."""
        self._chain_bound.append(self.bound_since(before))
        self._chain_relations += [(text, hypothesis_names(text, self.env)) for text in relations]

    def display_done(self) -> None:
        """A display was checked: the chains before it stop binding and become assumptions (what
        follows may still rely on them: "Likewise, ...")."""
        if self._chain_bound:
            _unbind(self._chain_bound, self.env)
            self.env.assumptions.extend(self._chain_relations)
            self._chained += self._chain_relations
            self._chain_bound, self._chain_relations = [], []
        self._shown |= bool(self._supposed)

    def conditions_stated(self, relations: list[str]) -> None:
        """A display was checked that stated conditions ("Stationarity requires $Ax = \\lambda x$"):
        the next display may rely on them ("so $x^T A x = \\lambda$"); those of the display before
        are no longer assumed (nor any, when `relations` is empty: prose that does not go on from them)."""
        if self._stated:
            self.env.assumptions = [a for a in self.env.assumptions if a not in self._stated]
        stated = [(text, hypothesis_names(text, self.env)) for text in relations]
        self._stated = [a for a in stated if a[1] and a not in self.env.assumptions]
        self.env.assumptions.extend(self._stated)

    def bound_since(self, before: Bindings) -> list[Binding]:
        """What was bound since `before`: (table, name, the binding before, the one made)."""
        changes = []
        for table, old in zip((self.env.definitions, self.env.values), before, strict=True):
            for name in table.keys() | old.keys():
                if table.get(name) is not old.get(name):
                    changes.append((table, name, old.get(name), table.get(name)))
        return changes

    def _end_supposed(self) -> None:
        """Undo what single-equation hypotheses declared; each is now an assumption."""
        for symbol, was, declared in self._declared:
            if self.env.declarations.get(symbol) is declared:
                if was is None:
                    self.env.declarations.pop(symbol, None)
                else:
                    self.env.declarations[symbol] = was
        self.env.assumptions.extend(a for a in self._supposed_assumptions if a not in self.env.assumptions)
        self._declared = []
        self._supposed_assumptions = []
        self.env.version += 1


def _unbind(bound: list[list[Binding]], env: Environment) -> None:
    """Undo what hypotheses bound, where nothing has bound those names again since."""
    for changes in reversed(bound):
        for table, name, old, made in changes:
            if table.get(name) is not made:
                continue
            if old is None:
                table.pop(name, None)
            else:
                table[name] = old
    env.version += 1
