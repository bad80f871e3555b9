"""One document: its derivation blocks -> steps -> verdicts. The only module that knows the whole
flow; each stage it calls takes and returns plain data, and no stage calls back up."""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field, replace

from mdcheck.collector import collector_paused
from mdcheck.document import Block, Directive, Document, Position, Problem, Prose
from mdcheck.latex import ast
from mdcheck.latex.parser import ParseResult, parse
from mdcheck.latex.scan import mentions_differentials
from mdcheck.latex.steps import RawStep, Side, SplitBlock, lone_expression, split_steps
from mdcheck.latex.tokens import use_macros
from mdcheck.options import CheckOptions
from mdcheck.semantics.directives import apply_directive
from mdcheck.semantics.env import Environment
from mdcheck.semantics.hypotheses import Hypotheses
from mdcheck.semantics.layouts import LayoutClaim, wrong_layouts
from mdcheck.semantics.plain_equations import read_plain_equations, with_plain_equations
from mdcheck.semantics.prose import (
    note_softmax_rows,
    parse_shared,
    property_chain,
    read_declaration,
    read_definition,
    read_prose,
    symbol_list_cache_clear,
)
from mdcheck.semantics.scopes import SectionScopes
from mdcheck.step_check import SET_UP_CONDITION, SideMeaning, StepChecker, StepInput
from mdcheck.verdicts import BlockReport, FileReport, StepVerdict

WHERE = re.compile(r"^\s*(?:where|with|here|in which)\b", re.IGNORECASE)


@dataclass
class Unit:
    """A derivation to check: a display block, or an inline formula with a chain of relations."""

    text: str
    locate_offset: int
    kind: str
    item: Block | Prose
    split: SplitBlock
    sides: dict[int, ParseResult] = field(default_factory=dict)

    def position(self, offset: int) -> Position:
        return self.item.locate(self.locate_offset + offset)


# "When $\\Sigma_1 = \\Sigma_2 = \\Sigma$ ...", "if $x = y = 0$": an inline chain that states a hypothesis.
_HYPOTHESIS_CUE = re.compile(
    r"\b(?:when|whenever|if|suppose|supposing|assume|assuming|let|given|for|with|where|setting|set|"
    r"solves|solving|satisfies|satisfying|such\s+that)\s*(?:\$*|\\\()\s*$",
    re.IGNORECASE,
)


# `$d \\in \\mathbb{R}^n$`, `$x, d \\in \\mathbb{R}^n$`: a symbol d declared in the prose.
# Only a vector or a matrix (`\\mathbb{R}^n`): `d \\in \\mathbb{N}` is a dimension beside differentials.
_DECLARED_D = re.compile(
    r"(?:^|[\s,])d\s*(?:,\s*[A-Za-z]\s*)*(?:\\in\b|∈)\s*\\mathbb\s*(?:\{\s*R\s*\}|R)\s*\^"
)
_D_POWER = re.compile(r"(?<![\\A-Za-z])d\s*\^")
_UPRIGHT_D = re.compile(r"\\(?:mathrm|operatorname|text)\s*(?:\{\s*d\s*\}|d)")


# A row of a chain broken over displays: the display after it continues it, not a new expression.
_DANGLING_END = ("+", "-", "\\cdot", "\\times", "\\odot", "\\otimes", "\\pm", "\\mp")


# "At such a point the objective equals the multiplier: $w^T S w = \\lambda w^T w = \\lambda$": a
# chain that holds at the point a condition singles out, not everywhere.
_AT_A_POINT = re.compile(
    r"\bat\s+(?:such\s+an?|an?|the|this|that|any\s+such)\s+(?:[a-z-]+\s+)?"
    r"(?:point|optimum|solution|minimi[sz]er|maximi[sz]er|minimum|maximum|extremum)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n")


def _hypothesis(unit: Unit) -> bool:
    """Whether an inline chain follows a word that makes it a hypothesis, not a derivation, or
    stands in a sentence that places it at a particular point ("at such a point")."""
    if unit.kind != "inline":
        return False
    before = unit.item.text[max(0, unit.locate_offset - 30) : unit.locate_offset]
    if _HYPOTHESIS_CUE.search(before) is not None:
        return True
    if _CONDITIONAL_CLAUSE.search(unit.item.text[max(0, unit.locate_offset - 80) : unit.locate_offset]):
        return True
    sentence = _SENTENCE_END.split(unit.item.text[max(0, unit.locate_offset - 200) : unit.locate_offset])[-1]
    return _AT_A_POINT.search(sentence) is not None


