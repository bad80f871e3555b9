"""Accuracy on the three real tutorials in ../shared/seeds, scored against the hand-verified labels
in tests/data/seed_labels.json with the project's scoring tool (../shared/tools/score.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mdcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SCORE = ROOT.parent / "shared" / "tools" / "score.py"
LABELS = ROOT / "tests" / "data" / "seed_labels.json"

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir() or not SCORE.is_file(),
    reason=f"the seed tutorials ({SEEDS}) or the scoring tool ({SCORE}) are not beside this checkout",
)

# Measured on the seeds when this test was last tightened; a change that lowers coverage below
# this, misses a labelled mistake or calls a labelled-correct step broken fails here.
MIN_COVERAGE = 0.85


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "report.json"
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    code = main(["--format", "json", "--no-cache", "--jobs", "1", "-o", str(out), *seeds])
    assert code in (0, 1)
    return out


def score(report: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCORE), str(LABELS), str(report), *flags],
        capture_output=True,
        text=True,
        check=False,
    )


def figures(output: str) -> dict[str, float]:
    line = next(x for x in output.splitlines() if x.startswith("recall="))
    return {k: float(v) for k, v in (pair.split("=") for pair in line.split())}


def test_every_labelled_mistake_is_reported_and_no_correct_step_is_called_broken(report: Path) -> None:
    result = score(report, "--show-misses")
    got = figures(result.stdout)
    assert got["recall"] == 1.0, result.stdout
    assert got["silent_miss"] == 0, result.stdout
    assert got["false_alarm"] == 0.0, result.stdout


def test_coverage_does_not_fall(report: Path) -> None:
    result = score(report, "--min-coverage", str(MIN_COVERAGE))
    assert result.returncode == 0, result.stdout


def test_every_step_of_the_report_has_a_position_and_a_reason_when_unchecked(report: Path) -> None:
    data = json.loads(report.read_text())
    steps = [s for f in data["files"] for s in f["steps"]]
    assert len(steps) > 500
    for step in steps:
        assert step["line"] >= 1 and step["column"] >= 1
        assert step["status"] in ("ok", "broken", "unchecked")
        if step["status"] == "unchecked":
            assert step["reason"], step
