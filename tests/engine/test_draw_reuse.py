"""Testing a step again reuses what it can without changing a number: the generators give
numpy's streams, and a `StepTester` draws the same values and reaches the same outcome as
testing each reading afresh."""

from __future__ import annotations

import numpy as np
import pytest

from mdcheck.numeric import compare
from mdcheck.numeric.compare import Outcome, StepTester
from mdcheck.semantics import ir
from mdcheck.semantics.meaning import SymbolInfo, TypedStep

SALT = "x^TAx=x^TA^Tx"


@pytest.mark.parametrize(
    "seed, trial, key", [(0, 0, 0), (1, 2, 3), (2**32 - 1, 7, 2**31 + 5), (12345, 1, 99)]
)
def test_generators_give_the_streams_of_default_rng(seed: int, trial: int, key: int) -> None:
    ours, numpys = compare._generator(seed, trial, key), np.random.default_rng([seed, trial, key])
    assert ours.bit_generator.state == numpys.bit_generator.state
    assert np.array_equal(ours.standard_normal(20), numpys.standard_normal(20))


def _quadratic(transposed: bool, properties: frozenset[str] = frozenset()) -> TypedStep:
    """`x^T A x = x^T A x` or `x^T A^T x` with x a 3-vector and A a 3×3 matrix."""
    x, a = ir.Sym("x"), ir.Sym("A")
    rhs_a: ir.Expr = ir.Transpose(a) if transposed else a
    symbols = (SymbolInfo("x", (3, 1), frozenset(), True), SymbolInfo("A", (3, 3), properties, False))
    lhs = ir.Mul((ir.Transpose(x), a, x))
    rhs = ir.Mul((ir.Transpose(x), rhs_a, x))
    return TypedStep(lhs, rhs, (), symbols, {}, (), (), frozenset({"x"}))


def _same(a: Outcome, b: Outcome) -> bool:
    assert a.first is not None and b.first is not None
    same_values = all(np.array_equal(a.first.values[k], b.first.values[k]) for k in ("x", "A"))
    return a.result == b.result and a.rel_errors == b.rel_errors and same_values


def test_a_tester_reaches_the_outcomes_of_fresh_tests() -> None:
    readings = [_quadratic(False), _quadratic(True), _quadratic(True, frozenset({"symmetric"}))]
    tester = StepTester(trials=3, seed=0)
    for reading in readings:
        assert _same(tester.test(reading, 1e-8, SALT), compare.test_step(reading, 3, 0, 1e-8, SALT))
    # x^T A x = x^T A^T x holds for any A: the second reading drew the first one's values again.
    assert tester.test(readings[1], 1e-8, SALT).result == "ok"


def test_a_reading_tested_again_keeps_its_outcome() -> None:
    tester = StepTester(trials=3, seed=0)
    reading = _quadratic(True)
    first = tester.test(reading, 1e-8, SALT)
    assert tester.test(reading, 1e-8, SALT) is first
    assert tester.test(reading, 1e-8, "another step") is not first


@pytest.mark.parametrize("seed", range(20))
def test_a_scalar_is_drawn_as_numpys_uniform_draws_it(seed: int) -> None:
    from mdcheck.numeric.draws import SymbolSpec, value_for

    ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
    spec = SymbolSpec("c", (1, 1))
    drawn = [float(value_for(spec, ours, integer=False)[0, 0]) for _ in range(5)]
    assert drawn == [numpys.uniform(0.5, 1.5) for _ in range(5)]
    assert ours.standard_normal() == numpys.standard_normal()  # the streams stay in step
