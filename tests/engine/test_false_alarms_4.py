"""Correct steps of realistic notes (problem sets, lecture notes, ML and statistics derivations) that
mdcheck once reported broken, each checked end to end with a wrong step beside it."""

from __future__ import annotations

from engine_notes import steps


def test_a_size_used_as_a_number_sizes_the_ones_vectors_nothing_else_sizes() -> None:
    # `\frac1d` with x in R^d: the ones vectors of the centring matrix have d entries, so 1^T 1 = d.
    found = steps(
        r"For $x \in \mathbb{R}^d$ let $m = \frac1d \mathbf{1}^\top x$ and"
        r" $P = I - \frac1d \mathbf 1\mathbf 1^\top$."
        "\n\n"
        r"$$ I - \frac2d \mathbf 1\mathbf 1^T + \frac1{d^2}\mathbf 1(\mathbf 1^T\mathbf 1)\mathbf 1^T = P $$"
        "\n\n"
        r"$$ \mathbf 1^\top\mathbf 1 = d $$"
        "\n\n"
        r"$$ I - \frac1d \mathbf 1\mathbf 1^T + \frac1{d^2}\mathbf 1(\mathbf 1^T\mathbf 1)\mathbf 1^T = P $$"
        "\n\n"
        r"$$ \mathbf 1^\top\mathbf 1 = 2d $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken", "broken"]


def test_a_scalar_defined_by_its_square_is_its_square_root() -> None:
    # "Let $\sigma^2 = \frac1N x^T C x$": sigma is the standard deviation, not a free number.
    found = steps(
        r"Let $x\in\mathbb R^N$, $\mathbf 1\in\mathbb R^N$ and $C = I_N - \frac1N\mathbf 1\mathbf 1^T$."
        "\n"
        r"Let $\sigma^2 = \frac1N x^TCx$ and $\hat x = Cx/\sqrt{\sigma^2+\epsilon}$, $g\in\mathbb R^N$."
        "\n\n"
        r"$$ \nabla_x (g^T\hat x) = \frac{1}{\sqrt{\sigma^2+\epsilon}}(Cg - \frac1N\hat x\hat x^Tg) $$"
        "\n\n"
        r"$$ \nabla_x (g^T\hat x) = \frac{1}{\sqrt{\sigma^2+\epsilon}}(g - \frac1N\hat x\hat x^Tg) $$"
        "\n\n"
        r"$$ \sigma^2 = \frac1N \|Cx\|^2 $$"
        "\n\n"
        r"$$ \sigma^2 = \frac1N \|x\|^2 $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok", "broken"]


