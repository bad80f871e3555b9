"""The body of the HTML report: each file, each derivation rendered as math with its raw LaTeX one
click away, and each step with its verdict and the evidence behind it. Every note text is escaped."""

from __future__ import annotations

from html import escape

from mdcheck.document import Position, Problem
from mdcheck.report.html_math import (
    Rendered,
    format_value,
    inner_mathml,
    latex_to_mathml,
    matrix_mathml,
    value_mathml,
)
from mdcheck.verdicts import FINDING_KINDS, BlockReport, Counterexample, Evidence, FileReport, StepVerdict

STATUSES = ("broken", "unchecked", "ok")
_BADGES = {"broken": "✗ broken", "unchecked": "? unchecked", "ok": "✓ ok"}
_KIND_NAMES = {"display": "display math", "inline": "inline math", "derivation": "derivation block"}
_LONG_SIDE = 60  # characters of LaTeX above which a counterexample names a side "left/right side"


def step_id(file_index: int, block_index: int, step_index: int) -> str:
    return f"step-{file_index}-{block_index}-{step_index}"


def where(path: str, position: Position | None, with_column: bool = True) -> str:
    """`path:line:col`, `nb.ipynb:cell 2:3:8` in a notebook, as escaped text."""
    if position is None:
        return escape(path)
    cell = f"cell {position.cell}:" if position.cell is not None else ""
    column = f":{position.column}" if with_column else ""
    return escape(f"{path}:{cell}{position.line}{column}")


def kind_title(kind: str) -> str:
    return FINDING_KINDS[kind].title if kind in FINDING_KINDS else kind


def file_section(index: int, file: FileReport) -> str:
    counts = {status: sum(step.status == status for step in file.steps) for status in STATUSES}
    tally = " ".join(f'<span class="tally {status}">{counts[status]} {status}</span>' for status in STATUSES)
    parts = [
        f'<section class="file" id="file-{index}">',
        f'<h2><span class="path">{escape(file.path)}</span> <span class="tallies">{tally}</span></h2>',
    ]
    if file.error is not None:
        parts.append(f'<p class="file-error" role="alert">Could not be read: {escape(file.error)}</p>')
    if file.problems:
        parts.append(_problems(file.path, file.problems))
    if not file.blocks and file.error is None:
        parts.append('<p class="empty">No derivations found in this file.</p>')
    parts += [_block(file.path, index, b, block) for b, block in enumerate(file.blocks)]
    parts.append("</section>")
    return "\n".join(parts)


def _problems(path: str, problems: tuple[Problem, ...]) -> str:
    items = "".join(
        f'<li><span class="where">{where(path, p.position, with_column=False)}</span> '
        f"{escape(p.message)}</li>"
        for p in problems
    )
    summary = f"<summary>Input problems ({len(problems)})</summary>"
    return f'<details class="problems" open>{summary}<ul>{items}</ul></details>'


def _block(path: str, file_index: int, block_index: int, block: BlockReport) -> str:
    statuses = sorted({step.status for step in block.steps})
    mix = "mix-" + ("-".join(statuses) if statuses else "none")
    rendered = latex_to_mathml(block.latex, display=True)
    steps = "".join(_step(file_index, block_index, s, step) for s, step in enumerate(block.steps))
    name = _KIND_NAMES.get(block.kind, block.kind)
    start = where(path, block.start, with_column=False)
    return (
        f'<article class="block {mix}" id="block-{file_index}-{block_index}">'
        f'<header class="block-head"><span class="where">{start}</span> '
        f'<span class="block-name">{escape(name)}</span></header>'
        f'<div class="math-display">{rendered.html}</div>{_render_note(rendered)}'
        '<details class="source"><summary>LaTeX source</summary>'
        f"<pre><code>{escape(block.latex)}</code></pre></details>"
        + (f'<ol class="steps">{steps}</ol>' if steps else '<p class="empty">No steps.</p>')
        + "</article>"
    )


def _render_note(rendered: Rendered) -> str:
    if rendered.failure:
        why = escape(rendered.failure)
        return f'<p class="render-note">Shown as LaTeX: the math renderer could not read it ({why}).</p>'
    if rendered.unknown:
        names = ", ".join(f"<code>{escape(name)}</code>" for name in rendered.unknown)
        return f'<p class="render-note">Commands the math renderer does not know, shown by name: {names}.</p>'
    return ""


