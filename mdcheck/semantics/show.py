"""Print a meaning compactly for reports (`x^T A dx + dx^T A x`, `tr(F^-1 dF)`), without sympy."""

from __future__ import annotations

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
    atom = _PREC["atom"]
    match e:
        case ir.Sym(name=n):
            return n, atom
        case ir.DSym(name=n):
            return f"d{n}", atom
        case ir.Const(value=v):
            return (_num(v), atom) if v >= 0 else (_num(v), _PREC["unary"])
        case ir.Zero():
            return "0", atom
        case ir.Identity(size=s):
            return (f"I_{s}" if s else "I"), atom
        case ir.Ones():
            return "1", atom
        case ir.Add(terms=terms):
            parts = []
            for k, t in enumerate(terms):
                text = _wrap(_show(t), _PREC["add"])
                if k and not text.startswith("-"):
                    parts.append("+ " + text)
                elif k:
                    parts.append("- " + text[1:])
                else:
                    parts.append(text)
            return " ".join(parts), _PREC["add"]
        case ir.Scale(factor=c, body=b):
            if c == -1.0:
                return "-" + _wrap(_show(b), _PREC["mul"]), _PREC["unary"]
            return f"{_num(c)} {_wrap(_show(b), _PREC['mul'])}", _PREC["mul"]
        case ir.Mul(factors=fs):
            return " ".join(_wrap(_show(f), _PREC["unary"]) for f in fs), _PREC["mul"]
        case ir.Div(num=n, den=m):
            return f"{_wrap(_show(n), _PREC['mul'])} / {_wrap(_show(m), atom)}", _PREC["mul"]
        case ir.Transpose(body=b):
            return _wrap(_show(b), atom) + "^T", atom
        case ir.Inverse(body=b):
            return _wrap(_show(b), atom) + "^-1", atom
        case ir.Power(base=b, exponent=p):
            return f"{_wrap(_show(b), atom)}^{_wrap(_show(p), atom)}", atom
        case ir.Func(name=n, args=args, derivative=k, partial=p):
            mark = "'" * k + ("_" + "".join(str(i + 1) for i in p) if p else "")
            return f"{n}{mark}({', '.join(show(a) for a in args)})", atom
        case ir.Trace(body=b):
            return f"tr({show(b)})", atom
        case ir.Det(body=b):
            return f"det({show(b)})", atom
        case ir.Diag(body=b):
            return f"diag({show(b)})", atom
        case ir.Vec(body=b):
            return f"vec({show(b)})", atom
        case ir.Element(body=b, row=r, col=c):
            return f"{_wrap(_show(b), atom)}[{r},{c}]", atom
        case ir.IndexSum(indices=idx, body=b):
            return f"Σ_{''.join(idx)} {_wrap(_show(b), _PREC['mul'])}", _PREC["mul"]
        case ir.Entry(body=b, index=i):
            return f"{_wrap(_show(b), atom)}[{i + 1}]", atom
        case ir.Norm(body=b):
            return f"‖{show(b)}‖", atom
        case ir.Inner(left=a, right=b):
            return f"⟨{show(a)}, {show(b)}⟩", atom
        case ir.Hadamard(left=a, right=b):
            return f"{_wrap(_show(a), _PREC['unary'])} ∘ {_wrap(_show(b), _PREC['unary'])}", _PREC["mul"]
        case ir.HadamardDiv(left=a, right=b):
            return f"{_wrap(_show(a), _PREC['unary'])} ⊘ {_wrap(_show(b), _PREC['unary'])}", _PREC["mul"]
        case ir.Kron(left=a, right=b):
            return f"{_wrap(_show(a), _PREC['unary'])} ⊗ {_wrap(_show(b), _PREC['unary'])}", _PREC["mul"]
        case ir.Softmax(body=b):
            return f"softmax({show(b)})", atom
        case ir.MatExp(body=b):
            return f"expm({show(b)})", atom
        case ir.ExpFrechet(body=b, direction=db):
            return f"dexpm({show(b)}; {show(db)})", atom
        case ir.Maximum(left=a, right=b):
            return f"max({show(a)}, {show(b)})", atom
        case ir.Compare(left=a, op=op, right=b):
            return f"1[{show(a)} {op} {show(b)}]", atom
        case ir.Matrix(rows=rows):
            return "[" + "; ".join(", ".join(show(x) for x in row) for row in rows) + "]", atom
        case ir.Diff(body=b, order=o):
            return f"d{'^' + str(o) if o > 1 else ''}({show(b)})", atom
        case ir.Derivative(body=b, var=v, layout=lay, order=o):
            mark = "²" if o == 2 else ""
            return f"∂{mark}({show(b)})/∂{v}{mark}" + (f" [{lay}]" if lay != "gradient" else ""), atom
        case ir.At(body=b, bindings=bs):
            where = ", ".join(f"{n}={show(v)}" for n, v in bs)
            return f"({show(b)})|{where}", atom
    return type(e).__name__, atom
