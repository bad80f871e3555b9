"""The JSON report: the contract of shared/docs/report-format.md (every step of every file, with
`cell` for notebooks) plus the evidence behind each verdict. Non-finite numbers are written as null."""

from __future__ import annotations

import json
import math
from typing import Any

from mdcheck.document import Position, Problem
from mdcheck.report import ReportOptions
from mdcheck.verdicts import BlockReport, Counterexample, Evidence, FileReport, RunReport, StepVerdict


def _number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _matrix(value: tuple[tuple[float, ...], ...]) -> list[list[float | None]]:
    return [[_number(x) for x in row] for row in value]


def _position(position: Position | None) -> dict[str, int]:
    if position is None:
        return {}
    data = {"line": position.line, "column": position.column}
    if position.cell is not None:
        data["cell"] = position.cell
    return data


def _counterexample(example: Counterexample) -> dict[str, Any]:
    return {
        "sizes": dict(example.sizes),
        "values": {name: _matrix(value) for name, value in example.values},
        "lhs": _matrix(example.lhs),
        "rhs": _matrix(example.rhs),
        "rel_error": _number(example.rel_error),
    }


def _evidence(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    example = evidence.counterexample
    return {
        "sizes": dict(evidence.sizes),
        "assumptions": list(evidence.assumptions),
        "draws": evidence.draws,
        "failed": evidence.failed,
        "rel_errors": [_number(x) for x in evidence.rel_errors],
        "counterexample": None if example is None else _counterexample(example),
        "shapes": dict(evidence.shapes),
    }


def step_data(step: StepVerdict) -> dict[str, Any]:
    return {
        **_position(step.position),
        "block": step.block,
        "relation": step.relation,
        "lhs": step.lhs,
        "rhs": step.rhs,
        "status": step.status,
        "reason": step.reason,
        "max_rel_error": _number(step.max_rel_error),
        "kind": step.kind,
        "path": step.path,
        "reading": step.reading,
        "meaning": {"lhs": step.meaning[0], "rhs": step.meaning[1]},
        "evidence": _evidence(step.evidence),
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, **_position(problem.position)}


def _block(block: BlockReport) -> dict[str, Any]:
    end = _position(block.end)
    return {"index": block.index, "kind": block.kind, "start": _position(block.start), "end": end or None}


def file_data(file: FileReport) -> dict[str, Any]:
    return {
        "path": file.path,
        "error": file.error,
        "steps": [step_data(step) for step in file.steps],
        "problems": [_problem(problem) for problem in file.problems],
        "blocks": [_block(block) for block in file.blocks],
        "seconds": round(file.seconds, 4),
    }


def report_data(report: RunReport) -> dict[str, Any]:
    summary = report.summary()
    return {
        "mdcheck": report.version,
        "seed": report.seed,
        "files": [file_data(file) for file in report.files],
        "summary": {
            "files": summary.files,
            "blocks": summary.blocks,
            "steps": summary.steps,
            "ok": summary.ok,
            "broken": summary.broken,
            "unchecked": summary.unchecked,
            "seconds": round(summary.seconds, 3),
        },
    }


def render(report: RunReport, options: ReportOptions) -> str:
    """Every step, whatever the show/quiet options (they shape the text report only)."""
    return json.dumps(report_data(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
