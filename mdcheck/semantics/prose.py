"""Read what prose says about symbols: `$X \\in \\mathbb{R}^{m \\times n}$` declarations, property
words in the same sentence ("$A$ is symmetric positive definite"), definitions in inline math
(`$u = Cx$`), and whether the next derivation is a condition ("setting the gradient to zero")."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from itertools import compress

from mdcheck.latex import ast
from mdcheck.latex.names import name_key
from mdcheck.latex.parser import ParseResult, parse, parse_side
from mdcheck.latex.steps import split_steps
from mdcheck.latex.tokens import Token, tokenize
from mdcheck.semantics import ir
from mdcheck.semantics.directives import PROPERTY_WORDS, parse_dims
from mdcheck.semantics.env import Definition, Environment, convention_kind
from mdcheck.semantics.lower import Lowerer, LowerError, body_of, first_typed
from mdcheck.semantics.shapes import Dim
from mdcheck.semantics.spectral import factor_properties

KIND_PATTERNS = {
    "scalar": "scalar",
    "scalars": "scalar",
    "vector": "vector",
    "vectors": "vector",
    "column vector": "vector",
    "column vectors": "vector",
    "row vector": "row",
    "matrix": "matrix",
    "matrices": "matrix",
}
EXTRA_PROPERTIES = {
    # The same words in notes written in German, French, Spanish, Italian or Portuguese (a correct
    # step about a symmetric matrix must not be broken because the prose says "symmetrisch").
    **dict.fromkeys(
        [
            "symmetrisch",
            "symmetrische",
            "symétrique",
            "symétriques",
            "simétrica",
            "simétrico",
            "simétricas",
            "simétricos",
            "simmetrica",
            "simmetrico",
            "simmetriche",
            "simmetrici",
        ],
        ("symmetric",),
    ),
    **dict.fromkeys(
        [
            "positiv definit",
            "positiv definite",
            "définie positive",
            "définies positives",
            "definida positiva",
            "definidas positivas",
            "definido positivo",
            "definita positiva",
            "definite positive",
            "definito positivo",
        ],
        ("spd",),
    ),
    **dict.fromkeys(
        [
            "positiv semidefinit",
            "positiv semidefinite",
            "semi-définie positive",
            "semidefinida positiva",
            "semidefinita positiva",
        ],
        ("psd",),
    ),
    **dict.fromkeys(
        [
            "invertierbar",
            "invertierbare",
            "inversible",
            "inversibles",
            "invertibile",
            "invertibili",
            "inversível",
            "regulär",
            "reguläre",
        ],
        ("invertible",),
    ),
    **dict.fromkeys(
        ["orthogonale", "orthogonales", "ortogonal", "ortogonale", "ortogonali"], ("orthogonal",)
    ),
    "unitary": ("orthogonal",),
    "rotation": ("orthogonal", "rotation"),  # determinant one
    "permutation": ("orthogonal", "permutation"),
    # `H = I - 2vv^T/v^Tv`: symmetric and orthogonal, so H^2 = I
    "reflector": ("orthogonal", "symmetric", "reflector"),
    "reflectors": ("orthogonal", "symmetric", "reflector"),
    "householder": ("orthogonal", "symmetric", "reflector"),
    # `e_1`, the first standard basis vector: a one-hot vector, the one at its number
    "basis vector": ("basis",),
    "basis vectors": ("basis",),
    # LU's L: ones on the diagonal, so det L = 1
    "unit lower triangular": ("lower", "unitdiag"),
    "unit lower-triangular": ("lower", "unitdiag"),
    "unit upper triangular": ("upper", "unitdiag"),
    "unit upper-triangular": ("upper", "unitdiag"),
    "covariance": ("symmetric", "psd"),
    "hessian": ("symmetric",),
    # quantum notes: `H^\\dagger = H`, `U^\\dagger U = I`; on real draws the adjoint is the transpose
    **dict.fromkeys(["hermitian", "self-adjoint", "selfadjoint"], ("symmetric", "hermitian")),
    **dict.fromkeys(
        ["density matrix", "density matrices", "density operator"], ("symmetric", "psd", "hermitian")
    ),
    "gram": ("symmetric", "psd"),
    # `L = D - A` of an undirected graph: x^T L x = sum of A_ij (x_i - x_j)^2 / 2 (not the
    # random-walk Laplacian I - D^{-1}A, which the words below do not name)
    "graph laplacian": ("symmetric", "psd"),
    "graph laplacians": ("symmetric", "psd"),
    "combinatorial laplacian": ("symmetric", "psd"),
    # A Markov chain's P: nonnegative rows that sum to one (P1 = 1); a distribution: sums to one
    **dict.fromkeys(
        ["row-stochastic", "row stochastic", "right-stochastic", "right stochastic", "transition matrix"],
        ("stochastic",),
    ),
    **dict.fromkeys(
        [
            "probability vector",
            "probability vectors",
            "probability distribution",
            "probability distributions",
        ],
        ("simplex",),
    ),
}
CONDITION_WORDS = re.compile(
    r"set(?:ting)?\b[^.]{0,40}\bto zero|\bequal to zero\b|\bsolv(?:e|ing)\b(?!\s+for)|\boptim(?:um|al)\b|"
    r"\bstationary\b|\bstationarity\b|"
    r"\bsatisf(?:y|ies|ied)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}equations?\b|"
    r"\bcritical point\b|\bimplies\b|\bnormal equations?\b|\bcondition\b|\bminimi[sz](?:e|ing|er)\b|"
    r"\bmaximi[sz](?:e|ing|er)\b|\bLagrang|\bKKT\b|\bKarush\b|\blinear system\b|\bsystem of equations\b|"
    r"\bfixed points?\b|\beliminat(?:e|es|ed|ing)\b|\bmultiply(?:ing)?\b(?!\s+out\b)[^.]{0,30}\bby\b",
    re.IGNORECASE,
)
# "$A \\cdot B$ denotes the Frobenius inner product", "the dot operator generalizes the inner product".
CDOT_INNER = re.compile(
    r"(?:\\cdot|\bdot operator\b|\bthe dot\b)[^.]{0,80}\b(?:inner|frobenius|dot) product"
    r"|(?:inner|frobenius) product[^.]{0,40}(?:\\cdot|\bdot operator\b)"
)
# Every match of CONDITION_WORDS contains one of these: a quick test that spares most prose the
# slow pattern (exact for ASCII text, where `lower` matches as IGNORECASE does).
_CONDITION_HINTS = (
    "to zero",
    "solv",
    "optim",
    "stationar",
    "satisf",
    "critical point",
    "implies",
    "normal equation",
    "condition",
    "minimi",
    "maximi",
    "lagrang",
    "kkt",
    "karush",
    "linear system",
    "system of equations",
    "fixed point",
    "eliminat",
    "multiply",
)
NEGATION = re.compile(r"\b(?:not|non|isn't|aren't|never|no longer|nothing|neither|nor)\b", re.IGNORECASE)
HEADING = re.compile(r"^\s*(?:#{1,6}\s|\\(?:sub)*section\*?\{|\\chapter\*?\{|\\part\*?\{)")
MARK = "\u27e6{}\u27e7"


@dataclass(frozen=True)
class ProseReading:
    """What a piece of prose implies for the checker besides changes to the environment."""

    heading: bool
    condition_next: bool
    # Single equations after "when" or "if" (`When $A = I$, ...`): hypotheses the checker binds for
    # the next display only, not read here.
    hypotheses: tuple[str, ...] = ()


NUMBERED_TITLE = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|Part\s+[IVX\d]+|Chapter\s+\d+|Section\s+\d+)\s+\S"
)


def is_heading(text: str) -> bool:
    """A heading: Markdown or LaTeX sectioning, or a short numbered title line from a PDF conversion
    ("4.4 Common results about matrices")."""
    if HEADING.match(text):
        return True
    line = text.strip()
    return bool(NUMBERED_TITLE.match(line)) and "\n" not in line and len(line) < 90 and line[-1] not in ".:,;"


# "softmax ... row-wise", "softmax of each row": a softmax over the rows of a matrix (column by
# column otherwise, as for a vector).
SOFTMAX_ROWS = re.compile(
    r"softmax[^.\n]{0,80}?\b(?:row-?wise|by rows?|(?:of|over|along|for|to|on) (?:each|every|the) rows?"
    r"|per row|across (?:each|the) rows?)\b",
    re.IGNORECASE,
)


def note_softmax_rows(text: str, env: Environment) -> None:
    """Prose, or a display's `\\text{(row-wise)}` beside the softmax, that takes softmax row by row."""
    if not env.softmax_rows and "oftmax" in text and SOFTMAX_ROWS.search(text):  # Softmax or softmax
        env.softmax_rows = True
        env.version += 1  # definitions read before are read again with it


# "the commutator", "Kommutator", "commutateur", or `[A, B] = AB - BA` written out: `[A, B]` may be AB - BA
COMMUTATOR = re.compile(
    r"\b(?:[ck]omm?utat(?:or|eur|ore)s?|conmutador(?:es)?|comutador(?:es)?)\b|"
    r"\[\s*([A-Za-z])\s*,\s*([A-Za-z])\s*\]\s*(?::=|=)\s*\1\s*\2\s*-\s*\2\s*\1",
    re.IGNORECASE,
)


def read_prose(text: str, spans: list[tuple[int, int]], env: Environment) -> ProseReading:
    """Apply the declarations, properties and definitions of one piece of prose to `env`."""
    heading = is_heading(text)
    hypotheses: list[str] = []
    note_softmax_rows(text, env)
    if not env.commutators and COMMUTATOR.search(text):
        env.commutators = True
        env.version += 1
    special = _special_sizes(text, spans, env)
    for start, end in spans:
        math = text[start:end]
        if special and "=" in math and "\\in" not in math:
            continue  # `with $m = n = p = 1$, $\\phi = x^2 w^2$`: a special case, not the notes' definitions
        if "\\succ" in math:
            math = _without_positive_order(math)  # `\\Sigma = \\Sigma^\\top \\succ 0`: what is left to read
        if ">" in math:
            _positive_scalar(math, env)
        if (positive := _said_nonnegative(math)) is not None:
            _positive_entries(positive.group(1).strip(), env)  # `d > 0`, `w \\geq 0` for a declared vector
            continue
        if "=" not in math and "\\in" not in math and "∈" not in math and "\\equiv" not in math:
            continue
        if _hypothesis(text, start, math):
            hypotheses.append(math)
            continue
        chain = property_chain(math) if "\\in" not in math and "∈" not in math else None
        if chain is not None:
            for name, prop in chain:
                env.declare(name, properties=frozenset({prop}))
            continue
        if "\\in" in math or "∈" in math:
            read_declaration(math, env)
            before = re.split(r"\\in\b|∈", math, maxsplit=1)[0]
            if before.count("=") == 1 and "," not in before.split("=")[0]:
                read_definition(before, env)
        elif len(split_steps(math).steps) > 1:
            _chain_properties(math, env)
        elif len(split_steps(math).steps) == 1:
            if _logistic_by_its_derivative(math, env) or _solution_of_condition(text, start, math, env):
                continue
            before = text[max(0, start - 40) : start]
            supposed = ASSUMPTION_CUE.search(before) or _SUPPOSING_WORD.search(before)
            read_definition(math, env, bind_declared=bool(supposed))
            _declare_factors(math, _sentence_around(text, start, end), env)
            if ASSUMPTION_CUE.search(text[max(0, start - 40) : start]) or (
                (_commuting_before(text, start) or _commutation(math, env)) and not _denied(text, start, end)
            ):
                _read_assumption(math, env)
    for start, end in spans:  # after the sentence's shapes: `$A = A^T \\succ 0$ with $A \\in ...$`
        if "\\succ" in text[start:end]:
            _positive_order(text[start:end], env)
    lowered = text.lower()
    if "without" in lowered:
        _without_regularizer(text, env)
    if "product" in lowered and CDOT_INNER.search(lowered):
        env.cdot_inner = True
    if spans:
        _read_sentences(text, lowered, spans, env)
    return ProseReading(heading, _sets_condition(text[-400:]), tuple(hypotheses))


