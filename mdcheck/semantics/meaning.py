"""From the readings of a step's two sides to typed meanings ready for numbers: definitions
substituted, differentials worked out, shapes inferred and sized, symbols described for drawing."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mdcheck.semantics import ir
from mdcheck.semantics.differentiate import UnsupportedDifferential, expand, rebuild
from mdcheck.semantics.env import SQUARE_PROPERTIES, Environment, base_letter, convention_kind
from mdcheck.semantics.ir import Expr
from mdcheck.semantics.lower import FALLBACK_TIERS, Reading, body_of, opaque_variable
from mdcheck.semantics.shapes import (
    SCALAR_SHAPE,
    VECTOR_SHAPE,
    Dim,
    ProductDim,
    ShapeError,
    Sizes,
    SumDim,
    SymbolShape,
    Typer,
    assign_sizes,
)

MAX_KIND_TRIES = 64
MAX_PAIRS = 24


@dataclass(frozen=True)
class SymbolInfo:
    """How the numbers stage should treat one symbol of a typed step."""

    name: str
    shape: tuple[int, int]
    properties: frozenset[str]
    varying: bool
    computed: Expr | None = None
    fixed: Expr | None = None
    dimension: int | None = None
    square_use: bool = False


@dataclass(frozen=True)
class TypedStep:
    """One reading of a step with everything the numbers need."""

    lhs: Expr
    rhs: Expr
    notes: tuple[str, ...]
    symbols: tuple[SymbolInfo, ...]
    node_shapes: dict[int, tuple[int, int]]
    sizes: tuple[tuple[str, int], ...]
    shapes_text: tuple[tuple[str, str], ...]
    vectors: frozenset[str]


@dataclass(frozen=True)
class NoMeaning:
    """Why no reading of a step could be typed: `kind` is a finding kind."""

    kind: str
    message: str


@dataclass
class BlockContext:
    """What holds across the steps of one block: which symbols vary, kinds chosen so far.
    `independent` defined symbols keep their name (their value computed from the definition)
    because their differential is a free direction; so do the variables of derivatives."""

    env: Environment
    varying: frozenset[str]
    independent: frozenset[str] = frozenset()
    vector_hints: set[str] | None = None
    point_values: bool = False
    kept: frozenset[str] = frozenset()
    point: dict[str, Expr] | None = None


def literal_differentials(expr: Expr) -> set[str]:
    """Symbols whose differential is written as such (`dx`, `d\\hat y`) in a reading."""
    if ir.Diff not in ir.node_kinds(expr):
        return set()
    return {e.body.name for e in ir.walk(expr) if isinstance(e, ir.Diff) and isinstance(e.body, ir.Sym)}


def varying_symbols(readings: list[Expr], env: Environment) -> tuple[frozenset[str], frozenset[str]]:
    """The symbols that vary in a block, and the defined symbols whose differential is taken as a
    free direction (their definitions do not depend on anything that varies).

    A symbol varies when its differential is written in the block (`dx`), or a directive says so.
    Only when a block writes `d(...)` of expressions and no differential of a symbol does the
    whole document's list of varying symbols apply."""
    literal: set[str] = set()
    has_diff = False
    for r in readings:
        literal |= literal_differentials(r)
        has_diff = has_diff or ir.has(r, ir.Diff)
    free = {s for s in literal if s not in env.definitions}
    # A differential written out (`dA`) makes A vary even where the prose once called it constant.
    base = (free - env.fixed_constants) | (env.varying - env.constants)
    if not literal and has_diff:
        base |= set(env.document_varying) - env.constants
    defined = {s for s in literal if s in env.definitions}
    # A defined symbol whose differential is written is a free direction unless it is defined in
    # terms of something else that varies (then its differential follows from its definition).
    independent = {s for s in defined if not (_definition_symbols(s, env, set()) & (base | (defined - {s})))}
    return frozenset(base | independent), frozenset(independent)


def _definition_symbols(name: str, env: Environment, seen: set[str]) -> set[str]:
    """Every symbol a definition depends on, defined ones included, through other definitions."""
    if name in seen:
        return set()
    seen.add(name)
    definition = env.definitions.get(name)
    if definition is None:
        return {name}
    out: set[str] = set()
    for s in ir.free_symbols(body_of(env, definition)):
        out.add(s)
        out |= _definition_symbols(s, env, seen)
    return out


class Unresolvable(Exception):
    pass


def resolve(expr: Expr, ctx: BlockContext) -> Expr:
    """One expression substituted, its components read and its differentials worked out."""
    return resolve_pair(expr, None, ctx)[0]


