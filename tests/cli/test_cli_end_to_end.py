"""The command on real notes with the real readers and engine: the samples' deliberate mistakes and
nothing else reported broken, positions in Markdown, LaTeX and notebooks, the cache on real results,
bad input. These need `mdcheck.sources` and the engine behind `mdcheck.check`."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mdcheck.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
LABELS = SAMPLES / "labels.json"
SCORE = REPO.parent / "shared" / "tools" / "score.py"
NOTEBOOK_MISTAKE_CELL = 4  # cells are counted from 1, code cells included (as ruff does)


def labelled_mistakes() -> set[tuple[str, int]]:
    labels = json.loads(LABELS.read_text())
    return {
        (name, step["line"]) for name, steps in labels.items() for step in steps if step["label"] == "broken"
    }


@pytest.fixture
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of samples/ to run in, with its own cache."""
    copy = tmp_path / "samples"
    shutil.copytree(SAMPLES, copy)
    monkeypatch.chdir(copy)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return copy


def json_report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    status = main(["--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


def broken_steps(report: dict) -> set[tuple[str, int]]:
    return {
        (os.path.basename(step["path"]), step["line"])
        for file in report["files"]
        for step in file["steps"]
        if step["status"] == "broken"
    }


def test_exactly_the_deliberate_mistakes_are_broken(samples: Path, capsys) -> None:
    status, report = json_report(capsys, "--no-cache", ".")
    assert status == 1
    assert all(file["error"] is None for file in report["files"])
    assert broken_steps(report) == labelled_mistakes()


def test_the_samples_score_perfectly(samples: Path, capsys, tmp_path: Path) -> None:
    if not SCORE.is_file():
        pytest.skip(f"{SCORE} is not here (shared/ absent)")
    _, report = json_report(capsys, "--no-cache", ".")
    (tmp_path / "report.json").write_text(json.dumps(report))
    result = subprocess.run(
        [
            sys.executable,
            str(SCORE),
            str(LABELS),
            str(tmp_path / "report.json"),
            "--min-recall",
            "1",
            "--max-false-alarm",
            "0",
            "--show-misses",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_text_positions_in_markdown_latex_and_notebooks(samples: Path, capsys) -> None:
    assert main(["--no-cache", "-q", "."]) == 1
    starts = {line.split(": ")[0] for line in capsys.readouterr().out.splitlines()}
    assert any(s.startswith("quadratic-forms.md:61:") for s in starts)
    assert any(s.startswith("log-det.tex:38:") for s in starts)
    assert any(s.startswith(f"gaussian-likelihood.ipynb:cell {NOTEBOOK_MISTAKE_CELL}:12:") for s in starts)


def test_many_jobs_give_the_same_report_as_one(samples: Path, capsys) -> None:
    _, one = json_report(capsys, "--no-cache", "--jobs", "1", ".")
    _, two = json_report(capsys, "--no-cache", "--jobs", "2", ".")
    strip = lambda report: [{**f, "seconds": 0} for f in report["files"]]  # noqa: E731
    assert strip(one) == strip(two)


def test_checking_never_writes_to_the_notes(samples: Path, capsys) -> None:
    def digests() -> dict[str, str]:
        return {
            str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in samples.rglob("*")
            if p.is_file() and ".mdcheck_cache" not in p.parts
        }

    before = digests()
    for fmt in ("text", "json"):
        main(["--format", fmt, "."])
    capsys.readouterr()
    assert digests() == before


PROBE = """
import sys
from mdcheck.cli import main
status = main(sys.argv[1:])
print("LOADED", sorted(m for m in ("sympy", "mdcheck.check") if m in sys.modules), file=sys.stderr)
sys.exit(status)
"""


def run_cli(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh interpreter, saying which heavy modules it loaded."""
    command = [sys.executable, "-c", PROBE, *argv]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_a_fully_cached_run_loads_no_engine_and_says_the_same(samples: Path) -> None:
    cold = run_cli(samples, ".", "--show-ok", "--show-unchecked")
    warm = run_cli(samples, ".", "--show-ok", "--show-unchecked")
    assert cold.returncode == warm.returncode == 1
    assert "LOADED []" in warm.stderr
    assert cold.stdout.splitlines()[:-1] == warm.stdout.splitlines()[:-1]  # all but the timing


def test_changing_an_included_file_rechecks_the_including_one(samples: Path, capsys) -> None:
    _, before = json_report(capsys, "log-det.tex")
    included = samples / "inverse-differential.tex"
    wrong = "\nA wrong claim:\n\\begin{equation}\n  (X^T)^{-1} = X^{-1}\n\\end{equation}\n"
    included.write_text(included.read_text() + wrong)
    _, after = json_report(capsys, "log-det.tex")  # the same cache: log-det.tex itself is unchanged
    assert after["summary"]["broken"] == before["summary"]["broken"] + 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("latin1.md", "caf\xe9 $$a = b$$".encode("latin-1")),
        ("broken.ipynb", b'{"cells": [ '),
        ("binary.md", bytes(range(256)) * 4),
    ],
    ids=["latin-1", "broken-notebook", "binary"],
)
def test_unreadable_notes_are_errors_naming_the_file_and_the_rest_is_checked(
    samples: Path, capsys, name: str, content: bytes
) -> None:
    (samples / name).write_bytes(content)
    status = main(["--no-cache", name, "quadratic-forms.md"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert status == 2
    assert lines[0].startswith(f"{name}") and ": error: " in lines[0]
    assert any(line.startswith("quadratic-forms.md:61:") for line in lines)


def test_an_empty_note_is_fine(samples: Path, capsys) -> None:
    (samples / "empty.md").write_text("")
    assert main(["--no-cache", "empty.md"]) == 0
    assert capsys.readouterr().out.startswith("1 file, 0 blocks, 0 steps")


def test_a_directory_without_notes_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    monkeypatch.chdir(tmp_path)
    assert main(["."]) == 0
    assert "no note files found" in capsys.readouterr().err
