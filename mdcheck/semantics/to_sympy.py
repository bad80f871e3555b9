"""Turn a typed meaning into a sympy matrix expression (MatrixSymbol, MatMul, Transpose, Inverse,
Trace, Determinant, HadamardProduct, KroneckerProduct, ...) that sympy can print or manipulate.

Used by `mdcheck.meaning_of` and by `CheckOptions(sympy_meaning=True)`; the checker itself
decides with numbers, so sympy is imported only here, only when asked for."""

from __future__ import annotations

import itertools
from typing import Any

import sympy
from sympy.matrices.expressions import (
    DiagMatrix,
    DiagonalOf,
    HadamardPower,
    HadamardProduct,
    KroneckerProduct,
    MatrixExpr,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

Shapes = dict[str, tuple[int, int]]

_FUNCTIONS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "tanh": sympy.tanh,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "abs": sympy.Abs,
    "sign": sympy.sign,
    "arctan": sympy.atan,
}


class SympyConversion:
    """Converts the meaning of one typed step; `shapes` gives each symbol's size and `node_shapes`
    the sizes of identity, ones and zero nodes (from the step's typing)."""

    def __init__(self, shapes: Shapes, node_shapes: dict[int, tuple[int, int]]) -> None:
        self.shapes = shapes
        self.node_shapes = node_shapes
        self.symbols: dict[str, Any] = {}

    def shape(self, e: Any) -> tuple[int, int]:
        if isinstance(e, MatrixExpr):
            return (int(e.shape[0]), int(e.shape[1]))
        return (1, 1)

    def scalar(self, e: Any) -> Any:
        """A 1x1 matrix expression used as a scalar (`x^T A x` times a matrix) is its trace, which
        sympy keeps unexpanded (indexing would expand it into a sum of entries)."""
        if isinstance(e, MatrixExpr) and self.shape(e) == (1, 1):
            return sympy.Trace(e)
        return e

    def symbol(self, name: str) -> Any:
        got = self.symbols.get(name)
        if got is None:
            r, c = self.shapes.get(name, (1, 1))
            got = sympy.Symbol(name) if (r, c) == (1, 1) else sympy.MatrixSymbol(name, r, c)
            self.symbols[name] = got
        return got

    def __call__(self, e: Expr) -> Any:
        match e:
            case ir.Sym(name=name):
                return self.symbol(name)
            case ir.DSym(name=name):
                r, c = self.shapes.get(name, (1, 1))
                return sympy.Symbol("d" + name) if (r, c) == (1, 1) else sympy.MatrixSymbol("d" + name, r, c)
            case ir.Const(value=v):
                return sympy.Integer(int(v)) if v == int(v) else sympy.Float(v)
            case ir.Zero():
                r, c = self.node_shapes.get(id(e), (1, 1))
                return sympy.Integer(0) if (r, c) == (1, 1) else sympy.ZeroMatrix(r, c)
            case ir.Identity():
                n = self.node_shapes.get(id(e), (1, 1))[0]
                return sympy.Identity(n)
            case ir.Ones():
                r, c = self.node_shapes.get(id(e), (1, 1))
                return sympy.OneMatrix(r, c)
            case ir.Add(terms=terms):
                parts = [self(t) for t in terms]
                if all(isinstance(p, MatrixExpr) for p in parts) or not any(
                    isinstance(p, MatrixExpr) for p in parts
                ):
                    return sympy.Add(*parts)
                return sympy.Add(*[self.scalar(p) for p in parts])
            case ir.Scale(factor=c, body=b):
                return sympy.nsimplify(c) * self(b)
            case ir.Mul(factors=fs):
                return self.product([self(f) for f in fs])
            case ir.Div(num=n, den=m):
                return self(n) / self.scalar(self(m))
            case ir.Transpose(body=b):
                x = self(b)
                return sympy.Transpose(x) if isinstance(x, MatrixExpr) else x
            case ir.Inverse(body=b):
                x = self(b)
                return sympy.Inverse(x) if isinstance(x, MatrixExpr) else 1 / x
            case ir.Power(base=b, exponent=p):
                return self.power(self(b), self.scalar(self(p)))
            case ir.Func(name=name, args=args, derivative=k, partial=partial):
                return self.function(name, [self(a) for a in args], k, partial)
            case ir.Trace(body=b):
                x = self(b)
                return sympy.Trace(x) if isinstance(x, MatrixExpr) else x
            case ir.Det(body=b):
                x = self(b)
                return sympy.Determinant(x) if isinstance(x, MatrixExpr) else x
            case ir.Diag(body=b):
                x = self(b)
                return DiagMatrix(x) if self.shape(x)[1] == 1 else DiagonalOf(x)
            case ir.Vec(body=b):
                return sympy.Function("vec")(self(b))
            case ir.Entry(body=b, index=i):
                return self(b)[i, 0]
            case ir.Element(body=b, row=r, col=c):
                x = self(b)
                row = sympy.Symbol(r) if isinstance(r, str) else r
                col = sympy.Symbol(c) if isinstance(c, str) else c
                return x[row, col] if isinstance(x, MatrixExpr) else x
            case ir.IndexSum(indices=idx, body=b):
                body = self(b)
                limits = [(sympy.Symbol(k), 0, sympy.Symbol("n_" + k) - 1) for k in idx]
                return sympy.Sum(body, *limits)
            case ir.Norm(body=b):
                x = self(b)
                return (
                    sympy.sqrt(self.scalar(sympy.Trace(x.T * x)))
                    if isinstance(x, MatrixExpr)
                    else sympy.Abs(x)
                )
            case ir.Inner(left=a, right=b):
                x, y = self(a), self(b)
                return sympy.Trace(x.T * y) if isinstance(x, MatrixExpr) else x * y
            case ir.Hadamard(left=a, right=b):
                return self.elementwise(self(a), self(b))
            case ir.HadamardDiv(left=a, right=b):
                x, y = self(a), self(b)
                return self.elementwise(x, HadamardPower(y, -1) if isinstance(y, MatrixExpr) else 1 / y)
            case ir.Kron(left=a, right=b):
                return KroneckerProduct(self(a), self(b))
            case ir.Matrix(rows=rows):
                cells = [[self(x) for x in row] for row in rows]
                if all(self.shape(c) == (1, 1) for row in cells for c in row):
                    return sympy.ImmutableMatrix([[self.scalar(c) for c in row] for row in cells])
                return sympy.BlockMatrix(cells)  # a block matrix: its entries are matrices
            case ir.Softmax(body=b) | ir.MatExp(body=b):
                name = "softmax" if isinstance(e, ir.Softmax) else "expm"
                return sympy.Function(name)(self(b))
            case ir.ExpFrechet(body=b, direction=db):
                return sympy.Function("dexpm")(self(b), self(db))
            case ir.Maximum(left=a, right=b):
                return sympy.Function("maximum")(self(a), self(b))
            case ir.Compare(left=a, op=op, right=b):
                return sympy.Function("indicator")(self(a), sympy.Symbol(op), self(b))
            case ir.Derivative(body=b, var=var, order=order):
                return sympy.Derivative(self(b), *([self.symbol(var)] * order), evaluate=False)
            case ir.At(body=b, bindings=bindings):
                names = [self.symbol(n) for n, _ in bindings]
                return sympy.Subs(self(b), names, [self(v) for _, v in bindings])
            case ir.Diff(body=b):
                return sympy.Function("d")(self(b))
        raise ValueError(f"no sympy form for {type(e).__name__}")

    def product(self, factors: list[Any]) -> Any:
        if all(isinstance(f, MatrixExpr) for f in factors):
            shapes = [self.shape(f) for f in factors]
            if all(a[1] == b[0] for a, b in itertools.pairwise(shapes)):
                return sympy.MatMul(*factors)
        scalars = [self.scalar(f) for f in factors if self.shape(f) == (1, 1)]
        matrices = [f for f in factors if self.shape(f) != (1, 1)]
        out = sympy.Mul(*scalars) if scalars else sympy.Integer(1)
        if matrices:
            return out * sympy.MatMul(*matrices) if len(matrices) > 1 else out * matrices[0]
        return out

    def power(self, base: Any, p: Any) -> Any:
        if not isinstance(base, MatrixExpr):
            return base**p
        r, c = self.shape(base)
        if r == 1 or c == 1:
            return HadamardPower(base, p)
        return sympy.MatPow(base, p)

    def elementwise(self, x: Any, y: Any) -> Any:
        if not isinstance(x, MatrixExpr) or not isinstance(y, MatrixExpr):
            return x * y
        return HadamardProduct(x, y)

    def function(self, name: str, args: list[Any], k: int, partial: tuple[int, ...]) -> Any:
        base = _FUNCTIONS.get(name)
        if base is None or partial or len(args) != 1:
            label = name + "'" * k + ("_" + "".join(str(i + 1) for i in partial) if partial else "")
            f: Any = sympy.Function(label)
        else:
            t = sympy.Dummy("t")
            f = sympy.Lambda(t, sympy.diff(base(t), t, k) if k else base(t))
        if len(args) == 1 and isinstance(args[0], MatrixExpr):
            t = sympy.Dummy("t")
            lam = f if isinstance(f, sympy.Lambda) else sympy.Lambda(t, f(t))
            return ElementwiseApplyFunction(lam, args[0])
        return f(*[self.scalar(a) for a in args])


def to_sympy(expr: Expr, shapes: Shapes, node_shapes: dict[int, tuple[int, int]] | None = None) -> Any:
    """The sympy expression of `expr`, with each symbol of the given (rows, columns) shape."""
    return SympyConversion(shapes, node_shapes or {})(expr)
