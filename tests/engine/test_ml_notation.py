"""Notation of machine-learning notes: a scalar 1 standing for the ones vector in a product, and
vectors declared in sets of numbers other than the reals (`\\{0, 1\\}^n`, `[0, 1]^n`, `\\mathbb{Z}^n`)."""

from __future__ import annotations

import pytest
from engine_notes import steps

from mdcheck.semantics.env import Environment
from mdcheck.semantics.prose import read_declaration

LOGISTIC = (
    r"Let $X \in \mathbb{R}^{n \times d}$, $y \in \{0,1\}^n$ and $w \in \mathbb{R}^d$. Write"
    r" $p = \sigma(Xw)$ where $\sigma$ is the logistic function, and"
    r" $L(w) = -y^T \log p - (1 - y)^T \log(1 - p)$."
    "\n\n"
)


def test_a_scalar_one_in_a_transposed_factor_is_the_ones_vector() -> None:
    found = steps(LOGISTIC + "$$ \\nabla_w L = X^T(p - y) $$\n\n$$ \\nabla_w L = X^T(y - p) $$\n")
    assert [s.status for s in found] == ["ok", "broken"]


@pytest.mark.parametrize(
    ("declaration", "name", "dims"),
    [
        (r"y \in \{0,1\}^n", "y", ("n", 1)),
        (r"s \in \{-1, +1\}^{m}", "s", ("m", 1)),
        (r"P \in [0,1]^{n \times k}", "P", ("n", "k")),
        (r"z \in \mathbb{Z}^m", "z", ("m", 1)),
    ],
)
def test_arrays_of_other_numbers_are_declared_like_real_ones(
    declaration: str, name: str, dims: tuple
) -> None:
    env = Environment()
    read_declaration(declaration, env)
    assert env.declarations[name].dims == dims


def test_an_interval_declares_no_shape_and_a_label_is_a_number() -> None:
    env = Environment()
    read_declaration(r"x \in (0, 1), c \in \{1, \dots, K\}", env)
    assert "x" not in env.declarations or env.declarations["x"].dims is None
    assert env.declarations["c"].dims == (1, 1)
