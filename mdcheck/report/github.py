"""GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=...::message` for each
failing step, `::warning` for files that could not be read and for input problems, `::notice` for
unchecked steps with --show-unchecked. Escaped as the Actions runner unescapes them."""

from __future__ import annotations

from mdcheck.document import Position
from mdcheck.report import ReportOptions, judged_steps
from mdcheck.verdicts import FINDING_KINDS, FileReport, RunReport, StepVerdict

_CLAIM_WIDTH = 120


def escape_data(text: str) -> str:
    """The message after `::`: `%`, CR and LF percent-encoded (`%` first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as a message, and also `:` and `,`, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int | None], message: str) -> str:
    """One workflow command line; properties that are None are left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def render(report: RunReport, options: ReportOptions) -> str:
    lines: list[str] = []
    for file in report.files:
        lines += _file_commands(file, options)
    return "".join(line + "\n" for line in lines)


def _file_commands(file: FileReport, options: ReportOptions) -> list[str]:
    path = _path(file.path)
    lines = []
    if file.error is not None:
        lines.append(command("warning", {"file": path, "title": "mdcheck: file not read"}, file.error))
    if not options.quiet:
        for problem in file.problems:
            where = _location(path, problem.position)
            message = _in_cell(problem.position) + problem.message
            lines.append(command("warning", {**where, "title": "mdcheck: input problem"}, message))
    for step, fails in judged_steps(file, options.fail_on_unchecked):
        if fails:
            lines.append(_step_command("error", path, step))
        elif step.status == "unchecked" and options.show_unchecked and not options.quiet:
            lines.append(_step_command("notice", path, step))
    return lines


def _step_command(name: str, path: str, step: StepVerdict) -> str:
    title = FINDING_KINDS[step.kind].title if step.kind in FINDING_KINDS else step.kind
    properties = {**_location(path, step.position), "title": f"mdcheck: {title}"}
    return command(name, properties, _in_cell(step.position) + step_message(step))


def step_message(step: StepVerdict) -> str:
    """The claim on the first line, then why (the reason and the numbers)."""
    claim = " ".join(" ".join(part.split()) for part in (step.lhs, step.relation, step.rhs) if part.strip())
    if len(claim) > _CLAIM_WIDTH:
        claim = claim[: _CLAIM_WIDTH - 1] + "…"
    lines = [f"{step.status}: {claim}"]
    if step.reason:
        lines.append(step.reason)
    evidence = step.evidence
    said = "relative error" in step.reason  # the engine's reason may already give the numbers
    if evidence is not None and evidence.draws and step.max_rel_error is not None and not said:
        sizes = ", ".join(f"{name}={size}" for name, size in evidence.sizes)
        numbers = f"relative error {step.max_rel_error:.2g} on {evidence.failed}/{evidence.draws} draws"
        lines.append(numbers + (f" (sizes {sizes})" if sizes else ""))
    if evidence is not None and evidence.shapes:
        lines.append("shapes " + ", ".join(f"{name}: {shape}" for name, shape in evidence.shapes))
    if evidence is not None and evidence.assumptions:
        lines.append("assuming " + "; ".join(evidence.assumptions))
    return "\n".join(lines)


def _path(path: str) -> str:
    """The path as GitHub matches it against the repository: forward slashes, no leading `./`."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def _location(path: str, position: Position | None) -> dict[str, str | int | None]:
    """`file`, `line`, `col`; a notebook position is inside a cell, not a line of the .ipynb file,
    so there the annotation names the file only and the message says the cell and line."""
    if position is None or position.cell is not None:
        return {"file": path}
    return {"file": path, "line": position.line, "col": position.column}


def _in_cell(position: Position | None) -> str:
    if position is None or position.cell is None:
        return ""
    return f"cell {position.cell}, line {position.line}:{position.column}: "
