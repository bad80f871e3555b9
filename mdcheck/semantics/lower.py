"""Give a syntax tree its meaning: every plausible reading of it as a matrix expression (a call or a
product, a transpose or a derivative, `|X|` a determinant or an absolute value), or why there is none."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from mdcheck.latex import ast
from mdcheck.latex.names import FUNCTION_LETTERS, name_key
from mdcheck.semantics import ir
from mdcheck.semantics.differentiate import rebuild
from mdcheck.semantics.entrywise import (
    ENTRYWISE_FORMULA_NOTE,
    acts_entrywise,
    constants_as_ones,
    entrywise_body,
)
from mdcheck.semantics.env import Definition, Environment, base_letter
from mdcheck.semantics.ir import Expr
from mdcheck.semantics.shapes import Dim, ShapeError, SymbolShape, Typer

MAX_READINGS = 16
# A reading tried only when no other reading of the step can be typed: `A \\cdot B` is a product
# of matrices unless the shapes say it cannot be (two column vectors: their inner product).
INNER_NOTE = "· as inner product"
ENTRYWISE_NOTE = "f' times what follows it as the entrywise product"
# `M(x)` with M a matrix (or unknown letter): a product first, M applied as a function last.
AS_FUNCTION = "(...) as a function"
# `d(XA)X` read as d(XAX) would hide a dropped term of the product rule.
EXTENDED_DIFFERENTIAL = "d(a·b)"
# `\\frac{y}{p}` of two vectors: their entrywise quotient.
QUOTIENT_NOTE = "a fraction of vectors as the entrywise quotient"
FALLBACK_TIERS: tuple[Callable[[str], bool], ...] = (
    lambda note: note in (INNER_NOTE, EXTENDED_DIFFERENTIAL, QUOTIENT_NOTE),
    lambda note: note.endswith(AS_FUNCTION),
)
ELEMENTWISE = {
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "exp": "exp",
    "log": "log",
    "ln": "log",
    "tanh": "tanh",
    "sinh": "sinh",
    "cosh": "cosh",
    "sqrt": "sqrt",
    "sigmoid": "sigmoid",
    "sign": "sign",
    "sgn": "sign",
    "sec": "sec",
    "arctan": "arctan",
    "arcsin": "arcsin",
    "arccos": "arccos",
    "erf": "erf",
}
Reading = tuple[Expr, tuple[str, ...]]
LOOSE_INNER_NOTE = "the inner product · binding loosest"

# `\\phi'(u)` of a function the notes define entry by entry, at a vector: a vector of derivatives.
ENTRYWISE_DERIVATIVE_NOTE = "f' of an entrywise definition, entry by entry"
# The note on a derivative read in denominator layout when numerator layout comes first.
DENOMINATOR_NOTE = "denominator layout"


class LowerError(Exception):
    """No meaning could be given: `kind` is a finding kind, `offset` the text offset."""

    def __init__(self, kind: str, message: str, offset: int) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.offset = offset


COMBINATION_NOTE = "(f + g)(x) as f(x) + g(x)"


@dataclass
class Lowerer:
    env: Environment
    call_only: bool = False
    # The summation indices in scope: inside `\\sum_i`, `M_{ii}` is an entry of M.
    indices: frozenset[str] = frozenset()
    # Inside the expansion of a sum over a family of symbols (`\\sum_k W_k \\cdot W_k`): the member
    # each index letter stands for now.
    family: dict[str, int] = field(default_factory=dict)
    # Index letters whose subscripted names may be a family's members rather than entries.
    family_possible: set[str] = field(default_factory=set)
    # ... and those where that reading comes first (W_j, W_L are written, W_k in the sum).
    family_preferred: set[str] = field(default_factory=set)
    # ... and those where it is the only one (`x_i \\in \\mathbb{R}^p` declares each member a vector).
    family_only: set[str] = field(default_factory=set)
    # The upper bound of each family sum being written out (`n` in `\\sum_{i=1}^n`), and the number
    # of members written out for it.
    family_bounds: dict[str, tuple[ast.Node | None, int]] = field(default_factory=dict)
    # Families written out as the rows or columns of a matrix the prose names (see `_slice`).
    sliced: set[str] = field(default_factory=set)
    # Functions the step applies with another number of arguments than their definition: there,
    # a bare name is that other function's value, not the definition's (`df = f'(x) dx`).
    other_functions: frozenset[str] = frozenset()
    # Defined functions of one argument written bare in a step that applies them to one variable
    # only (`d\\sigma = \\sigma(z)(1 - \\sigma(z))dz`): that variable, where the bare name is its value.
    bare_points: dict[str, str] = field(default_factory=dict)

    def readings(self, node: ast.Node) -> list[Reading]:
        """Every reading of `node`, the most plausible first."""
        out = self._lower(node)
        if len(out) == 1:
            return out
        from mdcheck.semantics.show import show

        seen: set[str] = set()
        unique: list[Reading] = []
        for expr, notes in out:
            # `1` shows as the ones vector: readings with it in other places differ.
            key = show(expr) + (
                str(sum(isinstance(x, ir.Ones) for x in ir.walk(expr)))
                if ONES_NOTE in notes or ONES_MATRIX_NOTE in notes or ENTRYWISE_FORMULA_NOTE in notes
                else ""
            )
            if key not in seen:
                seen.add(key)
                unique.append((expr, notes))
        return unique[:MAX_READINGS]

    # -- combinators ---------------------------------------------------------------------------
    def _each(self, nodes: Iterable[ast.Node]) -> list[tuple[list[Expr], tuple[str, ...]]]:
        options = [self._lower(n) for n in nodes]
        out: list[tuple[list[Expr], tuple[str, ...]]] = []
        for combo in itertools.islice(itertools.product(*options), MAX_READINGS):
            out.append(([e for e, _ in combo], tuple(note for _, notes in combo for note in notes)))
        return out

    def _map(self, nodes: Iterable[ast.Node], build: Callable[[list[Expr]], Expr]) -> list[Reading]:
        return [(build(exprs), notes) for exprs, notes in self._each(nodes)]

    # -- the rules -----------------------------------------------------------------------------
    def _lower(self, node: ast.Node) -> list[Reading]:
        match node:
            case ast.Num(value=v):
                return [(ir.Const(v), ())]
            case ast.Name():
                return [(self._name(node), ())]
            case ast.Group(body=b):
                inner = self._lower(b)
                return inner + _entrywise_ones_readings(inner) if isinstance(b, ast.Add) else inner
            case ast.Tuple(items=items):
                rows = self._map(items, lambda xs: ir.Matrix((tuple(xs),)))
                if self.env.commutators and node.delim == "[" and len(items) == 2:
                    return self._map(items, _commutator) + rows
                return rows
            case ast.Add(terms=terms, signs=signs):
                return self._map(
                    terms,
                    lambda xs: ir.add(
                        *(x if s > 0 else ir.scale(-1.0, x) for x, s in zip(xs, signs, strict=True))
                    ),
                )
            case ast.Neg(body=b):
                return [(ir.scale(-1.0, e), n) for e, n in self._lower(b)]
            case ast.Product():
                return self._product(node)
            case ast.BinOp(op=op, left=a, right=b):
                kind = {
                    "\\circ": ir.Hadamard,
                    "\\odot": ir.Hadamard,
                    "\\oslash": ir.HadamardDiv,
                    "\\otimes": ir.Kron,
                }.get(op)
                if kind is None:
                    raise LowerError("unsupported", f"operator {op} is not supported", node.start)
                if op == "\\circ" and any(self._bare_function(x) for x in (a, b)):
                    # `h = f \\circ g` with f, g functions the notes define: their composition.
                    raise LowerError("unsupported", "the composition of functions (\\circ)", node.start)
                out_op = self._map((a, b), lambda xs: kind(xs[0], xs[1]))
                if kind in (ir.Hadamard, ir.HadamardDiv):
                    out_op += _ones_readings(out_op)
                looser = self._inner_product_looser(node)
                if looser is not None:
                    out_op += [(e, (*n, LOOSE_INNER_NOTE)) for e, n in self._lower(looser)]
                return out_op
            case ast.Frac(num=a, den=b):
                readings = self._map((a, b), lambda xs: _divide(xs[0], xs[1]))
                return readings + self._quotient_readings(readings)
            case ast.Power():
                return self._power(node)
            case ast.Transpose(base=b):
                return [(ir.Transpose(e), n) for e, n in self._lower(b)]
            case ast.Prime(base=b, count=c):
                if c == 1 and not isinstance(b, ast.Apply):
                    return [(ir.Transpose(e), (*n, "' as transpose")) for e, n in self._lower(b)]
                raise LowerError("unsupported", "a prime that is not a transpose", node.start)
            case ast.Sub(base=b, sub=s):
                letters = _sub_letters(s)
                if letters and set(letters) <= self.indices and len(letters) <= 2:
                    return [(self._element(e, letters), n) for e, n in self._lower(b)]
                raise LowerError("unsupported", "index notation (a subscript on an expression)", node.start)
            case ast.Call():
                return self._call(node)
            case ast.Apply():
                return self._apply(node)
            case ast.Diff(partial=True):
                raise LowerError(
                    "unsupported", "a partial differential (∂f) outside a derivative", node.start
                )
            case ast.Diff(body=b, order=o, wrt=wrt):
                self._family_variable(wrt, node.start)
                keys = tuple(w.key for w in wrt)
                if keys and o == 1 and self._opaque_body(b):
                    assert isinstance(b, ast.Name)
                    return [(_partial_differential(b.key, keys), ())]
                return [(ir.Diff(e, o, keys), n) for e, n in self._lower(b)]
            case ast.DiffAt():
                return self._diff_at(node)
            case ast.Derivative():
                return self._derivative(node)
            case ast.Nabla():
                return self._nabla(node)
            case ast.Norm(body=b, sub=sub):
                if sub.strip("{}") not in ("", "2", "F"):
                    return self._weighted_norm(node, b, sub)
                return [(ir.Norm(e), n) for e, n in self._lower(b)]
            case ast.Abs(body=b):
                out_abs: list[Reading] = []
                for e, n in self._lower(b):
                    out_abs.extend((x, (*n, *note)) for x, note in self._abs(e))
                return out_abs
            case ast.Inner(left=a, right=b):
                return self._map((a, b), lambda xs: ir.Inner(xs[0], xs[1]))
            case ast.Matrix(rows=rows, env=env_name) if env_name == "vmatrix":
                return [
                    (ir.Det(m), n) for m, n in self._lower(ast.Matrix(node.start, node.end, rows, "bmatrix"))
                ]
            case ast.Matrix(rows=rows):
                width = len(rows[0])
                flat = [c for row in rows for c in row]
                return self._map(
                    flat,
                    lambda xs: _zero_blocks(
                        ir.Matrix(tuple(tuple(xs[i : i + width]) for i in range(0, len(xs), width)))
                    ),
                )
            case ast.Indicator(cond=c):
                if not isinstance(c, ast.Comparison):
                    raise LowerError("unsupported", "indicator of a non-comparison", node.start)
                self._indicator_values_known(c)
                return self._map((c.left, c.right), lambda xs: ir.Compare(xs[0], c.op, xs[1]))
            case ast.Evaluated(body=b, bindings=bindings):
                values = [v for _, v in bindings]
                names = [n.key for n, _ in bindings]
                # `\\right|_{x=0}` with x a vector: the 0 is the zero of x's shape.
                return self._map(
                    (b, *values),
                    lambda xs: ir.At(
                        xs[0],
                        tuple(
                            (n, ir.Zero() if ir.is_zero_literal(v) else v)
                            for n, v in zip(names, xs[1:], strict=True)
                        ),
                    ),
                )
            case ast.Sum():
                return self._sum(node)
            case ast.Text(text=t):
                raise LowerError("unknown-meaning", f"unknown meaning of \\text{{{t}}}", node.start)
            case ast.Ambiguous(readings=rs, labels=labels):
                return self._ambiguous(rs, labels)
        raise LowerError("unsupported", f"cannot give a meaning to {type(node).__name__}", node.start)

    def _diff_at(self, node: ast.DiffAt) -> list[Reading]:
        """`df(x_0; dx)`: d f(x) with x at the point x_0 (x_0 drawn on its own), or, when the point
        is the varying name with a subscript, with x_0 read as the point x itself."""
        h = node.direction
        if not (isinstance(h, ast.Diff) and isinstance(h.body, ast.Name) and h.order == 1 and not h.wrt):
            raise LowerError("unsupported", "a differential applied to a direction that is not dx", h.start)
        var, point = h.body, node.point
        saved, self.call_only = self.call_only, True
        try:
            call = ast.Apply(node.start, node.end, node.func, (var,))
            at_var = self._lower(ast.Diff(node.start, node.end, call))
        finally:
            self.call_only = saved
        if isinstance(point, ast.Name) and point.key == var.key:
            return at_var
        out: list[Reading] = [
            (ir.At(d, ((var.key, p),)), (*dn, *pn))
            for (d, dn), (p, pn) in itertools.product(at_var, self._lower(point))
        ]
        if isinstance(point, ast.Name) and point.base == var.base and point.sub and not var.sub:
            out += [(d, (*n, f"{point.key} as the point {var.key}")) for d, n in at_var]
        return out

    def _ambiguous(self, rs: tuple[ast.Node, ...], labels: tuple[str, ...]) -> list[Reading]:
        """Every reading of each alternative; the notes name the alternative when it is not the first."""
        if labels == ("product", "call") and self._names_function(rs[1]):
            rs, labels = (rs[1], rs[0]), ("call", "product")
        out: list[Reading] = []
        for k, (r, label) in enumerate(zip(rs, labels, strict=True)):
            saved = self.call_only
            self.call_only = label == "call"
            try:
                note = (label,) if k else ()
                applied = _applied(r)
                if label == "call" and applied is not None and self._declared_scalar(applied.func.key):
                    continue  # `\\sigma (X^T X)^{-1}` with `\\sigma > 0`: a number times the bracket
                if k and label == "call" and applied is not None and not self._is_function(applied.func):
                    # `X(A)^T`, `dX(A)` with X no known function: X applied is held in reserve.
                    note = (f"{applied.func.key}{AS_FUNCTION}",)
                out.extend((e, (*n, *note)) for e, n in self._lower(r))
            except LowerError:
                continue
            finally:
                self.call_only = saved
        if not out:
            return self._lower(rs[0])
        return out

    def _is_value(self, key: str) -> bool:
        """Whether the notes give `key` a value, not a function: a definition without parameters
        (`G = X^T X + \\lambda I`) or a declared shape."""
        definition = self.env.definitions.get(key)
        if definition is not None:
            return not definition.params
        decl = self.env.declarations.get(key)
        return decl is not None and decl.dims is not None and key not in self.env.functions

    def _declared_scalar(self, key: str) -> bool:
        """Whether the notes declare `key` a number and define no function of that name."""
        decl = self.env.declarations.get(key)
        definition = self.env.definitions.get(key)
        return (
            decl is not None
            and decl.dims == (1, 1)
            and key not in self.env.functions
            and not (definition and definition.params)
        )

    def _names_function(self, node: ast.Node) -> bool:
        """Whether the call alternative `f(x)^k` applies a function the document defines."""
        applied = _applied(node)
        if applied is None:
            return False
        definition = self.env.definitions.get(applied.func.key)
        return (self._is_function(applied.func) and applied.func.key in self.env.functions) or bool(
            definition and definition.params
        )

    def _sum(self, node: ast.Sum) -> list[Reading]:
        """`\\sum_{i=1}^{n} M_{ii}`, `\\sum_{ij} A_{ij} B_{ij}`: a sum over indices that run over the
        dimensions they index."""
        letters = tuple(c for c in node.index if c.isalpha())
        if not letters or len(letters) > 3 or set(letters) & self.indices:
            raise LowerError("unsupported", "a sum over an index (\\sum)", node.start)
        if node.lower is not None and _constant(node.lower) not in (0.0, 1.0):
            raise LowerError("unsupported", "a sum that does not start at the first index", node.start)
        saved = self.indices
        self.indices = saved | set(letters)
        self.family_possible.discard(letters[0])
        self.family_preferred.discard(letters[0])
        self.family_only.discard(letters[0])
        try:
            bodies = self._lower(node.body)
        finally:
            self.indices = saved
        family: list[Reading] = []
        if len(letters) == 1 and letters[0] in self.family_possible:
            family = self._family_sum(node, letters[0])
        out: list[Reading] = [(ir.IndexSum(letters, e), n) for e, n in bodies]
        if not any(isinstance(x, ir.Element) for e, _ in out for x in ir.walk(e)):
            if family:
                return family
            raise LowerError("unsupported", "a sum whose terms do not depend on its index", node.start)
        if family and letters[0] in self.family_only:
            return family
        return family + out if letters[0] in self.family_preferred else out + family

    def _family_sum(self, node: ast.Sum, letter: str) -> list[Reading]:
        """`\\sum_k W_k \\cdot W_k` over a family of free symbols, one per index: written out for a
        few members (as many as a numeric upper bound says), each its own symbol."""
        upper = _constant(node.upper)
        count = int(upper) if upper is not None and upper == int(upper) and 1 <= upper <= 6 else FAMILY_SIZE
        copies: list[list[Reading]] = []
        saved = self.indices
        self.indices = saved | {letter}
        try:
            self.family_bounds[letter] = (node.upper, count)
            if not self._writes_slices(node.body, letter):
                self.family_bounds.pop(letter)  # no slices: `t_n` stays an entry of t, as before
            for member in range(1, count + 1):
                self.family[letter] = member
                copies.append(self._lower(node.body))
        finally:
            self.family.pop(letter, None)
            self.family_bounds.pop(letter, None)
            self.indices = saved
        note = f"{letter} numbering a family of symbols"
        bound = node.upper.key if isinstance(node.upper, ast.Name) else None
        if node.upper is None:
            bound = self._last_member_written(node.body, letter)  # `\\sum_i x_i` of `x_1, \\dots, x_n`
        if upper is None and bound is not None:
            note += f", {count} of them for {FAMILY_BOUND_SEP}{bound}"
        if self.sliced:
            note += ", " + ", ".join(
                f"{f}_{letter} as the {self.env.family_slices[f][0]} of {self.env.family_slices[f][1]}"
                for f in sorted(self.sliced)
            )
            self.sliced = set()
        return [
            (ir.add(*(e for e, _ in terms)), (*terms[0][1], note)) for terms in zip(*copies, strict=False)
        ]

    def _last_member_written(self, body: ast.Node, letter: str) -> str | None:
        """`n` when the notes wrote `x_1, \\dots, x_n` for the family `x_i` of a sum with no upper
        bound (`\\sum_i x_i`); None unless exactly one such letter is written."""
        bases = {
            name_key(n.base, n.style, n.accent)
            for n in ast.walk(body)
            if isinstance(n, ast.Name) and n.sub == letter
        }
        lasts = {
            name[len(base) + 2 : -1]
            for base in bases
            if f"{base}_{{1}}" in self.env.mentioned
            for name in self.env.mentioned
            if name.startswith(base + "_{") and name[len(base) + 2 : -1].isalpha()
        } - {letter}
        return lasts.pop() if len(lasts) == 1 else None

    def _slice(self, base: str, letter: str) -> Expr | None:
        """`x_i` in `\\sum_{i=1}^n` where the prose says the `x_i^T` are the rows of X (X being n×p):
        row i of X as a column, `X^T e_i` (`X e_i` for columns). None unless the sum runs over
        exactly that many slices (its bound is X's declared number of rows, or columns)."""
        found = self.env.family_slices.get(base)
        if found is None:
            return None
        slices, matrix = found
        whole = ir.Sym(matrix)
        if not self._over_the_bound(whole, letter, 0 if slices == "rows" else 1):
            return None
        count, member = self.family_bounds[letter][1], self.family[letter]
        unit = ir.Matrix(tuple((ir.Const(1.0 if j == member else 0.0),) for j in range(1, count + 1)))
        self.sliced.add(base)
        return ir.mul(ir.Transpose(whole) if slices == "rows" else whole, unit)

    def _diagonal_of(self, base: str, letters: tuple[str, ...]) -> str | None:
        """`\\lambda_i` with `\\Lambda` a diagonal matrix the notes declare and `\\lambda` itself
        unknown: the diagonal entry `\\Lambda_{ii}` (the eigenvalues of `A = Q\\Lambda Q^T`, the
        singular values on `\\Sigma`'s diagonal); else None."""
        if len(letters) != 1 or not base.startswith("\\") or not base[1:2].islower():
            return None
        capital = "\\" + base[1].upper() + base[2:]
        names = self.env.declarations.keys() | self.env.definitions.keys()
        declared = self.env.declarations.get(capital)
        if base in names or declared is None or "diagonal" not in declared.properties:
            return None
        return capital

    def _element(self, e: Expr, letters: tuple[str, ...]) -> Expr:
        """`y_i`, `A_{ij}`: an entry; an index a family sum is writing out member by member is that
        member's number (`y_i` in `\\sum_i (y_i - x_i^T w)^2` with `x_i` a family)."""
        if len(letters) == 1 and letters[0] in self.family and self._over_the_bound(e, letters[0], 0):
            # `t_n` in `\\sum_{n=1}^N t_n \\phi_n`, t in R^N: component n of t, member by member.
            return ir.Entry(e, self.family[letters[0]] - 1, self.family_bounds[letters[0]][1])
        col = self._index_value(letters[1]) if len(letters) == 2 else 0
        return ir.Element(e, self._index_value(letters[0]), col)

    def _writes_slices(self, body: ast.Node, letter: str) -> bool:
        """Whether the sum's body names a family the prose calls the rows or columns of a matrix
        the sum runs over (`x_i` in `\\sum_{i=1}^n \\omega_i x_i x_i^T`, X being n×p). Only then are
        the components of the vectors it names (`\\omega_i`) written out member by member: without
        the slices the sum would fail for want of what the prose says."""
        for x in ast.walk(body):
            if not (isinstance(x, ast.Name) and x.sub and letter in x.sub):
                continue
            found = self.env.family_slices.get(name_key(x.base, x.style, x.accent))
            axis = 0 if found and found[0] == "rows" else 1
            if found is not None and self._over_the_bound(ir.Sym(found[1]), letter, axis):
                return True
        return False

    def _over_the_bound(self, e: Expr, letter: str, axis: int) -> bool:
        """Whether the family sum over `letter` runs over exactly the declared rows (axis 0) or
        columns (axis 1) of the symbol `e`: its bound is that size, by name or number."""
        decl = self.env.declarations.get(e.name) if isinstance(e, ir.Sym) else None
        if decl is None or decl.dims is None or letter not in self.family_bounds:
            return False
        upper, count = self.family_bounds[letter]
        dim = decl.dims[axis]
        if isinstance(dim, str):
            return isinstance(upper, ast.Name) and upper.key == dim and count == FAMILY_SIZE
        return _constant(upper) == dim

    def _index_value(self, letter: str | int) -> str | int:
        if isinstance(letter, str) and letter in self.family:
            return self.family[letter] - 1
        return letter

    def _bare_function(self, node: ast.Node) -> bool:
        """Whether `node` is the bare name of a function the notes define with arguments (`f`)."""
        if not isinstance(node, ast.Name):
            return False
        definition = self.env.definitions.get(node.key)
        return definition is not None and bool(definition.params)

    def _quotient_readings(self, readings: list[Reading]) -> list[Reading]:
        """`\\frac{y}{p}` with p a vector: the entrywise quotient (ML notes write the gradient of
        `-y^T \\log p` so). Tried only when no other reading types; the denominator must be a single
        symbol that may be a vector, so a step's readings do not multiply."""
        out: list[Reading] = []
        for expr, notes in readings:
            if not isinstance(expr, ir.Div) or not isinstance(expr.den, ir.Sym):
                continue
            shape = self.env.symbol_shape(expr.den.name)
            if shape.kind == "scalar" or (shape.dims is not None and shape.dims[1] != 1):
                continue
            out.append((ir.HadamardDiv(expr.num, expr.den), (*notes, QUOTIENT_NOTE)))
        return out

    def _name(self, node: ast.Name) -> Expr:
        key = node.key
        if node.accent == "Delta" and delta_is_a_factor(self.env, key):
            # `x^T \Delta x` in notes where `\Delta` itself is a matrix: a product, not a step of x
            plain = ast.Name(
                node.start + 6,
                node.end,
                name_key(node.base, node.style, "", node.sub),
                node.base,
                node.style,
                "",
                node.sub,
            )
            delta = ast.Name(node.start, node.start + 6, "\\Delta", "\\Delta")
            return ir.Mul((self._name(delta), self._name(plain)))
        if (
            node.base in _EXPECTATION_LETTERS
            and node.style == "\\mathbb"
            and key not in self.env.declarations
        ):
            # `\\mathbb{E}[x x^T]`, `\\mathbb{E}_p[...]`: an expected value, which no draw can give
            raise LowerError(
                "unsupported", "an expected value or probability (\\mathbb{E}, \\mathbb{P})", node.start
            )
        if self.indices and node.sub:
            letters = tuple(c for c in node.sub if c not in ", {}")
            if letters and set(letters) <= self.indices and len(letters) <= 2:
                base = name_key(node.base, node.style, node.accent)
                member = self._family_kind(node.key, base, name_key(node.base, "bold", node.accent))
                if member == "defined":
                    raise LowerError(
                        "unsupported",
                        f"a sum over the family {node.key}, each member defined on its own",
                        node.start,
                    )
                if member and len(letters) == 1 and letters[0] in self.family:
                    sliced = self._slice(base, letters[0])
                    if sliced is not None:
                        return sliced
                    return ir.Sym(family_member(base, letters[0], self.family[letters[0]]))
                if member and len(letters) == 1:
                    self.family_possible.add(letters[0])
                    if member in ("family", "declared"):
                        self.family_preferred.add(letters[0])
                    if member == "declared":
                        self.family_only.add(letters[0])
                bold = name_key(node.base, "bold", node.accent)
                names = self.env.declarations.keys() | self.env.definitions.keys()
                if base not in names and (bold in names or bold in self.env.mentioned):
                    base = bold  # `X_{ij}`, the entries of a bold `\\mathbf{X}`
                if base in self.env.unknown:
                    raise LowerError("unknown-meaning", self.env.unknown[base], node.start)
                diagonal = self._diagonal_of(base, letters)
                if diagonal is not None:
                    return self._element(ir.Sym(diagonal), (letters[0], letters[0]))
                return self._element(ir.Sym(base), letters)
            if set(letters) & self.indices:
                raise LowerError("unsupported", f"the index expression {node.sub}", node.start)
        if key in self.env.unknown:
            raise LowerError("unknown-meaning", self.env.unknown[key], node.start)
        known = key in self.env.declarations or key in self.env.definitions
        if (
            _identity_name(node)
            and key not in self.env.definitions
            and (not known or key in self.env.identities)
        ):
            # "the $n \\times n$ identity matrix $I$": still the identity, whatever size is said.
            return ir.Identity(node.sub, node.sub in self.env.dimension_names())
        if _ones_vector(node) and key not in self.env.definitions:
            # `\\mathbf 1 \\in \\mathbb{R}^N`: still the all-ones vector, of the declared size.
            declared = self.env.declarations.get(key)
            if declared is None and node.sub in self.env.dimension_names():
                return ir.Ones((node.sub, 1))  # `\\mathbf{1}_n` with n a size the notes declare
            return ir.Ones(_vector_dims(declared.dims if declared is not None else None))
        if node.style == "\\mathbb" and node.base in ("R", "C", "N", "Z", "Q", "S", "T", "E", "P"):
            raise LowerError("unknown-meaning", f"the set {key} is used as a value", node.start)
        if not known:
            if key == "\\pi":
                return ir.Const(math.pi)
            if node.base == "0" and node.style:
                return ir.Zero()
        definition = self.env.definitions.get(key)
        if definition is not None and definition.params and key not in self.other_functions:
            if key in self.bare_points:
                point = ir.Sym(self.bare_points[key])
                return substitute(body_of(self.env, definition), {definition.params[0]: point})
            if any(p.startswith("__") and p != "__index__" for p in definition.params):  # named in words
                message = f"the function {key} written without its argument"
                raise LowerError("unknown-meaning", message, node.start)
            # `f` for `f(x, y)` once f(x, y) is defined: the value at its own parameters.
            return body_of(self.env, definition)
        adjoint = adjoint_base(self.env, key)
        if adjoint is not None:
            return ir.Transpose(ir.Sym(adjoint))
        return ir.Sym(key)

    def _inner_product_looser(self, node: ast.BinOp) -> ast.Node | None:
        """`G \\cdot F \\odot H` where `\\cdot` is the inner product: also `G \\cdot (F \\odot H)`,
        the inner product binding loosest, as notes that contract whole tensors write it."""
        left = node.left
        if not self.env.cdot_inner or not isinstance(left, ast.Product) or left.ops[-1] != "\\cdot":
            return None
        last = left.factors[-1]
        inner = ast.BinOp(last.start, node.end, node.op, last, node.right)
        return ast.Product(left.start, node.end, (*left.factors[:-1], inner), left.ops)

    def _family_kind(self, key: str, base: str, bold: str) -> str:
        """What `W_k` in `\\sum_k` names: "defined" when `W_k` has a definition of its own (one per
        index, which mdcheck cannot instantiate); "family" when W_j or W_L are written and W is not
        (one free symbol per index); "declared" when W_k is declared a vector or matrix and W is not
        (a family, only); "either" when only W_k is (an entry of W, or a family); "" when W itself
        is known (an entry of W)."""
        env = self.env
        if key in env.definitions or key in env.unknown or key in env.values:
            return "defined"
        known = env.definitions.keys() | env.unknown.keys() | env.declarations.keys() | env.values.keys()
        if {base, bold} & known:
            # `x \\in \\mathbb{R}^p` for one observation, then a sample `x_1, \\dots, x_n`: n members
            # cannot be the p entries of x
            return "family" if _members_past_its_length(base, env) else ""
        if key in env.declarations:
            # `x_i \\in \\mathbb{R}^p` (x itself unknown): each member a vector, not an entry of x
            dims = env.declarations[key].dims
            return "declared" if dims is not None and dims != (1, 1) else ""
        prefix = base + "_{"
        siblings = any(
            name.startswith(prefix) and name != key and any(c.isalpha() for c in name[len(prefix) :])
            for name in known | env.mentioned
        )
        return "family" if siblings else "either"

    def _euler_beside_pi(self, node: ast.Product) -> ast.Product:
        """`2\\pi e` with e neither declared nor defined: Euler's number, as in the entropy of a
        normal density, `\\tfrac12 \\log(2\\pi e \\sigma^2)`."""
        factors = node.factors
        if not any(isinstance(f, ast.Name) and f.key == "\\pi" for f in factors):
            return node
        known = "e" in self.env.declarations or "e" in self.env.definitions
        euler = [isinstance(f, ast.Name) and f.key == "e" and not known for f in factors]
        if not any(euler):
            return node
        return replace(
            node,
            factors=tuple(
                ast.Num(f.start, f.end, math.e, "e") if is_e else f
                for f, is_e in zip(factors, euler, strict=True)
            ),
        )

    def _product(self, node: ast.Product) -> list[Reading]:
        combined = self._function_combination(node)
        if combined is not None:
            return [(e, (*n, COMBINATION_NOTE)) for e, n in self._lower(combined)]
        return self._plain_product(node)

    def _declared_dims(self, node: ast.Node, depth: int = 0) -> tuple[bool, bool] | None:
        """Whether the rows and the columns of `node` are more than one, as far as the declared
        shapes of its symbols tell (`QK^T / \\sqrt{d}`: Q's rows, K's rows; a name defined as
        `Z = XW` by its formula); None when they do not."""
        if depth > 8:
            return None
        match node:
            case ast.Name(key=key):
                decl = self.env.declarations.get(key)
                if decl is not None and decl.dims is not None:
                    return decl.dims[0] != 1, decl.dims[1] != 1
                definition = self.env.definitions.get(key)
                if decl is None and definition is not None and not definition.params:
                    formula = definition.node
                    return self._declared_dims(formula, depth + 1) if isinstance(formula, ast.Node) else None
                return None
            case ast.Group(body=b) | ast.Neg(body=b) | ast.Frac(num=b):
                return self._declared_dims(b, depth + 1)
            case ast.Transpose(base=b):
                inner = self._declared_dims(b, depth + 1)
                return None if inner is None else (inner[1], inner[0])
            case ast.Product(factors=fs) if all(op in ("", "\\cdot", "/") for op in node.ops):
                # `QK^T / \\sqrt{d}`: what a factor divides by is a number
                fs = tuple(f for f, op in zip(fs, node.ops, strict=True) if op != "/")
                first, last = self._declared_dims(fs[0], depth + 1), self._declared_dims(fs[-1], depth + 1)
                return None if first is None or last is None else (first[0], last[1])
        return None

    def _declared_vector(self, node: ast.Node) -> bool:
        """Whether `node` is a symbol the notes declare a column of more than one entry."""
        while isinstance(node, ast.Neg):
            node = node.body
        decl = self.env.declarations.get(node.key) if isinstance(node, ast.Name) else None
        return decl is not None and decl.dims is not None and decl.dims[1] == 1 and decl.dims[0] != 1

    def _plain_product(self, node: ast.Product) -> list[Reading]:
        node = self._euler_beside_pi(node)
        for left, right in zip(node.factors, node.factors[1:], strict=False):
            if (
                isinstance(left, ast.Power)
                and isinstance(left.base, ast.Name)
                and isinstance(right, ast.Group)
                and right.delim == "("
                and (self._is_function(left.base) or left.base.base in FUNCTION_LETTERS)
                and not self._is_value(left.base.key)
            ):
                raise LowerError("unsupported", f"the notation {left.base.key}^{{...}}(...)", left.start)
        for op, left, right in zip(node.ops[1:], node.factors, node.factors[1:], strict=False):
            if op == "\\times" and self._declared_vector(left) and self._declared_vector(right):
                if len(node.factors) == 2:
                    # `a \\times b` of two declared vectors: the cross product, `[a]_\\times b`
                    return [
                        (ir.Mul((cross_matrix(a), b)), (*m, *n))
                        for a, m in self._lower(left)
                        for b, n in self._lower(right)
                    ]
                reason = "the cross product of two vectors in a longer product"
                raise LowerError("unsupported", reason, right.start)
        results: list[Reading] = []
        for exprs, notes in self._each(node.factors):
            options: list[Reading] = [(exprs[0], notes)]
            for op, e, factor in zip(node.ops[1:], exprs[1:], node.factors[1:], strict=True):
                # A bracketed product stays one factor: `A((x^T x) A)` must not become `A x^T x A`,
                # where a 1x1 value would no longer act as a scalar.
                kept = isinstance(factor, ast.Group) and isinstance(e, ir.Mul)
                nxt: list[Reading] = []
                for acc, acc_notes in options:
                    times = ir.Mul((acc, e)) if kept else ir.mul(acc, e)
                    if op == "/":
                        nxt.append((_divide(acc, e), acc_notes))
                    elif op == "\\cdot" and self.env.cdot_inner:
                        nxt.append((ir.Inner(acc, e), acc_notes))
                    elif op == "\\cdot":
                        nxt.append((times, acc_notes))
                        nxt.append((ir.Inner(acc, e), (*acc_notes, INNER_NOTE)))
                    else:
                        nxt.append((times, acc_notes))
                        if _derivative_value(acc):
                            # `f'(X)\\, dX` with f applied entrywise: the entrywise product.
                            nxt.append((ir.Hadamard(acc, e), (*acc_notes, ENTRYWISE_NOTE)))
                options = nxt[:MAX_READINGS]
            results.extend(options)
        results += _ones_factors(results)
        # After the plain readings and `f'` as a diagonal matrix.
        results.sort(key=lambda r: (ONES_NOTE in r[1], ENTRYWISE_NOTE in r[1]))
        return results[:MAX_READINGS]

    def _function_combination(self, node: ast.Product) -> ast.Node | None:
        """`(af + g)(x)`, `(fg)(x)`, `(g \\circ f)(x)`: a bracket of names the document applies as
        functions, applied to a bracket, is the combination of their values (`a f(x) + g(x)`,
        `f(x) g(x)`, `g(f(x))`); None for any other product."""
        if len(node.factors) != 2:
            return None
        left, right = node.factors
        if not (
            isinstance(left, ast.Group) and isinstance(right, ast.Group) and left.delim == right.delim == "("
        ):
            return None
        functions = {x.key for x in ast.walk(left.body) if isinstance(x, ast.Name) and self._is_function(x)}
        if not functions:
            return None
        return _functions_applied(left.body, right.body, functions)

    def _power(self, node: ast.Power) -> list[Reading]:
        base, exp = node.base, node.exp
        euler = (
            isinstance(base, ast.Name)
            and base.key == "e"
            and "e" not in self.env.definitions
            and ("e" not in self.env.declarations)
        )
        if euler:
            out_e: list[Reading] = []
            for e, n in self._lower(exp):
                out_e.append((ir.Func("exp", (e,)), n))
                out_e.append((ir.MatExp(e), (*n, "exp as the matrix exponential")))
            return out_e
        value = _constant(exp)
        out: list[Reading] = []
        if _function_power(node) and value is not None and value == int(value) and 2 <= value <= 4:
            # `\\tanh^2(A)`: the function's value squared entry by entry, as for a scalar.
            for b, notes in self._lower(base):
                power = b
                for _ in range(int(value) - 1):
                    power = ir.Hadamard(power, b)
                out.append((power, notes))
            return out
        for b, notes in self._lower(base):
            if value == -1.0:
                out.append((ir.Inverse(b), notes))
            elif value is not None:
                out.append((ir.Power(b, ir.Const(value)), notes))
            else:
                out.extend((ir.Power(b, p), notes + pn) for p, pn in self._lower(exp))
        return out

    def _abs(self, e: Expr) -> list[tuple[Expr, tuple[str, ...]]]:
        """`|X|`: the determinant when a matrix is inside the bars, else the absolute value."""
        if isinstance(e, ir.Matrix):
            return [(ir.Det(e), ())]
        if isinstance(e, ir.Det | ir.Trace | ir.Norm | ir.Inner | ir.Const):
            return [(ir.Func("abs", (e,)), ())]
        kinds = {self.env.symbol_shape(x.name).kind for x in ir.walk(e) if isinstance(x, ir.Sym)}
        declared = [
            d.dims
            for x in ir.walk(e)
            if isinstance(x, ir.Sym) and (d := self.env.declarations.get(x.name)) and d.dims
        ]
        if kinds & {"matrix", "square"} or any(1 not in dims for dims in declared):
            return [(ir.Det(e), ()), (ir.Func("abs", (e,)), ("|·| as an absolute value",))]
        return [(ir.Func("abs", (e,)), ())]

    def _call(self, node: ast.Call) -> list[Reading]:
        name = node.name
        if name in ELEMENTWISE:
            fname = ELEMENTWISE[name]
            base_note: list[Reading] = []
            for args, notes in self._each(node.args):
                if len(args) != 1:
                    raise LowerError("unsupported", f"\\{name} of {len(args)} arguments", node.start)
                expr: Expr = ir.Func(fname, (args[0],), node.primes)
                if fname == "log" and node.sub is not None:
                    b = _constant(node.sub)
                    if b is None:
                        raise LowerError("unsupported", "a logarithm to a symbolic base", node.start)
                    expr = ir.Div(expr, ir.Const(math.log(b)))
                base_note.append((expr, notes))
                entrywise = constants_as_ones(args[0])
                if entrywise is not args[0] and not (fname == "log" and node.sub is not None):
                    # `\\log(1 + \\exp(X\\beta))`: the 1 in every entry (kept after the plain reading)
                    base_note.append((ir.Func(fname, (entrywise,), node.primes), (*notes, ONES_NOTE)))
                if fname == "exp" and not node.primes:
                    base_note.append((ir.MatExp(args[0]), (*notes, "exp as the matrix exponential")))
            return base_note
        if node.primes:
            raise LowerError("unsupported", f"the derivative \\{name}' of an operator", node.start)
        simple = {
            "det": ir.Det,
            "tr": ir.Trace,
            "Tr": ir.Trace,
            "trace": ir.Trace,
            "diag": ir.Diag,
            "Diag": ir.Diag,
            "vec": ir.Vec,
            "Vec": ir.Vec,
            "softmax": ir.Softmax,
        }
        if name == "hat" and len(node.args) == 1:
            return [(cross_matrix(e), n) for e, n in self._lower(node.args[0])]
        if name in simple and len(node.args) == 1:
            kind = simple[name]
            out = [(kind(e), n) for e, n in self._lower(node.args[0])]
            if (
                kind is ir.Softmax
                and self.env.softmax_rows
                and self._declared_dims(node.args[0]) == (True, True)
            ):
                # row by row, as the prose says: the columns of the transpose, transposed back
                out = [(ir.Transpose(ir.Softmax(ir.Transpose(e))), n) for e, n in self._lower(node.args[0])]
            if kind is ir.Diag:
                # `\\operatorname{diag}(1 - \\tanh^2(z))`: the 1 in every entry (after the plain reading)
                for e, n in list(out):
                    assert isinstance(e, ir.Diag)
                    entrywise = constants_as_ones(e.body)
                    if entrywise is not e.body:
                        out.append((ir.Diag(entrywise), (*n, ONES_NOTE)))
            return out
        if name == "id" and len(node.args) == 1:
            return self._lower(node.args[0])
        if name in ("logdet",) and len(node.args) == 1:
            return [(ir.Func("log", (ir.Det(e),)), n) for e, n in self._lower(node.args[0])]
        if name in ("relu", "ReLU") and len(node.args) == 1:
            return [(ir.Maximum(ir.Const(0.0), e), n) for e, n in self._lower(node.args[0])]
        if name in ("max", "min") and len(node.args) == 2 and node.sub is None:
            if name == "max":
                return self._map(node.args, lambda xs: ir.Maximum(xs[0], xs[1]))
            return self._map(
                node.args, lambda xs: ir.scale(-1.0, ir.Maximum(ir.scale(-1.0, xs[0]), ir.scale(-1.0, xs[1])))
            )
        raise LowerError("unsupported", f"the function {name}", node.start)

    def _apply(self, node: ast.Apply) -> list[Reading]:
        key = node.func.key
        if key in ("o", "O", "\\mathcal{O}") and not self.env.definitions.get(key):
            raise LowerError("unsupported", f"asymptotic notation {key}(...)", node.start)
        definition = self.env.definitions.get(key)
        if definition is not None and definition.params and len(definition.params) != len(node.args):
            definition = None  # another function of the same name, with another number of arguments
        if definition is not None and definition.params and node.primes == 0:
            params = definition.params
            body = body_of(self.env, definition)
            readings = self._map(node.args, lambda xs: substitute(body, dict(zip(params, xs, strict=True))))
            # `\sigma(Xw)` once `\sigma(t) = 1/(1 + e^{-t})` is defined: the formula on each entry
            each = entrywise_body(body, params)
            if each is None:
                return readings
            on_entries = self._map(node.args, lambda xs: substitute(each, dict(zip(params, xs, strict=True))))
            return readings + [(e, (*n, ENTRYWISE_FORMULA_NOTE)) for e, n in on_entries]
        if definition is not None and definition.params and node.primes:
            return self._defined_derivative(node, definition)
        if definition is not None and not definition.params and self._args_are_variables(node, definition):
            # `f(x, y)` once `f = \sin(x + y)` is defined: f itself; `f'(x)`: its derivative.
            if node.primes == 0:
                return [(ir.Sym(key), ())]
            if node.primes == 1 and len(node.args) == 1:
                arg = node.args[0]
                assert isinstance(arg, ast.Name)
                return [(ir.Derivative(body_of(self.env, definition), arg.key, "gradient"), ())]
        if node.primes == 1 and len(node.args) == 1 and definition is None and self._declared_array(key):
            # `W'(U \circ U)` with W a declared matrix: W transposed, times the bracket.
            transposed = ast.Prime(node.func.start, node.func.end, node.func, 1)
            return self._map((transposed, node.args[0]), lambda xs: ir.mul(xs[0], xs[1]))
        call = self._function_call(node)
        valued = definition is not None and not definition.params and key not in self.env.functions
        if valued and len(node.args) == 1 and not node.primes and not self.call_only:
            # `G (u + Kx)` once `G = R + B^T P B` is defined: a value times the bracket, though G
            # is a letter that often names a function (the call in reserve)
            return self._as_product(node) + [(e, (*n, f"{key}{AS_FUNCTION}")) for e, n in call]
        if self._is_function(node.func) or len(node.args) > 1 or node.primes or self.call_only:
            return call
        if definition is not None:
            return self._as_product(node)
        shape = self.env.symbol_shape(key)
        if shape.dims is not None:
            return self._as_product(node)
        # `A(x - y)` is a product; `G(dx)` may be an operator applied: the product first.
        return self._as_product(node) + [(e, (*n, f"{key}{AS_FUNCTION}")) for e, n in call]

    def _weighted_norm(self, node: ast.Norm, body: ast.Node, sub: str) -> list[Reading]:
        """`\\|x\\|_M`, `\\|x\\|_{\\Sigma^{-1}}` with M a matrix the notes declare: `\\sqrt{x^T M x}`;
        any other subscript (`1`, `\\infty`, `p`, `*`) is a norm mdcheck does not evaluate."""
        from mdcheck.latex.parser import parse

        weight = parse(sub.strip("{}"), differentials=False).node
        names = [x for x in ast.walk(weight) if isinstance(x, ast.Name)] if weight is not None else []
        if weight is None or not names or not all(self._declared_matrix(x.key) for x in names):
            raise LowerError("unsupported", f"the norm \\|\\cdot\\|_{sub}", node.start)
        return self._map(
            (body, weight),
            lambda xs: ir.Func("sqrt", (ir.Mul((ir.Transpose(xs[0]), xs[1], xs[0])),)),
        )

    def _declared_matrix(self, key: str) -> bool:
        decl = self.env.declarations.get(key)
        return decl is not None and decl.dims is not None and 1 not in decl.dims

    def _indicator_values_known(self, cond: ast.Comparison) -> None:
        """`\\mathbb{1}\\{t = k\\}`, `\\mathbb{1}[i = j]` with `k`, `i` summation indices: an index is
        not a value mdcheck draws (it would be a random real, never equal to another index)."""
        for x in (cond.left, cond.right):
            if isinstance(x, ast.Name) and x.key in self.indices:
                raise LowerError(
                    "unsupported", f"an indicator that compares the summation index {x.key}", x.start
                )

    def _args_are_variables(self, node: ast.Apply, definition: Definition) -> bool:
        names = [a.key for a in node.args if isinstance(a, ast.Name)]
        return len(names) == len(node.args) and set(names) <= ir.free_symbols(body_of(self.env, definition))

    def _declared_array(self, key: str) -> bool:
        """Whether the prose declares `key` a matrix or vector (so `key'` is its transpose)."""
        decl = self.env.declarations.get(key)
        if decl is None or key in self.env.functions - self.env.primed_calls:
            return False
        if base_letter(key)[0] in FUNCTION_LETTERS:
            return False
        if decl.dims is not None:
            return decl.dims != (1, 1)
        return decl.kind in ("matrix", "vector", "square", "row")

    def _is_function(self, name: ast.Name) -> bool:
        if self._matrix_by_its_properties(name.key):
            return False
        if name.key in self.env.functions and not self._declared_array(name.key):
            return True
        decl = self.env.declarations.get(name.key)
        if decl is not None and (decl.dims is not None or decl.kind):
            return False
        letter, _ = base_letter(name.key)
        return letter in FUNCTION_LETTERS

    def _matrix_by_its_properties(self, key: str) -> bool:
        """Whether the prose says `key` is a matrix by what it says of it (`F \\succ 0`, "a diagonal
        $G$"), though it is a letter that often names a function."""
        decl = self.env.declarations.get(key)
        if decl is None or decl.dims == (1, 1) or decl.kind == "scalar":
            return False
        return bool(decl.properties & _MATRIX_PROPERTIES)

    def _as_product(self, node: ast.Apply) -> list[Reading]:
        group = node.args[0]
        # `A(y^T x)`: the bracket stays one factor, so a 1x1 product in it acts as a scalar.
        return self._map(
            (node.func, group),
            lambda xs: ir.Mul((xs[0], xs[1])) if isinstance(xs[1], ir.Mul) else ir.mul(xs[0], xs[1]),
        )

    def _function_call(self, node: ast.Apply) -> list[Reading]:
        key = node.func.key
        partial: tuple[int, ...] = ()
        letter_sub = key.split("_{", 1)
        if (
            len(letter_sub) == 2
            and letter_sub[0] in self.env.functions | {"f", "g", "h"}
            and node.primes == 0
        ):
            # f_x(x, y): the partial derivative of f in its argument named x.
            sub = letter_sub[1].rstrip("}")
            names = [a.key for a in node.args if isinstance(a, ast.Name)]
            if len(names) == len(node.args) and sub in names and len(names) > 1:
                key, partial = letter_sub[0], (names.index(sub),)
        out: list[Reading] = []
        for args, notes in self._each(node.args):
            f = ir.Func(key, tuple(args), node.primes, partial)
            out.append((f, notes))
            if node.primes and len(args) == 1:
                out.append((ir.Diag(f), (*notes, f"{key}' as a diagonal matrix")))
        return out

    def _defined_derivative(self, node: ast.Apply, definition: Definition) -> list[Reading]:
        """`f'(x)`, `f''(t)`: the derivative of a function of one argument the notes define, at the
        argument (`f''` the second derivative: a Hessian when the argument is a vector)."""
        if len(definition.params) != 1:
            raise LowerError(
                "unsupported", f"{node.func.key}' of a function of several arguments", node.start
            )
        if node.primes > 3:
            raise LowerError("unsupported", f"a derivative of order {node.primes}", node.start)
        param = definition.params[0]
        body = body_of(self.env, definition)
        if _standard_of_parameter(body, param):
            # `\sigma'(Z)` with `\sigma` the logistic function: its derivative entry by entry.
            assert isinstance(body, ir.Func)
            return self._function_call(replace(node, func=replace(node.func, key=body.name)))
        entrywise = (
            node.primes == 1
            and acts_entrywise(body, param) is True
            and any(self._declared_dims(node.args[0]) or ())
        )
        out: list[Reading] = []
        for arg, notes in self._lower(node.args[0]):
            deriv = ir.At(ir.Derivative(body, param, "gradient", node.primes), ((param, arg),))
            if entrywise:
                # `\\phi(u) = \\max(u, 0)`, `\\phi'(u)` of a vector u: the derivative entry by entry (the
                # diagonal of the Jacobian, which is diagonal); the Jacobian itself second
                out.append((ir.mul(deriv, ir.Ones()), (*notes, ENTRYWISE_DERIVATIVE_NOTE)))
            out.append((deriv, notes))
        return out

    def _derivative(self, node: ast.Derivative) -> list[Reading]:
        self._family_variable(node.wrt, node.start)
        if node.body is None:
            raise LowerError("unsupported", "a derivative operator without an operand", node.start)
        names = [w for w in node.wrt if isinstance(w, ast.Name)]
        if len(names) != len(node.wrt):
            raise LowerError("unsupported", "a derivative with respect to an expression", node.start)
        keys = [n.key for n in names]
        if self.indices and any(set(n.sub) & self.indices for n in names):
            raise LowerError("unsupported", "a derivative by an entry of a matrix", node.start)
        if isinstance(node.body, ast.Name) and keys == [node.body.key]:
            bodies: list[Reading] = [(ir.Sym(node.body.key), ())]  # d f / d f
        else:
            bodies = self._lower(node.body)
        for n in names:
            if not n.sub:
                continue
            matrices = {s for b, _ in bodies for s in ir.free_symbols(b) if "_{" not in s}
            whole = next((s for s in matrices if base_letter(s)[0] == n.base), None)
            if whole is not None:
                raise LowerError("unsupported", f"a derivative by the entry {n.key} of {whole}", node.start)
        if node.order == 1 and len(keys) == 1:
            return self._layouts(bodies, keys[0])
        self._second_derivative_of_given_gradient(bodies, node.start)
        if node.order == 2 and len(keys) == 2 and keys[0] == keys[1]:
            return [(ir.Derivative(b, keys[0], "gradient", 2), n) for b, n in bodies]
        if node.order == len(keys):
            out = bodies
            for key in reversed(keys):
                out = [(ir.Derivative(b, key, "gradient"), n) for b, n in out]
            return out
        raise LowerError("unsupported", "a derivative of this order", node.start)

    def _layouts(self, bodies: list[Reading], key: str) -> list[Reading]:
        first = self.env.layout or "numerator"
        other = "denominator" if first == "numerator" else "numerator"
        out: list[Reading] = []
        decl = self.env.declarations.get(key)
        symmetric = (
            decl is not None
            and bool(decl.properties & {"symmetric", "spd", "psd"})
            and decl.dims is not None
            and decl.dims[1] != 1
        )
        for b, n in bodies:
            out.append((ir.Derivative(b, key, first), n))
            out.append((ir.Derivative(b, key, other), (*n, f"{other} layout")))
            if symmetric:
                # `\\partial \\log\\det X / \\partial X = 2X^{-1} - X^{-1} \\circ I`: by the free entries
                out.append((ir.Derivative(b, key, "symmetric"), (*n, SYMMETRIC_NOTE)))
        return out

    def _opaque_body(self, body: ast.Node) -> bool:
        """A scalar function whose meaning the document does not give (`J` of a loss defined in
        words): its gradient can only stand for an arbitrary value."""
        if not isinstance(body, ast.Name) or body.key not in self.env.gradient_bodies:
            return False
        key = body.key
        return key not in self.env.definitions and key not in self.env.values

    def _family_variable(self, names: Iterable[ast.Node | None], start: int) -> None:
        """A derivative by a family member inside the family's written-out sum (`\\nabla_{A_t}`
        in `\\sum_t`) would not follow the member: no meaning is given."""
        for n in names:
            if isinstance(n, ast.Name) and self.family and set(n.sub) & set(self.family):
                raise LowerError("unsupported", f"a derivative by {n.key} inside a sum over its index", start)

    def _second_derivative_of_given_gradient(self, bodies: list[Reading], offset: int) -> None:
        """A loss known only by its gradient has no second derivatives to check."""
        for body, _ in bodies:
            for name in ir.free_symbols(body) & self.env.given_gradients.keys():
                grad = self.env.given_gradients[name]
                raise LowerError(
                    "unknown-meaning",
                    f"only the gradient {grad} of {name} is given, not its second derivatives",
                    offset,
                )

    def _nabla(self, node: ast.Nabla) -> list[Reading]:
        self._family_variable((node.wrt,), node.start)
        if isinstance(node.wrt, ast.Name) and node.order == 1 and self._opaque_body(node.body):
            assert isinstance(node.body, ast.Name)
            return [(ir.Sym(opaque_gradient(node.wrt.key, node.body.key)), ())]
        body = node.body
        if (
            isinstance(node.wrt, ast.Name)
            and node.order == 1
            and isinstance(body, ast.Transpose)
            and self._opaque_body(body.base)
        ):
            # `\nabla_{A} J^T` of a scalar J: the transposed gradient (J^T would be J itself).
            assert isinstance(body.base, ast.Name)
            gradient = ir.Sym(opaque_gradient(node.wrt.key, body.base.key))
            return [(ir.Transpose(gradient), ("\\nabla J^T as (\\nabla J)^T",))]
        value = self._transposed_value(node.body) if node.order == 1 else None
        if value is not None:
            # `\\nabla f(x)^\\top (z - x)`: the gradient transposed, not the gradient of f(x)^T
            inner = self._nabla(replace(node, body=value))
            return [(ir.Transpose(e), (*n, "\\nabla f(x)^T as (\\nabla f(x))^T")) for e, n in inner]
        bodies = self._lower(node.body)
        if node.wrt is not None:
            if not isinstance(node.wrt, ast.Name):
                raise LowerError("unsupported", "\\nabla with respect to an expression", node.start)
            var = node.wrt.key
        else:
            var = self._only_variable(node.body, bodies)
        if node.order == 2:
            self._second_derivative_of_given_gradient(bodies, node.start)
            return [(ir.Derivative(b, var, "gradient", 2), n) for b, n in bodies]
        out: list[Reading] = []
        for b, n in bodies:
            out.append((ir.Derivative(b, var, "denominator"), n))
        return out

    def _transposed_value(self, body: ast.Node) -> ast.Apply | ast.Name | None:
        """`f(x)^\\top` under a gradient, with f a function (defined with a parameter or named as
        one), or `g^\\top` with g defined as a function of one parameter: the value whose gradient
        the transpose is written on; None otherwise."""
        for reading in body.readings if isinstance(body, ast.Ambiguous) else (body,):
            if not isinstance(reading, ast.Transpose):
                continue
            if isinstance(reading.base, ast.Name):
                function = self.env.definitions.get(reading.base.key)
                if function is not None and len(function.params) == 1:
                    return reading.base
            if not isinstance(reading.base, ast.Apply):
                continue
            call = reading.base
            definition = self.env.definitions.get(call.func.key)
            defined = definition is not None and len(definition.params) == len(call.args)
            if defined or (definition is None and self._is_function(call.func)):
                return call
        return None

    def _only_variable(self, body: ast.Node, bodies: list[Reading]) -> str:
        if isinstance(body, ast.Apply) and len(body.args) == 1 and isinstance(body.args[0], ast.Name):
            return body.args[0].key
        if isinstance(body, ast.Name):
            definition = self.env.definitions.get(body.key)
            if definition is not None and len(definition.params) == 1:
                return definition.params[0]
            if definition is not None:
                free = ir.free_symbols(body_of(self.env, definition)) & self.env.document_varying
                if len(free) == 1:
                    return next(iter(free))
        # `\\nabla(\\ell(\\beta) - \\frac{\\lambda}{2}\\beta^T\\beta)`: every call in it is at the same point
        points = {
            n.args[0].key
            for n in ast.walk(body)
            if isinstance(n, ast.Apply) and len(n.args) == 1 and isinstance(n.args[0], ast.Name)
        }
        if len(points) == 1 and not isinstance(body, ast.Apply):
            return points.pop()
        raise LowerError("unknown-meaning", "\\nabla without saying with respect to what", body.start)


FAMILY_SIZE = 3
# Written in the note of a family sum whose upper bound is a name (`\\sum_{i=1}^N x_i`) before
# that name: the step stands for the bound elsewhere by the number of members written out.
FAMILY_BOUND_SEP = "the bound "


# Blackboard letters of probability: expectation, probability, variance (`\\mathbb{V}`).
_EXPECTATION_LETTERS = frozenset({"E", "P", "V"})


# What only a matrix is: said of `F` or `G`, they are matrices, not functions.
_MATRIX_PROPERTIES = frozenset({"spd", "psd", "orthogonal", "diagonal"})
ADJOINT_MARKS = ("^{\\dagger}", "^{*}")
# What the prose says of a matrix whose `^\\dagger` or `^*` is its adjoint (not its pseudo-inverse).
_ADJOINT_PROPERTIES = frozenset({"orthogonal", "hermitian"})


def adjoint_base(env: Environment, key: str) -> str | None:
    """The matrix whose adjoint `key` writes (`U` of `U^\\dagger`, `U^*`) when the notes call it
    unitary or Hermitian, or `\\psi` of `\\psi^\\dagger` when they declare it a vector: on the real
    values mdcheck draws the adjoint is the transpose. None
    otherwise (then `key` is a name of its own, as a pseudo-inverse or an optimum `w^*` is)."""
    if key in env.definitions or key in env.declarations:
        return None
    for mark in ADJOINT_MARKS:
        if key.endswith(mark) and env.properties(key[: -len(mark)]) & _ADJOINT_PROPERTIES:
            return key[: -len(mark)]
    if key.endswith("^{\\dagger}"):
        # `\psi^\dagger` of a declared column vector: its conjugate transpose, a bra
        declared = env.declarations.get(key[: -len("^{\\dagger}")])
        if declared is not None and (declared.kind == "vector" or (declared.dims or (0, 0))[1] == 1):
            return key[: -len("^{\\dagger}")]
    return None


def _commutator(pair: list[Expr]) -> Expr:
    """`[A, B] = AB - BA`."""
    a, b = pair
    return ir.add(ir.mul(a, b), ir.scale(-1.0, ir.mul(b, a)))


def family_bounds(readings: Iterable[Reading]) -> dict[str, Expr]:
    """The bound names of the family sums these readings wrote out, each with its member count."""
    out: dict[str, Expr] = {}
    for _, notes in readings:
        for note in notes:
            head, sep, tail = note.partition(FAMILY_BOUND_SEP)
            if sep and "numbering a family" in head:
                # The bound's name ends the clause (`..., x_i as the rows of X` may follow).
                out[tail.split(", ", 1)[0]] = ir.Const(float(head.rsplit(", ", 1)[1].split()[0]))
    return out


def _members_past_its_length(base: str, env: Environment) -> bool:
    """Whether the notes wrote members `x_1, ..., x_n` of `base`, a vector they declared of another
    length (`x \\in \\mathbb{R}^p`): a family of n symbols, not the entries of x."""
    decl = env.declarations.get(base)
    prefix = base + "_{"
    if decl is None or decl.dims is None or 1 not in decl.dims or f"{prefix}1}}" not in env.mentioned:
        return False
    length = decl.dims[0] if decl.dims[1] == 1 else decl.dims[1]
    if not isinstance(length, str):
        return False
    return any(
        name.startswith(prefix) and name[len(prefix) : -1].isalpha() and name[len(prefix) : -1] != length
        for name in env.mentioned
    )


def family_member(base: str, letter: str, member: int) -> str:
    """The name of member `member` of the family `base_letter` in a written-out sum: `W_{(k1)}`."""
    return f"{base}_{{({letter}{member})}}"


OPAQUE_PREFIX = "\\nabla_{"


def opaque_gradient(var: str, body: str) -> str:
    """The name of an arbitrary value standing for `\\nabla_{var} body`."""
    return f"{OPAQUE_PREFIX}{var}}}{body}"


def opaque_variable(name: str) -> str | None:
    """The variable of an opaque gradient's name, or None for any other name."""
    if not name.startswith(OPAQUE_PREFIX):
        return None
    depth, k = 1, len(OPAQUE_PREFIX)
    while k < len(name) and depth:
        depth += (name[k] == "{") - (name[k] == "}")
        k += 1
    return name[len(OPAQUE_PREFIX) : k - 1]


def _partial_differential(body: str, wrt: tuple[str, ...]) -> Expr:
    """`d_{X,Y} f` of a scalar f: `\\nabla_X f \\cdot dX + \\nabla_Y f \\cdot dY`."""
    return ir.add(*(ir.Inner(ir.Sym(opaque_gradient(w, body)), ir.Diff(ir.Sym(w), 1, (w,))) for w in wrt))


def _function_power(node: ast.Power) -> bool:
    """`\\tanh^2(A)`: a power written on an elementwise function's name, before its argument."""
    base = node.base
    return (
        isinstance(base, ast.Call)
        and base.name in ELEMENTWISE
        and bool(base.args)
        and node.exp.start < base.args[0].start
    )


def _sub_letters(node: ast.Node) -> tuple[str, ...]:
    """The index letters of a subscript `ii`, `ik`, `i,j`, or () if it is not only letters."""
    match node:
        case ast.Name(base=b, sub="", style="", accent="") if len(b) == 1:
            return (b,)
        case ast.Product(factors=fs):
            out: tuple[str, ...] = ()
            for f in fs:
                part = _sub_letters(f)
                if not part:
                    return ()
                out += part
            return out
        case ast.Tuple(items=items):
            return tuple(x for item in items for x in _sub_letters(item))
    return ()


def substitute(expr: Expr, values: dict[str, Expr]) -> Expr:
    """`expr` with each named symbol (and its differential) replaced by the given expression."""
    if not values:
        return expr
    return _substituted(expr, values)


def _substituted(e: Expr, values: dict[str, Expr]) -> Expr:
    # A module-level function, not a recursive closure: a closure that calls itself is a
    # reference cycle, left for the cycle collector on every call.
    if isinstance(e, ir.Sym) and e.name in values:
        return values[e.name]
    if isinstance(e, ir.DSym) and e.name in values:
        return ir.Diff(values[e.name])
    kids = e.children()
    if not kids:
        return e
    return rebuild(e, [_substituted(c, values) for c in kids])


def _divide(num: Expr, den: Expr) -> Expr:
    if isinstance(den, ir.Const) and den.value != 0:
        return ir.scale(1.0 / den.value, num)
    return ir.Div(num, den)


def _constant(node: ast.Node | None) -> float | None:
    """The value of a numeric constant expression (`2`, `-1`, `\\frac12`, `-\\frac{1}{2}`, `1/2`)."""
    match node:
        case ast.Num(value=v):
            return v
        case ast.Neg(body=b):
            inner = _constant(b)
            return -inner if inner is not None else None
        case ast.Group(body=b):
            return _constant(b)
        case ast.Frac(num=a, den=b):
            x, y = _constant(a), _constant(b)
            return x / y if x is not None and y not in (None, 0.0) else None
        case ast.Product(factors=fs, ops=ops) if len(fs) == 2 and ops[1] == "/":
            x, y = _constant(fs[0]), _constant(fs[1])
            return x / y if x is not None and y not in (None, 0.0) else None
    return None


def delta_is_a_factor(env: Environment, key: str) -> bool:
    """Whether `\\Delta x` (key `\\Delta{x}`) is `\\Delta` times x: when the notes define, declare
    or write `\\Delta` on its own, and not `\\Delta x` itself."""
    if key in env.definitions or key in env.declarations:
        return False
    return "\\Delta" in env.definitions or "\\Delta" in env.declarations or "\\Delta" in env.mentioned


def increment_factors(names: set[str], env: Environment) -> set[str]:
    """`names` with each `\\Delta{x}` that is `\\Delta` times x written as those two names."""
    out = set(names)
    for key in names:
        if key.startswith("\\Delta{") and delta_is_a_factor(env, key):
            depth, end = 0, len(key)
            for k in range(len("\\Delta"), len(key)):
                depth += {"{": 1, "}": -1}.get(key[k], 0)
                if depth == 0:
                    end = k
                    break
            out -= {key}
            out |= {"\\Delta", key[len("\\Delta{") : end] + key[end + 1 :]}
    return out


def _derivative_value(e: Expr) -> bool:
    """`f'(X)`: the derivative of a function applied entrywise, at a point."""
    return isinstance(e, ir.Func) and e.derivative > 0 and not e.partial and len(e.args) == 1


ONES_NOTE = "a number added to a vector in an elementwise operation as that number times the ones vector"
SYMMETRIC_NOTE = "the derivative by the free entries of a symmetric matrix"
ONES_MATRIX_NOTE = "a number added to a matrix in an elementwise operation as that number in every entry"


def _ones_readings(readings: list[Reading]) -> list[Reading]:
    """`(1 - \\tanh^2(z)) \\odot g`, `s \\odot (1 - s)`: a number added to a vector inside an
    elementwise product stands for that number in every entry. Kept after the plain readings: it is
    the one that types when the other terms are vectors."""
    out: list[Reading] = []
    for expr, notes in readings:
        assert isinstance(expr, ir.Hadamard | ir.HadamardDiv)
        left, right = constants_as_ones(expr.left), constants_as_ones(expr.right)
        if left is not expr.left or right is not expr.right:
            out.append((type(expr)(left, right), (*notes, ONES_NOTE)))
    for expr, notes in readings:
        # `\sigma(Z) \odot (1 - \sigma(Z))` with Z a matrix: the number in every entry of a matrix.
        assert isinstance(expr, ir.Hadamard | ir.HadamardDiv)
        left, right = constants_as_ones(expr.left, True), constants_as_ones(expr.right, True)
        if left is not expr.left or right is not expr.right:
            out.append((type(expr)(left, right), (*notes, ONES_MATRIX_NOTE)))
    return out


def _ones_factors(readings: list[Reading]) -> list[Reading]:
    """`(1 - y)^T \\log(1 - p)`: a number added to a vector in a factor of a product (or in its
    transpose) stands for that number in every entry, as in ML notes; kept after the plain readings,
    where it types only when the other terms are vectors."""
    out: list[Reading] = []
    for expr, notes in readings:
        if not isinstance(expr, ir.Mul):
            continue
        factors = tuple(_factor_with_ones(f) for f in expr.factors)
        if any(new is not old for new, old in zip(factors, expr.factors, strict=True)):
            out.append((ir.Mul(factors), notes if ONES_NOTE in notes else (*notes, ONES_NOTE)))
    return out


def _factor_with_ones(e: Expr) -> Expr:
    if isinstance(e, ir.Transpose):
        # `1^T b`, `\log 1^T e^z`: the transpose of the number 1 is a row of ones.
        body = ir.Ones() if _one(e.body) else constants_as_ones(e.body)
        return e if body is e.body else ir.Transpose(body)
    return constants_as_ones(e)


def _one(e: Expr) -> bool:
    return isinstance(e, ir.Const) and e.value == 1


def _entrywise_ones_readings(readings: list[Reading]) -> list[Reading]:
    """`A^T(1 - \\tanh^2(Ax))`, `(1 - \\sigma(z))`: a number added to a function applied entrywise
    stands for that number in every entry, wherever the bracket stands (after the plain reading,
    which a scalar argument types)."""
    out: list[Reading] = []
    for expr, notes in readings:
        if not isinstance(expr, ir.Add) or not any(_entrywise_term(t) for t in expr.terms):
            continue
        ones = constants_as_ones(expr)
        if ones is not expr:
            out.append((ones, (*notes, ONES_NOTE)))
    for expr, notes in readings:
        if isinstance(expr, ir.Add) and any(_entrywise_term(t) for t in expr.terms):
            ones = constants_as_ones(expr, True)
            if ones is not expr:
                out.append((ones, (*notes, ONES_MATRIX_NOTE)))
    return out


def _entrywise_term(e: Expr) -> bool:
    """A function applied entry by entry (`\\tanh^2(Ax)`, `-\\sigma(z)`, `h \\odot h`), maybe scaled."""
    while isinstance(e, ir.Scale | ir.Power):
        e = e.body if isinstance(e, ir.Scale) else e.base
    return (isinstance(e, ir.Func) and e.name in ELEMENTWISE.values()) or isinstance(e, ir.Hadamard)


def _identity_name(node: ast.Name) -> bool:
    """`I`, `I_n`, `\\mathbf{I}`, `\\mathbb{I}`: the identity matrix unless the notes define it."""
    return node.base == "I" and node.style in ("", "bold", "\\mathbb") and not node.accent


def _ones_vector(node: ast.Name) -> bool:
    """`\\mathbf{1}`, `\\mathbb{1}`, `\\boldsymbol 1`, `\\mathbf 1_n`: the all-ones vector, never a symbol."""
    return bool(node.style) and node.base in ("1", "\\mathbb{1}") and not node.accent


def _vector_dims(dims: tuple[Dim, Dim] | None) -> tuple[int | str, int] | None:
    """A declared column vector's size (`\\mathbb{R}^N`), None for any other declaration."""
    if dims is None or dims[1] != 1 or not isinstance(dims[0], int | str):
        return None
    return (dims[0], 1)


def _applied(node: ast.Node) -> ast.Apply | None:
    """The application under the call alternative: `f(x)` in `f(x)^k`, `d f(x)`, `f(x)^T`."""
    while isinstance(node, ast.Power | ast.Transpose | ast.Prime | ast.Sub | ast.Diff):
        node = node.body if isinstance(node, ast.Diff) else node.base
    return node if isinstance(node, ast.Apply) else None


def _zero_blocks(m: ir.Matrix) -> ir.Matrix:
    """The `0`s of a matrix whose entries are not all numbers as zeros sized by their row and
    column, so that `[A & 0 \\ C & I]` is a block matrix (in `[x_1 & 0]` they size to 1×1)."""
    entries = [x for row in m.rows for x in row]
    if not any(map(_is_zero, entries)) or all(isinstance(x, ir.Const) for x in entries):
        return m
    return ir.Matrix(tuple(tuple(ir.Zero() if _is_zero(x) else x for x in row) for row in m.rows))


def _is_zero(e: Expr) -> bool:
    return isinstance(e, ir.Const) and e.value == 0


def body_of(env: Environment, definition: Definition) -> Expr:
    """A definition's meaning, read again with everything the document has said since it was
    written (a function defined after it, say); its first reading if it cannot be read now.
    Kept per definition and version of the environment."""
    if definition.node is None:
        return definition.body
    key = (definition.name, env.version)
    got = env.body_cache.get(key)
    if got is None:
        saved = env.definitions.pop(definition.name, None) if not definition.params else None
        try:
            got = first_typed(Lowerer(env).readings(definition.node), env)  # type: ignore[arg-type]
        except (LowerError, RecursionError):
            got = definition.body
        finally:
            if saved is not None:
                env.definitions[definition.name] = saved
        env.body_cache[key] = got
    return got


def first_typed(readings: list[Reading], env: Environment) -> Expr:
    """A definition's first reading, or its reading with a number added to a vector standing for
    that number in every entry (`\\log(1 + \\exp(X\\beta))`), or with a family written out as the
    rows or columns of a matrix, when only that one has agreeing shapes."""
    chosen = _named_gradient(readings, env)
    if len(readings) > 1 and _shapes_agree(chosen[0], env) is False:
        for expr, notes in readings[1:]:
            ones = ONES_NOTE in notes or ONES_MATRIX_NOTE in notes
            if (ones or any(_sliced_note(n) for n in notes)) and _shapes_agree(expr, env):
                chosen = (expr, notes)
                break
    # `\\bar x = \\frac1n \\sum_{i=1}^n x_i` written out with 3 members: n is 3 in it too, as in a
    # step, and in the steps that use it (see `Environment.written_bounds`)
    bounds = family_bounds([chosen])
    env.written_bounds.update(bounds)
    return substitute(chosen[0], bounds)


def _named_gradient(readings: list[Reading], env: Environment) -> Reading:
    """The first reading, or, for a name given to the derivative of a scalar by an array
    (`\\Delta = \\partial L / \\partial Z`, an error signal) in a document that keeps no layout,
    its reading as a gradient: the name then has the shape of the variable, as the notes use it."""
    first = readings[0]
    body = first[0]
    if env.layout or not isinstance(body, ir.Derivative) or body.layout != "numerator" or body.order != 1:
        return first
    other = next((r for r in readings[1:] if DENOMINATOR_NOTE in r[1]), None)
    if other is None or not _scalar_by_array(body, env):
        return first
    return other


def _scalar_by_array(derivative: ir.Derivative, env: Environment) -> bool:
    """Whether `derivative` is of a scalar body by a variable that is not a scalar."""
    body = _shape_of(derivative.body, env)
    var = _shape_of(ir.Sym(derivative.var), env)
    return body == (1, 1) and var is not None and var != (1, 1)


def _sliced_note(note: str) -> bool:
    """Whether a reading's note says it wrote a family out as the slices of a matrix."""
    return " as the rows of " in note or " as the columns of " in note


def _shapes_agree(expr: Expr, env: Environment) -> bool | None:
    """Whether the shapes of `expr` agree with what the document declares; None when they cannot
    be judged without the step around it."""
    try:
        _typed_alone(expr, env)
    except ShapeError:
        return False
    except Exception:  # a node the shapes cannot judge alone
        return None
    return True


def _shape_of(expr: Expr, env: Environment) -> tuple[Dim, Dim] | None:
    """The shape of `expr` as the document declares its symbols (sizes resolved as far as they
    go); None when it cannot be judged alone."""
    try:
        typer, shape = _typed_alone(expr, env)
    except Exception:  # a shape error, or a node the shapes cannot judge alone
        return None
    rows, cols = shape
    if rows.__class__ is not int:
        rows = typer.u.find(rows)
    if cols.__class__ is not int:
        cols = typer.u.find(cols)
    return (rows, cols)


def _typed_alone(expr: Expr, env: Environment) -> tuple[Typer, tuple[Dim, Dim]]:
    """The typer and the shape of `expr` alone, with the declared and defined shapes of its symbols."""
    symbols: dict[str, SymbolShape] = {}
    todo = list(ir.free_symbols(expr))
    while todo:
        name = todo.pop()
        if name in symbols:
            continue
        definition = env.definitions.get(name)
        if definition is not None and not definition.params and name not in env.declarations:
            symbols[name] = SymbolShape(like=definition.body)  # a defined symbol has its body's shape
            todo += ir.free_symbols(definition.body)
        else:
            symbols[name] = env.symbol_shape(name)
    typer = Typer(symbols)
    return typer, typer.shape(expr)


def _functions_applied(node: ast.Node, arg: ast.Node, functions: set[str]) -> ast.Node | None:
    """`node`, a combination of functions, with each function applied to `arg` (None when it
    holds something else than functions, numbers, scalars and `+ - \\cdot \\circ`)."""
    match node:
        case ast.Name() if node.key in functions:
            return ast.Apply(node.start, node.end, node, (arg,))
        case ast.Name() | ast.Num():
            return node  # a coefficient: `a` in `(af + g)(x)`
        case ast.Group(body=body):
            inner = _functions_applied(body, arg, functions)
            return None if inner is None else ast.Group(node.start, node.end, inner, node.delim)
        case ast.Neg(body=body):
            inner = _functions_applied(body, arg, functions)
            return None if inner is None else ast.Neg(node.start, node.end, inner)
        case ast.Add(terms=terms, signs=signs):
            parts = [_functions_applied(t, arg, functions) for t in terms]
            if any(p is None for p in parts):
                return None
            return ast.Add(node.start, node.end, tuple(p for p in parts if p is not None), signs)
        case ast.Product(factors=factors, ops=ops) if set(ops) <= {"", "\\cdot"}:
            parts = [_functions_applied(f, arg, functions) for f in factors]
            if any(p is None for p in parts):
                return None
            return ast.Product(node.start, node.end, tuple(p for p in parts if p is not None), ops)
        case ast.BinOp(op="\\circ", left=outer, right=inner) if (
            isinstance(outer, ast.Name) and outer.key in functions
        ):
            value = _functions_applied(inner, arg, functions)
            return None if value is None else ast.Apply(node.start, node.end, outer, (value,))
    return None


def _standard_of_parameter(body: Expr, param: str) -> bool:
    """Whether a defined function is a standard entrywise one of its parameter (`\\sigma(z) =
    \\operatorname{sigmoid}(z)`), so its derivative applies entry by entry to any argument."""
    return (
        isinstance(body, ir.Func)
        and body.name in ELEMENTWISE.values()
        and not body.derivative
        and not body.partial
        and len(body.args) == 1
        and isinstance(body.args[0], ir.Sym)
        and body.args[0].name == param
    )


def cross_matrix(v: Expr) -> Expr:
    """`[v]_\\times`: the 3x3 skew-symmetric matrix with `[v]_\\times w = v \\times w`."""
    e = [ir.Entry(v, i, 3) for i in range(3)]
    zero = ir.Const(0.0)
    return ir.Matrix(
        (
            (zero, ir.Scale(-1.0, e[2]), e[1]),
            (e[2], zero, ir.Scale(-1.0, e[0])),
            (ir.Scale(-1.0, e[1]), e[0], zero),
        )
    )