def resolve_pair(lhs: Expr, rhs: Expr | None, ctx: BlockContext) -> tuple[Expr, Expr | None]:
    """Substitute definitions (except symbols whose differential is a free direction, and the
    variable of a derivative inside that derivative), read `x_1, x_2` as components of a vector
    `x` written on either side, and work out every differential. A side with nothing to change
    comes back as the same object, so what is cached on its nodes serves the next step too."""
    left = substitute_definitions(lhs, ctx)
    right = substitute_definitions(rhs, ctx) if rhs is not None else None
    renames = family_identities([left] if right is None else [left, right])
    if renames:
        left = rename_symbols(left, renames)
        right = rename_symbols(right, renames) if right is not None else None
    found = component_map([left] if right is None else [left, right], ctx.env)
    kept = ctx.env.worked_out
    return (
        _worked_out_kept(left, found, ctx.varying, kept),
        (_worked_out_kept(right, found, ctx.varying, kept) if right is not None else None),
    )


def _worked_out_kept(
    e: Expr,
    found: dict[str, tuple[str, int, int]],
    varying: frozenset[str],
    kept: dict[int, tuple[Expr, object, Expr]],
) -> Expr:
    """`_worked_out`, kept per tree (a side paired with several readings of the other side, or
    the middle of a chain, comes back) with the components and varying symbols it was given."""
    key = (varying, tuple(found.items()))
    got = kept.get(id(e))
    if got is None or got[0] is not e or got[1] != key:
        got = (e, key, _worked_out(e, found, varying))
        kept[id(e)] = got
    return got[2]


def _worked_out(e: Expr, found: dict[str, tuple[str, int, int]], varying: frozenset[str]) -> Expr:
    """Components read, differentials expanded, derivatives given their differential; each pass
    skipped when the tree has nothing it would change (a pure function of its arguments)."""
    e = apply_components(e, found)
    kinds = node_kinds(e)
    if ir.Diff in kinds:
        e = _expand_below(e, varying, _paths_to(e, ir.Diff))
        kinds = node_kinds(e)
    return _derivatives_below(e, _paths_to(e, ir.Derivative)) if ir.Derivative in kinds else e


def _paths_to(e: Expr, kind: type) -> set[int]:
    """The ids of the nodes of `e` with a node of class `kind` at or below them (`walk` lists a
    node before its children, so backwards every node comes after its children)."""
    marked: set[int] = set()
    for x in reversed(ir.walk(e)):
        if isinstance(x, kind) or not marked.isdisjoint(map(id, x.children())):
            marked.add(id(x))
    return marked


def _expand_below(e: Expr, varying: frozenset[str], marked: set[int]) -> Expr:
    """`expand(e, varying)`, going down only where a differential is (elsewhere `expand` gives
    back the very same subtree)."""
    if id(e) not in marked:
        return e
    if isinstance(e, ir.Diff):
        return expand(e, varying)
    return rebuild(e, [_expand_below(c, varying, marked) for c in e.children()])


node_kinds = ir.node_kinds


def substitute_definitions(expr: Expr, ctx: BlockContext) -> Expr:
    definitions = ctx.env.definitions
    independent = ctx.independent
    kinds = node_kinds(expr)
    # Without derivatives or differentials only a defined symbol could change: the names of the
    # tree (kept on it) tell at once.
    if (
        ir.Derivative not in kinds
        and ir.Diff not in kinds
        and all(n not in definitions or n in independent for n in symbol_names(expr))
    ):
        return expr
    for x in ir.walk(expr):
        if isinstance(x, ir.Sym):
            if x.name in definitions and x.name not in independent:
                break
        elif isinstance(x, ir.Derivative) or (
            isinstance(x, ir.Diff) and x.wrt and isinstance(x.body, ir.Sym)
        ):
            break
    else:
        return expr  # nothing defined, no derivative, no partial differential: nothing changes
    env = ctx.env
    if env.version < 0:  # a passing version of the environment (`judge_again`): not kept
        return _substitute(expr, ctx, frozenset(), frozenset())
    # The sides of a chain's steps and the readings paired with several others come back: kept
    # per tree, with all a substitution reads (definitions, their bodies' version, free directions).
    key = (env.version, independent, tuple(definitions.values()))
    got = env.substitutions.get(id(expr))
    if got is None or got[0] is not expr or got[1] != key:
        got = (expr, key, _substitute(expr, ctx, frozenset(), frozenset()))
        env.substitutions[id(expr)] = got
    return got[2]


