"""The layout a derivative claim holds in, and the layout a document keeps to: a claim that holds
only in the layout the document's other claims of its kind do not use is a wrong-layout finding."""

from __future__ import annotations

from dataclasses import dataclass

from mdcheck.semantics import ir
from mdcheck.semantics.meaning import TypedStep

LAYOUTS = ("numerator", "denominator")
# How many claims must hold only in one layout, with none or few in the other, before the few are
# called wrong: a document that mixes layouts on purpose must not be flagged.
MIN_MAJORITY = 3
MAX_MINORITY_SHARE = 1 / 3


@dataclass(frozen=True)
class LayoutClaim:
    """A step that holds in `layout` only; `kind` is "gradient" (a scalar by a vector), "matrix
    gradient" (a scalar by a matrix) or "jacobian" (a vector or matrix by a vector or matrix):
    documents often mix them."""

    layout: str
    kind: str


def layout_of(typed: TypedStep) -> LayoutClaim | None:
    """The layout and kind of the derivatives of a reading whose derivatives all share one layout
    and whose variables are not scalars (where both layouts agree); None otherwise."""
    found: set[tuple[str, str]] = set()
    shapes = {s.name: s.shape for s in typed.symbols}
    for side in (typed.lhs, typed.rhs):
        for x in ir.walk(side):
            if not isinstance(x, ir.Derivative) or x.layout not in LAYOUTS:
                continue
            var = shapes.get(x.var)
            shape = typed.node_shapes.get(id(x))
            if var is None or shape is None or var == (1, 1):
                continue
            # A scalar's derivative has the variable's shape or its transpose's.
            found.add((x.layout, _kind(var) if shape in (var, var[::-1]) else "jacobian"))
    if len(found) != 1:
        return None
    layout, kind = found.pop()
    return LayoutClaim(layout, kind)


def _kind(var: tuple[int, int]) -> str:
    """A scalar's derivative by a vector is a gradient; by a matrix, a matrix gradient: notes that
    write row gradients often give the derivative by a matrix the matrix's shape (a mixed layout)."""
    return "gradient" if 1 in var else "matrix gradient"


def judged_kind(kind: str, claims: list[LayoutClaim]) -> str:
    """The kind a claim is judged with: a matrix gradient with the gradients, unless the gradients
    lean to numerator layout and the matrix gradients to denominator layout (the mixed layout)."""
    if kind != "matrix gradient":
        return kind
    mixed = _lean(claims, "gradient") == "numerator" and _lean(claims, kind) == "denominator"
    return kind if mixed else "gradient"


def _lean(claims: list[LayoutClaim], kind: str) -> str:
    counts = {layout: sum(c == LayoutClaim(layout, kind) for c in claims) for layout in LAYOUTS}
    return next((layout for layout in LAYOUTS if counts[layout] > counts[other_layout(layout)]), "")


def other_layout(layout: str) -> str:
    return "denominator" if layout == "numerator" else "numerator"


def misplaced(claims: list[LayoutClaim], stated: str = "") -> dict[str, str]:
    """For each kind of claim, the layout the document keeps to: the layout its prose names
    (`stated`) when some claims of that kind hold only in it; otherwise the layout its claims that
    hold in one layout only clearly keep to (at least MIN_MAJORITY, the others at most a third)."""
    kept: dict[str, str] = {}
    claims = [LayoutClaim(c.layout, judged_kind(c.kind, claims)) for c in claims]
    for kind in ("gradient", "matrix gradient", "jacobian"):
        counts = {layout: sum(c == LayoutClaim(layout, kind) for c in claims) for layout in LAYOUTS}
        if stated in LAYOUTS:
            if counts[stated] and counts[other_layout(stated)]:
                kept[kind] = stated
            continue
        major = max(LAYOUTS, key=lambda layout: counts[layout])
        minor = counts[other_layout(major)]
        if counts[major] >= MIN_MAJORITY and 0 < minor <= MAX_MINORITY_SHARE * counts[major]:
            kept[kind] = major
    return kept
