"""The annotated report: each note copied with every checked step marked in a comment that does
not change how the note renders. Written beside the note as `name.mdcheck.ext`, or under `-o`;
never over a note."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mdcheck.report import ReportOptions
from mdcheck.verdicts import FINDING_KINDS, FileReport, RunReport, StepVerdict

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".qmd", ".rmd", ".myst", ".txt")
_LATEX_SUFFIXES = (".tex", ".ltx", ".latex")
_CLAIM_WIDTH = 80
# Marks start with "mdcheck result", never "mdcheck:", so mdcheck does not read them as directives.
_MARK_PREFIX = "mdcheck result"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True)
class AnnotatedNote:
    """One note of the run: where its annotated copy went (`target`), how many steps it marks, or
    why it was not written (`error`)."""

    source: str
    target: str | None
    marks: int
    error: str | None = None


def render(report: RunReport, options: ReportOptions) -> str:
    """Write the annotated notes; return one line per note saying what was written."""
    lines = []
    for note in write_annotated(report, options.output):
        if note.error is not None:
            lines.append(f"{note.source}: not annotated: {note.error}")
        else:
            marked = f"{note.marks} step marked" if note.marks == 1 else f"{note.marks} steps marked"
            lines.append(f"{note.source}: wrote {note.target} ({marked})")
    return "".join(line + "\n" for line in lines)


def write_annotated(report: RunReport, output: str | None) -> tuple[AnnotatedNote, ...]:
    """Annotate every note of `report` that has checked steps. Never raises."""
    notes = [file for file in report.files if file.error is None and file.steps]
    targets = annotation_targets([file.path for file in notes], output)
    sources = {Path(file.path).resolve() for file in report.files}
    return tuple(_annotate(file, target, sources) for file, target in zip(notes, targets, strict=True))


def annotation_targets(paths: Sequence[str], output: str | None) -> list[str]:
    """Where each note's annotated copy goes: `name.mdcheck.ext` beside it; with `output`, that file
    when there is one note and `output` has the note's extension, else the note's path (its name,
    when absolute or outside) under the directory `output`."""
    if output is None:
        return [_beside(path) for path in paths]
    out = Path(output)
    if len(paths) == 1 and not out.is_dir() and out.suffix.lower() == Path(paths[0]).suffix.lower():
        return [output]
    taken: set[str] = set()
    targets = []
    for path in paths:
        relative = Path(os.path.normpath(path))
        if relative.is_absolute() or relative.parts[:1] == ("..",):
            relative = Path(relative.name)
        target = str(out / relative)
        stem, suffix, n = str(out / relative.with_suffix("")), relative.suffix, 2
        while target in taken:
            target, n = f"{stem}-{n}{suffix}", n + 1
        taken.add(target)
        targets.append(target)
    return targets


def _beside(path: str) -> str:
    note = Path(path)
    return str(note.with_name(f"{note.stem}.mdcheck{note.suffix}"))


def _annotate(file: FileReport, target: str, sources: set[Path]) -> AnnotatedNote:
    source = file.path
    if Path(target).resolve() in sources:
        return AnnotatedNote(
            source, None, 0, f"{target} is a note being checked; notes are never overwritten"
        )
    try:
        with open(source, encoding="utf-8", newline="") as handle:
            original = handle.read()
    except (OSError, UnicodeDecodeError) as err:
        return AnnotatedNote(source, None, 0, f"cannot read the note: {_reason(err)}")
    annotate = _annotator(source)
    if annotate is None:
        return AnnotatedNote(source, None, 0, "unknown kind of note (not Markdown, LaTeX or a notebook)")
    try:
        annotated = annotate(original, file)
    except (ValueError, KeyError, TypeError, IndexError) as err:  # a notebook that is not what it was
        return AnnotatedNote(source, None, 0, f"cannot annotate: {_reason(err)}")
    try:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, annotated)
    except OSError as err:
        return AnnotatedNote(source, None, 0, f"cannot write {target}: {_reason(err)}")
    return AnnotatedNote(source, target, len(file.steps))


def _reason(err: Exception) -> str:
    return (err.strerror if isinstance(err, OSError) else None) or str(err) or type(err).__name__


def _annotator(path: str) -> Callable[[str, FileReport], str] | None:
    suffix = Path(path).suffix.lower()
    if suffix == ".ipynb":
        return annotate_notebook
    if suffix in _LATEX_SUFFIXES:
        return annotate_latex
    if suffix in _MARKDOWN_SUFFIXES:
        return annotate_markdown
    return None


def write_atomically(path: str, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file in the same directory renamed over
    it, so a reader never sees half a file. Raises OSError."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


# The marks ---------------------------------------------------------------------------------


def mark_text(step: StepVerdict) -> str:
    """One step's verdict on one line: where, status (and kind), the claim, the reason, the error."""
    position = step.position
    where = f"line {position.line}:{position.column}"
    if position.cell is not None:
        where = f"cell {position.cell}, {where}"
    status = step.status if step.kind == step.status else f"{step.status} ({_kind_title(step.kind)})"
    claim = " ".join(" ".join(part.split()) for part in (step.lhs, step.relation, step.rhs) if part.strip())
    if len(claim) > _CLAIM_WIDTH:
        claim = claim[: _CLAIM_WIDTH - 1] + "…"
    details = [step.reason] if step.reason else []
    evidence = step.evidence
    said = "relative error" in step.reason  # the engine's reason may already give the numbers
    if step.max_rel_error is not None and evidence is not None and evidence.draws and not said:
        if evidence.failed:
            details.append(
                f"rel. error {step.max_rel_error:.2g}, failed on {evidence.failed}/{evidence.draws} draws"
            )
        else:
            details.append(f"rel. error {step.max_rel_error:.2g}, held on {evidence.draws} draws")
    text = f"{_MARK_PREFIX}, {where}: {status}: {claim}" + (f" — {'; '.join(details)}" if details else "")
    return " ".join(text.split())