def _substitute(e: Expr, ctx: BlockContext, seen: frozenset[str], keep: frozenset[str]) -> Expr:
    env = ctx.env
    if isinstance(e, ir.Sym):
        definition = env.definitions.get(e.name)
        if definition is None or e.name in ctx.independent or e.name in keep:
            return e
        if e.name in seen:
            raise Unresolvable(f"{e.name} is defined in terms of itself")
        return _substitute(body_of(env, definition), ctx, seen | {e.name}, keep)
    if isinstance(e, ir.Diff) and e.wrt and isinstance(e.body, ir.Sym):
        name = e.body.name
        if name not in env.definitions and name not in e.wrt:
            raise Unresolvable(f"{name} is not defined as a function of {', '.join(e.wrt)}")
    if isinstance(e, ir.Derivative):
        body = _substitute(e.body, ctx, seen, keep | {e.var})
        return ir.Derivative(body, e.var, e.layout, e.order)
    kids = e.children()
    if not kids:
        return e
    return rebuild(e, [_substitute(c, ctx, seen, keep) for c in kids])


_FAMILY_MEMBER = re.compile(r"^(.+)_\{\(([A-Za-z])(\d+)\)\}$")


def family_identities(exprs: list[Expr]) -> dict[str, str]:
    """A sum over a family written out (`W_{(k1)} + W_{(k2)} + ...`) in a step that also names one
    member by a symbolic index (`d_{W_j}`): the first member written out is that one."""
    names: set[str] = set()
    for e in exprs:
        names |= _family_names(e)
    out: dict[str, str] = {}
    for name in names:
        if "_{(" not in name:
            continue  # the quick test before the pattern: no member of a family
        m = _FAMILY_MEMBER.match(name)
        if m is None or m.group(3) != "1":
            continue
        base = m.group(1)
        prefix = base + "_{"
        symbolic = [
            n
            for n in names
            if n.startswith(prefix)
            and not _FAMILY_MEMBER.match(n)
            and any(c.isalpha() for c in n[len(prefix) :])
        ]
        if len(symbolic) == 1:
            out[name] = symbolic[0]
    return out


def _family_names(e: Expr) -> frozenset[str]:
    """The names of a tree's symbols, differentials, partial differentials and derivative
    variables (kept on its root: trees never change)."""
    cached = e.__dict__.get("_family_names")
    if cached is None:
        cached = ir.symbol_and_differential_names(e)
        kinds = node_kinds(e)
        if ir.Diff in kinds or ir.Derivative in kinds:
            names = set(cached)
            for x in ir.walk(e):
                if isinstance(x, ir.Diff):
                    names.update(x.wrt)
                elif isinstance(x, ir.Derivative):
                    names.add(x.var)
            cached = frozenset(names)
        object.__setattr__(e, "_family_names", cached)
    return cached


def rename_symbols(expr: Expr, renames: dict[str, str]) -> Expr:
    if isinstance(expr, ir.Sym | ir.DSym) and expr.name in renames:
        return type(expr)(renames[expr.name])
    kids = expr.children()
    return rebuild(expr, [rename_symbols(c, renames) for c in kids]) if kids else expr


def component_of(name: str) -> tuple[str, int] | None:
    """`x_{2}` -> ("x", 2): the letter and the component number a subscripted name may stand for."""
    if "_{" not in name or "^" in name:
        return None
    base, sub = name.split("_{", 1)
    sub = sub[:-1] if sub.endswith("}") else sub
    if not sub.isdigit() or int(sub) < 1:
        return None
    letter, style = base_letter(base)
    return (letter, int(sub)) if style == "" and letter == base else None


def component_map(exprs: list[Expr], env: Environment) -> dict[str, tuple[str, int, int]]:
    """Which names `x_k` are components of a vector `\\mathbf{x}` (or `x`) written in the same step:
    name -> (vector, k, largest k)."""
    names: set[str] = set()
    for e in exprs:
        names |= symbol_names(e)
    components = {name: comp for name in names if (comp := component_of(name)) is not None}
    if not components:
        return {}
    vectors: dict[str, str] = {}
    for name in names:
        letter, style = base_letter(name)
        if "_{" in name or name.startswith(("\\hat", "\\bar", "\\tilde")):
            continue
        shape = env.symbol_shape(name)
        is_vector = shape.kind == "vector" or (
            shape.dims is not None and shape.dims[1] == 1 and shape.dims[0] != 1
        )
        if is_vector and (letter not in vectors or style == "bold"):
            vectors[letter] = name
    found: dict[str, tuple[str, int]] = {}
    for name, comp in components.items():
        if comp[0] in vectors and name not in env.declarations and name not in env.definitions:
            found[name] = (vectors[comp[0]], comp[1])
    size: dict[str, int] = {}
    for vec, k in found.values():
        size[vec] = max(size.get(vec, 0), k)
    return {name: (vec, k, size[vec]) for name, (vec, k) in found.items()}


