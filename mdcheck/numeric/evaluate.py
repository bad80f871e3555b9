"""Evaluate a meaning on a batch of random draws at once with numpy: every value is a stack of
matrices (draws × rows × columns; a scalar is 1×1), shapes checked at every operation, derivatives
read off exact differentials one direction at a time."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from mdcheck.numeric.draws import Draw
from mdcheck.numeric.functions import RandomFunction, known_function
from mdcheck.semantics import ir
from mdcheck.semantics.ir import Expr

Array = np.ndarray


class EvaluationError(Exception):
    """The expression could not be evaluated on these draws (a shape clash, an unknown operation)."""


# `ndarray.max` without its Python-level wrapper (the same reduction).
_largest = np.maximum.reduce


def _is_scalar(v: Array) -> bool:
    return v.shape[1] == 1 and v.shape[2] == 1


def _show(v: Array) -> str:
    return f"{v.shape[1]}×{v.shape[2]}"


class Evaluator:
    """Values of expressions on one batch of draws. `shapes` gives the sizes of nodes whose shape the
    expression alone does not fix (identity matrices, ones vectors, zeros)."""

    def __init__(self, draw: Draw, shapes: dict[int, tuple[int, int]]) -> None:
        self.draw = draw
        self.batch = draw.batch
        self.shapes = shapes
        self.memo: dict[int, Array | None] = {}
        self.computing: set[str] = set()
        self.scale = np.zeros(draw.batch)
        # The largest condition number of a matrix inverted on each draw: how many digits an
        # inverse may have lost, so that the comparison can allow for it.
        self.condition = np.ones(draw.batch)
        self.functions: dict[tuple[str, int], RandomFunction] = {}
        self.index_values: dict[str, int] = {}

    def value(self, e: Expr) -> Array | None:
        """The value of `e` on every draw, or None for a zero whose shape comes from elsewhere.
        Floating-point errors are the caller's to set aside (`np.errstate`): a value that is not a
        number is looked for at the end."""
        key = id(e)
        memo = self.memo
        if key in memo:
            return memo[key]
        rule = _VALUE_RULES.get(type(e))
        if rule is None:
            raise EvaluationError(f"cannot evaluate {type(e).__name__}")
        v = memo[key] = rule(self, e)
        return v

    def dense(self, e: Expr) -> Array:
        v = self.value(e)
        if v is None:
            shape = self.shapes.get(id(e))
            if shape is None:
                raise EvaluationError("a zero of unknown shape")
            return np.zeros((self.batch, *shape))
        return v

    # -- one rule per kind of node (found by the node's class, `_VALUE_RULES`) ----------------
    def _sym(self, e: ir.Sym) -> Array | None:
        got = self.draw.values.get(e.name)
        return got if got is not None else self._symbol(e.name)

    def _dsym(self, e: ir.DSym) -> Array | None:
        got = self.draw.directions.get(e.name)
        if got is None:
            raise EvaluationError(f"no direction for d{e.name}")
        return got

    def _const(self, e: ir.Const) -> Array | None:
        return np.full((self.batch, 1, 1), e.value)

    def _zero(self, e: ir.Zero) -> Array | None:
        shape = self.shapes.get(id(e))
        return None if shape is None else np.zeros((self.batch, *shape))

    def _identity(self, e: ir.Identity) -> Array | None:
        n = self._node_shape(e)[0]
        return np.broadcast_to(np.eye(n), (self.batch, n, n))

    def _ones(self, e: ir.Ones) -> Array | None:
        return np.ones((self.batch, *self._node_shape(e)))

    def _scale_node(self, e: ir.Scale) -> Array | None:
        v = self.value(e.body)
        return None if v is None else e.factor * v

    def _div(self, e: ir.Div) -> Array | None:
        den = self.dense(e.den)
        if not _is_scalar(den):
            raise EvaluationError(f"division by a {_show(den)} matrix")
        num = self.value(e.num)
        return None if num is None else num / den

    def _transpose(self, e: ir.Transpose) -> Array | None:
        v = self.value(e.body)
        return None if v is None else np.swapaxes(v, 1, 2)

    def _inverse_node(self, e: ir.Inverse) -> Array | None:
        return self._inverse(self.dense(e.body))

    def _power_node(self, e: ir.Power) -> Array | None:
        return self._power(self.dense(e.base), self.dense(e.exponent))

    def _trace(self, e: ir.Trace) -> Array | None:
        v = self._square(self.dense(e.body), "trace")
        return np.trace(v, axis1=1, axis2=2).reshape(-1, 1, 1)

    def _det(self, e: ir.Det) -> Array | None:
        v = self._square(self.dense(e.body), "determinant")
        return np.linalg.det(v).reshape(-1, 1, 1)

    def _diag(self, e: ir.Diag) -> Array | None:
        v = self.dense(e.body)
        if v.shape[2] == 1:
            return v * np.eye(v.shape[1])
        return np.diagonal(self._square(v, "diag"), axis1=1, axis2=2)[:, :, None].copy()

    def _vec(self, e: ir.Vec) -> Array | None:
        v = self.dense(e.body)
        return np.swapaxes(v, 1, 2).reshape(self.batch, -1, 1)

    def _element(self, e: ir.Element) -> Array | None:
        r, c = e.row, e.col
        v = self.dense(e.body)
        i = self.index_values[r] if isinstance(r, str) else r
        j = self.index_values[c] if isinstance(c, str) else c
        if i >= v.shape[1] or j >= v.shape[2]:
            raise EvaluationError(f"entry ({i + 1}, {j + 1}) of a {_show(v)} value")
        return v[:, i : i + 1, j : j + 1]

    def _index_sum_node(self, e: ir.IndexSum) -> Array | None:
        return self._index_sum(e.indices, e.body)

    def _entry(self, e: ir.Entry) -> Array | None:
        i = e.index
        v = self.dense(e.body)
        if v.shape[2] != 1 or v.shape[1] <= i:
            raise EvaluationError(f"component {i + 1} of a {_show(v)} value")
        return v[:, i : i + 1, :]

    def _norm(self, e: ir.Norm) -> Array | None:
        v = self.dense(e.body)
        return np.sqrt((v * v).sum(axis=(1, 2))).reshape(-1, 1, 1)

    def _inner(self, e: ir.Inner) -> Array | None:
        x, y = self.dense(e.left), self.dense(e.right)
        if x.shape != y.shape:
            raise EvaluationError(f"inner product of {_show(x)} and {_show(y)}")
        return (x * y).sum(axis=(1, 2)).reshape(-1, 1, 1)

    def _hadamard(self, e: ir.Hadamard) -> Array | None:
        return self._elementwise(self.dense(e.left), self.dense(e.right), np.multiply)

    def _hadamard_div(self, e: ir.HadamardDiv) -> Array | None:
        return self._elementwise(self.dense(e.left), self.dense(e.right), np.divide)

    def _maximum(self, e: ir.Maximum) -> Array | None:
        return self._elementwise(self.dense(e.left), self.dense(e.right), np.maximum)

    def _compare(self, e: ir.Compare) -> Array | None:
        return self._elementwise(self.dense(e.left), self.dense(e.right), _COMPARE[e.op]).astype(float)

    def _kron(self, e: ir.Kron) -> Array | None:
        x, y = self.dense(e.left), self.dense(e.right)
        out = np.einsum("tij,tkl->tikjl", x, y)
        return out.reshape(self.batch, x.shape[1] * y.shape[1], x.shape[2] * y.shape[2])

    def _softmax(self, e: ir.Softmax) -> Array | None:
        z = self.dense(e.body)
        w = np.exp(z - z.max(axis=1, keepdims=True))
        return w / w.sum(axis=1, keepdims=True)

    def _matexp(self, e: ir.MatExp) -> Array | None:
        v = self._square(self.dense(e.body), "matrix exponential")
        return np.stack([_expm(m) for m in v])

    def _exp_frechet(self, e: ir.ExpFrechet) -> Array | None:
        a = self._square(self.dense(e.body), "matrix exponential")
        da = self.dense(e.direction)
        if da.shape != a.shape:
            raise EvaluationError(f"a {_show(da)} change of the exponential of a {_show(a)} matrix")
        return np.stack([_expm_frechet(m, dm) for m, dm in zip(a, da, strict=True)])

    def _matrix_node(self, e: ir.Matrix) -> Array | None:
        return self._matrix(e.rows)

    def _at(self, e: ir.At) -> Array | None:
        values = dict(self.draw.values)
        for name, value in e.bindings:
            values[name] = self.dense(value)
        child = self._child(replace(self.draw, values=values))
        out = child.value(e.body)
        self.condition = np.maximum(self.condition, child.condition)
        return out

    # -- helpers -------------------------------------------------------------------------------
    def _child(self, draw: Draw) -> Evaluator:
        child = Evaluator(draw, self.shapes)
        child.functions = self.functions
        child.scale = self.scale
        child.index_values = self.index_values
        return child

    def _index_sum(self, indices: tuple[str, ...], body: Expr) -> Array:
        ranges = [self._index_range(k, body) for k in indices]
        total = np.zeros((self.batch, 1, 1))
        for combo in itertools.product(*(range(r) for r in ranges)):
            child = self._child(self.draw)
            child.index_values = {**self.index_values, **dict(zip(indices, combo, strict=True))}
            total = total + child.dense(body)
        return total

    def _index_range(self, index: str, body: Expr) -> int:
        """How far an index runs: the size of the dimension of the first entry it picks."""
        for x in ir.walk(body):
            if isinstance(x, ir.Element) and index in (x.row, x.col):
                probe = self._child(self.draw)
                probe.index_values = {**self.index_values, **dict.fromkeys(_free_indices(x.body), 0)}
                v = probe.dense(x.body)
                return int(v.shape[1] if x.row == index else v.shape[2])
        raise EvaluationError(f"the range of the index {index} is unknown")

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

    def _add(self, e: ir.Add) -> Array | None:
        """The sum; the size of its largest term is kept as the scale of the numbers involved, so
        that a sum that cancels is compared with what cancelled, not with its rounding."""
        total: Array | None = None
        for t in e.terms:
            v = self.value(t)
            if v is None:
                continue
            if v.size:
                # fmax: a term that is not a number on a draw (the log of a negative determinant in
                # the body of a derivative, evaluated only for its shape) leaves the scale as it was.
                np.fmax(self.scale, _largest(np.abs(v), axis=(1, 2)), out=self.scale)
            if total is None:
                total = v
            elif total.shape != v.shape:
                raise EvaluationError(f"sum of {_show(total)} and {_show(v)}")
            else:
                total = total + v
        return total

    def _mul(self, e: ir.Mul) -> Array | None:
        acc: Array | None = None
        for f in e.factors:
            v = self.value(f)
            if v is None:
                return None
            if acc is None:
                acc = v
            elif (acc.shape[1] == 1 and acc.shape[2] == 1) or (v.shape[1] == 1 and v.shape[2] == 1):
                acc = acc * v  # a scalar factor
            elif acc.shape[2] == v.shape[1]:
                self._keep_product_scale(acc, v)
                acc = acc @ v
            else:
                raise EvaluationError(f"product of {_show(acc)} and {_show(v)}")
        return acc

    def _keep_product_scale(self, a: Array, b: Array) -> None:
        """A matrix product sums products of entries: the largest entry of |a||b| is kept as the
        scale, as for a sum, so that `x^T S x` with S skew (a sum that cancels) is not compared
        with its rounding."""
        if a.shape[2] > 1 and a.size and b.size:
            size = _largest(np.abs(a) @ np.abs(b), axis=(1, 2))
            np.fmax(self.scale, size, out=self.scale)

    def _square(self, v: Array, what: str) -> Array:
        if v.shape[1] != v.shape[2]:
            raise EvaluationError(f"{what} of a {_show(v)} matrix")
        return v

    def _inverse(self, v: Array) -> Array:
        self._square(v, "inverse")
        if _is_scalar(v):
            return 1.0 / v
        return self._inverted(v)

    def _inverted(self, v: Array) -> Array:
        """The inverse of every draw's matrix, noting its condition number: estimated from the
        inverse at hand (`‖A‖_F ‖A⁻¹‖_F`, at most n times the 2-norm one) rather than by an SVD."""
        inverse = np.linalg.inv(v)
        estimate = np.sqrt((v * v).sum(axis=(1, 2)) * (inverse * inverse).sum(axis=(1, 2)))
        self.condition = np.maximum(self.condition, np.nan_to_num(estimate, nan=np.inf))
        return inverse

    def _power(self, base: Array, p: Array) -> Array:
        if not _is_scalar(p):
            raise EvaluationError("a power with a matrix exponent")
        if base.shape[1] == 1 or base.shape[2] == 1:
            return np.power(base, p)  # a scalar, or a vector entry by entry
        self._square(base, "matrix power")
        exponent = float(p[0, 0, 0])
        if not np.all(p == exponent):
            raise EvaluationError("a non-integer power of a matrix")
        if exponent != int(exponent):
            return _spd_power(base, exponent)
        k = int(exponent)
        return np.linalg.matrix_power(base if k >= 0 else self._inverted(base), abs(k))

    def _elementwise(self, a: Array, b: Array, op: Callable[[Array, Array], Array]) -> Array:
        ra, ca, rb, cb = a.shape[1], a.shape[2], b.shape[1], b.shape[2]
        broadcast = (ra == rb and 1 in (ca, cb)) or (ca == cb and 1 in (ra, rb))
        if (ra, ca) != (rb, cb) and not _is_scalar(a) and not _is_scalar(b) and not broadcast:
            raise EvaluationError(f"elementwise operation on {_show(a)} and {_show(b)}")
        return op(a, b)

    def _matrix(self, rows: tuple[tuple[Expr, ...], ...]) -> Array:
        """A matrix written out, its entries numbers or blocks (the typer has matched their sizes)."""
        cells = [[self.dense(x) for x in row] for row in rows]
        try:
            return np.concatenate([np.concatenate(row, axis=2) for row in cells], axis=1)
        except ValueError:
            shapes = "; ".join(", ".join(_show(v) for v in row) for row in cells)
            raise EvaluationError(f"blocks of a matrix that do not fit together: {shapes}") from None

    def _func(self, e: ir.Func) -> Array:
        args = [self.dense(a) for a in e.args]
        order = e.derivative + len(e.partial)
        if len(args) == 1 and not e.partial:
            f = _known(e.name, order)
            if f is not None:
                return np.asarray(f(args[0]), dtype=float)
        if e.name in _KNOWN_NAMES:
            raise EvaluationError(f"{e.name} of several arguments")
        shapes = {a.shape for a in args if not _is_scalar(a)}
        if len(shapes) > 1:
            raise EvaluationError(f"{e.name} of arguments of different shapes")
        fn = self.functions.get((e.name, len(args)))
        if fn is None:
            fn = RandomFunction.for_name(e.name, len(args), self.draw.seed)
            self.functions[(e.name, len(args))] = fn
        index = (0,) * e.derivative + e.partial
        out = np.asarray(fn(args, index), dtype=float)
        return out * np.ones(next(iter(shapes), (self.batch, 1, 1)))

    def _derivative(self, e: ir.Derivative) -> Array:
        if e.differential is None:
            raise EvaluationError("a derivative whose differential was not worked out")
        body = self.dense(e.body)
        var = self._symbol(e.var)
        shape = var.shape[1:]
        if e.order > 1 and shape == (1, 1):
            # by a scalar: the order-k differential in the direction 1 (d^k body = f^{(k)} dt^k)
            return self._in_directions(e.differential, e.var, np.ones((1, *shape)), body.shape)[0]
        if e.order == 2:
            return self._hessian(e.differential, e.var, var)
        columns = self._in_directions(e.differential, e.var, _basis(shape), body.shape)
        if _is_scalar(body):
            grad = np.stack([c[:, 0, 0] for c in columns], axis=1).reshape(self.batch, *shape)
            if e.layout == "symmetric":  # by the free entries: G + G^T - diag(G)
                return grad + np.swapaxes(grad, 1, 2) - grad * np.eye(shape[0])
            return np.swapaxes(grad, 1, 2) if e.layout == "numerator" else grad
        if e.layout == "symmetric":
            raise EvaluationError("a derivative by the free entries of a symmetric matrix of a non-scalar")
        if shape == (1, 1):
            d = columns[0]
            return np.swapaxes(d, 1, 2) if e.layout == "denominator" and d.shape[2] == 1 else d
        if body.shape[2] == 1 and shape[1] == 1:
            jac = np.concatenate(columns, axis=2)
            return np.swapaxes(jac, 1, 2) if e.layout == "denominator" else jac
        raise EvaluationError(f"derivative of a {_show(body)} by a {shape[0]}×{shape[1]} (a tensor)")

    def _hessian(self, second: Expr, var: str, value: Array) -> Array:
        if value.shape[2] != 1:
            raise EvaluationError("a Hessian by a matrix")
        n = value.shape[1]
        eye = np.eye(n)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        directions = np.stack([eye[i] for i in range(n)] + [eye[i] + eye[j] for i, j in pairs])
        q = [v[:, 0, 0] for v in self._in_directions(second, var, directions[:, :, None], (self.batch, 1, 1))]
        h = np.zeros((self.batch, n, n))
        for i in range(n):
            h[:, i, i] = q[i]
        for k, (i, j) in enumerate(pairs):
            h[:, i, j] = h[:, j, i] = (q[n + k] - q[i] - q[j]) / 2
        return h

    def _in_directions(
        self, differential: Expr, var: str, directions: Array, shape: tuple[int, ...]
    ) -> list[Array]:
        """The differential with `d var` set to each of `directions` (a stack of them), worked out in
        one evaluation: every draw is repeated once per direction (draw t, direction j at row
        t·k + j), and the parts that do not depend on the direction are worked out once. The same
        numbers as one evaluation per direction, with one pass over the expression."""
        k, b = len(directions), self.batch
        free = _direction_free(differential, self.draw.computed)
        known = {key: v for key, v in self.memo.items() if key in free}
        child = Evaluator(
            Draw(
                {name: np.repeat(v, k, axis=0) for name, v in self.draw.values.items()},
                {
                    **{name: np.repeat(v, k, axis=0) for name, v in self.draw.directions.items()},
                    var: np.tile(directions, (b, 1, 1)),
                },
                self.draw.computed,
                self.draw.seed,
                b * k,
            ),
            self.shapes,
        )
        child.functions = self.functions
        child.index_values = self.index_values
        child.scale = np.repeat(self.scale, k)
        child.memo.update({key: None if v is None else np.repeat(v, k, axis=0) for key, v in known.items()})
        v = child.value(differential)
        np.fmax(self.scale, _largest(child.scale.reshape(b, k), axis=1), out=self.scale)
        if v is None:
            return [np.zeros(shape) for _ in range(k)]
        stacked = v.reshape(b, k, *v.shape[1:])
        return [stacked[:, j] for j in range(k)]


_VALUE_RULES: dict[type, Callable[[Evaluator, Any], Array | None]] = {
    ir.Sym: Evaluator._sym,
    ir.DSym: Evaluator._dsym,
    ir.Const: Evaluator._const,
    ir.Zero: Evaluator._zero,
    ir.Identity: Evaluator._identity,
    ir.Ones: Evaluator._ones,
    ir.Add: Evaluator._add,
    ir.Scale: Evaluator._scale_node,
    ir.Mul: Evaluator._mul,
    ir.Div: Evaluator._div,
    ir.Transpose: Evaluator._transpose,
    ir.Inverse: Evaluator._inverse_node,
    ir.Power: Evaluator._power_node,
    ir.Func: Evaluator._func,
    ir.Trace: Evaluator._trace,
    ir.Det: Evaluator._det,
    ir.Diag: Evaluator._diag,
    ir.Vec: Evaluator._vec,
    ir.Element: Evaluator._element,
    ir.IndexSum: Evaluator._index_sum_node,
    ir.Entry: Evaluator._entry,
    ir.Norm: Evaluator._norm,
    ir.Inner: Evaluator._inner,
    ir.Hadamard: Evaluator._hadamard,
    ir.HadamardDiv: Evaluator._hadamard_div,
    ir.Maximum: Evaluator._maximum,
    ir.Compare: Evaluator._compare,
    ir.Kron: Evaluator._kron,
    ir.Softmax: Evaluator._softmax,
    ir.MatExp: Evaluator._matexp,
    ir.ExpFrechet: Evaluator._exp_frechet,
    ir.Matrix: Evaluator._matrix_node,
    ir.Derivative: Evaluator._derivative,
    ir.At: Evaluator._at,
}


# Nodes whose value may depend on a direction, or on more than the draw's values: never shared.
_DIRECTION_BOUND = (ir.DSym, ir.Derivative, ir.At, ir.IndexSum, ir.Element)


def _direction_free(root: Expr, computed: dict[str, Expr]) -> set[int]:
    """The ids of the nodes of `root` whose value depends only on the draw's values."""
    status: dict[int, bool] = {}
    _mark_free(root, computed, status)
    return {key for key, free in status.items() if free}