def _step(file_index: int, block_index: int, step_index: int, step: StepVerdict) -> str:
    anchor = step_id(file_index, block_index, step_index)
    claim = latex_to_mathml(_claim_latex(step))
    help_text = FINDING_KINDS[step.kind].help if step.kind in FINDING_KINDS else ""
    head = (
        f'<a class="where" href="#{anchor}">{where(step.path, step.position)}</a> '
        f'<span class="badge">{_BADGES[step.status]}</span>'
        + (
            f' <span class="kind" title="{escape(help_text)}">{escape(kind_title(step.kind))}</span>'
            if step.kind != step.status
            else ""
        )
    )
    reason = f'<p class="reason">{escape(step.reason)}</p>' if step.reason else ""
    main = (
        f'<div class="step-main"><div class="step-head">{head}</div>'
        f'<div class="claim">{claim.html}</div>{reason}</div>'
    )
    return f'<li class="step {step.status}" id="{anchor}">{main}{_evidence(step)}</li>'


def _claim_latex(step: StepVerdict) -> str:
    return " ".join(part for part in (step.lhs, step.relation, step.rhs) if part.strip())


def _evidence(step: StepVerdict) -> str:
    evidence = step.evidence
    if step.status == "ok":
        return f'<p class="quiet-evidence">{escape(_draws_text(step, evidence))}</p>' if evidence else ""
    rows = []
    if evidence is not None and evidence.draws:
        rows.append(("relative error", escape(_draws_text(step, evidence))))
    if evidence is not None and evidence.sizes:
        rows.append(("sizes", escape(_sizes_text(evidence.sizes))))
    if evidence is not None and evidence.shapes:
        rows.append(("shapes", escape(", ".join(f"{name}: {shape}" for name, shape in evidence.shapes))))
    if evidence is not None:
        assumptions = "; ".join(evidence.assumptions) if evidence.assumptions else "none"
        rows.append(("assumptions", escape(assumptions)))
    if step.reading:
        rows.append(("reading", escape(step.reading)))
    if any(step.meaning):
        rows.append(("checked as", " vs ".join(f"<code>{escape(side)}</code>" for side in step.meaning)))
    if not rows and (evidence is None or evidence.counterexample is None):
        return ""
    listing = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    counterexample = _counterexample(step, evidence.counterexample) if evidence else ""
    return f'<aside class="evidence"><dl>{listing}</dl>{counterexample}</aside>'


def _draws_text(step: StepVerdict, evidence: Evidence | None) -> str:
    error = "n/a" if step.max_rel_error is None else error_text(step.max_rel_error)
    if evidence is None or not evidence.draws:
        return f"relative error {error}"
    if evidence.failed:
        return f"{error} (failed on {evidence.failed} of {evidence.draws} draws)"
    return f"{error} (held on {evidence.draws} of {evidence.draws} draws)"


def error_text(error: float) -> str:
    """A relative error to two significant digits, as the text report gives it."""
    return format_value(float(f"{error:.2g}")) if error == error else "NaN"


def _sizes_text(sizes: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} = {size}" for name, size in sizes)


def _counterexample(step: StepVerdict, example: Counterexample | None) -> str:
    if example is None:
        return ""
    sizes = f", sizes {escape(_sizes_text(example.sizes))}" if example.sizes else ""
    values = "".join(
        f'<div class="value">{value_mathml(name, value)}</div>' for name, value in example.values
    )
    sides = _side(step.lhs, "left side", example.lhs) + _side(step.rhs, "right side", example.rhs)
    return (
        '<div class="counterexample"><p class="counterexample-title">A draw where the sides differ '
        f"(relative error {escape(error_text(example.rel_error))}{sizes}):</p>"
        f'<div class="values">{values}</div><div class="sides">{sides}</div></div>'
    )


def _side(latex: str, label: str, value: tuple[tuple[float, ...], ...]) -> str:
    """`lhs = [numbers]`, with the side's own LaTeX when it is short and renders, else its label."""
    rendered = latex_to_mathml(latex) if latex.strip() and len(latex) <= _LONG_SIDE else None
    name = ""
    if rendered is not None and rendered.exact:
        name = inner_mathml(rendered.html) + "<mo>=</mo>"
    return (
        f'<div class="value side"><span class="side-label">{escape(label)}</span>'
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow>'
        f"{name}{matrix_mathml(value)}</mrow></math></div>"
    )
