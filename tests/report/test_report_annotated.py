"""The annotated report: each note copied with every step marked, in comments that leave the note
rendering as before (same Markdown blocks, same TeX, a valid notebook); never over a note."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from report_samples import (
    LATEX_NOTE,
    LATEX_PATH,
    MARKDOWN_NOTE,
    MARKDOWN_PATH,
    NOTEBOOK_PATH,
    NotesOnDisk,
    notebook_json,
)

from mdcheck.document import Block, Directive
from mdcheck.report import ReportOptions, render_report
from mdcheck.report.annotated import annotate_markdown, annotation_targets, write_annotated
from mdcheck.sources import read_text
from mdcheck.verdicts import RunReport

MARK = "mdcheck result"


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """The blocks markdown-it finds (type and content), leaving out raw HTML blocks (the marks)."""
    md = MarkdownIt("commonmark", {"html": True}).use(dollarmath_plugin).use(amsmath_plugin)
    return [(t.type, t.content) for t in md.parse(text) if t.type != "html_block"]


def mdcheck_reads(text: str, language: str) -> tuple[list[str], list[str]]:
    """The math blocks and directives mdcheck's own reader finds in `text`."""
    document = read_text(text, "note", language)
    assert document.error is None
    blocks = [item.text for item in document.items if isinstance(item, Block)]
    directives = [item.text for item in document.items if isinstance(item, Directive)]
    return blocks, directives


def test_each_note_gets_a_marked_copy_beside_it(notes_on_disk: NotesOnDisk) -> None:
    listing = render_report(notes_on_disk.report, "annotated", ReportOptions())
    root = notes_on_disk.root
    assert (root / "notes/week3.mdcheck.md").is_file()
    assert (root / "notes/lecture.mdcheck.tex").is_file()
    assert (root / "notebooks/gradients.mdcheck.ipynb").is_file()
    assert listing.count("wrote ") == 3 and "missing.md" not in listing
    # the notes themselves are untouched
    assert (root / MARKDOWN_PATH).read_text(encoding="utf-8") == MARKDOWN_NOTE
    assert (root / LATEX_PATH).read_text(encoding="utf-8") == LATEX_NOTE
    assert (root / NOTEBOOK_PATH).read_text(encoding="utf-8") == notebook_json()


def test_annotated_markdown_parses_to_the_same_blocks(notes_on_disk: NotesOnDisk) -> None:
    write_annotated(notes_on_disk.report, None)
    annotated = (notes_on_disk.root / "notes/week3.mdcheck.md").read_text(encoding="utf-8")
    assert markdown_blocks(annotated) == markdown_blocks(MARKDOWN_NOTE)
    assert mdcheck_reads(annotated, "markdown") == mdcheck_reads(
        MARKDOWN_NOTE, "markdown"
    )  # marks are no directives
    steps = notes_on_disk.report.files[0].steps
    assert annotated.count(f"<!-- {MARK}") == len(steps)
    for step in steps:
        assert f"line {step.line}:{step.column}: {step.status}" in annotated


def test_a_mark_follows_the_block_of_its_step(notes_on_disk: NotesOnDisk) -> None:
    write_annotated(notes_on_disk.report, None)
    lines = (notes_on_disk.root / "notes/week3.mdcheck.md").read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if "line 9:8: broken" in line)
    aligned_end = lines.index("\\end{aligned}")
    assert lines[aligned_end + 1] == "$$" and broken > aligned_end + 1
    assert broken < lines.index("For a quadratic form with symmetric $A$:")
    listed = next(i for i, line in enumerate(lines) if "line 21:14: unchecked" in line)
    assert listed > next(i for i, line in enumerate(lines) if "a condition" in line)  # after the whole list


def test_annotated_latex_is_the_same_tex_plus_comment_lines(notes_on_disk: NotesOnDisk) -> None:
    write_annotated(notes_on_disk.report, None)
    annotated = (notes_on_disk.root / "notes/lecture.mdcheck.tex").read_text(encoding="utf-8")
    lines = annotated.splitlines(keepends=True)
    marks = [i for i, line in enumerate(lines) if line.startswith(f"% {MARK}")]
    assert len(marks) == 3
    assert "".join(line for i, line in enumerate(lines) if i not in marks) == LATEX_NOTE
    assert lines[marks[0] - 1] == "\\end{align}\n" and marks[1] == marks[0] + 1  # after the derivation
    assert "broken (Derivative in the other layout)" in lines[marks[1]]
    assert lines[marks[2] - 1].startswith("Then $W x + b")  # an inline step: after its line
    assert mdcheck_reads(annotated, "latex") == mdcheck_reads(LATEX_NOTE, "latex")


