"""One block's steps, in order: definitions bound, each step's readings typed and tested on random
draws, and a verdict with its evidence — or the exact reason it stays unchecked."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from mdcheck.document import Position
from mdcheck.latex import ast
from mdcheck.latex.names import ADDITIVE_CONSTANT, ASKED, REQUIRED, name_key
from mdcheck.latex.parser import parse_side
from mdcheck.latex.steps import RawStep, Side, split_steps
from mdcheck.numeric.compare import Outcome, StepTester
from mdcheck.options import CheckOptions
from mdcheck.semantics import ir
from mdcheck.semantics.applications import bare_points, other_arity, written_as_derivative
from mdcheck.semantics.backprop import ChainRule
from mdcheck.semantics.bare_functions import bare_function_points, bare_function_values
from mdcheck.semantics.chain import Layers, family_neighbour
from mdcheck.semantics.differentiate import rebuild
from mdcheck.semantics.directions import along, named_direction
from mdcheck.semantics.env import SQUARE_PROPERTIES, Declaration, Definition, Environment
from mdcheck.semantics.layouts import LayoutClaim, layout_of, other_layout
from mdcheck.semantics.lower import (
    ADJOINT_MARKS,
    Lowerer,
    LowerError,
    Reading,
    adjoint_base,
    body_of,
    family_bounds,
    increment_factors,
    opaque_variable,
    substitute,
)
from mdcheck.semantics.meaning import BlockContext, Meanings, TypedStep, typed_meanings, varying_symbols
from mdcheck.semantics.naming import named_parts
from mdcheck.semantics.prose import definition_target
from mdcheck.semantics.show import show
from mdcheck.step_evidence import Judgement, property_words, step_verdict
from mdcheck.verdicts import StepVerdict

CHECKED_RELATIONS = frozenset({"=", "\\equiv", ":=", REQUIRED})
# The factors by which an equation's sides may differ from those of the condition it rearranges.
REARRANGED_MULTIPLES = (1.0, -1.0, 2.0, -2.0, 0.5, -0.5)
REARRANGED = "the condition it follows from, rearranged"
SET_UP_CONDITION = "the text sets up a condition"
# Names that stand for constants, not symbols: they are never "introduced".
CONSTANT_NAMES = frozenset(
    {"I", "\\mathbf{I}", "\\mathbb{I}", "\\mathbf{1}", "\\mathbf{0}", "e", "\\pi", "\\mathbb{1}"}
)
# Verdicts that second thoughts (a redefinition, a new name) cannot change.
SETTLED_KINDS = frozenset({"skipped", "not-an-identity", "parse-error", "definition", "condition"})
RELATION_WORDS = {
    "\\approx": "an approximation",
    "\\propto": "a proportionality",
    "\\le": "an inequality",
    "\\ge": "an inequality",
    "<": "an inequality",
    ">": "an inequality",
    "\\neq": "an inequation",
    "\\sim": "a distribution statement",
    "\\succ": "a matrix inequality",
    "\\succeq": "a matrix inequality",
    "\\prec": "a matrix inequality",
    "\\preceq": "a matrix inequality",
    ASKED: "a question (=?)",
}


# `x_{k+1}`, `h_{t}`: a sequence's member named by an index expression (base, subscript).
_SEQUENCE_KEY = re.compile(r"(.+?)_\{(.+)\}")


@dataclass(frozen=True)
class SideMeaning:
    """One side of a step as parsed: the tree, or the parse error and where it points."""

    side: Side
    node: ast.Node | None
    error: str
    offset: int
    locate: Callable[[int], Position]


@dataclass(frozen=True)
class StepInput:
    raw: RawStep
    lhs: SideMeaning | None
    rhs: SideMeaning
    skip: str = ""


def _dropped_constant(typed: TypedStep | None) -> str | None:
    """Why a failing step with `+ \\text{const}` is not broken: it may hold up to that unwritten
    constant (notes drop it, or move terms into it, on the way); None when it has none."""
    if typed is None:
        return None
    if not (_has_constant_term(typed.lhs) or _has_constant_term(typed.rhs)):
        return None
    return (
        "the step has the additive constant \\text{const}, which may absorb any term that does not "
        "depend on the variables of interest (the notes do not say which): it may hold up to it"
    )


def _has_constant_term(e: ir.Expr) -> bool:
    """Whether `\\text{const}` stands in `e` outside a derivative (which drops it)."""
    if isinstance(e, ir.Sym):
        return e.name == ADDITIVE_CONSTANT
    if isinstance(e, ir.Derivative | ir.Diff):
        return False
    return any(_has_constant_term(c) for c in e.children())


class StepChecker:
    """Checks the steps of the blocks of one document, in document order."""

    def __init__(self, env: Environment, options: CheckOptions) -> None:
        self.env = env
        self.options = options
        self.last_side: SideMeaning | None = None
        self._current: RawStep | None = None
        self._readings: dict[int, list[Reading] | LowerError] = {}
        self._antecedents: set[int] = set()
        self._computed: set[int] = set()  # equations of the block that compute a written derivative
        self._block_index = 0
        self._layers: Layers | None = None
        self._instances: dict[str, Definition] = {}
        self._chain_literal: set[str] | None = None
        self._other_functions: frozenset[str] = frozenset()
        self._bare_points: dict[str, str] = {}
        # Steps that hold in one layout only: (block index, step index in the block, claim).
        self.layout_claims: list[tuple[int, int, LayoutClaim]] = []
        self._layout_claim: LayoutClaim | None = None
        # The typed readings of the conditions of the block being checked, by equation number, and
        # the context of the step being judged: a rewriting of a condition is checked against it.
        self._condition_typed: dict[int, TypedStep] = {}
        self._ctx: BlockContext | None = None
        # Tests the readings of the step being judged (a new one for each step).
        self._tester = StepTester(options.trials, options.seed)

    def check_block(
        self,
        inputs: list[StepInput],
        index: int,
        kind: str,
        condition: bool,
        locate: Callable[[int], Position],
        path: str,
        chain_differentials: set[str] | None = None,
    ) -> list[StepVerdict]:
        """The verdicts on one block's steps; `chain_differentials` are the differentials written
        in the other displays of the same chain."""
        self._readings = {}
        self._condition_typed = {}
        self._block_index = index
        literal, has_diff = _literal_differentials(inputs)
        literal |= chain_differentials or set()
        verdicts: list[StepVerdict] = []
        conditions: set[int] = set()
        hints: set[str] = set()
        chains = self._partial_chains(inputs)
        self._antecedents = _antecedents(inputs)
        self._computed = {s.raw.equation for s in inputs if s.raw.first and _derivative_of_a_formula(s)}
        for k, (step, own) in enumerate(zip(inputs, chains, strict=True)):
            self._layout_claim = None
            self._tester = StepTester(self.options.trials, self.options.seed)
            judged = self._judge(step, index, condition, conditions, own or literal, has_diff, hints)
            if judged.status == "broken":
                judged = self._read_again(
                    judged,
                    step,
                    inputs[k + 1 :],
                    index,
                    condition,
                    conditions,
                    own or literal,
                    has_diff,
                    hints,
                )
            if (
                judged.status == "ok"
                and self._layout_claim is not None
                and written_as_derivative(_side_nodes(step))
            ):
                self.layout_claims.append((index, len(verdicts), self._layout_claim))
            if judged.kind == "condition" or judged.reading == REARRANGED:  # what follows rearranges it
                conditions.add(step.raw.equation)
                if judged.typed is not None:
                    self._condition_typed[step.raw.equation] = judged.typed
            raw = step.raw
            lhs_text = raw.lhs.text if raw.lhs is not None else (step.lhs.side.text if step.lhs else "")
            verdict = step_verdict(raw, lhs_text, judged, locate(raw.offset), path, index, self.options)
            verdicts.append(verdict)
        if inputs and kind != "inline":
            self.last_side = inputs[-1].rhs
        return verdicts

    def _read_again(
        self,
        judged: Judgement,
        step: StepInput,
        later: list[StepInput],
        index: int,
        condition: bool,
        conditions: set[int],
        literal: set[str],
        has_diff: bool,
        hints: set[str],
    ) -> Judgement:
        """The second readings of a failing step, in order, each tried only while it still fails: a
        name the display defines after it, one-hot columns, d as a size or a declared symbol, a named
        direction, the values of written-out matrices, a structure the prose gives a defined name,
        constants defined by expected values, symmetric diagonal blocks of a covariance."""
        again = partial(self._judge, step, index, condition, conditions, literal, has_diff, hints)
        readings: tuple[Callable[[Judgement], Judgement], ...] = (
            lambda j: self._defined_after(j, step, later, index, again),
            lambda j: self._one_hot_columns(j, again),
            lambda j: self._size_d(
                j, step, lambda plain: self._judge(plain, index, condition, conditions, set(), False, hints)
            ),
            lambda j: self._along_named_direction(
                j, step, lambda along, x: self._judge(along, index, condition, conditions, {x}, True, hints)
            ),
            self._given_values,
            lambda j: self._said_of_a_defined_name(j, step, again),
            lambda j: self._between_expected_values(j, step),
            lambda j: self._covariance_blocks(j, step, again),
        )
        for reading in readings:
            if judged.status != "broken":
                break
            judged = reading(judged)
        return judged

    def _partial_chains(self, inputs: list[StepInput]) -> list[set[str] | None]:
        """`d_{V_t,c_t}J = \\nabla_{O_t}J \\cdot dO_t = ...`: in a chain that starts with a partial
        differential, only its variables (and undefined symbols whose differential the chain
        writes) vary, whatever the other chains of the block vary."""
        out: list[set[str] | None] = []
        current = self._chain_literal
        for step in inputs:
            if step.raw.first and step.raw.lhs is not None:
                node = step.lhs.node if step.lhs is not None else None
                wrt = node.wrt if isinstance(node, ast.Diff) else ()
                keys = {w.key for w in wrt if isinstance(w, ast.Name)}
                current = keys if keys and len(keys) == len(wrt) else None
                if current is not None:
                    current |= self._chain_free_differentials(inputs, inputs.index(step))
            out.append(current)
        self._chain_literal = current
        return out

    def _chain_free_differentials(self, inputs: list[StepInput], start: int) -> set[str]:
        names: set[str] = set()
        for k, step in enumerate(inputs[start:]):
            if k and step.raw.first and step.raw.lhs is not None:
                break
            if step.rhs.node is None:
                continue
            for node in ast.walk(step.rhs.node):
                body = node.body if isinstance(node, ast.Diff) and not node.wrt else None
                if isinstance(body, ast.Name) and body.key not in self.env.definitions:
                    names.add(body.key)
        return names

    # -- judging one step ----------------------------------------------------------------------
    def _judge(
        self,
        step: StepInput,
        index: int,
        condition: bool,
        conditions: set[int],
        literal: set[str],
        has_diff: bool,
        hints: set[str],
    ) -> Judgement:
        self._layers = None
        sides = _side_nodes(step)
        self._other_functions = other_arity(sides, self.env)
        self._bare_points = bare_points(sides, self.env)
        installed = self._install_members(step)
        try:
            introduced = self._introduced(step)
            if introduced is not None:
                return introduced
            judged = self._judge_step(step, index, condition, conditions, literal, has_diff, hints)
            if judged.status == "broken":
                judged = self._data_of_a_model(
                    judged,
                    step,
                    lambda: self._judge_step(step, index, condition, conditions, literal, has_diff, hints),
                )
            if judged.status == "ok" and self._holds_as_zero_by_unlinked_derivatives(step, judged):
                return _vacuous(judged)
            if judged.status == "ok" or judged.kind in SETTLED_KINDS:
                return judged
            return self._second_thoughts(judged, step, index)
        finally:
            self._uninstall(installed)

    def _defined_after(
        self,
        judged: Judgement,
        step: StepInput,
        later: list[StepInput],
        index: int,
        judge_again: Callable[[], Judgement],
    ) -> Judgement:
        """`X\\hat\\beta = X(X^TX)^{-1}X^Ty, \\quad \\hat\\beta = (X^TX)^{-1}X^Ty`: a failing step that
        uses a name a later equation of its display defines is judged again with that definition
        (as a "where" after the display); with it the step holds or fails on its own terms."""
        used = {n.key for side in _side_nodes(step) for n in ast.walk(side) if isinstance(n, ast.Name)}
        defining: list[tuple[ast.Name, SideMeaning]] = []
        for s in later:
            head = s.lhs.node if s.raw.first and s.lhs is not None else None
            if (
                isinstance(head, ast.Name)
                and head.key in used - self.env.definitions.keys() - self.env.values.keys()
                and not _mentions(s.rhs.node, head.key)
            ):
                defining.append((head, s.rhs))
        if not defining:
            return judged
        saved = self.env.snapshot()
        bound = [definition_target(head, rhs.node, rhs.side.text, self.env, index) for head, rhs in defining]
        self._readings = {}
        try:
            again = judge_again() if all(bound) else judged
        finally:
            for name in ("definitions", "values", "unknown", "unknown_mentions", "functions"):
                setattr(self.env, name, getattr(saved, name))
            self._readings = {}
        if again.status not in ("ok", "broken"):
            return judged
        note = f"{', '.join(str(b) for b in bound)} as the display defines after it"
        return _with_note(again, note)

    def _given_values(self, judged: Judgement) -> Judgement:
        """`R(\\theta) K = K R(\\theta)` with `K = [[0, -1], [1, 0]]` in the notes: a failing step
        that writes on both sides a symbol the notes give a value to (checked first for any value)
        is judged again with the values given; with them it holds or fails on its own terms."""
        typed, ctx, raw = judged.typed, self._ctx, self._current
        if typed is None or ctx is None or raw is None:
            return judged
        # Only matrices and vectors written out: a number given to a name (`\\mu = 0`, "for the pure
        # quadratic") is a special case or a point, not what the name always is.
        given = sorted(
            s.name
            for s in typed.symbols
            if s.name in self.env.values
            and s.shape != (1, 1)
            and isinstance(self.env.values[s.name].body, ir.Matrix)
        )
        if not given:
            return judged
        saved = self._layout_claim
        ctx.point_values = True
        try:
            retyped = typed_meanings([(typed.lhs, ())], [(typed.rhs, ())], ctx)
            again = self._numbers(retyped, raw, self.options.tolerance)
        finally:
            ctx.point_values = False
            self._layout_claim = saved
        if again.status != "ok":
            return judged
        pronoun = "it" if len(given) == 1 else "them"
        return _with_note(again, f"{', '.join(given)} as the notes give {pronoun}")

    def _with_declarations(
        self, changed: dict[str, Declaration], judge_again: Callable[[], Judgement]
    ) -> Judgement:
        """The step judged again with the declarations of some names changed, restored once judged
        (a name the notes did not declare is undeclared again)."""
        saved = {name: self.env.declarations.get(name) for name in changed}
        self.env.declarations.update(changed)
        self.env.version += 1
        self._readings = {}
        try:
            return judge_again()
        finally:
            for name, was in saved.items():
                if was is None:
                    del self.env.declarations[name]
                else:
                    self.env.declarations[name] = was
            self.env.version += 1
            self._readings = {}

    def _one_hot_columns(self, judged: Judgement, judge_again: Callable[[], Judgement]) -> Judgement:
        """One-hot label matrices are drawn with one-hot rows (one example per row); a failing step
        is judged again with one-hot columns (one example per column), the other convention."""
        labels = {
            name: decl
            for name, decl in self.env.declarations.items()
            if "onehot" in decl.properties and decl.dims is not None and decl.dims[1] != 1
        }
        if not labels:
            return judged
        flipped = {
            name: replace(decl, properties=(decl.properties - {"onehot"}) | {"onehotcols"})
            for name, decl in labels.items()
        }
        again = self._with_declarations(flipped, judge_again)
        if again.status != "ok":
            return judged
        return _with_note(again, "one-hot columns")

    def _size_d(
        self, judged: Judgement, step: StepInput, judge: Callable[[StepInput], Judgement]
    ) -> Judgement:
        """`\\log\\det(\\sigma^2 I_d) = d\\log\\sigma^2` with d a size the notes declare (`\\mathbb{R}^d`), or
        `e^2 = d^2 - 2d\\, w^T x + ...` with d a quantity the prose declares ("$d$ a scalar"): a failing
        step that writes a differential with a plain d is judged again with d a symbol."""
        size = "d" in self.env.dimension_names()
        quantity = not size and "d" in self.env.declarations
        if not (size or quantity) or step.lhs is None or step.lhs.node is None:
            return judged
        sides = (step.lhs, step.rhs)
        diffs = [
            n
            for side in sides
            if side.node is not None
            for n in ast.walk(side.node)
            if isinstance(n, ast.Diff)
        ]
        # only `d\\log ...`, `d\\det ...`: `d(x^Tx)` and `dx` are differentials whatever d is
        if any(_UPRIGHT_D.search(side.side.text) for side in sides) or not diffs:
            return judged
        # a size: only `d\\log ...`, `d\\det ...`; a declared quantity: `d w^T x` is d times w^T x too
        if size and not all(isinstance(n.body, ast.Call) and n.order == 1 and not n.wrt for n in diffs):
            return judged
        plain = [parse_side(side.side.tokens, differentials=False) for side in sides]
        if any(p.node is None for p in plain):
            return judged
        lhs, rhs = (replace(side, node=p.node) for side, p in zip(sides, plain, strict=True))
        self._readings = {}
        try:
            again = judge(replace(step, lhs=lhs, rhs=rhs))
        finally:
            self._readings = {}
        # with d a declared quantity, a failure read with d a symbol is the evidence (not `dx`)
        if again.status != "ok" and not (quantity and again.status == "broken"):
            return judged
        return _with_note(again, "d as the size d" if size else "d as the declared symbol d")

    def _along_named_direction(
        self, judged: Judgement, step: StepInput, judge: Callable[[StepInput, str], Judgement]
    ) -> Judgement:
        """`\\mathrm{d}f = \\operatorname{tr}(GH)` "in a direction $H$": a failing differential whose
        right side writes no dX but a letter of its own is judged again with that letter as dX."""
        if step.lhs is None or step.lhs.node is None or step.rhs.node is None:
            return judged
        found = named_direction(step.lhs.node, step.rhs.node, self.env)
        if found is None:
            return judged
        letter, variable = found
        rhs = replace(step.rhs, node=along(step.rhs.node, letter, variable))
        self._readings = {}
        try:
            again = judge(replace(step, rhs=rhs), variable.key)  # X alone varies, along dX
        finally:
            self._readings = {}
        if again.status not in ("ok", "broken"):
            return judged
        note = f"{letter} as the direction d{variable.key}"
        return _with_note(again, note)

    def _without_definitions(
        self, names: Iterable[str], judge_again: Callable[[], Judgement]
    ) -> tuple[Judgement, dict[str, Definition]]:
        """The step judged again with the definitions of `names` set aside (each name drawn as a
        symbol of its own), and those definitions, restored once judged."""
        saved = {name: self.env.definitions.pop(name) for name in names}
        self._readings = {}
        # Definitions read through them are read again too (`\ell(\beta)` written with y), under a
        # version of the environment of their own, forgotten once judged.
        version, self.env.version = self.env.version, -1
        try:
            return judge_again(), saved
        finally:
            self.env.definitions.update(saved)
            self.env.version = version
            for key in [key for key in self.env.body_cache if key[1] == -1]:
                del self.env.body_cache[key]
            self._readings = {}

    def _data_of_a_model(
        self, judged: Judgement, step: StepInput, judge_again: Callable[[], Judgement]
    ) -> Judgement:
        """A failing derivative that uses data the notes model (`y = X\\beta + \\varepsilon`), judged
        again with y read as data, a symbol of its own (`\\nabla_\\beta \\|y - X\\beta\\|^2` does not go
        through y): it holds if it holds so; if it fails so too, that failure is the evidence."""
        assert step.lhs is not None and step.lhs.node is not None and step.rhs.node is not None
        sides = (step.lhs.node, step.rhs.node)
        if not self.env.models or not any(
            isinstance(n, ast.Nabla | ast.Derivative | ast.Diff) for side in sides for n in ast.walk(side)
        ):
            return judged
        used = _reached_names(sides, self.env)
        data = {name for name in self.env.models & used if name in self.env.definitions}
        if not data:
            return judged
        again, _ = self._without_definitions(data, judge_again)
        if again.status not in ("ok", "broken"):
            return judged  # the evidence of a failure: with y modelled, as first judged
        note = ", ".join(sorted(data)) + " as data"
        return _with_note(again, note)

    def _said_of_a_defined_name(
        self, judged: Judgement, step: StepInput, judge_again: Callable[[], Judgement]
    ) -> Judgement:
        """ "$L$ a graph Laplacian ($L = D - A$)": a failing step that goes through the definition of a
        name the prose also says has a structure (symmetric, positive definite, ...) that its
        definition alone does not give for the values drawn (D is never said to be diagonal) is
        judged again with the name drawn by what the prose says of it; if it holds so, the step is
        unchecked, naming what the notes leave unsaid."""
        used = {n.key for side in _side_nodes(step) for n in ast.walk(side) if isinstance(n, ast.Name)}
        named = sorted(
            name
            for name in used
            if (definition := self.env.definitions.get(name)) is not None
            and not definition.params
            and (declared := self.env.declarations.get(name)) is not None
            and declared.properties & _STRUCTURES
        )
        if not named:
            return judged
        again, saved = self._without_definitions(named, judge_again)
        if again.status != "ok":
            return judged
        said = "; ".join(
            f"{name} ({', '.join(property_words(self.env.declarations[name].properties & _STRUCTURES))}) "
            f"defined as {saved[name].latex or show(saved[name].body)}"
            for name in named
        )
        pronoun = "it" if len(named) == 1 else "them"
        return Judgement(
            "unchecked",
            "unknown-meaning",
            f"the step holds for {', '.join(named)} as the prose describes {pronoun} but not through "
            f"the definition for the values drawn ({said}): the notes leave unsaid "
            "what makes the definition so",
            judged.typed,
            judged.outcome,
            judged.reading,
        )

    def _covariance_blocks(
        self, judged: Judgement, step: StepInput, judge_again: Callable[[], Judgement]
    ) -> Judgement:
        """`\\Sigma_{11} \\in \\mathbb{R}^{k\\times k}`, a diagonal block of a partitioned covariance the
        notes do not say is symmetric: a failing step that holds with the diagonal blocks it uses
        drawn symmetric is unchecked, naming what the notes leave unsaid."""
        # a covariance the notes declare (invertible, say) keeps what they say of it
        if (
            step.lhs is None
            or step.lhs.node is None
            or step.rhs.node is None
            or "\\Sigma" in self.env.declarations
        ):
            return judged
        blocks = {
            name: self.env.declarations.get(name, Declaration())
            for name in sorted(_reached_names(_side_nodes(step), self.env))
            if _DIAGONAL_BLOCK.fullmatch(name)
            and name not in self.env.definitions
            and not self.env.declarations.get(name, Declaration()).properties & _STRUCTURES
        }
        if not blocks:
            return judged
        symmetric = {
            name: replace(decl, properties=decl.properties | {"symmetric"}) for name, decl in blocks.items()
        }
        again = self._with_declarations(symmetric, judge_again)
        if again.status != "ok":
            return judged
        return Judgement(
            "unchecked",
            "condition",
            f"the step holds if {', '.join(blocks)} "
            f"{'is a symmetric diagonal block' if len(blocks) == 1 else 'are symmetric diagonal blocks'} "
            "of a covariance, which the notes do not say",
            judged.typed,
            judged.outcome,
            judged.reading,
        )

    def _between_expected_values(self, judged: Judgement, step: StepInput) -> Judgement:
        """`C = R - r r^T` with R, r and C each defined by an expected value: drawn as constants of
        their own, they are unrelated, so a failing step whose sides reach different ones (a
        derivative may drop constants, not bring in new ones) is unchecked."""
        if not self.env.expected_values or step.lhs is None or step.lhs.node is None or step.rhs.node is None:
            return judged
        left = _reached_names([step.lhs.node], self.env) & self.env.expected_values.keys()
        right = _reached_names([step.rhs.node], self.env) & self.env.expected_values.keys()
        derivative = any(
            isinstance(n, ast.Nabla | ast.Derivative | ast.Diff) for n in ast.walk(step.lhs.node)
        )
        if left == right or (derivative and right <= left):
            return judged
        names = ", ".join(sorted(left | right))
        return Judgement(
            "unchecked",
            "unknown-meaning",
            f"the step may rely on how {names}, defined by expected values, relate to each other, "
            "which no draw gives",
            judged.typed,
            judged.outcome,
            judged.reading,
        )

    def _install_members(self, step: StepInput) -> dict[str, Definition]:
        """`A_{t+1}` written in a step whose notes define the family by `A_t = ...`: its definition
        is the family's, moved to index t+1, for this step only (not where it is being defined)."""
        if not self.env.definitions or step.lhs is None or step.lhs.node is None or step.rhs.node is None:
            return {}
        skip = step.lhs.node.key if step.raw.first and isinstance(step.lhs.node, ast.Name) else None
        names = {
            n.key
            for side in (step.lhs.node, step.rhs.node)
            for n in ast.walk(side)
            if isinstance(n, ast.Name) and n.sub and n.key != skip
        }
        if not names:
            return {}
        return self._install(names)

    def _install(self, names: Iterable[str]) -> dict[str, Definition]:
        if self._layers is None:
            self._layers = Layers(self.env)
        if not self._layers.templates:
            return {}
        installed: dict[str, Definition] = {}
        for name in sorted(names):
            definition = self._layers.instance(name)
            if definition is not None:
                self.env.definitions[name] = definition
                installed[name] = definition
        if installed:
            self._instances.update(installed)
            self.env.version += 1
            self._readings = {}
        return installed

    def _uninstall(self, installed: dict[str, Definition]) -> None:
        for name, definition in list(self._instances.items()):
            if self.env.definitions.get(name) is definition:
                del self.env.definitions[name]
        if self._instances:
            self.env.version += 1
            self._readings = {}
        self._instances = {}
        self._layers = None

    def _introduced(self, step: StepInput) -> Judgement | None:
        """`... = M(e^a \\odot da)`: a symbol written for the first time, on one side of a step in
        the middle of a chain, is being named there, not used; later steps cannot use it either."""
        if step.raw.first or step.skip or step.raw.relation not in CHECKED_RELATIONS:
            return None
        if step.lhs is None or step.lhs.node is None or step.rhs.node is None:
            return None
        bare = self._bare_functions(step)
        left = increment_factors(_names_in(step.lhs.node, self.env.functions), self.env) - bare
        right = increment_factors(_names_in(step.rhs.node, self.env.functions), self.env) - bare
        known = (
            self.env.mentioned | set(self.env.declarations) | set(self.env.definitions) | set(self.env.values)
        ) | CONSTANT_NAMES
        known |= self.env.dimension_names()  # `\\operatorname{tr}(I_p) = p`: a declared size is a number
        for definition in self._instances.values():
            known |= ir.free_symbols(definition.body)
        # A name introduced mid-chain stands on the right: `... = M(e^a \\odot da)`.
        fresh = sorted(
            n
            for n in right - left - known
            if not family_neighbour(n, known) and not _constant_name(n) and adjoint_base(self.env, n) is None
        )
        if not fresh:
            return None
        named = self._named(step, frozenset(fresh))
        if named is not None:
            return named
        self.env.introduced.update(fresh)
        return Judgement(
            "unchecked",
            "unknown-meaning",
            f"{', '.join(fresh)} first appears here, on one side only: the step names it rather than states "
            "an identity",
        )

    def _bare_functions(self, step: StepInput) -> set[str]:
        """The functions the step writes bare and applies to one variable (`df = f'(x) dx`): not new
        names, but the function's value there."""
        assert step.lhs is not None
        lhs, rhs = self._lower(step.lhs), self._lower(step.rhs)
        if isinstance(lhs, LowerError) or isinstance(rhs, LowerError):
            return set()
        return set(bare_function_points([e for e, _ in lhs[:1] + rhs[:1]], self.env))

    def _named(self, step: StepInput, fresh: frozenset[str]) -> Judgement | None:
        """`... = (h - Y) \\cdot dh = Z \\cdot dh`: the new names stand for the parts of the
        previous expression they replace, when exactly one such reading exists; they are
        defined by it from here on."""
        assert step.lhs is not None
        old, new = self._lower(step.lhs), self._lower(step.rhs)
        if isinstance(old, LowerError) or isinstance(new, LowerError):
            return None
        # Names given earlier in the chain stand for what they were given for.
        given = {
            name: body_of(self.env, d)
            for name in self.env.named
            if (d := self.env.definitions.get(name)) is not None and not d.params
        }
        # `W_t = id(W)`: a W_{t+1} written before is the W written now.
        aliases: dict[str, ir.Expr] = {
            name: body
            for name, d in list(self.env.definitions.items())
            if not d.params and name not in fresh and isinstance(body := body_of(self.env, d), ir.Sym)
        }
        for (o, on), (n, nn) in itertools.product(old[:4], new[:4]):
            if on != nn:
                continue
            found = named_parts(o, n, fresh)
            if found is None and given:
                found = named_parts(o, substitute(n, given), fresh)
            if found is None and aliases:
                found = named_parts(substitute(o, aliases), substitute(substitute(n, given), aliases), fresh)
            if found is None:
                continue
            index = self._block_index
            for name, value in found.items():
                self.env.define(Definition(name, (), value, show(value), index))
                self.env.named.add(name)
            self._readings = {}
            said = "; ".join(f"{name} for {show(value)}" for name, value in sorted(found.items()))
            return Judgement("unchecked", "definition", f"names {said}")
        return None

    def _judge_step(
        self,
        step: StepInput,
        index: int,
        condition: bool,
        conditions: set[int],
        literal: set[str],
        has_diff: bool,
        hints: set[str],
    ) -> Judgement:
        raw = step.raw
        self._current = raw
        if step.skip:
            return Judgement("unchecked", "skipped", step.skip)
        if raw.relation not in CHECKED_RELATIONS:
            what = RELATION_WORDS.get(raw.relation, f"the relation {raw.relation}")
            return Judgement("unchecked", "not-an-identity", f"{what}, not checked as an equality")
        if step.lhs is None:
            return Judgement(
                "unchecked", "parse-error", "the step starts with a relation but nothing comes before it"
            )
        for side in (step.lhs, step.rhs):
            if side.node is None:
                column = side.locate(side.offset).column if side.offset >= 0 else 0
                return Judgement("unchecked", "parse-error", f"cannot parse: {side.error} at column {column}")
        assert step.lhs.node is not None and step.rhs.node is not None
        sizes = self._between_sizes(step.lhs.node, step.rhs.node)
        if sizes is not None:
            return sizes
        defined = self._definition(step, index)
        if defined is not None:
            return defined
        lhs_r = self._lower(step.lhs)
        rhs_r = self._lower(step.rhs)
        for side, got in ((step.lhs, lhs_r), (step.rhs, rhs_r)):
            if isinstance(got, LowerError):
                column = side.locate(got.offset).column
                return Judgement("unchecked", got.kind, f"{got.message} at column {column}")
        assert not isinstance(lhs_r, LowerError) and not isinstance(rhs_r, LowerError)
        lhs_r, rhs_r = self._chain_rule(lhs_r, rhs_r)
        lhs_r, rhs_r = bare_function_values(lhs_r, rhs_r, self.env)
        bounds = {**self.env.written_bounds, **family_bounds(lhs_r + rhs_r)}
        if bounds:  # `\sum_{i=1}^N (x_i - \mu) = \sum_{i=1}^N x_i - N\mu`: N is the member count
            lhs_r = [(substitute(e, bounds), n) for e, n in lhs_r]
            rhs_r = [(substitute(e, bounds), n) for e, n in rhs_r]
        varying, independent = (
            varying_symbols([e for e, _ in lhs_r[:1] + rhs_r[:1]], self.env)
            if not literal
            else self._block_varying(literal, has_diff, [e for e, _ in lhs_r[:1] + rhs_r[:1]])
        )
        ctx = BlockContext(self.env, varying, independent, hints)
        self._ctx = ctx
        typed = typed_meanings(lhs_r, rhs_r, ctx)
        first = typed.first()
        if first is None:
            return Judgement("unchecked", typed.error.kind, typed.error.message)
        point = self._point_evaluation(first, ctx, typed)
        if isinstance(point, Judgement):
            return point
        if point is not None:
            typed = point
        judged = self._numbers(typed, raw, _rounding_tolerance(step, self.options.tolerance))
        if point is not None:
            self._layout_claim = None  # checked in its first reading only: no other layout tried
        return self._conditions(judged, step, condition, conditions)

    def _between_sizes(self, lhs: ast.Node, rhs: ast.Node) -> Judgement | None:
        """`unless $m = n = k$`: an equation between sizes the declarations name states when
        something holds, not an identity (their draws differ)."""
        if not (isinstance(lhs, ast.Name) and isinstance(rhs, ast.Name)) or lhs.key == rhs.key:
            return None
        sizes = self.env.dimension_names()
        if lhs.key not in sizes or rhs.key not in sizes:
            return None
        return Judgement("unchecked", "condition", f"an equation between the sizes {lhs.key} and {rhs.key}")

    def _holds_as_zero_by_unlinked_derivatives(self, step: StepInput, judged: Judgement) -> bool:
        """Whether an ok step holds only because each side differentiates a defined name by a
        variable its formula does not depend on (`\\partial L/\\partial E = g e^T` with g = dL/dx)."""
        raw = step.raw
        if judged.typed is None or raw.lhs is None or not _DIFFERENTIATES.search(raw.lhs.text):
            return False
        trial = judged.outcome.first if judged.outcome is not None else None
        if trial is None or np.any(trial.lhs) or np.any(trial.rhs):
            return False
        return _unlinked_on_both_sides(judged.typed) and self._differentiates_a_defined_name(step)

    def _differentiates_a_defined_name(self, step: StepInput) -> bool:
        """Whether the step differentiates a name the notes define (`\\partial L / \\partial Z`),
        rather than a formula written out in the step."""
        assert step.lhs is not None and step.lhs.node is not None and step.rhs.node is not None
        for side in (step.lhs.node, step.rhs.node):
            for x in ast.walk(side):
                if (
                    isinstance(x, ast.Derivative | ast.Nabla)
                    and isinstance(x.body, ast.Name)
                    and x.body.key in self.env.definitions
                ):
                    return True
        return False

    def _entrywise_exp_by_definition(self, typed: TypedStep, sides: tuple[ast.Node, ...]) -> str | None:
        """Why a failing step that uses a name the notes define with `e^{...}` of a square matrix
        (`K(t) = e^{-tL}`) is not broken: mdcheck read that exponential entry by entry, and a
        definition keeps one reading, while the notes likely mean the matrix exponential."""
        used = {x.key for side in sides for x in ast.walk(side) if isinstance(x, ast.Name)}
        defined = sorted(
            k
            for k in used
            if (d := self.env.definitions.get(k)) is not None and ("e^" in d.latex or "\\exp" in d.latex)
        )
        if not defined:
            return None
        square = {s.name for s in typed.symbols if s.shape[0] == s.shape[1] and s.shape != (1, 1)}
        # `e^{-(x-mu)^T S^{-1} (x-mu)/2}`: a quadratic form, trace or norm in the exponent is a scalar
        scalar_valued = (ir.Transpose, ir.Trace, ir.Det, ir.Norm, ir.Inner, ir.Entry, ir.Element)
        for x in (x for side in (typed.lhs, typed.rhs) for x in ir.walk(side)):
            if not (isinstance(x, ir.Func) and x.name == "exp"):
                continue
            if ir.free_symbols(x.args[0]) & square and not any(
                isinstance(y, scalar_valued) for y in ir.walk(x.args[0])
            ):
                return (
                    f"the definition of {', '.join(defined)} exponentiates a square matrix, read entry by "
                    "entry; the step fails with that reading and may hold with the matrix exponential"
                )
        return None

    def _described_in_words(self, *sides: ast.Node) -> str | None:
        """Why a failing step that uses `x_1` or `x_i`, which the prose says are the columns or rows
        of a matrix, is not broken; None when it uses no such family."""
        if not self.env.described_families:
            return None
        families = self.env.described_families
        used = {
            x.key: family
            for side in sides
            for x in ast.walk(side)
            if isinstance(x, ast.Name)
            and x.sub
            and (family := name_key(x.base, x.style, x.accent, "")) in families
        }
        if not used:
            return None
        names = sorted(used)
        return (
            f"{', '.join(names)}: the notes describe them in words as {families[used[names[0]]]}, "
            "which mdcheck does not model; the step fails when they are read as independent symbols"
        )

    def _defined_through(self, sides: tuple[ast.Node, ...]) -> set[str]:
        """The symbols the definitions of the names in `sides` are written with."""
        out: set[str] = set()
        for x in (x for side in sides for x in ast.walk(side) if isinstance(x, ast.Name)):
            definition = self.env.definitions.get(x.key)
            if definition is not None and not definition.params:
                out |= ir.free_symbols(body_of(self.env, definition))
                # As written: `\\mathbf 1` too, which is not a symbol once read.
                if isinstance(definition.node, ast.Node):
                    out |= {n.key for n in ast.walk(definition.node) if isinstance(n, ast.Name)}
        return out

    def _recurrence_member(self, *sides: ast.Node) -> str | None:
        """Why a failing step that uses a numbered member (`x_1`) of a sequence the notes define by a
        recurrence (`x_{k+1} = Ax_k / \\|Ax_k\\|`) is not broken: mdcheck draws the member at random
        rather than unrolling the recurrence. None when the step uses no such member (`x_0` starts it)."""
        for x in _reached_name_nodes(sides, self.env):  # also through definitions (`\\delta_1` uses h_1)
            if not x.sub.isdigit() or int(x.sub) == 0 or x.key in self.env.definitions:
                continue  # `x_0`: where the sequence starts, free
            for name, definition in self.env.definitions.items():
                m = _SEQUENCE_KEY.fullmatch(name)
                if m and m.group(1) == x.base and any(c.isalpha() for c in m.group(2)):
                    return (
                        f"{x.key} is a member of the sequence ${name} = {definition.latex.strip()}$, "
                        "a recurrence mdcheck does not unroll: it draws the member at random"
                    )
        return None

    def _assumed(self, *sides: ast.Node) -> str | None:
        """Why a failing step that uses every name of an equation the prose assumes ("suppose ...,
        i.e. $BC = CB$") is not broken; None when there is no such equation."""
        if not self.env.assumptions:
            return None
        used = {x.key for side in sides for x in ast.walk(side) if isinstance(x, ast.Name)}
        used |= self._defined_through(sides)  # `HX = X` with `H = I - 11^T/n` uses the ones vector
        stated = [latex for latex, names in self.env.assumptions if names and names <= used]
        stated = [latex for latex in stated if not self._holds_everywhere(latex)]
        if not stated:
            return None
        return (
            f"the step may rely on ${stated[-1]}$, which the prose assumes and mdcheck does not impose "
            "(it fails on values that do not satisfy it)"
        )

    def _holds_everywhere(self, latex: str) -> bool:
        """Whether an equation the prose states (`so $x^T B^{-1} y = y^T B^{-T} x$`) is an identity,
        which assumes nothing of the values drawn."""
        split = split_steps(latex)
        if len(split.steps) != 1 or split.steps[0].lhs is None or self._ctx is None:
            return False
        raw = split.steps[0]
        assert raw.lhs is not None
        sides = []
        for side in (raw.lhs, raw.rhs):
            node = parse_side(side.tokens, differentials=self.env.differentials).node
            if node is None:
                return False
            try:
                sides.append(Lowerer(self.env).readings(node))
            except LowerError:
                return False
        saved = self._layout_claim
        holds = self._numbers(
            typed_meanings(sides[0], sides[1], self._own_context(sides)), raw, self.options.tolerance
        )
        self._layout_claim = saved
        return holds.status == "ok"

    def _own_context(self, sides: list[list[Reading]]) -> BlockContext:
        """The context an assumption is judged in: the step's, unless the assumption writes
        differentials (`df = \\langle G, dX\\rangle`); then what they differentiate varies, as in a
        block of its own (in a step that writes none, `df = 0 = dX` would make it hold)."""
        assert self._ctx is not None
        firsts = [readings[0][0] for readings in sides if readings]
        if not any(ir.has(e, ir.Diff) for e in firsts):
            return self._ctx
        varying, independent = varying_symbols(firsts, self.env)
        return BlockContext(self.env, varying, independent, self._ctx.vector_hints)

    def _holds_with_the_logistic_sigma(self, typed: TypedStep, step: StepInput) -> bool:
        """Whether a failing step that applies an undefined `\\sigma` holds with the logistic function
        in its place (logistic regression and neural-network notes rarely say what it is)."""
        if "\\sigma()" not in _unknown_functions(typed.lhs) | _unknown_functions(typed.rhs):
            return False
        logistic = replace(typed, lhs=_as_logistic(typed.lhs), rhs=_as_logistic(typed.rhs))
        return self._numbers([logistic], step.raw, self.options.tolerance).status == "ok"

    def _second_thoughts(self, judged: Judgement, step: StepInput, index: int) -> Judgement:
        """A failing step may not be a claimed identity at all: it may redefine a name, name a
        new symbol, or relate an unknown function to a symbol standing for its derivative."""
        assert step.lhs is not None and step.lhs.node is not None and step.rhs.node is not None
        node = step.lhs.node
        name = _definable(node)
        if step.raw.first and name is not None and not _at_another_point(node, step.rhs.node):
            old = self.env.definitions.get(name)
            if old is not None and old.block != index:
                definition_target(node, step.rhs.node, step.rhs.side.text, self.env, index)
                self._readings = {}
                return Judgement(
                    "unchecked", "definition", f"redefines {name}, which was defined differently before"
                )
        dropped = _dropped_constant(judged.typed)
        if dropped is not None:
            return Judgement(
                "unchecked", "unknown-meaning", dropped, judged.typed, judged.outcome, judged.reading
            )
        # A reading that wrote the family out as the matrix's slices has modelled what the prose said.
        sliced = " as the rows of " in judged.reading or " as the columns of " in judged.reading
        described = None if sliced else self._described_in_words(node, step.rhs.node)
        if described is None and not sliced and judged.kind == "broken":
            described = _slices_beside_their_matrix(
                (node, step.rhs.node), self._defined_through((node, step.rhs.node))
            )
        if described is None and judged.kind == "broken":
            described = _pseudo_inverse_beside_its_matrix((node, step.rhs.node), self.env)
        if described is None and judged.kind == "broken":
            described = _imaginary_unit_in_exponent((node, step.rhs.node))
        if described is not None:
            return Judgement(
                "unchecked", "unknown-meaning", described, judged.typed, judged.outcome, judged.reading
            )
        assumed = self._assumed(node, step.rhs.node) if judged.kind == "broken" else None
        unrolled = self._recurrence_member(node, step.rhs.node) if judged.kind == "broken" else None
        if unrolled is not None:
            return Judgement(
                "unchecked", "unknown-meaning", unrolled, judged.typed, judged.outcome, judged.reading
            )
        if assumed is not None:
            return Judgement("unchecked", "condition", assumed, judged.typed, judged.outcome, judged.reading)
        constrained = None
        if judged.kind == "broken":
            constrained = _rate_of_constrained(node, step.rhs.node, self.env) or _built_in_words(
                node, step.rhs.node, self.env
            )
        if constrained is not None:
            return Judgement(
                "unchecked", "unknown-meaning", constrained, judged.typed, judged.outcome, judged.reading
            )
        bare = self._bare_functions(step)
        left = increment_factors(_names_in(node, self.env.functions), self.env) - bare
        right = increment_factors(_names_in(step.rhs.node, self.env.functions), self.env) - bare
        known = self.env.mentioned | set(self.env.declarations) | set(self.env.definitions)
        known |= self.env.dimension_names()
        fresh = sorted(
            n
            for n in (left ^ right) - known
            if not _identity_name(n)
            and not _probability_name(n)
            and not _ones_name(n)
            and adjoint_base(self.env, n) is None
        )
        if fresh:
            # `... = M(e^a \odot da)`: a name introduced in the middle of a chain; `s^2 = \|x\|^2/N`:
            # a name the head of a chain gives a value mdcheck does not read as a definition. Later
            # steps cannot draw it at random.
            named = fresh if not step.raw.first else sorted(set(fresh) & (left - right))
            for name in named:
                self.env.unknown[name] = f"{name} was introduced by a step, not defined"
            return Judgement(
                "unchecked",
                "unknown-meaning",
                f"{', '.join(fresh)} first appears here, on one side only: the step names it "
                "rather than states an identity",
                judged.typed,
                judged.outcome,
                judged.reading,
            )
        typed = judged.typed
        if typed is None or judged.kind != "broken":
            return judged
        if self._holds_with_the_logistic_sigma(typed, step):
            return Judgement(
                "unchecked",
                "unknown-meaning",
                "the notes do not say what the function \\sigma is; the step holds if it is the logistic "
                "function (its usual meaning), not for an arbitrary one",
                typed,
                judged.outcome,
                judged.reading,
            )
        opaque = sorted(s.name for s in typed.symbols if opaque_variable(s.name) is not None)
        if opaque:
            return Judgement(
                "unchecked",
                "unknown-meaning",
                f"the step fails for an arbitrary value of {', '.join(opaque)}: the document does not "
                "say what the function is",
                typed,
                judged.outcome,
                judged.reading,
            )
        entrywise = self._entrywise_exp_by_definition(typed, (node, step.rhs.node))
        if entrywise is not None:
            return Judgement("unchecked", "unknown-meaning", entrywise, typed, judged.outcome, judged.reading)
        unlinked = _unlinked_derivative(typed) if self._differentiates_a_defined_name(step) else None
        if unlinked is not None:
            return Judgement("unchecked", "unknown-meaning", unlinked, typed, judged.outcome, judged.reading)
        named = sorted((left | right) & self.env.named)
        if named:
            return Judgement(
                "unchecked",
                "unknown-meaning",
                f"the step fails with {', '.join(named)} standing for the part of an earlier step it "
                "replaced; the name may be meant otherwise",
                typed,
                judged.outcome,
                judged.reading,
            )
        introduced = sorted({s.name for s in typed.symbols} & self.env.introduced)
        if introduced:
            return Judgement(
                "unchecked",
                "unknown-meaning",
                f"the step fails for arbitrary {', '.join(introduced)}, which an earlier step named without "
                "defining",
                typed,
                judged.outcome,
                judged.reading,
            )
        functions = _unknown_functions(typed.lhs) | _unknown_functions(typed.rhs)
        if functions:
            left_uses = _unknown_functions(typed.lhs) | _all_symbols(typed.lhs)
            right_uses = _unknown_functions(typed.rhs) | _all_symbols(typed.rhs)
            if left_uses != right_uses:
                # A random stand-in for an unknown function cannot know that another symbol of
                # the step (a Jacobian A, an operator G) is its derivative.
                others = ", ".join(sorted(left_uses ^ right_uses))
                return Judgement(
                    "unchecked",
                    "unknown-meaning",
                    f"{', '.join(sorted(functions))} is an unknown function; {others} may stand for "
                    "something derived from it",
                    typed,
                    judged.outcome,
                    judged.reading,
                )
            characterised = _derivative_in_terms_of_itself(typed.lhs, typed.rhs)
            if characterised is not None:
                return Judgement(
                    "unchecked",
                    "unknown-meaning",
                    f"{characterised} is an unknown function: the step gives its derivative in terms of "
                    "itself, a property of one function that a random stand-in does not have",
                    typed,
                    judged.outcome,
                    judged.reading,
                )
        return judged

    def _chain_rule(self, lhs: list[Reading], rhs: list[Reading]) -> tuple[list[Reading], list[Reading]]:
        """Gradients through layers with a symbolic index related by the chain rule."""
        if self._layers is None:
            self._layers = Layers(self.env)
        if not self._layers.templates:
            return lhs, rhs
        rule = ChainRule(self.env, self._layers)
        lhs, rhs = rule.rewrite(lhs, rhs)
        if rule.needed:
            readings = self._readings
            self._install(rule.needed)
            self._readings = readings
        return lhs, rhs

    def _block_varying(
        self, literal: set[str], has_diff: bool, step: list[ir.Expr] | None = None
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The symbols that vary for the written differentials `literal`. A defined symbol whose
        differential is written is a free direction, unless it is a vector of named components the
        step also uses (`x = (u, v)^T`, `g(x) = u^3 + v^3`): then they vary, and dx = (du, dv)^T."""
        exprs: list[ir.Expr] = [ir.Diff(ir.Sym(name)) for name in sorted(literal)]
        varying, independent = varying_symbols(exprs, self.env)
        if not independent or not step:
            return varying, independent
        used = set().union(*(ir.free_symbols(e) for e in step))
        parts: set[str] = set()
        for name in independent:
            definition = self.env.definitions[name]
            made_of = _components(body_of(self.env, definition)) - {name}
            if not definition.params and made_of and made_of <= used:
                parts |= made_of - set(self.env.definitions)
        if not parts:
            return varying, independent
        exprs += [ir.Diff(ir.Sym(name)) for name in sorted(parts - literal)]
        return varying_symbols(exprs, self.env)

    def _lower(self, side: SideMeaning) -> list[Reading] | LowerError:
        key = id(side)
        got = self._readings.get(key)
        if got is None:
            assert side.node is not None
            try:
                got = Lowerer(
                    self.env, other_functions=self._other_functions, bare_points=self._bare_points
                ).readings(side.node)
            except LowerError as err:
                # Kept without its traceback, whose frames would hold this checker in a cycle.
                got = err.with_traceback(None)
            except RecursionError:
                got = LowerError("unsupported", "expression nested too deeply", side.side.start)
            self._readings[key] = got
        return got

    def _definition(self, step: StepInput, index: int) -> Judgement | None:
        """The first relation of an equation whose left side is a new name (`y = f(u)`,
        `f(x) = x^2`) binds it; `dL = ...` for an undefined L has nothing to be checked against."""
        assert step.lhs is not None and step.lhs.node is not None
        node = step.lhs.node
        if not step.raw.first:
            return None
        if isinstance(node, ast.Diff) and isinstance(node.body, ast.Name) and not node.wrt:
            name = node.body.key
            if name not in self.env.definitions and not _mentions(step.rhs.node, name):
                return Judgement(
                    "unchecked",
                    "definition",
                    f"defines d{name}: {name} is not defined, so there is nothing to check it against",
                )
            return None
        defined = _definable(node)
        if defined is None:
            return None
        given = self.env.definitions.get(defined)
        if given is not None and not (given.block == index and given.latex == step.rhs.side.text):
            return None  # defined before; not this display's `\\text{where } R = ...`, read ahead of it
        if isinstance(node, ast.Name) and _mentions(step.rhs.node, defined):
            return None
        bound = definition_target(node, step.rhs.node, step.rhs.side.text, self.env, index)
        if bound is None:
            return None
        self._readings = {}
        return Judgement("unchecked", "definition", f"defines {bound}")

    def _identity_of_declared_matrices(self, typed: TypedStep) -> bool:
        """Whether the step equates the identity matrix with an expression that inverts, in matrices
        and vectors the notes all declare (`X (X^T X)^{-1} X^T = I`): a claim worked out for every
        value, not a point. Without an inverse (`Q^T Q = I` after "a matrix with") it may be a
        property the notes give Q in words mdcheck does not read: it stays one."""
        for one, other in ((typed.lhs, typed.rhs), (typed.rhs, typed.lhs)):
            if isinstance(one, ir.Identity) and any(isinstance(x, ir.Inverse) for x in ir.walk(other)):
                names = ir.free_symbols(other)
                declared = [self.env.declarations.get(n) for n in names]
                return bool(names) and all(
                    d is not None and d.dims is not None and d.dims != (1, 1) for d in declared
                )
        return False

    def _point_evaluation(
        self, typed: TypedStep, ctx: BlockContext, every: Meanings
    ) -> Meanings | Judgement | None:
        """A step from symbols to plain numbers (`2x_1 + 3x_2 = 8`) holds at a point the prose
        names, not everywhere: check it there, or leave it unchecked. `every` holds all the
        readings of the step, of which `typed` is the first."""
        if ir.is_zero_literal(typed.lhs) or ir.is_zero_literal(typed.rhs):
            return None  # `... = 0` claims the left side vanishes everywhere
        if self._identity_of_declared_matrices(typed):
            return None  # `X (X^T X)^{-1} X^T = I` with X declared: a claim about any such X
        left = ir.free_symbols(typed.lhs) | ir.differential_symbols(typed.lhs)
        right = ir.free_symbols(typed.rhs) | ir.differential_symbols(typed.rhs)
        dims = self.env.dimension_names()
        numbers = left if not left - dims else right  # the side of plain numbers, if either is
        left, right = left - dims, right - dims
        if bool(left) == bool(right):
            return None
        if numbers & dims and not (left | right) & set(self.env.values):
            return None  # `\\operatorname{tr}(H) = p`: a claim about a declared size, not a point
        needed = sorted(left | right)
        point = {n: v for n in needed if (v := _point_value(n, self.env)) is not None}
        missing = [n for n in needed if n not in point]
        ctx.point_values = True
        ctx.point = point
        retyped = typed_meanings([(typed.lhs, ())], [(typed.rhs, ())], ctx)
        fixed = retyped.first()
        ctx.point = None
        ctx.point_values = False
        if fixed is None:
            return Judgement("unchecked", retyped.error.kind, retyped.error.message)
        if missing:
            # Values the text does not give are drawn at random: if the step holds for all of
            # them it holds at the point too; if it fails, the point is not known.
            assert self._current is not None
            judged = self._numbers(retyped, self._current, self.options.tolerance)
            # No value is given at all: the other readings (`e^{A}` as the matrix exponential in
            # `e^{A}e^{-A} = I`) are drawn at random just as well.
            if (
                judged.status != "ok"
                and not point
                and self._numbers(every, self._current, self.options.tolerance).status == "ok"
            ):
                return every
            if judged.status != "ok":
                names = ", ".join(missing)
                return Judgement(
                    "unchecked", "unknown-meaning", f"evaluation at a point: no value is given for {names}"
                )
        return retyped

    def _numbers(self, typed: Iterable[TypedStep], raw: RawStep, tolerance: float) -> Judgement:
        salt = f"{raw.lhs.text if raw.lhs else ''}={raw.rhs.text}"
        first: tuple[TypedStep, Outcome] | None = None
        unstable: tuple[TypedStep, Outcome] | None = None
        errors: list[str] = []
        for candidate in typed:
            outcome = self._tester.test(candidate, tolerance, salt)
            if outcome.result == "ok":
                if not self.env.layout_explicit:
                    self._layout_claim = self._layout_only(candidate, typed, tolerance, salt)
                return self._ok(candidate, outcome)
            if outcome.result in ("error", "undefined"):
                errors.append(outcome.message)
                continue
            if first is None:
                first = (candidate, outcome)
            if outcome.result == "unstable" and unstable is None:
                unstable = (candidate, outcome)
        if unstable is not None:
            cand, outcome = unstable
            errs = ", ".join(f"{e:.2g}" for e in outcome.rel_errors)
            return Judgement(
                "unchecked",
                "unstable",
                f"holds on some random draws and not others (relative errors {errs})",
                cand,
                outcome,
                _reading(cand),
            )
        if first is None:
            message = errors[0] if errors else "could not be evaluated"
            kind = "untyped" if "shape" in message or "×" in message else "unsupported"
            return Judgement(
                "unchecked",
                "unstable" if "ill-conditioned" in message else kind,
                f"could not be evaluated: {message}",
            )
        cand, outcome = first
        failed = len(outcome.rel_errors)
        worst = max(outcome.rel_errors)
        reason = f"the two sides differ: relative error {worst:.2g} on {failed}/{failed} draws"
        return Judgement("broken", "broken", reason, cand, outcome, _reading(cand))

    def _layout_only(
        self, cand: TypedStep, typed: Iterable[TypedStep], tolerance: float, salt: str
    ) -> LayoutClaim | None:
        """The layout of a derivative claim that holds in that layout and not in the other."""
        claim = layout_of(cand)
        if claim is None:
            return None
        other = LayoutClaim(other_layout(claim.layout), claim.kind)
        for alt in typed:
            if (
                alt is not cand
                and layout_of(alt) == other
                and self._tester.test(alt, tolerance, salt).result == "ok"
            ):
                return None
        return claim

    def _ok(self, cand: TypedStep, outcome: Outcome) -> Judgement:
        layout_note = next((n for n in cand.notes if n.endswith("layout")), "")
        if layout_note and self.env.layout_explicit:
            other = layout_note.split()[0]
            return Judgement(
                "broken",
                "wrong-layout",
                f"holds only in {other} layout, but the document uses {self.env.layout} layout",
                cand,
                outcome,
                _reading(cand),
            )
        return Judgement("ok", "ok", "", cand, outcome, _reading(cand))

    def _conditions(
        self, judged: Judgement, step: StepInput, condition: bool, conditions: set[int]
    ) -> Judgement:
        if judged.status == "ok" or judged.typed is None:
            return judged
        if judged.kind not in ("broken", "unstable"):
            return judged
        # A zero written as such (`... = 0`), not a side that works out to zero: `d(A^T X) =
        # (dA^T) X` with A constant drops the only varying term, a mistake, not a condition.
        zero = any(side is not None and _written_zero(side.node) for side in (step.lhs, step.rhs))
        implied = step.raw.implied and (step.raw.equation - 1) in conditions
        if implied:
            rearranged = self._rearranged(
                judged.typed, self._condition_typed.get(step.raw.equation - 1), step
            )
            if rearranged is not None:
                return rearranged
        premise = step.raw.premise or id(step) in self._antecedents
        required = step.raw.relation == REQUIRED
        # `\\nabla_x (x^T A x - \\lambda(x^T x - 1)) = 2Ax - \\lambda x` after "The Lagrangian is": the
        # derivative of a formula written out is computed, not a condition the text sets up; so are
        # the rewritings of it its chain goes on with (`= 2A^T(Ax - b) = 2A^TAx - 2A^Tb`).
        condition = condition and step.raw.equation not in self._computed
        if zero or condition or implied or premise or required or step.raw.equation in conditions:
            why = (
                "written with =! as a requirement"
                if required
                else _why_a_condition(
                    zero, step.raw.premise, premise, implied or step.raw.equation in conditions
                )
            )
            return Judgement(
                "unchecked",
                "condition",
                f"condition, not an identity ({why}); it does not hold for all values",
                judged.typed,
                judged.outcome,
                judged.reading,
            )
        return judged

    def _rearranged(self, typed: TypedStep, condition: TypedStep | None, step: StepInput) -> Judgement | None:
        """`X^T(Xw - y) = 0 \\implies X^TXw = X^Ty`: an equation that follows from a condition and is
        that condition rearranged (the difference of its sides is the condition's times 1, -1, 2,
        -2, 1/2 or -1/2) is ok; any other stays a condition."""
        if condition is None or self._ctx is None:
            return None
        saved = self._layout_claim
        mine = ir.add(typed.lhs, ir.scale(-1.0, typed.rhs))
        theirs = ir.add(condition.lhs, ir.scale(-1.0, condition.rhs))
        multiples: list[Reading] = [(ir.scale(c, theirs), ()) for c in REARRANGED_MULTIPLES]
        meanings = typed_meanings([(mine, ())], multiples, self._ctx)
        judged = self._numbers(meanings, step.raw, self.options.tolerance)
        self._layout_claim = saved
        if judged.status != "ok":
            return None
        return replace(judged, reading=REARRANGED, typed=typed)  # the step's own meaning, for reports

    # -- the verdict ---------------------------------------------------------------------------


# Properties the prose may say of a name whose definition does not give them for any values.
# `\\Sigma_{11}`, `\\Sigma_{22}`, `\\Sigma_{xx}`: a diagonal block of a partitioned covariance.
_DIAGONAL_BLOCK = re.compile(r"\\Sigma_\{(\w)\1\}")
_STRUCTURES = SQUARE_PROPERTIES - {"invertible"}


def _with_note(judged: Judgement, note: str) -> Judgement:
    """A judgement made again under a second reading of the step, with that reading named."""
    return replace(judged, reading=f"{judged.reading}, {note}" if judged.reading else note)


def _reading(typed: TypedStep) -> str:
    """The choices made in reading the step, each named once."""
    return "; ".join(dict.fromkeys(typed.notes))


_UPRIGHT_D = re.compile(r"\\(?:mathrm|operatorname|text)\s*(?:\{\s*d\s*\}|d)")


def _mentions(node: ast.Node | None, key: str) -> bool:
    if node is None:
        return False
    return any(isinstance(n, ast.Name) and n.key == key for n in ast.walk(node)) or any(
        isinstance(n, ast.Apply) and n.func.key == key for n in ast.walk(node)
    )


def _point_value(name: str, env: Environment) -> ir.Expr | None:
    """The value the text gives a symbol, or a component of a vector it gives (`x_2` of `\\mathbf{x}`)."""
    from mdcheck.semantics.env import base_letter
    from mdcheck.semantics.meaning import component_of

    if name in env.values:
        return env.values[name].body
    comp = component_of(name)
    if comp is None:
        return None
    letter, k = comp
    for other, definition in env.values.items():
        if base_letter(other)[0] == letter and "_{" not in other:
            body = definition.body
            if isinstance(body, ir.Transpose) and isinstance(body.body, ir.Matrix):
                body = ir.Matrix(tuple((x,) for x in body.body.rows[0]))
            if isinstance(body, ir.Matrix) and all(len(r) == 1 for r in body.rows) and k <= len(body.rows):
                return body.rows[k - 1][0]
    return None


def _at_another_point(lhs: ast.Node, rhs: ast.Node) -> bool:
    """`f(z) = f(x) + \\nabla f(x)^T(z - x) + ...`: a function applied on the left and again on the
    right relates its values at two points, a claim; it cannot define the function."""
    return isinstance(lhs, ast.Apply) and any(
        isinstance(n, ast.Apply) and n.func.key == lhs.func.key for n in ast.walk(rhs)
    )


def _definable(node: ast.Node) -> str | None:
    if isinstance(node, ast.Name):
        return node.key
    if isinstance(node, ast.Apply) and all(isinstance(a, ast.Name) for a in node.args) and not node.primes:
        return node.func.key
    if isinstance(node, ast.Call) and node.name in ("log", "ln") and len(node.args) == 1:
        # `\\log p(x) = ...`: a density defined by its logarithm (see `definition_target`).
        inner = node.args[0]
        if node.sub is None and node.sup is None and isinstance(inner, ast.Apply):
            return _definable(inner)
    return None


_IDENTITY = re.compile(r"(?:I|\\mathbf\{I\}|\\mathbb\{I\})(?:_\{[^{}]+\})?")


def _constant_name(name: str) -> bool:
    """`I`, `I_n`, `\\mathbf{1}`, `\\pi`: names that stand for constants unless the notes say otherwise
    (and `\\mathbb{E}`, which is no name at all)."""
    return name in CONSTANT_NAMES or _identity_name(name) or _probability_name(name)


def _probability_name(name: str) -> bool:
    """`\\mathbb{E}`, `\\mathbb{E}_p`, `\\mathbb{P}`: an expected value or probability, not a name."""
    return name.startswith(("\\mathbb{E}", "\\mathbb{P}", "\\mathbb{V}"))


def _ones_name(name: str) -> bool:
    """`\\mathbf{1}`, `\\mathbf{1}_{n}`: the all-ones vector, which no step introduces."""
    return _ONES.fullmatch(name) is not None


_ONES = re.compile(r"\\(?:mathbf|mathbb|boldsymbol|bm)\{1\}(?:_\{[^{}]*\})?")


def _identity_name(name: str) -> bool:
    """`I`, `I_n`, `\\mathbf{I}_{p}`: the identity matrix unless the notes say otherwise."""
    return _IDENTITY.fullmatch(name) is not None


def _names_in(node: ast.Node, functions: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Symbols written in a side; names applied as functions (`f(x)`, or any name the document
    uses as a function) aside, but not a capital applied to parentheses (`M(x)`, a product)."""
    from mdcheck.latex.names import FUNCTION_LETTERS
    from mdcheck.semantics.env import base_letter

    nodes = ast.walk(node)
    skip = {
        n.func.key
        for n in nodes
        if isinstance(n, ast.Apply)
        and (n.func.key in functions or base_letter(n.func.key)[0] in FUNCTION_LETTERS)
    } | {n.func.key for n in nodes if isinstance(n, ast.DiffAt)}
    # Summation indices, and entries picked by them (`A_{ij}` in `\\sum_{ij}`), are not symbols.
    sums = [n for n in nodes if isinstance(n, ast.Sum)]
    indices = {c for n in sums for c in n.index if c.isalpha()}
    bounds = {b.key for n in sums for b in (n.lower, n.upper) if isinstance(b, ast.Name)}
    names = {
        n.key
        for n in nodes
        if isinstance(n, ast.Name)
        and not (indices and (n.key in indices or (n.sub and set(n.sub) - set(", ") <= indices)))
    }
    return names - skip - bounds


def _as_logistic(e: ir.Expr) -> ir.Expr:
    """`e` with every application of `\\sigma` an application of the logistic function."""
    children = [_as_logistic(c) for c in e.children()]
    if isinstance(e, ir.Func) and e.name == "\\sigma":
        return ir.Func("sigmoid", tuple(children), e.derivative, e.partial)
    return rebuild(e, children)


def _unknown_functions(e: ir.Expr) -> set[str]:
    """The unknown functions applied in `e`, written `f()` so that they differ from symbols."""
    from mdcheck.numeric.functions import KNOWN

    return {x.name + "()" for x in ir.walk(e) if isinstance(x, ir.Func) and x.name not in KNOWN}


def _derivative_in_terms_of_itself(lhs: ir.Expr, rhs: ir.Expr) -> str | None:
    """`\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))`: one side is an unknown function's derivative at a
    point, the other uses only the function itself there. Its name, else None."""
    from mdcheck.numeric.functions import KNOWN

    for side, other in ((lhs, rhs), (rhs, lhs)):
        derived = _derivative_alone(side)
        if not (isinstance(derived, ir.Func) and derived.derivative > 0 and derived.name not in KNOWN):
            continue
        uses = [x for x in ir.walk(other) if isinstance(x, ir.Func) and x.name == derived.name]
        point = [show(a) for a in derived.args]
        if uses and all(x.derivative == 0 and [show(a) for a in x.args] == point for x in uses):
            return derived.name
    return None


def _derivative_alone(side: ir.Expr) -> ir.Expr:
    """`\\sigma'(z)` itself, also when written `d\\sigma` and worked out as `\\sigma'(z) dz`."""
    if isinstance(side, ir.Mul | ir.Hadamard):
        parts = side.factors if isinstance(side, ir.Mul) else (side.left, side.right)
        rest = [p for p in parts if not isinstance(p, ir.DSym)]
        if len(rest) == 1 and len(parts) == 2:
            return rest[0]
    return side


def _all_symbols(e: ir.Expr) -> set[str]:
    return ir.free_symbols(e) | ir.differential_symbols(e)


def _rounding_tolerance(step: StepInput, tolerance: float) -> float:
    """Numbers written with few digits (`0.909`, `3.14`) may be rounded: allow for their rounding.
    A single significant digit (`0.5`, `0.25` has two) is taken as exact: a rounding that coarse
    could hide any mistake."""
    digits = []
    for side in (step.lhs, step.rhs):
        if side is None:
            continue
        for tok in side.side.tokens:
            if tok.kind == "number" and "." in tok.text:
                significant = len(tok.text.replace(".", "").strip("0"))
                if significant > 1:
                    digits.append(significant)
    if not digits:
        return tolerance
    return max(tolerance, 5.0 * 10.0 ** (-min(digits)))


def _reached_name_nodes(sides: Iterable[ast.Node], env: Environment) -> list[ast.Name]:
    """The names the sides write, then those the definitions they go through write (one of each)."""
    todo = [n for side in sides for n in ast.walk(side) if isinstance(n, ast.Name)]
    seen: set[str] = set()
    out: list[ast.Name] = []
    while todo:
        name = todo.pop(0)
        if name.key in seen:
            continue
        seen.add(name.key)
        out.append(name)
        definition = env.definitions.get(name.key)
        if definition is not None and isinstance(definition.node, ast.Node):
            todo += [n for n in ast.walk(definition.node) if isinstance(n, ast.Name)]
    return out


def _reached_names(sides: Iterable[ast.Node], env: Environment) -> set[str]:
    """The names the sides write and those the definitions they go through write, as the notes
    wrote them (`\\ell(\\beta) = -\\|y - X\\beta\\|^2` reaches y)."""
    todo = [n.key for side in sides for n in ast.walk(side) if isinstance(n, ast.Name)]
    reached: set[str] = set()
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        definition = env.definitions.get(name)
        if definition is not None and isinstance(definition.node, ast.Node):
            todo += [n.key for n in ast.walk(definition.node) if isinstance(n, ast.Name)]
    return reached


def _side_nodes(step: StepInput) -> list[ast.Node]:
    return [side.node for side in (step.lhs, step.rhs) if side is not None and side.node is not None]


def _components(body: ir.Expr) -> set[str]:
    """The names of the entries of `(u, v)^T` or `[u; v]`, a vector of symbols; empty otherwise."""
    if isinstance(body, ir.Transpose):
        body = body.body
    if not isinstance(body, ir.Matrix):
        return set()
    entries = [e for row in body.rows for e in row]
    if not all(isinstance(e, ir.Sym) for e in entries):
        return set()
    return {e.name for e in entries if isinstance(e, ir.Sym)}


def _literal_differentials(inputs: list[StepInput]) -> tuple[set[str], bool]:
    names: set[str] = set()
    has_diff = False
    for step in inputs:
        for side in (step.lhs, step.rhs):
            if side is None or side.node is None:
                continue
            for node in ast.walk(side.node):
                if isinstance(node, ast.Diff):
                    has_diff = True
                    if node.wrt:
                        # `d_{W_j} J`: W_j varies, J follows from it.
                        names.update(w.key for w in node.wrt if isinstance(w, ast.Name))
                    elif isinstance(node.body, ast.Name):
                        names.add(node.body.key)
    return names, has_diff


def _written_zero(node: ast.Node | None) -> bool:
    """`0`, `\\mathbf{0}`, `\\mathbf{0}_n`, `0_{n}`, `-0`, `(0)`, `0^T`: a side written as zero."""
    while isinstance(node, ast.Group | ast.Neg | ast.Transpose | ast.Sub):
        node = node.body if isinstance(node, ast.Group | ast.Neg) else node.base
    return (isinstance(node, ast.Num) and node.value == 0) or (
        isinstance(node, ast.Name) and node.base == "0"
    )


# Properties that tie a matrix's rate of change to the matrix: for `R^T R = I`, `R^T \\dot R` is skew.
_OPEN_PROPERTIES = frozenset({"invertible", "positive", "constant"})


def _rate_of_constrained(lhs: ast.Node, rhs: ast.Node, env: Environment) -> str | None:
    """Why a failing step with `\\dot{R}` for an R with a stated structure (orthogonal, unit, ...) is
    not broken: the rate is constrained by that structure (`R^T \\dot R` is skew), and mdcheck draws
    it freely; None when the step writes no such rate."""
    for side in (lhs, rhs):
        for x in ast.walk(side):
            if not (isinstance(x, ast.Name) and x.accent in ("dot", "ddot")):
                continue
            base = name_key(x.base, x.style, "", x.sub)
            structure = env.properties(base) - _OPEN_PROPERTIES
            if structure:
                return (
                    f"{x.key} is the rate of change of {base}, which is "
                    f"{', '.join(property_words(structure))}: "
                    "the structure constrains the rate, which mdcheck draws freely"
                )
    return None


def _built_in_words(lhs: ast.Node, rhs: ast.Node, env: Environment) -> str | None:
    """Why a failing step with a matrix the prose builds from a vector ("$K$ is the skew-symmetric
    matrix of $k$") is not broken: mdcheck draws that matrix freely; None when it has none."""
    if not env.built_from:
        return None
    for side in (lhs, rhs):
        for x in ast.walk(side):
            if isinstance(x, ast.Name) and x.key in env.built_from:
                return (
                    f"{x.key} is {env.built_from[x.key]} in words, which mdcheck does not model; "
                    "the step fails when it is read as an independent matrix"
                )
    return None


def _unlinked_derivative(typed: TypedStep) -> str | None:
    """Why a failing step that differentiates something by a variable its formula does not depend
    on (`\\partial L / \\partial Z` with L written in P, "the softmax rows of Z" said in words) is
    not broken: the notes link them in a way mdcheck does not read. None when there is no such
    derivative."""
    for side in (typed.lhs, typed.rhs):
        for x in ir.walk(side):
            if isinstance(x, ir.Derivative) and isinstance(x.differential, ir.Zero):
                return (
                    f"the formula differentiated by {x.var} does not depend on {x.var} as the notes write "
                    "it in symbols; they may relate them in words, which mdcheck does not read"
                )
    return None


# What a side that differentiates is written with.
_DIFFERENTIATES = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*d")


def _unlinked_on_both_sides(typed: TypedStep) -> bool:
    """Whether each side differentiates a formula by a variable it does not depend on as written."""
    return all(
        any(isinstance(x, ir.Derivative) and isinstance(x.differential, ir.Zero) for x in ir.walk(side))
        for side in (typed.lhs, typed.rhs)
    )


def _vacuous(judged: Judgement) -> Judgement:
    """A step that holds only as 0 = 0, each side a derivative by a variable its formula does not
    depend on as the notes write it (the notes may link them in words): unchecked, not ok."""
    reason = (
        "both sides differentiate a formula by a variable it does not depend on as the notes write it "
        "in symbols (the step holds as 0 = 0); they may relate them in words, which mdcheck does not read"
    )
    return Judgement("unchecked", "unknown-meaning", reason, judged.typed, judged.outcome, judged.reading)


def _slices_beside_their_matrix(sides: tuple[ast.Node, ...], through: set[str]) -> str | None:
    """Why a failing step that writes `z_i` beside the matrix `Z` (or a name defined with Z: `S` for
    `S = X^T X / n`, in `through`) is not broken: `z_i` may be a row or a column of Z, which
    mdcheck does not model; None when the step writes no such pair."""
    names = [x for side in sides for x in ast.walk(side) if isinstance(x, ast.Name)]
    matrices = {(x.base, x.style) for x in names if not x.sub and len(x.base) == 1 and x.base.isupper()}
    matrices |= {(key, "") for key in through if len(key) == 1 and key.isupper()}
    matrices |= {(m.group(1), "bold") for key in through if (m := re.fullmatch(r"\\mathbf\{([A-Z])\}", key))}
    slices = sorted(
        {
            x.key
            for x in names
            if x.sub and len(x.base) == 1 and x.base.islower() and (x.base.upper(), x.style) in matrices
        }
    )
    if not slices:
        return None
    return (
        f"{', '.join(slices)}: written beside the matrix of the same letter, they may be its rows or "
        "columns, which mdcheck does not model; the step fails when they are read as independent symbols"
    )


def _pseudo_inverse_beside_its_matrix(sides: tuple[ast.Node, ...], env: Environment) -> str | None:
    """Why a failing step that writes `L^+` (or `L^\\dagger`, `U^*`) beside `L` is not broken: it is
    most likely the pseudo-inverse or the adjoint of L, which mdcheck draws as an independent matrix;
    None otherwise (and when the notes define `L^+`, which is then checked through its definition, or
    call L unitary or Hermitian, when `L^\\dagger` is read as its adjoint)."""
    keys = {x.key for side in sides for x in ast.walk(side) if isinstance(x, ast.Name)}
    marks = ("^{+}", *ADJOINT_MARKS)
    own = {k for k in keys - set(env.definitions) if adjoint_base(env, k) is None}
    decorated = {k: k[: -len(m)] for k in own for m in marks if k.endswith(m)}
    # `w^*` beside `w` is an optimum; `U^*` beside a matrix `U` its adjoint
    paired = sorted(
        k for k, base in decorated.items() if base in keys and (not k.endswith("^{*}") or base[:1].isupper())
    )
    if not paired:
        return None
    what = "adjoint or pseudo-inverse" if any(k.endswith("^{*}") for k in paired) else "pseudo-inverse"
    return (
        f"{', '.join(paired)}: written beside the matrix it decorates, it may be its {what}, which mdcheck "
        "does not model; the step fails when it is read as an independent symbol"
    )


def _imaginary_unit_in_exponent(sides: tuple[ast.Node, ...]) -> str | None:
    """Why a failing step with `i` in the exponent of e (`e^{-2\\pi i/n}`) is not broken: there `i` is
    the imaginary unit, which mdcheck reads as a real scalar; None when there is no such exponent."""
    for side in sides:
        for x in ast.walk(side):
            if isinstance(x, ast.Power) and isinstance(x.base, ast.Name) and x.base.key == "e":
                inside = [n for n in ast.walk(x.exp) if isinstance(n, ast.Name)]
                if any(n.key == "i" for n in inside):
                    return (
                        "i in the exponent of e is likely the imaginary unit; mdcheck evaluates real "
                        "values only, so the step fails when i is read as a real scalar"
                    )
    return None


def _antecedents(inputs: list[StepInput]) -> set[int]:
    """The last step of each equation an implication follows (`By = x \\Rightarrow y = B^{-1}x`):
    what the implication assumes (the ids of the steps)."""
    out: set[int] = set()
    for before, after in itertools.pairwise(inputs):
        if after.raw.implied and after.raw.first and before.raw.equation != after.raw.equation:
            out.add(id(before))
    return out


def _derivative_of_a_formula(step: StepInput) -> bool:
    """Whether the step's left side is the derivative of a formula written out (`\\nabla_x(x^T A x)`,
    `\\frac{\\partial}{\\partial u}(u^T R u)`), not of a name (`\\nabla f`, `\\partial L / \\partial w`)."""
    node = step.lhs.node if step.lhs is not None else None
    if not isinstance(node, ast.Derivative | ast.Nabla) or node.body is None:
        return False
    return not isinstance(node.body, ast.Name | ast.Apply)


def _why_a_condition(zero: bool, remark: bool, antecedent: bool, follows: bool) -> str:
    """Why a failing step is taken for a condition, in words."""
    if zero:
        return "one side is zero"
    if remark:
        return "a remark in the display gives it as a reason or a condition"
    if antecedent:
        return "an implication follows from it"
    if follows:
        return "it follows from a condition"
    return SET_UP_CONDITION
