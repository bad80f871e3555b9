"""End-to-end checks, on real notes in tmp_path, of layers written with a symbolic index: a member
of a family at a neighbour's index, the chain rule between the gradients of a loss at two layers,
a loss "without its regularization term", `\\nabla_A J^T`, and a chain that starts with `d_{V,c}J`."""

from __future__ import annotations

from pathlib import Path

from engine_notes import verdicts_by_line

from mdcheck.verdicts import StepVerdict


def verdicts(tmp_path: Path, text: str) -> dict[int, list[StepVerdict]]:
    return verdicts_by_line(tmp_path, text, "layers.md")


def line_of(text: str, fragment: str) -> int:
    """The line of `text` holding `fragment` (1-based)."""
    for k, line in enumerate(text.splitlines(), 1):
        if fragment in line:
            return k
    raise AssertionError(fragment)


def first_status(found: dict[int, list[StepVerdict]], line: int) -> str:
    return found[line][0].status


# A feed-forward stack: the loss is a formula of the last layer plus a penalty on the weights.
STACK = r"""# A stack of layers

Take $H_0 = X$ and, for $k = 1, \dots, K$, $P_k = H_{k-1}M_k + \mathbf{1}c_k^T$ and $H_k = g_k(P_k)$.
Here $A \cdot B$ is the inner product of two matrices of one shape.

$$E = \frac{1}{2n}(H_K - T) \cdot (H_K - T) + \frac{1}{2}\mu \sum_{i} M_i \cdot M_i$$

Let $E_0$ be $E$ without the regularization term.

$$d_{H_K}E_0 = \frac{1}{n}(H_K - T) \cdot dH_K$$

$$d_{H_K}E_0 = \frac{2}{n}(H_K - T) \cdot dH_K$$

$$d_{H_{k-1}}E_0 = \nabla_{H_k}E_0 \cdot dH_k$$

$$d_{H_{k-1}}E_0 = \nabla_{H_k}E_0 \cdot (dH_{k-1}M_k)$$

$$\nabla_{H_{k-1}}E = (\nabla_{H_k}E \odot g'_k(P_k))M_k^T$$

$$\nabla_{H_{k-1}}E = (\nabla_{H_k}E \odot g'_k(P_k))M_k$$

$$\nabla_{M_k}E = H_{k-1}^T(\nabla_{H_k}E_0 \odot g'_k(P_k)) + \mu M_k$$

$$\nabla_{M_k}E = H_{k-1}^T(\nabla_{H_k}E_0 \odot g'_k(P_k))$$

$$d_{M_k}E = \nabla_{H_k}E \cdot dH_k$$

$$\nabla_{H_k}E = 0$$

$$dP_{k+1} = dH_k M_{k+1}$$

$$dP_{k+1} = dH_k M_k$$
"""


def test_a_loss_without_its_regularization_term(tmp_path: Path) -> None:
    found = verdicts(tmp_path, STACK)
    assert first_status(found, line_of(STACK, r"E_0 = \frac{1}{n}")) == "ok"
    assert first_status(found, line_of(STACK, r"E_0 = \frac{2}{n}")) == "broken"


def test_the_chain_rule_between_two_layers(tmp_path: Path) -> None:
    found = verdicts(tmp_path, STACK)
    assert first_status(found, line_of(STACK, r"E_0 \cdot dH_k$$")) == "ok"
    assert first_status(found, line_of(STACK, r"\odot g'_k(P_k))M_k^T")) == "ok"
    assert first_status(found, line_of(STACK, r"+ \mu M_k")) == "ok"
    # Wrong: the loss's gradient at a layer stands for an arbitrary value, so a step that fails
    # is not a finding, but it is never ok.
    for wrong in (r"(dH_{k-1}M_k)", r"\odot g'_k(P_k))M_k$$", r"g'_k(P_k))$$", r"d_{M_k}E ="):
        step = found[line_of(STACK, wrong)][0]
        assert step.status == "unchecked", wrong
        assert step.kind == "unknown-meaning"
        assert "arbitrary value" in step.reason


