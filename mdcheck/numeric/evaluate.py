"""Evaluate a meaning on one random draw with numpy: every value a 2-D array (a scalar is 1x1),
shapes checked at every operation, derivatives read off exact differentials one direction at a time."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from mdcheck.numeric.draws import Draw
from mdcheck.numeric.functions import RandomFunction, known_function
from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

Array = np.ndarray


class EvaluationError(Exception):
    """The expression could not be evaluated on this draw (a shape clash, an unknown operation)."""


class Evaluator:
    """Values of expressions on one draw. `shapes` gives the sizes of nodes whose shape the
    expression alone does not fix (identity matrices, ones vectors, zeros)."""

    def __init__(self, draw: Draw, shapes: dict[int, tuple[int, int]]) -> None:
        self.draw = draw
        self.shapes = shapes
        self.memo: dict[int, Array | None] = {}
        self.computing: set[str] = set()
        self.scale = 0.0
        self.functions: dict[tuple[str, int], RandomFunction] = {}

    def value(self, e: Expr) -> Array | None:
        """The value of `e`, or None for a zero whose shape comes from elsewhere."""
        key = id(e)
        if key in self.memo:
            return self.memo[key]
        v = self._value(e)
        if v is not None:
            if v.size:
                self.scale = max(self.scale, float(np.max(np.abs(v))))
            v = np.asarray(v, dtype=float)
        self.memo[key] = v
        return v

    def dense(self, e: Expr) -> Array:
        v = self.value(e)
        if v is None:
            shape = self.shapes.get(id(e))
            if shape is None:
                raise EvaluationError("a zero of unknown shape")
            return np.zeros(shape)
        return v

    def _value(self, e: Expr) -> Array | None:
        match e:
            case ir.Sym(name=name):
                return self._symbol(name)
            case ir.DSym(name=name):
                got = self.draw.directions.get(name)
                if got is None:
                    raise EvaluationError(f"no direction for d{name}")
                return got
            case ir.Const(value=c):
                return np.array([[c]])
            case ir.Zero():
                shape = self.shapes.get(id(e))
                return None if shape is None else np.zeros(shape)
            case ir.Identity():
                n = self._node_shape(e)[0]
                return np.eye(n)
            case ir.Ones():
                return np.ones(self._node_shape(e))
            case ir.Add(terms=terms):
                return self._sum(terms)
            case ir.Scale(factor=c, body=b):
                v = self.value(b)
                return None if v is None else c * v
            case ir.Mul(factors=fs):
                return self._product(fs)
            case ir.Div(num=n, den=m):
                den = self.dense(m)
                if den.shape != (1, 1):
                    raise EvaluationError(f"division by a {den.shape[0]}x{den.shape[1]} matrix")
                num = self.value(n)
                return None if num is None else num / den[0, 0]
            case ir.Transpose(body=b):
                v = self.value(b)
                return None if v is None else v.T
            case ir.Inverse(body=b):
                return self._inverse(self.dense(b))
            case ir.Power(base=b, exponent=p):
                return self._power(self.dense(b), self.dense(p))
            case ir.Func():
                return self._func(e)
            case ir.Trace(body=b):
                v = self._square(self.dense(b), "trace")
                return np.array([[np.trace(v)]])
            case ir.Det(body=b):
                v = self._square(self.dense(b), "determinant")
                return np.array([[np.linalg.det(v)]])
            case ir.Diag(body=b):
                v = self.dense(b)
                if v.shape[1] == 1:
                    return np.diag(v[:, 0])
                return np.diag(self._square(v, "diag")).reshape(-1, 1)
            case ir.Vec(body=b):
                return self.dense(b).reshape(-1, 1, order="F")
            case ir.Entry(body=b, index=i):
                v = self.dense(b)
                if v.shape[1] != 1 or v.shape[0] <= i:
                    raise EvaluationError(f"component {i + 1} of a {_show(v)} value")
                return v[i : i + 1, :]
            case ir.Norm(body=b):
                return np.array([[np.linalg.norm(self.dense(b))]])
            case ir.Inner(left=a, right=b):
                x, y = self.dense(a), self.dense(b)
                self._same(x, y, "inner product")
                return np.array([[float(np.sum(x * y))]])
            case ir.Hadamard(left=a, right=b):
                return self._elementwise(self.dense(a), self.dense(b), np.multiply)
            case ir.HadamardDiv(left=a, right=b):
                return self._elementwise(self.dense(a), self.dense(b), np.divide)
            case ir.Maximum(left=a, right=b):
                return self._elementwise(self.dense(a), self.dense(b), np.maximum)
            case ir.Compare(left=a, op=op, right=b):
                return self._elementwise(self.dense(a), self.dense(b), _COMPARE[op]).astype(float)
            case ir.Kron(left=a, right=b):
                return np.kron(self.dense(a), self.dense(b))
            case ir.Softmax(body=b):
                z = self.dense(b)
                w = np.exp(z - z.max())
                return w / w.sum()
            case ir.MatExp(body=b):
                return _expm(self._square(self.dense(b), "matrix exponential"))
            case ir.Matrix(rows=rows):
                return np.array([[self._entry(x) for x in row] for row in rows])
            case ir.Derivative():
                return self._derivative(e)
            case ir.At(body=b, bindings=bindings):
                values = dict(self.draw.values)
                for name, value in bindings:
                    values[name] = self.dense(value)
                child = Evaluator(replace(self.draw, values=values), self.shapes)
                child.functions = self.functions
                v = child.value(b)
                self.scale = max(self.scale, child.scale)
                return v
        raise EvaluationError(f"cannot evaluate {type(e).__name__}")

    # -- helpers -------------------------------------------------------------------------------
    def _symbol(self, name: str) -> Array:
        got = self.draw.values.get(name)
        if got is not None:
            return got
        expr = self.draw.computed.get(name)
        if expr is None or name in self.computing:
            raise EvaluationError(f"no value for {name}")
        self.computing.add(name)
        try:
            return self.dense(expr)
        finally:
            self.computing.discard(name)

    def _node_shape(self, e: Expr) -> tuple[int, int]:
        shape = self.shapes.get(id(e))
        if shape is None:
            raise EvaluationError(f"the size of {type(e).__name__} is unknown")
        return shape

    def _sum(self, terms: tuple[Expr, ...]) -> Array | None:
        total: Array | None = None
        for t in terms:
            v = self.value(t)
            if v is None:
                continue
            if total is None:
                total = v
            else:
                self._same(total, v, "sum")
                total = total + v
        return total

    def _product(self, fs: tuple[Expr, ...]) -> Array | None:
        acc: Array | None = None
        for f in fs:
            v = self.value(f)
            if v is None:
                return None
            if acc is None:
                acc = v
            elif acc.shape == (1, 1):
                acc = acc[0, 0] * v
            elif v.shape == (1, 1):
                acc = acc * v[0, 0]
            elif acc.shape[1] == v.shape[0]:
                acc = acc @ v
            else:
                raise EvaluationError(f"product of {_show(acc)} and {_show(v)}")
        return acc

    def _same(self, a: Array, b: Array, what: str) -> None:
        if a.shape != b.shape:
            raise EvaluationError(f"{what} of {_show(a)} and {_show(b)}")

    def _square(self, v: Array, what: str) -> Array:
        if v.shape[0] != v.shape[1]:
            raise EvaluationError(f"{what} of a {_show(v)} matrix")
        return v

    def _inverse(self, v: Array) -> Array:
        self._square(v, "inverse")
        if v.shape == (1, 1):
            return 1.0 / v
        return np.linalg.inv(v)

    def _power(self, base: Array, p: Array) -> Array:
        if p.shape != (1, 1):
            raise EvaluationError("a power with a matrix exponent")
        exponent = p[0, 0]
        if base.shape[0] == 1 or base.shape[1] == 1:
            return np.power(base, exponent)  # a scalar, or a vector entry by entry
        self._square(base, "matrix power")
        if exponent != int(exponent):
            raise EvaluationError("a non-integer power of a matrix")
        k = int(exponent)
        return np.linalg.matrix_power(base if k >= 0 else np.linalg.inv(base), abs(k))

    def _elementwise(self, a: Array, b: Array, op: np.ufunc) -> Array:
        broadcast = (a.shape[0] == b.shape[0] and 1 in (a.shape[1], b.shape[1])) or (
            a.shape[1] == b.shape[1] and 1 in (a.shape[0], b.shape[0])
        )
        if a.shape != b.shape and a.shape != (1, 1) and b.shape != (1, 1) and not broadcast:
            raise EvaluationError(f"elementwise operation on {_show(a)} and {_show(b)}")
        return op(a, b)

    def _entry(self, x: Expr) -> float:
        v = self.dense(x)
        if v.shape != (1, 1):
            raise EvaluationError(f"a matrix entry of shape {_show(v)}")
        return float(v[0, 0])

    def _func(self, e: ir.Func) -> Array:
        args = [self.dense(a) for a in e.args]
        order = e.derivative + len(e.partial)
        if len(args) == 1 and not e.partial:
            f = _known(e.name, order)
            if f is not None:
                return f(args[0])
        if e.name in _KNOWN_NAMES:
            raise EvaluationError(f"{e.name} of several arguments")
        shapes = {a.shape for a in args if a.shape != (1, 1)}
        if len(shapes) > 1:
            raise EvaluationError(f"{e.name} of arguments of different shapes")
        fn = self.functions.get((e.name, len(args)))
        if fn is None:
            fn = RandomFunction.for_name(e.name, len(args), self.draw.seed)
            self.functions[(e.name, len(args))] = fn
        index = (0,) * e.derivative + e.partial
        return np.asarray(fn(args, index), dtype=float) * np.ones(next(iter(shapes), (1, 1)))

    def _derivative(self, e: ir.Derivative) -> Array:
        if e.differential is None:
            raise EvaluationError("a derivative whose differential was not worked out")
        body = self.dense(e.body)
        var = self._symbol(e.var)
        if e.order == 2:
            return self._hessian(e.differential, e.var, var)
        columns = []
        for index in np.ndindex(*var.shape):
            basis = np.zeros(var.shape)
            basis[index] = 1.0
            columns.append(self._directional(e.differential, e.var, basis, body.shape))
        if body.shape == (1, 1):
            grad = np.array([c[0, 0] for c in columns]).reshape(var.shape)
            return grad.T if e.layout == "numerator" else grad
        if var.shape == (1, 1):
            d = columns[0]
            return d.T if e.layout == "denominator" and d.shape[1] == 1 else d
        if body.shape[1] == 1 and var.shape[1] == 1:
            jac = np.hstack(columns)
            return jac.T if e.layout == "denominator" else jac
        raise EvaluationError(f"derivative of a {_show(body)} by a {_show(var)} (a tensor)")

    def _directional(self, differential: Expr, var: str, direction: Array, shape: tuple[int, int]) -> Array:
        child = Evaluator(
            replace(self.draw, directions={**self.draw.directions, var: direction}), self.shapes
        )
        child.functions = self.functions
        v = child.value(differential)
        self.scale = max(self.scale, child.scale)
        return np.zeros(shape) if v is None else v

    def _hessian(self, second: Expr, var: str, value: Array) -> Array:
        n = value.size
        if value.shape[1] != 1:
            raise EvaluationError("a Hessian by a matrix")

        def q(v: Array) -> float:
            return float(self._directional(second, var, v.reshape(value.shape), (1, 1))[0, 0])

        eye = np.eye(n)
        diag = [q(eye[i]) for i in range(n)]
        h = np.diag(diag)
        for i in range(n):
            for j in range(i + 1, n):
                h[i, j] = h[j, i] = (q(eye[i] + eye[j]) - diag[i] - diag[j]) / 2
        return h


_KNOWN_NAMES = frozenset(
    {
        "sin",
        "cos",
        "tan",
        "exp",
        "log",
        "sqrt",
        "tanh",
        "sigmoid",
        "sinh",
        "cosh",
        "abs",
        "sign",
        "arctan",
        "sec",
    }
)
_COMPARE = {
    ">": np.greater,
    "<": np.less,
    "\\ge": np.greater_equal,
    "\\le": np.less_equal,
    "<=": np.less_equal,
    ">=": np.greater_equal,
    "=": np.equal,
}


def _known(name: str, order: int):  # type: ignore[no-untyped-def]
    try:
        return known_function(name, order)
    except ValueError as err:
        raise EvaluationError(f"{name}: {err}") from err


def _show(v: Array) -> str:
    return f"{v.shape[0]}×{v.shape[1]}"


def _expm(a: Array) -> Array:
    """The matrix exponential by scaling and squaring of a Taylor series."""
    norm = np.linalg.norm(a, 1)
    s = max(0, int(math.ceil(math.log2(norm))) + 1) if norm > 0.5 else 0
    x = a / (2**s)
    term = np.eye(a.shape[0])
    total = term.copy()
    for k in range(1, 20):
        term = term @ x / k
        total = total + term
    for _ in range(s):
        total = total @ total
    return total
