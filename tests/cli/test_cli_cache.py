"""The cache store (atomic entries, damaged entries ignored), cache keys, and the round trip of a
FileReport through bytes."""

from __future__ import annotations

import dataclasses
import math
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdcheck.cache import CACHEDIR_TAG, CacheStore, code_fingerprint, file_key, included_files
from mdcheck.document import Position, Problem
from mdcheck.options import CheckOptions
from mdcheck.verdicts import BlockReport, Counterexample, Evidence, FileReport, StepVerdict
from mdcheck.verdicts_codec import decode_file_report, encode_file_report, schema_fingerprint


def entry_files(root: Path) -> list[Path]:
    return [p for p in (root / "entries").rglob("*") if p.is_file()]


def test_put_then_get_and_the_directory_marks_itself(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c")
    assert store.get("k") is None
    assert store.put("k", b"value")
    assert store.get("k") == b"value"
    assert (tmp_path / "c" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (tmp_path / "c" / "CACHEDIR.TAG").read_text() == CACHEDIR_TAG
    assert CACHEDIR_TAG.startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_a_damaged_entry_reads_as_missing_and_is_replaced(tmp_path: Path) -> None:
    store = CacheStore(tmp_path)
    store.put("k", b'{"a": 1}')
    (entry,) = entry_files(tmp_path)
    entry.write_bytes(entry.read_bytes()[:-3])  # a truncated write
    assert store.get("k") is None
    entry.write_bytes(b"\x00\x01garbage")
    assert store.get("k") is None
    assert store.put("k", b"new") and store.get("k") == b"new"


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    store = CacheStore(tmp_path)
    for i in range(20):
        store.put(f"k{i}", b"x" * i)
    leftovers = [p for p in tmp_path.rglob(".tmp-*")]
    assert leftovers == []
    assert len(entry_files(tmp_path)) == 20


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_an_unwritable_cache_is_not_fatal(tmp_path: Path) -> None:
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        store = CacheStore(tmp_path / "c")
        assert not store.put("k", b"v")
        assert store.get("k") is None
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_a_cache_path_that_is_a_file_is_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "c").write_text("not a directory")
    store = CacheStore(tmp_path / "c")
    assert not store.prepare()
    assert not store.put("k", b"v")
    assert store.get("k") is None


SCHEMA = schema_fingerprint()


DEFAULTS = CheckOptions()


def key(path: str, data: bytes, options: CheckOptions = DEFAULTS, version: str = "1") -> str:
    return file_key(path, data, options, version, SCHEMA)


def test_the_key_changes_with_content_options_version_and_path() -> None:
    base = key("a.md", b"x")
    assert base == key("a.md", b"x")
    others = [
        key("a.md", b"y"),
        key("a.md", b"x", CheckOptions(seed=1)),
        key("a.md", b"x", CheckOptions(trials=4)),
        key("a.md", b"x", CheckOptions(assumptions=("assume A symmetric",))),
        key("a.md", b"x", version="2"),
        key("b.md", b"x"),
    ]
    assert base not in others and len(set(others)) == len(others)


def test_the_key_of_a_tex_file_follows_its_inputs(tmp_path: Path) -> None:
    main = tmp_path / "main.tex"
    data = b"\\input{parts/one}\n\\include{two.tex}\n"
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "one.tex").write_text("\\input{deep}\n")
    (tmp_path / "two.tex").write_text("two\n")
    before = key(str(main), data)
    names = [Path(name).name for name, content in included_files(main, data) if content is not None]
    assert sorted(names) == ["one.tex", "two.tex"]
    (tmp_path / "two.tex").write_text("two changed\n")
    after_two = key(str(main), data)
    assert after_two != before
    (tmp_path / "parts" / "deep.tex").write_text("now it exists\n")  # included from parts/one.tex
    assert key(str(main), data) != after_two


def test_markdown_has_no_inputs(tmp_path: Path) -> None:
    assert included_files(tmp_path / "a.md", b"\\input{x}") == []


