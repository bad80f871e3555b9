"""A function the notes define by a formula for numbers (`\\sigma(t) = 1/(1+e^{-t})`) and then apply
to a vector (`\\sigma(Xw)`) acts on each entry: the formula's numbers, quotients and products are
read entrywise, so the step is checked rather than left untyped."""

from __future__ import annotations

import pytest
from engine_notes import one_step

from mdcheck.semantics import ir
from mdcheck.semantics.entrywise import ENTRYWISE_FORMULA_NOTE, entrywise_body

DATA = (
    r"Data $X \in \mathbb{R}^{n \times p}$ with rows $x_i^T$, weights $w \in \mathbb{R}^p$, and $f(t) = {}$."
)

FORMULAS = [
    r"1/(1+e^{-t})",
    r"\log(1+e^{t})",
    r"t(1-t)",
    r"\frac{1}{1 + \exp(-t)} - \frac12",
    r"\sqrt{1 + t^2}",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_sum_over_rows_equals_the_matrix_form_with_the_formula_on_each_entry(formula: str) -> None:
    prose = DATA.replace("{}", formula) + "\n\n"
    right = one_step(prose, r"\sum_{i=1}^n f(x_i^T w) x_i = X^T f(Xw)")
    assert right.status == "ok", right.reason
    wrong = one_step(prose, r"\sum_{i=1}^n f(x_i^T w) x_i = 2 X^T f(Xw)")
    assert wrong.status == "broken", wrong.reason


def test_the_entrywise_reading_is_named_when_it_gave_the_verdict() -> None:
    prose = DATA.replace("{}", r"\log(1+e^{t})") + "\n\n"
    verdict = one_step(prose, r"\mathbf{1}^T f(Xw) = \sum_{i=1}^n f(x_i^T w)")
    assert verdict.status == "ok", verdict.reason
    assert ENTRYWISE_FORMULA_NOTE in verdict.reading


def test_the_formula_still_applies_as_written_to_a_number() -> None:
    prose = r"Let $s(t) = 1/(1 + e^{-t})$ and $a \in \mathbb{R}$." + "\n\n"
    assert one_step(prose, r"s(a) = 1 - s(-a)").status == "ok"
    assert one_step(prose, r"s(a) = 1 + s(-a)").status == "broken"


def test_formulas_with_nothing_entrywise_to_change_get_no_second_reading() -> None:
    t = ir.Sym("t")
    assert entrywise_body(ir.Func("exp", (t,)), ("t",)) is None
    assert entrywise_body(ir.Power(t, ir.Const(2.0)), ("t",)) is None
    assert entrywise_body(ir.Add((ir.Const(1.0), ir.Sym("c"))), ("t",)) is None  # t not in it


def test_a_formula_with_a_matrix_operation_has_no_entrywise_form() -> None:
    t = ir.Sym("t")
    assert entrywise_body(ir.Add((ir.Const(1.0), ir.Transpose(t))), ("t",)) is None
    assert entrywise_body(ir.Div(ir.Const(1.0), ir.Trace(t)), ("t",)) is None


def test_a_quotient_and_a_product_of_entries_become_entrywise() -> None:
    t = ir.Sym("t")
    got = entrywise_body(ir.Div(ir.Const(1.0), ir.Add((ir.Const(1.0), t))), ("t",))
    assert isinstance(got, ir.HadamardDiv)
    assert isinstance(got.right, ir.Add) and any(isinstance(x, ir.Ones) for x in ir.walk(got.right))
    prod = entrywise_body(ir.Mul((ir.Const(2.0), t, ir.Add((ir.Const(1.0), ir.Scale(-1.0, t))))), ("t",))
    assert isinstance(prod, ir.Mul) and isinstance(prod.factors[-1], ir.Hadamard)
