"""Steps of numerical linear algebra notes (Householder QR, LU, SVD, perturbations, spectral
sums) that mdcheck once judged wrongly, each a small note checked end to end."""

from __future__ import annotations

from engine_notes import steps

from mdcheck.api import check_text


def test_householder_reflectors_are_drawn_symmetric_and_orthogonal() -> None:
    # "Let H_1, H_2 be Householder reflectors": H^{-1} = H^T = H was broken, H drawn as any matrix.
    # Writing Q^T with the factors in the wrong order stays broken.
    found = steps(
        "Let $H_1, H_2 \\in \\mathbb{R}^{m\\times m}$ be Householder reflectors and "
        "$R \\in \\mathbb{R}^{m\\times n}$.\n\n"
        "$$ (H_2 H_1)^{-1} R = H_1^{-1} H_2^{-1} R = H_1 H_2 R $$\n\n"
        "$$ H_2^T H_1^T H_1 H_2 = I $$\n\n"
        "$$ (H_1 H_2)^T = H_1 H_2 $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]


def test_a_unit_lower_triangular_factor_has_determinant_one() -> None:
    # "L unit lower triangular": det L = 1 was not known, so det L det U = det U was broken.
    found = steps(
        "Let $A = LU$ with $L \\in \\mathbb{R}^{n\\times n}$ unit lower triangular and "
        "$U \\in \\mathbb{R}^{n\\times n}$ upper triangular and invertible.\n\n"
        "$$ \\det A = \\det L \\det U = \\det U $$\n\n"
        "$$ \\det(2U) = 2 \\det U $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "broken"]


def test_the_svd_of_a_product_is_an_assumption_a_later_step_may_rely_on() -> None:
    # "With the SVD $A^T B = U\Sigma V^T$": the factors cannot be drawn, and tr(Q^T A^T B) =
    # tr(Q^T U Sigma V^T) was broken. A wrong cyclic shift of the trace stays broken.
    found = steps(
        "Let $A, B \\in \\mathbb{R}^{m\\times n}$ and $Q \\in \\mathbb{R}^{n\\times n}$ orthogonal. "
        "With the SVD $A^T B = U \\Sigma V^T$, $U, V$ orthogonal,\n\n"
        "$$ \\operatorname{tr}(Q^T A^T B) = \\operatorname{tr}(Q^T U \\Sigma V^T) $$\n\n"
        "$$ \\operatorname{tr}(Q^T U \\Sigma V^T) = \\operatorname{tr}(Q^T V^T U \\Sigma) $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("broken", "broken")]


def test_a_perturbed_equation_is_an_assumption_of_the_next_display() -> None:
    # "perturbing b gives $A(x + \delta x) = b + \delta b$, hence $A\delta x = \delta b$" was broken:
    # the perturbed system is a condition, not an identity.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n\\times n}$ be invertible and $b \\in \\mathbb{R}^n$. "
        "A perturbation of $A x = b$ by $\\delta b$ gives $A (x + \\delta x) = b + \\delta b$, hence\n\n"
        "$$ A \\delta x = \\delta b $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition")]


def test_the_middle_factor_of_a_diagonalization_is_diagonal() -> None:
    # "diagonalizable as $A = V D V^{-1}$": D^T = D was broken, D drawn as any matrix. A similarity
    # said in other words leaves its middle factor general, so A^T = A stays broken there.
    found = steps(
        "Let $A$ be diagonalizable as $A = V D V^{-1}$.\n\n"
        "$$ A^T = V^{-T} D^T V^T = V^{-T} D V^T $$\n\n"
        "Let $B = S^{-1} C S$ for an invertible $S$.\n\n"
        "$$ B^T = S^T C^T S^{-T} = S^T C S^{-T} $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]


def test_lambda_i_are_the_diagonal_entries_of_a_diagonal_lambda() -> None:
    # y^T Lambda y = sum_i lambda_i y_i^2 was broken: lambda_i read as a vector unrelated to Lambda.
    # Dropping the square stays broken.
    found = steps(
        "Let $A = Q \\Lambda Q^T$ be symmetric with $Q$ orthogonal and $y \\in \\mathbb{R}^n$.\n\n"
        "$$ y^T \\Lambda y = \\sum_i \\lambda_i y_i^2 $$\n\n"
        "$$ y^T \\Lambda y = \\sum_i \\lambda_i y_i $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]


def test_a_numbered_member_of_a_recurrence_is_not_drawn_as_an_unrelated_vector() -> None:
    # x_1 after `x_{k+1} = A x_k / ||A x_k||` was drawn at random, so the Rayleigh quotient of x_1
    # written through x_0 was broken. A wrong step on x_0 alone stays broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n\\times n}$ and $x_0 \\in \\mathbb{R}^n$.\n\n"
        "$$ x_{k+1} = \\frac{A x_k}{\\|A x_k\\|} $$\n\n"
        "$$ x_1^T A x_1 = \\frac{x_0^T A^T A A x_0}{\\|A x_0\\|^2} $$\n\n"
        "$$ \\|A x_0\\|^2 = x_0^T A A^T x_0 $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "definition"),
        ("unchecked", "unknown-meaning"),
        ("broken", "broken"),
    ]


def test_a_capital_with_superscript_plus_is_a_name_the_notes_define() -> None:
    # `A^+` (the pseudo-inverse) was a parse error; like `A^\dagger` it is now a name of its own,
    # checked through its definition, and unknown while undefined.
    found = steps(
        "Let $A \\in \\mathbb{R}^{m\\times n}$ have full column rank with pseudo-inverse "
        "$A^+ = (A^T A)^{-1} A^T$.\n\n"
        "$$ A^+ A = (A^T A)^{-1} A^T A = I $$\n\n"
        "$$ A A^+ A = A $$\n\n"
        "$$ A^+ A A^+ = A^T $$\n\n"
        "$$ B^+ B = I $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("ok", "ok"),
        ("ok", "ok"),
        ("ok", "ok"),
        ("broken", "broken"),
        ("unchecked", "unknown-meaning"),
    ]


def test_a_named_factorization_gives_its_factors_their_structure() -> None:
    # "let $A = QR$ be its thin QR factorization", "let $A = U\Sigma V^T$ be its SVD",
    # "eigendecomposition $A = Q\Lambda Q^T$": Q^T Q R = R, V Sigma^T U^T U Sigma V^T = V Sigma^2 V^T
    # and Q Lambda Q^T Q = Q Lambda were broken, the factors drawn as any matrices. A wrong step
    # (Q^T A A^T Q is R R^T) stays broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{m\\times n}$ with $m > n$ and let $A = QR$ be its thin QR "
        "factorization.\n\n"
        "$$ Q^T A = Q^T Q R = R $$\n\n"
        "$$ A^T A = R^T R $$\n\n"
        "$$ Q^T A A^T Q = R^T R $$\n\n"
        "Let $B \\in \\mathbb{R}^{n\\times n}$ and let $B = U \\Sigma V^T$ be its SVD.\n\n"
        "$$ B^T B = V \\Sigma^T U^T U \\Sigma V^T = V \\Sigma^2 V^T $$\n\n"
        "Let $S \\in \\mathbb{R}^{n\\times n}$ be symmetric with eigendecomposition $S = P \\Lambda P^T$.\n\n"
        "$$ S P = P \\Lambda $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken", "ok", "ok", "ok"]


def test_a_letter_reused_for_a_positive_definite_matrix_is_not_drawn_orthogonal() -> None:
    # Q of a QR factorization (orthonormal columns) and, later, a positive definite Q: a square Q
    # with orthonormal columns is not drawn orthogonal, so the gradient of x^T Q x / 2 stays ok.
    found = steps(
        "Any $X$ can be written as $X = QR$ where $Q$ has orthonormal columns ($Q^T Q = I$).\n\n"
        "Let $Q \\in \\mathbb{R}^{n\\times n}$ be symmetric positive definite and $c \\in \\mathbb{R}^n$.\n\n"
        "$$ \\nabla_x \\left(\\tfrac12 x^T Q x - c^T x\\right) = Q x - c $$\n"
    )
    assert [s.status for s in found] == ["ok"]


def test_eigenvalues_named_in_words_are_not_read_as_an_unrelated_vector() -> None:
    # "symmetric with eigenvalues $\lambda_1, \dots, \lambda_n$": tr(A) = sum_i lambda_i was broken,
    # lambda_i read as the entries of a random vector. A wrong step without them stays broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n\\times n}$ be symmetric with eigenvalues "
        "$\\lambda_1, \\dots, \\lambda_n$ and orthonormal eigenvectors $q_1, \\dots, q_n$.\n\n"
        "$$ \\operatorname{tr}(A) = \\sum_{i=1}^n \\lambda_i $$\n\n"
        "$$ \\operatorname{tr}(A^2) = \\operatorname{tr}(A)^2 $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "unknown-meaning"), ("broken", "broken")]


def test_a_standard_basis_vector_is_drawn_with_its_one_at_its_number() -> None:
    # "e_1 is the first standard basis vector": the Householder vector's H x = ||x|| e_1 was broken
    # with e_1 drawn at random. The wrong sign stays broken.
    found = steps(
        "For $x \\in \\mathbb{R}^n$ let $v = x - \\|x\\| e_1$, where $e_1$ is the first standard basis "
        "vector, and $H = I - 2 v v^T / (v^T v)$.\n\n"
        "$$ H x = \\|x\\| e_1 $$\n\n"
        "$$ H x = -\\|x\\| e_1 $$\n\n"
        "$$ e_1^T x = x^T e_1 $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken", "ok"]


def test_a_chain_goes_on_after_a_reason_given_at_the_end_of_a_row() -> None:
    # `&= \tr(A^T A) && \text{since } Q^T Q = I \\ &= 2\|A\|_F^2`: the last row continued the reason,
    # `I = 2||A||_F^2` (a shape error, unchecked), and the wrong link was never checked.
    note = (
        "\\documentclass{article}\n\\begin{document}\n"
        "Let $Q \\in \\mathbb{R}^{n\\times n}$ be orthogonal and $A \\in \\mathbb{R}^{n \\times n}$.\n"
        "\\begin{align*}\n"
        "\\|Q A\\|_F^2 &= \\operatorname{tr}(A^\\top Q^\\top Q A) \\\\\n"
        "&= \\operatorname{tr}(A^\\top A) && \\text{since } Q^\\top Q = I \\\\\n"
        "&= 2\\|A\\|_F^2 .\n"
        "\\end{align*}\n\\end{document}\n"
    )
    report = check_text(note, path="note.tex", language="latex")
    found = sorted((s.position.line, s.lhs, s.status) for s in report.steps)
    assert [(line, status) for line, _, status in found] == [(5, "ok"), (6, "ok"), (6, "ok"), (7, "broken")]
    assert found[-1][1].startswith("\\operatorname{tr}(A^\\top A)")


def test_an_equation_the_prose_says_is_solved_or_given_with_is_an_assumption() -> None:
    # "If $x$ solves $Ax = b$", "the error ... with $Ax = b$": substituting b = Ax was broken. A
    # wrong step that uses no such equation stays broken.
    found = steps(
        "Let $A \\in \\mathbb{R}^{n\\times n}$ and $b, x, y \\in \\mathbb{R}^n$. "
        "If $x$ solves $A x = b$, then\n\n"
        "$$ b - A y = A (x - y) $$\n\n"
        "The residual $r = b - A y$ with $A x = b$ satisfies\n\n"
        "$$ A (x - y) = r $$\n\n"
        "$$ A (y - x) = A y - A x + y $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [
        ("unchecked", "condition"),
        ("unchecked", "condition"),
        ("broken", "broken"),
    ]


def test_the_factors_of_a_square_matrix_are_orthogonal_and_a_tall_ones_have_orthonormal_columns() -> None:
    # The QR of a square A: Q Q^T = I holds; of a tall A it does not (Q has orthonormal columns).
    found = steps(
        "Let $A \\in \\mathbb{R}^{n\\times n}$ and let $A = QR$ be its QR factorization.\n\n"
        "$$ A A^T = Q R R^T Q^T $$\n\n"
        "$$ Q Q^T = Q^T Q $$\n\n"
        "Let $B \\in \\mathbb{R}^{m\\times k}$, $m > k$, and let $B = Q_1 R_1$ be its thin QR "
        "factorization.\n\n"
        "$$ Q_1 Q_1^T B = B $$\n\n"
        "$$ Q_1 Q_1^T = Q_1^T Q_1 $$\n\n"
        "$$ Q_1^T Q_1 = I $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken", "ok"]


def test_an_equation_the_prose_names_as_one_is_an_assumption() -> None:
    # "the Lyapunov equation $AX + XA^T + Q = 0$ vectorizes as ...": the vectorized equation was
    # broken, read as an identity over any X and Q.
    found = steps(
        "For $A \\in \\mathbb{R}^{n\\times n}$ and $Q$ symmetric, the Lyapunov equation "
        "$A X + X A^T + Q = 0$ vectorizes as\n\n"
        "$$ (I \\otimes A + A \\otimes I) \\mathrm{vec}(X) = -\\mathrm{vec}(Q) $$\n\n"
        "$$ (I \\otimes A) \\mathrm{vec}(X) = \\mathrm{vec}(X A) $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("broken", "broken")]


def test_the_letters_say_which_factor_of_a_qr_product_is_which() -> None:
    # "In the QR algorithm ... set $A_{k+1} = R_k Q_k$": R_k was given orthonormal columns and Q_k
    # made triangular, so R_k Q_k = Q_k^T Q_k R_k Q_k was broken.
    found = steps(
        "In the QR algorithm, factor $A_k = Q_k R_k$ with $Q_k$ orthogonal and $R_k$ upper triangular, "
        "and set $A_{k+1} = R_k Q_k$. Then\n\n"
        "$$ A_{k+1} = R_k Q_k = Q_k^T Q_k R_k Q_k = Q_k^T A_k Q_k $$\n\n"
        "$$ R_k Q_k = Q_k A_k Q_k^T $$\n"
    )
    assert [s.status for s in found] == ["ok", "ok", "ok", "broken"]


def test_a_similarity_in_a_sentence_on_eigenvalues_leaves_its_middle_factor_general() -> None:
    # "The eigenvalues of $B = S^{-1} A S$": A is no diagonal factor, so A^T = A stays broken.
    found = steps(
        "Let $A, S \\in \\mathbb{R}^{n\\times n}$, $S$ invertible. The eigenvalues of $B = S^{-1} A S$ "
        "are those of $A$.\n\n"
        "$$ \\operatorname{tr}(B) = \\operatorname{tr}(A) $$\n\n"
        "$$ A^T = A $$\n"
    )
    assert [s.status for s in found] == ["ok", "broken"]
