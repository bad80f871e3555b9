"""The HTML report in a real browser: Debian's Chromium driven by playwright, with every request but
the report file itself refused. Math is laid out, the broken step shows and stands out, the filters
hide and show the right steps, the page fits a phone, and the note's <script> never runs.
Screenshots (light, dark, phone) are saved under test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from report_samples import build_run

from mdcheck.report import ReportOptions
from mdcheck.report.html import write

CHROMIUM = os.environ.get("MDCHECK_CHROMIUM", "/usr/bin/chromium")
# As this machine needs them: no sandbox (root), no GPU, nothing fetched in the background.
# playwright itself starts Chromium headless with a new, empty --user-data-dir each launch.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Visit:
    """One page load and everything the page tried to do."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run scripts/install-browser (as root) to install "
            "Debian's chromium for the browser tests",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "playwright is not installed: pip install -e '.[test]', then run scripts/install-browser",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    write(build_run(), ReportOptions(), str(path))
    return path


def visit(browser: Any, path: Path, scheme: str = "light", viewport: dict[str, int] = DESKTOP) -> Visit:
    context = browser.new_context(viewport=viewport, color_scheme=scheme, offline=True)
    page = context.new_page()
    seen = Visit(page, path.as_uri())

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url == seen.url:
            request_route.continue_()
        else:
            seen.refused.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: _console(seen, message))
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on("dialog", lambda dialog: _dialog(seen, dialog))
    page.goto(seen.url, wait_until="load")
    return seen


def _dialog(seen: Visit, dialog: Any) -> None:
    seen.dialogs.append(dialog.message)
    dialog.dismiss()


def _console(seen: Visit, message: Any) -> None:
    if message.type in ("error", "warning"):
        seen.console_errors.append(f"{message.type}: {message.text}")


@pytest.fixture(scope="module")
def light(browser: Any, report_file: Path) -> Iterator[Visit]:
    seen = visit(browser, report_file)
    yield seen
    seen.page.context.close()


def box(element: Any) -> dict[str, float]:
    found = element.bounding_box()
    assert found is not None, "element is not laid out"
    return found


def test_the_page_loads_alone_without_errors(light: Visit) -> None:
    assert light.requests == [light.url]
    assert light.refused == []
    assert light.console_errors == [] and light.page_errors == []


def test_the_harness_sees_and_refuses_any_other_request(browser: Any, tmp_path: Path) -> None:
    """The check above could not fail if requests went unseen: a page that asks for an image and a
    stylesheet must show both refused, and load neither."""
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<!DOCTYPE html><link rel="stylesheet" href="https://cdn.invalid/x.css">'
        '<img src="http://example.invalid/x.png"><p>probe</p>',
        encoding="utf-8",
    )
    seen = visit(browser, probe)
    assert sorted(seen.refused) == ["http://example.invalid/x.png", "https://cdn.invalid/x.css"]
    seen.page.context.close()


def test_the_injected_script_never_ran(light: Visit) -> None:
    assert light.page.evaluate("typeof window.__pwned") == "undefined"
    assert light.dialogs == []
    assert light.page.locator("script").count() == 0
    assert "<script>window.__pwned" in light.page.inner_text("body")  # shown, as text


def test_math_is_rendered_and_laid_out(light: Visit) -> None:
    page = light.page
    displays = page.locator("math[display=block]")
    assert displays.count() == sum(len(f.blocks) for f in build_run().files)
    for i in range(displays.count()):
        size = box(displays.nth(i))
        assert size["width"] > 0 and size["height"] > 0
    assert page.evaluate("getComputedStyle(document.querySelector('math')).display").endswith("math")
    rows = page.locator("#block-0-0 .math-display mtr")
    assert rows.count() == 2
    first, second = box(rows.nth(0)), box(rows.nth(1))
    assert second["y"] >= first["y"] + first["height"] * 0.8  # the aligned rows stack, one per line


def test_aligned_rows_line_up_at_the_relation_sign(light: Visit) -> None:
    # The LaTeX note's align: rows of different widths, so centred cells would not line up.
    signs = light.page.eval_on_selector_all(
        "#block-1-0 .math-display mtr",
        "rows => rows.map(r => [...r.querySelectorAll('mo')].find(o => o.textContent === '=')"
        ".getBoundingClientRect().left)",
    )
    widths = light.page.eval_on_selector_all(
        "#block-1-0 .math-display mtr > mtd:first-child > *",
        "cells => cells.map(c => c.getBoundingClientRect().width)",
    )
    assert len(signs) == 2 and abs(signs[0] - signs[1]) < 1
    assert abs(widths[0] - widths[1]) > 5  # the left sides differ in width, yet the signs align


