"""Steps in ordinary notation from fresh course notes that mdcheck once left undecided or judged
wrongly, each checked end to end with a wrong step beside it."""

from __future__ import annotations

from engine_notes import steps

from mdcheck.semantics.env import Environment
from mdcheck.semantics.prose import read_declaration, read_definition


def test_sizes_said_of_plural_matrices_without_an_article_declare_them() -> None:
    # "For invertible $n\times n$ matrices $A$ and $B$": n is their size, so `c^n` uses it.
    found = steps(
        r"For invertible $n\times n$ matrices $A$ and $B$ and a scalar $c$:"
        "\n\n"
        r"$$ \det(cA) = c^n \det A $$"
        "\n\n"
        r"$$ \det(cB) = c \det B $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_equation_the_prose_draws_with_so_is_a_condition_for_what_follows() -> None:
    # "so $Sw = \lambda w$, and then ...": the next step holds at the stationary point only.
    found = steps(
        r"Let $S$ be a symmetric $p\times p$ matrix and $w\in\mathbb R^p$ a unit vector."
        " Setting the gradient of the Lagrangian to zero,"
        "\n\n"
        r"$$ 2Sw - 2\lambda w = 0 $$"
        "\n\n"
        r"so $Sw = \lambda w$, and then $w^\top S w = \lambda w^\top w = \lambda$."
        "\n\n"
        r"$$ w^\top S w = w^\top S^\top w $$"
        "\n\n"
        r"$$ w^\top S w = 2 w^\top S^\top w $$"
        "\n"
    )
    statuses = [(s.status, s.kind) for s in found]
    assert ("broken", "broken") not in statuses[:3]
    assert statuses[-2:] == [("ok", "ok"), ("broken", "broken")]


def test_a_fraction_of_two_vectors_is_their_entrywise_quotient() -> None:
    # `\frac{y}{p}` in the gradient of the cross-entropy: y over p entry by entry.
    found = steps(
        r"For $z\in\mathbb R^K$ let $p = \operatorname{softmax}(z)$ and let $y\in\mathbb R^K$."
        "\n\n"
        r"$$ \nabla_z (-y^\top \log p) = -(\operatorname{diag}(p) - p p^\top)\frac{y}{p} $$"
        "\n\n"
        r"$$ \nabla_z (-y^\top \log p) = -(\operatorname{diag}(p) + p p^\top)\frac{y}{p} $$"
        "\n\n"
        r"$$ \operatorname{diag}(p)\frac{y}{p} = y $$"
        "\n\n"
        r"$$ \operatorname{diag}(p)\frac{y}{p} = p $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok", "broken"]


def test_a_size_said_in_apposition_declares_the_matrix() -> None:
    # "With $\Phi$ an $N\times M$ feature matrix": no verb between the symbol and its size.
    found = steps(
        r"With $\Phi$ an $N\times M$ feature matrix and a scalar $c$:"
        "\n\n"
        r"$$ \det(c\Phi\Phi^\top) = c^N \det(\Phi\Phi^\top) $$"
        "\n\n"
        r"$$ \det(c\Phi\Phi^\top) = c^M \det(\Phi\Phi^\top) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_vectors_the_prose_calls_the_rows_of_a_matrix_are_its_rows() -> None:
    # "$x_i^\top$ are the rows of $X$": sums over the samples are products with X.
    found = steps(
        r"Let $X\in\mathbb R^{n\times p}$ be the data matrix, where $x_i^\top$ are the rows of $X$,"
        r" and let $y\in\mathbb R^n$ and $w\in\mathbb R^p$."
        "\n\n"
        r"$$ \sum_{i=1}^n (y_i - x_i^\top w) x_i = X^\top y - X^\top X w $$"
        "\n\n"
        r"$$ \sum_{i=1}^n (y_i - x_i^\top w) x_i = X^\top y - X^\top X w + w $$"
        "\n\n"
        r"$$ \frac1n \sum_{i=1}^n (w^\top x_i)^2 = \frac1n w^\top X^\top X w $$"
        "\n\n"
        r"$$ \frac1n \sum_{i=1}^n (w^\top x_i)^2 = \frac2n w^\top X^\top X w $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok", "broken"]


def test_vectors_the_prose_calls_the_columns_of_a_matrix_are_its_columns() -> None:
    found = steps(
        r"Let $A \in \mathbb R^{m\times k}$ have columns $a_j$ and let $c\in\mathbb R^k$."
        "\n\n"
        r"$$ \sum_{j=1}^k c_j a_j = A c $$"
        "\n\n"
        r"$$ \sum_{j=1}^k c_j a_j = 2 A c $$"
        "\n\n"
        r"$$ \sum_{j=1}^k a_j a_j^\top = A A^\top $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok"]


def test_components_in_a_sum_over_a_family_nothing_says_are_rows_stay_undecided() -> None:
    # Without the sentence about rows, x_i are free symbols: the sum cannot equal X^T diag(w) X.
    found = steps(
        r"Let $X\in\mathbb R^{n\times p}$ and $\omega\in\mathbb R^n$."
        "\n\n"
        r"$$ X^\top \operatorname{diag}(\omega) X = \sum_{i=1}^n \omega_i x_i x_i^\top $$"
        "\n"
    )
    assert [s.status for s in found] == ["unchecked"]


def test_labels_in_a_finite_set_to_a_power_are_a_vector_of_that_length() -> None:
    # "labels $y\in\{0,1\}^n$": y is an n-vector (the comma inside the braces splits nothing).
    env = Environment()
    read_declaration(r"y \in \{0,1\}^n, w \in \mathbb R^d", env)
    read_declaration(r"b \in \{-1, +1\}", env)
    assert env.declarations["y"].dims == ("n", 1)
    assert env.declarations["w"].dims == ("d", 1)
    assert env.declarations["b"].dims == (1, 1)


def test_a_letter_said_to_satisfy_the_logistic_equation_is_the_logistic_function() -> None:
    # "Using $\sigma'(t) = \sigma(t)(1-\sigma(t))$": the prose says which sigma it means.
    found = steps(
        r"Let $X\in\mathbb{R}^{n\times d}$, $\theta\in\mathbb{R}^d$ and $\mu = \sigma(X\theta)$"
        r" entrywise. Using $\sigma'(t) = \sigma(t)(1-\sigma(t))$,"
        "\n\n"
        r"$$ \nabla_\theta \big(\mathbf 1^\top \mu\big) = X^\top (\mu \odot (1 - \mu)) $$"
        "\n\n"
        r"$$ \nabla_\theta \big(\mathbf 1^\top \mu\big) = X^\top \mu $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_additive_constant_in_words_is_a_term_derivatives_drop() -> None:
    # `\ell = ... + \text{const}`: a log-likelihood up to a constant, differentiated after.
    found = steps(
        r"Let $x, \mu\in\mathbb R^d$ and $\Sigma$ a symmetric positive definite $d\times d$ matrix."
        "\n\n"
        r"$$ \ell(\mu) = -\frac12 (x-\mu)^\top\Sigma^{-1}(x-\mu) + \text{const} $$"
        "\n\n"
        r"$$ \nabla_\mu \ell = \Sigma^{-1}(x - \mu) $$"
        "\n\n"
        r"$$ \nabla_\mu \ell = \Sigma^{-1}(\mu - x) $$"
        "\n\n"
        r"$$ -\frac12 (x-\mu)^\top\Sigma^{-1}(x-\mu) + \text{const}"
        r" = \mu^\top\Sigma^{-1}x - \frac12 \mu^\top\Sigma^{-1}\mu + \text{const} $$"
        "\n"
    )
    statuses = [(s.status, s.kind) for s in found]
    assert statuses[:3] == [("unchecked", "definition"), ("ok", "ok"), ("broken", "broken")]
    # The constant may absorb the terms without mu: the step is left open, not broken.
    assert statuses[3] == ("unchecked", "unknown-meaning")


def test_a_step_that_drops_the_additive_constant_is_not_broken() -> None:
    found = steps(
        r"Let $x\in\mathbb R^n$ and $A$ a symmetric $n\times n$ matrix."
        "\n\n"
        r"$$ -\frac12 x^\top A x + \text{const} = -\frac12 \operatorname{tr}(A x x^\top) $$"
        "\n\n"
        r"$$ -\frac12 x^\top A x + \text{const} = -\frac12 \operatorname{tr}(A x x^\top) + \text{const} $$"
        "\n\n"
        r"$$ -\frac12 x^\top A x = -\operatorname{tr}(A x x^\top) $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "unknown-meaning"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_half_powers_of_a_positive_definite_matrix_are_its_square_roots() -> None:
    # Whitening: Sigma^{-1/2} Sigma Sigma^{-1/2} = I for a covariance matrix.
    found = steps(
        r"Let $\Sigma$ be a symmetric positive definite $n\times n$ matrix and $A$ an $n\times n$ matrix."
        "\n\n"
        r"$$ \Sigma^{-1/2}\Sigma\Sigma^{-1/2} = I $$"
        "\n\n"
        r"$$ \Sigma^{1/2}\Sigma^{1/2} = \Sigma^{-1} $$"
        "\n\n"
        r"$$ \left(\Sigma^{1/2}\right)^{-1} = \Sigma^{-1/2} $$"
        "\n\n"
        r"$$ A^{1/2} A^{1/2} = A $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok", "unchecked"]


def test_the_power_rule_is_not_applied_to_a_square_root_of_a_matrix() -> None:
    # d(Sigma^{1/2}) is not (1/2) Sigma^{-1/2} dSigma for a matrix: no verdict from that rule.
    found = steps(
        r"Let $\Sigma$ be a symmetric positive definite $n\times n$ matrix."
        "\n\n"
        r"$$ d\big(\Sigma^{1/2}\big) = \frac12 \Sigma^{-1/2}\, d\Sigma $$"
        "\n"
    )
    assert [s.status for s in found] == ["unchecked"]


def test_a_vector_said_to_have_positive_entries_is_drawn_so() -> None:
    # "$w$ have positive entries": diag(w) is positive definite, so its square root exists.
    found = steps(
        r"Let $y\in\mathbb{R}^n$, and let $w\in\mathbb R^n$ have positive entries,"
        r" $\Omega = \operatorname{diag}(w)$."
        "\n\n"
        r"$$ y^\top\Omega y = \|\Omega^{1/2}y\|^2 $$"
        "\n\n"
        r"$$ y^\top\Omega y = \|\Omega y\|^2 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_one_minus_an_entrywise_function_is_entrywise_in_any_bracket() -> None:
    # `A^T(1 - \tanh^2(Ax))`: the 1 stands in every entry, outside any elementwise product too.
    found = steps(
        r"Let $A\in\mathbb{R}^{m\times n}$, $x\in\mathbb{R}^n$ and $s(x) = \mathbf 1^\top \tanh(Ax)$."
        "\n\n"
        r"$$ \nabla s(x) = A^\top\big(1 - \tanh^2(Ax)\big) $$"
        "\n\n"
        r"$$ \nabla s(x) = A^\top\big(1 + \tanh^2(Ax)\big) $$"
        "\n\n"
        r"$$ (1 - \tanh^2(0)) = 1 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok"]


def test_a_composition_of_defined_functions_is_not_an_entrywise_product() -> None:
    # `h = f \circ g`: f after g, not f times g entry by entry.
    found = steps(
        r"Let $g(x) = Ax$ with $A \in \mathbb{R}^{n\times n}$ and $f(u) = \tanh(u)$ entrywise."
        r" Let $h = f\circ g$ and $s(x) = \mathbf{1}^\top h(x)$."
        "\n\n"
        r"$$ \nabla s(x) = A^\top\big(1 - \tanh^2(Ax)\big) $$"
        "\n"
    )
    assert [s.status for s in found] != ["broken"]


def test_a_triangular_factor_is_drawn_triangular_with_a_positive_diagonal() -> None:
    # A Cholesky factor: log det of Sigma = L L^T is twice the sum of the logs of L's diagonal.
    found = steps(
        r"Suppose $\Sigma = LL^\top$ where $L$ is a lower triangular $p\times p$ matrix."
        "\n\n"
        r"$$ \log\det\Sigma = 2\sum_{i=1}^p \log L_{ii} $$"
        "\n\n"
        r"$$ \log\det\Sigma = \sum_{i=1}^p \log L_{ii} $$"
        "\n\n"
        r"$$ \det(L + L^\top) = \det(2L) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "broken"]


def test_a_function_written_without_brackets_before_a_sum_takes_the_whole_sum() -> None:
    # `\log \sum_j e^{x_j}`: the log-sum-exp, not the log of an empty sum times e^{x_j}.
    found = steps(
        r"Let $x\in\mathbb R^n$ and $p = \operatorname{softmax}(x)$."
        "\n\n"
        r"$$ \nabla_x \log \sum_{j=1}^n e^{x_j} = p $$"
        "\n\n"
        r"$$ \nabla_x \log \sum_{j=1}^n e^{x_j} = \exp(x) $$"
        "\n\n"
        r"$$ \log \sum_{j=1}^n e^{x_j} = \log(\mathbf 1^\top \exp(x)) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok"]


def test_a_density_defined_by_its_logarithm_is_differentiated_through_it() -> None:
    # `\log p(x) = ...`: p is the exponential of the right side, as a function of x.
    found = steps(
        r"Let $x, \mu\in\mathbb{R}^k$ and $\Sigma$ a symmetric positive definite $k\times k$ matrix."
        "\n\n"
        r"$$ \log p(x) = -\frac12\log\det\Sigma - \frac12(x-\mu)^\top\Sigma^{-1}(x-\mu) $$"
        "\n\n"
        r"$$ \nabla_x \log p(x) = -\Sigma^{-1}(x - \mu) $$"
        "\n\n"
        r"$$ \nabla_x \log p(x) = \Sigma^{-1}(x - \mu) $$"
        "\n\n"
        r"$$ \nabla_x^2 \log p(x) = -\Sigma^{-1} $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "definition"),
        ("ok", "ok"),
        ("broken", "broken"),
        ("ok", "ok"),
    ]


def test_a_property_after_with_belongs_to_the_symbol_after_it() -> None:
    # "$z$ ... with covariance $\Sigma$": Sigma is the covariance (symmetric, semidefinite), not z.
    found = steps(
        r"Let $z$ be a random vector in $\mathbb{R}^n$ with covariance $\Sigma$."
        "\n\n"
        r"$$ \Sigma^{-1/2}\Sigma\Sigma^{-1/2} = I $$"
        "\n\n"
        r"$$ \Sigma - \Sigma^\top = 0 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok"]


def test_a_loss_known_by_its_upstream_gradient_backpropagates_through_a_layer() -> None:
    # "With $g = \partial\ell/\partial h$ given": first derivatives through h follow from g.
    found = steps(
        r"Let $h = \tanh(Wx + b)$ where $W\in\mathbb{R}^{m\times n}$, $x\in\mathbb{R}^n$, $b\in\mathbb{R}^m$."
        r" With $g = \partial\ell/\partial h$ given,"
        "\n\n"
        r"$$ \frac{\partial \ell}{\partial b} = (1 - h\odot h)\odot g $$"
        "\n\n"
        r"$$ \frac{\partial \ell}{\partial x} = W^\top\big((1 - h\odot h)\odot g\big) $$"
        "\n\n"
        r"$$ \frac{\partial \ell}{\partial b} = (1 + h\odot h)\odot g $$"
        "\n\n"
        r"$$ \frac{\partial^2 \ell}{\partial b\,\partial b^\top} = 0 $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("ok", "ok"),
        ("broken", "broken"),
        ("unchecked", "unknown-meaning"),
    ]


def test_an_upstream_gradient_of_a_matrix_gives_the_weight_gradient() -> None:
    found = steps(
        r"Let $Y = WX$ with $W \in \mathbb{R}^{k\times d}$ and $X \in \mathbb{R}^{d \times B}$."
        r" Write $G = \partial L/\partial Y$ for the upstream gradient."
        "\n\n"
        r"$$ \frac{\partial L}{\partial W} = G X^\top $$"
        "\n\n"
        r"$$ \frac{\partial L}{\partial X} = W^\top G $$"
        "\n\n"
        r"$$ \frac{\partial L}{\partial W} = G X^\top W^\top W $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_derivative_of_a_matrix_or_of_one_of_many_layers_is_no_upstream_gradient() -> None:
    # `\dot A = dA/dt` names a derivative of a matrix; `g_n = \partial\ell/\partial y_n` one of many.
    env = Environment()
    read_definition(r"\dot A = \frac{dA}{dt}", env)
    read_definition(r"g_n = \partial \ell/\partial y_n", env)
    assert env.given_gradients == {}
    read_definition(r"G = \partial L/\partial Y", env)
    assert env.given_gradients == {"L": "G"}