# "If the weights are tied, $W_1 = W_2^T = U^T$": a conditional clause in words (no formula in it)
# that ends with a comma right before the chain makes it a hypothesis too.
_CONDITIONAL_CLAUSE = re.compile(
    r"\b(?:when|whenever|if|suppose|supposing|assuming)\b[^.;:!?$\\]{0,60},\s*(?:\$*|\\\()\s*$", re.IGNORECASE
)


# Words that make an inline chain hold only for what follows it ("When $\\Sigma_1 = \\Sigma_2$ ..."),
# where "let", "where", "given" bind names for the rest of the section.
_CONDITIONAL_CUE = re.compile(
    r"\b(?:when|whenever|if|suppose|supposing|assume|assuming)\s*(?:\$*|\\\()\s*$", re.IGNORECASE
)


def _relations(unit: Unit) -> list[str]:
    """Each relation of a hypothesis chain (`\\Sigma_1 = \\Sigma_2 = \\Sigma`), written alone."""
    return [
        f"{step.lhs.text} {step.relation} {step.rhs.text}"
        for step in unit.split.steps
        if step.lhs is not None
    ]


# Prose that goes on with the display before it in other words: "or in block form", "equivalently".
_GOES_ON = re.compile(r"^\W*(?:or|equivalently|i\.\s?e\.|that is)\b", re.IGNORECASE)


# Prose that draws a consequence of the display before ("so $x$ is an eigenvector, and ..."): the
# next display may rely on its conditions.
_CONSEQUENCE = re.compile(
    r"^\W*(?:so|hence|thus|therefore|then|consequently|it follows|at (?:the|this|such a) "
    r"(?:point|optimum|solution|minimum|maximum))\b",
    re.IGNORECASE,
)


# `\\text{where }`, `\\mbox{with}` in a display, before a definition of what the step before uses.
_WHERE_REMARK = re.compile(r"\\(?:text|mbox|mathrm|textrm)\s*\{\s*(?:where|with)\b")


# A remark that makes what follows it in a display a condition: `\text{only if }`, `\text{when }`.
_CONDITION_REMARK = re.compile(
    r"\\(?:text|mbox|textrm)\s*\{[^{}]*\b(?:if|iff|when|whenever|unless|provided|assuming)\b[^{}]*\}\s*$"
)

# What sets a definition beside an equation in the same row: a wide space, a comma.
_BESIDE = re.compile(r"\\q?quad\b|,")


def _name_keys(latex: str) -> set[str]:
    """The names written in a side (none when it does not parse)."""
    node = parse(latex).node
    return {n.key for n in ast.walk(node) if isinstance(n, ast.Name)} if node is not None else set()


def _constant_name_key(key: str) -> bool:
    """`I`, `e`, `\\pi`, the ones vector: names that are not defined in a display."""
    return key in ("I", "e", "\\pi", "\\mathbf{1}", "\\mathbf{I}", "\\mathbb{1}")


def _goes_on(text: str) -> bool:
    """Whether a short piece of prose restates the display before it ("or, in block form,")."""
    return len(text) < 80 and _GOES_ON.search(text) is not None


def _stated_conditions(report: BlockReport) -> list[str]:
    """The equations a display states as conditions the text sets up (neither side zero, not
    following from another): what follows may rely on them."""
    return [
        f"{step.lhs} = {step.rhs}"
        for step in report.steps
        if step.kind == "condition"
        and SET_UP_CONDITION in step.reason
        and step.relation == "="
        and step.lhs.strip() not in ("0", "")
        and step.rhs.strip() != "0"
    ]


def _conditional(unit: Unit) -> bool:
    """Whether an inline chain follows a word that makes it hold only for the next display."""
    text, at = unit.item.text, unit.locate_offset
    return (
        _CONDITIONAL_CUE.search(text[max(0, at - 30) : at]) is not None
        or _CONDITIONAL_CLAUSE.search(text[max(0, at - 80) : at]) is not None
    )