def test_the_broken_step_is_visible_and_highlighted(light: Visit) -> None:
    page = light.page
    broken = page.locator(".step.broken").first
    assert broken.is_visible()
    style = broken.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.backgroundColor, s.borderLeftColor, s.borderLeftWidth] }"
    )
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    ok_border = page.locator(".step.ok").first.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert style[0] != body and style[1] != ok_border and float(style[2].rstrip("px")) >= 3
    assert page.locator(".step.broken .counterexample math").count() >= 6  # 4 values and both sides


def test_the_filters_hide_and_show_the_right_steps(browser: Any, report_file: Path) -> None:
    seen = visit(browser, report_file)
    page = seen.page

    def shown(selector: str) -> int:
        return int(page.eval_on_selector_all(selector, "all => all.filter(e => e.checkVisibility()).length"))

    total = {status: page.locator(f".step.{status}").count() for status in ("broken", "unchecked", "ok")}
    assert {status: shown(f".step.{status}") for status in total} == total
    page.click("label.ok")
    assert shown(".step.ok") == 0 and shown(".step.broken") == total["broken"]
    assert not page.locator("#block-0-1").is_visible()  # a derivation whose steps all held
    page.click("label.broken")
    assert shown(".step.broken") == 0 and shown(".step.unchecked") == total["unchecked"]
    assert not page.locator("#block-0-0").is_visible()  # ok and broken steps only
    page.click("label.ok")
    page.click("label.broken")
    assert {status: shown(f".step.{status}") for status in total} == total
    page.click("label.unchecked")
    assert shown(".step.unchecked") == 0 and page.locator("#block-0-2").is_visible() is False
    seen.page.context.close()


@pytest.mark.parametrize(("scheme", "viewport", "name"), [
    ("light", DESKTOP, "report-light.png"),
    ("dark", DESKTOP, "report-dark.png"),
    ("light", PHONE, "report-phone-light.png"),
    ("dark", PHONE, "report-phone-dark.png"),
])  # fmt: skip
def test_light_dark_and_phone_screenshots(
    browser: Any, report_file: Path, scheme: str, viewport: dict[str, int], name: str
) -> None:
    seen = visit(browser, report_file, scheme, viewport)
    page = seen.page
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(x) for x in background[background.index("(") + 1 : -1].split(",")[:3])
    assert (red + green + blue < 150) == (scheme == "dark")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {viewport['width']}px screen"
    assert seen.console_errors == [] and seen.refused == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert (ARTIFACTS / name).stat().st_size > 10_000
    seen.page.context.close()


def test_the_samples_report_made_by_the_command_line(browser: Any, tmp_path: Path) -> None:
    """The report of the real samples, made by `mdcheck --format html`: every deliberate mistake is
    shown broken with a counterexample, every derivation is rendered math, nothing else is loaded,
    and the broken filter hides them. The screenshot is kept for a person to look at."""
    from mdcheck.cli import main

    samples = Path(__file__).resolve().parents[2] / "samples"
    out = tmp_path / "samples.html"
    assert main(["--format", "html", "--no-cache", "--jobs", "1", "-o", str(out), str(samples)]) == 1
    seen = visit(browser, out)
    page = seen.page
    assert seen.requests == [seen.url] and seen.console_errors == [] and seen.page_errors == []
    broken = page.locator(".step.broken")
    assert broken.count() == 5
    for i in range(broken.count()):
        assert broken.nth(i).is_visible()
        assert broken.nth(i).locator(".counterexample math").count() >= 3
    displays = page.locator("math[display=block]")
    assert displays.count() >= 20
    for i in range(displays.count()):
        size = box(displays.nth(i))
        assert size["width"] > 0 and size["height"] > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "samples-report.png"), full_page=True)
    page.click("label.broken")
    assert (
        int(page.eval_on_selector_all(".step.broken", "all => all.filter(e => e.checkVisibility()).length"))
        == 0
    )
    seen.page.context.close()
