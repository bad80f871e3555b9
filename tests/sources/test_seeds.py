"""The Markdown reader on the three real tutorials in ../shared/seeds (converted from PDF, with
all their mess): every display block and inline math span, at true positions. The counts were
checked by hand and against an independent line-by-line extraction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sources_checks import assert_true_positions, blocks, spans

from mdcheck.sources import read_document

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# file name: (display blocks, inline math spans)
EXPECTED = {
    # One-line and multi-line $$ blocks, \begin{aligned} inside $$, a tab-separated table,
    # an indented-code table header, inline code holding a $.
    "000_a8e1d794850b0047.txt": (72, 376),
    # \$50 as a price, $ inside **emphasis**, a ``` block (no language) holding \begin{aligned}
    # that must be ignored, tab-separated tables, HTML tags.
    "001_bf1e108c2ba8977b.txt": (32, 647),
    # Many consecutive one-line $$ blocks, three $$ blocks right after a "•" line (no blank
    # line), equation numbers on the line after, lines starting with a space or a tab; and
    # "If A is an N-dimensional tensor", a bare symbol in a sentence with a property word.
    "002_9884fb3b2977c8bf.txt": (436, 183),
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed notes at {SEEDS} (they live outside the repository)")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_block_and_span_of_a_seed(name: str) -> None:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {name} is not in {SEEDS}")
    document = read_document(str(path))
    assert document.error is None
    assert document.problems == ()
    assert (len(blocks(document)), len(spans(document))) == EXPECTED[name]
    assert all(text.strip() and "$" not in text for text in spans(document))
    assert assert_true_positions(document) > 1000
