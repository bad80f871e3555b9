"""The shortcuts of prose reading answer as the work they skip would: the test for positive entries,
the quick test before reading the factors of a factorization, the parse shared by d-free sides."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdcheck.check import _relation_outside_groups
from mdcheck.latex.parser import parse, parse_side
from mdcheck.latex.steps import split_steps
from mdcheck.semantics import spectral
from mdcheck.semantics.prose import _POSITIVE_ENTRIES, _said_nonnegative, parse_shared

PIECES = [
    "d",
    "x",
    "w",
    "0",
    "10",
    " ",
    ">",
    "<",
    "=",
    "\\gt",
    "\\ge",
    "\\geq",
    "\\geqslant",
    "≥",
    "\\,",
    ",",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=10).map("".join))
def test_positive_entries_agree_with_the_pattern(math: str) -> None:
    quick = _said_nonnegative(math)
    full = _POSITIVE_ENTRIES.match(math)
    assert (quick is None) == (full is None)
    assert quick is None or full is None or quick.group(1) == full.group(1)


FACTORIZATIONS = [
    ("A = Q \\Lambda Q^T", "the matrix A is symmetric"),
    ("A = V D V^{-1}", "A is diagonalizable"),
    ("A = V D V^{-1}", "A is a product"),
    ("A = U \\Sigma V^T", "its SVD"),
    ("A = U \\Sigma V^T", "a product of three"),
    ("A = QR", "the QR factorization of A"),
    ("A = QR", "a product of two"),
    ("A = LU", "by LU"),
    ("A = L L^T", "the Cholesky factor"),
    ("A = R^T R", "so"),
    ("\\Sigma = W \\boldsymbol{\\Lambda} W^\\top", "with eigenvalues"),
]


@pytest.mark.parametrize(("math", "sentence"), FACTORIZATIONS)
def test_the_quick_test_skips_only_equations_without_factors(
    math: str, sentence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = spectral.factor_properties(math, sentence)[1]
    monkeypatch.setattr(spectral, "_may_name_factors", lambda sentence, rhs: True)
    assert found == spectral.factor_properties(math, sentence)[1]


def test_a_named_factorization_still_gives_its_factors() -> None:
    assert spectral.factor_properties("A = Q \\Lambda Q^T", "so")[1] == [
        ("\\Lambda", "diagonal"),
        ("Q", "orthogonal"),
    ]
    assert spectral.factor_properties("A = QR", "the QR factorization")[1] == [
        ("Q", "orthocols"),
        ("R", "upper"),
    ]
    assert spectral.factor_properties("A = QR", "a product")[1] == []


@pytest.mark.parametrize(
    "math", ["A^T A = I", "f(x) = x^T A x", "dA = B", "y = d x", "\\frac{d f}{d x} = 2x", "g = \\nabla f"]
)
def test_a_shared_parse_is_the_parse_asked_for(math: str) -> None:
    for step in split_steps(math).steps:
        for side in (step.lhs, step.rhs):
            assert side is not None
            for differentials in (True, False):
                shared = parse_shared(side.tokens, differentials)
                assert shared == parse_side(side.tokens, differentials=differentials)


GROUPED_PIECES = [
    "x",
    "A",
    "f",
    "1",
    " = ",
    " > ",
    " \\le ",
    ":",
    ",",
    "|",
    "_",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "\\{",
    "\\}",
    "\\left(",
    "\\right)",
    "\\left.",
    "\\right|",
    "\\lparen ",
    "\\rparen ",
    "\\mathbb{1}",
    "\\sum_{i=1}^n ",
    "\\quad ",
    "\\\\",
    "&",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(GROUPED_PIECES), min_size=1, max_size=12).map("".join))
def test_a_relation_outside_groups_never_parses_whole(math: str) -> None:
    split = split_steps(math)
    if _relation_outside_groups(split, math):
        for differentials in (True, False):
            assert parse(math, differentials=differentials).node is None


def test_the_relation_test_knows_grouped_relations() -> None:
    assert _relation_outside_groups(split_steps("A_j = Z_{j-1} W_j"), "A_j = Z_{j-1} W_j")
    for grouped in ("\\sum_{i=1}^n x_i", "\\{x : x > 0\\}", "\\mathbb{1}\\lparen x > 0 \\rparen"):
        assert not _relation_outside_groups(split_steps(grouped), grouped)