def apply_components(expr: Expr, found: dict[str, tuple[str, int, int]]) -> Expr:
    if not found:
        return expr
    if isinstance(expr, ir.Sym | ir.DSym) and expr.name in found:
        vec, k, n = found[expr.name]
        return ir.Entry(type(expr)(vec), k - 1, n)
    kids = expr.children()
    return rebuild(expr, [apply_components(c, found) for c in kids]) if kids else expr


def _derivatives_below(e: Expr, marked: set[int]) -> Expr:
    """Every derivative given its differential, going down only where a derivative is
    (elsewhere the tree stays the very same)."""
    if id(e) not in marked:
        return e
    kids = e.children()
    if not kids:
        return e
    if isinstance(e, ir.Derivative):
        body = _derivatives_below(e.body, marked)
        hidden = _one_symbol_of(body)
        if hidden is not None and hidden != e.var:
            raise Unresolvable(f"the meaning of {hidden} as a function of {e.var} is not known")
        diff = expand(ir.Diff(body, e.order), frozenset({e.var}))
        return ir.Derivative(body, e.var, e.layout, e.order, diff)
    return rebuild(e, [_derivatives_below(c, marked) for c in kids])


def _one_symbol_of(body: Expr) -> str | None:
    """The symbol `y`, `\\log f`, `d^2` is a function of alone (its derivative in another variable
    is that of a dependence the notes do not write); None for anything else."""
    while isinstance(body, ir.Func | ir.Power):
        if isinstance(body, ir.Power):
            if not isinstance(body.exponent, ir.Const):
                return None
            body = body.base
        elif len(body.args) == 1 and body.derivative == 0:
            body = body.args[0]
        else:
            return None
    return body.name if isinstance(body, ir.Sym) else None


def kept_symbols(exprs: list[Expr], ctx: BlockContext) -> frozenset[str]:
    """Defined symbols that keep their name in a resolved step: free directions and the
    variables of derivatives (their values come from their definitions)."""
    kept = set(ctx.independent)
    for e in exprs:
        if _KEEPING.isdisjoint(node_kinds(e)):
            continue
        for x in ir.walk(e):
            if isinstance(x, ir.Derivative) and x.var in ctx.env.definitions:
                kept.add(x.var)
            elif isinstance(x, ir.At):
                kept.update(n for n, _ in x.bindings if n in ctx.env.definitions)
    return frozenset(kept)


class Meanings:
    """The typed readings of a step, most plausible first, each worked out only when asked for
    (most steps are settled by their first reading). `error` says why there is none."""

    def __init__(self, lhs_readings: list[Reading], rhs_readings: list[Reading], ctx: BlockContext) -> None:
        pairs = list(itertools.product(lhs_readings, rhs_readings))
        # The same notation read the same way on both sides first (`f'` a diagonal matrix on the
        # left and on the right), then by plausibility.
        order = sorted(range(len(pairs)), key=lambda k: (len(set(pairs[k][0][1]) ^ set(pairs[k][1][1])), k))
        ranked = [pairs[k] for k in order[:MAX_PAIRS]]
        tier_of = [_tier(p) for p in ranked]
        tiers = [
            [p for p, tier in zip(ranked, tier_of, strict=True) if tier == t]
            for t in range(len(FALLBACK_TIERS) + 1)
        ]
        self._pairs = iter(tiers[0])
        self._reserves = [iter(t) for t in tiers[1:] if t]
        self._ctx = ctx
        self._done: list[TypedStep] = []
        self._exhausted = False
        self._first_error: NoMeaning | None = None
        self._set_aside: list[_SetAside] = []

    def __iter__(self) -> Iterator[TypedStep]:
        k = 0
        while True:
            if k < len(self._done):
                yield self._done[k]
                k += 1
            elif not self._next():
                return

    def first(self) -> TypedStep | None:
        return next(iter(self), None)

    @property
    def error(self) -> NoMeaning:
        return self._first_error or NoMeaning("untyped", "no reading of the step could be typed")

    def _next(self) -> bool:
        """Type the next reading pair that can be typed; False when none is left. Within a tier,
        every pair is typed with the declared shapes before any is retried without them."""
        if self._exhausted:
            return False
        for (lhs, ln), (rhs, rn) in self._pairs:
            result = _type_reading(lhs, ln, rhs, rn, self._ctx)
            if isinstance(result, NoMeaning):
                self._first_error = self._first_error or result
                continue
            if isinstance(result, _SetAside):
                self._first_error = self._first_error or result.error
                self._set_aside.append(result)
                continue
            self._done.append(result)
            return True
        while self._set_aside:
            # Notes reuse letters: a shape declared for an earlier example may not hold here.
            retried = self._set_aside.pop(0)
            if self._done and not _shaped_before_section(retried.lhs, retried.rhs, self._ctx.env):
                # A reading types with the shapes this section declares: they hold (`\exp(x)` of
                # a vector declared here is elementwise, not the matrix exponential of a scalar x).
                continue
            retry = type_pair(
                retried.lhs,
                retried.rhs,
                (*retried.notes, "declared shapes set aside"),
                self._ctx,
                declared=False,
            )
            if isinstance(retry, NoMeaning):
                continue
            self._done.append(retry)
            return True
        if not self._done and self._reserves:
            # Readings kept in reserve (`\\cdot` as an inner product, a matrix name applied as a
            # function) are tried, tier by tier, only when nothing more plausible types.
            self._pairs = self._reserves.pop(0)
            return self._next()
        self._exhausted = True
        return False


