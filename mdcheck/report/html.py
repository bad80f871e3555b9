"""The HTML report: one self-contained page (no script, nothing fetched) with a summary, every
derivation rendered as MathML, each step's verdict and evidence, and filters made of CSS alone."""

from __future__ import annotations

from html import escape
from importlib.resources import files

from mdcheck.report import ReportOptions
from mdcheck.report.annotated import write_atomically
from mdcheck.report.html_steps import STATUSES, file_section, kind_title, step_id, where
from mdcheck.verdicts import RunReport, Summary

# Nothing may load or run: styles are inline, there is no script, no request leaves the page.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_LABELS = {"broken": "broken", "unchecked": "unchecked", "ok": "ok"}


def render(report: RunReport, options: ReportOptions) -> str:
    """The whole page as one string."""
    summary = report.summary()
    parts = [
        _head(summary),
        '<body><div class="page">',
        _summary(report, summary),
        "<main>",
        *(file_section(i, file) for i, file in enumerate(report.files)),
        "</main>",
        _footer(report),
        "</div></body></html>",
    ]
    return "\n".join(parts) + "\n"


def write(report: RunReport, options: ReportOptions, path: str) -> None:
    """Write the page to `path` atomically (a temporary file renamed over it)."""
    write_atomically(path, render(report, options))


def _stylesheet() -> str:
    return files("mdcheck.report").joinpath("assets/report.css").read_text(encoding="utf-8")


def _head(summary: Summary) -> str:
    title = f"mdcheck: {summary.broken} broken of {summary.steps} steps in {_count(summary.files, 'file')}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{escape(title)}</title>\n<style>\n{_stylesheet()}</style>\n</head>"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _summary(report: RunReport, summary: Summary) -> str:
    unread = sum(file.error is not None for file in report.files)
    counts = [
        ("total", summary.files, "file" if summary.files == 1 else "files"),
        ("total", summary.blocks, "derivation" if summary.blocks == 1 else "derivations"),
        ("total", summary.steps, "step" if summary.steps == 1 else "steps"),
        *((status, getattr(summary, status), _LABELS[status]) for status in STATUSES),
    ]
    if unread:
        counts.append(("broken", unread, "not read"))
    items = "".join(f'<li class="count-{cls}"><b>{n}</b>{escape(label)}</li>' for cls, n, label in counts)
    meta = f"mdcheck {report.version} · seed {report.seed} · {summary.seconds:.2f} s"
    return (
        '<header class="summary"><h1>mdcheck report</h1>'
        f'<p class="meta">{escape(meta)}</p><ul class="counts">{items}</ul>'
        f"{_filters(summary)}{_broken_list(report)}{_file_list(report)}</header>"
    )


def _filters(summary: Summary) -> str:
    boxes = "".join(
        f'<label class="{status}"><input type="checkbox" id="show-{status}" checked> '
        f"{_LABELS[status]} ({getattr(summary, status)})</label>"
        for status in STATUSES
    )
    return f'<fieldset class="filters"><legend>Show</legend>{boxes}</fieldset>'


def _broken_list(report: RunReport) -> str:
    items = []
    for f, file in enumerate(report.files):
        for b, block in enumerate(file.blocks):
            for s, step in enumerate(block.steps):
                if step.status == "broken":
                    items.append(
                        f'<li><a href="#{step_id(f, b, s)}">{where(step.path, step.position)}</a> '
                        f'<span class="kind">{escape(kind_title(step.kind))}</span></li>'
                    )
    if not items:
        return '<nav class="broken-list"><h2>No broken steps</h2></nav>'
    return f'<nav class="broken-list"><h2>Broken steps</h2><ol>{"".join(items)}</ol></nav>'


def _file_list(report: RunReport) -> str:
    if len(report.files) < 2:
        return ""
    items = []
    for f, file in enumerate(report.files):
        steps = file.steps
        tally = " · ".join(f"{sum(step.status == status for step in steps)} {status}" for status in STATUSES)
        note = "not read" if file.error is not None else tally
        items.append(f'<li><a href="#file-{f}">{escape(file.path)}</a> <span class="kind">{note}</span></li>')
    return f'<nav class="file-list"><h2>Files</h2><ul>{"".join(items)}</ul></nav>'


def _footer(report: RunReport) -> str:
    return (
        '<footer class="page-foot">Each step was tested on random matrices of consistent shapes. '
        "<b>broken</b>: the sides differ; <b>unchecked</b>: mdcheck could not decide, for the reason "
        f"given; <b>ok</b>: the sides agreed on every draw. mdcheck {escape(report.version)}.</footer>"
    )