def _special_sizes(text: str, spans: list[tuple[int, int]], env: Environment) -> bool:
    """Whether the prose sets sizes the declarations name to numbers (`with $m = n = p = 1$`): what
    it writes then is a special case (a check by hand), not what holds in the notes' general case."""
    if "=" not in text:
        return False
    sizes = env.dimension_names()
    for start, end in spans:
        math = text[start:end]
        if "=" not in math:
            continue
        sides = [side.strip() for side in math.split("=")]
        numbers = [side for side in sides if side.isdigit()]
        named = [side for side in sides if side in sizes]
        if numbers and named and len(numbers) + len(named) == len(sides):
            return True
    return False


# "When $A = I$", "if $A = A^T$": an equation that holds in one case only.
_HYPOTHESIS_WORD = re.compile(r"\b(?:when|whenever|if)\s*(?:\$*|\\\()\s*$", re.IGNORECASE)
# "consider $Ax = b$", "the linear system $Kd = f$": an equation the notes set out to solve
_SYSTEM_WORD = re.compile(r"\b(?:consider|system)\s*(?:\$*|\\\()\s*$", re.IGNORECASE)


_POSITIVE_ENTRIES = re.compile(r"^\s*([^<>=]+?)\s*(?:>|\\gt|\\geq?|\\geqslant|≥)\s*0\s*$")


def _said_nonnegative(math: str) -> re.Match[str] | None:
    """`_POSITIVE_ENTRIES` matched on a span, after a quick test (most spans have no `0` or no
    `>`, `\\g...`, `≥`, and the pattern's lazy subject is slow on long spans)."""
    if "0" not in math or not (">" in math or "\\g" in math or "≥" in math):
        return None
    return _POSITIVE_ENTRIES.match(math)


def _positive_entries(subject: str, env: Environment) -> None:
    """`d > 0` said of vectors or matrices the notes declared: positive entries (a number said to
    be positive is drawn so anyway)."""
    for name in _symbol_list(subject):
        decl = env.declarations.get(name)
        if decl is not None and decl.dims is not None and decl.dims != (1, 1):
            env.declare(name, properties=frozenset({"positive"}))


# `\\Sigma \\succ 0`, `A, B \\succeq 0`, `\\Sigma = \\Sigma^\\top \\succ 0`: positive (semi)definite.
_POSITIVE_ORDER = re.compile(
    r"\\succ(?P<eq>eq)?\s*(?:0|\\mathbf\s*\{?\s*0\s*\}?|\\boldsymbol\s*\{\s*0\s*\})\s*$"
)


def _without_positive_order(math: str) -> str:
    """The span without its `\\succ 0` (`\\Sigma = \\Sigma^\\top`, read on as an equation), or
    nothing when only symbols are left (`\\Sigma`, `A, B`)."""
    m = _POSITIVE_ORDER.search(math)
    if m is None:
        return math
    rest = math[: m.start()]
    return rest if "=" in rest else ""


def _positive_order(math: str, env: Environment) -> None:
    """Declare positive definite (semidefinite) and symmetric the symbols a span says are `\\succ 0`
    (`\\succeq 0`): each side of a chain before it that is a symbol or a list of them."""
    m = _POSITIVE_ORDER.search(math)
    if m is None:
        return
    prop = "psd" if m.group("eq") else "spd"
    for side in re.split(r"=|\\succ(?:eq)?", math[: m.start()]):
        for name in _symbol_list(side.strip()) if side.strip() else []:
            env.declare(name, properties=frozenset({prop, "symmetric"}))


def _hypothesis(text: str, start: int, math: str) -> bool:
    """Whether `math`, at `start`, is a single equation (no declaration) after "when" or "if", or a
    system the notes consider ("consider $Ax = b$", "the linear system $Ax = b$") that defines no name."""
    if "\\in" in math or "∈" in math:
        return False
    before = text[max(0, start - 30) : start]
    split = split_steps(math)
    if len(split.steps) != 1:
        return False
    if _HYPOTHESIS_WORD.search(before) is not None:
        return True
    if _SYSTEM_WORD.search(before) is None or split.steps[0].lhs is None:
        return False
    lhs = parse_side(split.steps[0].lhs.tokens).node
    return lhs is not None and _defined_name(lhs)[0] is None


def hypothesis_names(math: str, env: Environment) -> frozenset[str]:
    """The names a hypothesis (`A = I`) mentions: a later step that fails and uses them all may still
    rely on it (see `Environment.assumptions`)."""
    split = split_steps(math)
    names: frozenset[str] = frozenset()
    for step in split.steps:
        for side in (step.lhs, step.rhs):
            node = None if side is None else parse_shared(side.tokens, env.differentials).node
            if node is not None:
                names |= mentioned_names(node)
    return names


def _read_sentences(text: str, lowered: str, spans: list[tuple[int, int]], env: Environment) -> None:
    """What the sentences say in words: slices and orthonormal columns, identity matrices, sizes,
    property words. The prose is masked and split once; each reader runs over every sentence, in
    this order, only when its key word occurs."""
    readers = [reader for keys, reader in _SENTENCE_READERS if any(map(lowered.__contains__, keys))]
    if not readers:
        return
    masked, span_texts = _mask(text, spans)
    sentences = _SENTENCE_BREAK.split(masked)
    for reader in readers:
        for sentence in sentences:
            reader(sentence, span_texts, env)


def _slices_and_columns(sentence: str, span_texts: list[str], env: Environment) -> None:
    _slices_in_words(sentence, span_texts, env)
    _orthonormal_columns(sentence, span_texts, env)


# "Let J_1 be J without the regularization term": J_1 is J's formula less its penalty term.
WITHOUT_REGULARIZER = re.compile(
    r"\b(?:let|define)\s+\$?([^\s$]+?)\$?\s+(?:be|denote|as)\s+\$?([^\s$]+?)\$?\s+without\s+(?:the|its)\s+"
    r"(?:l[12]\s+)?(?:regulari[sz]ation|regulari[sz]er|penalty|weight[- ]decay)\b",
    re.IGNORECASE,
)
PENALTY_WEIGHTS = frozenset({"\\lambda", "\\alpha", "\\beta", "\\gamma", "\\mu", "\\eta", "\\rho", "\\omega"})


def _without_regularizer(text: str, env: Environment) -> None:
    """`J_1` defined as `J` without its regularization term: the one term of J's formula weighted
    by a Greek letter (`\\frac{1}{2}\\lambda \\sum_k W_k \\cdot W_k`), when there is exactly one."""
    for m in WITHOUT_REGULARIZER.finditer(text):
        new, old = (parse(g).node for g in m.groups())
        if not isinstance(new, ast.Name) or not isinstance(old, ast.Name) or new.key in env.definitions:
            continue
        definition = env.definitions.get(old.key)
        if definition is None:
            continue
        body = body_of(env, definition)
        terms = body.terms if isinstance(body, ir.Add) else (body,)
        weighted = [t for t in terms if ir.free_symbols(t) & PENALTY_WEIGHTS]
        if len(weighted) != 1 or len(terms) < 2:
            continue
        rest = ir.add(*(t for t in terms if t is not weighted[0]))
        env.define(Definition(new.key, (), rest, f"{old.key} without its regularization term", -1))


# `$\\sigma > 0$`, `$c > 0$`: a single name said to be positive.
_POSITIVE_NAME = re.compile(r"^\s*([^<>=,;]+?)\s*>\s*0\s*$")


def _positive_scalar(math: str, env: Environment) -> None:
    """A name the notes only say is positive (`with $\\sigma > 0$`) is a number, not the logistic
    function nor a symbol of unknown shape; names declared otherwise keep their declaration."""
    m = _POSITIVE_NAME.match(math)
    if m is None:
        return
    node = parse(m.group(1)).node
    if (
        isinstance(node, ast.Name)
        and node.key not in env.declarations
        and node.key not in env.definitions
        and convention_kind(node.key) not in ("vector", "matrix")  # `\\mathbf{x} > 0`: entrywise
    ):
        read_declaration(m.group(1) + " \\in \\mathbb{R}", env)


# "let $P$ be symmetric with", "$K$ such that", "a matrix satisfying": the display right after is
# the equation the symbol is taken to satisfy (`P = A^T P A + Q`), not an identity.
_SATISFYING_END = (" with", " such that", " satisfying", " which satisfies", " that satisfies")


def _sets_condition(tail: str) -> bool:
    """Whether the end of a prose text announces a condition ("setting the gradient to zero")."""
    if tail.rstrip(" \n:,").endswith(_SATISFYING_END):
        return True
    if tail.isascii():
        lowered = tail.lower()
        if not any(map(lowered.__contains__, _CONDITION_HINTS)):
            return False
    return bool(CONDITION_WORDS.search(tail))


_RELATION_SIGN = re.compile(r"=|\\in\b|∈|<|>|\\[lg]eq?\b")


