"""The layout a derivative claim holds in, and the layout a document keeps to: a claim that holds
only in the layout the document's other claims of its kind do not use is a wrong-layout finding."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mdcheck.semantics import ir
from mdcheck.semantics.meaning import TypedStep

LAYOUTS = ("numerator", "denominator")
# How many claims must hold only in one layout, with none or few in the other, before the few are
# called wrong: a document that mixes layouts on purpose must not be flagged.
MIN_MAJORITY = 3
MAX_MINORITY_SHARE = 1 / 3

# The layout a document says it keeps to: in a heading ("# Jacobians in numerator layout"), a
# sentence that adopts it ("We use numerator layout", "... throughout"), or a line it opens
# ("Numerator layout: ..."), or names in brackets ("so (denominator layout)"); not a passing "in
# numerator layout the derivative is a row".
_LAYOUT = r"(numerator|denominator)[- ]layout"
_LAYOUT_NAMED = re.compile(
    rf"^\s*(?:#+|\\(?:sub)*section\*?\{{)[^\n]*\b{_LAYOUT}"
    rf"|\b(?:we|i)\s+(?:use|adopt|follow|work in|take|write)\b[^.\n]{{0,40}}\b{_LAYOUT}"
    rf"|\b{_LAYOUT}\s+throughout|\bthroughout[^.\n]{{0,40}}\b{_LAYOUT}"
    rf"|^\s*\**{_LAYOUT}\**\s*:"
    rf"|\(\s*(?:in\s+)?{_LAYOUT}\s*\)",  # `so (denominator layout)`: the layout of what follows
    re.MULTILINE,
)

# A derivative said to have the shape of its variable ("$\\partial f/\\partial A$ has the shape of
# $A$", "the gradient has the same shape as $W$"): denominator layout, named in other words.
_SHAPE_OF_VARIABLE = re.compile(
    r"(?:\\partial|\\nabla|gradient|derivative)[^.\n]{0,80}?\b(?:has|have|takes|keeps)\s+the\s+"
    r"(?:same\s+)?shape\s+(?:of|as)\b"
)


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
        if ir.Derivative not in ir.node_kinds(side):
            continue
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


def wrong_layouts(text: str, claims: list[LayoutClaim]) -> list[str]:
    """For each claim of a document whose text (lower case, headings marked `#`) is `text`, why it
    is in the wrong layout, or "" when it is not. A text that names both layouts may mix them on
    purpose: nothing is judged."""
    if "numerator" in text and "denominator" in text:
        return [""] * len(claims)
    named = {next(g for g in m.groups() if g) for m in _LAYOUT_NAMED.finditer(text)}
    if _SHAPE_OF_VARIABLE.search(text):
        named.add("denominator")
    named_layout = named.pop() if len(named) == 1 else ""
    kept = misplaced(claims, named_layout)
    judged = [judged_kind(c.kind, claims) for c in claims]
    counts = {
        kind: sum(k == kind and c.layout == kept[kind] for k, c in zip(judged, claims, strict=True))
        for kind in kept
    }
    reasons = []
    for claim, kind in zip(claims, judged, strict=True):
        if kind not in kept or claim.layout == kept[kind]:
            reasons.append("")
            continue
        reasons.append(
            f"holds only in {claim.layout} layout, but the document's {counts[kind]} other "
            f"{kind} claims that depend on the layout hold in {kept[kind]} layout"
            + (", the layout its text names" if named_layout == kept[kind] else "")
        )
    return reasons
