"""False alarms and silent misses found in matrix-calculus lecture handouts (hunt 18): each right
step stays ok or unchecked and its wrong twin is broken."""

from __future__ import annotations

from pathlib import Path

from tests.engine.engine_notes import steps, verdicts_by_line


def test_a_supposed_differential_identity_excuses_the_gradient_it_names() -> None:
    # "If $df = \langle G, dX\rangle$ then $\nabla_X f = G$": the supposition was judged with no
    # symbol varying (the step writes no differential), so df = 0 = <G, dX> held "everywhere", was
    # taken for an identity that assumes nothing, and the gradient it names was broken.
    found = steps(
        "All matrices are $n\\times n$.\n\n"
        "If $df = \\langle G, dX\\rangle$ then $\\nabla_X f = G$.\n"
        "For $f(X) = \\langle A, X B X\\rangle$:\n\n"
        "$$ df = \\langle A, dX\\, B X\\rangle + \\langle A, X B\\, dX\\rangle $$\n"
    )
    assert [(s.status, s.kind) for s in found] == [("unchecked", "condition"), ("ok", "ok")]


def test_a_supposed_differential_that_holds_everywhere_excuses_nothing() -> None:
    found = steps(
        "Let $X \\in \\mathbb{R}^{m\\times n}$ and $g(X) = \\operatorname{tr}(X^T X)$.\n\n"
        "If $dg = 2\\operatorname{tr}(X^T dX)$ then $\\nabla_X g = X$.\n"
    )
    assert [s.status for s in found] == ["broken"]


def test_a_declaration_with_a_flattened_blackboard_r_is_read_in_pdf_prose() -> None:
    # "Let A ∈ R n×n be symmetric , b ∈ R n": a PDF conversion flattens ℝ^{n×n} to "R n×n". Not
    # read, A was drawn unsymmetric and the gradient of a symmetric quadratic form was broken.
    display = "\n\n$$ d(x^T A x + b^T x) = (2Ax + b)^T dx $$\n"
    spaced = steps("Let A ∈ R n×n be symmetric , b ∈ R n and c ∈ R ." + display)
    joined = steps("Let A ∈ Rn×n be symmetric and b ∈ Rn ." + display)
    unsaid = steps("Let A ∈ R n×n , b ∈ R n and c ∈ R ." + display)
    assert [s.status for s in spaced] == ["ok"]
    assert [s.status for s in joined] == ["ok"]
    assert [s.status for s in unsaid] == ["broken"]


def test_sizes_declared_with_a_flattened_r_are_the_sizes_of_the_step() -> None:
    # `P ∈ R k×k`: the sizes k and l were unknown names, and the determinant of a Kronecker
    # product went unchecked.
    prose = "For square P ∈ R k×k and Q ∈ R l×l :\n\n"
    right = steps(prose + "$$ \\det(P \\otimes Q) = \\det(P)^{l} \\det(Q)^{k} $$\n")
    wrong = steps(prose + "$$ \\det(P \\otimes Q) = \\det(P)^{k} \\det(Q)^{l} $$\n")
    assert [s.status for s in right] == ["ok"]
    assert [s.status for s in wrong] == ["broken"]


def test_a_subsection_keeps_what_its_section_defined(tmp_path: Path) -> None:
    # `\section` defines the slacks `s = b - Ax`; `\subsection{Gradient}` ended that definition, s
    # and ds were drawn free and a right step of the barrier's gradient was broken.
    lhs = "c^T dx - \\mathbf{1}^T \\operatorname{diag}(s)^{-1} ds"
    rhs = "c^T dx SIGN \\mathbf{1}^T \\operatorname{diag}(s)^{-1} A\\,dx"
    step = f"\\begin{{equation}}\n{lhs} = {rhs}\n\\end{{equation}}\n"
    text = (
        "\\documentclass{article}\n\\begin{document}\n"
        "\\section{Barrier}\n"
        "Let $A \\in \\mathbb{R}^{m\\times n}$, $b\\in\\mathbb{R}^m$, $c, x \\in \\mathbb{R}^n$ and write\n"
        "$s = b - Ax$, all positive; $\\mathbf{1}$ is the ones vector in $\\mathbb{R}^m$.\n"
        "\\subsection{Gradient}\n"
        + step.replace("SIGN", "+")
        + step.replace("SIGN", "-")
        + "\\section{Another example}\n"
        "\\begin{equation}\n"
        "ds = -A\\,dx\n"
        "\\end{equation}\n"
        "\\end{document}\n"
    )
    found = verdicts_by_line(tmp_path, text, "barrier.tex")
    assert [s.status for s in found[8]] == ["ok"]
    assert [s.status for s in found[11]] == ["broken"]
    # a new section of the same level ends the definition: s is free there
    assert [s.status for s in found[15]] != ["ok"]