def _mask(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """Replace each inline math span (and its `$` delimiters) by a numbered marker; return the
    LaTeX of each span too."""
    out: list[str] = []
    span_texts: list[str] = []
    pos = 0
    for k, (start, end) in enumerate(spans):
        lead, tail = start, end
        if text.endswith(("\\(", "\\["), 0, start) or not _RELATION_SIGN.search(text, start, end):
            while lead > pos and text[lead - 1] in "$(\\[":
                lead -= 1
            while tail < len(text) and text[tail] in "$)\\]" and tail - end < 2:
                tail += 1
        else:  # `unitary ($U^*U = I$) and ...`: a relation in brackets is an aside, not a subject
            while lead > pos and text[lead - 1] == "$":
                lead -= 1
            while tail < len(text) and text[tail] == "$" and tail - end < 2:
                tail += 1
        out.append(text[pos:lead])
        out.append(MARK.format(k))
        span_texts.append(text[start:end])
        pos = tail
    out.append(text[pos:])
    return "".join(out), span_texts


_TEXT = operator.itemgetter(1)  # a Token's text


def parse_shared(tokens: tuple[Token, ...], differentials: bool) -> ParseResult:
    """`parse_side` under one key for all the readers of a side: the parser reads differentials
    only at a token `d`, so a side without one is parsed (and kept) once, as without differentials,
    however the caller reads differentials."""
    return parse_side(tokens, differentials=differentials and "d" in map(_TEXT, tokens))


def symbol_list_cache_clear() -> None:
    """Forget the symbols read from spans (their tokens change with the document's macros)."""
    _symbol_list.cache_clear()


@lru_cache(maxsize=4096)
def _symbol_list(math: str) -> list[str]:
    r"""The symbols a span names: `A`, `u, v`, or the left side of `x, y \in \mathbb{R}^n`."""
    keys: list[str] = []
    tokens = [t for t in tokenize(math) if t.kind != "space"]
    split = _split_at(tokens, {"\\in"})
    pieces = _split_commas(split[0])
    if len(pieces) == 1 and len(split) > 1:
        pieces = [_named_piece(pieces[0])]  # `\mathbb{E}[zz^T] = M \in ...`, not `f'(x) = \mathbf{0}`
    for piece in pieces:
        result = parse_side(tuple(piece), differentials=False)
        if not isinstance(result.node, ast.Name):
            return []
        keys.append(result.node.key)
    return keys


def _named_piece(tokens: list[Token]) -> list[Token]:
    """The symbol a declaration with an equation names: `x = (u, v)^T` names x (the first side),
    `\\mathbb{E}[zz^T] = M` names M (the last side, when the first is no symbol)."""
    sides = _split_at(tokens, {"="})
    if len(sides) < 2 or isinstance(parse_side(tuple(sides[0]), differentials=False).node, ast.Name):
        return sides[0]
    last = parse_side(tuple(sides[-1]), differentials=False).node
    if isinstance(last, ast.Name) and not last.base[:1].isdigit():  # not `\\mathbf{0}`
        return sides[-1]
    return sides[0]


_ALL_WORDS = tuple(sorted([*PROPERTY_WORDS, *EXTRA_PROPERTIES, *KIND_PATTERNS], key=len, reverse=True))
_PHRASES: dict[str, tuple[str, ...]] = {**{p: (v,) for p, v in PROPERTY_WORDS.items()}, **EXTRA_PROPERTIES}
# Each property or kind word (longest first) with the pattern that finds it as a whole word.
_WORD_PATTERNS = tuple(
    (word, re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])"))
    for word in sorted([*_PHRASES, *KIND_PATTERNS], key=len, reverse=True)
)
_PATTERN_WORDS = tuple(word for word, _ in _WORD_PATTERNS)
# A sentence ends after . ! ? but not after the abbreviations "i.e." and "e.g.".
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<!i\.e\.)(?<!e\.g\.)\s+|\n\s*\n")
_MARKER = r"\u27e6(\d+)\u27e7"
_MARKER_GROUP = rf"{_MARKER}(?:\s*(?:,|and|,\s*and)\s*{_MARKER})*"


def _plain_sentence(lowered: str, span_texts: list[str]) -> str:
    """A sentence as the property patterns read it: "i.e."/"e.g." without their dots, and a size
    (`$d \\times d$`) as the word "sized", so "⟦0⟧ denotes a ⟦1⟧ positive definite matrix" and
    "⟦0⟧ to be a ⟦1⟧ rotation, i.e. an orthogonal matrix" link the symbol to its property."""
    lowered = lowered.replace("i.e.", "ie").replace("e.g.", "eg")

    def size_word(m: re.Match[str]) -> str:
        k = int(m.group(1))
        is_size = k < len(span_texts) and re.fullmatch(r"\s*\w+\s*(?:\\times|×)\s*\w+\s*", span_texts[k])
        return "sized" if is_size else m.group(0)

    return re.sub(_MARKER, size_word, lowered)


def _properties(sentence: str, span_texts: list[str], env: Environment) -> None:
    """Apply the property and kind words of one sentence to the symbols they are said of. Only
    the spans that are the subject of such a word are parsed (`_symbol_list`)."""
    if "\u27e6" not in sentence:
        return
    lowered = _plain_sentence(sentence.lower(), span_texts)
    if "non" in lowered:
        _denied_words(lowered, span_texts, env)
    for word, pattern in compress(_WORD_PATTERNS, map(lowered.__contains__, _PATTERN_WORDS)):
        for m in pattern.finditer(lowered):
            # `be the product of the symmetric matrices ⟦1⟧ and ⟦2⟧`: said of the nouns it qualifies
            sliced = _one_hot_slices(lowered, m.start(), m.end()) if word in ("one-hot", "one hot") else None
            if sliced is not None:
                for name in (
                    n for k in sliced[0] if k < len(span_texts) for n in _symbol_list(span_texts[k])
                ):
                    env.declare(name, properties=frozenset({sliced[1]}))
                continue
            subjects = (
                _subject_right_after(lowered, m.start(), m.end())
                or _plural_after(lowered[m.end() :], word)
                or _subjects_before(lowered[: m.start()], _MARKER_GROUP)
                or _subjects_after(lowered[m.end() :], word)
            )
            if word in ("orthonormal", "orthogonal") and _said_of_columns(lowered, m.start(), m.end()):
                continue
            if not subjects and word in _PHRASES:
                subjects = _subject_beside(lowered[: m.start()], span_texts)
            if not subjects and word == "positive":
                subjects = _having_positive(lowered[: m.start()])
            if not subjects:
                continue
            before = lowered[max(0, m.start() - 25) : m.start()]
            names = [n for k in subjects if k < len(span_texts) for n in _symbol_list(span_texts[k])]
            if NEGATION.search(before):
                _deny(word, names, env)  # `⟦0⟧ is not symmetric`: no longer drawn so
                continue
            if word == "positive" and "semi" in lowered[m.end() : m.end() + 6]:
                continue
            # `an orthogonal projection ⟦0⟧`: symmetric and idempotent, not an orthogonal matrix
            projection = word == "orthogonal" and re.match(r"\s*project(?:ion|or)", lowered[m.end() :])
            supposed = word in _PHRASES and _SUPPOSED_CASE.fullmatch(lowered[: m.start()]) is not None
            for name in names:
                if supposed and not projection:
                    env.supposed_properties.append((name, frozenset(_PHRASES[word])))
                elif projection:
                    env.declare(name, properties=frozenset({"idempotent", "symmetric"}))
                elif word in KIND_PATTERNS:
                    kind = KIND_PATTERNS[word]
                    if name not in env.declarations or env.declarations[name].dims is None:
                        env.declare(name, kind="vector" if kind == "row" else kind)
                else:
                    env.declare(name, properties=frozenset(_PHRASES[word]))


def _one_hot_slices(lowered: str, start: int, end: int) -> tuple[list[int], str] | None:
    """`⟦0⟧ has one-hot rows` (`with one-hot columns`): the symbols said to have them, and the
    property (one-hot rows or columns); None when the word is not said that way."""
    after = re.match(r"\s+(rows|columns)\b", lowered[end:])
    before = re.search(
        rf"({_MARKER_GROUP})[^\u27e6.;:]{{0,20}}?\s(?:has|have|with|whose)\s+(?:\w+\s+)?$", lowered[:start]
    )
    if after is None or before is None:
        return None
    return [int(k) for k in re.findall(_MARKER, before.group(1))], (
        "onehot" if after.group(1) == "rows" else "onehotcols"
    )


# A property word a sentence opens with after "for" or "if" (`For symmetric ⟦0⟧ the gradient
# simplifies`): a case the sentence supposes, not a declaration.
_SUPPOSED_CASE = re.compile(
    r"\s*(?:for|if)\s+(?:(?:a|an|any)\s+)?"
    # `When ⟦0⟧ is symmetric, ...`, `If ⟦0⟧ is also diagonal`: the same, said with a verb
    rf"|\s*(?:when|whenever|if)\s+{_MARKER_GROUP}\s+(?:is|are)\s+(?:also\s+|both\s+)?(?:(?:a|an)\s+)?"
)


# `non-symmetric ⟦0⟧`, `⟦0⟧ is nonsymmetric`: a property word denied by its prefix.
_DENIED_WORD = re.compile(r"(?<![\w-])non-?(symmetric|diagonal|orthogonal|idempotent)(?![\w-])")
# What denying a property word takes away: a matrix that is not symmetric is not definite either.
_DENIED_PROPERTIES = {
    "symmetric": frozenset({"symmetric", "spd", "psd"}),
    "diagonal": frozenset({"diagonal"}),
    "orthogonal": frozenset({"orthogonal"}),
    "idempotent": frozenset({"idempotent"}),
}


def _deny(word: str, names: list[str], env: Environment) -> None:
    """Take a property the prose denies (`the same non-symmetric ⟦0⟧`, `⟦0⟧ is not symmetric`) from
    symbols an earlier sentence gave it ("When ⟦0⟧ is symmetric, ...")."""
    denied = _DENIED_PROPERTIES.get(word, frozenset())
    for name in names:
        old = env.declarations.get(name)
        if old is not None and old.properties & denied:
            env.declarations[name] = replace(old, properties=old.properties - denied)
            env.version += 1


def _denied_words(lowered: str, span_texts: list[str], env: Environment) -> None:
    """`the same non-symmetric ⟦0⟧`, `⟦0⟧ is nonsymmetric`: the symbols said to lack a property."""
    for m in _DENIED_WORD.finditer(lowered):
        subjects = _subject_right_after(lowered, m.start(), m.end()) or _subjects_before(
            lowered[: m.start()], _MARKER_GROUP
        )
        names = [n for k in subjects if k < len(span_texts) for n in _symbol_list(span_texts[k])]
        _deny(m.group(1), names, env)


def _subject_right_after(lowered: str, start: int, end: int) -> list[int]:
    """`(one-hot ⟦1⟧)`, `for symmetric ⟦0⟧` (`... ⟦0⟧ and ⟦1⟧`): a word that stands right before a
    symbol says it of that symbol (or of the pair), unless a linking verb before the word says it of
    an earlier one (`⟦0⟧ is symmetric`)."""
    m = re.match(rf"\s*{_MARKER}(?:\s+and\s+{_MARKER}(?!\s*,))?", lowered[end:])
    if m is None or _LINKED_BEFORE.search(lowered[:start]):
        return []
    return [int(k) for k in m.groups() if k is not None]


_LINKED_BEFORE = re.compile(rf"{_MARKER}\s+(?:is|are|be|being|denotes?)\b[^\u27e6.;:]*$")


