"""The diagonal factor of an eigendecomposition the prose writes (`A = Q \\Lambda Q^T`, "diagonalizable
as $A = VDV^{-1}$"): the middle factor between a matrix and its transpose or inverse."""

from __future__ import annotations

import re

from mdcheck.latex import ast
from mdcheck.latex.parser import parse_side
from mdcheck.latex.steps import split_steps

# Words that make the middle factor of `P M P^{-1}` the eigenvalues' diagonal matrix.
SPECTRAL_WORDS = re.compile(r"eigen|diagonali[sz]|spectral", re.IGNORECASE)


def diagonal_factor(math: str, sentence: str) -> str | None:
    """The key of M in `A = P M P^T` / `P M P^{-1}` when M is \\Lambda or the sentence speaks of
    eigenvalues, diagonalization or a spectral decomposition; else None."""
    split = split_steps(math)
    if len(split.steps) != 1 or split.steps[0].lhs is None:
        return None
    step = split.steps[0]
    lhs = parse_side(step.lhs.tokens, differentials=False).node
    rhs = parse_side(step.rhs.tokens, differentials=False).node
    if not isinstance(lhs, ast.Name) or not isinstance(rhs, ast.Product) or len(rhs.factors) != 3:
        return None
    outer, middle, back = rhs.factors
    if not (isinstance(outer, ast.Name) and isinstance(middle, ast.Name) and _undoes(back, outer.key)):
        return None
    if middle.key in (lhs.key, outer.key):
        return None
    if middle.base.endswith("Lambda") or SPECTRAL_WORDS.search(sentence):
        return middle.key
    return None


def _undoes(node: ast.Node, key: str) -> bool:
    """`P^T`, `P^\\top`, `P^{-1}`: the transpose or inverse of the matrix P."""
    if isinstance(node, ast.Transpose):
        return isinstance(node.base, ast.Name) and node.base.key == key
    if isinstance(node, ast.Power) and isinstance(node.base, ast.Name) and node.base.key == key:
        exp = node.exp
        return isinstance(exp, ast.Neg) and isinstance(exp.body, ast.Num) and exp.body.value == 1.0
    return False
