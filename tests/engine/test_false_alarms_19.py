"""Notes converted from PDF to Markdown, whose prose lost its `$` signs: property words said of bare
letters ("Let  P  be symmetric"), flattened spaces (`X ∈ Rn×p`), equations in words (`S = L LT`),
and the English words and formula letters that must not be read as declarations."""

from __future__ import annotations

from engine_notes import one_step, steps

from mdcheck.semantics.plain_equations import with_plain_equations
from mdcheck.sources.plain_math import plain_declarations


def bare_symbols(text: str) -> list[str]:
    """The bare symbols and plain declarations the Markdown reader finds in a prose text."""
    return [text[span.start : span.end] for span in plain_declarations(text, [])]


def test_property_words_said_of_bare_letters_are_read() -> None:
    # "Let  P  be symmetric and  Q  positive definite." (double spaces, no `$`): P was never
    # declared symmetric, and the symmetry of the Lyapunov matrix was broken.
    prose = "Let  P  be symmetric and  Q  positive definite.\n\n"
    assert one_step(prose, "(A^T P + P A)^T = A^T P + P A").status == "ok"
    assert one_step(prose, "(A^T P)^T = A^T P").status == "broken"
    assert one_step(prose, "x^T Q^{-1} y = y^T Q^{-1} x").status == "ok"


def test_greek_bold_and_listed_symbols_take_their_property() -> None:
    assert one_step("Σ is positive definite.\n\n", "(\\Sigma^{-1})^T = \\Sigma^{-1}").status == "ok"
    assert one_step("Σ is positive definite.\n\n", "(\\Sigma^{-1} A)^T = \\Sigma^{-1} A").status == "broken"
    assert one_step("W is orthogonal.\n\n", "W^T W W^T = W^T").status == "ok"
    assert one_step("W is orthogonal.\n\n", "W W W^T = W^T").status == "broken"
    assert one_step("For invertible A and B,\n\n", "(A B)^{-1} = B^{-1} A^{-1}").status == "ok"
    assert one_step("For invertible A and B,\n\n", "(A B)^{-1} = A^{-1} B^{-1}").status == "broken"
    bold = "Here 𝐀 is symmetric.\n\n"
    ok = "\\mathbf{x}^T \\mathbf{A} \\mathbf{y} = \\mathbf{y}^T \\mathbf{A} \\mathbf{x}"
    assert one_step(bold, ok).status == "ok"
    assert one_step("Here 𝐀 is arbitrary.\n\n", ok).status == "broken"
    where = "where A is an n × n symmetric matrix and B is general.\n\n"
    assert one_step(where, "(A B)^T = B^T A").status == "ok"
    assert one_step(where, "(A B)^T = B A").status == "broken"


def test_articles_pronouns_and_formula_letters_declare_nothing() -> None:
    # The article "A", the pronoun "I", letters of a formula written in words (`AT A`, `A T P + P A`)
    # and labels (`Figure B`) are not symbols the property word is said of.
    assert bare_symbols("A symmetric matrix equals its transpose. I think so.") == []
    assert bare_symbols("Note that AT A is symmetric.") == []
    assert bare_symbols("The matrix A T P + P A is symmetric.") == []
    assert bare_symbols("Figure B shows a symmetric surface, e.g. a bowl.") == []
    assert bare_symbols("Let q(x) be symmetric.") == []
    assert bare_symbols("with the symmetric A this simplifies, for invertible A and B") == ["A", "A", "B"]
    trap = "A symmetric matrix equals its transpose. Note that AT A is symmetric.\n\n"
    assert one_step(trap, "x^T A y = y^T A x").status == "broken"
    assert one_step(trap, "(A^T A)^T = A^T A").status == "ok"


def test_flattened_spaces_declare_shapes() -> None:
    # `X ∈ Rn×p`, `y ∈ R n`: the superscript of the space lost its `^` in the conversion.
    assert bare_symbols("Let X ∈ Rn×p and y ∈ R n be given, and λ ∈ R.") == [
        "X ∈ Rn×p",
        "y ∈ R n",
        "λ ∈ R",
    ]
    found = steps("Let X ∈ Rn×p and y ∈ R n.\n\n$$ X^T y = y^T X $$\n\n$$ (X^T y)^T = y^T X $$\n")
    assert [(s.status, s.kind) for s in found] == [("unchecked", "untyped"), ("ok", "ok")]
    assert found[1].evidence is not None and dict(found[1].evidence.shapes) == {"X": "3×4", "y": "3×1"}