def _having_positive(text: str) -> list[int]:
    """`⟦0⟧ have positive entries`, `⟦0⟧ be diagonal with positive entries`: the symbol right before
    has/have/with (after a word of its structure) and the word "positive"."""
    m = re.search(
        rf"({_MARKER_GROUP})\s+(?:(?:is|are|be)\s+)?(?:an?\s+)?(?:(?:diagonal|square|symmetric)\s+)?"
        r"(?:matri(?:x|ces)\s+)?(?:has|have|having|with)\s+$",
        text,
    )
    return [int(k) for k in re.findall(r"\u27e6(\d+)\u27e7", m.group(1))] if m else []


# "with columns $x_1, \dots, x_n$", "$x_i^T$ is the $i$-th row of $X$", "the rows of $X$ are";
# not "column vector" nor "the row-column rule".
_SLICE_WORDS = re.compile(
    r"\b(?:with|has|have|its|whose|th)\s+(?:columns?|rows?)\b(?![ -]vectors?\b)"
    r"|\b(?:columns?|rows?)\s+(?:of|are)\b"
    r"|\b(?:columns?|rows?)\s+\u27e6\d+\u27e7\s+of\b"  # "the rows ⟦0⟧ of ⟦1⟧"
)


def _slices_in_words(sentence: str, span_texts: list[str], env: Environment) -> None:
    """Indexed names (`x_1`, `x_i`) in a sentence that speaks of the columns or rows of a matrix
    are slices of it, which mdcheck does not model: remember their family, so that a failing step
    using them is not called broken (reading `x_i` as entries of a vector `x` would be wrong)."""
    found = _SLICE_WORDS.search(sentence.lower())
    if found is None:
        return
    slices = "rows" if "row" in found.group(0) else "columns"
    names: set[str] = set()
    described: dict[str, tuple[str, str]] = {}
    for k in map(int, re.findall(_MARKER, sentence)):
        if k >= len(span_texts):
            continue
        math = re.split(r"\\in\b|∈", span_texts[k], maxsplit=1)[0]  # `X \\in \\mathbb{R}^{N \\times d}`
        tokens = [t for t in tokenize(math) if t.kind != "space"]
        for piece in _split_commas(tokens):
            node = parse_side(tuple(piece), differentials=False).node
            for x in ast.walk(node) if node is not None else ():
                if isinstance(x, ast.Name) and not x.sub:
                    names.add(x.key)
                if isinstance(x, ast.Name) and x.sub and len(x.sub) <= 2 and x.base.islower():
                    family = name_key(x.base, x.style, x.accent, "")
                    env.described_families[family] = f"the {slices} of a matrix"
                    capital = _capital(x.base)
                    described[family] = (name_key(capital, x.style, x.accent, ""), capital)
    for family, spellings in described.items():
        # The sentence names the matrix by the family's capital letter, bold or not (`X` has rows
        # `\\mathbf x_i^T`).
        matrix = next((m for m in spellings if m in names), None)
        if matrix is not None:
            env.family_slices[family] = (slices, matrix)


# "with eigenvalues $\\lambda_1, \\dots, \\lambda_n$", "orthonormal eigenvectors $q_i$", "singular values
# $\\sigma_i$": indexed names the sentence ties to a matrix's spectrum.
_SPECTRUM_WORDS = re.compile(r"\beigen(?:values?|vectors?|pairs?)\b|\bsingular\s+(?:values?|vectors?)\b")


def _spectrum_in_words(sentence: str, span_texts: list[str], env: Environment) -> None:
    """Indexed names (`\\lambda_i`, `q_1`) in a sentence that calls them eigenvalues, eigenvectors
    or singular values or vectors of a matrix, which mdcheck does not model: remember their family,
    so that a failing step using them is not called broken (see `_slices_in_words`)."""
    found = _SPECTRUM_WORDS.search(sentence.lower())
    if found is None:
        return
    words = "singular values or vectors" if "singular" in found.group(0) else "eigenvalues or eigenvectors"
    for k in map(int, re.findall(_MARKER, sentence)):
        if k >= len(span_texts):
            continue
        math = re.split(r"\\in\b|∈", span_texts[k], maxsplit=1)[0]
        tokens = [t for t in tokenize(math) if t.kind != "space"]
        for piece in _split_commas(tokens):
            node = parse_side(tuple(piece), differentials=False).node
            for x in ast.walk(node) if node is not None else ():
                if (
                    isinstance(x, ast.Name)
                    and x.sub
                    and len(x.sub) <= 2
                    and x.base.lstrip("\\")[:1].islower()
                ):
                    family = name_key(x.base, x.style, x.accent, "")
                    env.described_families.setdefault(family, f"the {words} of a matrix")


def _capital(base: str) -> str:
    """`x` -> `X`, `\\phi` -> `\\Phi`: the letter a matrix of such vectors is usually named by."""
    if base.startswith("\\") and len(base) > 2:
        return "\\" + base[1].upper() + base[2:]
    return base.upper()


# "⟦0⟧ has orthonormal columns", "with orthonormal columns ⟦0⟧", "the columns of ⟦0⟧ are orthonormal".
_ORTHONORMAL_COLUMNS = re.compile(
    rf"(?P<a>{_MARKER_GROUP})\s+(?:has|have|having|with)\s+orthonormal\s+columns\b"
    rf"|\bcolumns\s+of\s+(?P<b>{_MARKER_GROUP})\s+are\s+orthonormal\b"
)


# "⟦0⟧ is the skew-symmetric matrix of the unit axis ⟦1⟧", "⟦0⟧ the cross-product matrix of ⟦1⟧".
_BUILT_FROM_A_VECTOR = re.compile(
    rf"{_MARKER},?\s+(?:is\s+|be\s+|denotes?\s+)?the\s+"
    r"(?:skew-symmetric|skew\s+symmetric|antisymmetric|cross[- ]product|hat|cross)\s+matri(?:x|ces)\s+"
    rf"(?:of|for|associated\s+with|built\s+from)\s+[^\u27e6.;:]{{0,40}}?{_MARKER}"
)


def _built_from_a_vector(sentence: str, span_texts: list[str], env: Environment) -> None:
    """A matrix the prose builds from a vector (`K = [k]_×` said in words): mdcheck draws it as a
    free matrix, so a step that fails with it is not broken (see `built_from`)."""
    for m in _BUILT_FROM_A_VECTOR.finditer(sentence.lower()):
        matrix, vector = int(m.group(1)), int(m.group(2))
        if max(matrix, vector) >= len(span_texts):
            continue
        vectors = _symbol_list(span_texts[vector]) or [span_texts[vector].strip()]
        for name in _symbol_list(span_texts[matrix]):
            env.built_from[name] = f"the matrix built from {vectors[0]}"


def _orthonormal_columns(sentence: str, span_texts: list[str], env: Environment) -> None:
    """A matrix with orthonormal columns (`X^T X = I`, X tall): the property `orthocols`."""
    for m in _ORTHONORMAL_COLUMNS.finditer(sentence.lower()):
        group = m.group("a") or m.group("b")
        for k in map(int, re.findall(_MARKER, group)):
            for name in _symbol_list(span_texts[k]) if k < len(span_texts) else ():
                env.declare(name, properties=frozenset({"orthocols"}))


def _said_of_columns(lowered: str, start: int, end: int) -> bool:
    """`orthonormal columns`, `the columns of ⟦0⟧ are orthonormal`: said of the columns, not of a
    square matrix (see `_orthonormal_columns`)."""
    return lowered[end:].lstrip().startswith("column") or bool(
        re.search(rf"columns\s+of\s+{_MARKER}\s+are\s+$", lowered[:start])
    )


# A plural noun or a word of number in an appositive ("the two symmetric factors").
_PLURAL = re.compile(r"\b(?:both|all|two|three)\b|\b(?!(?:this|thus|less|gauss)\b)[a-z-]{2,}[^\Wsu']s\b")


def _subjects_before(text: str, group: str) -> list[int]:
    """`⟦0⟧ and ⟦1⟧ are (a) ... <word>`: the symbols the clause ends with before a linking verb."""
    m = re.search(
        rf"({group})\s+(?P<verb>is|are|be|to be|being|is now|are both|denotes?)\b"
        r"(?:\s+(?:a|an|the|also|both|then))?[^\u27e6.;:]{0,50}$",
        text,
    )
    if m and m.group("verb") in ("is", "is now", "denotes"):
        # `⟦0⟧, and ⟦1⟧ is invertible`: a singular verb is said of the last symbol only.
        return [int(k) for k in re.findall(r"\u27e6(\d+)\u27e7", m.group(1))][-1:]
    if not m:
        m = re.search(rf"({group})\s+for\s+[^\u27e6.;:]{{0,25}}$", text)
    if not m:
        # `inertia ⟦0⟧ (symmetric, ⟦1⟧)`: the word in a parenthesis right after the symbol.
        m = re.search(rf"({group})\s*\([^\u27e6.;:()]{{0,40}}$", text)
    if not m:
        # `... and ⟦0⟧ a ⟦1⟧ symmetric matrix`, `for ⟦0⟧ an invertible matrix`, `⟦0⟧ the ⟦1⟧
        # within-class scatter (symmetric)`: an appositive (also `⟦0⟧ une matrice symétrique`).
        m = re.search(rf"({group}),?\s+(?:an?|une?|una?|eine?)\s+[^\u27e6.;:]{{0,50}}$", text) or re.search(
            rf"({group}),?\s+the\s+(?:(?!\bof\b)[^\u27e6.;:]){{0,50}}$", text
        )  # not `⟦0⟧ the product of the symmetric matrices ...`
        if m and not _PLURAL.search(text, m.end(1)):
            # `⟦0⟧, and ⟦1⟧ the innovation covariance`: a singular noun names the last symbol only
            return [int(k) for k in re.findall(r"\u27e6(\d+)\u27e7", m.group(1))][-1:]
    if not m:
        # `⟦0⟧, which we assume is ...`: a relative clause between the symbol and its verb.
        m = re.search(
            rf"({group})\s*,?\s+(?:which|that)\s+(?:[a-z]+\s+){{0,3}}?(?:is|are)\b[^\u27e6.;:]{{0,30}}$", text
        )
    if not m:
        return []
    return [int(k) for k in re.findall(r"\u27e6(\d+)\u27e7", m.group(1))]


# "⟦0⟧ be an invertible ⟦1⟧ matrix", "an ⟦1⟧ matrix ⟦0⟧", with ⟦1⟧ a size like `n \\times n`.
_WORDS_BETWEEN = r"(?:[a-z-]+\s+){0,3}"
_SIZE = r"\u27e6(?P<size>\d+)\u27e7"
_SIZE_AFTER = re.compile(
    rf"(?P<subjects>{_MARKER_GROUP})(?:\s+(?:is|are|be|being|denotes?)\s+(?:an?\s+|the\s+)?|,?\s+an?\s+)"
    rf"{_WORDS_BETWEEN}{_SIZE}\s+{_WORDS_BETWEEN}matri(?:x|ces)\b"
)
_SIZE_BEFORE = re.compile(
    rf"\b(?:an?|the|some)\s+{_WORDS_BETWEEN}{_SIZE}\s+{_WORDS_BETWEEN}matri(?:x|ces)\s+"
    rf"(?P<subjects>{_MARKER_GROUP})"
)
# "for invertible ⟦0⟧ matrices ⟦1⟧ and ⟦2⟧": a plural needs no article.
_SIZE_BEFORE_PLURAL = re.compile(
    rf"\b(?:for|of|take|given|two|three|all|any)\s+{_WORDS_BETWEEN}{_SIZE}\s+{_WORDS_BETWEEN}matrices\s+"
    rf"(?P<subjects>{_MARKER_GROUP})"
)


