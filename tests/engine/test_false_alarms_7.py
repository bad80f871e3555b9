"""Steps of small notes (EM for factor analysis, Fisher's discriminant, commuting matrix exponentials,
a display that defines a name after using it) that mdcheck once judged wrongly, checked end to end."""

from __future__ import annotations

from engine_notes import steps

FA_DECLARATIONS = (
    "Loadings $\\Lambda \\in \\mathbb R^{d\\times k}$, {psi}, $x\\in\\mathbb R^d$, "
    "$\\mathbb{E}[z] = m \\in \\mathbb R^k$ and {m}.\n\n"
)
FA_STEP = (
    "$$ \\frac{\\partial}{\\partial \\Lambda}\\operatorname{tr}(\\Lambda^\\top\\Psi^{-1}\\Lambda M)"
    " = {rhs} $$\n"
)


def _fa_note(psi: str, m: str, rhs: str) -> str:
    return FA_DECLARATIONS.replace("{psi}", psi).replace("{m}", m) + FA_STEP.replace("{rhs}", rhs)


def test_a_property_word_before_a_noun_like_noise_is_said_of_the_symbol_after() -> None:
    # "diagonal noise $\Psi$" gave Psi no property: the gradient, true for a symmetric Psi, was broken.
    psi = "diagonal noise $\\Psi \\in \\mathbb R^{d\\times d}$"
    m = "$M \\in \\mathbb{R}^{k\\times k}$ symmetric"
    found = steps(_fa_note(psi, m, "2\\Psi^{-1}\\Lambda M"))
    assert [s.status for s in found] == ["ok"]
    assert [s.status for s in steps(_fa_note(psi, m, "2\\Psi\\Lambda M"))] == ["broken"]


def test_a_declaration_after_an_equation_declares_the_symbol_after_it() -> None:
    # `\mathbb{E}[zz^T] = M \in \mathbb{R}^{k \times k}` (symmetric) declared nothing (the symbol was
    # looked for before the `=`): M was drawn as any matrix and the step was broken.
    psi = "$\\Psi \\in \\mathbb R^{d\\times d}$ diagonal"
    m = "$\\mathbb E[zz^\\top] = M \\in \\mathbb{R}^{k\\times k}$ (symmetric)"
    assert [s.status for s in steps(_fa_note(psi, m, "2\\Psi^{-1}\\Lambda M"))] == ["ok"]
    assert [s.status for s in steps(_fa_note(psi, m, "\\Psi^{-1}\\Lambda M"))] == ["broken"]


def test_a_name_the_display_defines_after_using_it_is_read_with_that_definition() -> None:
    # `X\hat\beta = X(X^TX)^{-1}X^Ty, \qquad \hat\beta = (X^TX)^{-1}X^Ty`: the first step used
    # \hat\beta before the display defined it, as a free symbol, and was broken.
    prose = (
        "Let $X \\in \\mathbb{R}^{n\\times p}$ and $y \\in \\mathbb{R}^n$."
        " The fitted values $X\\hat\\beta$ are a projection of $y$:\n\n"
    )
    right = steps(
        prose
        + "$$ X\\hat\\beta = X(X^\\top X)^{-1}X^\\top y, \\qquad \\hat\\beta = (X^\\top X)^{-1}X^\\top y $$\n"
    )
    assert [(s.status, s.kind) for s in right] == [("ok", "ok"), ("unchecked", "definition")]
    wrong = steps(prose + "$$ X\\hat\\beta = X^\\top y, \\qquad \\hat\\beta = (X^\\top X)^{-1}X^\\top y $$\n")
    assert [s.status for s in wrong] == ["broken", "unchecked"]


def test_matrices_said_to_commute_after_with_make_a_failing_step_a_condition() -> None:
    # "with $AB = BA$": e^{A+B} = e^A e^B, true for commuting matrices, was broken on random ones.
    prose = "Let $A, B \\in \\mathbb{R}^{n\\times n}$ with $AB = BA$.\n\n"
    found = steps(prose + "$$ e^{A+B} = e^{A}e^{B} $$\n\n$$ e^{A+B} = e^{A} + e^{B} $$\n")
    assert [(s.status, s.kind) for s in found[:1]] == [("unchecked", "condition")]
    # a failing step that does not use both commuting matrices is still broken
    alone = steps(prose + "$$ (A + A)^2 = 2A^2 $$\n")
    assert [s.status for s in alone] == ["broken"]