@dataclass(frozen=True)
class _SetAside:
    """A pair that does not type with the declared shapes, to be tried without them."""

    lhs: Expr
    rhs: Expr
    notes: tuple[str, ...]
    error: NoMeaning  # why it does not type with the declared shapes


def _tier(pair: tuple[Reading, Reading]) -> int:
    """0 for a plain reading; otherwise 1 + the index of its least plausible fallback."""
    notes = (*pair[0][1], *pair[1][1])
    return max((k + 1 for k, tier in enumerate(FALLBACK_TIERS) for n in notes if tier(n)), default=0)


def typed_meanings(lhs_readings: list[Reading], rhs_readings: list[Reading], ctx: BlockContext) -> Meanings:
    return Meanings(lhs_readings, rhs_readings, ctx)


def _type_reading(
    lhs: Expr, ln: tuple[str, ...], rhs: Expr, rn: tuple[str, ...], ctx: BlockContext
) -> TypedStep | NoMeaning | _SetAside:
    try:
        left, right_or_none = resolve_pair(lhs, rhs, ctx)
        assert right_or_none is not None
        left, right = _zero_side(left), _zero_side(right_or_none)
        ctx.kept = kept_symbols([left, right], ctx)
    except UnsupportedDifferential as err:
        return NoMeaning("unsupported", str(err))
    except Unresolvable as err:
        return NoMeaning("unknown-meaning", str(err))
    result = type_pair(left, right, ln + rn, ctx)
    if isinstance(result, NoMeaning) and _declared(left, right, ctx.env):
        return _SetAside(left, right, ln + rn, result)
    return result


def _zero_side(e: Expr) -> Expr:
    return ir.Zero() if isinstance(e, ir.Const) and e.value == 0.0 else e


def _declared(lhs: Expr, rhs: Expr, env: Environment) -> bool:
    return any(n in env.declarations for n in symbol_names(lhs) | symbol_names(rhs))


def _shaped_before_section(lhs: Expr, rhs: Expr, env: Environment) -> bool:
    """Whether a symbol of the pair has a shape declared before the current section."""
    return any(
        n in env.declarations and env.declarations[n].dims is not None and n not in env.shaped_in_section
        for n in symbol_names(lhs) | symbol_names(rhs)
    )


def type_pair(
    lhs: Expr, rhs: Expr, notes: tuple[str, ...], ctx: BlockContext, declared: bool = True
) -> TypedStep | NoMeaning:
    env = ctx.env
    left_names, right_names = symbol_names(lhs), symbol_names(rhs)
    pending = sorted(left_names | right_names)
    base: dict[str, SymbolShape] = {}
    likes: dict[str, Expr] = {}
    flexible: list[str] = []
    while pending:
        name = pending.pop()
        if name in base:
            continue
        shape = env.symbol_shape(name, declared)
        var = opaque_variable(name)
        if var is not None:
            # An arbitrary gradient: the shape of its variable.
            shape = SymbolShape(like=ir.Sym(var))
            pending.append(var)
        given = _given_value(name, left_names, right_names, ctx)
        if given is not None and (dims := literal_shape(given)) is not None:
            shape = SymbolShape(dims=dims)
        definition = env.definitions.get(name)
        if (name in ctx.independent or name in ctx.kept) and definition is not None:
            try:
                like = resolve(body_of(env, definition), ctx)
            except (UnsupportedDifferential, Unresolvable) as err:
                return NoMeaning("unknown-meaning", str(err))
            likes[name] = like
            shape = SymbolShape(like=like)
            # The symbols its value is computed from need shapes too.
            pending.extend(sorted(symbol_names(like) - base.keys()))
        if shape.kind == "flexible" and shape.like is None:
            flexible.append(name)
        base[name] = shape
    flexible.sort()
    strong = vector_signals(lhs) | vector_signals(rhs) | (ctx.vector_hints or set())
    scalars = scalar_signals(lhs) | scalar_signals(rhs)
    for name in scalars:
        known = base.get(name)
        declared_dims = name in env.declarations and env.declarations[name].dims is not None
        if known is not None and known.dims is None and known.like is None and not declared_dims:
            base[name] = SCALAR_SHAPE
            if name in flexible:
                flexible.remove(name)
    typed = _typed_under_some_kinds(lhs, rhs, base, flexible, strong)
    if isinstance(typed, str):
        return NoMeaning("untyped", f"shape error: {typed}")
    typer, vectors = typed
    if ctx.vector_hints is not None:
        ctx.vector_hints.update(vectors)
    return _finish(lhs, rhs, notes, typer, ctx, frozenset(vectors), likes)


