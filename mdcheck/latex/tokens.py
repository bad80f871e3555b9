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
    "ᵀ": ("command", "\\transposemark"),
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
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
            tokens.append(Token("number", text[i:j], i, j))
            i = j
        elif ch.isascii() and ch.isalpha():
            tokens.append(Token("letter", ch, i, i + 1))
            i += 1
        elif ch == "~":
            tokens.append(Token("space", "~", i, i + 1))
            i += 1
        elif ch in UNICODE_COMMANDS:
            kind, name = UNICODE_COMMANDS[ch]
            tokens.append(Token(kind, name, i, i + 1))
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