def _mark_free(e: Expr, computed: dict[str, Expr], status: dict[int, bool]) -> bool:
    key = id(e)
    got = status.get(key)
    if got is not None:
        return got
    free = True
    for child in e.children():
        free = _mark_free(child, computed, status) and free
    if isinstance(e, _DIRECTION_BOUND) or (isinstance(e, ir.Sym) and e.name in computed):
        free = False
    status[key] = free
    return free


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


def _basis(shape: tuple[int, ...]) -> Array:
    """The basis matrices of a shape, one per entry in row-major order (as `np.ndindex` visits them)."""
    size = math.prod(shape)
    return np.eye(size).reshape(size, *shape)


def _free_indices(e: Expr) -> set[str]:
    out: set[str] = set()
    for x in ir.walk(e):
        if isinstance(x, ir.Element):
            out |= {i for i in (x.row, x.col) if isinstance(i, str)}
    return out


def _known(name: str, order: int) -> Callable[[Array], Array] | None:
    try:
        return known_function(name, order)
    except ValueError as err:
        raise EvaluationError(f"{name}: {err}") from err


def _expm_frechet(a: Array, da: Array) -> Array:
    """The differential of the matrix exponential at `a` in the direction `da`: the upper right
    block of the exponential of the block matrix [[a, da], [0, a]] (Najfeld and Havel)."""
    n = a.shape[0]
    block = np.zeros((2 * n, 2 * n))
    block[:n, :n], block[:n, n:], block[n:, n:] = a, da, a
    return _expm(block)[:n, n:]


def _expm(a: Array) -> Array:
    """The matrix exponential by scaling and squaring of a Taylor series."""
    norm = np.linalg.norm(a, 1)
    s = max(0, math.ceil(math.log2(norm)) + 1) if norm > 0.5 else 0
    x = a / (2**s)
    term = np.eye(a.shape[0])
    total = term.copy()
    for k in range(1, 20):
        term = term @ x / k
        total = total + term
    for _ in range(s):
        total = total @ total
    return total


def _spd_power(base: Array, exponent: float) -> Array:
    """`\\Sigma^{1/2}`, `\\Sigma^{-1/2}`: the power of a symmetric positive definite matrix through its
    eigenvalues (the unique symmetric positive definite one); any other matrix has none to check."""
    if not np.allclose(base, np.swapaxes(base, 1, 2), rtol=1e-10, atol=1e-12):
        raise EvaluationError("a non-integer power of a matrix that is not symmetric")
    values, vectors = np.linalg.eigh(base)
    if np.any(values <= 1e-10 * np.abs(values).max(axis=1, keepdims=True)):
        raise EvaluationError("a non-integer power of a matrix that is not positive definite")
    return (vectors * values[:, None, :] ** exponent) @ np.swapaxes(vectors, 1, 2)
