"""SARIF 2.1.0: valid against the official schema, a rule per kind of finding, results placed by
file, line and column (notebooks by cell), unread files and input problems reported too."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_samples import LATEX_PATH, MARKDOWN_PATH, MISSING_PATH, NOTEBOOK_PATH

from mdcheck.document import Position
from mdcheck.report import ReportOptions, render_report
from mdcheck.report.sarif import artifact_uri
from mdcheck.verdicts import FINDING_KINDS, BlockReport, FileReport, RunReport, StepVerdict

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@cache
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def sarif(report: RunReport, **options: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_report(report, "sarif", ReportOptions(**options)))
    return log


@pytest.mark.parametrize(
    "options", [{}, {"show_unchecked": True}, {"quiet": True}, {"fail_on_unchecked": True}]
)
def test_the_log_is_valid_sarif_2_1_0(run_report: RunReport, options: dict[str, bool]) -> None:
    errors = sorted(validator().iter_errors(sarif(run_report, **options)), key=str)
    assert errors == []


def test_the_schema_catches_a_broken_log(run_report: RunReport) -> None:
    log = sarif(run_report)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator().iter_errors(log))) >= 2


def test_a_rule_for_every_kind_of_finding(run_report: RunReport) -> None:
    rules = sarif(run_report)["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    expected = {kind.id for kind in FINDING_KINDS.values() if kind.status != "ok"} | {
        "file-not-read",
        "input-problem",
    }
    assert set(ids) == expected and len(ids) == len(expected)
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert levels["broken"] == levels["shape-error"] == "error" and levels["parse-error"] == "note"


def test_results_point_at_each_broken_step(run_report: RunReport) -> None:
    run = sarif(run_report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    placed = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"])
        for r in errors
    ]  # fmt: skip
    assert placed == [
        ("broken", MARKDOWN_PATH, {"startLine": 9, "startColumn": 8}),
        ("wrong-layout", LATEX_PATH, {"startLine": 7, "startColumn": 41}),
        ("shape-error", LATEX_PATH, {"startLine": 9, "startColumn": 15}),
        ("wrong-layout", NOTEBOOK_PATH, {"startLine": 1}),
    ]
    assert run["columnKind"] == "unicodeCodePoints"


def test_a_notebook_result_names_its_cell_and_line(run_report: RunReport) -> None:
    results = sarif(run_report)["runs"][0]["results"]
    notebook = next(
        r
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == NOTEBOOK_PATH
    )
    assert notebook["locations"][0]["logicalLocations"][0]["name"] == "cell 3"
    assert notebook["properties"]["cell"] == 3 and notebook["properties"]["lineInCell"] == 4
    assert notebook["message"]["text"].startswith("cell 3, line 4:32: ")


def test_unread_files_and_input_problems_are_warnings(run_report: RunReport) -> None:
    results = sarif(run_report)["runs"][0]["results"]
    warnings = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in results
        if r["level"] == "warning"
    ]
    assert warnings == [("input-problem", MARKDOWN_PATH), ("file-not-read", MISSING_PATH)]


def test_unchecked_steps_are_notes_when_asked(run_report: RunReport) -> None:
    unchecked = sum(step.status == "unchecked" for file in run_report.files for step in file.steps)
    assert not [r for r in sarif(run_report)["runs"][0]["results"] if r["level"] == "note"]
    notes = [r for r in sarif(run_report, show_unchecked=True)["runs"][0]["results"] if r["level"] == "note"]
    assert len(notes) == unchecked
    assert {r["ruleId"] for r in notes} == {"unsupported", "not-an-identity", "condition", "parse-error"}


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("notes/week 3.md", "notes/week%203.md"),
        ("./notes/día#1.md", "notes/d%C3%ADa%231.md"),
        ("notes\\win.tex", "notes/win.tex"),
        ("/abs/x.md", "file:///abs/x.md"),
    ],
)
def test_paths_become_uri_references(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
    step = StepVerdict(Position(2, 3), path, 0, "=", "a", "b", "broken", "broken")
    block = BlockReport(0, "display", "a = b", Position(2, 1), None, (step,))
    log = sarif(RunReport("0.3.0", 1, (FileReport(path, (block,)),)))
    assert list(validator().iter_errors(log)) == []
