"""Property tests of the checking engine: an identity obtained from random well-typed expressions by
a valid law is reported ok; the same identity with a mutation that keeps it well typed but false
(dropped transpose, swapped factors, flipped sign, factor 2, dropped term) is reported broken."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from expr_gen import DSym, Expr, fails_everywhere, holds, is_zero, symbols, walk
from expr_latex import (
    BEFORE_GROUP,
    BEFORE_TRACE,
    CALL_BRACKETS,
    CALL_PARENS,
    DIFFERENTIALS,
    HADAMARDS,
    HALVES,
    PARENS,
    PRODUCTS,
    SIZED_PARENS,
    TRACES,
    TRANSPOSES,
    Style,
    document,
)
from expr_laws import (
    ALGEBRA_LAWS,
    CALCULUS_LAWS,
    VARYING_GRAMMAR,
    Identity,
    in_context,
    mutations,
    whole_mutations,
)
from expr_strategies import CORE, Grammar
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mdcheck import check_text
from mdcheck.verdicts import StepVerdict


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


@dataclass(frozen=True)
class Case:
    """A document to check, and what is expected of its steps (shown when a property fails)."""

    latex: str
    law: str
    mutation: str = ""


CORE_SPELLINGS: dict[str, tuple[object, ...]] = {
    "transpose": tuple(t for t in TRANSPOSES if t != "^{\\mathsf T}"),
    "trace": TRACES,
    "product": tuple(p for p in PRODUCTS if p != " \\cdot "),
    "paren": PARENS,
    "call_paren": CALL_PARENS,
    "hadamard": HADAMARDS,
    "differential": DIFFERENTIALS,
    "minus_t": (False, True),
    "nested_parens": (False, True),
    "dx_transpose_bare": (False, True),
    "half": ("\\frac{1}{2}",),
    "before_trace": BEFORE_TRACE,
    "dx_before_group": ("brackets",),
    "diff_before_group": ("brackets",),
    "prime_before_group": ("brackets",),
}


def styles(**spellings: tuple[object, ...]) -> st.SearchStrategy[Style]:
    """Random spellings: the core ones, except where `spellings` names others."""
    choices = {**CORE_SPELLINGS, **spellings}
    return st.builds(Style, **{field: st.sampled_from(options) for field, options in choices.items()})


def _unwritten_varying(sides: list[Expr]) -> bool:
    """Some symbol varies (appears inside a `d(...)`) but no side writes its `dX`."""
    varying = {s for e in sides for s in symbols(e) if s.varying}
    written = {x.sym for e in sides for x in walk(e) if isinstance(x, DSym)}
    return bool(varying - written)


@st.composite
def valid_case(draw: st.DrawFn, laws: dict, grammar: Grammar, style: st.SearchStrategy[Style]) -> Case:
    name = draw(st.sampled_from(sorted(laws)))
    identity: Identity = draw(laws[name](grammar=grammar) if laws is ALGEBRA_LAWS else laws[name]())
    identity = draw(in_context(identity, CORE))
    assert holds(identity.lhs, identity.rhs), f"the generator made a false identity: {identity}"
    sides = [identity.lhs, identity.rhs]
    if draw(st.booleans()):
        sides.reverse()
    text = document(sides, draw(style), draw(st.booleans()), identity.vary, draw(st.booleans()))
    return Case(text, identity.law)


@st.composite
def mutated_case(
    draw: st.DrawFn, laws: dict, grammar: Grammar, kind: str, style: st.SearchStrategy[Style]
) -> Case:
    name = draw(st.sampled_from(sorted(laws)))
    identity: Identity = draw(laws[name](grammar=grammar) if laws is ALGEBRA_LAWS else laws[name]())
    identity = draw(in_context(identity, CORE, most=1))
    candidates = [m for k, m in mutations(identity.rhs) + whole_mutations(identity.rhs) if k == kind]
    assume(candidates)
    wrong = draw(st.sampled_from(candidates))
    # `0 = ...` is a condition, not an identity; a mutation must make a defined, different side.
    assume(not is_zero(identity.lhs) and fails_everywhere(identity.lhs, wrong))
    # Where the mutation removes the last written dY, the document must still say that Y varies:
    # by the whole correct expansion as an earlier step of the chain, or by a directive.
    as_chain = draw(st.booleans())
    sides = [identity.lhs, identity.rhs, wrong] if as_chain else [identity.lhs, wrong]
    vary = identity.vary or (not as_chain and _unwritten_varying([identity.lhs, wrong]))
    text = document(sides, draw(style), draw(st.booleans()), vary, draw(st.booleans()))
    return Case(text, identity.law, kind)


def _verdicts(case: Case) -> tuple[StepVerdict, ...]:
    return check_text(case.latex).steps


def _explain(case: Case, steps: tuple[StepVerdict, ...]) -> str:
    lines = [f"{s.status} ({s.kind}) {s.lhs} {s.relation} {s.rhs}: {s.reason}" for s in steps]
    return f"\n{case.latex}\n" + "\n".join(lines)


def assert_valid(case: Case) -> None:
    steps = _verdicts(case)
    assert len(steps) == 1, _explain(case, steps)
    assert steps[0].status == "ok", _explain(case, steps)


def assert_mutation_broken(case: Case) -> None:
    steps = _verdicts(case)
    assert len(steps) in (1, 2), _explain(case, steps)
    if len(steps) == 2:  # lhs = rhs = wrong: the valid step first
        assert steps[0].status == "ok", _explain(case, steps)
    assert steps[-1].status == "broken", _explain(case, steps)


ALGEBRA_KINDS = ("dropped transpose", "swapped factors", "flipped sign", "factor 2")
CALCULUS_KINDS = ("dropped term", "swapped factors", "flipped sign", "factor 2")


# -- valid laws are never reported broken (nor unchecked) ---------------------------------------
@pytest.mark.parametrize("law", sorted(ALGEBRA_LAWS))
@_settings(40)
@given(data=st.data())
def test_algebra_law_is_ok(law: str, data: st.DataObject) -> None:
    case = data.draw(valid_case({law: ALGEBRA_LAWS[law]}, CORE, styles()), label="case")
    assert_valid(case)


@pytest.mark.parametrize("law", sorted(CALCULUS_LAWS))
@_settings(40)
@given(data=st.data())
def test_calculus_law_is_ok(law: str, data: st.DataObject) -> None:
    case = data.draw(valid_case({law: CALCULUS_LAWS[law]}, VARYING_GRAMMAR, styles()), label="case")
    assert_valid(case)


# -- mutations are always reported broken --------------------------------------------------------
@pytest.mark.parametrize("kind", ALGEBRA_KINDS)
@_settings(40)
@given(data=st.data())
def test_algebra_mutation_is_broken(kind: str, data: st.DataObject) -> None:
    case = data.draw(mutated_case(ALGEBRA_LAWS, CORE, kind, styles()), label="case")
    assert_mutation_broken(case)


@pytest.mark.parametrize("kind", CALCULUS_KINDS)
@_settings(40)
@given(data=st.data())
def test_calculus_mutation_is_broken(kind: str, data: st.DataObject) -> None:
    case = data.draw(mutated_case(CALCULUS_LAWS, VARYING_GRAMMAR, kind, styles()), label="case")
    assert_mutation_broken(case)


# -- notation the core grammar leaves out, each on its own --------------------------------------
@_settings(30)
@given(data=st.data())
def test_scalar_valued_products_as_factors(data: st.DataObject) -> None:
    grammar = replace(CORE, scalar_products=True)
    case = data.draw(valid_case(ALGEBRA_LAWS, grammar, styles()), label="case")
    assert_valid(case)


@_settings(30)
@given(data=st.data())
def test_sized_delimiters(data: st.DataObject) -> None:
    case = data.draw(valid_case(ALGEBRA_LAWS, CORE, styles(paren=SIZED_PARENS)), label="case")
    assert_valid(case)


@_settings(30)
@given(data=st.data())
def test_halves(data: st.DataObject) -> None:
    grammar = replace(CORE, halves=True)
    case = data.draw(valid_case(ALGEBRA_LAWS, grammar, styles(half=HALVES)), label="case")
    assert_valid(case)


@_settings(30)
@given(data=st.data())
def test_mathsf_transpose(data: st.DataObject) -> None:
    case = data.draw(valid_case(ALGEBRA_LAWS, CORE, styles(transpose=("^{\\mathsf T}",))), label="case")
    assert_valid(case)


@_settings(30)
@given(data=st.data())
def test_trace_with_bracket_argument(data: st.DataObject) -> None:
    case = data.draw(valid_case(ALGEBRA_LAWS, CORE, styles(call_paren=CALL_BRACKETS)), label="case")
    assert_valid(case)


@_settings(30)
@given(data=st.data())
def test_prime_before_a_bracket(data: st.DataObject) -> None:
    style = styles(transpose=("'",), prime_before_group=(" ", ""))
    case = data.draw(valid_case(ALGEBRA_LAWS, CORE, style), label="case")
    assert_valid(case)


@_settings(30)
@given(data=st.data())
def test_differential_before_a_bracket(data: st.DataObject) -> None:
    """`dX (A + B)`, `dX\\,(A + B)`: the differential of X times a bracket."""
    kind = data.draw(st.sampled_from(CALCULUS_KINDS), label="kind")
    style = styles(dx_before_group=BEFORE_GROUP)
    case = data.draw(mutated_case(CALCULUS_LAWS, VARYING_GRAMMAR, kind, style), label="case")
    assert_mutation_broken(case)


@_settings(30)
@given(data=st.data())
def test_differential_of_a_bracket_before_a_bracket(data: st.DataObject) -> None:
    """`d(AX)(AX)^{-1}`: the differential of AX times a bracket."""
    kind = data.draw(st.sampled_from(CALCULUS_KINDS), label="kind")
    style = styles(diff_before_group=BEFORE_GROUP)
    case = data.draw(mutated_case(CALCULUS_LAWS, VARYING_GRAMMAR, kind, style), label="case")
    assert_mutation_broken(case)


@_settings(30)
@given(data=st.data())
def test_cdot_between_matrices(data: st.DataObject) -> None:
    """`A \\cdot B` is the matrix product unless the document says `cdot inner`."""
    kind = data.draw(st.sampled_from(ALGEBRA_KINDS), label="kind")
    case = data.draw(mutated_case(ALGEBRA_LAWS, CORE, kind, styles(product=(" \\cdot ",))), label="case")
    assert_mutation_broken(case)