def test_a_coefficient_with_letters_in_front_of_a_gradient_s_operand_is_part_of_it() -> None:
    # `\nabla_w \frac{\lambda}{2}\|w\|^2` was the gradient of lambda/2 alone (zero) times the norm.
    found = steps(
        r"Let $X \in \mathbb R^{n\times d}$, $w\in\mathbb R^d$, $y\in\mathbb R^n$, $\lambda, s > 0$."
        "\n\n"
        r"$$ \nabla_w \frac{\lambda}{2}\|w\|^2 = \lambda w $$"
        "\n\n"
        r"$$ \nabla_w \frac{1}{2s^2}\|y - Xw\|^2 = -\frac{1}{s^2}X^T(y - Xw) $$"
        "\n\n"
        r"$$ \nabla_w \lambda w^Tw = 2\lambda w $$"
        "\n\n"
        r"$$ \nabla_w \frac{1}{2s^2}\|y - Xw\|^2 = -\frac{1}{s}X^T(y - Xw) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]


def test_a_letter_the_prose_calls_the_logistic_function_is_the_logistic_function() -> None:
    # "$\sigma$ the logistic function": sigma was a random smooth function, so the gradient failed.
    found = steps(
        r"Let $X \in \mathbb R^{n\times d}$, $w\in\mathbb R^d$, $y\in\mathbb R^n$,"
        r" and $\sigma$ the logistic function."
        "\n\n"
        r"$$ \nabla_w \left(y^T\log \sigma(Xw)\right) = X^T(y \odot (1 - \sigma(Xw))) $$"
        "\n\n"
        r"$$ \sigma(-z) = 1 - \sigma(z) $$"
        "\n\n"
        r"$$ \nabla_w \left(y^T\log \sigma(Xw)\right) = X^T(y \odot \sigma(Xw)) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_scalar_named_before_the_logistic_function_stays_a_scalar() -> None:
    found = steps(
        r"For a scalar $z$, the logistic function is $\sigma(z) = \frac{1}{1 + e^{-z}}$."
        "\n\n"
        r"$$ \sigma'(z) = \sigma(z)(1 - \sigma(z)) $$"
        "\n\n"
        r"$$ \sigma'(z) = \sigma(z)(1 + \sigma(z)) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_matrix_whose_gram_matrix_is_the_identity_has_orthonormal_columns() -> None:
    # "the thin SVD $X = USV^T$ with $U^TU = I$": U was drawn as any matrix.
    found = steps(
        r"Let $X \in \mathbb{R}^{n \times p}$, $\lambda > 0$. Take the thin SVD $X = U S V^T$ with"
        r" $U\in\mathbb{R}^{n\times p}$, $V \in\mathbb{R}^{p\times p}$ orthogonal, $U^TU = I$,"
        r" and $S\in\mathbb{R}^{p\times p}$ diagonal."
        "\n\n"
        r"$$ X^TX + \lambda I = V(S^2 + \lambda I)V^T $$"
        "\n\n"
        r"$$ \operatorname{tr}(X(X^TX+\lambda I)^{-1}X^T) = \operatorname{tr}(S^2(S^2+\lambda I)^{-1}) $$"
        "\n\n"
        r"$$ X^TX + \lambda I = V(S + \lambda I)V^T $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_next_iterate_written_with_a_plus_is_a_name() -> None:
    # `w^{+}` could not be parsed, so neither its definition nor the steps using it were read.
    found = steps(
        r"Let $w, g\in\mathbb R^d$ and $\eta > 0$."
        "\n\n"
        r"$$ w^{+} = w - \eta g $$"
        "\n\n"
        r"$$ \|w^{+} - w\|^2 = \eta^2 g^Tg $$"
        "\n\n"
        r"$$ \|w^+ - w\|^2 = \eta g^Tg $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "definition"),
        ("ok", "ok"),
        ("broken", "broken"),
    ]


def test_a_definition_in_prose_takes_its_first_reading_whose_shapes_agree() -> None:
    # `\log(1 + \exp(X\beta))` in a definition was read as a number plus a vector, so every step
    # through the log-likelihood was untyped.
    found = steps(
        r"Let $X\in\mathbb R^{n\times p}$, $y\in\mathbb R^n$, $\beta\in\mathbb R^p$, and $\sigma$ the"
        r" logistic function. The log-likelihood is"
        r" $\ell(\beta) = y^TX\beta - \mathbf 1^T\log(1 + \exp(X\beta))$."
        "\n\n"
        r"$$ \nabla_\beta \ell = X^T\left(y - \sigma(X\beta)\right) $$"
        "\n\n"
        r"$$ \nabla_\beta \ell = X^T\left(y + \sigma(X\beta)\right) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_argument_written_against_its_function_is_not_an_equation_number() -> None:
    # `s = \tanh(a)` lost its `(a)` as if it were a label, so s was "defined by LaTeX mdcheck
    # cannot read" and every step through it was unchecked.
    found = steps(
        r"Let $a, g \in\mathbb R^k$ and $s = \tanh(a)$."
        "\n\n"
        r"$$ \nabla_a (g^T s) = (1 - s\odot s)\odot g $$"
        "\n\n"
        r"$$ \nabla_a (g^T s) = (1 + s\odot s)\odot g \qquad (a) $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_an_equation_worked_on_after_eliminating_or_multiplying_is_a_condition() -> None:
    # Equations derived from a constraint ("eliminating x in Ax = b", "multiplying by v^T", "its
    # fixed point satisfies") hold for the solution only; they were reported broken.
    found = steps(
        r"Let $H\in\mathbb R^{n\times n}$ be symmetric positive definite, $c\in\mathbb R^n$,"
        r" $A\in\mathbb R^{m\times n}$, $b, \nu\in\mathbb{R}^m$."
        "\n\n"
        r"Eliminating $x = -H^{-1}(c + A^T\nu)$ in $Ax = b$:"
        "\n\n"
        r"$$ -AH^{-1}c - AH^{-1}A^T\nu = b $$"
        "\n\n"
        r"Let $W\in\mathbb R^{m\times k}$, $H\in\mathbb R^{k\times n}$, $V\in\mathbb R^{m\times n}$."
        " Its fixed point satisfies\n\n"
        r"$$ H \odot (W^TWH) = H \odot (W^TV) $$"
        "\n\n"
        "The expansion:\n\n"
        r"$$ \|V - WH\|_F^2 = \mathrm{tr}(V^TV) - \mathrm{tr}(V^TWH) + \mathrm{tr}(H^TW^TWH) $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "condition"),
        ("unchecked", "condition"),
        ("broken", "broken"),
    ]


def test_a_declared_size_at_the_end_of_a_chain_is_its_value() -> None:
    # `... = p` with X in R^{n x p}: p was taken for a new name (or a value at a point), so the
    # right size went unchecked and so did a wrong one.
    found = steps(
        r"Let $X\in\mathbb R^{n\times p}$ have full column rank and $H = X(X^TX)^{-1}X^T$."
        "\n\n"
        r"$$ \operatorname{tr}(H) = \operatorname{tr}\left((X^TX)^{-1}X^TX\right) = p $$"
        "\n\n"
        r"$$ \operatorname{tr}(H) = \operatorname{tr}\left((X^TX)^{-1}X^TX\right) = n $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]


def test_a_number_added_to_a_vector_inside_diag_is_in_every_entry() -> None:
    # `\operatorname{diag}(1 - s\odot s)`, in a step or in a definition in prose, was a number
    # plus a vector: untyped.
    found = steps(
        r"Let $W\in\mathbb R^{k\times k}$, $h, a, \delta\in\mathbb R^k$, $s = \tanh(a)$ and"
        r" $D = \operatorname{diag}(1 - s\odot s)$."
        "\n\n"
        r"$$ \nabla_a \left(\delta^T\tanh(a)\right) = D\delta $$"
        "\n\n"
        r"$$ \nabla_W \left(\delta^T\tanh(Wh)\right) = \operatorname{diag}(1 - \tanh^2(Wh))\delta h^T $$"
        "\n\n"
        r"$$ \nabla_W \left(\delta^T\tanh(Wh)\right) = h\delta^T D $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_an_equation_said_of_commuting_matrices_is_assumed() -> None:
    # "For commuting $A$ and $B$, $AB = BA$": e^{A+B} = e^A e^B holds for them only.
    found = steps(
        r"Let $A\in\mathbb R^{n\times n}$. For commuting $A$ and $B\in\mathbb R^{n\times n}$, $AB = BA$:"
        "\n\n"
        r"$$ e^{A+B} = e^Ae^B $$"
        "\n\n"
        r"$$ \frac{d}{dt}(I - tA)^{-1} = -(I - tA)^{-1}A(I - tA)^{-1} $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("broken", "broken")]


def test_a_step_that_holds_only_for_the_logistic_sigma_is_unchecked_when_sigma_is_not_said() -> None:
    # `p = \sigma(Xw)` with sigma never defined: a random stand-in made the gradient broken.
    found = steps(
        r"Let $X \in \mathbb R^{n\times d}$, $y, p\in\mathbb R^n$, $w\in\mathbb R^d$ and $p = \sigma(Xw)$."
        "\n\n"
        r"$$ J(w) = -y^T\log p - (\mathbf 1 - y)^T\log(\mathbf 1 - p) $$"
        "\n\n"
        r"$$ \nabla J(w) = X^T(p - y) $$"
        "\n\n"
        r"$$ \nabla J(w) = X^T(y - p) $$"
        "\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "definition"),
        ("unchecked", "unknown-meaning"),
        ("broken", "broken"),
    ]


def test_a_boxed_result_is_a_step() -> None:
    # `\boxed{a = b}` was one lone expression: neither the right nor the wrong result was checked.
    found = steps(
        r"Let $X\in\mathbb R^{n\times p}$, $y\in\mathbb R^n$, $w\in\mathbb R^p$, $\lambda > 0$."
        "\n\n"
        r"$$ \boxed{\nabla_w\left(\|y - Xw\|^2 + \lambda\|w\|^2\right) = 2(X^TX + \lambda I)w - 2X^Ty} $$"
        "\n\n"
        r"$$ \boxed{\nabla_w\left(\|y - Xw\|^2 + \lambda\|w\|^2\right) = 2(X^TX + \lambda I)w - X^Ty} $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_the_derivative_of_an_entrywise_function_times_a_matrix_differential_is_entrywise() -> None:
    # `df(X) = f'(X) dX` with X m x n: the product cannot be a matrix product, so it is the
    # entrywise one; the declared sizes were set aside instead, X made square and the step broken.
    found = steps(
        r"Let $X \in \mathbb{R}^{m\times n}$ and $f$ a smooth function applied entrywise."
        "\n\n"
        r"$$ df(X) = f'(X)\, dX $$"
        "\n\n"
        r"$$ df(X) = 2f'(X)\, dX $$"
        "\n\n"
        r"$$ df(X) = dX\, f'(X)^T $$"
        "\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "broken"]
    assert "entrywise" in found[0].reading


def test_a_reading_that_types_with_the_declared_shapes_comes_before_setting_them_aside() -> None:
    # `f'(z) dz` with z declared in R^n: `f'` as a diagonal matrix types with the declared shapes; the
    # plain product was retried with z a scalar first, a weaker check that was reported as the reading.
    found = steps(
        r"Let $z \in \mathbb{R}^{n}$."
        "\n\n"
        r"$$ df(z) = f'(z)\, dz $$"
        "\n"
    )
    assert found[0].status == "ok"
    assert "diagonal" in found[0].reading and "set aside" not in found[0].reading
