"""What a document has said so far about its symbols: declared shapes and properties, definitions,
values, functions, which symbols vary, and its conventions. The checker carries one through a document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from mdcheck.semantics.ir import Expr, Matrix, Sym, free_symbols
from mdcheck.semantics.shapes import Dim, SymbolShape

SQUARE_PROPERTIES = frozenset(
    {
        "symmetric",
        "spd",
        "psd",
        "invertible",
        "orthogonal",
        "diagonal",
        "skew",
        "idempotent",
        "lower",
        "upper",
        "stochastic",
    }
)
# Properties a diagonal block of a matrix defined block by block shares with the whole.
_INHERITED_BY_BLOCKS = frozenset({"symmetric", "spd", "psd"})
# Properties that say a symbol's kind rather than a property of its values.
KIND_WORDS = ("scalar", "vector", "matrix")


@dataclass(frozen=True)
class Declaration:
    """A symbol's declared shape (None when only properties were said) and properties."""

    dims: tuple[Dim, Dim] | None = None
    properties: frozenset[str] = frozenset()
    kind: str = ""


@dataclass(frozen=True)
class Definition:
    """`name(params) = body` as the document wrote it; `numeric` when the body has no symbols
    (a value, used only to evaluate steps at a point); `block` is where it was written (-1: prose)."""

    name: str
    params: tuple[str, ...]
    body: Expr
    latex: str
    block: int
    numeric: bool = False
    node: object = field(default=None, compare=False)


