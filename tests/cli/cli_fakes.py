"""Small stand-ins for the sources' discovery and the engine, so the command line, runner, cache and
reports can be tested on their own. A fake note is a text file whose lines say what to report:

    block derivation        start a block of this kind (default: display)
    cell 2                  later positions are in notebook cell 2 (lines counted from this marker)
    broken: a = b           a step with this status at this line (column: where `=` stands)
    unchecked/parse-error: x = \\foo
    problem: unterminated $$
    raise                   the check raises
    die                     the check kills its process
    sleep 0.05              the check takes that long
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mdcheck.document import Position, Problem
from mdcheck.options import CheckOptions
from mdcheck.verdicts import BlockReport, Evidence, FileReport, StepVerdict

NOTE_SUFFIXES = (".md", ".tex", ".ipynb", ".txt")
RunMain = Callable[..., int]  # the `fake_main` fixture: main(argv) with these fakes


@dataclass(frozen=True)
class FakeProblem:
    path: str
    message: str


@dataclass(frozen=True)
class FakeDiscovery:
    files: tuple[str, ...]
    problems: tuple[FakeProblem, ...]


def fake_discover(paths: list[str], include: list[str], exclude: list[str]) -> FakeDiscovery:
    """Files named are kept; folders give their notes in sorted order, or a problem when they have none."""
    found: list[str] = []
    problems: list[FakeProblem] = []
    for path in paths:
        if os.path.isdir(path):
            notes = sorted(str(p) for p in Path(path).rglob("*") if p.suffix in NOTE_SUFFIXES)
            found += notes
            problems += [] if notes else [FakeProblem(path, "no note files found")]
        else:
            found.append(path)
    return FakeDiscovery(tuple(found), tuple(problems))


def _step(path: str, line: str, position: Position, block: int, options: CheckOptions) -> StepVerdict:
    label, _, claim = line.partition(": ")
    status, _, kind = label.partition("/")
    lhs, _, rhs = claim.partition(" = ")
    evidence = None
    if status in ("ok", "broken"):
        failed = options.trials if status == "broken" else 0
        errors = tuple(0.73 if status == "broken" else 1e-16 for _ in range(options.trials))
        evidence = Evidence((("n", 3), ("m", 4)), (), options.trials, failed, errors)
    return StepVerdict(
        position=position,
        path=path,
        block=block,
        relation="=",
        lhs=lhs,
        rhs=rhs,
        status=status,  # type: ignore[arg-type]
        kind=kind or status,
        reason="cannot parse \\foo at column 3" if status == "unchecked" else "",
        max_rel_error=max(evidence.rel_errors) if evidence else None,
        evidence=evidence,
    )


def fake_check(path: str, options: CheckOptions) -> FileReport:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        return FileReport(path=path, error=f"cannot read: {err}")
    blocks: list[tuple[str, list[StepVerdict]]] = [("display", [])]
    problems: list[Problem] = []
    cell, cell_start = None, 0
    for number, line in enumerate(lines, start=1):
        line_in_cell = number - cell_start
        if line == "raise":
            raise RuntimeError("the fake engine was asked to raise")
        if line == "die":
            os._exit(3)
        if line.startswith("sleep "):
            time.sleep(float(line.split()[1]))
        if line.startswith("cell "):
            cell, cell_start = int(line.split()[1]), number
        elif line.startswith("block "):
            blocks.append((line.split()[1], []))
        elif line.startswith("problem: "):
            problems.append(Problem(line.removeprefix("problem: "), Position(line_in_cell, 1, cell)))
        elif line.split(":")[0].split("/")[0] in ("ok", "broken", "unchecked"):
            position = Position(line_in_cell, line.find(" = ") + 2, cell)
            blocks[-1][1].append(_step(path, line, position, len(blocks), options))
    reports = tuple(
        BlockReport(index, kind, "", Position(1, 1), None, tuple(steps))
        for index, (kind, steps) in enumerate(blocks, start=1)
        if steps
    )
    return FileReport(path=path, blocks=reports, problems=tuple(problems))
