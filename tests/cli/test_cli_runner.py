"""The runner: order kept, a raising or dying check confined to its file, the pool only for more than
one job, cached results not checked again."""

from __future__ import annotations

import concurrent.futures
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_fakes import fake_check

from mdcheck.cache import CacheStore
from mdcheck.options import CheckOptions
from mdcheck.runner import WORKER_DIED, run_files
from mdcheck.verdicts import FileReport

OPTIONS = CheckOptions()


def notes(tmp_path: Path, texts: list[str]) -> list[str]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"n{i:03d}.md"
        path.write_text(text)
        paths.append(str(path))
    return paths


class Counting:
    """Remembers which files it checked (in-process only)."""

    def __init__(self) -> None:
        self.checked: list[str] = []

    def __call__(self, path: str, options: CheckOptions) -> FileReport:
        self.checked.append(Path(path).name)
        return fake_check(path, options)


class Progress:
    def __init__(self) -> None:
        self.to_check: int | None = None
        self.advanced = 0

    def start(self, to_check: int) -> None:
        self.to_check = to_check

    def advance(self) -> None:
        self.advanced += 1


def test_the_pool_keeps_the_input_order(tmp_path: Path) -> None:
    texts = [("ok: a = a\n" * (i % 5)) + ("broken: b = c\n" if i % 3 == 0 else "") for i in range(24)]
    paths = notes(tmp_path, texts)
    reports = run_files(paths, OPTIONS, check=fake_check, jobs=4)
    assert [r.path for r in reports] == paths
    assert [len(r.steps) for r in reports] == [t.count("\n") for t in texts]


def test_a_check_that_raises_gives_that_file_an_error(tmp_path: Path) -> None:
    paths = notes(tmp_path, ["ok: a = a\n", "raise\n", "broken: b = c\n"])
    for jobs in (1, 2):
        reports = run_files(paths, OPTIONS, check=fake_check, jobs=jobs)
        assert [r.error is not None for r in reports] == [False, True, False]
        assert "RuntimeError" in (reports[1].error or "")


def test_a_worker_that_dies_gives_only_its_file_an_error(tmp_path: Path) -> None:
    paths = notes(tmp_path, ["ok: a = a\n"] * 3 + ["die\n"] + ["broken: b = c\n"] * 4)
    reports = run_files(paths, OPTIONS, check=fake_check, jobs=2)
    assert [r.error for r in reports] == [None] * 3 + [WORKER_DIED] + [None] * 4
    assert [len(r.steps) for r in reports] == [1, 1, 1, 0, 1, 1, 1, 1]


def test_one_job_uses_no_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was made")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    paths = notes(tmp_path, ["ok: a = a\n"] * 5)
    counting = Counting()
    reports = run_files(paths, OPTIONS, check=counting, jobs=1)
    assert counting.checked == [Path(p).name for p in paths]
    assert all(r.error is None for r in reports)


def test_many_jobs_do_use_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = []

    class Recording(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int) -> None:
            made.append(max_workers)
            super().__init__(max_workers)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
    run_files(notes(tmp_path, ["ok: a = a\n"] * 5), OPTIONS, check=fake_check, jobs=3)
    assert made == [3]


def test_cached_files_are_not_checked_again(tmp_path: Path) -> None:
    paths = notes(tmp_path, ["ok: a = a\n", "broken: b = c\n", "unchecked/condition: d = 0\n"])
    store = CacheStore(tmp_path / "cache")
    first, second = Counting(), Counting()
    progress = Progress()
    cold = run_files(paths, OPTIONS, check=first, cache=store)
    warm = run_files(paths, OPTIONS, check=second, cache=store, progress=progress)
    assert len(first.checked) == 3 and second.checked == []
    assert (progress.to_check, progress.advanced) == (0, 0)
    assert warm == cold


def test_a_changed_file_or_option_is_checked_again(tmp_path: Path) -> None:
    paths = notes(tmp_path, ["ok: a = a\n", "broken: b = c\n"])
    store = CacheStore(tmp_path / "cache")
    run_files(paths, OPTIONS, check=fake_check, cache=store)
    Path(paths[1]).write_text("ok: b = b\n")
    again = Counting()
    reports = run_files(paths, OPTIONS, check=again, cache=store)
    assert again.checked == ["n001.md"] and reports[1].steps[0].status == "ok"
    other = Counting()
    run_files(paths, CheckOptions(seed=5), check=other, cache=store)
    assert other.checked == ["n000.md", "n001.md"]


def test_file_errors_are_not_cached(tmp_path: Path) -> None:
    paths = notes(tmp_path, ["raise\n"])
    store = CacheStore(tmp_path / "cache")
    run_files(paths, OPTIONS, check=fake_check, cache=store)
    again = Counting()
    run_files(paths, OPTIONS, check=again, cache=store)
    assert again.checked == ["n000.md"]


def test_a_damaged_cache_entry_is_checked_again_and_rewritten(tmp_path: Path) -> None:
    paths = notes(tmp_path, ["broken: b = c\n"])
    store = CacheStore(tmp_path / "cache")
    cold = run_files(paths, OPTIONS, check=fake_check, cache=store)
    for entry in (tmp_path / "cache" / "entries").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:20])
    again = Counting()
    (rechecked,) = run_files(paths, OPTIONS, check=again, cache=store)
    assert rechecked.steps == cold[0].steps
    assert again.checked == ["n000.md"]
    third = Counting()
    run_files(paths, OPTIONS, check=third, cache=store)
    assert third.checked == []


def test_progress_is_told_how_many_files_need_checking(tmp_path: Path) -> None:
    paths = notes(tmp_path, ["ok: a = a\n"] * 4)
    progress = Progress()
    run_files(paths, OPTIONS, check=fake_check, jobs=2, progress=progress)
    assert (progress.to_check, progress.advanced) == (4, 4)


KILLED_RUN = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from cli_fakes import fake_check
from mdcheck.cache import CacheStore
from mdcheck.options import CheckOptions
from mdcheck.runner import run_files
run_files(sys.argv[3:], CheckOptions(), check=fake_check, cache=CacheStore(Path(sys.argv[2])))
"""


def test_a_run_killed_midway_leaves_only_whole_entries(tmp_path: Path) -> None:
    paths = notes(tmp_path, [f"sleep 0.02\nok: a = a\nbroken: b{i} = c\n" for i in range(60)])
    cache_dir = tmp_path / "cache"
    command = [sys.executable, "-c", KILLED_RUN, str(Path(__file__).parent), str(cache_dir), *paths]
    process = subprocess.Popen(command)
    deadline = time.monotonic() + 20
    while len(entries(cache_dir)) < 10 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = len(entries(cache_dir))
    assert 10 <= written < 60
    again = Counting()
    reports = run_files(paths, OPTIONS, check=again, cache=CacheStore(cache_dir))
    assert len(again.checked) == 60 - written  # every entry left behind was whole and was used
    assert [r.steps[1].lhs for r in reports] == [f"b{i}" for i in range(60)]


def entries(cache_dir: Path) -> list[Path]:
    root = cache_dir / "entries"
    return (
        [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")]
        if root.exists()
        else []
    )