def _typed_under_some_kinds(
    lhs: Expr, rhs: Expr, base: dict[str, SymbolShape], flexible: list[str], strong: frozenset[str] | set[str]
) -> tuple[Typer, set[str]] | str:
    """The typer of the first assignment of kinds to the flexible symbols under which the two
    sides agree, and its vectors; else the first shape error. Typing is deterministic and reads a
    symbol's shape only by looking it up, so an assignment that agrees with a failed one on every
    flexible symbol that one looked up before failing fails the same way: it is skipped."""
    first_error = ""
    failed: list[tuple[list[str], set[str]]] = []
    for vectors in _kind_assignments(flexible, strong):
        if any(all((n in vectors) == (n in was) for n in looked) for looked, was in failed):
            continue
        symbols = dict(base)
        for name in flexible:
            symbols[name] = VECTOR_SHAPE if name in vectors else SCALAR_SHAPE
        typer = Typer(symbols)
        try:
            typer.shape(lhs)
            typer.shape(rhs)
            typer.same(typer.shape(lhs), typer.shape(rhs), "the two sides")
        except ShapeError as err:
            first_error = first_error or str(err)
            # A flexible symbol's shape is set in `symbol_dims` as it is looked up (it cannot fail).
            failed.append(([n for n in flexible if n in typer.symbol_dims], vectors))
            continue
        return typer, vectors
    return first_error


def _kind_assignments(flexible: list[str], strong: frozenset[str] | set[str]) -> list[set[str]]:
    fixed = {f for f in flexible if f in strong}
    rest = [f for f in flexible if f not in strong]
    out: list[set[str]] = []
    for k in range(len(rest) + 1):
        for combo in itertools.combinations(rest, k):
            out.append(fixed | set(combo))
            if len(out) >= MAX_KIND_TRIES:
                return out
    return out


def _given_value(
    name: str, left: frozenset[str] | set[str], right: frozenset[str] | set[str], ctx: BlockContext
) -> Expr | None:
    """The value the text gives `name`, when the step is evaluated there: at a point, or because
    the symbol stands on one side only (`\\frac{\\partial}{\\partial x} x^T A x = ...` with `A` given)."""
    given = (ctx.point or {}).get(name)
    if given is None and name in ctx.env.values and (ctx.point_values or (name in left) != (name in right)):
        given = ctx.env.values[name].body
    return given


def literal_shape(e: Expr) -> tuple[int, int] | None:
    """The shape of a value written out: a number, a matrix literal, or its transpose."""
    if isinstance(e, ir.Const):
        return (1, 1)
    if isinstance(e, ir.Matrix):
        if any(isinstance(x, ir.Matrix) for row in e.rows for x in row):
            return None  # a block matrix: its size is the sum of its blocks'
        return (len(e.rows), len(e.rows[0]))
    if isinstance(e, ir.Transpose):
        inner = literal_shape(e.body)
        return (inner[1], inner[0]) if inner else None
    if isinstance(e, ir.Scale):
        return literal_shape(e.body)
    return None


def symbol_names(e: Expr) -> frozenset[str]:
    """The names of the symbols, differentials, derivative variables and bound names of a tree
    (kept on its root: trees never change)."""
    cached = e.__dict__.get("_names")
    if cached is not None:
        return cached
    out = ir.symbol_and_differential_names(e)
    kinds = node_kinds(e)
    if ir.Derivative in kinds or ir.At in kinds:
        names = set(out)
        for x in ir.walk(e):
            if isinstance(x, ir.Derivative):
                names.add(x.var)
            elif isinstance(x, ir.At):
                names.update(n for n, _ in x.bindings)
        out = frozenset(names)
    object.__setattr__(e, "_names", out)
    return out


def vector_signals(e: Expr) -> frozenset[str]:
    """Lowercase symbols the algebra says are vectors: transposed, inside a norm, multiplied on the
    left by a matrix, given to `diag` or softmax (kept on the root: trees never change)."""
    cached = e.__dict__.get("_vector_signals")
    if cached is None:
        cached = frozenset(_vector_signals(e))
        object.__setattr__(e, "_vector_signals", cached)
    return cached


