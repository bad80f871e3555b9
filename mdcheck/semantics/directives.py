"""Read `mdcheck:` directives (`assume A symmetric; x: n; vary W b; skip`) into actions on the
environment or on the steps that follow; a directive that cannot be read becomes a problem message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mdcheck.latex import ast
from mdcheck.latex.parser import parse
from mdcheck.semantics.env import Environment
from mdcheck.semantics.shapes import Dim

PROPERTY_WORDS: dict[str, str] = {
    "symmetric": "symmetric",
    "spd": "spd",
    "positive definite": "spd",
    "positive-definite": "spd",
    "psd": "psd",
    "positive semidefinite": "psd",
    "positive semi-definite": "psd",
    "positive-semidefinite": "psd",
    "invertible": "invertible",
    "nonsingular": "invertible",
    "non-singular": "invertible",
    "orthogonal": "orthogonal",
    "orthonormal": "orthogonal",
    "diagonal": "diagonal",
    "lower triangular": "lower",
    "lower-triangular": "lower",
    "upper triangular": "upper",
    "upper-triangular": "upper",
    "skew-symmetric": "skew",
    "skew symmetric": "skew",
    "antisymmetric": "skew",
    "constant": "constant",
    "positive": "positive",
    "unit vector": "unit",
    "unit vectors": "unit",
    "unit-norm": "unit",
    "unit norm": "unit",
    "idempotent": "idempotent",
    "one-hot": "onehot",
    "one hot": "onehot",
}
KIND_WORDS = {"scalar": "scalar", "vector": "vector", "matrix": "matrix", "row": "row"}


@dataclass(frozen=True)
class DirectiveEffect:
    """What a directive asks beyond changing the environment: skip a block, a step, the rest."""

    skip_block: bool = False
    skip_step: bool = False
    skip_rest: bool = False
    problem: str = ""


def apply_directive(text: str, env: Environment) -> DirectiveEffect:
    """Apply every `;`-separated directive in `text` to `env`."""
    skip_block = skip_step = skip_rest = False
    problems: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        word = part.split()[0].lower()
        if part.lower() == "skip":
            skip_block = True
        elif part.lower() in ("skip-next-step", "skip next step"):
            skip_step = True
        elif part.lower() in ("skip-file", "skip file", "off"):
            skip_rest = True
        elif word == "assume":
            problems += _assume(part[len("assume") :].strip(), env)
        elif word in ("vary", "const", "constant", "function", "functions"):
            names, bad = _names(part.split(None, 1)[1] if " " in part else "")
            problems += bad
            for name in names:
                if word == "vary":
                    env.varying.add(name)
                    env.constants.discard(name)
                    env.fixed_constants.discard(name)
                elif word.startswith("const"):
                    env.constants.add(name)
                    env.fixed_constants.add(name)
                    env.varying.discard(name)
                else:
                    env.functions.add(name)
        elif word == "layout":
            value = part.split(None, 1)[1].strip().lower() if " " in part else ""
            if value not in ("numerator", "denominator"):
                problems.append(f"layout must be numerator or denominator, not {value!r}")
            else:
                env.layout, env.layout_explicit = value, True
        elif word == "cdot":
            value = part.split(None, 1)[1].strip().lower() if " " in part else ""
            env.cdot_inner = value in ("inner", "frobenius", "dot")
        elif ":" in part:
            problems += _shape(part, env)
        else:
            problems.append(f"unknown mdcheck directive {part!r}")
    return DirectiveEffect(skip_block, skip_step, skip_rest, "; ".join(problems))


def _assume(text: str, env: Environment) -> list[str]:
    lowered = text.lower()
    props: set[str] = set()
    kind = ""
    for phrase in sorted(PROPERTY_WORDS, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered):
            props.add(PROPERTY_WORDS[phrase])
            lowered = lowered.replace(phrase, " ")
    for word, k in KIND_WORDS.items():
        if re.search(rf"\b{word}\b", lowered):
            kind = k
            lowered = lowered.replace(word, " ")
    # What is left, up to the first property, names the symbols.
    names_text = re.split(r"\b(?:is|are|be)\b", text, maxsplit=1)[0]
    for phrase in sorted(PROPERTY_WORDS, key=len, reverse=True) + list(KIND_WORDS):
        names_text = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", " ", names_text, flags=re.I)
    names, problems = _names(names_text)
    if not names:
        return [f"assume without a symbol: {text!r}"]
    if not props and not kind:
        return [f"assume without a property: {text!r}"]
    for name in names:
        env.declare(name, properties=frozenset(props), kind="vector" if kind == "row" else kind)
        if kind == "row":
            env.declare(name, dims=(1, f"dim_{name}"))
    return problems


def _shape(part: str, env: Environment) -> list[str]:
    left, right = part.split(":", 1)
    names, problems = _names(left)
    dims = parse_dims(right.strip())
    if dims is None:
        return [*problems, f"cannot read the shape {right.strip()!r}"]
    for name in names:
        env.declare(name, dims=dims)
    return problems


def parse_dims(text: str) -> tuple[Dim, Dim] | None:
    """`n` -> (n, 1); `m x n`, `m \\times n`, `m×n` -> (m, n); `scalar` or `1` -> (1, 1)."""
    text = text.strip().strip("$")
    if text.lower() == "scalar":
        return (1, 1)
    parts = [p.strip() for p in re.split(r"\\times|×|\s+x\s+|\*", text)]
    if len(parts) == 1:
        one = _dim(parts[0])
        if one is None:
            return None
        return (1, 1) if one == 1 else (one, 1)
    if len(parts) == 2:
        a, b = _dim(parts[0]), _dim(parts[1])
        if a is None or b is None:
            return None
        return (a, b)
    return None


def _dim(text: str) -> Dim | None:
    text = text.strip().strip("{}").strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    result = parse(text, differentials=False)
    if isinstance(result.node, ast.Name):
        return result.node.key
    return None


_BRACELESS_STYLE = re.compile(
    r"(\\(?:mathbf|boldsymbol|bm|pmb|bf|mathrm|mathcal|mathbb|hat|tilde|bar|vec))\s+(\\[A-Za-z]+|[A-Za-z0-9])"
)


def _names(text: str) -> tuple[list[str], list[str]]:
    names: list[str] = []
    problems: list[str] = []
    text = _BRACELESS_STYLE.sub(r"\1{\2}", text)  # `\mathbf y`: one symbol, not two
    for piece in re.split(r",|\band\b|\s+(?=[A-Za-z\\])", text):
        piece = piece.strip().strip("$").strip()
        if not piece:
            continue
        result = parse(piece, differentials=False)
        if isinstance(result.node, ast.Name):
            names.append(result.node.key)
        else:
            problems.append(f"{piece!r} is not a symbol")
    return names, problems
