"""Property tests of the checking engine: an identity obtained from random well-typed expressions by
a valid law is reported ok; the same identity with a mutation that keeps it well typed but false
(dropped transpose, swapped factors, flipped sign, factor 2, dropped term) is reported broken."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from expr_gen import (
    ALL_DIMS,
    Diff,
    DSym,
    Expr,
    Num,
    Prod,
    Scaled,
    Sum,
    fails_everywhere,
    finite_difference_error,
    holds,
    is_zero,
    symbols,
    walk,
)
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
    declarations,
    document,
    latex,
)
from expr_laws import (
    ALGEBRA_LAWS,
    CALCULUS_LAWS,
    Identity,
    anchored,
    in_context,
    inverse_of_long_product,
    mutations,
    product_rule,
    whole_mutations,
)
from expr_strategies import CORE, Grammar, expression
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from mdcheck import check_text
from mdcheck.verdicts import StepVerdict


def _settings(examples: int, shrink: bool = True) -> settings:
    """Reproducible (derandomized, no example database), no deadline; a property marked as an
    expected failure is not shrunk again (its minimal example is in the reason)."""
    phases = tuple(Phase) if shrink else (Phase.explicit, Phase.generate)
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


@dataclass(frozen=True)
class Case:
    """A document to check, and what is expected of its steps (shown when a property fails)."""

    latex: str
    law: str
    mutation: str = ""


CORE_SPELLINGS: dict[str, tuple[object, ...]] = {
    "transpose": TRANSPOSES,
    "trace": TRACES,
    "product": PRODUCTS,
    "paren": PARENS + SIZED_PARENS,
    "call_paren": CALL_PARENS + CALL_BRACKETS,
    "hadamard": HADAMARDS,
    "differential": DIFFERENTIALS,
    "minus_t": (False, True),
    "nested_parens": (False, True),
    "dx_transpose_bare": (False, True),
    "half": tuple(h for h in HALVES if h != "0.5"),
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
    identity: Identity = draw(laws[name](grammar=grammar))
    identity = draw(in_context(identity, CORE))
    assert holds(identity.lhs, identity.rhs), f"the generator made a false identity: {identity}"
    sides = [identity.lhs, identity.rhs]
    if draw(st.booleans()):
        sides.reverse()
    text = document(sides, draw(style), draw(st.booleans()), identity.vary, draw(st.booleans()))
    return Case(text, identity.law)


@st.composite
def mutated_case(
    draw: st.DrawFn,
    laws: dict,
    grammar: Grammar,
    kind: str,
    style: st.SearchStrategy[Style],
    halved: bool = False,
) -> Case:
    """A valid identity with one mutation of its right side; `halved` puts both sides under ½."""
    name = draw(st.sampled_from(sorted(laws)))
    identity: Identity = draw(laws[name](grammar=grammar))
    identity = draw(in_context(identity, CORE, most=1))
    if halved:
        identity = replace(identity, lhs=Scaled(Num(0.5), identity.lhs), rhs=Scaled(Num(0.5), identity.rhs))
    candidates = [m for k, m in mutations(identity.rhs) + whole_mutations(identity.rhs) if k == kind]
    assume(candidates)
    wrong = draw(st.sampled_from(candidates))
    # `0 = ...` is a condition, not an identity; a mutation must make a defined, different side.
    # A mutation that makes a side zero (`d(M^T) P` for a constant M) has its own property below.
    assume(not is_zero(identity.lhs) and fails_everywhere(identity.lhs, wrong) and not is_zero(wrong))
    # Where the mutation removes the last written dY, the document must still say that Y varies:
    # by the whole correct expansion as an earlier step of the chain, or by a directive.
    as_chain = draw(st.booleans())
    sides = [identity.lhs, identity.rhs, wrong] if as_chain else [identity.lhs, wrong]
    vary = identity.vary or (not as_chain and _unwritten_varying([identity.lhs, wrong]))
    text = document(sides, draw(style), draw(st.booleans()), vary, draw(st.booleans()))
    return Case(text, identity.law, kind)


@st.composite
def product_rule_without_its_second_term(draw: st.DrawFn, style: st.SearchStrategy[Style]) -> Case:
    """`d(FG) = d(F) G`, F and G both varying, the differentials left as `d(F)` (so `vary`)."""
    identity: Identity = draw(product_rule(grammar=CALCULUS, literal=True, both_vary=True))
    assert isinstance(identity.rhs, Sum)
    wrong = identity.rhs.terms[0]
    assume(fails_everywhere(identity.lhs, wrong))
    text = document([identity.lhs, wrong], draw(style), draw(st.booleans()), True, draw(st.booleans()))
    return Case(text, identity.law, "dropped term")


@st.composite
def constant_differential_case(draw: st.DrawFn, style: st.SearchStrategy[Style]) -> Case:
    """`d((C + V) G) = d(C) G`: the varying term dropped, the other side now zero."""
    r, k, c = (draw(st.sampled_from(CALCULUS.dims)) for _ in range(3))
    constant: Expr = draw(expression((r, k), 1, ALGEBRA))
    moving: Expr = draw(anchored(draw(expression((r, k), 1, CALCULUS))))
    factor: Expr = draw(expression((k, c), 1, ALGEBRA))
    lhs = Diff(Prod((Sum((constant, moving)), factor)))
    wrong = Prod((Diff(constant), factor))
    assume(not is_zero(lhs))
    text = document([lhs, wrong], draw(style), draw(st.booleans()), True, draw(st.booleans()))
    return Case(text, "product rule", "dropped term")


@st.composite
def prime_elsewhere(draw: st.DrawFn, style: st.SearchStrategy[Style]) -> Case:
    """A valid identity, after a derivation that writes one of its matrices `Z' (Z) = Z'Z`."""
    identity: Identity = draw(draw(st.sampled_from(sorted(ALGEBRA_LAWS.items())))[1](grammar=SQUARISH))
    matrices = sorted(s.latex for s in symbols(identity.lhs) if "1" not in s.shape)
    assume(matrices)
    z = draw(st.sampled_from(matrices))
    spelled = draw(style)
    main = f"{latex(identity.lhs, spelled)} = {latex(identity.rhs, spelled)}"
    head = declarations([identity.lhs, identity.rhs], draw(st.booleans()), False)
    return Case(f"{head}\n\n$$\n{z}' ({z}) = {z}'{z}\n$$\n\n$$\n{main}\n$$\n", identity.law)


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
# The core grammar: symbols, products, sums and differences, transposes, inverses, traces, scalar
# multiples (2A, \frac{1}{2}A, aA, A\alpha, tr(B)A, (x^T y)A) and Hadamard products.
ALGEBRA = replace(CORE, halves=True, scalar_factors=("number", "symbol", "trace", "product"))
# In differentials a 1×1 product as a scalar factor has its own property (an expected failure).
CALCULUS = replace(
    ALGEBRA, varying=True, dims=("n", "n", "m", "p", "1"), scalar_factors=("number", "symbol", "trace")
)
# Mutations need square factors side by side (to swap) or under a transpose (to drop it).
SQUARISH = replace(ALGEBRA, dims=("n", "n", "m", "p", "1"))
EXAMPLES = 40  # per law or per mutation kind


# -- valid laws are reported ok (never broken, nor unchecked) -----------------------------------
@pytest.mark.parametrize("law", sorted(ALGEBRA_LAWS))
@_settings(EXAMPLES)
@given(data=st.data())
def test_algebra_law_is_ok(law: str, data: st.DataObject) -> None:
    case = data.draw(valid_case({law: ALGEBRA_LAWS[law]}, ALGEBRA, styles()), label="case")
    assert_valid(case)


@pytest.mark.parametrize("law", sorted(CALCULUS_LAWS))
@_settings(EXAMPLES)
@given(data=st.data())
def test_calculus_law_is_ok(law: str, data: st.DataObject) -> None:
    case = data.draw(valid_case({law: CALCULUS_LAWS[law]}, CALCULUS, styles()), label="case")
    assert_valid(case)


# -- mutations are reported broken ---------------------------------------------------------------
@pytest.mark.parametrize("kind", ALGEBRA_KINDS)
@_settings(EXAMPLES)
@given(data=st.data())
def test_algebra_mutation_is_broken(kind: str, data: st.DataObject) -> None:
    case = data.draw(mutated_case(ALGEBRA_LAWS, SQUARISH, kind, styles()), label="case")
    assert_mutation_broken(case)


@pytest.mark.parametrize("kind", CALCULUS_KINDS)
@_settings(EXAMPLES)
@given(data=st.data())
def test_calculus_mutation_is_broken(kind: str, data: st.DataObject) -> None:
    case = data.draw(mutated_case(CALCULUS_LAWS, CALCULUS, kind, styles()), label="case")
    assert_mutation_broken(case)


# -- one property per notation or case where the engine was found wrong (open bugs are xfail) --
@_settings(EXAMPLES)
@given(data=st.data())
def test_scalar_valued_products_as_factors(data: st.DataObject) -> None:
    grammar = replace(ALGEBRA, scalar_factors=("product",))
    case = data.draw(valid_case(ALGEBRA_LAWS, grammar, styles()), label="case")
    assert_valid(case)


@_settings(EXAMPLES)
@given(data=st.data())
def test_scalar_valued_products_in_differentials(data: st.DataObject) -> None:
    grammar = replace(CALCULUS, scalar_factors=("product",))
    case = data.draw(valid_case(CALCULUS_LAWS, grammar, styles()), label="case")
    assert_valid(case)


@_settings(EXAMPLES)
@given(data=st.data())
def test_prime_before_a_bracket(data: st.DataObject) -> None:
    """A matrix written `Z' (Z)` in one derivation is still a matrix in the next one."""
    case = data.draw(prime_elsewhere(styles()), label="case")
    steps = _verdicts(case)
    assert len(steps) == 2, _explain(case, steps)
    assert [s.status for s in steps] == ["ok", "ok"], _explain(case, steps)


@_settings(EXAMPLES)
@given(data=st.data())
def test_differential_before_a_bracket(data: st.DataObject) -> None:
    """`dX (A + B)`, `dX\\,(AX)^{-1}`: the differential of X times a bracket."""
    style = styles(dx_before_group=BEFORE_GROUP)
    case = data.draw(valid_case(CALCULUS_LAWS, CALCULUS, style), label="case")
    assert_valid(case)


@_settings(EXAMPLES)
@given(data=st.data())
def test_differential_of_a_bracket_before_a_factor(data: st.DataObject) -> None:
    """`d(PS)XU`: the differential of PS, times X and U."""
    case = data.draw(product_rule_without_its_second_term(styles(diff_before_group=BEFORE_GROUP)))
    assert_mutation_broken(case)


@_settings(EXAMPLES)
@given(data=st.data())
def test_differential_of_a_constant(data: st.DataObject) -> None:
    """`d(A^T X) = (d(A^T))X` with A constant: the right side works out to zero, but it is not
    written as zero, so the step is a mistake (broken), not a condition."""
    case = data.draw(constant_differential_case(styles()), label="case")
    assert_mutation_broken(case)


@_settings(EXAMPLES)
@given(data=st.data())
def test_decimal_coefficient(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(("factor 2", "flipped sign")), label="kind")
    style = styles(half=("0.5",))
    case = data.draw(mutated_case(ALGEBRA_LAWS, ALGEBRA, kind, style, halved=True), label="case")
    assert_mutation_broken(case)


@_settings(EXAMPLES)
@given(data=st.data())
def test_inverse_of_a_long_product(data: st.DataObject) -> None:
    """`(F_1 ... F_k)^{-1} = F_k^{-1} ... F_1^{-1}` for four to eight factors: the comparison allows
    for the conditioning of what is inverted, so a true identity is never unstable."""
    laws = {"inverse of a long product": inverse_of_long_product}
    case = data.draw(valid_case(laws, ALGEBRA, styles()), label="case")
    assert_valid(case)


# -- the generator itself -----------------------------------------------------------------------
@_settings(30)
@given(data=st.data())
def test_generator_differentials_match_finite_differences(data: st.DataObject) -> None:
    """The exact differentials the laws are built on agree with central differences."""
    shape = (data.draw(st.sampled_from(ALL_DIMS)), data.draw(st.sampled_from(ALL_DIMS)))
    e = data.draw(anchored(data.draw(expression(shape, 2, CALCULUS))), label="e")
    assert finite_difference_error(e) < 1e-5