def test_a_gradient_across_a_symbolic_gap_is_not_zero(tmp_path: Path) -> None:
    # E depends on H_k through the layers up to H_K: its gradient there is not 0.
    found = verdicts(tmp_path, STACK)
    assert first_status(found, line_of(STACK, r"\nabla_{H_k}E = 0")) != "ok"


def test_a_member_at_the_next_index(tmp_path: Path) -> None:
    found = verdicts(tmp_path, STACK)
    assert first_status(found, line_of(STACK, "dP_{k+1} = dH_k M_{k+1}")) == "ok"
    assert first_status(found, line_of(STACK, "dP_{k+1} = dH_k M_k$$")) == "broken"


# A recurrence: the loss is a sum of per-step terms written entry by entry (not evaluated).
RECURRENCE = r"""# A recurrence

Here $A \cdot B$ is the inner product of two matrices of one shape.

$$P_{s} = H_{s-1}M_{s} + X_{s}R_{s} + \mathbf{1}c_{s}^{T}$$

$$H_{s} = \tanh(P_{s})$$

$$Q_{s} = H_{s}V_{s} + \mathbf{1}e_{s}^{T}$$

$$E_{s} = \sum_{i} \ln(Q_{si\cdot}) \cdot T_{si\cdot}$$

$$E = \sum_{s=1}^{S} E_{s}$$

$$d_{P_s}E = \nabla_{P_{s+1}}E \cdot dP_{s+1} + \nabla_{Q_s}E \cdot dQ_s$$

$$d_{P_s}E = \nabla_{P_{s+1}}E \cdot dP_{s+1}$$

$$d_{M_s,c_s}E = (H_{s-1}^T \nabla_{P_s} E) \cdot dM_s + (\nabla_{P_s} E^T \mathbf{1}) \cdot dc_s$$

$$d_{M_s,c_s}E = (H_{s-1}^T \nabla_{P_s} E) \cdot dM_s + (\nabla_{P_s} E \mathbf{1}) \cdot dc_s$$

$$\begin{aligned}
d_{V_s,e_s}E &= \nabla_{Q_s}E \cdot dQ_s \\
&= \nabla_{Q_s}E \cdot (H_s dV_s) + \nabla_{Q_s}E \cdot (\mathbf{1}de_s^T) \\
d_{P_s}E &= \nabla_{Q_s}E \cdot dQ_s
\end{aligned}$$
"""


def test_the_chain_rule_through_two_later_nodes(tmp_path: Path) -> None:
    found = verdicts(tmp_path, RECURRENCE)
    assert first_status(found, line_of(RECURRENCE, r"dP_{s+1} + \nabla_{Q_s}")) == "ok"
    # Wrong: P_s also reaches E through Q_s.
    assert first_status(found, line_of(RECURRENCE, r"E \cdot dP_{s+1}$$")) == "unchecked"


def test_a_transposed_gradient_and_parameters_of_one_step(tmp_path: Path) -> None:
    found = verdicts(tmp_path, RECURRENCE)
    assert first_status(found, line_of(RECURRENCE, r"E^T \mathbf{1}) \cdot dc_s")) == "ok"
    assert first_status(found, line_of(RECURRENCE, r"E \mathbf{1}) \cdot dc_s")) != "ok"


def test_a_chain_from_a_partial_differential_varies_only_its_variables(tmp_path: Path) -> None:
    found = verdicts(tmp_path, RECURRENCE)
    assert first_status(found, line_of(RECURRENCE, r"d_{V_s,e_s}E &=")) == "ok"
    assert first_status(found, line_of(RECURRENCE, r"(H_s dV_s)")) == "ok"
    # A second chain in the same display with another variable: dQ_s now follows dP_s, and
    # the gradient at P_s does not equal the one at Q_s.
    assert first_status(found, line_of(RECURRENCE, r"d_{P_s}E &=")) != "ok"