def _identities_in_words(sentence: str, span_texts: list[str], env: Environment) -> None:
    """`I`, `I_n` named in a sentence that speaks of the identity matrix are the identity."""
    if "identity" not in sentence.lower():
        return
    for k in map(int, re.findall(_MARKER, sentence)):
        for name in _symbol_list(span_texts[k]) if k < len(span_texts) else ():
            if re.fullmatch(r"(?:I|\\mathbf\{I\})(?:_\{[^{}]+\})?", name):
                env.identities.add(name)


# `⟦0⟧ is the logistic function`, `⟦0⟧ denotes the sigmoid`, `the logistic sigmoid ⟦0⟧`.
_LOGISTIC = re.compile(
    rf"{_MARKER}\s*(?:is|denotes|be|being|for|stands for)?\s*(?:the\s+)?"
    rf"(?:logistic|sigmoid)\b|\b(?:logistic|sigmoid)(?:\s+sigmoid)?(?:\s+function)?\s*{_MARKER}"
)


def _logistic_in_words(sentence: str, span_texts: list[str], env: Environment) -> None:
    """A function letter the sentence calls the logistic (sigmoid) function is that function."""
    for m in _LOGISTIC.finditer(sentence.lower()):
        k = int(m.group(1) or m.group(2))
        name = parse_name(span_texts[k]) if k < len(span_texts) else None
        if name is None or name in env.definitions or name in env.declarations:
            continue
        z = "__logistic_argument__"
        env.define(Definition(name, (z,), ir.Func("sigmoid", (ir.Sym(z),)), span_texts[k], -1))


# `\\sigma'(t) = \\sigma(t)(1 - \\sigma(t))`: the equation the logistic function is known by.
_LOGISTIC_ODE = re.compile(
    r"^\s*(?P<f>\\[a-zA-Z]+|[a-zA-Z])\s*'\s*\((?P<t>\s*[a-z]\s*)\)\s*=\s*(?P=f)\s*\((?P=t)\)\s*"
    r"(?:\\cdot\s*)?(?:\\left|\\big)?\(\s*1\s*-\s*(?P=f)\s*\((?P=t)\)\s*(?:\\right|\\big)?\)\s*$"
)


def _logistic_by_its_derivative(math: str, env: Environment) -> bool:
    """`\\sigma'(t) = \\sigma(t)(1-\\sigma(t))` said of an undefined function letter: the prose uses
    the logistic function's identity, so the letter is that function (as `_logistic_in_words`)."""
    m = _LOGISTIC_ODE.match(math)
    if m is None:
        return False
    name = m.group("f")
    if name in env.definitions or name in env.declarations:
        return False
    z = "__logistic_argument__"
    env.define(Definition(name, (z,), ir.Func("sigmoid", (ir.Sym(z),)), name, -1))
    return True


def _sizes_in_words(sentence: str, span_texts: list[str], env: Environment) -> None:
    """`$A$ be an invertible $n \\times n$ matrix`, `an $m \\times n$ matrix $X$`: the size said in words
    is the symbol's declared shape (its properties said before are kept)."""
    lowered = sentence.lower()
    if "matri" not in lowered:
        return  # each pattern ends at "matrix" or "matrices" (the paragraph's test is not the sentence's)
    patterns = (_SIZE_AFTER, _SIZE_BEFORE, _SIZE_BEFORE_PLURAL)
    matches = [m for pattern in patterns for m in pattern.finditer(lowered)]
    found = [(m.group("subjects"), int(m.group("size"))) for m in matches]
    for subjects, size in found:
        if size >= len(span_texts) or not re.search(r"\\times|×", span_texts[size]):
            continue
        dims = parse_dims(span_texts[size])
        if dims is None:
            continue
        for k in map(int, re.findall(_MARKER, subjects)):
            for name in _symbol_list(span_texts[k]) if k < len(span_texts) else ():
                old = env.declarations.get(name)
                if old is None or old.dims is None:
                    env.declare(name, dims=dims, properties=old.properties if old else frozenset())


# `⟦1⟧ symmetric positive definite`, `⟦2⟧ a unit vector`, `⟦1⟧ of size ⟦2⟧, symmetric`: property
# words set right after a symbol (or its article, or its size), no verb between.
_BESIDE = re.compile(
    r"\u27e6(\d+)\u27e7\s*(?:of\s+size\s+sized\s*)?,?\s*(?:an?\s+|both\s+|all\s+|each\s+)?(?:(?:"
    + "|".join(re.escape(w) for w in sorted(_PHRASES, key=len, reverse=True))
    + r")\s*(?:,|and)?\s*)*$"
)


def _subject_beside(text: str, span_texts: list[str]) -> list[int]:
    """`$\\Sigma \\in \\mathbb{R}^{d \\times d}$ symmetric positive definite`: the symbol just before
    the property words, said of it without a verb; `$A$, $B$ symmetric`: each of a list of bare
    symbols (not of declarations: `$x \\in \\mathbb{R}^d$, $\\Lambda$ symmetric` is said of Lambda)."""
    m = _BESIDE.search(text)
    if m is None:
        return []
    found = [int(m.group(1))]
    before = re.search(rf"({_MARKER_GROUP})$", text[: m.end(1) + 1])  # up to the marker's ⟧
    listed = [int(k) for k in re.findall(_MARKER, before.group(1))] if before else found
    bare = all(k < len(span_texts) and not re.search(r"\\in\b|∈", span_texts[k]) for k in listed)
    return listed if bare and len(listed) > 1 else found


def _plural_after(text: str, word: str) -> list[int]:
    """`symmetric matrices ⟦0⟧ and ⟦1⟧`: a property word before a plural noun is said of every
    symbol the noun lists."""
    if word in KIND_PATTERNS:
        return []
    m = re.match(rf"(?:\s+[a-z-]+){{0,2}}?\s+(?:matrices|vectors|scalars)\s*({_MARKER_GROUP})", text)
    return [int(k) for k in re.findall(_MARKER, m.group(1))] if m else []


def _subjects_after(text: str, word: str) -> list[int]:
    """`a symmetric matrix ⟦0⟧`, `a diagonal weight matrix ⟦0⟧`, `for scalar ⟦1⟧`, `symmetric weights
    ⟦0⟧`: the symbol right after."""
    nouns = (
        r"(?:(?:\s+[a-z-]+){0,2}?\s+(?:square\s+)?"
        r"(?:matrix|matrices|vector|vectors|scalar|scalars|function|constant|labels?|targets?"
        r"|weights?|kernels?|tensors?|operators?|noise|covariances?|precisions?|scatter))?"
    )
    if word in KIND_PATTERNS:
        nouns = ""  # `a matrix and a scalar ⟦0⟧`: the scalar, not the matrix, is ⟦0⟧
    else:
        pair = re.match(rf"\s*{_MARKER}\s+and\s+{_MARKER}(?!\s*,)", text)
        if pair:  # `for symmetric ⟦0⟧ and ⟦1⟧`: said of both
            return [int(pair.group(1)), int(pair.group(2))]
    m = re.match(rf"{nouns}\s*\u27e6(\d+)\u27e7", text)
    return [int(m.group(1))] if m else []


def read_declaration(math: str, env: Environment) -> None:
    """`x, y \\in \\mathbb{R}^n`, `A \\in \\mathbb{S}^n_{++}`, several joined by commas."""
    tokens = [t for t in tokenize(math) if t.kind != "space"]
    pieces = _split_at(tokens, {"\\in"})
    if len(pieces) < 2:
        return
    names = _split_commas(pieces[0])
    if len(names) == 1:
        # `x = (u, v)^T \\in \\mathbb{R}^2`: the symbol is what stands before the `=`;
        # `\\mathbb{E}[zz^T] = M \\in \\mathbb{R}^{k \\times k}`: after it.
        names = [_named_piece(names[0])]
    for segment in pieces[1:]:
        finite = _finite_set(segment)
        space, *rest = _split_commas(_real_valued(segment)) if finite is None else finite
        shape = _space(space) if finite is None else _finite_set_shape(space)
        if shape is not None:
            dims, props = shape
            props |= _values_of_set(segment) if finite is not None else frozenset()
            for piece in names:
                result = parse_side(tuple(piece), differentials=False)
                node = result.node
                if isinstance(node, ast.Name):
                    env.declare(node.key, dims=dims, properties=props)
                elif _vector_valued(node, dims, env):
                    # `r(\\theta) \\in \\mathbb{R}^m`: the residual's value is a vector, not a loss
                    env.declare(node.func.key, dims=dims, properties=props)  # type: ignore[union-attr]
        names = rest


def _vector_valued(node: ast.Node | None, dims: tuple[Dim, Dim], env: Environment) -> bool:
    """`r(\\theta) \\in \\mathbb{R}^m`: a function of plain symbols, not yet defined, with values that
    are not numbers."""
    return (
        isinstance(node, ast.Apply)
        and not node.primes
        and dims != (1, 1)
        and all(isinstance(a, ast.Name) for a in node.args)
        and node.func.key not in env.definitions
    )


_SET_CLOSE = {"[": "]", "(": ")"}


def _real_valued(tokens: list[Token]) -> list[Token]:
    """`[0, 1]^{m \\times n}`, `\\mathbb{Z}^n`: arrays of numbers of an interval or of the integers,
    shaped as `\\mathbb{R}^n` is (sets in braces: `_finite_set`); other tokens as they are."""
    texts = [t.text for t in tokens]
    if len(texts) >= 4 and texts[:2] == ["\\mathbb", "{"] and texts[2] in ("Z", "N", "Q") and texts[3] == "}":
        return [*tokenize("\\mathbb{R}"), *tokens[4:]]
    close = _SET_CLOSE.get(texts[0]) if texts else None
    if close is None or close not in texts:
        return tokens
    end = texts.index(close)
    if end + 1 < len(texts) and texts[end + 1] == "^":
        return [*tokenize("\\mathbb{R}"), *tokens[end + 1 :]]
    return tokens


def _finite_set(segment: list[Token]) -> list[list[Token]] | None:
    """`\\{0,1\\}^n, w \\in ...`: the set's exponent (what follows its closing brace) and the
    names after it, split at commas; None unless the segment starts with a set in braces."""
    if not segment or segment[0].text not in ("\\{", "\\lbrace"):
        return None
    close = next((i for i, t in enumerate(segment) if t.text in ("\\}", "\\rbrace")), None)
    if close is None:
        return None
    return _split_commas(segment[close + 1 :])


