"""The Markdown reader on input that is broken, empty, huge or built to be slow: it reports
what is wrong with a line number, reads the rest, and stays linear."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sources_checks import assert_true_positions, block_texts, spans

from mdcheck.document import Position
from mdcheck.sources import read_document, read_text
from mdcheck.sources.files import MAX_LATEX_BYTES, MAX_NOTE_BYTES


def test_unterminated_dollars_name_their_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("Intro $a$.\n\n$$\nx = y\n\nLater $b$.\n\n$$c = d$$\n\n  $$ e\n", encoding="utf-8")
    document = read_document(str(path))
    assert document.error is None
    assert [problem.position for problem in document.problems] == [Position(3, 1), Position(10, 3)]
    assert all(f"line {p.position.line}" in p.message for p in document.problems if p.position)
    assert block_texts(document) == ["c = d"]
    assert spans(document) == ["a", "b"]
    assert_true_positions(document)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("ok\n\n\\[\na = b\n\nrest $r$\n", 3),
        ("ok\n\n\\begin{align}\na &= b\n\nrest $r$\n", 3),
        ("ok\n\n- item\n  $$\n  a = b\n- next $r$\n", 4),
    ],
    ids=["bracket", "amsmath", "in-list"],
)
def test_other_unclosed_math_is_reported(text: str, line: int) -> None:
    document = read_text(text)
    assert [problem.position.line for problem in document.problems if problem.position] == [line]
    assert spans(document) == ["r"]


def test_unclosed_math_fence_is_reported_and_still_read() -> None:
    document = read_text("Text\n\n```math\na = b\n")
    assert block_texts(document) == ["a = b"]
    assert [problem.position for problem in document.problems] == [Position(3, 1)]


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
def test_empty_file_gives_an_empty_document(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.md"
    path.write_text(content, encoding="utf-8")
    document = read_document(str(path))
    assert (document.error, document.items, document.problems) == (None, (), ())


def test_a_file_over_the_size_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    line = b"Some text with $x$ and more words to fill the line.\n"
    path.write_bytes(line * (10_000_000 // len(line) + 1))
    started = time.process_time()  # CPU time: refused before it is read, whatever the load
    document = read_document(str(path))
    assert time.process_time() - started < 1.0
    assert document.error is not None and "10.0 MB" in document.error
    assert read_text("x" * (MAX_NOTE_BYTES + 1)).error is not None
    assert read_text("x" * (MAX_LATEX_BYTES + 1), "big.tex", "latex").error is not None


# Inputs a careless scan makes quadratic; each is a few thousand lines, which takes a few seconds
# of CPU when reading is linear and minutes when it is not. The bound is on this process's CPU
# time, not the wall clock, so a busy machine does not make it fail (it guards the complexity of
# reading, not its speed: that is measured by benchmarks/bench_repo.py).
SLOW_PATTERNS = {
    "unterminated-dollars": "$$ a\n",
    "unterminated-brackets": "\\[ a\n",
    "unclosed-environments": "\\begin{align}\nx\n",
    "unclosed-parens": "t \\( a ",
    "lone-dollars": "$a ",
    "double-dollars-in-a-paragraph": "w $$ x ",
    "inline-directives": "a <!-- mdcheck: x --> ",
}


@pytest.mark.parametrize("unit", SLOW_PATTERNS.values(), ids=SLOW_PATTERNS.keys())
def test_reading_stays_linear_on_adversarial_input(unit: str) -> None:
    started = time.process_time()
    document = read_text(unit * 8000)
    assert document.error is None
    assert time.process_time() - started < 8.0