def _kind_title(kind: str) -> str:
    return FINDING_KINDS[kind].title if kind in FINDING_KINDS else kind


def _html_comment(text: str) -> str:
    safe = text.replace("--!>", "--! >").replace("-->", "-- >")
    return f"<!-- {safe} -->"


# Markdown ----------------------------------------------------------------------------------


def annotate_markdown(text: str, file: FileReport) -> str:
    """`text` with an HTML comment per step after the top-level Markdown block (paragraph, math
    block, list, quote) holding that step's derivation; blank lines keep the blocks apart."""
    return _annotate_markdown_text(text, [(block.start.line, block.steps) for block in file.blocks])


def _annotate_markdown_text(text: str, blocks: list[tuple[int, tuple[StepVerdict, ...]]]) -> str:
    lines = split_lines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    spans = _top_level_spans(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    inserts: dict[int, list[str]] = {}
    for start_line, steps in blocks:
        end = next((e for s, e in spans if s <= start_line - 1 < e), len(lines))
        inserts.setdefault(min(end, len(lines)), []).extend(_html_comment(mark_text(s)) for s in steps)
    return _insert_lines(lines, inserts, newline, blank_around=True)


def _top_level_spans(text: str) -> list[tuple[int, int]]:
    """The 0-based [start, end) line spans of the top-level Markdown blocks."""
    tokens = _markdown_parser().parse(text)
    return [(t.map[0], t.map[1]) for t in tokens if t.level == 0 and t.map is not None and t.nesting >= 0]


def _markdown_parser() -> Any:
    try:  # the parser mdcheck reads notes with, so blocks are the blocks it checked
        from mdcheck.sources.markdown_parser import markdown_parser

        return markdown_parser()
    except ImportError:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.amsmath import amsmath_plugin
        from mdit_py_plugins.dollarmath import dollarmath_plugin

        return MarkdownIt("commonmark", {"html": True}).use(dollarmath_plugin).use(amsmath_plugin)


def split_lines(text: str) -> list[str]:
    """`text` cut into lines at `\n`, `\r\n` or `\r` only (as the readers count lines), each
    keeping its end."""
    return _LINE.findall(text)


def _insert_lines(lines: list[str], inserts: dict[int, list[str]], newline: str, blank_around: bool) -> str:
    """`lines` with `inserts[k]` placed before line k (k == len(lines): at the end)."""
    out: list[str] = []
    for k in range(len(lines) + 1):
        marks = inserts.get(k)
        if marks:
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += newline
            if blank_around and out and out[-1].strip():
                out.append(newline)
            out += [mark + newline for mark in marks]
            if blank_around and k < len(lines) and lines[k].strip():
                out.append(newline)
        if k < len(lines):
            out.append(lines[k])
    return "".join(out)


# LaTeX -------------------------------------------------------------------------------------


def annotate_latex(text: str, file: FileReport) -> str:
    """`text` with `% mdcheck result ...` comment lines after the line where each derivation ends
    (its last step's line when the end is unknown). A whole comment line is invisible to TeX: it
    eats its own end of line, so the document typesets as before."""
    lines = split_lines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    inserts: dict[int, list[str]] = {}
    for block in file.blocks:
        if not block.steps:
            continue
        last = block.end.line if block.end is not None else max(step.line for step in block.steps)
        after = min(max(last, 1), len(lines))
        inserts.setdefault(after, []).extend("% " + mark_text(step) for step in block.steps)
    return _insert_lines(lines, inserts, newline, blank_around=False)


# Notebooks ---------------------------------------------------------------------------------


def annotate_notebook(text: str, file: FileReport) -> str:
    """The notebook with the marks in its markdown cells (`cell` is the 1-based index among all
    cells), written back as JSON with one-space indent as Jupyter does."""
    notebook = json.loads(text)
    cells = notebook["cells"]
    by_cell: dict[int, list[tuple[int, tuple[StepVerdict, ...]]]] = {}
    for block in file.blocks:
        cell = block.start.cell if block.start.cell is not None else 0
        by_cell.setdefault(cell, []).append((block.start.line, block.steps))
    stray: list[str] = []
    for cell_number, blocks in sorted(by_cell.items()):
        if not 1 <= cell_number <= len(cells) or cells[cell_number - 1].get("cell_type") != "markdown":
            stray += [_html_comment(mark_text(step)) for _, steps in blocks for step in steps]
            continue
        cell = cells[cell_number - 1]
        source = cell.get("source", "")
        joined = "".join(source) if isinstance(source, list) else str(source)
        annotated = _annotate_markdown_text(joined, blocks)
        cell["source"] = split_lines(annotated) if isinstance(source, list) else annotated
    if stray:
        extra: dict[str, Any] = {"cell_type": "markdown", "metadata": {}, "source": [m + "\n" for m in stray]}
        if notebook.get("nbformat", 4) >= 4 and notebook.get("nbformat_minor", 0) >= 5:
            extra["id"] = "mdcheck-results"
        cells.append(extra)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
