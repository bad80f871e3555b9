"""Block matrices written as matrix literals whose entries are matrices, vectors or zero blocks:
typed block by block, evaluated by joining the blocks, differentiated entry by entry."""

from __future__ import annotations

import pytest
from engine_notes import one_step

from mdcheck.api import check_text

DECLARED = (
    "Let $A, B \\in \\mathbb{R}^{n\\times n}$, $C \\in \\mathbb{R}^{m \\times n}$ and "
    "$u, v \\in \\mathbb{R}^n$.\n\n"
)


def verdict(step: str) -> tuple[str, str]:
    found = one_step(DECLARED, step)
    return found.status, found.reason


@pytest.mark.parametrize(
    "step",
    [
        r"\begin{bmatrix} A & B \\ B & A \end{bmatrix} \begin{bmatrix} u \\ v \end{bmatrix}"
        r" = \begin{bmatrix} Au + Bv \\ Bu + Av \end{bmatrix}",
        r"\begin{bmatrix} A & 0 \\ C & I \end{bmatrix}^T = \begin{bmatrix} A^T & C^T \\ 0 & I \end{bmatrix}",
        r"\begin{bmatrix} I & 0 \\ -C A^{-1} & I \end{bmatrix} \begin{bmatrix} A & 0 \\ C & I \end{bmatrix}"
        r" = \begin{bmatrix} A & 0 \\ 0 & I \end{bmatrix}",
        r"\begin{bmatrix} A & 0 \\ 0 & B \end{bmatrix}^{-1}"
        r" = \begin{bmatrix} A^{-1} & 0 \\ 0 & B^{-1} \end{bmatrix}",
        r"\det \begin{bmatrix} A & 0 \\ C & B \end{bmatrix} = \det(A)\det(B)",
        r"\begin{bmatrix} u^T & 1 \end{bmatrix} \begin{bmatrix} v \\ 2 \end{bmatrix} = u^T v + 2",
        r"d\begin{bmatrix} A & u \\ u^T & 1 \end{bmatrix}"
        r" = \begin{bmatrix} dA & du \\ du^T & 0 \end{bmatrix}",
        r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix} \otimes \begin{bmatrix} 5 & 6 \\ 7 & 8 \end{bmatrix}"
        r" = \begin{bmatrix} 1 \cdot \begin{bmatrix} 5 & 6 \\ 7 & 8 \end{bmatrix}"
        r" & 2 \begin{bmatrix} 5 & 6 \\ 7 & 8 \end{bmatrix}"
        r" \\ 3 \begin{bmatrix} 5 & 6 \\ 7 & 8 \end{bmatrix}"
        r" & 4 \begin{bmatrix} 5 & 6 \\ 7 & 8 \end{bmatrix} \end{bmatrix}",
    ],
)
def test_a_true_block_identity_holds(step: str) -> None:
    assert verdict(step) == ("ok", "")


@pytest.mark.parametrize(
    "step",
    [
        # the second block row takes u and v the wrong way round
        r"\begin{bmatrix} A & B \\ B & A \end{bmatrix} \begin{bmatrix} u \\ v \end{bmatrix}"
        r" = \begin{bmatrix} Au + Bv \\ Bv + Au \end{bmatrix}",
        # the inverse of a block diagonal matrix with its blocks swapped
        r"\begin{bmatrix} A & 0 \\ 0 & B \end{bmatrix}^{-1}"
        r" = \begin{bmatrix} B^{-1} & 0 \\ 0 & A^{-1} \end{bmatrix}",
        # the transpose of a block matrix without transposing its blocks
        r"\begin{bmatrix} A & B \\ 0 & A \end{bmatrix}^T = \begin{bmatrix} A & 0 \\ B & A \end{bmatrix}",
        # one entry of a Kronecker product wrong
        r"\begin{bmatrix} 1 & 2 \end{bmatrix} \otimes \begin{bmatrix} 5 & 6 \end{bmatrix}"
        r" = \begin{bmatrix} 1 \cdot \begin{bmatrix} 5 & 6 \end{bmatrix}"
        r" & 3 \begin{bmatrix} 5 & 6 \end{bmatrix} \end{bmatrix}",
    ],
)
def test_a_wrong_block_identity_is_broken(step: str) -> None:
    assert verdict(step)[0] == "broken"


def test_blocks_that_cannot_fit_are_a_shape_error_naming_the_block() -> None:
    # a row vector beside a square block: heights n and 1
    status, reason = verdict(r"\begin{bmatrix} A & u^T \end{bmatrix} = \begin{bmatrix} A & u^T \end{bmatrix}")
    assert status == "unchecked"
    assert "block (1, 2)" in reason, reason


def test_zeros_among_scalar_entries_stay_numbers() -> None:
    assert verdict(
        r"\begin{bmatrix} u_1 & 0 \\ 0 & u_2 \end{bmatrix} \begin{bmatrix} 1 \\ 1 \end{bmatrix}"
        r" = \begin{bmatrix} u_1 \\ u_2 \end{bmatrix}"
    ) == ("ok", "")


def test_the_sympy_meaning_of_a_block_matrix_is_a_block_matrix() -> None:
    import sympy

    from mdcheck.options import CheckOptions

    step = (
        r"\begin{bmatrix} A & 0 \\ C & I \end{bmatrix}^T = \begin{bmatrix} A^T & C^T \\ 0 & I \end{bmatrix}"
    )
    report = check_text(
        DECLARED + "$$ " + step + " $$\n", path="note.md", options=CheckOptions(sympy_meaning=True)
    )
    assert report.steps[0].sympy is not None
    rhs = report.steps[0].sympy[1]
    assert isinstance(rhs, sympy.BlockMatrix)
    assert rhs.blocks[0, 0] == sympy.MatrixSymbol("A", 3, 3).T
