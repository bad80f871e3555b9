"""The vocabulary of the LaTeX reader: which commands are functions, letters, accents, styles,
relations and spacing, and how a symbol's canonical key is spelled."""

from __future__ import annotations

GREEK = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "pi",
        "varpi",
        "rho",
        "varrho",
        "sigma",
        "varsigma",
        "tau",
        "upsilon",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
        "ell",
    ]
)

# Functions written as commands, and the names operatorname/mathrm/text may spell.
FUNCTION_COMMANDS = frozenset(
    [
        "sin",
        "cos",
        "tan",
        "sec",
        "csc",
        "cot",
        "sinh",
        "cosh",
        "tanh",
        "arcsin",
        "arccos",
        "arctan",
        "exp",
        "log",
        "ln",
        "lg",
        "det",
        "max",
        "min",
        "sup",
        "inf",
        "arg",
        "lim",
        "Pr",
        "gcd",
        "dim",
        "ker",
        "deg",
        "hom",
    ]
)
OPERATOR_NAMES = frozenset(
    [
        "id",
        "tr",
        "Tr",
        "trace",
        "diag",
        "Diag",
        "vec",
        "Vec",
        "softmax",
        "sigmoid",
        "relu",
        "ReLU",
        "sign",
        "sgn",
        "rank",
        "exp",
        "log",
        "ln",
        "det",
        "sin",
        "cos",
        "tan",
        "tanh",
        "sinh",
        "cosh",
        "max",
        "min",
        "argmax",
        "argmin",
        "arg",
        "vech",
        "logdet",
        "logsumexp",
        "erf",
        "Var",
        "Cov",
        "E",
        "adj",
        "etr",
    ]
)
# Letters that usually name functions: `f(x)` is a call, `A(x)` a product.
FUNCTION_LETTERS = frozenset({"f", "g", "h", "\\ell", "\\phi", "\\varphi", "\\psi", "\\sigma", "F", "G"})
# Functions whose unparenthesised argument runs over the whole following product (`tr AB`).
PRODUCT_ARGUMENT = frozenset({"tr", "Tr", "trace", "etr"})

ACCENTS = frozenset(
    [
        "hat",
        "widehat",
        "bar",
        "overline",
        "tilde",
        "widetilde",
        "dot",
        "ddot",
        "check",
        "breve",
        "acute",
        "grave",
        "mathring",
    ]
)
BOLD_STYLES = frozenset(
    {"\\mathbf", "\\boldsymbol", "\\bm", "\\mathbfit", "\\pmb", "\\bf", "\\mathbold", "\\textbf", "\\vb"}
)
OTHER_STYLES = frozenset(
    {"\\mathcal", "\\mathbb", "\\mathfrak", "\\mathscr", "\\mathsf", "\\mathit", "\\mathtt"}
)
TEXT_COMMANDS = frozenset(
    {"\\operatorname", "\\operatorname*", "\\mathrm", "\\text", "\\textrm", "\\textit", "\\mbox", "\\rm"}
)


def is_upright_acronym(word: str) -> bool:
    """`SINR`, `MSE`, `KL`: an upright word of two to six capitals, the name of a quantity (the
    argument of `\\mathrm` or `\\operatorname`), not a remark beside a formula."""
    return 2 <= len(word) <= 6 and word.isascii() and word.isalpha() and word.isupper()


# Commands whose (braced) argument is layout, not mathematics.
ARGUMENT_DROPPED = frozenset(
    {
        "\\hspace",
        "\\hspace*",
        "\\vspace",
        "\\kern",
        "\\mkern",
        "\\phantom",
        "\\hphantom",
        "\\vphantom",
        "\\mspace",
    }
)
# Operator names that PDF conversions spell in plain letters: `tr(AB)`.
PLAIN_OPERATOR_WORDS = (
    "softmax",
    "diag",
    "tanh",
    "det",
    "exp",
    "log",
    "sin",
    "cos",
    "tan",
    "vec",
    "tr",
    "ln",
)
SIZE_MODIFIERS = frozenset(
    [
        "\\big",
        "\\Big",
        "\\bigg",
        "\\Bigg",
        "\\bigl",
        "\\bigr",
        "\\Bigl",
        "\\Bigr",
        "\\biggl",
        "\\biggr",
        "\\Biggl",
        "\\Biggr",
        "\\bigm",
        "\\Bigm",
        "\\middle",
    ]
)
IGNORED_COMMANDS = frozenset(
    [
        "\\displaystyle",
        "\\textstyle",
        "\\scriptstyle",
        "\\scriptscriptstyle",
        "\\limits",
        "\\nolimits",
        "\\nonumber",
        "\\notag",
        "\\left.",
        "\\right.",
    ]
)