# The entries of a vector of labels (`y \\in \\{0,1\\}^n`, `\\{-1,1\\}^n`), drawn from that set.
_SETS_DRAWN = {"01": "binary", "-11": "signs", "-1+1": "signs", "\\pm1": "signs"}


def _values_of_set(segment: list[Token]) -> frozenset[str]:
    """The property that draws entries from the set in braces at the start of `segment` (`binary`
    for `\\{0,1\\}`, `signs` for `\\{-1,1\\}`); none for another set."""
    close = next(i for i, t in enumerate(segment) if t.text in ("\\}", "\\rbrace"))
    elements = "".join(t.text for t in segment[1:close] if t.text != ",")
    prop = _SETS_DRAWN.get(elements)
    return frozenset() if prop is None else frozenset({prop})


def _finite_set_shape(tokens: list[Token]) -> tuple[tuple[Dim, Dim], frozenset[str]] | None:
    """`\\{0,1\\}^n` (labels): a vector of n numbers; `\\{0,1\\}` alone: a number."""
    if not tokens:
        return (1, 1), frozenset()
    sup, sub = _scripts(tokens)
    if sup is None or sub is not None:
        return None
    dims = parse_dims(" ".join(t.text for t in sup))
    return None if dims is None else (dims, frozenset())


def _space(tokens: list[Token]) -> tuple[tuple[Dim, Dim], frozenset[str]] | None:
    """The shape and properties of `\\mathbb{R}^{m \\times n}`, `\\mathbb{S}^n_{++}`, `\\mathbb{R}`."""
    texts = [t.text for t in tokens]
    if (
        len(texts) >= 4
        and texts[0] in ("\\mathbb", "\\mathbf", "\\mathrm")
        and texts[1] == "{"
        and texts[3] == "}"
    ):
        letter, rest = texts[2], tokens[4:]
    elif len(texts) >= 2 and texts[0] in ("\\mathbb", "\\mathbf", "\\mathrm") and texts[1] in ("R", "S"):
        letter, rest = texts[1], tokens[2:]  # `\\mathbb R^n`, the argument without braces
    elif texts and texts[0] in ("R", "ℝ"):
        letter, rest = "R", tokens[1:]
    else:
        return None
    if letter not in ("R", "S"):
        return None
    sup, sub = _scripts(rest)
    if sup is None and sub is None and rest:
        sup = _flattened_power(rest) if letter == "R" else None
        if sup is None:
            return None
    props: frozenset[str] = frozenset()
    if letter == "S":
        props = frozenset({"symmetric"})
        if sub and "++" in "".join(t.text for t in sub):
            props = frozenset({"symmetric", "spd"})
        elif sub and "+" in "".join(t.text for t in sub):
            props = frozenset({"symmetric", "psd"})
    if sup is None:
        return ((1, 1), props) if letter == "R" else None
    text = " ".join(t.text for t in sup)
    dims = parse_dims(text)
    if dims is None:
        return None
    if letter == "S":
        dims = (dims[0], dims[0])
    return dims, props


def _flattened_power(tokens: list[Token]) -> list[Token] | None:
    """`n`, `n \\times p` right after `R` (`Rn×p`, `R n` from a PDF conversion): the superscript that
    lost its `^`; else None."""
    texts = [t.text for t in tokens]
    simple = all(t.kind in ("letter", "number") and len(t.text) == 1 for t in tokens[::2])
    if simple and (len(texts) == 1 or (len(texts) == 3 and texts[1] == "\\times")):
        return tokens
    return None


def _scripts(tokens: list[Token]) -> tuple[list[Token] | None, list[Token] | None]:
    sup = sub = None
    i = 0
    while i < len(tokens):
        mark = tokens[i].text
        if mark not in ("^", "_"):
            return sup, sub
        i += 1
        if i < len(tokens) and tokens[i].text == "{":
            depth, j = 0, i
            while j < len(tokens):
                depth += (tokens[j].text == "{") - (tokens[j].text == "}")
                j += 1
                if depth == 0:
                    break
            body, i = tokens[i + 1 : j - 1], j
        else:
            body, i = tokens[i : i + 1], i + 1
        if mark == "^":
            sup = body
        else:
            sub = body
    return sup, sub


def read_definition(math: str, env: Environment, block: int = -1, bind_declared: bool = True) -> None:
    """`u = Cx`, `f(x) = x^2`, `x = 5`: bind a name (or a function) to an expression or a value.
    Without `bind_declared` (no word before it supposes it), `\\Sigma_1 = \\Sigma_2` of two names the
    notes declared or wrote before binds nothing."""
    split = split_steps(math)
    if len(split.steps) != 1 or split.steps[0].relation not in ("=", ":=", "\\equiv"):
        return
    step = split.steps[0]
    if step.lhs is None:
        return
    lhs = parse_shared(step.lhs.tokens, env.differentials)
    rhs = parse_shared(step.rhs.tokens, env.differentials)
    if lhs.node is None or (step.relation == "\\equiv" and not isinstance(lhs.node, ast.Name)):
        return  # `G \\equiv A^T A` names G, as `:=` does; `f(x) \\equiv 0` says f vanishes
    stated = _stated_property(lhs.node, rhs.node)
    if stated is not None:
        name, prop = stated
        declared = env.declarations.get(name)
        if (
            prop == "orthocols"
            and declared is not None
            and declared.dims
            and declared.dims[0] == declared.dims[1]
        ):
            prop = "orthogonal"  # `R \\in \\mathbb{R}^{3 \\times 3}`, so $R^TR = I$: a square Q^TQ = I
        env.declare(name, properties=frozenset({prop}))
        return
    if rhs.node is not None and (symmetric := _symmetry(lhs.node, rhs.node)) is not None:
        env.declare(symmetric[0], properties=frozenset({"symmetric"}))  # `A^\\top = A`, `A = A^\\top`
        return
    if (
        isinstance(lhs.node, ast.Name)
        and rhs.node is not None
        and any(isinstance(n, ast.Name) and n.key == lhs.node.key for n in ast.walk(rhs.node))
    ):
        # `A = A^T` states a property, not a definition.
        if isinstance(rhs.node, ast.Transpose) and isinstance(rhs.node.base, ast.Name):
            env.declare(lhs.node.key, properties=frozenset({"symmetric"}))
        return
    if _given_gradient(lhs.node, rhs.node, math, env, block) or (
        not bind_declared and _equates_declared(lhs.node, rhs.node, env)
    ):
        return
    definition_target(lhs.node, rhs.node, step.rhs.text, env, block)


def _equates_declared(lhs: ast.Node, rhs: ast.Node | None, env: Environment) -> bool:
    """`$\\Sigma_1 = \\Sigma_2$` in prose, of two symbols the notes declared or wrote apart before
    ("it vanishes at ..."): a case of the two being equal, not the first one's definition."""
    return (
        isinstance(lhs, ast.Name)
        and isinstance(rhs, ast.Name)
        and lhs.key != rhs.key
        and lhs.key not in env.definitions
        and all(n.key in env.declarations or n.key in env.mentioned for n in (lhs, rhs))
    )


# Capital letters notes use for a scalar loss (`G = \\partial L / \\partial Y`).
_LOSS_CAPITALS = frozenset({"L", "J", "E", "C", "R", "\\mathcal{L}", "\\mathcal{J}"})


def _given_gradient(lhs: ast.Node, rhs: ast.Node | None, math: str, env: Environment, block: int) -> bool:
    """`g = \\partial \\ell / \\partial h` for a loss the notes never define: only its gradient at h
    is known (backpropagation's upstream gradient). The loss stands in as `tr(g^T h)`, whose
    first derivatives through h are those of any loss with that gradient."""
    if not (
        isinstance(lhs, ast.Name)
        and isinstance(rhs, ast.Derivative)
        and rhs.order == 1
        and isinstance(rhs.body, ast.Name)
        and len(rhs.wrt) == 1
        and isinstance(rhs.wrt[0], ast.Name)
        and not rhs.transposed[0]
    ):
        return False
    loss, var, grad = rhs.body.key, rhs.wrt[0].key, lhs.key
    known = env.definitions.keys() | env.declarations.keys() | env.functions
    if loss in known or grad in env.definitions or len({loss, var, grad}) < 3:
        return False
    if convention_kind(loss) == "matrix" and loss not in _LOSS_CAPITALS:
        return False  # `\\dot A = dA/dt`: the derivative of a matrix, not a loss's gradient
    if any(set(n.sub) & INDEX_LETTERS for n in (lhs, rhs.wrt[0]) if isinstance(n, ast.Name)):
        return False  # `g_n = \\partial\\ell/\\partial y_n`: one of many layers or samples the loss sees
    body = ir.Trace(ir.mul(ir.Transpose(ir.Sym(grad)), ir.Sym(var)))
    env.define(Definition(loss, (), body, math, block))
    env.given_gradients[loss] = grad
    return True


# "suppose ... commute, i.e. $BC = CB$", "assume that $A^T A = I$", "such that $Av = \\lambda v$";
# "so $Sw = \\lambda w$" after a stationarity condition: a consequence that holds only at the point;
# "let $v$ be a unit eigenvector, $Av = \\lambda v$": the eigen-equation the text names;
# "with the SVD $A^T B = U \\Sigma V^T$": a factorization of a product, which mdcheck cannot draw.
# "let $A = B$", "in the case $\\Sigma_k = \\Sigma$": an equation of two written symbols that binds the
# first (beside the cues of ASSUMPTION_CUE); "it vanishes at $\\Sigma_1 = \\Sigma_2$" does not.
_SUPPOSING_WORD = re.compile(r"\b(?:let|set|take|put|case|for)\s*(?:\$*|\\\()\s*$", re.IGNORECASE)

ASSUMPTION_CUE = re.compile(
    r"\b(?:suppose(?: that)?|assume(?: that)?|assuming(?: that)?|such that|so that|i\.\s?e\.,?|"
    r"that is,|satisf(?:y|ies|ying)|provided(?: that)?|given that|so|hence|thus|therefore|because|since|"
    r"forces?|requires?|"
    r"solv(?:e|es|ing)|with|where|and|equations?|"
    r"eigen(?:vector|value|pair)s?,?|svd|decompositions?|factori[sz]ations?)\s*(?:\$*|\\\()\s*$",
    re.IGNORECASE,
)


def _declare_factors(math: str, sentence: str, env: Environment) -> None:
    """Give the factors of a factorization the sentence names the properties the name implies
    (see `factor_properties`): orthogonal rather than orthonormal columns for the factors of a
    matrix declared square; not `diagonal` to a factor declared rectangular."""
    factorized, found = factor_properties(math, sentence)
    whole = env.declarations[factorized].dims if factorized in env.declarations else None
    for name, prop in found:
        dims = env.declarations[name].dims if name in env.declarations else None
        if prop == "diagonal" and dims is not None and dims[0] != dims[1]:
            continue  # a full SVD's `\\Sigma \\in \\mathbb{R}^{m \\times n}`
        if prop == "orthocols" and whole is not None and whole[0] == whole[1]:
            prop = "orthogonal"  # the QR or SVD of a square matrix
        env.declare(name, properties=frozenset({prop}))


