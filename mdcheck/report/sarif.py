"""SARIF 2.1.0 for code scanning: one rule per kind of finding (the FINDING_KINDS of a step, plus
`file-not-read` and `input-problem`), one result per failing step (and per unchecked step with
--show-unchecked), located by file, line and column; in a notebook, by cell and line inside it."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from mdcheck.document import Position
from mdcheck.report import ReportOptions, judged_steps
from mdcheck.report.github import step_message
from mdcheck.verdicts import FINDING_KINDS, FileReport, RunReport, StepVerdict

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FILE_NOT_READ = "file-not-read"
INPUT_PROBLEM = "input-problem"
# Rules beyond the step kinds: (id, title, help, level).
_OTHER_RULES = (
    (FILE_NOT_READ, "File not read", "The file could not be read, so none of it was checked.", "warning"),
    (INPUT_PROBLEM, "Input problem", "Something in the file mdcheck could not make sense of.", "warning"),
)


def rules() -> list[dict[str, Any]]:
    """Every rule, in a fixed order: the step kinds but `ok`, then the file-level ones."""
    table = [
        (kind.id, kind.title, kind.help, "error" if kind.status == "broken" else "note")
        for kind in FINDING_KINDS.values()
        if kind.status != "ok"
    ]
    return [
        {
            "id": rule_id,
            "name": "".join(word.capitalize() for word in rule_id.split("-")),
            "shortDescription": {"text": title},
            "fullDescription": {"text": help_text},
            "help": {"text": help_text},
            "defaultConfiguration": {"level": level},
            "properties": {"tags": ["mdcheck", "matrix-calculus"]},
        }
        for rule_id, title, help_text, level in [*table, *_OTHER_RULES]
    ]


def render(report: RunReport, options: ReportOptions) -> str:
    return json.dumps(sarif_log(report, options), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: RunReport, options: ReportOptions) -> dict[str, Any]:
    rule_list = rules()
    index = {rule["id"]: i for i, rule in enumerate(rule_list)}
    results = [result for file in report.files for result in _file_results(file, options, index)]
    driver = {
        "name": "mdcheck",
        "version": report.version,
        "semanticVersion": report.version,
        "rules": rule_list,
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "properties": {"seed": report.seed, "seconds": report.seconds},
                "results": results,
            }
        ],
    }


def _file_results(file: FileReport, options: ReportOptions, index: dict[str, int]) -> list[dict[str, Any]]:
    results = []
    if file.error is not None:
        results.append(_result(FILE_NOT_READ, index, "warning", file.error, file.path, None))
    if not options.quiet:
        for problem in file.problems:
            results.append(
                _result(INPUT_PROBLEM, index, "warning", problem.message, file.path, problem.position)
            )
    for step, fails in judged_steps(file, options.fail_on_unchecked):
        if fails or (step.status == "unchecked" and options.show_unchecked and not options.quiet):
            results.append(_step_result(step, fails, index))
    return results


def _step_result(step: StepVerdict, fails: bool, index: dict[str, int]) -> dict[str, Any]:
    level = "error" if fails else "note"
    rule_id = step.kind if step.kind in index else ("broken" if step.status == "broken" else "unsupported")
    result = _result(rule_id, index, level, step_message(step), step.path, step.position)
    properties: dict[str, Any] = {"status": step.status, "kind": step.kind, "relation": step.relation}
    properties |= {"lhs": step.lhs, "rhs": step.rhs, "block": step.block}
    if step.max_rel_error is not None:
        properties["maxRelError"] = step.max_rel_error
    result["properties"] |= properties
    return result


def _result(
    rule_id: str, index: dict[str, int], level: str, message: str, path: str, position: Position | None
) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": _physical(path, position)}
    properties: dict[str, Any] = {}
    if position is not None and position.cell is not None:
        # A notebook: the cell and the line inside it are what a reader can find; the region
        # points at the top of the .ipynb file, whose JSON lines are not the cell's lines.
        message = f"cell {position.cell}, line {position.line}:{position.column}: {message}"
        location["logicalLocations"] = [
            {
                "name": f"cell {position.cell}",
                "fullyQualifiedName": f"{path}#cell={position.cell}",
                "kind": "element",
            }
        ]
        properties = {"cell": position.cell, "lineInCell": position.line, "columnInCell": position.column}
    return {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": level,
        "message": {"text": message},
        "locations": [location],
        "properties": properties,
    }


def _physical(path: str, position: Position | None) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": 1}
    if position is not None and position.cell is None:
        region = {"startLine": max(position.line, 1), "startColumn": max(position.column, 1)}
    return {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}


def artifact_uri(path: str) -> str:
    """A relative URI reference for `path`: forward slashes, no leading `./`, percent-encoded."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)