def test_a_markdown_subsection_keeps_the_definitions_of_the_title_section() -> None:
    # `# Handout` defines the loss, `## Differential` works with it: the gradient was unchecked
    # ("the document does not say what the function is"), its sign slip too.
    head = (
        "# The logistic loss\n\nLet $x, w \\in \\mathbb{R}^d$, $y \\in \\{-1, +1\\}$ and "
        "$\\sigma(t) = 1/(1 + e^{-t})$.\n\n"
        "$$ \\ell(w) = \\log\\big(1 + \\exp(-y\\, w^T x)\\big) $$\n\n## Gradient\n\n"
    )
    right = steps(head + "$$ \\nabla_w \\ell = -y\\,\\sigma(-y\\,w^T x)\\,x $$\n")
    wrong = steps(head + "$$ \\nabla_w \\ell = y\\,\\sigma(-y\\,w^T x)\\,x $$\n")
    assert [s.status for s in right][-1] == "ok"
    assert [s.status for s in wrong][-1] == "broken"


def test_two_sections_of_one_level_do_not_share_definitions() -> None:
    found = steps(
        "## Example 1\n\nLet $x \\in \\mathbb{R}^n$.\n\n$$ f(x) = x^T x $$\n\n"
        "## Example 2\n\n$$ \\nabla f(x) = x $$\n"
    )
    assert found[-1].status == "unchecked"


def test_exp_of_a_vector_declared_in_the_section_is_elementwise() -> None:
    # The matrix-exponential reading does not type for a declared vector; retried with the
    # declared shapes set aside (x a scalar), it made a Jacobian with its factors swapped ok.
    prose = (
        "Numerator layout. Let $x\\in\\mathbb{R}^n$, $B\\in\\mathbb{R}^{n\\times n}$ and "
        "$s(x) = \\exp(x)$ entrywise.\n\n"
    )
    claim = "$$ \\frac{\\partial (B s(x))}{\\partial x} = "
    right = steps(prose + claim + "B\\operatorname{diag}(\\exp(x)) $$\n")
    wrong = steps(prose + claim + "\\operatorname{diag}(\\exp(x))\\, B $$\n")
    assert [s.status for s in right] == ["ok"]
    assert [s.status for s in wrong] == ["broken"]


def test_a_property_the_prose_denies_is_no_longer_drawn() -> None:
    # "When $A$ is symmetric, ..." made A symmetric for the rest of the note; "the same
    # non-symmetric $A$" did not undo it and the Hessian 2A of x^T A x was ok.
    head = (
        "Let $A \\in \\mathbb{R}^{n\\times n}$ and $x \\in \\mathbb{R}^n$. When $A$ is symmetric, "
        "$\\nabla_x (x^T A x) = 2Ax$.\n\n"
    )
    for denial in ("For the same non-symmetric $A$,", "Now $A$ is not symmetric."):
        right = steps(head + denial + "\n\n$$ \\nabla^2_x (x^T A x) = A + A^T $$\n")
        wrong = steps(head + denial + "\n\n$$ \\nabla^2_x (x^T A x) = 2A $$\n")
        assert [s.status for s in right] == ["ok", "ok"], denial
        assert [s.status for s in wrong] == ["ok", "broken"], denial


def test_a_declared_variable_equal_to_a_stationary_point_is_not_defined_by_it() -> None:
    # "Setting it to zero gives $\Sigma = xx^T$": read as a definition of the variable, Sigma became
    # the singular x x^T (or, after "the maximiser is $\Sigma = S$", a scalar) for the rest of the
    # note, and every later step in Sigma went unchecked.
    head = (
        "Let $x \\in \\mathbb{R}^n$, $\\Sigma \\in \\mathbb{S}^n_{++}$ and "
        "$f(\\Sigma) = \\log\\det\\Sigma + x^T\\Sigma^{-1}x$.\n\n"
        "$$ \\nabla_\\Sigma f = \\Sigma^{-1} - \\Sigma^{-1} x x^T \\Sigma^{-1} $$\n\n"
        "Setting it to zero gives $\\Sigma = xx^T$, singular for one sample.\n\n"
        "Once more, the gradient:\n\n"
    )
    right = steps(head + "$$ \\nabla_\\Sigma f = \\Sigma^{-1}(I - x x^T \\Sigma^{-1}) $$\n")
    wrong = steps(head + "$$ \\nabla_\\Sigma f = \\Sigma^{-1} + \\Sigma^{-1} x x^T \\Sigma^{-1} $$\n")
    assert [s.status for s in right] == ["ok", "ok"]
    assert [s.status for s in wrong] == ["ok", "broken"]