def _vector_signals(e: Expr) -> set[str]:
    out: set[str] = set()
    if _VECTOR_SIGNS.isdisjoint(node_kinds(e)):
        return out
    for x in ir.walk(e):
        if isinstance(x, ir.Mul):
            for left, right in itertools.pairwise(x.factors):
                if isinstance(right, _NAMED) and _matrix_like(left):
                    out.add(right.name)
        elif isinstance(x, _BODY_VECTOR_SIGNS) and isinstance(x.body, _NAMED):
            out.add(x.body.name)
    return out


_KEEPING = frozenset({ir.Derivative, ir.At})
_BODY_VECTOR_SIGNS = (ir.Transpose, ir.Norm, ir.Softmax)
_VECTOR_SIGNS = frozenset({*_BODY_VECTOR_SIGNS, ir.Mul})
_NAMED = (ir.Sym, ir.DSym)
_SCALAR_SIGNS = frozenset({ir.Div, ir.Power})
_SQUARE_USES = frozenset({ir.Inverse, ir.Det, ir.Trace})
# Nodes whose size a later stage needs: the numbers (identities, ones, zeros) and the layout of a
# derivative claim (the derivative's own shape).
_SIZED_NODES = frozenset({ir.Identity, ir.Ones, ir.Zero, ir.Derivative})


def scalar_signals(e: Expr) -> frozenset[str]:
    """Symbols the notation says are scalars: in a denominator (`\frac{1}{N}`) or an exponent
    (kept on the root: trees never change)."""
    cached = e.__dict__.get("_scalar_signals")
    if cached is None:
        cached = frozenset(_scalar_signals(e))
        object.__setattr__(e, "_scalar_signals", cached)
    return cached


def _scalar_signals(e: Expr) -> set[str]:
    out: set[str] = set()
    if _SCALAR_SIGNS.isdisjoint(node_kinds(e)):
        return out
    for x in ir.walk(e):
        if isinstance(x, ir.Div) and _plain_product(x.den):
            out |= {y.name for y in ir.walk(x.den) if isinstance(y, ir.Sym)}
        elif isinstance(x, ir.Power) and _plain_product(x.exponent):
            out |= {y.name for y in ir.walk(x.exponent) if isinstance(y, ir.Sym)}
    return out


def _plain_product(e: Expr) -> bool:
    """A number, a symbol, or a product of them (`N`, `2N`, `nd`)."""
    if isinstance(e, ir.Sym | ir.Const):
        return True
    if isinstance(e, ir.Scale):
        return _plain_product(e.body)
    return isinstance(e, ir.Mul) and all(_plain_product(f) for f in e.factors)


def _matrix_like(e: Expr) -> bool:
    if isinstance(e, ir.Sym | ir.DSym):
        return convention_kind(e.name) == "matrix"
    if isinstance(e, ir.Transpose | ir.Inverse):
        return _matrix_like(e.body)
    return False


def _finish(
    lhs: Expr,
    rhs: Expr,
    notes: tuple[str, ...],
    typer: Typer,
    ctx: BlockContext,
    vectors: frozenset[str],
    likes: dict[str, Expr],
) -> TypedStep:
    env = ctx.env
    dims = env.dimension_names()
    _size_literals_by_a_named_size(typer, (lhs, rhs, *likes.values()), dims)
    sizes = assign_sizes(typer)
    deficient = _rank_deficient_inverses(typer, (lhs, rhs, *likes.values()), sizes)
    deficient += _wide_orthonormal_columns(typer, env, sizes)
    if deficient:
        sizes = assign_sizes(typer, smallest=deficient)
    left_names, right_names = symbol_names(lhs), symbol_names(rhs)
    square_use = _square_uses(lhs) | _square_uses(rhs)
    symbols: list[SymbolInfo] = []
    for name, shape in sizes.of_symbol.items():
        definition = env.definitions.get(name)
        computed = None
        if (name in ctx.independent or name in ctx.kept) and definition is not None:
            computed = likes.get(name)
        fixed = _given_value(name, left_names, right_names, ctx)
        dimension = sizes.named.get(name) if name in dims else None
        props = env.properties(name)
        if shape[0] != shape[1] or shape == (1, 1):
            props = props - SQUARE_PROPERTIES
        symbols.append(
            SymbolInfo(
                name, shape, props, name in ctx.varying, computed, fixed, dimension, name in square_use
            )
        )
    node_shapes: dict[int, tuple[int, int]] = {}
    for root in (lhs, rhs, *likes.values()):
        if _SIZED_NODES.isdisjoint(node_kinds(root)):
            continue
        for x in ir.walk(root):
            if x.__class__ in _SIZED_NODES:
                s = typer.memo.get(id(x))
                if s is not None:
                    node_shapes[id(x)] = (_size(typer, s[0], sizes), _size(typer, s[1], sizes))
    named = tuple(sorted(sizes.named.items()))
    shapes_text = tuple((name, f"{s[0]}×{s[1]}") for name, s in sizes.of_symbol.items())
    return TypedStep(lhs, rhs, notes, tuple(symbols), node_shapes, named, shapes_text, vectors)


