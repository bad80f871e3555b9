"""Tokenize LaTeX math into commands, letters, numbers and symbols, each with its offsets in the
source text; Unicode math characters from PDF conversions become their LaTeX commands."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

TokenKind = Literal["command", "letter", "number", "symbol", "space"]


class Token(NamedTuple):
    """One token and its offsets in the source text (a named tuple: tokenizing makes tens of
    thousands of them, and a tuple is several times cheaper to build than a frozen dataclass)."""

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
    "≻": ("command", "\\succ"),
    "⪰": ("command", "\\succeq"),
    "≽": ("command", "\\succeq"),
    "≺": ("command", "\\prec"),
    "⪯": ("command", "\\preceq"),
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


SUPERSCRIPTS = {
    "⁰": "0",
    "¹": "1",
    "²": "2",
    "³": "3",
    "⁴": "4",
    "⁵": "5",
    "⁶": "6",
    "⁷": "7",
    "⁸": "8",
    "⁹": "9",
    "⁻": "-",
    "ᵀ": "T",
    "⁺": "+",
    "ⁿ": "n",
    "ᵗ": "t",
}


# Subscript characters of PDF conversions (`∇ₓ`, `xᵢ`), each read as `_{c}`.
SUBSCRIPTS = {
    **{chr(0x2080 + k): str(k) for k in range(10)},
    "ₐ": "a",
    "ₑ": "e",
    "ₒ": "o",
    "ₓ": "x",
    "ₕ": "h",
    "ₖ": "k",
    "ₗ": "l",
    "ₘ": "m",
    "ₙ": "n",
    "ₚ": "p",
    "ₛ": "s",
    "ₜ": "t",
    "ᵢ": "i",
    "ⱼ": "j",
    "ᵣ": "r",
    "ᵤ": "u",
    "ᵥ": "v",
}


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
    """`𝐀` (MATHEMATICAL BOLD CAPITAL A) -> ("bold", "A"); `𝑥` -> ("", "x"); `𝕊` -> ("double-struck", "S")."""
    import unicodedata

    name = unicodedata.name(ch, "")
    if not name.startswith("MATHEMATICAL "):
        return None
    words = name.split()
    letter = words[-1]
    if len(letter) != 1:
        return None
    letter = letter if "CAPITAL" in words else letter.lower()
    if "DOUBLE-STRUCK" in words:
        return ("double-struck", letter)  # `𝕊`, `𝔼`: \\mathbb{S}, \\mathbb{E}
    return ("bold" if "BOLD" in words else "", letter)


def _single_bars(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.text == "|")


# One match is the whitespace before a token and the token; each match starts where the one before
# ended (only a text's trailing whitespace is left unmatched), so the offsets are the lengths summed.
_SCANNER = re.compile(
    r"([ \t\r\n]*)("
    r"%[^\n]*"  # a comment
    r"|\\(?:operatorname\*|[A-Za-z]+|.)"  # a command
    r"|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"  # a number
    r"|[^ \t\r\n]"  # a letter or anything else
    r")",
    re.S,
)
# The kind of each token of one ASCII character, but for `%` (an empty comment) and the bars and
# tildes `_other` reads: most tokens are one of these.
_ONE_CHARACTER_KINDS: dict[str, TokenKind] = {
    c: "letter" if c.isalpha() else "number" if c.isdigit() else "symbol"
    for c in map(chr, range(128))
    if c not in " \t\r\n%|~"
}


# The macros of the document being checked (`\\newcommand{\\vx}{\\mathbf{x}}`): name -> (number of
# arguments, body). Tokenizing expands them; the tokens of a body stand where the macro stood.
_macros: dict[str, tuple[int, str]] = {}
_MAX_EXPANSIONS = 8


def use_macros(macros: dict[str, tuple[int, str]]) -> bool:
    """Expand these macros from now on; True when that changes what tokenizing gives (then every
    cache of results computed from a text must be emptied)."""
    global _macros
    if macros == _macros:
        return False
    _macros = dict(macros)
    _tokenize.cache_clear()
    return True


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens. Whitespace is dropped; `%` comments are skipped; spacing commands
    come out as kind "space" so that callers can use `\\quad` as a separator."""
    return list(_tokenize(text))