# An equation written as a requirement (`\\nabla f \\overset{!}{=} 0`: it shall hold) or a question.
REQUIRED = "\\overset{!}{=}"
ASKED = "\\overset{?}{=}"
RELATIONS: dict[str, str] = {
    "=": "=",
    "\\neq": "\\neq",
    "\\ne": "\\neq",
    "\\approx": "\\approx",
    "\\simeq": "\\approx",
    "\\propto": "\\propto",
    "\\le": "\\le",
    "\\leq": "\\le",
    "\\leqslant": "\\le",
    "\\ge": "\\ge",
    "\\geq": "\\ge",
    "\\geqslant": "\\ge",
    "<": "<",
    ">": ">",
    "\\equiv": "\\equiv",
    "\\coloneqq": ":=",
    "\\triangleq": ":=",
    "\\doteq": ":=",
    "\\sim": "\\sim",
    "\\succ": "\\succ",
    "\\succeq": "\\succeq",
    "\\prec": "\\prec",
    "\\preceq": "\\preceq",
    # `\\overset{!}{=}` (a requirement) and `\\overset{?}{=}` (a question), as the step splitter writes them
    REQUIRED: REQUIRED,
    ASKED: ASKED,
}
IMPLICATIONS = frozenset(
    {
        "\\implies",
        "\\Rightarrow",
        "\\Longrightarrow",
        "\\iff",
        "\\Leftrightarrow",
        "\\Longleftrightarrow",
        "\\therefore",
        "\\impliedby",
        "\\Leftarrow",
        "\\Longleftarrow",
    }
)
# Spellings of a transpose superscript, braces removed (`^{\\mathsf{T}}` and `^{\\mathsf T}` alike).
TRANSPOSE_MARKS = frozenset(
    {
        "T",
        "\\top",
        "\\intercal",
        "\\transposemark",
        "\\mathsfT",
        "\\mathrmT",
        "\\rmT",
        "\\textT",
        "\\textsfT",
        "\\textrmT",
        "\\mathitT",
        "\\sfT",
        "\\mathbfT",
        "\\operatornameT",
    }
)
ELEMENTWISE_OPS = frozenset({"\\circ", "\\odot", "\\oslash", "\\otimes", "\\star", "\\ast", "\\bullet"})
PRODUCT_OPS = frozenset({"\\cdot", "\\times", "*", "/", "\\div", "\\cdotp"})
DOTS = frozenset({"\\dots", "\\cdots", "\\ldots", "\\vdots", "\\ddots", "\\dotsc", "\\dotsb", "\\dotsm"})
MATRIX_ENVIRONMENTS = frozenset(
    {
        "bmatrix",
        "pmatrix",
        "vmatrix",
        "Vmatrix",
        "Bmatrix",
        "matrix",
        "smallmatrix",
        "array",
        "bmatrix*",
        "pmatrix*",
    }
)
OPEN_DELIMS = {
    "(": ")",
    "[": "]",
    "\\{": "\\}",
    "\\lbrack": "\\rbrack",
    "\\lparen": "\\rparen",
    "\\lbrace": "\\rbrace",
}
CLOSE_DELIMS = frozenset({")", "]", "\\}", "\\rbrack", "\\rparen", "\\rbrace"})
NORM_BARS = frozenset({"\\|", "\\Vert", "\\lVert", "\\rVert"})
ABS_BARS = frozenset({"|", "\\vert", "\\lvert", "\\rvert", "\\mid"})


def name_key(base: str, style: str = "", accent: str = "", sub: str = "", sup: str = "") -> str:
    """The canonical spelling of a symbol: the same key for every way of writing it."""
    key = base
    if style == "bold":
        key = f"\\mathbf{{{key}}}"
    elif style == "vec":
        key = f"\\vec{{{key}}}"
    elif style:
        key = f"{style}{{{key}}}"
    if accent:
        key = f"\\{accent}{{{key}}}"
    if sub:
        key += f"_{{{sub}}}"
    if sup:
        key += f"^{{{sup}}}"
    return key


# `+ \\text{const}` in a log-likelihood: an additive constant, a number the notes do not write out.
ADDITIVE_CONSTANT_WORDS = frozenset({"const", "const.", "constant", "cst", "cte"})
ADDITIVE_CONSTANT = "\\text{const}"