def full_report() -> FileReport:
    example = Counterexample(
        sizes=(("n", 2),),
        values=(("A", ((1.0, -2.5), (0.0, 3.0))), ("x", ((1.0,), (2.0,)))),
        lhs=((1.5,),),
        rhs=((-1.5,),),
        rel_error=2.0,
    )
    evidence = Evidence((("n", 3), ("m", 4)), ("A symmetric",), 3, 3, (0.7, math.inf, 1.0), example)
    step = StepVerdict(
        position=Position(4, 9, cell=2),
        path="nb.ipynb",
        block=1,
        relation="=",
        lhs="d(x^T A x)",
        rhs="dx^T A x",
        status="broken",
        kind="broken",
        reason="sign",
        max_rel_error=math.inf,
        reading="f(x) as application",
        meaning=("x.T*A*x", "x.T*A"),
        evidence=evidence,
    )
    unchecked = StepVerdict(
        Position(5, 3), "nb.ipynb", 1, "\\approx", "a", "b", "unchecked", "not-an-identity"
    )
    block = BlockReport(1, "derivation", "a &= b", Position(3, 1, 2), Position(6, 2, 2), (step, unchecked))
    return FileReport(
        "nb.ipynb", (block,), (Problem("unterminated $$", Position(9, 1)), Problem("x")), None, 0.25
    )


def test_a_full_report_survives_the_round_trip() -> None:
    report = full_report()
    decoded = decode_file_report(encode_file_report(report))
    assert decoded == report and hash(decoded) == hash(report)
    assert decoded is not None and decoded.steps[0].evidence == report.steps[0].evidence
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.steps[0].position.line = 3  # type: ignore[misc]


def test_bytes_that_are_not_a_report_decode_to_none() -> None:
    good = encode_file_report(full_report())
    assert decode_file_report(good.replace(b'"status":"broken"', b'"status":"weird"')) is None
    assert decode_file_report(good.replace(b'"line":4', b'"line":"4"')) is None
    assert decode_file_report(good.replace(b'"cell":2', b'"cell":2,"extra":1')) is None
    assert decode_file_report(good[:-10]) is None
    assert decode_file_report(b"[]") is None


finite = st.floats(allow_nan=False)
positions = st.builds(Position, st.integers(1, 10**6), st.integers(1, 10**4), st.none() | st.integers(1, 500))
values = st.lists(st.lists(finite, min_size=1, max_size=3).map(tuple), max_size=3).map(tuple)
sizes = st.lists(st.tuples(st.text(max_size=3), st.integers(1, 9)), max_size=3).map(tuple)
examples = st.builds(
    Counterexample,
    sizes,
    st.lists(st.tuples(st.text(max_size=3), values), max_size=2).map(tuple),
    values,
    values,
    finite,
)
evidences = st.builds(
    Evidence,
    sizes,
    st.lists(st.text(max_size=8), max_size=2).map(tuple),
    st.integers(0, 9),
    st.integers(0, 9),
    st.lists(finite, max_size=3).map(tuple),
    st.none() | examples,
    st.lists(st.tuples(st.text(max_size=3), st.text(max_size=5)), max_size=2).map(tuple),
)
steps = st.builds(
    StepVerdict,
    position=positions,
    path=st.text(max_size=8),
    block=st.integers(1, 50),
    relation=st.sampled_from(["=", "\\approx", "\\le"]),
    lhs=st.text(max_size=12),
    rhs=st.text(max_size=12),
    status=st.sampled_from(["ok", "broken", "unchecked"]),
    kind=st.text(max_size=12),
    reason=st.text(max_size=12),
    max_rel_error=st.none() | finite,
    reading=st.text(max_size=8),
    meaning=st.tuples(st.text(max_size=8), st.text(max_size=8)),
    evidence=st.none() | evidences,
)
blocks = st.builds(
    BlockReport,
    st.integers(1, 50),
    st.sampled_from(["display", "derivation", "inline"]),
    st.text(max_size=12),
    positions,
    st.none() | positions,
    st.lists(steps, max_size=3).map(tuple),
)
reports = st.builds(
    FileReport,
    st.text(min_size=1, max_size=10),
    st.lists(blocks, max_size=3).map(tuple),
    st.lists(st.builds(Problem, st.text(max_size=10), st.none() | positions), max_size=2).map(tuple),
    st.none() | st.text(max_size=10),
    st.floats(0, 100),
)


@settings(max_examples=60, deadline=None)
@given(reports)
def test_any_report_survives_the_round_trip(report: FileReport) -> None:
    assert decode_file_report(encode_file_report(report)) == report


def test_the_code_fingerprint_follows_the_package_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    module = tmp_path / "sub" / "engine.py"
    module.write_text("X = 1\n")
    (tmp_path / "notes.txt").write_text("not code")
    before = code_fingerprint(tmp_path)
    (tmp_path / "notes.txt").write_text("still not code")
    assert code_fingerprint(tmp_path) == before
    module.write_text("X = 22\n")
    assert code_fingerprint(tmp_path) != before