def _solution_of_condition(text: str, start: int, math: str, env: Environment) -> bool:
    """`Setting it to zero gives $\\Sigma = xx^T$`, `the maximiser is $\\Sigma = S$`: a declared
    variable equal to where a condition holds, not a definition of it for what follows."""
    before = _sentence_before(text, start)
    if not _sets_condition(before):
        return False
    lhs = split_steps(math).steps[0].lhs
    node = None if lhs is None else parse_shared(lhs.tokens, env.differentials).node
    if not isinstance(node, ast.Name):
        return False
    declared = env.declarations.get(node.key)
    return declared is not None and declared.dims is not None


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence the equation at `start:end` stands in ("let $A = QR$ be its QR factorization")."""
    after = re.split(r"[.!?](?:\s|$)", text[end : end + 200])[0]
    return _sentence_before(text, start) + text[start:end] + after


def _sentence_before(text: str, start: int) -> str:
    """The sentence up to the equation at `start` (at most 200 characters)."""
    return re.split(r"[.!?]\s", text[max(0, start - 200) : start])[-1]


def _commuting_before(text: str, start: int) -> bool:
    """Whether the sentence, up to the equation, speaks of matrices that commute ("for commuting
    $A$ and $B$, $AB = BA$"), of eigenvectors ("with eigenpairs $Av = \\lambda v$") or of a
    perturbation ("perturbing $b$ gives $A(x + \\delta x) = b + \\delta b$"): an equation that holds
    for those only."""
    sentence = _sentence_before(text, start).lower()
    return "commut" in sentence or "eigen" in sentence or "perturb" in sentence


def _denied(text: str, start: int, end: int) -> bool:
    """Whether the sentence around the equation at `start:end` denies it or says it fails in
    general ("in general $AB = BA$ does not hold")."""
    before = re.split(r"[.!?]\s", text[max(0, start - 200) : start])[-1]
    after = re.split(r"[.!?:;]\s", text[end : end + 200])[0]
    sentence = f"{before} {after}"
    return bool(NEGATION.search(sentence) or _WRONG.search(sentence))


# Words that deny an equation or call it a mistake ("A wrong one: $a \\times b = b \\times a$").
_WRONG = re.compile(
    r"\bin general\b|\bfails?\b|\bwrong\b|\bfalse\b|\bincorrect\b|\bmistaken?\b|\bbogus\b",
    re.IGNORECASE,
)


def _commutation(math: str, env: Environment) -> bool:
    """`AB = BA`, whatever word comes before it ("with", "and", "where"): two matrices said to
    commute, which mdcheck cannot draw (see `_read_assumption`)."""
    split = split_steps(math)
    if len(split.steps) != 1 or split.steps[0].lhs is None:
        return False
    step = split.steps[0]
    assert step.lhs is not None
    left, right = (parse_shared(side.tokens, env.differentials).node for side in (step.lhs, step.rhs))
    if not (isinstance(left, ast.Product) and isinstance(right, ast.Product)):
        return False
    keys = [f.key for f in left.factors if isinstance(f, ast.Name)]
    back = [f.key for f in reversed(right.factors) if isinstance(f, ast.Name)]
    return (
        len(left.factors) == len(right.factors) == len(keys) == len(back) == 2
        and keys[0] != keys[1]
        and keys == back
    )


def _read_assumption(math: str, env: Environment) -> None:
    """An equation the prose assumes (`BC = CB`, `Av = \\lambda v`) that defines no name and gives no
    property mdcheck draws: remembered with the names it mentions (see `Environment.assumptions`)."""
    split = split_steps(math)
    step = split.steps[0]
    if step.relation != "=" or step.lhs is None:
        return
    lhs = parse_shared(step.lhs.tokens, env.differentials).node
    rhs = parse_shared(step.rhs.tokens, env.differentials).node
    if lhs is None or rhs is None or _stated_property(lhs, rhs) is not None:
        return
    names_itself = isinstance(lhs, ast.Name) and any(
        isinstance(n, ast.Name) and n.key == lhs.key for n in ast.walk(rhs)
    )
    if _defined_name(lhs)[0] is not None and not names_itself:
        return  # `u = Cx`, `f(x) = x^2`: a definition
    if isinstance(lhs, ast.Prime) and isinstance(lhs.base, ast.Name) and not names_itself:
        return  # `p' = p \\odot (1 - p)`: a name for a derivative, given its value
    if any(
        isinstance(n, ast.Derivative | ast.Nabla | ast.Diff) for side in (lhs, rhs) for n in ast.walk(side)
    ):
        return
    env.assumptions.append((math.strip(), mentioned_names(lhs) | mentioned_names(rhs)))


def property_chain(math: str) -> list[tuple[str, str]] | None:
    """`P^2 = P = P^\\top`: a chain of two or more relations each of which states a property of one
    symbol (idempotent, symmetric, unit, orthonormal columns), said of it rather than derived; the
    properties, or None for any other chain."""
    split = split_steps(math)
    if len(split.steps) < 2 or any(step.relation != "=" for step in split.steps):
        return None
    found: list[tuple[str, str]] = []
    previous: ast.Node | None = None
    for step in split.steps:
        lhs = parse_side(step.lhs.tokens, differentials=False).node if step.lhs is not None else previous
        rhs = parse_side(step.rhs.tokens, differentials=False).node
        if lhs is None or rhs is None:
            return None
        stated = _stated_property(lhs, rhs) or _stated_property(rhs, lhs) or _symmetry(lhs, rhs)
        if stated is None:
            return None
        found.append(stated)
        previous = rhs
    return found


def _symmetry(lhs: ast.Node, rhs: ast.Node) -> tuple[str, str] | None:
    """`P = P^\\top` (either way round): P is symmetric."""
    for a, b in ((lhs, rhs), (rhs, lhs)):
        if (
            isinstance(a, ast.Name)
            and isinstance(b, ast.Transpose)
            and isinstance(b.base, ast.Name)
            and a.key == b.base.key
        ):
            return a.key, "symmetric"
    return None


def _chain_properties(math: str, env: Environment) -> None:
    """`V^T V = V V^T = I`: each side of a chain of equations that a property equation relates to the
    chain's last side (`V^T V = I`) states that property, as the equation alone would."""
    split = split_steps(math)
    if any(step.relation != "=" or step.lhs is None for step in split.steps):
        return
    last = parse_side(split.steps[-1].rhs.tokens, differentials=False).node
    first = split.steps[0].lhs
    assert first is not None
    sides = [first, *(step.rhs for step in split.steps[:-1])]
    grams: list[str] = []
    for side in sides:
        node = parse_side(side.tokens, differentials=False).node
        if node is not None and _stated_property(node, last) is not None:
            read_definition(f"{side.text} = {split.steps[-1].rhs.text}", env)
        if node is not None and _is_identity_name(last):
            grams += [g for g in (_gram_of_itself(node), _gram_of_itself(node, outer=True)) if g is not None]
    for name in {g for g in grams if grams.count(g) > 1}:
        env.declare(name, properties=frozenset({"orthogonal"}))  # `V^T V = V V^T = I`: V is square


def _stated_property(lhs: ast.Node, rhs: ast.Node | None) -> tuple[str, str] | None:
    """`\\|u\\| = 1`, `u^T u = 1`: u is a unit vector; `Q^T Q = I`: Q has orthonormal columns;
    `P^2 = P`: P is idempotent; else None."""
    if isinstance(rhs, ast.Num) and rhs.value == 1.0:
        if isinstance(lhs, ast.Norm) and isinstance(lhs.body, ast.Name) and lhs.sub in ("", "2"):
            return lhs.body.key, "unit"
        gram = _gram_of_itself(lhs)
        if gram is not None:
            return gram, "unit"
    gram = _gram_of_itself(lhs)
    if gram is not None and _is_identity_name(rhs):
        return gram, "orthocols"
    if (
        isinstance(lhs, ast.Power)
        and isinstance(lhs.base, ast.Name)
        and isinstance(lhs.exp, ast.Num)
        and lhs.exp.value == 2.0
        and isinstance(rhs, ast.Name)
        and rhs.key == lhs.base.key
    ):
        return rhs.key, "idempotent"
    return None


_IDENTITY_NAME = re.compile(r"(?:I|\\mathbf\{I\})(?:_\{[^{}]+\})?")


def _gram_of_itself(node: ast.Node, outer: bool = False) -> str | None:
    """`Q^T Q` (`Q Q^T` when `outer`; with `^T` or `^\\top`, not a prime): the name Q; else None."""
    if not (isinstance(node, ast.Product) and len(node.factors) == 2):
        return None
    transposed, plain = reversed(node.factors) if outer else node.factors
    if (
        isinstance(transposed, ast.Transpose)
        and isinstance(transposed.base, ast.Name)
        and isinstance(plain, ast.Name)
        and transposed.base.key == plain.key
    ):
        return plain.key
    return None


def _is_identity_name(node: ast.Node | None) -> bool:
    """`I`, `I_n`, `I_k`: an identity matrix, by its usual name."""
    if not isinstance(node, ast.Name) or node.accent:
        return False
    plain = (
        node.base == "I"
        and not node.style
        and (node.sub == "" or (len(node.sub) == 1 and node.sub.isalnum()))
    )
    return plain or bool(_IDENTITY_NAME.fullmatch(node.key))


# The usual names of an additive noise: `X\\beta + \\varepsilon`, `Ax + v`, `Hx + n`, `Cx + \\eta`.
NOISE_NAMES = frozenset({"\\varepsilon", "\\epsilon", "\\eta", "\\nu", "\\xi", "v", "n"})


def _noise_term(rhs: ast.Node | None, env: Environment) -> str | None:
    """The noise term `\\varepsilon` (or `\\epsilon`, `\\eta`, `v`, ..., bold or indexed) added in a model
    equation's right side (`X\\beta + \\varepsilon`, `Ax + v`), when the notes do not define it; else None."""
    if not isinstance(rhs, ast.Add) or len(rhs.terms) < 2:
        return None
    for term in rhs.terms:
        if isinstance(term, ast.Name) and term.base in NOISE_NAMES and term.key not in env.definitions:
            return term.key
    return None


def definition_target(
    lhs: ast.Node, rhs: ast.Node | None, latex: str, env: Environment, block: int
) -> str | None:
    """If `lhs = rhs` defines a name, bind it and return the name; None when it does not."""
    name, params = _defined_name(lhs)
    if name is None and rhs is not None:
        name, rhs = _defined_by_its_square(lhs, rhs, env)
    if name is None and rhs is not None:
        name, params, rhs = _defined_by_its_log(lhs, rhs, env)
    if name is None:
        return None
    if params == ["__index__"]:
        env.definitions.pop(name, None)
        env.unknown[name] = (
            f"{name} is defined entry by entry (index notation), which mdcheck cannot evaluate"
        )
        return name
    if rhs is not None and any(isinstance(n, ast.Text) for n in ast.walk(rhs)):
        rhs = None
    if rhs is None and any(mark in latex for mark in ("\\dots", "\\cdots", "\\ldots")):
        # `f(u) = \dots`: a schematic placeholder, not a definition.
        env.definitions.pop(name, None)
        env.unknown.pop(name, None)
        return name
    if rhs is None:
        env.unknown[name] = f"{name} is defined by LaTeX mdcheck cannot read"
        return name
    saved = env.definitions.pop(name, None) if not params else None
    try:
        readings = Lowerer(env).readings(rhs)
    except LowerError as err:
        if not params and _expected_value(rhs, name, latex, env):
            return name
        env.unknown[name] = f"{name} is defined by something mdcheck cannot evaluate ({err.message})"
        env.unknown_mentions[name] = mentioned_names(rhs)
        return name
    finally:
        if saved is not None:
            env.definitions[name] = saved
    body = first_typed(readings, env)
    free = ir.free_symbols(body) - set(params)
    # A value: no symbols, and no literal sized only by its context (`\\mathbf 1 \\mathbf 1^T`, `I_n`).
    sized = ir.has(body, ir.Ones) or ir.has(body, ir.Identity)
    numeric = (
        not free and not params and not sized and not ir.has(body, ir.Diff) and not ir.has(body, ir.Func)
    )
    env.define(Definition(name, tuple(params), body, latex, block, numeric, rhs))
    env.expected_values.pop(name, None)
    if not params and _noise_term(rhs, env) is not None:
        env.models.add(name)
    else:
        env.models.discard(name)
    return name


def _expected_value(rhs: ast.Node, name: str, latex: str, env: Environment) -> bool:
    """`R = \\mathbb{E}[x x^\\top]`, `p = \\mathbb{E}[x d]`, `\\sigma_d^2 = \\mathbb{E}[d^2]`: a name
    defined by an expected value is a constant of its own, drawn as a symbol (symmetric positive
    semidefinite when the expectation is of an outer product `u u^T`); a step that fails relating
    such constants to each other is unchecked (see `StepChecker`). False, binding nothing, for any
    other right side."""
    if isinstance(rhs, ast.Call) and rhs.name == "sqrt" and len(rhs.args) == 1:
        rhs = rhs.args[0]  # `\\sigma_d^2 = \\mathbb{E}[d^2]`, read as sqrt(E[d^2])
    if not (
        isinstance(rhs, ast.Product)
        and len(rhs.factors) == 2
        and isinstance(rhs.factors[0], ast.Name)
        and rhs.factors[0].base == "E"
        and rhs.factors[0].style == "\\mathbb"
        and isinstance(rhs.factors[1], ast.Group)
        and rhs.factors[1].delim == "["
    ):
        return False
    env.definitions.pop(name, None)
    env.unknown.pop(name, None)
    env.expected_values[name] = latex
    if name not in env.declarations and _outer_square(rhs.factors[1].body):
        env.declare(name, properties=frozenset({"symmetric", "psd"}))
    return True


def _outer_square(node: ast.Node) -> bool:
    """`x x^\\top`, `(x - \\mu)(x - \\mu)^\\top`: a vector times its own transpose."""
    if not (isinstance(node, ast.Product) and len(node.factors) == 2):
        return False
    left, right = node.factors
    return isinstance(right, ast.Transpose) and _same_tree(left, right.base)


def _same_tree(a: ast.Node, b: ast.Node) -> bool:
    """Whether two nodes write the same expression (positions aside)."""
    return _without_positions(a) == _without_positions(b)


def _without_positions(node: object) -> object:
    if isinstance(node, ast.Node):
        kept = [f.name for f in fields(node) if f.name not in ("start", "end")]
        return (type(node).__name__, *(_without_positions(getattr(node, f)) for f in kept))
    if isinstance(node, tuple):
        return tuple(_without_positions(n) for n in node)
    return node


def _defined_by_its_square(lhs: ast.Node, rhs: ast.Node, env: Environment) -> tuple[str | None, ast.Node]:
    """`\\sigma^2 = \\frac1N x^T C x`: a scalar defined by its square (a variance) is the square root
    of the right side; a matrix's square (`A^2 = B`) defines nothing."""
    if not (
        isinstance(lhs, ast.Power)
        and isinstance(lhs.base, ast.Name)
        and isinstance(lhs.exp, ast.Num)
        and lhs.exp.value == 2.0
        and convention_kind(lhs.base.key) in ("scalar", "flexible")
    ):
        return None, rhs
    decl = env.declarations.get(lhs.base.key)
    if decl is not None and decl.dims is not None and decl.dims != (1, 1):
        return None, rhs
    return lhs.base.key, ast.Call(rhs.start, rhs.end, "sqrt", (rhs,))


def _defined_by_its_log(
    lhs: ast.Node, rhs: ast.Node, env: Environment
) -> tuple[str | None, list[str], ast.Node]:
    """`\\log p(x) = -\\frac12 x^T x + c`: a density (likelihood) defined by its logarithm is the
    exponential of the right side, a function of the same arguments."""
    if not (
        isinstance(lhs, ast.Call)
        and lhs.name in ("log", "ln")
        and lhs.sub is None
        and lhs.sup is None
        and len(lhs.args) == 1
    ):
        return None, [], rhs
    name, params = _defined_name(lhs.args[0])
    if name is None or not params or params == ["__index__"] or name in env.declarations:
        return None, [], rhs
    return name, params, ast.Call(rhs.start, rhs.end, "exp", (rhs,))


INDEX_LETTERS = frozenset("ijklmnpqrst")


def mentioned_names(node: ast.Node) -> frozenset[str]:
    """The names a formula mentions; a name summed over its index (`\\sum_t J_t`) stands for every
    member of its family, written `J_{(t1)}` as in a written-out sum."""
    out: set[str] = set()
    summed: set[int] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Sum):
            letters = {c for c in n.index if c.isalpha()}
            for x in ast.walk(n.body):
                if isinstance(x, ast.Name) and len(x.sub) == 1 and x.sub in letters:
                    out.add(f"{x.key.split('_{', 1)[0]}_{{({x.sub}1)}}")
                    summed.add(id(x))
    out |= {n.key for n in ast.walk(node) if isinstance(n, ast.Name) and id(n) not in summed}
    return frozenset(out)