@dataclass
class Environment:
    declarations: dict[str, Declaration] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    values: dict[str, Definition] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)
    # The names an unknown definition's formula mentions (`J = \\sum_t J_t`: every J_t), so that
    # what it depends on is known even though it cannot be evaluated.
    unknown_mentions: dict[str, frozenset[str]] = field(default_factory=dict)
    functions: set[str] = field(default_factory=set)
    # Names written `X'(...)` somewhere (also in `functions`): a function's derivative, unless the
    # prose declares X a matrix, whose prime is then a transpose.
    primed_calls: set[str] = field(default_factory=set)
    varying: set[str] = field(default_factory=set)
    constants: set[str] = field(default_factory=set)
    # Constants a directive names: these stay constant even where their differential is written.
    fixed_constants: set[str] = field(default_factory=set)
    document_varying: frozenset[str] = frozenset()
    # Every symbol written so far in the document (to tell a step that introduces a name).
    mentioned: set[str] = field(default_factory=set)
    # Names a step introduced without defining them (`... = M(e^a \\odot da)`): free symbols, but a
    # step that fails because of one is not reported broken.
    introduced: set[str] = field(default_factory=set)
    # Indexed families the prose describes in words as the columns or rows of a matrix ("$X$ has
    # columns $x_1, \dots, x_n$"), by the family's name without its index, with the sentence's gist.
    described_families: dict[str, str] = field(default_factory=dict)
    # ... and, where the sentence names the matrix by the family's capital letter ("$x_i^\\top$ are
    # the rows of $X$"), "rows" or "columns" and that matrix's name: the members are its slices.
    family_slices: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Matrices the prose builds from another symbol in a way mdcheck does not model ("$K$ is the
    # skew-symmetric matrix of the unit axis $k$"), with the sentence's gist.
    built_from: dict[str, str] = field(default_factory=dict)
    # Losses known only by their gradient ("with $g = \\partial\\ell/\\partial h$ given"): the loss's
    # name and the gradient's. The loss stands in as `tr(g^T h)`, right for first derivatives only.
    given_gradients: dict[str, str] = field(default_factory=dict)
    # `I`-names the prose calls the identity ("the $n \\times n$ identity matrix $I$"): the identity
    # even when the same sentence gives them a size or kind.
    identities: set[str] = field(default_factory=set)
    # Names written as the upper bound of a sum anywhere so far (`\\sum_{n=1}^N`): counts.
    counts: set[str] = field(default_factory=set)
    # Equations the prose assumes of symbols it does not define ("suppose $B, C$ commute, i.e.
    # $BC = CB$"): the LaTeX and the names each mentions. A step that fails and uses all of one's
    # names may rely on it, which mdcheck does not impose.
    assumptions: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    # Names bound by a model with a noise term (`y = X\\beta + \\varepsilon`): the data may also be
    # read as a symbol of its own, as a gradient in beta of `\\|y - X\\beta\\|^2` reads it.
    models: set[str] = field(default_factory=set)
    # Names defined by an expected value (`R = \\mathbb{E}[x x^T]`), with the LaTeX of the definition:
    # constants no draw can compute, drawn as symbols of their own.
    expected_values: dict[str, str] = field(default_factory=dict)
    # Names a step gave to a part of the expression before it (`= Z \\cdot dh` for `(h - Y) \\cdot dh`).
    named: set[str] = field(default_factory=set)
    # Names written under a gradient (`\\nabla_W J`) anywhere: scalar functions.
    gradient_bodies: set[str] = field(default_factory=set)
    layout: str = ""
    layout_explicit: bool = False
    cdot_inner: bool = False
    # The prose applies softmax to a matrix row by row ("$P = \\operatorname{softmax}(Z)$ row-wise"),
    # not column by column.
    softmax_rows: bool = False
    # The notes speak of commutators ("the commutator $[A, B] = AB - BA$"): `[A, B]` may be one.
    commutators: bool = False
    # Properties prose supposes rather than states ("For symmetric $B$ ..."), until the checker
    # takes them as hypotheses: (name, properties).
    supposed_properties: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    differentials: bool = True
    version: int = 0
    # Upper bounds of family sums a definition wrote out (`\\bar x = \\frac1n \\sum_{i=1}^n x_i`), with
    # the member count they stand for there: a step using the definition stands for them so too.
    written_bounds: dict[str, Expr] = field(default_factory=dict)
    # Names given a shape since the last section heading (`semantics/scopes.py` clears it): their
    # shapes are this section's, not an earlier example's.
    shaped_in_section: set[str] = field(default_factory=set)
    # The meanings of definitions read again by `lower.body_of`, by name and version.
    body_cache: dict[tuple[str, int], Expr] = field(default_factory=dict)
    # Trees with their definitions substituted (`meaning.substitute_definitions`), by the tree's
    # id: the tree itself, what the substitution read, and the result.
    substitutions: dict[int, tuple[Expr, tuple[object, ...], Expr]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # Trees with their differentials worked out (`meaning._worked_out_kept`), by the tree's id: the
    # tree itself, the components and varying symbols it was worked out with, and the result.
    worked_out: dict[int, tuple[Expr, object, Expr]] = field(default_factory=dict, repr=False, compare=False)
    # The declarations `family_declaration` last read, and the families they declare.
    family_cache: tuple[tuple[Declaration, ...], dict[str, tuple[str, Declaration]]] | None = field(
        default=None, repr=False, compare=False
    )
    # The declarations `dimension_names` last read, and the names it found.
    dimension_cache: tuple[tuple[Declaration, ...], frozenset[str]] | None = field(
        default=None, repr=False, compare=False
    )

    def declare(
        self,
        name: str,
        dims: tuple[Dim, Dim] | None = None,
        properties: frozenset[str] = frozenset(),
        kind: str = "",
    ) -> None:
        """A new shape replaces the old declaration; a kind or properties alone add to it (dropping
        an old shape they contradict: a 3x2 example matrix later said to be symmetric)."""
        old = self.declarations.get(name, Declaration())
        if dims is not None:
            new = Declaration(dims, properties, kind)
            self.shaped_in_section.add(name)
        else:
            kept = old.dims
            props = old.properties | properties
            if (
                kept is not None
                and kind
                and _kind_of(kept) not in (kind, "scalar" if kind == "scalar" else kind)
            ):
                kept = None
            if kept is not None and props & SQUARE_PROPERTIES and kept[0] != kept[1]:
                kept = None
            new = Declaration(kept, props, kind or old.kind)
        self.declarations[name] = new
        if "constant" in properties:
            self.varying.discard(name)
            self.constants.add(name)

    def define(self, definition: Definition) -> None:
        if definition.params and definition.name in free_symbols(definition.body):
            # `A(t) = A + tB`: a path through the matrix A, written with its name; A stays A.
            return
        self.version += 1
        self.unknown.pop(definition.name, None)
        self.unknown_mentions.pop(definition.name, None)
        if definition.numeric and not definition.params:
            self.values[definition.name] = definition
            self.definitions.pop(definition.name, None)
        else:
            self.definitions[definition.name] = definition
            self.values.pop(definition.name, None)
        if definition.params:
            self.functions.add(definition.name)

    def forget_definitions(self) -> None:
        """A new section: definitions and values end there; declarations hold to the end."""
        self.definitions.clear()
        self.written_bounds.clear()
        self.values.clear()
        self.unknown.clear()
        self.unknown_mentions.clear()
        self.introduced.clear()
        self.named.clear()

    def properties(self, name: str) -> frozenset[str]:
        decl = self.declarations.get(name)
        own = decl.properties if decl else frozenset()
        return own | self._block_properties(name) if self.definitions else own

    def _block_properties(self, name: str) -> frozenset[str]:
        """A diagonal block of a symmetric (positive (semi)definite) matrix defined block by block
        (`S = [S_{aa}, S_{ab}; S_{ba}, S_{bb}]`) is symmetric (so definite) too."""
        found: frozenset[str] = frozenset()
        for definition in self.definitions.values():
            body = definition.body
            if definition.params or not isinstance(body, Matrix) or len(body.rows) < 2:
                continue
            diagonal = [row[i] for i, row in enumerate(body.rows) if i < len(row)]
            if any(isinstance(x, Sym) and x.name == name for x in diagonal):
                found |= self._declared_properties(definition.name) & _INHERITED_BY_BLOCKS
        return found

    def _declared_properties(self, name: str) -> frozenset[str]:
        decl = self.declarations.get(name)
        return decl.properties if decl else frozenset()

    def dimension_names(self) -> frozenset[str]:
        """The sizes the declarations name (`n` in `x \\in \\mathbb{R}^n`), kept until a declaration
        changes (the cache holds the declarations it was made from)."""
        declarations = tuple(self.declarations.values())
        cached = self.dimension_cache
        if cached is not None and cached[0] == declarations:
            return cached[1]
        names: set[str] = set()
        for decl in declarations:
            if decl.dims:
                names.update(d for d in decl.dims if isinstance(d, str))
        self.dimension_cache = (declarations, frozenset(names))
        return self.dimension_cache[1]

    def family_declaration(self, name: str) -> Declaration | None:
        """The declaration of `h_t` for its undeclared member `h_{t-1}`, `h_0` or `h_2` (the only
        member of that family the notes declare with a letter for its index); None otherwise."""
        m = _MEMBER_KEY.fullmatch(name)
        if m is None or not _MEMBER_SUB.fullmatch(m.group(2)):
            return None
        declarations = tuple(self.declarations.values())
        cached = self.family_cache
        if cached is None or cached[0] != declarations:
            cached = self.family_cache = (declarations, _declared_families(self.declarations))
        found = cached[1].get(m.group(1))
        if found is None or set(re.findall(r"[a-z]", m.group(2))) - {found[0]}:
            return None
        return found[1]

    def symbol_shape(self, name: str, declared: bool = True) -> SymbolShape:
        """The shape a symbol has before inference: declared, or by the conventions of notes
        (only the conventions when `declared` is False)."""
        decl = self.declarations.get(name) if declared else None
        if decl is None and declared and name.endswith(")}"):
            decl = self.declarations.get(_family_key(name))  # `x_{(i1)}` is one of the declared `x_i`
            if decl is None:  # ... or of a declared list `x_1, \\dots, x_n \\in \\mathbb{R}^p`
                decl = self.declarations.get(_first_member_key(name))
        square = bool(decl and decl.properties & SQUARE_PROPERTIES)
        if decl and decl.dims is not None:
            return SymbolShape(dims=decl.dims, square=square)
        member = self.family_declaration(name) if decl is None and declared and "_{" in name else None
        if member is not None and member.dims is not None:
            return SymbolShape(dims=member.dims, square=bool(member.properties & SQUARE_PROPERTIES))
        kind = decl.kind if decl and decl.kind else convention_kind(name)
        if kind == "flexible" and name in self.dimension_names():
            kind = "scalar"
        if (
            kind == "matrix"
            and not (decl and decl.kind)
            and (name in self.counts or name in self.dimension_names())
        ):
            kind = "scalar"  # `N` in `\\sum_{n=1}^N` or `\\mathbb{R}^{N \\times p}`: a count, not a matrix
        if square and kind in ("flexible", "scalar"):
            kind = "matrix"
        shape = _SHAPES_BY_KIND.get((kind, square))
        if shape is None:
            shape = _SHAPES_BY_KIND[(kind, square)] = SymbolShape(kind=kind, square=square)
        return shape

    def snapshot(self) -> Environment:
        return replace(
            self,
            declarations=dict(self.declarations),
            definitions=dict(self.definitions),
            values=dict(self.values),
            unknown=dict(self.unknown),
            unknown_mentions=dict(self.unknown_mentions),
            functions=set(self.functions),
            primed_calls=set(self.primed_calls),
            varying=set(self.varying),
            constants=set(self.constants),
            fixed_constants=set(self.fixed_constants),
            described_families=dict(self.described_families),
            family_slices=dict(self.family_slices),
            built_from=dict(self.built_from),
            given_gradients=dict(self.given_gradients),
            identities=set(self.identities),
            counts=set(self.counts),
            assumptions=list(self.assumptions),
            supposed_properties=list(self.supposed_properties),
            written_bounds=dict(self.written_bounds),
            shaped_in_section=set(self.shaped_in_section),
        )


# A member of an indexed family (`h_{t-1}`, `h_{0}`): its base and its subscript.
_MEMBER_KEY = re.compile(r"(.+)_\{([^{}]+)\}")
# The subscripts of members a declared `h_t` stands for: a number, or the index shifted by one.
_MEMBER_SUB = re.compile(r"\d+|[a-z]\s*[-+]\s*\d+")
_FAMILY_KEY = re.compile(r"(.+)_\{([a-z])\}")


def _declared_families(declarations: dict[str, Declaration]) -> dict[str, tuple[str, Declaration]]:
    """The families declared by one member with a letter for its index (`h_t \\in \\mathbb{R}^m`):
    base -> (index letter, declaration); a base declared with two letters is left out."""
    out: dict[str, tuple[str, Declaration]] = {}
    clash: set[str] = set()
    for key, decl in declarations.items():
        m = _FAMILY_KEY.fullmatch(key)
        if m is None or decl.dims is None:
            continue
        base = m.group(1)
        if base in out:
            clash.add(base)
        out[base] = (m.group(2), decl)
    for base in clash:
        del out[base]
    return out


# The shapes known by a kind alone, shared (shapes never change): a few kinds, thousands of symbols.
_SHAPES_BY_KIND: dict[tuple[str, bool], SymbolShape] = {}


def _kind_of(dims: tuple[Dim, Dim]) -> str:
    if dims == (1, 1):
        return "scalar"
    if dims[1] == 1:
        return "vector"
    if dims[0] == 1:
        return "row"
    return "matrix"


_BASE = re.compile(
    r"\\(?:mathbf|vec|hat|bar|tilde|dot|ddot|check|breve|mathcal|mathbb|mathsf|mathit|Delta)\{"
)  # `\\Delta{x}`: the step `\\Delta x` is built on x


@lru_cache(maxsize=4096)
def base_letter(name: str) -> tuple[str, str]:
    """The letter a symbol key is built on and its style: `\\hat{\\mathbf{y}}_{t}` -> ("y", "bold")."""
    style = ""
    key = name.split("_{", 1)[0].split("^{", 1)[0]
    if "\\mathbf{" in key:
        style = "bold"
    elif "\\vec{" in key:
        style = "vec"
    elif "\\mathcal{" in key or "\\mathbb{" in key:
        style = "other"
    while True:
        m = _BASE.match(key)
        if not m:
            break
        key = key[m.end() : -1] if key.endswith("}") else key[m.end() :]
    return key, style


GREEK_CAPITALS = frozenset(
    {
        "\\Gamma",
        "\\Delta",
        "\\Theta",
        "\\Lambda",
        "\\Xi",
        "\\Pi",
        "\\Sigma",
        "\\Phi",
        "\\Psi",
        "\\Omega",
        "\\Upsilon",
    }
)


@lru_cache(maxsize=4096)
def convention_kind(name: str) -> str:
    """Weak conventions: capitals are matrices, bold or arrowed lowercase letters are column vectors,
    other lowercase letters are scalars unless the algebra needs a vector ("flexible")."""
    letter, style = base_letter(name)
    capital = (len(letter) == 1 and letter.isupper()) or letter in GREEK_CAPITALS
    if style == "other":
        return "scalar"
    if capital:
        return "matrix"
    if style in ("bold", "vec"):
        return "vector"
    return "flexible"


_FAMILY_MEMBER = re.compile(r"(.*)_\{\(([A-Za-z]+)\d+\)\}")


def _first_member_key(member: str) -> str:
    """`x_{1}` for `x_{(i1)}`: the first member of the family, as a declared list names it."""
    m = _FAMILY_MEMBER.fullmatch(member)
    return f"{m.group(1)}_{{1}}" if m else member


def _family_key(member: str) -> str:
    """`x_{i}` for `x_{(i1)}`, a member of a family written out in a sum (see `lower.family_member`)."""
    m = _FAMILY_MEMBER.fullmatch(member)
    return f"{m.group(1)}_{{{m.group(2)}}}" if m else member
