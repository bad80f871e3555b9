"""GitHub Actions workflow commands: one `::error` per failing step at its file, line and column,
warnings for unread files and input problems, and the escaping the runner undoes."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from report_samples import LATEX_PATH, MARKDOWN_PATH, MISSING_PATH, NOTEBOOK_PATH

from mdcheck.report import ReportOptions, render_report
from mdcheck.report.github import command
from mdcheck.verdicts import RunReport

# How the Actions runner reads a command back (actions/runner, ActionCommand): the message is
# unescaped for %0D, %0A, %25; a property value also for %3A and %2C.
_DATA = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def _unescape(text: str, mapping: tuple[tuple[str, str], ...]) -> str:
    for escaped, plain in mapping:
        text = text.replace(escaped, plain)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    name, _, props = head.partition(" ")
    properties = {}
    for pair in props.split(",") if props else []:
        key, value = pair.split("=", 1)
        properties[key] = _unescape(value, _PROPERTY)
    return name, properties, _unescape(message, _DATA)


def commands(report: RunReport, **options: Any) -> list[tuple[str, dict[str, str], str]]:
    text = render_report(report, "github", ReportOptions(**options))
    return [parse_command(line) for line in text.splitlines()]


def test_one_error_per_broken_step_at_its_place(run_report: RunReport) -> None:
    errors = [(props, message) for name, props, message in commands(run_report) if name == "error"]
    broken = [step for file in run_report.files for step in file.steps if step.status == "broken"]
    assert len(errors) == len(broken) == 4
    placed = [(p["file"], p.get("line"), p.get("col")) for p, _ in errors]
    assert placed == [
        (MARKDOWN_PATH, "9", "8"),
        (LATEX_PATH, "7", "41"),
        (LATEX_PATH, "9", "15"),
        (NOTEBOOK_PATH, None, None),  # a line inside a cell is no line of the .ipynb file
    ]
    assert errors[3][1].startswith("cell 3, line 4:32: ")
    assert errors[0][1].splitlines()[0] == r"broken: dX\,Y + X\,dY = dX\,Y + dY\,X"
    assert all(props["title"].startswith("mdcheck: ") for props, _ in errors)


def test_warnings_for_unread_files_and_input_problems(run_report: RunReport) -> None:
    warnings = [(props, message) for name, props, message in commands(run_report) if name == "warning"]
    assert [(p["file"], p.get("line")) for p, _ in warnings] == [(MARKDOWN_PATH, "3"), (MISSING_PATH, None)]
    assert "No such file" in warnings[1][1]
    quiet = [name for name, _, _ in commands(run_report, quiet=True)]
    assert quiet.count("warning") == 1 and quiet.count("error") == 4  # only the unread file stays


def test_unchecked_steps_are_notices_when_asked(run_report: RunReport) -> None:
    unchecked = sum(step.status == "unchecked" for file in run_report.files for step in file.steps)
    assert [name for name, _, _ in commands(run_report)].count("notice") == 0
    assert [name for name, _, _ in commands(run_report, show_unchecked=True)].count("notice") == unchecked


def test_unchecked_steps_of_derivation_blocks_fail_with_fail_on_unchecked(run_report: RunReport) -> None:
    first = run_report.files[0]
    blocks = tuple(dataclasses.replace(b, kind="derivation") if b.index == 2 else b for b in first.blocks)
    report = dataclasses.replace(
        run_report, files=(dataclasses.replace(first, blocks=blocks), *run_report.files[1:])
    )
    errors = [props for name, props, _ in commands(report, fail_on_unchecked=True) if name == "error"]
    assert len(errors) == 4 + 2
    assert {"21"} <= {props["line"] for props in errors if props["file"] == MARKDOWN_PATH}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("notes/a,b:c%20.md", "plain"),
        ("notes/50%.md", "100% wrong\nsecond line\r\nthird: a, b"),
        ("x.md", "::error file=evil::not a command %0A"),
    ],
)
def test_escaping_round_trips_through_the_runner_rules(path: str, message: str) -> None:
    line = command("error", {"file": path, "line": 3, "col": 9, "title": "t: a, b"}, message)
    assert "\n" not in line and "\r" not in line
    name, properties, text = parse_command(line)
    assert name == "error" and text == message
    assert properties == {"file": path, "line": "3", "col": "9", "title": "t: a, b"}


def test_a_run_without_findings_prints_nothing() -> None:
    assert render_report(RunReport("0.3.0", 0, ()), "github", ReportOptions()) == ""
