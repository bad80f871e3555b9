"""Tokenize LaTeX math into commands, letters, numbers and symbols, each with its offsets in the
source text; Unicode math characters from PDF conversions become their LaTeX commands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["command", "letter", "number", "symbol", "space"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    start: int
    end: int

    def is_(self, *texts: str) -> bool:
        return self.text in texts


# Unicode characters that PDF conversions leave in math, and what they mean in LaTeX.
UNICODE_COMMANDS: dict[str, tuple[TokenKind, str]] = {
    "−": ("symbol", "-"),
    "–": ("symbol", "-"),
    "×": ("command", "\\times"),
    "·": ("command", "\\cdot"),
    "⋅": ("command", "\\cdot"),
    "∂": ("command", "\\partial"),
    "∇": ("command", "\\nabla"),
    "≈": ("command", "\\approx"),
    "≠": ("command", "\\neq"),
    "≤": ("command", "\\le"),
    "≥": ("command", "\\ge"),
    "∈": ("command", "\\in"),
    "⊙": ("command", "\\odot"),
    "∘": ("command", "\\circ"),
    "⊗": ("command", "\\otimes"),
    "⇒": ("command", "\\Rightarrow"),
    "⟹": ("command", "\\implies"),
    "⟺": ("command", "\\iff"),
    "→": ("command", "\\rightarrow"),
    "‖": ("command", "\\|"),
    "∑": ("command", "\\sum"),
    "∞": ("command", "\\infty"),
    "…": ("command", "\\dots"),
    "⋯": ("command", "\\cdots"),
    "⊤": ("command", "\\top"),
    "√": ("command", "\\sqrt"),
    "∥": ("command", "\\|"),
    "⟨": ("command", "\\langle"),
    "⟩": ("command", "\\rangle"),
    "⊘": ("command", "\\oslash"),
    "∀": ("command", "\\forall"),
    "ℝ": ("letter", "R"),
    "′": ("symbol", "'"),
    "∝": ("command", "\\propto"),
    "α": ("command", "\\alpha"),
    "β": ("command", "\\beta"),
    "γ": ("command", "\\gamma"),
    "δ": ("command", "\\delta"),
    "ε": ("command", "\\varepsilon"),
    "ϵ": ("command", "\\epsilon"),
    "ζ": ("command", "\\zeta"),
    "η": ("command", "\\eta"),
    "θ": ("command", "\\theta"),
    "λ": ("command", "\\lambda"),
    "μ": ("command", "\\mu"),
    "ν": ("command", "\\nu"),
    "ξ": ("command", "\\xi"),
    "π": ("command", "\\pi"),
    "ρ": ("command", "\\rho"),
    "σ": ("command", "\\sigma"),
    "τ": ("command", "\\tau"),
    "φ": ("command", "\\phi"),
    "χ": ("command", "\\chi"),
    "ψ": ("command", "\\psi"),
    "ω": ("command", "\\omega"),
    "Σ": ("command", "\\Sigma"),
    "Λ": ("command", "\\Lambda"),
    "Ω": ("command", "\\Omega"),
    "Δ": ("command", "\\Delta"),
}

_DIGITS = frozenset("0123456789")

SPACE_COMMANDS = frozenset(
    {
        "\\,",
        "\\;",
        "\\:",
        "\\!",
        "\\ ",
        "\\>",
        "\\quad",
        "\\qquad",
        "\\enspace",
        "\\thinspace",
        "\\medspace",
        "\\thickspace",
        "\\negthinspace",
        "\\hspace",
        "\\hfill",
        "~",
    }
)


SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
                "⁹": "9", "⁻": "-", "ᵀ": "T", "⁺": "+", "ⁿ": "n", "ᵗ": "t"}


def _superscript(text: str, i: int, tokens: list[Token]) -> int:
    """`X²`, `A⁻¹`, `Xᵀ`: a run of superscript characters becomes `^{...}`."""
    j = i
    while j < len(text) and text[j] in SUPERSCRIPTS:
        j += 1
    tokens.append(Token("symbol", "^", i, i))
    tokens.append(Token("symbol", "{", i, i))
    for k in range(i, j):
        ch = SUPERSCRIPTS[text[k]]
        kind: TokenKind = "number" if ch.isdigit() else ("letter" if ch.isalpha() else "symbol")
        tokens.append(Token(kind, ch, k, k + 1))
    tokens.append(Token("symbol", "}", j, j))
    return j


def _math_alphanumeric(ch: str) -> tuple[str, str] | None:
    """`𝐀` (MATHEMATICAL BOLD CAPITAL A) -> ("bold", "A"); `𝑥` -> ("", "x")."""
    import unicodedata

    name = unicodedata.name(ch, "")
    if not name.startswith("MATHEMATICAL "):
        return None
    words = name.split()
    letter = words[-1]
    if len(letter) != 1:
        return None
    letter = letter if "CAPITAL" in words else letter.lower()
    return ("bold" if "BOLD" in words else "", letter)


def _single_bars(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.text == "|")


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens. Whitespace is dropped; `%` comments are skipped; spacing commands
    come out as kind "space" so that callers can use `\\quad` as a separator."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
        elif ch == "%" and (i == 0 or text[i - 1] != "\\"):
            j = text.find("\n", i)
            i = n if j == -1 else j + 1
        elif ch == "\\":
            i = _command(text, i, tokens)
        elif ch in SUPERSCRIPTS:
            i = _superscript(text, i, tokens)
        elif ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            j = i
            while j < n and text[j] in _DIGITS:
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1] in _DIGITS:
                j += 1
                while j < n and text[j] in _DIGITS:
                    j += 1
            tokens.append(Token("number", text[i:j], i, j))
            i = j
        elif ch.isascii() and ch.isalpha():
            tokens.append(Token("letter", ch, i, i + 1))
            i += 1
        elif ch == "|" and text.startswith("||", i) and _single_bars(tokens) % 2 == 0:
            # `||x||`: a norm written with two bars, as PDF conversions and plain-text notes do.
            tokens.append(Token("command", "\\|", i, i + 2))
            i += 2
        elif ch == "~":
            tokens.append(Token("space", "~", i, i + 1))
            i += 1
        elif ch in UNICODE_COMMANDS:
            kind, name = UNICODE_COMMANDS[ch]
            tokens.append(Token(kind, name, i, i + 1))
            i += 1
        elif (styled := _math_alphanumeric(ch)) is not None:
            style, letter = styled
            if style:
                tokens.append(Token("command", "\\mathbf", i, i))
                tokens.append(Token("symbol", "{", i, i))
                tokens.append(Token("letter", letter, i, i + 1))
                tokens.append(Token("symbol", "}", i + 1, i + 1))
            else:
                tokens.append(Token("letter", letter, i, i + 1))
            i += 1
        elif ch.isalpha():
            tokens.append(Token("letter", ch, i, i + 1))
            i += 1
        else:
            tokens.append(Token("symbol", ch, i, i + 1))
            i += 1
    return tokens


def _command(text: str, i: int, tokens: list[Token]) -> int:
    n = len(text)
    j = i + 1
    if j < n and text[j].isascii() and text[j].isalpha():
        while j < n and text[j].isascii() and text[j].isalpha():
            j += 1
        name = text[i:j]
        if name == "\\operatorname" and text[j : j + 1] == "*":
            j += 1
    else:
        j = min(j + 1, n)
        name = text[i:j]
    kind: TokenKind = "space" if name in SPACE_COMMANDS else "command"
    tokens.append(Token(kind, name, i, j))
    return j