def _defined_name(node: ast.Node) -> tuple[str | None, list[str]]:
    if (
        isinstance(node, ast.Name)
        and node.sub
        and all(c in INDEX_LETTERS or c in ",{} " for c in node.sub)
        and (len(node.sub.replace(",", "").replace(" ", "")) >= 2)
    ):
        # `C_{ij} = ...` defines C entry by entry: index notation.
        return node.key.split("_{", 1)[0], ["__index__"]
    if isinstance(node, ast.Name):
        return node.key, []
    if isinstance(node, ast.Apply) and node.primes == 0 and all(isinstance(a, ast.Name) for a in node.args):
        params = [a.key for a in node.args if isinstance(a, ast.Name)]
        if node.func.key not in params:
            return node.func.key, params
    return None, []


def _split_at(tokens: list[Token], seps: set[str]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens:
        depth += (tok.text in ("{", "(", "[")) - (tok.text in ("}", ")", "]"))
        if depth == 0 and tok.text in seps:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _split_commas(tokens: list[Token]) -> list[list[Token]]:
    return [p for p in _split_at(tokens, {","})]


def parse_name(text: str) -> str | None:
    result = parse(text, differentials=False)
    return result.node.key if isinstance(result.node, ast.Name) else None


# The sentence readers of `_read_sentences`, each with the words that make it worth running.
# "For $N$ points", "$n$ i.i.d. samples", "$K$ classes": the symbol counts things, a number.
_COUNT_NOUNS = ("points", "samples", "observations", "examples", "classes", "clusters", "instances")
_COUNT = re.compile(
    rf"{_MARKER}\s+(?:(?:i\.i\.d\.|iid|independent|training|data|labell?ed)\s+)*"
    rf"(?:data\s*)?(?:{'|'.join(_COUNT_NOUNS)})\b"
)


def _counts_in_words(sentence: str, span_texts: list[str], env: Environment) -> None:
    """A symbol the sentence uses to count points, samples or classes (`For $N$ points`) is a
    scalar, not an undeclared capital that might be a matrix (`\\frac{N}{2}\\log|\\Sigma|`)."""
    for m in _COUNT.finditer(sentence.lower()):
        k = int(m.group(1))
        name = parse_name(span_texts[k]) if k < len(span_texts) else None
        if name is not None and name not in env.declarations and name not in env.definitions:
            env.declare(name, kind="scalar")


# "On the positive definite cone, $\\phi(X) = -\\log\\det X$", "over the cone of positive
# semidefinite matrices": the domain of what the sentence defines.
_CONE = re.compile(
    r"\b(?:on|over|in)\s+the\s+(?:(?:open|closed|convex)\s+)?(?:symmetric\s+)?(?:positive\s+(semi-?)?"
    r"definite\s+cone|cone\s+of\s+(?:symmetric\s+)?positive\s+(semi-?)?definite\s+matri)"
)


def _cone_domain(sentence: str, span_texts: list[str], env: Environment) -> None:
    """A function the sentence defines on the positive (semi)definite cone takes symmetric positive
    (semi)definite arguments: their gradients are written for symmetric matrices (`-X^{-1}`)."""
    m = _CONE.search(sentence.lower())
    if m is None:
        return
    prop = "psd" if m.group(1) or m.group(2) else "spd"
    for k in map(int, re.findall(_MARKER, sentence[m.end() :])):
        split = split_steps(span_texts[k]) if k < len(span_texts) else None
        if split is None or len(split.steps) != 1 or split.steps[0].lhs is None:
            continue
        lhs = parse_side(split.steps[0].lhs.tokens, differentials=False).node
        _, params = _defined_name(lhs) if lhs is not None else (None, [])
        for param in params:
            if param != "__index__":
                env.declare(param, properties=frozenset({prop, "symmetric"}))


_SENTENCE_READERS: tuple[tuple[tuple[str, ...], Callable[[str, list[str], Environment], None]], ...] = (
    (("cone",), _cone_domain),
    (("column", "row"), _slices_and_columns),
    (("matrix of", "matrices of", "matrix for", "matrix associated", "matrix built"), _built_from_a_vector),
    (("eigen", "singular"), _spectrum_in_words),
    (_COUNT_NOUNS, _counts_in_words),
    (("identity",), _identities_in_words),
    (("logistic", "sigmoid"), _logistic_in_words),
    (("matri",), _sizes_in_words),
    (_ALL_WORDS, _properties),
)
