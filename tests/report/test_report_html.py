"""The HTML report as a parser sees it: self-contained, every step placed and linked, evidence
beside broken steps, hostile note text shown as text only, and written atomically."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import MARKDOWN_PATH, NOTEBOOK_PATH, SCRIPT

from mdcheck.report import ReportOptions, render_report
from mdcheck.report.html import write
from mdcheck.verdicts import RunReport

HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "main", "footer", "section",
    "article", "nav", "aside", "h1", "h2", "p", "ul", "ol", "li", "dl", "dt", "dd", "a", "span", "b",
    "code", "pre", "details", "summary", "fieldset", "legend", "label", "input",
}  # fmt: skip
MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup", "munder", "mover",
    "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr", "mtd", "mpadded", "mphantom",
}  # fmt: skip


class Page(HTMLParser):
    """Elements (tag, attributes, the text directly inside) in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.raw_text_in: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._open and self._open[-1] in ("script", "style"):
            self.raw_text_in.append(self._open[-1])

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if "id" in attrs}

    def with_class(self, name: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.elements if name in attrs.get("class", "").split()]


@pytest.fixture
def html(run_report: RunReport) -> str:
    return render_report(run_report, "html", ReportOptions())


@pytest.fixture
def page(html: str) -> Page:
    parsed = Page()
    parsed.feed(html)
    parsed.close()
    return parsed


def test_the_page_is_self_contained_and_runs_nothing(html: str, page: Page) -> None:
    tags = {tag for tag, _ in page.elements}
    assert tags <= HTML_TAGS | MATHML_TAGS, tags - HTML_TAGS - MATHML_TAGS
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert not any(name.startswith("on") for _, attrs in page.elements for name in attrs)
    assert not any(attrs.get("href", "#").split("#")[0] for _, attrs in page.elements)  # in-page links only
    assert not re.search(r"https?://(?!www\.w3\.org/1998/Math/MathML)", html)  # nothing to fetch
    policy = [a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv")]
    assert policy and "default-src 'none'" in policy[0] and "script-src" not in policy[0]


def test_hostile_note_text_is_shown_as_text(html: str, page: Page) -> None:
    assert SCRIPT not in html
    text = "".join(page.texts)
    assert SCRIPT in text  # the reason quotes it, and it reads as written
    assert "'quotes'" in text and "</math>" in text
    assert page.raw_text_in == ["style"]  # the only raw text is our own stylesheet


def test_every_step_has_its_place_and_an_anchor(run_report: RunReport, page: Page) -> None:
    steps = page.with_class("step")
    assert len(steps) == run_report.summary().steps
    text = "".join(page.texts)
    for file in run_report.files:
        for step in file.steps:
            cell = f"cell {step.position.cell}:" if step.position.cell else ""
            assert f"{file.path}:{cell}{step.line}:{step.column}" in text
    assert len({attrs["id"] for attrs in steps}) == len(steps)


def test_the_summary_links_to_every_broken_step(run_report: RunReport, page: Page) -> None:
    broken_ids = {attrs["id"] for attrs in page.with_class("step") if "broken" in attrs["class"].split()}
    assert len(broken_ids) == run_report.summary().broken == 4
    links = {
        attrs["href"][1:]
        for tag, attrs in page.elements
        if tag == "a" and attrs.get("href", "").startswith("#step-")
    }
    assert broken_ids <= links <= page.ids()


def test_derivations_are_rendered_as_math_with_the_source_a_click_away(
    run_report: RunReport, page: Page
) -> None:
    blocks = sum(len(file.blocks) for file in run_report.files)
    displays = [attrs for tag, attrs in page.elements if tag == "math" and attrs.get("display") == "block"]
    assert len(displays) == blocks
    assert [tag for tag, _ in page.elements].count("details") >= blocks
    assert r"\begin{aligned}" in "".join(page.texts)  # the raw LaTeX, in its <details>


def test_broken_steps_carry_their_evidence_and_counterexample(page: Page) -> None:
    evidence_text = "".join(page.texts)
    for label in (
        "relative error",
        "sizes",
        "assumptions",
        "A draw where the sides differ",
        "left side",
        "right side",
    ):
        assert label in evidence_text
    assert len(page.with_class("counterexample")) == 1
    assert "0.91 (failed on 3 of 3 draws)" in evidence_text


def test_filters_and_the_three_statuses(page: Page) -> None:
    boxes = [attrs for tag, attrs in page.elements if tag == "input"]
    assert {attrs["id"] for attrs in boxes} == {"show-broken", "show-unchecked", "show-ok"}
    assert all("checked" in attrs for attrs in boxes)
    assert {c for attrs in page.with_class("step") for c in attrs["class"].split()} == {
        "step",
        "ok",
        "broken",
        "unchecked",
    }


def test_file_errors_problems_and_notebook_cells_are_shown(page: Page) -> None:
    text = "".join(page.texts)
    assert "Could not be read: cannot read the file" in text
    assert "unknown directive 'asume'" in text and f"{MARKDOWN_PATH}:3" in text
    assert f"{NOTEBOOK_PATH}:cell 3:4:32" in text


def test_an_empty_run_still_makes_a_page() -> None:
    html = render_report(RunReport("0.3.0", 0, ()), "html", ReportOptions())
    assert "No broken steps" in html and html.rstrip().endswith("</html>")


def test_writing_is_atomic_and_replaces_the_old_report(run_report: RunReport, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    write(run_report, ReportOptions(), str(target))
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert os.listdir(tmp_path) == ["report.html"]  # no temporary file left behind


def test_a_failed_write_leaves_the_old_report_and_no_temporary_file(
    run_report: RunReport, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    target.mkdir()  # a directory where the file should go: the rename fails
    with pytest.raises(OSError):
        write(run_report, ReportOptions(), str(target))
    assert os.listdir(tmp_path) == ["report.html"] and target.is_dir()