def _size_literals_by_a_named_size(typer: Typer, roots: tuple[Expr, ...], dims: frozenset[str]) -> None:
    """A declared size used as a number (`\\frac1d`) that no matrix of the step carries, beside
    ones vectors and identities sized by nothing else (`I - \\frac1d \\mathbf 1\\mathbf 1^T`): the
    literals are that size, as the notes mean them (`\\mathbf 1^T\\mathbf 1 = d`)."""
    u = typer.u
    carried = {u.find(d) for shape in typer.symbol_dims.values() for d in shape}
    carried |= {u.find(d) for d in typer.literal_dims}
    numbers = [
        name
        for name, shape in typer.symbol_dims.items()
        if name in dims and name not in carried and typer.is_scalar(shape)
    ]
    if len(numbers) != 1:
        return
    free: set[Dim] = set()
    for root in roots:
        if _SIZED_NODES.isdisjoint(node_kinds(root)):
            continue
        for x in ir.walk(root):
            if isinstance(x, ir.Ones | ir.Identity) and id(x) in typer.memo:
                d = u.find(typer.memo[id(x)][0])
                if isinstance(d, str) and d.startswith("_") and d not in carried:
                    free.add(d)
    for d in free:
        u.unify(d, numbers[0])
    if free:
        typer.literal_dims.append(numbers[0])


def _rank_deficient_inverses(typer: Typer, roots: tuple[Expr, ...], sizes: Sizes) -> tuple[Dim, ...]:
    """The outer dimensions of inverted products (`(X^T X)^{-1}`) that the sizes make singular, an
    inner dimension smaller than the outer one; sized first, the product is full rank as the notes
    mean it (a tall data matrix `X`)."""
    out: list[Dim] = []
    for root in roots:
        if ir.Inverse not in node_kinds(root):
            continue
        for x in ir.walk(root):
            if not isinstance(x, ir.Inverse) or not isinstance(x.body, ir.Mul):
                continue
            shapes = [typer.memo.get(id(f)) for f in x.body.factors]
            outer = typer.memo.get(id(x.body))
            if outer is None or any(s is None for s in shapes):
                continue
            n = _size(typer, outer[0], sizes)
            inner = [_size(typer, s[1], sizes) for s in shapes[:-1] if s is not None]
            if any(k < n for k in inner) and not isinstance(typer.u.find(outer[0]), int):
                out.append(outer[0])
    return tuple(out)


def _wide_orthonormal_columns(typer: Typer, env: Environment, sizes: Sizes) -> tuple[Dim, ...]:
    """The column dimensions of matrices with orthonormal columns that the sizes make wider than
    tall (no such matrix exists): sized first, the matrix is tall."""
    out: list[Dim] = []
    for name, (_, cols) in typer.symbol_dims.items():
        rows_size, cols_size = sizes.of_symbol[name]
        if rows_size < cols_size and "orthocols" in env.properties(name):
            out += [] if isinstance(typer.u.find(cols), int) else [cols]
    return tuple(out)


def _size(typer: Typer, d: object, sizes: Sizes) -> int:
    d = typer.u.find(d)  # type: ignore[arg-type]
    if isinstance(d, int):
        return d
    if isinstance(d, ProductDim):
        return _size(typer, d.left, sizes) * _size(typer, d.right, sizes)
    if isinstance(d, SumDim):
        return _size(typer, d.left, sizes) + _size(typer, d.right, sizes)
    if isinstance(d, str) and d in sizes.named:
        return sizes.named[d]  # a declared size only a literal carries (`\\mathbf 1 \\in \\mathbb{R}^N`)
    # A dimension no symbol carries (an identity's size fixed by nothing else): pick one.
    for name, shape in typer.symbol_dims.items():
        for k in (0, 1):
            if typer.u.find(shape[k]) == d:
                return sizes.of_symbol[name][k]
    return 3


def _square_uses(e: Expr) -> set[str]:
    if _SQUARE_USES.isdisjoint(node_kinds(e)):
        return set()
    return {
        x.body.name
        for x in ir.walk(e)
        if isinstance(x, ir.Inverse | ir.Det | ir.Trace) and isinstance(x.body, ir.Sym)
    }