def test_a_capital_label_subscript_is_not_a_neighbour_of_another_label() -> None:
    # `S_B = (m_1 - m_2)(m_1 - m_2)^T` made `S_W` (declared positive definite) a member of the family
    # S at index W, defined by S_B's formula: S_W^{-1} was singular and the step went unchecked.
    prose = (
        "Let $S_W \\in \\mathbb{R}^{d\\times d}$ be symmetric positive definite,"
        " $m_1, m_2 \\in \\mathbb{R}^d$,"
        " $S_B = (m_1 - m_2)(m_1-m_2)^{T}$ and $w = S_W^{-1}(m_1 - m_2)$.\n\n"
    )
    right = "$$ S_B w = \\left((m_1-m_2)^T S_W^{-1} (m_1 - m_2)\\right) (m_1 - m_2) $$\n"
    wrong = "$$ S_B w = \\left((m_1-m_2)^T S_W (m_1 - m_2)\\right) (m_1 - m_2) $$\n"
    assert [s.status for s in steps(prose + right)] == ["ok"]
    assert [s.status for s in steps(prose + wrong)] == ["broken"]


def test_properties_in_a_parenthesis_after_an_appositive_with_the_are_said_of_the_symbol() -> None:
    # "$S_W$ the $d \times d$ within-class scatter (symmetric positive definite)" gave S_W no
    # property: the gradient of the Rayleigh quotient, true for symmetric S_W, failed.
    prose = (
        "Let $w, a \\in \\mathbb{R}^d$, $S_W$ the $d \\times d$ within-class scatter (symmetric positive"
        " definite), and $B = aa^T$. Let $J(w) = \\frac{w^TBw}{w^TS_Ww}$.\n\n"
    )
    right = "\\frac{2Bw\\,(w^TS_Ww) - 2S_Ww\\,(w^TBw)}{(w^TS_Ww)^2}"
    wrong = "\\frac{2Bw\\,(w^TS_Ww) - S_Ww\\,(w^TBw)}{(w^TS_Ww)^2}"
    assert [s.status for s in steps(prose + f"$$ \\nabla J(w) = {right} $$\n")] == ["ok"]
    assert [s.status for s in steps(prose + f"$$ \\nabla J(w) = {wrong} $$\n")] == ["broken"]


def test_a_derivative_said_to_be_zero_beside_the_word_constant_declares_no_zero_symbol() -> None:
    # Reading the symbol after the `=` of every span (not only of declarations with `\in`) made
    # `\mathbf{0}` in "$\frac{\partial}{\partial w}(b^T b) = \mathbf{0}$ (constant ...)" a declared
    # constant, and that very step a condition.
    found = steps(
        "Let $A \\in \\mathbb{R}^{m \\times n}$, $b \\in \\mathbb{R}^m$ and $w \\in \\mathbb{R}^n$.\n\n"
        "- $\\frac{\\partial}{\\partial w}(\\mathbf{b}^T \\mathbf{b}) = \\mathbf{0}$ (constant in $w$)\n"
        "- $\\frac{\\partial}{\\partial w}(-2 w^T A^T b) = -2A^T b$ (linear)\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("ok", "ok")]


def test_a_step_to_the_identity_with_no_values_given_tries_every_reading() -> None:
    # `\exp(A)\exp(-A) = I` has symbols on one side only, so it was checked as an evaluation at a
    # point in its first reading alone (exp entry by entry), which fails: it went unchecked.
    prose = "Let $A \\in \\mathbb{R}^{n\\times n}$.\n\n"
    found = steps(prose + "$$ \\exp(A)\\exp(-A) = I $$\n\n$$ \\exp(A)\\exp(A) = I $$\n")
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("unchecked", "unknown-meaning")]


