"""How fast mdcheck is on a course repository: generates one from samples/ (200 notes by default)
in a temporary directory and times the real `mdcheck` command on it, cold and cached.

    python benchmarks/bench_repo.py [--files 200] [--repeat 5] [--jobs N] [--keep DIR]

Prints a table: cold start on one small file, a full cold run, a fully cached run, and a run after
one file changed, with the targets (one small file < 1 s cold, 200 cached files < 1 s)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SMALL_NOTE = "scalar-warm-up.md"
INCLUDED = "inverse-differential.tex"  # goes beside every copy of the note that \input's it


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: list[float]
    target: float | None
    summary: dict[str, int]

    def row(self) -> str:
        best, median = min(self.seconds), statistics.median(self.seconds)
        target = f"< {self.target:g} s" if self.target is not None else ""
        verdict = ("met" if median < self.target else "MISSED") if self.target is not None else ""
        steps = f"{self.summary.get('files', 0)} files, {self.summary.get('steps', 0)} steps"
        runs = len(self.seconds)
        return f"| {self.name} | {median:.3f} | {best:.3f} | {runs} | {steps} | {target} {verdict} |"


def mdcheck_command() -> list[str]:
    """The installed `mdcheck` script beside this interpreter, else `python -m mdcheck`."""
    script = Path(sys.executable).with_name("mdcheck")
    if script.is_file():
        return [str(script)]
    found = shutil.which("mdcheck")
    return [found] if found else [sys.executable, "-m", "mdcheck"]


def _copy_note(source: Path, target: Path, stamp: str) -> None:
    """Copy a sample with a stamp that makes its content unique (so no two files share a result)."""
    if source.suffix == ".ipynb":
        notebook = json.loads(source.read_text(encoding="utf-8"))
        notebook["cells"][0]["source"] = [f"<!-- {stamp} -->\n", *_lines(notebook["cells"][0]["source"])]
        target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    elif source.suffix == ".tex":
        target.write_text(f"% {stamp}\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        target.write_text(f"<!-- {stamp} -->\n" + source.read_text(encoding="utf-8"), encoding="utf-8")


def _lines(source: str | list[str]) -> list[str]:
    return source.splitlines(keepends=True) if isinstance(source, str) else source


def make_repository(root: Path, count: int) -> list[Path]:
    """`count` notes in week folders, copied round-robin from the samples."""
    kinds = (".md", ".tex", ".ipynb")
    notes = sorted(p for p in SAMPLES.iterdir() if p.suffix in kinds and p.name != INCLUDED)
    made: list[Path] = []
    index = 0
    while len(made) < count:
        source = notes[index % len(notes)]
        week = root / f"week-{index // len(notes) + 1:02d}"
        week.mkdir(parents=True, exist_ok=True)
        target = week / source.name
        _copy_note(source, target, f"copy {index}")
        made.append(target)
        if source.name != INCLUDED and "\\input{" in source.read_text(encoding="utf-8") and len(made) < count:
            _copy_note(SAMPLES / INCLUDED, week / INCLUDED, f"copy {index}")
            made.append(week / INCLUDED)
        index += 1
    return made


def run(argv: list[str], cwd: Path) -> tuple[float, dict[str, int]]:
    """Seconds of one run of the command (wall clock, start-up included) and its summary."""
    start = time.perf_counter()
    command = [*mdcheck_command(), "--format", "json", *argv]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"mdcheck {' '.join(argv)} failed ({result.returncode}):\n{result.stderr}")
    return seconds, json.loads(result.stdout)["summary"]


def measure(root: Path, repeat: int, jobs: list[str]) -> list[Timing]:
    small = next(root.rglob(SMALL_NOTE)).relative_to(root)
    timings = []
    cold_one = [run(["--no-cache", str(small)], root) for _ in range(repeat)]
    timings.append(Timing("cold start, one small file", [s for s, _ in cold_one], 1.0, cold_one[0][1]))
    cold = [run([*jobs, "--cache-dir", f".cache-{i}", "."], root) for i in range(max(1, repeat // 2))]
    timings.append(Timing("full cold run", [s for s, _ in cold], None, cold[0][1]))
    cached = [run([*jobs, "--cache-dir", ".cache-0", "."], root) for _ in range(repeat)]
    timings.append(Timing("fully cached run", [s for s, _ in cached], 1.0, cached[0][1]))
    changed_note = next(root.rglob("quadratic-forms.md"))
    after_change = []
    for i in range(repeat):
        with changed_note.open("a", encoding="utf-8") as fh:
            fh.write(f"\nEdited {i}.\n")
        after_change.append(run([*jobs, "--cache-dir", ".cache-0", "."], root))
    timings.append(Timing("one file changed", [s for s, _ in after_change], None, after_change[0][1]))
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, help="passed to mdcheck (default: its own, all cores)")
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="mdcheck-bench-"))
    try:
        make_repository(root, args.files)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        timings = measure(root, args.repeat, jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"mdcheck on {args.files} generated notes; {cores} cores; command: {' '.join(mdcheck_command())}")
    print("| run | median s | best s | runs | checked | target |")
    print("|---|---|---|---|---|---|")
    for timing in timings:
        print(timing.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
