"""End-to-end checks, on real notes in tmp_path, of notations careful readers know: names a step
gives to part of the expression before it, gradients of a loss the notes define only in words,
derivatives of known functions (`\\tanh'`), sums over a family of symbols (`\\sum_k W_k`), the
inner product binding loosest, `dtr(...)`, and a display opened by a list bullet."""

from __future__ import annotations

from pathlib import Path

from engine_notes import verdicts_by_line

from mdcheck.verdicts import StepVerdict


def verdicts(tmp_path: Path, text: str) -> dict[int, list[StepVerdict]]:
    return verdicts_by_line(tmp_path, text, "note.md")


def statuses(found: dict[int, list[StepVerdict]], line: int) -> list[str]:
    return [v.status for v in found[line]]


NAMING = """Let $p(u) = \\frac{e^u}{\\mathbf{1}^T e^u}$.

$$dp\\mathbf{1}^T e^u = e^u \\odot du - p\\mathbf{1}^T (e^u \\odot du)$$

$$= (I - p\\mathbf{1}^T)(e^u \\odot du)$$

$$= K(e^u \\odot du)$$

$$dp = K(p \\odot du)$$

$$dp = K p \\odot du$$

$$dp = p \\odot du$$
"""


def test_a_name_given_mid_chain_stands_for_the_part_it_replaces(tmp_path: Path) -> None:
    found = verdicts(tmp_path, NAMING)
    assert [v.kind for v in found[7]] == ["definition"]  # names K for I - p 1^T
    assert statuses(found, 9) == ["ok"]
    # Wrong with K in it: K might be meant otherwise, so not a finding, and the reason says why.
    assert [v.kind for v in found[11]] == ["unknown-meaning"]
    assert "standing for" in found[11][0].reason
    # Wrong without the name: a finding.
    assert statuses(found, 13) == ["broken"]


def test_a_name_with_two_readings_is_not_bound(tmp_path: Path) -> None:
    text = "$$X = ABCD$$\n\n$$= PQD$$\n\n$$PQ = ABC$$\n"
    found = verdicts(tmp_path, text)
    assert [v.kind for v in found[3]] == ["unknown-meaning"]  # P = A, Q = BC or P = AB, Q = C
    assert [v.kind for v in found[5]] == ["unknown-meaning"]


GRADIENTS = """The loss $J$ is the cross entropy of the last layer's output, and $\\nabla_{Z} J$ its gradient.

$$\\nabla_{Z}J \\cdot (A + B) = \\nabla_{Z}J \\cdot A + \\nabla_{Z}J \\cdot B$$

$$\\nabla_{Z}J \\cdot (A + B) = \\nabla_{Z}J \\cdot A$$

$$d_{Z}J + \\frac{1}{2}(dZ \\cdot Z + Z \\cdot dZ) = \\nabla_{Z}J \\cdot dZ + Z \\cdot dZ$$
"""


def test_a_gradient_of_a_loss_defined_in_words_is_an_arbitrary_value(tmp_path: Path) -> None:
    found = verdicts(tmp_path, GRADIENTS)
    assert statuses(found, 3) == ["ok"]
    # False for an arbitrary gradient, but the real one is not known: not a finding.
    assert [v.kind for v in found[5]] == ["unknown-meaning"]
    assert "arbitrary value of \\nabla_{Z}J" in found[5][0].reason
    # d_Z J is the gradient's inner product with dZ.
    assert statuses(found, 7) == ["ok"]


FUNCTIONS = """$$\\tanh'(A) = \\mathbf{1}\\mathbf{1}^T - \\tanh^2(A)$$

$$\\tanh'(A) = \\mathbf{1}\\mathbf{1}^T - \\tanh(A)$$

$$d\\tanh(A) = \\tanh'(A) \\odot dA$$

$$d(f_j(A_j)) = f'_j(A_j) \\odot dA_j$$

$$dtr(AX) = \\operatorname{tr}(A\\,dX)$$

$$dtr(AX) = \\operatorname{tr}(dX A)$$

$$dtr(AX) = \\operatorname{tr}(A^T dX)$$
"""


def test_derivatives_of_functions_and_plain_trace_after_d(tmp_path: Path) -> None:
    found = verdicts(tmp_path, FUNCTIONS)
    assert statuses(found, 1) == ["ok"]
    assert statuses(found, 3) == ["broken"]
    assert statuses(found, 5) == ["ok"]
    assert statuses(found, 7) == ["ok"]
    assert statuses(found, 9) == ["ok"]
    assert statuses(found, 11) == ["ok"]
    assert statuses(found, 13) == ["broken"]


FAMILY = """The layers have weights $W_j$, $j = 1, \\dots, L$;
$A \\cdot B$ is the Frobenius inner product.

$$d_{W_j}\\left(\\sum_k W_k \\cdot W_k\\right) = \\sum_k d_{W_j}(W_k \\cdot W_k)$$

$$\\sum_k d_{W_j}(W_k \\cdot W_k) = 2 W_j \\cdot dW_j$$

$$\\sum_k d_{W_j}(W_k \\cdot W_k) = W_j \\cdot dW_j$$

$$\\sum_{i} (u_i - v_i) \\cdot w_i = \\sum_{i} u_i \\cdot w_i - \\sum_{i} v_i \\cdot w_i$$

$$\\sum_{i} (u_i - v_i) \\cdot w_i = \\sum_{i} u_i \\cdot w_i$$
"""


def test_a_sum_over_a_family_of_symbols_is_written_out(tmp_path: Path) -> None:
    found = verdicts(tmp_path, FAMILY)
    assert statuses(found, 4) == ["ok"]
    assert statuses(found, 6) == ["ok"]
    assert statuses(found, 8) == ["broken"]
    # `u_i` with no `u_j` written: entries of u or one vector per index; both readings agree here.
    assert statuses(found, 10) == ["ok"]
    assert statuses(found, 12) == ["broken"]


LOOSE = """Here $A \\cdot B$ denotes the Frobenius inner product of two matrices.

$$G \\cdot (F \\odot H) = G \\cdot F \\odot H$$

$$G \\cdot F \\odot H = (G \\odot F) \\cdot H$$

$$G \\cdot F \\odot H = (G \\odot H) \\cdot H$$
"""


def test_the_inner_product_binds_loosest_where_nothing_else_types(tmp_path: Path) -> None:
    found = verdicts(tmp_path, LOOSE)
    assert statuses(found, 3) == ["ok"]
    assert statuses(found, 5) == ["ok"]
    assert statuses(found, 7) == ["broken"]


BULLET = """$$\\bullet \\ f(x) = a^T x$$

$$\\nabla_x f = a$$

$$\\nabla_x f = 2a$$
"""


def test_a_bullet_opening_a_display_is_a_list_mark(tmp_path: Path) -> None:
    found = verdicts(tmp_path, BULLET)
    assert [v.kind for v in found[1]] == ["definition"]
    assert statuses(found, 3) == ["ok"]
    assert statuses(found, 5) == ["broken"]