def test_the_annotated_notebook_is_valid_with_marks_in_its_markdown_cell(notes_on_disk: NotesOnDisk) -> None:
    write_annotated(notes_on_disk.report, None)
    text = (notes_on_disk.root / "notebooks/gradients.mdcheck.ipynb").read_text(encoding="utf-8")
    nbformat.validate(nbformat.reads(text, as_version=4))
    cells = json.loads(text)["cells"]
    original = json.loads(notebook_json())["cells"]
    assert cells[:2] == original[:2]
    source = "".join(cells[2]["source"])
    assert f"<!-- {MARK}, cell 3, line 4:32: broken" in source
    assert markdown_blocks(source) == markdown_blocks("".join(original[2]["source"]))
    assert mdcheck_reads(text, "notebook") == mdcheck_reads(notebook_json(), "notebook")


def test_with_output_several_notes_go_under_the_directory(notes_on_disk: NotesOnDisk) -> None:
    notes = write_annotated(notes_on_disk.report, "annotated")
    assert [note.target for note in notes] == [
        str(Path("annotated") / MARKDOWN_PATH),
        str(Path("annotated") / LATEX_PATH),
        str(Path("annotated") / NOTEBOOK_PATH),
    ]
    assert all(Path(note.target).is_file() for note in notes if note.target)
    assert (notes_on_disk.root / MARKDOWN_PATH).read_text(encoding="utf-8") == MARKDOWN_NOTE


def test_with_output_one_note_can_go_to_a_file(notes_on_disk: NotesOnDisk) -> None:
    report = dataclasses.replace(notes_on_disk.report, files=notes_on_disk.report.files[:1])
    (note,) = write_annotated(report, "fixed.md")
    assert note.error is None and note.target == "fixed.md"
    assert Path("fixed.md").read_text(encoding="utf-8").count(f"<!-- {MARK}") == len(report.files[0].steps)


def test_a_note_is_never_written_over(notes_on_disk: NotesOnDisk) -> None:
    report = dataclasses.replace(notes_on_disk.report, files=notes_on_disk.report.files[:2])
    notes = write_annotated(report, ".")  # targets would be the notes themselves
    assert all(note.target is None and note.error and "never overwritten" in note.error for note in notes)
    assert (notes_on_disk.root / MARKDOWN_PATH).read_text(encoding="utf-8") == MARKDOWN_NOTE
    assert (notes_on_disk.root / LATEX_PATH).read_text(encoding="utf-8") == LATEX_NOTE
    assert "not annotated" in render_report(report, "annotated", ReportOptions(output="."))


def test_an_unreadable_note_is_reported_not_raised(notes_on_disk: NotesOnDisk) -> None:
    (notes_on_disk.root / MARKDOWN_PATH).unlink()
    notes = write_annotated(notes_on_disk.report, None)
    assert notes[0].error is not None and "cannot read" in notes[0].error
    assert notes[1].error is None  # the others still go


def test_line_endings_are_kept(run_report: RunReport) -> None:
    crlf = MARKDOWN_NOTE.replace("\n", "\r\n")
    annotated = annotate_markdown(crlf, run_report.files[0])
    assert annotated.count(MARK) == len(run_report.files[0].steps)
    assert "\n" not in annotated.replace("\r\n", "")


def test_a_reason_cannot_close_the_comment_early(run_report: RunReport) -> None:
    file = run_report.files[0]
    block = file.blocks[0]
    hostile = dataclasses.replace(block.steps[1], reason="bad --> <script>x</script>\nsecond line")
    file = dataclasses.replace(file, blocks=(dataclasses.replace(block, steps=(block.steps[0], hostile)),))
    annotated = annotate_markdown(MARKDOWN_NOTE, file)
    md = MarkdownIt("commonmark", {"html": True}).use(dollarmath_plugin).use(amsmath_plugin)
    comments = [t.content for t in md.parse(annotated) if t.type == "html_block" and MARK in t.content]
    assert len(comments) == 2
    assert all(c.count("-->") == 1 and c.rstrip().endswith("-->") and c.count("\n") == 1 for c in comments)


@pytest.mark.parametrize(
    ("paths", "output", "expected"),
    [
        (["a/b.md"], None, ["a/b.mdcheck.md"]),
        (["a/b.md", "c.tex"], "out", ["out/a/b.md", "out/c.tex"]),
        (["/abs/b.md", "../up/b.md"], "out", ["out/b.md", "out/b-2.md"]),
        (["b.md"], "x.md", ["x.md"]),
        (["b.md"], "outdir", ["outdir/b.md"]),
    ],
)
def test_where_annotated_copies_go(paths: list[str], output: str | None, expected: list[str]) -> None:
    assert annotation_targets(paths, output) == [str(Path(p)) for p in expected]
