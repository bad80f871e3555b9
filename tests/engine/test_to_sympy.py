"""The sympy form of a meaning says the same thing as the meaning: steps mdcheck finds true are
equal in sympy on random numbers, steps it finds broken are not."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from mdcheck import check_text
from mdcheck.options import CheckOptions

NOTE = r"""
Let $A, B \in \mathbb{R}^{n \times n}$, $C \in \mathbb{R}^{n \times m}$ and $x, y \in \mathbb{R}^n$.

$$d(x^T A x) = dx^T A x + x^T A\,dx = x^T (A + A^T)\,dx$$

$$d(AXB) = A\,dX\,B$$

$$d(X^{-1}) = -X^{-1}\,dX\,X^{-1}$$

$$d \ln \det X = \operatorname{tr}(X^{-1} dX)$$

$$(AB)^T = B^T A^T$$

$$\operatorname{tr}(A C C^T) = \operatorname{tr}(C^T A C)$$

$$x \circ y = y \circ x$$

$$\langle A, B \rangle = \operatorname{tr}(A^T B)$$

$$A \otimes B = B \otimes A$$

$$(AB)^T = A^T B^T$$

$$d(XY) = dX\,Y + dY\,X$$
"""

SUBS = {sympy.Trace: np.trace, sympy.Determinant: np.linalg.det}


def _numeric(expr: object, values: dict[sympy.Basic, np.ndarray]) -> np.ndarray:
    replaced = expr.xreplace(
        {
            k: sympy.ImmutableMatrix(v) if v.shape != (1, 1) else sympy.Float(v[0, 0])
            for k, v in values.items()
        }
    )
    out = replaced.doit()
    return np.array(out.tolist(), dtype=float) if hasattr(out, "tolist") else np.array([[float(out)]])


def _values(expr_pair: tuple[object, object], rng: np.random.Generator) -> dict[sympy.Basic, np.ndarray]:
    values: dict[sympy.Basic, np.ndarray] = {}
    for side in expr_pair:
        for s in side.free_symbols:  # type: ignore[attr-defined]
            if s in values:
                continue
            shape = tuple(int(n) for n in s.shape) if isinstance(s, sympy.MatrixSymbol) else (1, 1)
            m = rng.standard_normal(shape)
            if shape[0] == shape[1] and shape != (1, 1):
                m = m + shape[0] * np.eye(shape[0])
            values[s] = m
    return values


@pytest.fixture(scope="module")
def steps():  # type: ignore[no-untyped-def]
    report = check_text(NOTE, options=CheckOptions(sympy_meaning=True))
    return [s for s in report.steps if s.status in ("ok", "broken")]


def test_every_decided_step_has_a_sympy_form(steps) -> None:  # type: ignore[no-untyped-def]
    assert len(steps) == 12
    assert all(s.sympy is not None for s in steps)


def test_the_sympy_form_agrees_with_the_verdict(steps) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    for step in steps:
        lhs, rhs = step.sympy
        values = _values((lhs, rhs), rng)
        left, right = _numeric(lhs, values), _numeric(rhs, values)
        if left.shape != right.shape and 0 in (np.abs(left).max(), np.abs(right).max()):
            left, right = np.broadcast_arrays(left, right)
        same = np.allclose(left, right, rtol=1e-8, atol=1e-9)
        assert same == (step.status == "ok"), (step.lhs, step.rhs, step.status, step.meaning)


def test_meanings_print_with_sympy_names(steps) -> None:  # type: ignore[no-untyped-def]
    printed: dict[str, tuple[str, str]] = {}
    for s in steps:
        printed.setdefault(s.lhs, s.meaning)
    assert printed["d \\ln \\det X"] == ("Trace(X**(-1)*dX)", "Trace(X**(-1)*dX)")
    assert printed["(AB)^T"] == ("(A*B).T", "B.T*A.T")
