"""Print a meaning compactly for reports (`x^T A dx + dx^T A x`, `tr(F^-1 dF)`), without sympy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

_PREC = {"add": 1, "mul": 2, "unary": 3, "atom": 4}


def show(e: Expr) -> str:
    return _show(e)[0]


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else f"{v:.6g}"


def _wrap(text_prec: tuple[str, int], at_least: int) -> str:
    text, prec = text_prec
    return text if prec >= at_least else f"({text})"


def _show(e: Expr) -> tuple[str, int]:
    """The text of `e` and its precedence, kept on the node: the readings of a step share
    subtrees, and a step is shown when its readings are told apart and again in its verdict."""
    cached = e.__dict__.get("_shown")
    if cached is None:
        cached = _spell(e)
        object.__setattr__(e, "_shown", cached)
    return cached


def _spell(e: Expr) -> tuple[str, int]:
    """The text of one node and its precedence, by the node's class (`_SPELLERS`)."""
    speller = _SPELLERS.get(e.__class__)
    return speller(e) if speller is not None else (type(e).__name__, _ATOM)


_ATOM = _PREC["atom"]
_MUL = _PREC["mul"]
_UNARY = _PREC["unary"]


def _add(e: ir.Add) -> tuple[str, int]:
    parts = []
    for k, t in enumerate(e.terms):
        text = _wrap(_show(t), _PREC["add"])
        if k and not text.startswith("-"):
            parts.append("+ " + text)
        elif k:
            parts.append("- " + text[1:])
        else:
            parts.append(text)
    return " ".join(parts), _PREC["add"]


def _scale(e: ir.Scale) -> tuple[str, int]:
    c, b = e.factor, e.body
    if c == -1.0:
        return "-" + _wrap(_show(b), _MUL), _UNARY
    return f"{_num(c)} {_wrap(_show(b), _MUL)}", _MUL


def _func(e: ir.Func) -> tuple[str, int]:
    k, p = e.derivative, e.partial
    mark = "'" * k + ("_" + "".join(str(i + 1) for i in p) if p else "")
    return f"{e.name}{mark}({', '.join(show(a) for a in e.args)})", _ATOM


def _derivative(e: ir.Derivative) -> tuple[str, int]:
    mark = "²" if e.order == 2 else ""
    layout = f" [{e.layout}]" if e.layout != "gradient" else ""
    return f"∂{mark}({show(e.body)})/∂{e.var}{mark}" + layout, _ATOM


def _at(e: ir.At) -> tuple[str, int]:
    where = ", ".join(f"{n}={show(v)}" for n, v in e.bindings)
    return f"({show(e.body)})|{where}", _ATOM


def _between(sign: str) -> Callable[[Any], tuple[str, int]]:
    """An entrywise or Kronecker product: `a ∘ b`, `a ⊘ b`, `a ⊗ b`."""
    return lambda e: (f"{_wrap(_show(e.left), _UNARY)} {sign} {_wrap(_show(e.right), _UNARY)}", _MUL)


def _applied(name: str) -> Callable[[Any], tuple[str, int]]:
    """An operator written as a function of its body: `tr(...)`, `softmax(...)`."""
    return lambda e: (f"{name}({show(e.body)})", _ATOM)


_SPELLERS: dict[type, Callable[[Any], tuple[str, int]]] = {
    ir.Sym: lambda e: (e.name, _ATOM),
    ir.DSym: lambda e: (f"d{e.name}", _ATOM),
    ir.Const: lambda e: (_num(e.value), _ATOM) if e.value >= 0 else (_num(e.value), _UNARY),
    ir.Zero: lambda e: ("0", _ATOM),
    ir.Identity: lambda e: ((f"I_{e.size}" if e.size else "I"), _ATOM),
    ir.Ones: lambda e: ("1", _ATOM),
    ir.Add: _add,
    ir.Scale: _scale,
    ir.Mul: lambda e: (" ".join(_wrap(_show(f), _UNARY) for f in e.factors), _MUL),
    ir.Div: lambda e: (f"{_wrap(_show(e.num), _MUL)} / {_wrap(_show(e.den), _ATOM)}", _MUL),
    ir.Transpose: lambda e: (_wrap(_show(e.body), _ATOM) + "^T", _ATOM),
    ir.Inverse: lambda e: (_wrap(_show(e.body), _ATOM) + "^-1", _ATOM),
    ir.Power: lambda e: (f"{_wrap(_show(e.base), _ATOM)}^{_wrap(_show(e.exponent), _ATOM)}", _ATOM),
    ir.Func: _func,
    ir.Trace: _applied("tr"),
    ir.Det: _applied("det"),
    ir.Diag: _applied("diag"),
    ir.Vec: _applied("vec"),
    ir.Element: lambda e: (f"{_wrap(_show(e.body), _ATOM)}[{e.row},{e.col}]", _ATOM),
    ir.IndexSum: lambda e: (f"Σ_{''.join(e.indices)} {_wrap(_show(e.body), _MUL)}", _MUL),
    ir.Entry: lambda e: (f"{_wrap(_show(e.body), _ATOM)}[{e.index + 1}]", _ATOM),
    ir.Norm: lambda e: (f"‖{show(e.body)}‖", _ATOM),
    ir.Inner: lambda e: (f"⟨{show(e.left)}, {show(e.right)}⟩", _ATOM),
    ir.Hadamard: _between("∘"),
    ir.HadamardDiv: _between("⊘"),
    ir.Kron: _between("⊗"),
    ir.Softmax: _applied("softmax"),
    ir.MatExp: _applied("expm"),
    ir.ExpFrechet: lambda e: (f"dexpm({show(e.body)}; {show(e.direction)})", _ATOM),
    ir.Maximum: lambda e: (f"max({show(e.left)}, {show(e.right)})", _ATOM),
    ir.Compare: lambda e: (f"1[{show(e.left)} {e.op} {show(e.right)}]", _ATOM),
    ir.Matrix: lambda e: ("[" + "; ".join(", ".join(show(x) for x in row) for row in e.rows) + "]", _ATOM),
    ir.Diff: lambda e: (f"d{'^' + str(e.order) if e.order > 1 else ''}({show(e.body)})", _ATOM),
    ir.Derivative: _derivative,
    ir.At: _at,
}