# Inline math that states a derivative (`$\\nabla_x f = 2Ax$`, `$\\frac{\\partial L}{\\partial w} = X^Tr$`): a
# claim even with one relation, where most one-relation formulas in prose name something.
_DERIVATIVE_CLAIM = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*(?:d|\\mathrm\s*\{?d)")


def _claims_a_derivative(split: SplitBlock) -> bool:
    """One relation whose left side is a derivative (`\\nabla_x f = 2Ax`), not a name given one
    (`g = \\partial\\ell/\\partial h`, a definition the prose reader takes)."""
    lhs = split.steps[0].lhs
    return lhs is not None and _DERIVATIVE_CLAIM.search(lhs.text) is not None


_RELATION_MARKS = (
    "=",
    "<",
    ">",
    "\\le",
    "\\ge",
    "\\ne",
    "\\approx",
    "\\propto",
    "\\equiv",
    "\\sim",
    "\\simeq",
    "≤",
    "≥",
    "≠",
    "≈",
)


def _relation_marks(text: str) -> int:
    """An upper bound on the relations in inline math (`\\left` counts as `\\le`): a quick test
    before splitting it into steps."""
    return sum(map(text.count, _RELATION_MARKS))


_NO_TREE = ParseResult(None, "a relation outside every group")


def _relation_outside_groups(split: SplitBlock, text: str) -> bool:
    """Whether `text` has a relation outside every group, which no expression has: the splitter
    found a step with a left side, and there is no indicator (`\\mathbb{1}(x > 0)`, the one parse
    taking a relation outside braces; its brackets are groups to the splitter too, kept out anyway)."""
    return (
        any(step.lhs is not None for step in split.steps)
        and "\\mathbb" not in text
        and "\\mathds" not in text
    )


def section_heading(item: Prose, language: str) -> bool:
    """A heading that starts a new section (`## Example`, `### 5.3 ...`, `\\section`), where the
    definitions of the last section end; `### Step 2` inside an example does not."""
    top = 3 if language == "latex" else 2
    return bool(item.heading) and (item.heading <= top or item.text.lstrip()[:1].isdigit())


def check_document(document: Document, options: CheckOptions) -> FileReport:
    """Check every derivation of `document`. Never raises for bad input."""
    started = time.perf_counter()
    if document.error is not None:
        return FileReport(document.path, problems=document.problems, error=document.error)
    _use_macros(document)
    with collector_paused():
        checker = _DocumentChecker(document, options)
        try:
            blocks = checker.run()
        except RecursionError:
            return FileReport(
                document.path, problems=document.problems, error="the document nests too deeply to be checked"
            )
    problems = document.problems + tuple(checker.problems)
    return FileReport(document.path, tuple(blocks), problems, None, time.perf_counter() - started)


def _use_macros(document: Document) -> None:
    """Tokenize with the document's own macros; what was read from texts under other macros is
    forgotten (the caches are keyed by the text alone)."""
    if use_macros({name: (count, body) for name, count, body in document.macros}):
        parse.cache_clear()
        split_steps.cache_clear()
        symbol_list_cache_clear()


class _DocumentChecker:
    def __init__(self, document: Document, options: CheckOptions) -> None:
        self.document = document
        self.options = options
        self.env = Environment()
        self.problems: list[Problem] = []
        self.hypotheses = Hypotheses(self.env)
        self.scopes = SectionScopes(self.env)
        self.units = self._units()
        texts = [u.text for units in self.units.values() for u in units]
        if self._declares_d():
            # `d^\\top Q d` with d a vector: its powers and transposes are not differentials.
            texts = [_D_POWER.sub("D^", text) for text in texts]
        self.env.differentials = any(mentions_differentials(text) for text in texts)
        for text in options.assumptions:
            effect = apply_directive(text, self.env)
            if effect.problem:
                self.problems.append(Problem(f"configured assumption: {effect.problem}"))
        self._prescan()
        self.chain_differentials = self._chains()

    # -- finding the derivations ---------------------------------------------------------------
    def _units(self) -> dict[int, list[Unit]]:
        units: dict[int, list[Unit]] = {}
        for k, item in enumerate(self.document.items):
            if isinstance(item, Block):
                units[k] = [Unit(item.text, 0, item.kind, item, split_steps(item.text))]
            elif isinstance(item, Prose):
                chains = []
                for span in item.math:
                    text = item.text[span.start : span.end]
                    marks = _relation_marks(text)
                    if marks < 2 and not (marks == 1 and _DERIVATIVE_CLAIM.search(text)):
                        continue
                    split = split_steps(text)
                    if property_chain(text) is not None:
                        continue  # `($P^2 = P = P^\\top$)`: properties said of P, read with the prose
                    if len(split.steps) >= 2 or (len(split.steps) == 1 and _claims_a_derivative(split)):
                        chains.append(Unit(text, span.start, "inline", item, split))
                if chains:
                    units[k] = chains
        return units

    def _parse(self, unit: Unit, side: Side) -> ParseResult:
        key = side.start if side.tokens else -1
        got = unit.sides.get(key)
        if got is None:
            got = parse_shared(side.tokens, self.env.differentials)
            unit.sides[key] = got
        return got

    def _prescan(self) -> None:
        """Names used as functions (`f'(x)`) and symbols whose differential is written anywhere."""
        varying: set[str] = set()
        for units in self.units.values():
            for unit in units:
                for step in unit.split.steps:
                    for side in (step.lhs, step.rhs):
                        if side is None or not side.tokens:
                            continue
                        result = self._parse(unit, side)
                        if result.node is None:
                            continue
                        for node in ast.walk(result.node):
                            if isinstance(node, ast.Apply) and node.primes:
                                self.env.functions.add(node.func.key)
                                self.env.primed_calls.add(node.func.key)
                            elif isinstance(node, ast.Diff) and isinstance(node.body, ast.Name):
                                varying.add(node.body.key)
                            elif isinstance(node, ast.Nabla) and isinstance(node.body, ast.Name):
                                self.env.gradient_bodies.add(node.body.key)
        self.env.document_varying = frozenset(varying)

    def _chains(self) -> dict[int, set[str]]:
        """Displays that start with a relation continue the derivation of the display before them
        (notes converted from PDF often put each row of a chain in its own display); the symbols
        whose differentials any of them writes vary in all of them."""
        groups: list[list[Unit]] = []
        for k in sorted(self.units):
            for unit in self.units[k]:
                steps = unit.split.steps
                continues = unit.kind != "inline" and bool(steps) and steps[0].lhs is None
                if continues and groups:
                    groups[-1].append(unit)
                else:
                    groups.append([unit])
        out: dict[int, set[str]] = {}
        for group in groups:
            if len(group) < 2:
                continue
            names: set[str] = set()
            for unit in group:
                for result in unit.sides.values():
                    if result.node is not None:
                        names |= {
                            n.body.key
                            for n in ast.walk(result.node)
                            if isinstance(n, ast.Diff) and isinstance(n.body, ast.Name)
                        }
            for unit in group:
                out[id(unit)] = names
        return out

    def _declares_d(self) -> bool:
        """Whether the prose declares a vector or matrix `d` (`$d \\in \\mathbb{R}^n$`, a step in a
        Taylor expansion) and the notes write no upright differential (`\\mathrm{d}X`)."""
        spans = [
            item.text[span.start : span.end]
            for item in self.document.items
            if isinstance(item, Prose)
            for span in item.math
        ]
        if not any(_DECLARED_D.search(text) for text in spans):
            return False
        return not any(_UPRIGHT_D.search(u.text) for units in self.units.values() for u in units)

    # -- the walk ------------------------------------------------------------------------------
    def run(self) -> list[BlockReport]:
        reports: list[BlockReport] = []
        skip_block = skip_step = skip_rest = False
        condition_next = stated_conditions = False
        checker = StepChecker(self.env, self.options)
        for k, item in enumerate(self.document.items):
            if isinstance(item, Directive):
                effect = apply_directive(item.text, self.env)
                skip_block |= effect.skip_block
                skip_step |= effect.skip_step
                skip_rest |= effect.skip_rest
                if effect.problem:
                    self.problems.append(Problem(f"mdcheck directive: {effect.problem}", item.position))
                continue
            if isinstance(item, Prose):
                self.hypotheses.prose(item.text, bool(item.heading))
                spans = [(s.start, s.end) for s in item.math]
                read = read_plain_equations(item.text, spans)  # `S = L LT` in words too
                reading = read_prose(read.text, read.spans, self.env)
                self._mention_prose(item.text, spans, {u.locate_offset for u in self.units.get(k, [])})
                self._mention_prose(read.text, read.equations, set())
                if reading.heading or section_heading(item, self.document.language):
                    self.scopes.heading(item.heading)
                    self.env.mentioned.clear()
                condition_next = reading.condition_next or (stated_conditions and _goes_on(item.text))
                if stated_conditions and not _CONSEQUENCE.search(item.text):
                    self.hypotheses.conditions_stated([])  # "The expansion:" relies on nothing
                if reading.hypotheses:
                    self.hypotheses.suppose(reading.hypotheses)
                if self.env.supposed_properties:
                    self.hypotheses.suppose_properties()
            if isinstance(item, Block):
                note_softmax_rows(item.text, self.env)
            for unit in self.units.get(k, []):
                if isinstance(item, Block):
                    self._look_ahead(k)
                index = len(reports) + 1
                skip = "block" if (skip_block or skip_rest) else ""
                hypothesis = _hypothesis(unit)
                before = self.hypotheses.bindings() if hypothesis and _conditional(unit) else None
                report, skip_step = self._check_unit(
                    unit, index, checker, skip, skip_step, condition_next or hypothesis
                )
                if before is not None:
                    self.hypotheses.chained(before, _relations(unit))
                self._mention_unit(unit)
                reports.append(report)
                skip_block = False
                if isinstance(item, Block):
                    condition_next = False
            if isinstance(item, Block):
                self.hypotheses.display_done()
                stated = _stated_conditions(reports[-1]) if self.units.get(k) else []
                self.hypotheses.conditions_stated(stated)
                stated_conditions = bool(stated)
        return self._layouts_kept(reports, checker.layout_claims)

    def _layouts_kept(
        self, reports: list[BlockReport], claims: list[tuple[int, int, LayoutClaim]]
    ) -> list[BlockReport]:
        """A derivative claim that holds only in the layout the document's other claims of its kind
        keep to is a wrong-layout finding (`semantics/layouts.py` says which)."""
        text = "\n".join(
            ("# " if isinstance(item, Prose) and item.heading else "") + item.text.lower()
            for item in self.document.items
            if isinstance(item, Prose | Block)
        )
        found = wrong_layouts(text, [claim for _, _, claim in claims])
        for (block, step, _), reason in zip(claims, found, strict=True):
            if reason:
                report = reports[block - 1]
                steps = list(report.steps)
                steps[step] = replace(steps[step], status="broken", kind="wrong-layout", reason=reason)
                reports[block - 1] = replace(report, steps=tuple(steps))
        return reports

    def _mention_prose(self, prose: str, spans: list[tuple[int, int]], chains: set[int]) -> None:
        """The names the prose writes, except in its inline chains (`chains`: where they start),
        which are mentioned once checked, as displays are (a name new in one is introduced there),
        and except bare letters in words, read for their properties only."""
        for start, end in spans:
            if start in chains:
                continue
            text = prose[start:end]
            if end - start == 1 and not prose.endswith(("$", "(", "[", "}"), 0, start):
                continue  # a bare letter in words (`Y is a matrix`)
            split = split_steps(text) if _relation_marks(text) else None
            # A relation outside every group (a step with a left side) is not an expression: the
            # whole text would not parse, and the parse of its sides is all there is to read.
            whole = None if split is not None and _relation_outside_groups(split, text) else text
            result = _NO_TREE if whole is None else parse(whole, differentials=self.env.differentials)
            nodes = [result.node]
            if result.node is None and split is not None:
                # `$A_j = Z_{j-1}W_j$`: the names on each side of a relation are written too.
                sides = [s for step in split.steps for s in (step.lhs, step.rhs) if s is not None]
                nodes = [parse_shared(s.tokens, self.env.differentials).node for s in sides]
            elif result.node is None and "," in text:
                # `$y, z$ scalars`: a list of names, each written; `x_1, \\dots, x_N`: its first and
                # last members (a family, see `lower._written_family`).
                pieces = [p for p in text.split(",") if "dots" not in p]
                nodes = [parse(piece, differentials=self.env.differentials).node for piece in pieces]
            for node in nodes:
                if node is not None:
                    self._mention(node)

    def _mention_unit(self, unit: Unit) -> None:
        for result in unit.sides.values():
            if result.node is not None:
                self._mention(result.node)

    def _mention(self, node: ast.Node) -> None:
        """The names a formula writes, and those it sums up to (`\\sum_{n=1}^N`: N is a count)."""
        for n in ast.walk(node):
            if isinstance(n, ast.Name):
                self.env.mentioned.add(n.key)
            elif isinstance(n, ast.Sum) and isinstance(n.upper, ast.Name):
                self.env.counts.add(n.upper.key)

    def _look_ahead(self, k: int) -> None:
        """Definitions in a sentence right after a display ("where $\\alpha = K^{-1}y$") apply to it."""
        items = self.document.items
        if k + 1 < len(items):
            nxt = items[k + 1]
            if isinstance(nxt, Prose) and WHERE.match(nxt.text):
                read_prose(*with_plain_equations(nxt.text, [(s.start, s.end) for s in nxt.math]), self.env)

    def _where_in_display(self, unit: Unit, index: int) -> None:
        """`... = X^T R X - S^{-1}, \\quad \\text{where } R = \\operatorname{diag}(...)`: a definition the
        display gives after the step that uses it applies to the whole display."""
        for before, raw in itertools.pairwise(unit.split.steps):
            if raw.lhs is None or not raw.first or not before.rhs.tokens or not raw.lhs.tokens:
                continue
            between = unit.text[before.rhs.tokens[-1].end : raw.lhs.start]
            beside = _BESIDE.search(between) is not None and "\\\\" not in between
            if _CONDITION_REMARK.search(between):
                continue  # `2Bx \qquad \text{only if } B = B^T`: a condition of the step before
            if _WHERE_REMARK.search(between) or (beside and self._names_what_came_before(before, raw)):
                read_definition(f"{raw.lhs.text} = {raw.rhs.text}", self.env, index)

    def _names_what_came_before(self, before: RawStep, raw: RawStep) -> bool:
        """`... = X^T \\alpha, \\qquad \\alpha = (K + \\lambda I)^{-1} y`: a new name (neither declared nor
        defined) that the step before uses, given its value beside it in the same display."""
        assert raw.lhs is not None
        if before.relation != "=":
            return False
        name = parse(raw.lhs.text).node
        if not isinstance(name, ast.Name):
            return False
        key = name.key
        if key in self.env.declarations or key in self.env.definitions or _constant_name_key(key):
            return False
        earlier = set().union(
            *(_name_keys(side.text) for side in (before.lhs, before.rhs) if side is not None)
        )
        return key in earlier and key not in _name_keys(raw.rhs.text)

    def _check_unit(
        self, unit: Unit, index: int, checker: StepChecker, skip: str, skip_step: bool, condition: bool
    ) -> tuple[BlockReport, bool]:
        for declaration in unit.split.declarations:
            read_declaration(declaration, self.env)
        steps = unit.split.steps
        self._where_in_display(unit, index)
        inputs: list[StepInput] = []
        previous: SideMeaning | None = checker.last_side if unit.kind != "inline" else None
        for raw in steps:
            lhs = self._side(unit, raw.lhs) if raw.lhs is not None else previous
            rhs = self._side(unit, raw.rhs)
            inputs.append(StepInput(raw, lhs, rhs, self._skip_reason(skip, skip_step)))
            skip_step = False
            previous = rhs
        verdicts = checker.check_block(
            inputs,
            index,
            unit.kind,
            condition,
            lambda off: unit.position(off),
            unit.item.source.path,
            self.chain_differentials.get(id(unit), set()),
        )
        if unit.kind != "inline" and not steps and not unit.split.declarations:
            checker.last_side = self._lone_side(unit, checker)
        start = unit.position(0)
        end = unit.item.end if isinstance(unit.item, Block) else unit.position(len(unit.text))
        report = BlockReport(index, unit.kind, unit.text, start, end, tuple(verdicts))
        return report, skip_step

    def _skip_reason(self, skip: str, skip_step: bool) -> str:
        if skip:
            return "skipped by an mdcheck directive"
        return "skipped by an mdcheck: skip-next-step directive" if skip_step else ""

    def _lone_side(self, unit: Unit, checker: StepChecker) -> SideMeaning | None:
        """The head of a chain written alone in its display: what a next display starting with a
        relation continues (not the display before it). None when it is not one expression."""
        before = checker.last_side
        if before is not None and before.side.text.rstrip(" .,").endswith(_DANGLING_END):
            return before  # this display goes on with the row before it, which cannot be read alone
        lone = lone_expression(unit.text)
        if lone is None:
            return None
        side = self._side(unit, lone)
        return side if side.node is not None else None

    def _side(self, unit: Unit, side: Side) -> SideMeaning:
        if not side.tokens:
            return SideMeaning(side, None, "empty side", side.start, unit.position)
        result = self._parse(unit, side)
        return SideMeaning(side, result.node, result.error, result.offset, unit.position)


def _unused(_: RawStep) -> None:  # pragma: no cover - keeps the import of RawStep for type readers
    return None


__all__ = ["StepVerdict", "check_document"]
