"""The factors of a factorization the prose writes and names (`A = Q \\Lambda Q^T`, "diagonalizable
as $A = VDV^{-1}$", "the QR factorization $A = QR$", "its SVD $A = U\\Sigma V^T$"): the properties
the name gives them (diagonal, orthogonal or with orthonormal columns, triangular)."""

from __future__ import annotations

import re

from mdcheck.latex import ast
from mdcheck.latex.parser import parse_side
from mdcheck.latex.steps import split_steps
from mdcheck.latex.tokens import Token

# Words that make the middle factor of `P M P^{-1}` the eigenvalues' diagonal matrix.
SPECTRAL_WORDS = re.compile(r"eigen|diagonali[sz]|spectral", re.IGNORECASE)
_QR = re.compile(r"\bQR\b")
_SVD = re.compile(r"\bSVD\b|singular value decomposition", re.IGNORECASE)
_CHOLESKY = re.compile(r"\bCholesky\b", re.IGNORECASE)
_LU = re.compile(r"\bLU\b")
_FULL = re.compile(r"\bfull\b", re.IGNORECASE)

# Every sentence in which `factor_properties` finds a factor matches one of the patterns above
# (or its equation writes \Lambda): a quick test that spares other equations their parsing.
_FACTORIZATION_WORDS = re.compile(
    r"(?i:eigen|diagonali[sz]|spectral|\bSVD\b|singular value decomposition|\bCholesky\b)|\bQR\b|\bLU\b"
)

FactorProperties = list[tuple[str, str]]
_DIAGONAL_LETTERS = frozenset({"Lambda", "D", "Sigma"})


def factor_properties(math: str, sentence: str) -> tuple[str, FactorProperties]:
    """The factorized name and (name, property) for each factor of `A = ...` that the factorization
    the sentence names (or the letter \\Lambda between a matrix and its transpose or inverse) makes
    diagonal, triangular, orthogonal or with orthonormal columns; no factors (and no name when the
    sentence names no factorization) for any other equation."""
    split = split_steps(math)
    left = split.steps[0].lhs if len(split.steps) == 1 else None
    if left is None:
        return "", []
    step = split.steps[0]
    if not _may_name_factors(sentence, step.rhs.tokens):
        return "", []
    lhs = parse_side(left.tokens, differentials=False).node
    rhs = parse_side(step.rhs.tokens, differentials=False).node
    if not isinstance(lhs, ast.Name) or not isinstance(rhs, ast.Product):
        return "", []
    factors = rhs.factors
    if any(_base_key(f) == lhs.key for f in factors):
        return "", []
    if len(factors) == 2:
        return lhs.key, _two_factors(factors, sentence)
    if len(factors) == 3:
        return lhs.key, _three_factors(factors, sentence)
    return "", []


def _may_name_factors(sentence: str, rhs: tuple[Token, ...]) -> bool:
    """A quick test before parsing: no factor is found unless the sentence names a factorization
    or the right side writes \\Lambda (the one letter that needs no word)."""
    return _FACTORIZATION_WORDS.search(sentence) is not None or "Lambda" in "".join(t.text for t in rhs)


def _two_factors(factors: tuple[ast.Node, ...], sentence: str) -> FactorProperties:
    """`A = QR` (QR), `A = LU` (LU), `A = LL^T` / `A = R^T R` (Cholesky)."""
    first, second = factors
    if isinstance(first, ast.Name) and isinstance(second, ast.Name) and first.key != second.key:
        # The letters name the factors: not `A_{k+1} = R_k Q_k` in a sentence on the QR algorithm.
        letters = _letter(first) + _letter(second)
        if letters == "QR" and _QR.search(sentence):
            return [(first.key, "orthocols")] + ([] if _FULL.search(sentence) else [(second.key, "upper")])
        if letters == "LU" and _LU.search(sentence):
            return [(first.key, "lower"), (second.key, "upper")]
    if _CHOLESKY.search(sentence):
        if isinstance(first, ast.Name) and _undoes(second, first.key, inverse=False):
            return [(first.key, "lower")]
        if isinstance(second, ast.Name) and _undoes(first, second.key, inverse=False):
            return [(second.key, "upper")]
    return []


def _three_factors(factors: tuple[ast.Node, ...], sentence: str) -> FactorProperties:
    """`A = Q\\Lambda Q^T`, `A = VDV^{-1}` (eigen), `A = U\\Sigma V^T` (SVD)."""
    outer, middle, back = factors
    if not (isinstance(outer, ast.Name) and isinstance(middle, ast.Name)) or middle.key == outer.key:
        return []
    if _undoes(back, outer.key, inverse=True):
        # Only a letter a diagonal factor is written with: not `B = S^{-1} A S` (eigenvalues of B)
        # nor the triangular `T` of a Schur form.
        if _letter(middle) not in _DIAGONAL_LETTERS:
            return []
        if not (_letter(middle) == "Lambda" or SPECTRAL_WORDS.search(sentence) or _SVD.search(sentence)):
            return []
        orthogonal = [(outer.key, "orthogonal")] if isinstance(back, ast.Transpose) else []
        return [(middle.key, "diagonal"), *orthogonal]
    other = _base_key(back) if isinstance(back, ast.Transpose) else None
    if other is not None and other != outer.key and _SVD.search(sentence) and _letter(outer) in "UQW":
        return [(outer.key, "orthocols"), (middle.key, "diagonal"), (other, "orthocols")]
    return []


def _letter(name: ast.Name) -> str:
    """The letter a name is written with, whatever its style or index: `Q` for `\\mathbf{Q}_k`,
    `Lambda` for `\\boldsymbol{\\Lambda}`."""
    return name.base.lstrip("\\")


def _base_key(node: ast.Node) -> str | None:
    """The name a factor is written with: `Q` for `Q`, `Q^T` and `Q^{-1}`."""
    if isinstance(node, ast.Transpose | ast.Power):
        node = node.base
    return node.key if isinstance(node, ast.Name) else None


def _undoes(node: ast.Node, key: str, inverse: bool) -> bool:
    """`P^T`, `P^\\top` (and `P^{-1}` when `inverse`): the transpose or inverse of the matrix P."""
    if isinstance(node, ast.Transpose):
        return isinstance(node.base, ast.Name) and node.base.key == key
    if inverse and isinstance(node, ast.Power) and isinstance(node.base, ast.Name) and node.base.key == key:
        exp = node.exp
        return isinstance(exp, ast.Neg) and isinstance(exp.body, ast.Num) and exp.body.value == 1.0
    return False
