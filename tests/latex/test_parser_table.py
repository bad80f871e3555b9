"""The parser table: LaTeX snippets as real notes write them, parsed and lowered with an empty
environment, against the meaning written by hand in parser_cases.md (or the error and its offset)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from latex_fixtures import FixtureCase, as_params, read_cases, tree

from mdcheck.latex.parser import parse
from mdcheck.semantics.env import Environment
from mdcheck.semantics.lower import Lowerer, LowerError, Reading
from mdcheck.semantics.show import show

CASES = read_cases(Path(__file__).with_name("parser_cases.md"))
LOWER_KINDS = ("unsupported", "unknown-meaning")
FAILURE = re.compile(r"^(?P<kind>error|unsupported|unknown-meaning): (?P<fragment>.+) @ (?P<offset>\d+)$")


def reading_line(reading: Reading) -> str:
    """`show | notes` for a `reading:` line."""
    expr, notes = reading
    return f"{show(expr)} | {'; '.join(notes)}".rstrip()


def check_failure(case: FixtureCase, line: str) -> None:
    match = FAILURE.match(line)
    assert match, f"malformed failure line {line!r}"
    kind, fragment, offset = match["kind"], match["fragment"], int(match["offset"])
    result = parse(case.source, differentials="nodiff" not in case.tags)
    if kind == "error":
        assert result.node is None, f"parsed, expected {line!r}"
        got_error = f"{result.error} @ {result.offset}"
        assert fragment in result.error and result.offset == offset, f"got {got_error!r}"
        return
    assert result.node is not None, f"parse error {result.error!r} @ {result.offset}"
    with pytest.raises(LowerError) as caught:
        Lowerer(Environment()).readings(result.node)
    got = caught.value
    got_error = f"{got.kind}: {got.message} @ {got.offset}"
    assert got.kind == kind and fragment in got.message and got.offset == offset, f"got {got_error!r}"


@pytest.mark.parametrize("case", as_params(CASES))
def test_parser_case(case: FixtureCase) -> None:
    shown = [x for x in case.expected if not x.startswith(("ast: ", "reading: "))]
    trees = [x.removeprefix("ast: ") for x in case.expected if x.startswith("ast: ")]
    readings = [x.removeprefix("reading: ") for x in case.expected if x.startswith("reading: ")]
    assert len(shown) <= 1 and (shown or trees), "a case expects one meaning, a failure, or a tree"
    if shown and FAILURE.match(shown[0]):
        check_failure(case, shown[0])
        return
    result = parse(case.source, differentials="nodiff" not in case.tags)
    assert result.node is not None, f"parse error {result.error!r} @ {result.offset}"
    if trees:
        assert tree(result.node) == trees[0]
    if not shown:
        return
    got = Lowerer(Environment()).readings(result.node)
    assert got, "no reading"
    assert show(got[0][0]) == shown[0]
    if readings:
        assert [reading_line(r) for r in got] == readings


def test_table_is_large_and_varied() -> None:
    """The issue asks for at least 150 snippets, a dozen of them failures."""
    failures = [c for c in CASES if c.expected and c.expected[0].startswith("error: ")]
    assert len(CASES) >= 170
    assert len(failures) >= 12
    assert len({(c.source, c.tags) for c in CASES}) == len(CASES), "duplicate inputs"
