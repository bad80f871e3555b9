"""The text report: `path:line:col: status: lhs = rhs (evidence)` per finding, input problems as
`path:line: error: ...`, then a summary line (and, with `--stats`, unchecked steps by kind)."""

from __future__ import annotations

from collections import Counter

from mdcheck.document import Position, Problem
from mdcheck.report import ReportOptions, judged_steps
from mdcheck.verdicts import FINDING_KINDS, FileReport, RunReport, StepVerdict, Summary

_COLORS = {"broken": "\x1b[1;31m", "error": "\x1b[1;31m", "unchecked": "\x1b[33m", "ok": "\x1b[32m"}
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"
_TOP_REASONS = 3


def _paint(text: str, style: str, options: ReportOptions) -> str:
    return f"{style}{text}{_RESET}" if options.color else text


def location(path: str, position: Position | None, with_column: bool = True) -> str:
    """`path:line:col`, `nb.ipynb:cell 2:3:8` for a notebook, `path` alone without a position."""
    if position is None:
        return path
    cell = f"cell {position.cell}:" if position.cell is not None else ""
    column = f":{position.column}" if with_column else ""
    return f"{path}:{cell}{position.line}{column}"


def format_number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2g}"


def _one_line(latex: str) -> str:
    return " ".join(latex.split())


def evidence_text(step: StepVerdict) -> str:
    """What backs the verdict: the engine's reason (or, without one, the relative error and the
    draws), the sizes drawn, the reading of ambiguous notation that gave the verdict."""
    evidence = step.evidence
    parts = [step.reason] if step.reason else []
    if evidence is not None and evidence.draws and not step.reason:
        error = format_number(step.max_rel_error)
        failed = f"{evidence.failed}/{evidence.draws}" if evidence.failed else f"{evidence.draws}"
        parts.append(f"rel. error {error} on {failed} draws")
    if evidence is not None and evidence.sizes:
        parts.append("sizes " + " ".join(f"{name}={size}" for name, size in evidence.sizes))
    if step.reading:
        parts.append(f"reading: {step.reading}")
    return ", ".join(parts)


def step_line(step: StepVerdict, options: ReportOptions) -> str:
    label = step.status if step.kind == step.status else f"{step.status} [{step.kind}]"
    claim = " ".join(part for part in (_one_line(step.lhs), step.relation, _one_line(step.rhs)) if part)
    details = evidence_text(step)
    where = _paint(location(step.path, step.position), _BOLD, options)
    label = _paint(label, _COLORS[step.status], options)
    return f"{where}: {label}: {claim}" + (f" ({details})" if details else "")


def problem_line(path: str, problem: Problem, options: ReportOptions) -> str:
    where = _paint(location(path, problem.position, with_column=False), _BOLD, options)
    return f"{where}: {_paint('error', _COLORS['error'], options)}: {problem.message}"


def _shown(step: StepVerdict, fails: bool, options: ReportOptions) -> bool:
    if fails:
        return True
    if options.quiet:
        return False
    return options.show_ok if step.status == "ok" else options.show_unchecked


def file_lines(file: FileReport, options: ReportOptions) -> list[str]:
    lines = []
    if file.error is not None:
        lines.append(problem_line(file.path, Problem(file.error), options))
    if not options.quiet:
        problems = sorted(file.problems, key=lambda p: (p.position is not None, p.position or Position(0, 0)))
        lines += [problem_line(file.path, problem, options) for problem in problems]
    judged = judged_steps(file, options.fail_on_unchecked)
    lines += [step_line(step, options) for step, fails in judged if _shown(step, fails, options)]
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary_line(summary: Summary, unread: int = 0) -> str:
    line = (
        f"{_count(summary.files, 'file')}, {_count(summary.blocks, 'block')}, "
        f"{_count(summary.steps, 'step')}: {summary.ok} ok, {summary.broken} broken, "
        f"{summary.unchecked} unchecked in {summary.seconds:.2f} s"
    )
    return line + (f"; {_count(unread, 'file')} not read" if unread else "")


def stats_lines(report: RunReport) -> list[str]:
    """Unchecked steps counted by kind, each with its most common reasons."""
    unchecked = [step for file in report.files for step in file.steps if step.status == "unchecked"]
    if not unchecked:
        return ["unchecked steps by kind: none"]
    lines = ["unchecked steps by kind:"]
    by_kind = Counter(step.kind for step in unchecked)
    for kind, count in by_kind.most_common():
        title = FINDING_KINDS[kind].title if kind in FINDING_KINDS else kind
        lines.append(f"  {count:5d}  {kind} ({title})")
        reasons = Counter(_one_line(step.reason) for step in unchecked if step.kind == kind and step.reason)
        lines += [f"  {n:5d}      {reason}" for reason, n in reasons.most_common(_TOP_REASONS)]
    return lines


def render(report: RunReport, options: ReportOptions) -> str:
    lines = [line for file in report.files for line in file_lines(file, options)]
    if not options.quiet:
        unread = sum(file.error is not None for file in report.files)
        lines.append(summary_line(report.summary(), unread))
        if options.stats:
            lines += stats_lines(report)
    return "".join(line + "\n" for line in lines)
