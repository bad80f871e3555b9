"""What the checker hands to the reports: a verdict for every step, grouped by block and file,
with the numbers that back each verdict. Reports read these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from mdcheck.document import Position, Problem

Status = Literal["ok", "broken", "unchecked"]

# A matrix, vector or scalar value, as rows of floats (a scalar is ((v,),)).
Value = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class FindingKind:
    """One kind of finding: a stable id (used by SARIF rules and counts) and a title."""

    id: str
    status: Status
    title: str
    help: str


FINDING_KINDS: dict[str, FindingKind] = {
    k.id: k
    for k in (
        FindingKind("ok", "ok", "Step holds", "The step held on every random draw."),
        FindingKind(
            "broken",
            "broken",
            "Broken step",
            "The two sides differ on every random draw of matrices of consistent shapes.",
        ),
        FindingKind(
            "wrong-layout",
            "broken",
            "Derivative in the other layout",
            "The stated derivative holds only under the other layout convention (numerator vs denominator).",
        ),
        FindingKind(
            "shape-error",
            "broken",
            "Shape error",
            "A product, sum or function application whose operand shapes cannot agree.",
        ),
        FindingKind(
            "parse-error",
            "unchecked",
            "Step not parsed",
            "mdcheck could not read the LaTeX of this step; the reason names the construct and column.",
        ),
        FindingKind(
            "unknown-meaning",
            "unchecked",
            "Unknown meaning",
            "A symbol or function whose meaning mdcheck could not determine.",
        ),
        FindingKind(
            "untyped",
            "unchecked",
            "Shapes undetermined",
            "The shapes could not be made consistent under any reading, so the step was not evaluated.",
        ),
        FindingKind(
            "unsupported",
            "unchecked",
            "Unsupported construct",
            "The step uses notation mdcheck parses but cannot evaluate (index notation, tensors, ...).",
        ),
        FindingKind(
            "condition",
            "unchecked",
            "Condition, not an identity",
            "An equation that holds only at particular values (an optimum, a constraint), not for all "
            "values.",
        ),
        FindingKind(
            "not-an-identity",
            "unchecked",
            "Relation not checked",
            "A relation such as an approximation or an inequality, reported but not checked as an equality.",
        ),
        FindingKind(
            "unstable",
            "unchecked",
            "Unstable result",
            "The step held on some random draws and failed on others.",
        ),
        FindingKind(
            "definition",
            "unchecked",
            "Definition",
            "An equation that names a new symbol; later steps are checked against it.",
        ),
        FindingKind("skipped", "unchecked", "Skipped", "An mdcheck directive asked to skip this step."),
    )
}


@dataclass(frozen=True)
class Counterexample:
    """One small random draw on which a broken step fails: the sizes, every symbol's value and
    the value of each side."""

    sizes: tuple[tuple[str, int], ...]
    values: tuple[tuple[str, Value], ...]
    lhs: Value
    rhs: Value
    rel_error: float


@dataclass(frozen=True)
class Evidence:
    """The numbers behind a verdict."""

    sizes: tuple[tuple[str, int], ...]
    assumptions: tuple[str, ...]
    draws: int
    failed: int
    rel_errors: tuple[float, ...]
    counterexample: Counterexample | None = None
    shapes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StepVerdict:
    """The verdict on one relation of a derivation.

    `position` is the file position of the relation sign; `lhs`/`rhs` the LaTeX of each side;
    `meaning` the printed meaning of each side that was checked (empty when not reached);
    `reading` says which reading of ambiguous notation gave the verdict.
    """

    position: Position
    path: str
    block: int
    relation: str
    lhs: str
    rhs: str
    status: Status
    kind: str
    reason: str = ""
    max_rel_error: float | None = None
    reading: str = ""
    meaning: tuple[str, str] = ("", "")
    evidence: Evidence | None = None
    # The two sides as sympy expressions, when asked for (CheckOptions.sympy_meaning); not stored.
    sympy: tuple[Any, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def line(self) -> int:
        return self.position.line

    @property
    def column(self) -> int:
        return self.position.column


@dataclass(frozen=True)
class BlockReport:
    """One derivation block of a file, its LaTeX and the verdicts on its steps."""

    index: int
    kind: str
    latex: str
    start: Position
    end: Position | None
    steps: tuple[StepVerdict, ...]


@dataclass(frozen=True)
class FileReport:
    """Every block of one file. `error` is set when the file could not be read; `problems` are
    input problems that did not stop the rest of the file being checked."""

    path: str
    blocks: tuple[BlockReport, ...] = ()
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    seconds: float = 0.0

    @property
    def steps(self) -> tuple[StepVerdict, ...]:
        return tuple(step for block in self.blocks for step in block.steps)


@dataclass(frozen=True)
class Summary:
    files: int
    blocks: int
    steps: int
    ok: int
    broken: int
    unchecked: int
    seconds: float


@dataclass(frozen=True)
class RunReport:
    """A whole run: the files in the order given, and how the run was made."""

    version: str
    seed: int
    files: tuple[FileReport, ...]
    seconds: float = 0.0

    def summary(self) -> Summary:
        steps = [s for f in self.files for s in f.steps]
        return Summary(
            files=len(self.files),
            blocks=sum(len(f.blocks) for f in self.files),
            steps=len(steps),
            ok=sum(s.status == "ok" for s in steps),
            broken=sum(s.status == "broken" for s in steps),
            unchecked=sum(s.status == "unchecked" for s in steps),
            seconds=self.seconds,
        )