def test_equations_in_words_are_read_as_inline_math() -> None:
    # "With the factor S = L LT": `LT` is L transposed; the definition makes the whitened form ok,
    # and the factors in the wrong order stay broken.
    prose = "With the factor S = L LT (L is invertible) the distance is\n\n"
    assert one_step(prose, "x^T S^{-1} x = x^T L^{-T} L^{-1} x").status == "ok"
    assert one_step(prose, "x^T S^{-1} x = x^T L^{-1} L^{-T} x").status == "broken"
    assert with_plain_equations("If m = 0 then", []) == ("If m = 0 then", [(3, 8)])
    assert with_plain_equations("hat (XT X)−1 = M", [])[0] == "hat ( X^T X )^{-1} = M"
    unread_texts = (
        "or, if f = f(x) and",
        "it has 3+2=5 dimensions",
        "no sign here",
        "see https://x.org/?q=A for",
        "in code `X = A @ B` only",
    )
    for unread in unread_texts:
        assert with_plain_equations(unread, []) == (unread, [])


def test_a_hypothesis_in_words_is_assumed() -> None:
    # "If the Lyapunov equation A T P + P A = −Q holds": a step relying on it is not broken; one
    # that fails without naming Q is.
    prose = "Let  P  be symmetric. If the Lyapunov equation A T P + P A = −Q holds, then\n\n"
    assert one_step(prose, "x^T (A^T P + P A) x = - x^T Q x").status == "unchecked"
    assert one_step(prose, "x^T (A^T P + P A) x = 2 x^T A P x").status == "broken"


def test_a_display_after_with_or_such_that_is_a_condition() -> None:
    # "let P be symmetric with" the Stein equation: an equation P is taken to satisfy.
    display = "P = A^T P A + Q"
    assert one_step("Let $P$ be symmetric with\n\n", display).status == "unchecked"
    assert one_step("Take $K$ such that\n\n", "K = A^T K A + Q").status == "unchecked"
    assert one_step("Let $P$ be symmetric, $A$ and $Q$ square.\n\n", display).status == "broken"


def test_unicode_fractions_in_an_equation_in_words() -> None:
    # "f(x) = ½ xT H x + gT x + c": the `½` stopped the equation, f stayed unknown and the gradient
    # was a shape error; a gradient without the symmetric half is broken.
    prose = "The objective is f(x) = ½ xT H x + gT x + c, where H is symmetric and g ∈ R n.\n\n"
    assert one_step(prose, "\\nabla f(x) = H x + g").status == "ok"
    assert one_step(prose, "\\nabla f(x) = 2 H x + g").status == "broken"


def test_a_singular_appositive_names_the_last_symbol_of_a_list() -> None:
    # "$H \in \mathbb{R}^{m \times n}$, and $S$ the innovation covariance": the covariance is S, not H
    # too (H was made symmetric, hence square, and a wrong transpose side was ok).
    prose = "Let $H \\in \\mathbb{R}^{m \\times n}$, and $S$ the innovation covariance.\n\n"
    assert one_step(prose, "S^T = S").status == "ok"
    assert one_step(prose, "H^T = H").status != "ok"
    plural = "Let $A$ and $B$, the two symmetric factors, be given.\n\n"
    assert one_step(plural, "(A + B)^T = A + B").status == "ok"


def test_nothing_and_neither_deny_a_property() -> None:
    # "nothing makes M symmetric" made M symmetric, and a wrong `M^T M = M M^T` was ok.
    for denial in (
        "Nothing makes $M$ symmetric.",
        "Neither $M$ nor $N$ is symmetric.",
        "Nothing makes M symmetric.",
    ):
        assert one_step(denial + "\n\n", "M^T M = M M^T").status == "broken"
    assert one_step("Here M is symmetric.\n\n", "M^T M = M M^T").status == "ok"


def test_a_dotted_letter_in_an_equation_in_words() -> None:
    # "the linear system ẋ = Ax": `\dot x` first appeared in the display, and the step unchecked.
    prose = "For the dynamics ẋ = Ax and P symmetric,\n\n"
    assert one_step(prose, "\\dot x^T P x + x^T P \\dot x = x^T (A^T P + P A) x").status == "ok"
    assert one_step(prose, "\\dot x^T P x + x^T P \\dot x = 2 x^T A^T P x + x^T P A x").status == "broken"
    assert with_plain_equations("the mean x̄ = Xw here", [])[0] == "the mean x̄ = X w here"