def test_a_vector_evaluated_at_zero_is_the_zero_vector() -> None:
    # `\left.\frac{\partial f}{\partial x}\right|_{x=0}` with x a vector: the value 0 was a number,
    # so the step went unchecked [untyped] (value given for x: n×1 and 1×1 differ).
    prose = (
        "For $A\\in\\mathbb R^{n\\times n}$ symmetric, $b, x \\in\\mathbb R^n$ and"
        " $f(x) = \\tfrac12 x^\\top A x - b^\\top x$,\n\n"
    )
    at_zero = "\\left.\\frac{\\partial f}{\\partial x}\\right|_{x=0}"
    assert [s.status for s in steps(prose + f"$$ {at_zero} = -b $$\n")] == ["ok"]
    assert [s.status for s in steps(prose + f"$$ {at_zero} = b $$\n")] == ["broken"]


def test_a_diagonal_positive_definite_matrix_is_drawn_diagonal_with_positive_entries() -> None:
    # "diagonal and positive definite" drew a full positive definite matrix (so two such matrices
    # did not commute), and "diagonal positive" a diagonal one with entries of any sign (so its
    # square root was undefined).
    found = steps(
        "Let $\\Lambda, D \\in \\mathbb{R}^{n\\times n}$ be diagonal and positive definite, and"
        " $M \\in \\mathbb{R}^{n\\times n}$ ($M$ diagonal positive).\n\n"
        "$$ \\Lambda D = D \\Lambda $$\n\n$$ M^{1/2} M^{1/2} = M $$\n\n$$ \\Lambda D = D $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_differential_along_a_direction_named_by_its_own_letter_reads_it_as_dx() -> None:
    # "The differential in a direction $H$: d f = tr((C - X^{-1})H)" compared df (zero: nothing
    # varied) with a formula in a free H: the correct first and second differentials were broken.
    prose = (
        "For $X \\in \\mathbb{R}^{n\\times n}$ symmetric positive definite and $C\\in\\mathbb R^{n\\times n}$"
        " symmetric, $f(X) = \\operatorname{tr}(CX) - \\log\\det X$. In a direction $H$:\n\n"
    )
    found = steps(
        prose + "$$ \\mathrm{d} f = \\operatorname{tr}((C - X^{-1})H) $$\n\n"
        "$$ \\mathrm{d}^2 f = \\operatorname{tr}(X^{-1}H X^{-1}H) $$\n\n"
        "$$ \\mathrm{d} f = \\operatorname{tr}((C + X^{-1})H) $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
    assert "direction" in found[0].reading and "direction" in found[2].reading


def test_a_function_declared_with_vector_values_is_not_a_loss_with_a_given_gradient() -> None:
    # `r(\theta) \in \mathbb{R}^m` declared nothing, so `J = \partial r / \partial \theta` read r as a
    # scalar loss with gradient J (n×1): every step with J went unchecked "trace of a non-square n×1".
    found = steps(
        "Residuals $r(\\theta) \\in \\mathbb{R}^m$ with Jacobian $J \\in \\mathbb{R}^{m\\times n}$"
        " ($J = \\partial r/\\partial \\theta$) and $\\theta \\in \\mathbb R^n$.\n\n"
        "$$ \\lVert J^\\top r \\rVert^2 = r^\\top J J^\\top r $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning")]
    assert "function of" in found[0].reason


def test_a_declared_size_d_before_a_function_is_a_number_not_a_differential() -> None:
    # `d\log\sigma^2` with d the size of `\mathbb{R}^d` was read as the differential of log sigma^2
    # (zero, nothing varies): the correct `\log\det(\sigma^2 I_d) = d\log\sigma^2` was broken.
    prose = "Let $\\sigma > 0$, $x \\in \\mathbb{R}^d$ and $X \\in \\mathbb{R}^{d\\times d}$ invertible.\n\n"
    found = steps(
        prose + "$$ \\log\\det(\\sigma^2 I_d) = d\\log\\sigma^2 $$\n\n"
        "$$ \\log\\det(\\sigma^2 I_d) = \\log\\sigma^2 $$\n\n"
        "$$ d(x^\\top x) = x^\\top dx $$\n\n"  # a differential, wrong, even though d is a size
        "$$ d\\log\\det X = \\operatorname{tr}(X^{-1}dX) $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "broken", "ok"]


def test_an_orthogonal_projection_is_symmetric_and_idempotent_not_orthogonal() -> None:
    # "an orthogonal projector $P$" drew P as an orthogonal matrix: Pythagoras for projections broke.
    prose = "Let $P \\in \\mathbb{R}^{n\\times n}$ be an orthogonal projector and $x \\in \\mathbb{R}^n$.\n\n"
    found = steps(
        prose + "$$ \\lVert x \\rVert^2 = \\lVert Px\\rVert^2 + \\lVert (I-P)x\\rVert^2 $$\n\n"
        "$$ \\lVert x \\rVert^2 = \\lVert Px\\rVert^2 $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_chain_of_properties_in_the_prose_is_read_not_checked() -> None:
    # "with $P^2 = P = P^\top$" was an inline chain to check (both links broken on a random P) and
    # gave P no property.
    prose = "Let $P \\in \\mathbb{R}^{n\\times n}$ with $P^2 = P = P^\\top$ and $x \\in \\mathbb{R}^n$.\n\n"
    found = steps(prose + "$$ (I - P)^2 = I - P $$\n\n$$ (I - P)^2 = I + P $$\n")
    assert [(s.status, s.position.line) for s in found] == [("ok", 3), ("broken", 5)]


def test_an_eigenpair_equation_in_the_prose_is_an_assumption() -> None:
    # "with eigenpairs $Av = \lambda v$": v^T A v = lambda, true for a unit eigenvector, was broken.
    prose = (
        "Let $A \\in \\mathbb{R}^{n\\times n}$ be symmetric with eigenpairs $A v = \\lambda v$,"
        " $v \\in \\mathbb{R}^n$, $\\lVert v\\rVert = 1$.\n\n"
    )
    found = steps(prose + "$$ v^\\top A v = \\lambda $$\n\n$$ A^2 = A $$\n")
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("broken", "broken")]


def test_a_cross_product_of_declared_vectors_is_the_cross_product_not_a_scalar_product() -> None:
    # `a \times b` of plain-letter vectors failed with the declared shapes, was retried with them set
    # aside (a and b numbers) and anticommutativity came out broken. It is now read as the cross
    # product `[a]_\\times b` (hunt 12), so anticommutativity is ok.
    found = steps(
        "Let $a, b \\in \\mathbb{R}^3$ and $s \\in \\mathbb{R}$.\n\n"
        "$$ a \\times b = -\\, b \\times a $$\n\n$$ 2 \\times s = s + s $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("ok", "ok"), ("ok", "ok")]


def test_one_hot_label_matrices_have_one_hot_rows_or_columns() -> None:
    # `Y \in \{0,1\}^{N \times K}` "one-hot labels" was drawn with any 0/1 entries: rows summing to one,
    # true of one-hot labels, failed. Rows are tried first, then columns (one example per column):
    # a step true in either convention is ok, with the reading saying which.
    rows = steps(
        "Let one-hot labels $Y \\in \\{0,1\\}^{N\\times K}$ and $\\mathbf 1_K \\in \\mathbb R^K$,"
        " $\\mathbf 1_N \\in \\mathbb R^N$ be ones vectors.\n\n"
        "$$ Y \\mathbf 1_K = \\mathbf 1_N $$\n\n$$ \\mathbf 1_N^\\top Y \\mathbf 1_K = N + K $$\n"
    )
    assert [s.status for s in rows] == ["ok", "broken"]
    columns = steps(
        "Let one-hot labels $Y \\in \\{0,1\\}^{K\\times N}$ (one column per example) and"
        " $\\mathbf 1_K \\in \\mathbb R^K$, $\\mathbf 1_N, x \\in \\mathbb R^N$ be ones vectors.\n\n"
        "$$ \\mathbf 1_K^\\top Y x = \\mathbf 1_N^\\top x $$\n"
    )
    assert [(s.status, s.reading) for s in columns] == [("ok", "one-hot columns")]


def test_softmax_of_a_matrix_is_taken_by_columns_or_by_rows_as_the_prose_says() -> None:
    # The derivative of the softmax of a matrix mixed its columns (`s s^T dz`, right for a vector
    # only), and "row-wise" was not read: batched cross-entropy gradients were broken either way.
    rows = steps(
        "Logits $Z \\in \\mathbb{R}^{N\\times K}$, $P = \\operatorname{softmax}(Z)$ row-wise and one-hot"
        " labels $Y \\in \\{0,1\\}^{N\\times K}$; the loss is $L = -\\operatorname{tr}(Y^\\top \\log P)$.\n\n"
        "$$ \\frac{\\partial L}{\\partial Z} = P - Y $$\n\n$$ \\frac{\\partial L}{\\partial Z} = Y - P $$\n"
    )
    assert [s.status for s in rows] == ["ok", "broken"]
    columns = steps(
        "Logits $Z \\in \\mathbb{R}^{K\\times N}$, $P = \\operatorname{softmax}(Z)$ and one-hot labels"
        " $Y \\in \\{0,1\\}^{K\\times N}$; the loss is $L = -\\operatorname{tr}(Y^\\top \\log P)$.\n\n"
        "$$ \\frac{\\partial L}{\\partial Z} = P - Y $$\n"
    )
    assert [s.status for s in columns] == ["ok"]


def test_commuting_matrices_denied_in_the_prose_are_no_assumption() -> None:
    # Reading every `AB = BA` in the prose as an assumption made "in general $AB = BA$ does not hold"
    # one too, and the wrong binomial expansion after it a condition instead of broken.
    found = steps(
        "Let $A, B \\in \\mathbb{R}^{n\\times n}$. In general $AB = BA$ does not hold, so\n\n"
        "$$ (A + B)^2 = A^2 + 2AB + B^2 $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("broken", "broken")]


def test_a_property_before_a_plural_noun_is_said_of_every_symbol_it_lists() -> None:
    # "symmetric matrices $A$ and $B$" made A symmetric only, and "Let $C$ be the product of the
    # symmetric matrices ..." made C symmetric instead: (AB)^T = BA was broken.
    for prose in (
        "Consider symmetric matrices $A$ and $B$ in $\\mathbb{R}^{n\\times n}$.\n\n",
        "Let $C$ be the product of the symmetric matrices $A$ and $B$, with"
        " $A, B \\in \\mathbb{R}^{n\\times n}$.\n\n",
    ):
        found = steps(prose + "$$ (AB)^\\top = BA $$\n\n$$ (AB)^\\top = AB $$\n")
        assert [s.status for s in found] == ["ok", "broken"]


def test_a_property_said_of_two_symbols_joined_by_and_or_both_holds_for_both() -> None:
    # "For symmetric $A$ and $B$" and "$A, B \in ...$, both symmetric" made only A (or neither)
    # symmetric: (AB)^T = BA was broken.
    for prose in (
        "For symmetric $A$ and $B$ in $\\mathbb{R}^{n \\times n}$:\n\n",
        "Let $A, B \\in \\mathbb{R}^{n\\times n}$, both symmetric.\n\n",
    ):
        found = steps(prose + "$$ (AB)^\\top = BA $$\n\n$$ (AB)^\\top = AB $$\n")
        assert [s.status for s in found] == ["ok", "broken"]


def test_property_words_after_a_list_of_bare_symbols_hold_for_each() -> None:
    # "Let $Q$ be orthogonal and $A$, $B$ symmetric" made only B symmetric. A list of declarations
    # (`$x \in \mathbb{R}^n$, $A \in ...$ symmetric`) still gives the property to the last only.
    listed = steps(
        "Let $Q$ be orthogonal and $A$, $B$ symmetric, all $n\\times n$.\n\n"
        "$$ (AB)^\\top = BA $$\n\n$$ (AB)^\\top = AB $$\n"
    )
    assert [s.status for s in listed] == ["ok", "broken"]
    declared = steps(
        "Let $B \\in \\mathbb R^{n\\times n}$, $A\\in\\mathbb R^{n\\times n}$ symmetric.\n\n"
        "$$ (AB)^\\top = BA $$\n"
    )
    assert [s.status for s in declared] == ["broken"]


def test_a_matrix_said_to_be_succ_zero_is_positive_definite() -> None:
    # `$\Sigma \succ 0$` (and `\succeq 0`, `\Sigma = \Sigma^\top \succ 0`) gave Sigma no property:
    # the gradient of x^T Sigma x as 2 Sigma x was broken.
    for said in (
        "$\\Sigma \\succ 0$",
        "$\\Sigma = \\Sigma^\\top \\succ 0$",
        "$\\Sigma, \\Lambda \\succeq 0$",
    ):
        found = steps(
            f"Let $\\Sigma, \\Lambda \\in \\mathbb{{R}}^{{n\\times n}}$, {said}"
            " and $x \\in \\mathbb{R}^n$.\n\n"
            "$$ \\nabla_x (x^\\top \\Sigma x) = 2\\Sigma x $$\n\n"
            "$$ \\nabla_x (x^\\top \\Sigma x) = \\Sigma x $$\n"
        )
        assert [s.status for s in found] == ["ok", "broken"], said


def test_a_transpose_said_equal_to_its_matrix_makes_it_symmetric() -> None:
    # `$\Sigma^\top = \Sigma$` (the transpose written first) was read as nothing.
    found = steps(
        "Let $\\Sigma \\in \\mathbb{R}^{n\\times n}$ with $\\Sigma^\\top = \\Sigma$"
        " and $x \\in \\mathbb{R}^n$.\n\n"
        "$$ \\nabla_x (x^\\top \\Sigma x) = 2\\Sigma x $$\n"
    )
    assert [s.status for s in found] == ["ok"]


def test_unitary_rotation_and_permutation_matrices_are_drawn_as_such() -> None:
    # "unitary" gave U no property (norms not kept: broken); a rotation needs determinant one and a
    # permutation matrix keeps the ones vector.
    found = steps(
        "Let $R \\in \\mathbb{R}^{3\\times 3}$ be a rotation matrix, $P \\in \\mathbb{R}^{n\\times n}$ a"
        " permutation matrix, $U \\in \\mathbb{R}^{n \\times n}$ unitary, $x, y \\in \\mathbb{R}^n$ and"
        " $\\mathbf 1 \\in \\mathbb{R}^n$ the ones vector.\n\n"
        "$$ \\lVert U x \\rVert = \\lVert x \\rVert $$\n\n$$ \\det(R) = 1 $$\n\n"
        "$$ P \\mathbf 1 = \\mathbf 1 $$\n\n"
        "$$ \\lVert U x \\rVert = \\lVert U^2 x \\rVert + 1 $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]


def test_a_declared_vector_said_to_be_positive_has_positive_entries() -> None:
    # "$d > 0$" for a vector d was read as nothing: the square root of diag(d) was undefined.
    found = steps(
        "Let $d \\in \\mathbb{R}^n$ with $d > 0$ (entrywise), $D = \\operatorname{diag}(d)$ and"
        " $x \\in \\mathbb{R}^n$.\n\n"
        "$$ \\lVert D^{1/2} x\\rVert^2 = x^\\top D x $$\n\n$$ \\lVert D^{1/2} x\\rVert^2 = x^\\top x $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_slices_and_assumptions_are_seen_through_the_definitions_a_step_uses() -> None:
    # `\frac1n \sum_i x_i x_i^T = S` with `S = X^T X / n`: x_i beside X only through S's definition
    # was read as an independent family and the step was broken; likewise `HX = X` for a centred X
    # ("i.e. $\mathbf 1^T X = 0$") with H defined through the ones vector after the display.
    slices = steps(
        "Let $X \\in \\mathbb{R}^{n\\times p}$ and $S = \\frac{1}{n} X^\\top X$.\n\n"
        "$$ \\frac1n \\sum_{i=1}^n x_i x_i^\\top = S $$\n"
    )
    assert [(s.status, s.kind) for s in slices] == [("unchecked", "unknown-meaning")]
    centred = steps(
        "Let $X \\in \\mathbb{R}^{n\\times p}$ be centred, i.e. $\\mathbf{1}^\\top X = 0$, with"
        " $\\mathbf 1 \\in \\mathbb R^n$.\n\n$$ H X = X $$\n\n"
        "where $H = I - \\frac1n \\mathbf 1 \\mathbf 1^\\top$.\n"
    )
    assert [(s.status, s.kind) for s in centred] == [("unchecked", "condition")]


def test_a_name_defined_later_on_the_same_line_of_a_display_is_bound_before_the_step() -> None:
    # `\nabla_x ... = A^T r, \quad \text{where } r = Ax - b`: r "first appears here" and the correct
    # step went unchecked. A solution on a later line (after the normal equations) is not bound early.
    prose = "Let $A \\in \\mathbb{R}^{n\\times n}$, $x, b \\in \\mathbb{R}^n$.\n\n"
    found = steps(
        prose
        + "$$ \\nabla_x \\tfrac12\\lVert Ax - b\\rVert^2 = A^\\top r, \\quad \\text{where } r = Ax - b $$\n\n"
        "$$ \\nabla_x \\tfrac12\\lVert Ax - b\\rVert^2 = A s, \\quad \\text{where } s = Ax - b $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("unchecked", "definition"),
        ("broken", "broken"),
        ("unchecked", "definition"),
    ]
    solved = steps(
        "Setting the gradient to zero:\n\n$$\n\\begin{aligned}\nA^\\top (A \\hat x - b) &= 0 \\\\\n"
        "\\hat x &= A^{-1} b\n\\end{aligned}\n$$\n"
    )
    assert solved[0].kind == "condition"


def test_a_derivative_by_a_symmetric_matrix_may_be_taken_by_its_free_entries() -> None:
    # The Matrix Cookbook's derivative by a symmetric X, 2X^{-1} - X^{-1} \circ I for log det X, was
    # broken: only the unconstrained gradient X^{-1} was read.
    found = steps(
        "Let $X \\in \\mathbb{R}^{n\\times n}$ be symmetric positive definite.\n\n"
        "$$ \\frac{\\partial \\log\\det X}{\\partial X} = 2X^{-1} - X^{-1}\\circ I $$\n\n"
        "$$ \\frac{\\partial \\log\\det X}{\\partial X} = X^{-1} $$\n\n"
        "$$ \\frac{\\partial \\log\\det X}{\\partial X} = 2X^{-1} $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]
    assert "free entries" in found[0].reading


def test_a_family_sum_written_out_in_a_definition_binds_its_bound_there_and_in_steps() -> None:
    # `\bar x = \frac1n \sum_{i=1}^n x_i` wrote the sum out with 3 members but left n a random
    # number: `\sum_i (x_i - \bar x) = 0` and `n \bar x = \sum_i x_i` were broken.
    found = steps(
        "Let $x_1, \\dots, x_n \\in \\mathbb{R}^d$ be the data points and"
        " $\\bar x = \\frac1n\\sum_{i=1}^n x_i$.\n\n"
        "$$ n \\bar x = \\sum_{i=1}^n x_i $$\n\n$$ \\sum_{i=1}^n (x_i - \\bar x) = 0 $$\n\n"
        "$$ 2 n \\bar x = \\sum_{i=1}^n x_i $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_a_lower_triangular_matrix_with_positive_diagonal_stays_triangular() -> None:
    # Drawing a matrix said to be "diagonal" before "lower triangular" made a Cholesky factor "with
    # positive diagonal" diagonal: the swapped inverse L^{-1} L^{-T} of K = L L^T came out ok.
    found = steps(
        "Let $L \\in \\mathbb{R}^{n\\times n}$ be lower triangular with positive diagonal and"
        " $K = L L^\\top$.\n\n"
        "$$ K^{-1} = L^{-\\top} L^{-1} $$\n\n$$ K^{-1} = L^{-1} L^{-\\top} $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