@lru_cache(maxsize=8192)
def _tokenize(text: str) -> tuple[Token, ...]:
    tokens = _old_style_upright_d(_scan(text))
    if _macros and any(t.text in _macros for t in tokens):
        for _ in range(_MAX_EXPANSIONS):
            tokens, expanded = _expand(tokens)
            if not expanded:
                break
    return tokens


def _old_style_upright_d(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Plain TeX's upright differential `{\\rm d}x` as `\\mathrm{d}x`, each token at the offsets of the
    one it replaces (a `d` in a `{\\rm d}` group is a differential mark, not a letter d)."""
    if not any(t.text == "\\rm" for t in tokens):
        return tokens
    out = list(tokens)
    for k in range(len(out) - 3):
        a, b, c, d = out[k : k + 4]
        if (a.text, b.text, c.text, d.text) == ("{", "\\rm", "d", "}"):
            out[k] = Token(b.kind, "\\mathrm", a.start, a.end)
            out[k + 1] = Token(a.kind, "{", b.start, b.end)
    return tuple(out)


def _expand(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], bool]:
    """One round of macro expansion: each macro (with its arguments) becomes its body's tokens, at
    the macro's offsets; an argument's tokens keep their own."""
    out: list[Token] = []
    expanded = False
    i = 0
    while i < len(tokens):
        t = tokens[i]
        found = _macros.get(t.text) if t.kind == "command" else None
        args = _arguments(tokens, i + 1, found[0]) if found is not None else None
        if found is None or args is None:
            out.append(t)
            i += 1
            continue
        values, after = args
        end = tokens[after - 1].end
        body = _scan(found[1])
        k = 0
        while k < len(body):
            b = body[k]
            if b.text == "#" and k + 1 < len(body) and body[k + 1].kind == "number":
                digit = int(body[k + 1].text[0]) - 1
                out.extend(values[digit] if 0 <= digit < len(values) else ())
                k += 2
                continue
            out.append(Token(b.kind, b.text, t.start, end))
            k += 1
        expanded = True
        i = after
    return tuple(out), expanded


def _arguments(tokens: tuple[Token, ...], k: int, count: int) -> tuple[list[tuple[Token, ...]], int] | None:
    """`count` arguments from `k` on (a brace group or one token each) and where they end."""
    values: list[tuple[Token, ...]] = []
    for _ in range(count):
        if k >= len(tokens):
            return None
        if tokens[k].text != "{":
            values.append((tokens[k],))
            k += 1
            continue
        depth, j = 0, k
        while j < len(tokens):
            depth += {"{": 1, "}": -1}.get(tokens[j].text, 0) if tokens[j].kind == "symbol" else 0
            if depth == 0:
                break
            j += 1
        if j >= len(tokens):
            return None
        values.append(tokens[k + 1 : j])
        k = j + 1
    return values, k


def _scan(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__  # Token(...) without the named tuple's Python-level __new__
    one_character_kind = _ONE_CHARACTER_KINDS.get
    pending = -1  # start of a run of superscript characters
    pos = 0
    for space, token in _SCANNER.findall(text):
        i = pos + len(space) if space else pos
        kind = one_character_kind(token)
        if pending >= 0 and (kind is not None or space or token not in SUPERSCRIPTS):
            _superscript(text, pending, tokens)
            pending = -1
        if kind is not None:
            pos = i + 1
            append(new(Token, (kind, token, i, pos)))
            continue
        pos = i + len(token)
        first = token[0]
        if first == "\\":
            append(new(Token, ("space" if token in SPACE_COMMANDS else "command", token, i, pos)))
        elif first == "%":
            continue
        elif len(token) > 1:
            append(new(Token, ("number", token, i, pos)))  # `12`, `0.5`, `.5`
        elif token in SUPERSCRIPTS:
            if pending < 0:
                pending = i
        else:
            _other(text, i, token, tokens)
    if pending >= 0:
        _superscript(text, pending, tokens)
    return tuple(tokens)


# Combining accents that PDF conversions leave after a letter (`β̂`, `x̃`, `ȳ`, `ẋ`).
COMBINING_ACCENTS = {
    "\u0302": "\\hat",
    "\u0303": "\\tilde",
    "\u0304": "\\bar",
    "\u0305": "\\bar",
    "\u0307": "\\dot",
    "\u0308": "\\ddot",
}


def _combining_accent(i: int, ch: str, tokens: list[Token]) -> bool:
    """`β̂`: a combining accent after a letter puts the accent on it (`\\hat{\\beta}`); False when
    there is no letter right before it."""
    if not tokens or tokens[-1].kind not in ("letter", "command") or tokens[-1].end not in (i, i + 1):
        return False
    base = tokens.pop()
    tokens.append(Token("command", COMBINING_ACCENTS[ch], base.start, base.start))
    tokens.append(Token("symbol", "{", base.start, base.start))
    tokens.append(base)
    tokens.append(Token("symbol", "}", base.end, max(base.end, i + 1)))  # the accent's character
    return True


def _accented_letter(i: int, ch: str, tokens: list[Token]) -> bool:
    """`ȳ`, `ỹ`: a letter with its accent in one character is the letter and the accent."""
    import unicodedata

    parts = unicodedata.normalize("NFD", ch)
    if len(parts) != 2 or parts[1] not in COMBINING_ACCENTS:
        return False
    letter = parts[0]
    if letter.isascii() and letter.isalpha():
        tokens.append(Token("letter", letter, i, i + 1))
    elif letter in UNICODE_COMMANDS:
        kind, name = UNICODE_COMMANDS[letter]
        tokens.append(Token(kind, name, i, i + 1))
    else:
        return False
    return _combining_accent(i, parts[1], tokens)


def _other(text: str, i: int, ch: str, tokens: list[Token]) -> None:
    if ch in COMBINING_ACCENTS and _combining_accent(i, ch, tokens):
        return
    if ch.isalpha() and not ch.isascii() and _accented_letter(i, ch, tokens):
        return
    if (
        ch == "|"
        and text.startswith("||", i)
        and not (tokens and tokens[-1].text == "\\|" and tokens[-1].start == i - 1)
    ) and _single_bars(tokens) % 2 == 0:
        # `||x||`: a norm written with two bars, as PDF conversions and plain-text notes do.
        tokens.append(Token("command", "\\|", i, i + 2))
        return
    if ch == "|" and tokens and tokens[-1].text == "\\|" and tokens[-1].end == i + 1:
        return  # the second bar of a `||` already taken
    if ch == "~":
        tokens.append(Token("space", "~", i, i + 1))
    elif ch < "\x80":
        tokens.append(Token("symbol", ch, i, i + 1))
    elif ch in UNICODE_COMMANDS:
        kind, name = UNICODE_COMMANDS[ch]
        tokens.append(Token(kind, name, i, i + 1))
    elif ch in SUBSCRIPTS:
        # `∇ₓ`, `xᵢ`: one subscript character becomes `_{...}`.
        sub = SUBSCRIPTS[ch]
        tokens.append(Token("symbol", "_", i, i))
        tokens.append(Token("symbol", "{", i, i))
        tokens.append(Token("number" if sub.isdigit() else "letter", sub, i, i + 1))
        tokens.append(Token("symbol", "}", i + 1, i + 1))
    elif (styled := _math_alphanumeric(ch)) is not None:
        style, letter = styled
        if style:
            tokens.append(Token("command", "\\mathbb" if style == "double-struck" else "\\mathbf", i, i))
            tokens.append(Token("symbol", "{", i, i))
            tokens.append(Token("letter", letter, i, i + 1))
            tokens.append(Token("symbol", "}", i + 1, i + 1))
        else:
            tokens.append(Token("letter", letter, i, i + 1))
    elif ch.isalpha():
        tokens.append(Token("letter", ch, i, i + 1))
    else:
        tokens.append(Token("symbol", ch, i, i + 1))
