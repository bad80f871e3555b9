"""Property words in notes written in German, French, Spanish or Italian are read as the English
ones are: a correct step about a symmetric matrix is not broken because the prose says so in
another language."""

from __future__ import annotations

import pytest
from engine_notes import steps

STEPS = "$$ \\nabla_x (x^T A x) = 2 A x $$\n\n$$ \\nabla_x (x^T A x) = A x $$\n"


@pytest.mark.parametrize(
    "prose",
    [
        "Sei $A \\in \\mathbb{R}^{n \\times n}$ symmetrisch und $x \\in \\mathbb{R}^n$.",
        "Sei $A \\in \\mathbb{R}^{n \\times n}$ eine symmetrische Matrix und $x \\in \\mathbb{R}^n$.",
        "Soit $A \\in \\mathbb{R}^{n \\times n}$ une matrice symétrique et $x \\in \\mathbb{R}^n$.",
        "Sea $A \\in \\mathbb{R}^{n \\times n}$ una matriz simétrica y $x \\in \\mathbb{R}^n$.",
        "Sia $A \\in \\mathbb{R}^{n \\times n}$ simmetrica e $x \\in \\mathbb{R}^n$.",
    ],
)
def test_symmetric_said_in_another_language(prose: str) -> None:
    assert [s.status for s in steps(prose + "\n\n" + STEPS)] == ["ok", "broken"]


def test_positive_definite_said_in_french_makes_the_log_determinant_defined() -> None:
    found = steps(
        "Soit $S \\in \\mathbb{R}^{n \\times n}$ définie positive.\n\n$$ \\nabla_S \\log\\det S = S^{-1} $$\n"
    )
    assert [s.status for s in found] == ["ok"]
