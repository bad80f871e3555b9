"""The text and JSON reports, from hand-made verdicts: positions, what is shown when, the summary, the
JSON contract of shared/docs/report-format.md, and that shared/tools/score.py can score it."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from mdcheck.document import Position, Problem
from mdcheck.report import ReportOptions, render_report, run_fails
from mdcheck.verdicts import BlockReport, Evidence, FileReport, RunReport, StepVerdict

SCORE = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score.py"


def step(
    line: int, status: str, kind: str = "", cell: int | None = None, path: str = "a.md", **extra
) -> StepVerdict:
    return StepVerdict(
        position=Position(line, 5, cell),
        path=path,
        block=1,
        relation="=",
        lhs="dX^T",
        rhs="(dX)^T",
        status=status,  # type: ignore[arg-type]
        kind=kind or status,
        **extra,
    )


BROKEN_EVIDENCE = Evidence((("n", 3), ("m", 4)), ("A symmetric",), 3, 3, (0.73, 0.5, 0.61))


def run_report(*files: FileReport) -> RunReport:
    return RunReport(version="9.9", seed=4, files=files, seconds=0.41)


def sample_run() -> RunReport:
    md = FileReport(
        "a.md",
        (
            BlockReport(
                1,
                "display",
                "",
                Position(1, 1),
                Position(4, 3),
                (
                    step(2, "ok", max_rel_error=1e-16, evidence=Evidence((), (), 3, 0, (1e-16,) * 3)),
                    step(3, "broken", max_rel_error=0.73, evidence=BROKEN_EVIDENCE),
                    step(3, "unchecked", "parse-error", reason="cannot parse \\foo at column 7"),
                ),
            ),
        ),
        problems=(Problem("unterminated $$", Position(9, 1)),),
    )
    nb = FileReport(
        "nb.ipynb",
        (
            BlockReport(
                1,
                "derivation",
                "",
                Position(1, 1, 2),
                None,
                (step(3, "broken", "wrong-layout", cell=2, path="nb.ipynb"),),
            ),
        ),
    )
    unreadable = FileReport("bin.md", error="not UTF-8 text")
    return run_report(md, nb, unreadable)


def text(report: RunReport, **options) -> list[str]:
    return render_report(report, "text", ReportOptions(**options)).splitlines()


def test_text_lists_broken_steps_problems_and_errors_then_the_summary() -> None:
    lines = text(sample_run())
    assert lines[0] == "a.md:9: error: unterminated $$"
    assert lines[1] == "a.md:3:5: broken: dX^T = (dX)^T (rel. error 0.73 on 3/3 draws, sizes n=3 m=4)"
    assert lines[2] == "nb.ipynb:cell 2:3:5: broken [wrong-layout]: dX^T = (dX)^T"
    assert lines[3] == "bin.md: error: not UTF-8 text"
    assert lines[4] == "3 files, 2 blocks, 4 steps: 1 ok, 2 broken, 1 unchecked in 0.41 s; 1 file not read"
    assert len(lines) == 5


def test_text_shows_ok_and_unchecked_steps_only_when_asked() -> None:
    lines = text(sample_run(), show_ok=True, show_unchecked=True)
    assert lines[1] == "a.md:2:5: ok: dX^T = (dX)^T (rel. error 1e-16 on 3 draws)"
    assert lines[3] == "a.md:3:5: unchecked [parse-error]: dX^T = (dX)^T (cannot parse \\foo at column 7)"


def test_quiet_text_keeps_broken_steps_and_unreadable_files_only() -> None:
    lines = text(sample_run(), quiet=True, show_ok=True)
    assert [line.split(": ")[1] for line in lines] == ["broken", "broken [wrong-layout]", "error"]
    assert lines[-1].startswith("bin.md:")


def test_fail_on_unchecked_shows_unchecked_steps_of_derivation_blocks() -> None:
    derivation = BlockReport(2, "derivation", "", Position(5, 1), None, (step(6, "unchecked", "untyped"),))
    display = BlockReport(1, "display", "", Position(1, 1), None, (step(2, "unchecked", "untyped"),))
    report = run_report(FileReport("a.md", (display, derivation)))
    assert not run_fails(report, fail_on_unchecked=False)
    assert run_fails(report, fail_on_unchecked=True)
    lines = text(report, fail_on_unchecked=True, quiet=True)
    assert [line.split(":")[1] for line in lines] == ["6"]


def test_multi_line_latex_is_printed_on_one_line() -> None:
    long = StepVerdict(Position(1, 1), "a.md", 1, "=", "a\n  + b", "c  +\n d", "broken", "broken")
    (line, _) = text(
        run_report(FileReport("a.md", (BlockReport(1, "display", "", Position(1, 1), None, (long,)),)))
    )
    assert line == "a.md:1:1: broken: a + b = c + d"


def test_colour_marks_the_status_and_nothing_else_changes() -> None:
    plain = text(sample_run())
    colored = text(sample_run(), color=True)
    assert "\x1b[1;31mbroken\x1b[0m" in colored[1]
    assert [
        line.replace("\x1b[1m", "").replace("\x1b[1;31m", "").replace("\x1b[0m", "") for line in colored
    ] == plain


def test_stats_adds_unchecked_counts_by_kind() -> None:
    lines = text(sample_run(), stats=True)
    at = lines.index("unchecked steps by kind:")
    assert lines[at + 1].split()[:2] == ["1", "parse-error"]
    assert "cannot parse \\foo at column 7" in lines[at + 2]


# The required part of shared/docs/report-format.md, as a schema.
STEP_SCHEMA = {
    "type": "object",
    "required": ["line", "column", "block", "relation", "lhs", "rhs", "status", "reason", "max_rel_error"],
    "properties": {
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "cell": {"type": "integer", "minimum": 1},
        "block": {"type": "integer"},
        "relation": {"type": "string"},
        "lhs": {"type": "string"},
        "rhs": {"type": "string"},
        "status": {"enum": ["ok", "broken", "unchecked"]},
        "reason": {"type": "string"},
        "max_rel_error": {"type": ["number", "null"]},
    },
}
REPORT_SCHEMA = {
    "type": "object",
    "required": ["mdcheck", "seed", "files", "summary"],
    "properties": {
        "mdcheck": {"type": "string"},
        "seed": {"type": "integer"},
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "error", "steps"],
                "properties": {
                    "path": {"type": "string"},
                    "error": {"type": ["string", "null"]},
                    "steps": {"type": "array", "items": STEP_SCHEMA},
                },
            },
        },
        "summary": {
            "type": "object",
            "required": ["files", "blocks", "steps", "ok", "broken", "unchecked", "seconds"],
        },
    },
}


def test_json_follows_the_contract_and_carries_the_evidence() -> None:
    data = json.loads(render_report(sample_run(), "json", ReportOptions(quiet=True)))
    jsonschema.validate(data, REPORT_SCHEMA)
    assert (data["mdcheck"], data["seed"]) == ("9.9", 4)
    md, nb, unreadable = data["files"]
    assert [s["status"] for s in md["steps"]] == ["ok", "broken", "unchecked"]  # quiet shapes text only
    broken = md["steps"][1]
    assert (broken["line"], broken["column"], broken["kind"]) == (3, 5, "broken")
    assert broken["evidence"]["sizes"] == {"n": 3, "m": 4}
    assert (broken["evidence"]["draws"], broken["evidence"]["failed"]) == (3, 3)
    assert "cell" not in broken and nb["steps"][0]["cell"] == 2
    assert unreadable == {**unreadable, "error": "not UTF-8 text", "steps": []}
    assert data["summary"] == {
        "files": 3,
        "blocks": 2,
        "steps": 4,
        "ok": 1,
        "broken": 2,
        "unchecked": 1,
        "seconds": 0.41,
    }


def test_json_writes_non_finite_numbers_as_null() -> None:
    evidence = Evidence((), (), 2, 2, (math.inf, math.nan))
    bad = StepVerdict(
        Position(1, 1),
        "a.md",
        1,
        "=",
        "a",
        "b",
        "broken",
        "broken",
        max_rel_error=math.inf,
        evidence=evidence,
    )
    report = run_report(FileReport("a.md", (BlockReport(1, "display", "", Position(1, 1), None, (bad,)),)))
    rendered = render_report(report, "json")
    step_data = json.loads(rendered)["files"][0]["steps"][0]  # strict JSON: no NaN/Infinity tokens
    assert step_data["max_rel_error"] is None and step_data["evidence"]["rel_errors"] == [None, None]


@pytest.mark.skipif(not SCORE.is_file(), reason=f"{SCORE} is not here (shared/ absent)")
def test_score_py_reads_the_json_report(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    report_path.write_text(render_report(sample_run(), "json"))
    labels = {
        "a.md": [{"line": 2, "label": "ok"}, {"line": 3, "label": "broken"}, {"line": 3, "label": "ok"}]
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels))
    result = subprocess.run(
        [sys.executable, str(SCORE), str(tmp_path / "labels.json"), str(report_path), "--min-recall", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "labelled: 2 ok, 1 broken" in result.stdout
    assert "recall=1.000 silent_miss=0 false_alarm=0.000 coverage=0.667" in result.stdout


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        render_report(sample_run(), "xml")
