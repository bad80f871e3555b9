"""An unknown function written without its argument (`df`, `\\frac{df}{dx}`) in a step that applies
it to one variable (`f'(x)`) stands for its value there, `f(x)`; the verdict names that reading."""

from __future__ import annotations

import pytest
from engine_notes import one_step

PROSE = r"Let $f: \mathbb{R} \to \mathbb{R}$ be smooth and $x$ a scalar." + "\n\n"

CASES = [
    (r"df = f'(x) dx", "ok"),
    (r"df(x) = \frac{df}{dx} dx", "ok"),
    (r"\frac{df}{dx} = f'(x)", "ok"),
    (r"\frac{d^2 f}{dx^2} = f''(x)", "ok"),
    (r"df = 2 f'(x) dx", "broken"),
    (r"\frac{df}{dx} = f''(x)", "broken"),
]


@pytest.mark.parametrize(("step", "status"), CASES)
def test_a_bare_function_is_its_value_at_the_one_argument(step: str, status: str) -> None:
    found = one_step(PROSE, step)
    assert found.status == status
    assert "f as f(x)" in found.reading


@pytest.mark.parametrize(
    "step",
    [
        r"df = f'(x) dx + f'(y) dy",  # two points: which one `f` stands for is not said
        r"\frac{\partial g(f)}{\partial f} = g'(f)",  # differentiated by: f is a variable here
        r"d(f(x)^2) = 2 f(x) f'(x) dx",  # not written bare: the verdict names no such reading
    ],
)
def test_a_bare_function_is_left_alone_when_the_point_is_not_one_variable(step: str) -> None:
    assert "as f(" not in one_step(PROSE, step).reading


def test_a_bare_function_given_in_terms_of_itself_stays_unchecked() -> None:
    """`d\\sigma = \\sigma(z)(1 - \\sigma(z)) dz` is true of the logistic function, not of the random
    stand-in for an unknown one: not broken."""
    prose = r"Let $\sigma$ be a smooth function and $z$ a scalar." + "\n\n"
    for step in (r"d\sigma = \sigma(z)(1 - \sigma(z)) dz", r"d\sigma(z) = \sigma(z)(1 - \sigma(z)) dz"):
        found = one_step(prose, step)
        assert found.status == "unchecked"
        assert found.kind == "unknown-meaning"


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (r"d\sigma = \sigma(z)(1 - \sigma(z)) dz", "ok"),
        (r"d\sigma(z) = \sigma(z)(1 - \sigma(z)) dz", "ok"),
        (r"d\sigma = 2\sigma(z)(1 - \sigma(z)) dz", "broken"),
        (r"d\sigma = \sigma(z)(1 - \sigma(z)) dz + \sigma(y)\,dy", "unchecked"),  # two points: no value
    ],
)
def test_a_bare_defined_function_is_its_value_where_the_step_applies_it(step: str, status: str) -> None:
    # Once the prose says sigma is the logistic function, a bare sigma is sigma(z), not the function
    # at a parameter of its own (that made a correct step broken).
    prose = r"Let $\sigma$ be the logistic function and $y, z$ scalars." + "\n\n"
    assert one_step(prose, step).status == status


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (r"df = f'(x) dx", "ok"),  # f of one argument: another f than the defined f(x, y)
        (r"df = 2 f'(x) dx", "broken"),
        (r"df = 2x\, dx + 3\, dy", "ok"),  # f applied nowhere: the defined f(x, y)
    ],
)
def test_a_bare_function_of_another_arity_than_its_definition(step: str, status: str) -> None:
    prose = r"For example $f(x, y) = x^2 + 3y$ for scalars $x, y$." + "\n\n"
    assert one_step(prose, step).status == status
