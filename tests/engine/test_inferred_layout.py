"""The layout a document keeps to, inferred from its derivative claims: a claim that holds only in
the other layout is a wrong-layout finding, unless the document mixes layouts or speaks of both."""

from __future__ import annotations

from engine_notes import steps

DECLARED = (
    r"Let $A, B \in \mathbb{R}^{n \times n}$ be invertible and $X \in \mathbb{R}^{m \times n}$,"
    r" $C \in \mathbb{R}^{n\times m}$." + "\n\n"
)
DENOMINATOR = [
    r"\frac{\partial}{\partial A}\log|\det A| = A^{-T}",
    r"\frac{\partial}{\partial X}\operatorname{tr}(CX) = C^T",
    r"\frac{\partial}{\partial A}\operatorname{tr}(A^TBA) = (B + B^T)A",
]
NUMERATOR_ONLY = r"\frac{\partial}{\partial A}\operatorname{tr}(A^{-1}B) = -A^{-1}BA^{-1}"


def note(*displays: str, prose: str = "") -> str:
    return DECLARED + prose + "".join(f"$$ {d} $$\n\n" for d in displays)


def test_a_claim_in_the_other_layout_than_the_documents_is_wrong_layout() -> None:
    found = steps(note(*DENOMINATOR, NUMERATOR_ONLY))
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]
    assert found[-1].kind == "wrong-layout"
    assert "numerator" in found[-1].reason


def test_two_claims_are_too_few_to_infer_a_layout() -> None:
    found = steps(note(*DENOMINATOR[:2], NUMERATOR_ONLY))
    assert [s.status for s in found] == ["ok", "ok", "ok"]


def test_a_document_that_speaks_of_both_layouts_is_not_judged_by_its_majority() -> None:
    prose = "In numerator layout the derivative is transposed; we mostly use denominator layout.\n\n"
    found = steps(note(*DENOMINATOR, NUMERATOR_ONLY, prose=prose))
    assert [s.status for s in found] == ["ok", "ok", "ok", "ok"]


def test_gradients_written_with_nabla_are_no_evidence_of_a_layout() -> None:
    # Column gradients with nabla and row derivatives with \partial: a common, consistent convention.
    nablas = [
        r"\nabla_x (a^Tx) = a",
        r"\nabla_x (x^TBx) = (B + B^T)x",
        r"\nabla_x \|x\|^2 = 2x",
    ]
    prose = r"Let $a, x \in \mathbb{R}^n$." + "\n\n"
    found = steps(note(*nablas, r"\frac{\partial}{\partial x}(a^Tx) = a^T", prose=prose))
    assert [s.status for s in found] == ["ok", "ok", "ok", "ok"]


def test_jacobians_and_gradients_may_keep_different_layouts() -> None:
    # Jacobians in numerator layout, gradients of scalars in denominator layout: mixed on purpose.
    prose = r"Let $x \in \mathbb{R}^n$." + "\n\n"
    found = steps(note(*DENOMINATOR, r"\frac{\partial (ABx)}{\partial x} = AB", prose=prose))
    assert all(s.status == "ok" for s in found), [(s.line, s.status, s.reason) for s in found]


JACOBIANS = r"Let $x \in \mathbb{R}^n$ and $M \in \mathbb{R}^{m \times n}$." + "\n\n"
NUMERATOR_JACOBIAN = r"\frac{\partial (Mx)}{\partial x} = M"
DENOMINATOR_JACOBIAN = r"\frac{\partial (Mx)}{\partial x} = M^T"


def test_a_layout_the_text_adopts_decides_from_one_claim_on() -> None:
    text = "# Jacobians in numerator layout\n\n" + JACOBIANS
    text += f"$$ {NUMERATOR_JACOBIAN} $$\n\n$$ {DENOMINATOR_JACOBIAN} $$\n"
    found = steps(text)
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("broken", "wrong-layout")]


def test_a_passing_mention_of_a_layout_adopts_nothing() -> None:
    text = JACOBIANS + "Written in numerator layout the Jacobian is a matrix with m rows:\n\n"
    text += f"$$ {NUMERATOR_JACOBIAN} $$\n\n$$ {DENOMINATOR_JACOBIAN} $$\n"
    found = steps(text)
    assert [s.status for s in found] == ["ok", "ok"]


def test_a_claim_checked_at_a_point_is_no_evidence_of_a_layout() -> None:
    # `\partial tr(X) / \partial X = I` holds in both layouts; checked as a step to plain numbers, in
    # its first reading only, it was counted as holding in numerator layout only and flagged.
    found = steps(
        note(
            *DENOMINATOR,
            r"\frac{\partial}{\partial X}\operatorname{tr}(X^2) = 2X^T",
            r"\frac{\partial}{\partial A}\operatorname{tr}(A) = I",
        )
    )
    assert [s.status for s in found] == ["ok"] * 5


def test_a_derivative_by_a_row_variable_is_no_evidence_of_a_layout() -> None:
    # `\partial / \partial x^T` gives a row in either convention: not a numerator-layout claim.
    text = r"Let $b, x \in \mathbb{R}^n$ and $A \in \mathbb{R}^{n \times n}$." + "\n\n"
    displays = [
        r"\frac{\partial}{\partial x} b^Tx = b",
        r"\frac{\partial}{\partial x} x^TAx = (A + A^T)x",
        r"\frac{\partial}{\partial x} \|x\|^2 = 2x",
        r"\frac{\partial}{\partial x^T} b^Tx = b^T",
    ]
    found = steps(text + "".join(f"$$ {d} $$\n\n" for d in displays))
    assert [s.status for s in found] == ["ok"] * 4
