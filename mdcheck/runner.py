"""Check many files: cached results first, then the rest in a process pool (or in this process for one
job), results in the order given. A file whose check raises or kills its worker gets an `error`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Protocol

from mdcheck import __version__
from mdcheck.cache import CacheStore, code_fingerprint, file_key
from mdcheck.options import CheckOptions
from mdcheck.verdicts import FileReport
from mdcheck.verdicts_codec import decode_file_report, encode_file_report, schema_fingerprint

if TYPE_CHECKING:
    from concurrent.futures import Future

# Process pools are imported only when a run needs one: a cached run should start fast.
CheckFunction = Callable[[str, CheckOptions], FileReport]
WORKER_DIED = (
    "the worker process checking this file died (mdcheck bug or out of memory); other files were checked"
)


class Progress(Protocol):
    """Told how many files need checking (after the cache), then once per file checked."""

    def start(self, to_check: int) -> None: ...

    def advance(self) -> None: ...


def check_path(path: str, options: CheckOptions) -> FileReport:
    """The real check of one file. The engine is imported here, only when a file needs checking."""
    from mdcheck.api import check_file

    return check_file(path, options=options)


def checked_safely(check: CheckFunction, path: str, options: CheckOptions) -> FileReport:
    """`check(path, options)`, timed; an exception becomes the file's error instead of ending the run."""
    start = perf_counter()
    try:
        report = check(path, options)
    except Exception as err:
        message = f"internal error while checking this file: {type(err).__name__}: {err}"
        return FileReport(path=path, error=message, seconds=perf_counter() - start)
    return dataclasses.replace(report, seconds=perf_counter() - start)


@dataclasses.dataclass
class _Batch:
    """The files of one run, their cache keys and the reports gathered so far."""

    paths: Sequence[str]
    options: CheckOptions
    cache: CacheStore | None
    progress: Progress | None
    keys: dict[int, str] = dataclasses.field(default_factory=dict)
    reports: dict[int, FileReport] = dataclasses.field(default_factory=dict)

    def finish(self, index: int, report: FileReport) -> None:
        self.reports[index] = report
        key = self.keys.get(index)
        if self.cache is not None and key is not None and report.error is None:
            self.cache.put(key, encode_file_report(report))
        if self.progress is not None:
            self.progress.advance()


def run_files(
    paths: Sequence[str],
    options: CheckOptions,
    *,
    check: CheckFunction = check_path,
    jobs: int = 1,
    cache: CacheStore | None = None,
    progress: Progress | None = None,
) -> tuple[FileReport, ...]:
    """Check every file of `paths` and return their reports in the same order."""
    batch = _Batch(paths, options, cache, progress)
    to_check = _take_cached(batch)
    if progress is not None:
        progress.start(len(to_check))
    if jobs <= 1 or len(to_check) <= 1:
        for index in to_check:
            batch.finish(index, checked_safely(check, paths[index], options))
    else:
        _warm_up(check)
        unfinished = _check_in_pool(batch, to_check, check, jobs)
        for index in unfinished:
            batch.finish(index, _check_in_own_process(check, paths[index], options))
    return tuple(batch.reports[index] for index in range(len(paths)))


def _take_cached(batch: _Batch) -> list[int]:
    """Fill in the reports found in the cache; return the indices still to check."""
    if batch.cache is None:
        return list(range(len(batch.paths)))
    version = f"{__version__}+{code_fingerprint(Path(__file__).parent)}"
    schema = schema_fingerprint()
    to_check = []
    for index, path in enumerate(batch.paths):
        try:
            data = Path(path).read_bytes()
        except OSError:
            to_check.append(index)  # the checker reports why it cannot be read
            continue
        key = file_key(path, data, batch.options, version, schema)
        stored = batch.cache.get(key)
        report = decode_file_report(stored) if stored is not None else None
        if report is None or report.path != path:
            batch.keys[index] = key
            to_check.append(index)
        else:
            batch.reports[index] = report
    return to_check


def _warm_up(check: CheckFunction) -> None:
    """Import the engine once here, so forked workers start with it loaded."""
    import multiprocessing

    if check is check_path and multiprocessing.get_start_method() == "fork":
        import mdcheck.api  # noqa: F401


def _check_in_pool(batch: _Batch, to_check: list[int], check: CheckFunction, jobs: int) -> list[int]:
    """Check the files in a pool of `jobs` processes; return those left unchecked because a worker
    died (the pool is then unusable and cannot say which file killed it)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(max_workers=min(jobs, len(to_check)))
    futures: dict[Future[FileReport], int] = {}
    unfinished: list[int] = []
    try:
        for index in to_check:
            futures[executor.submit(checked_safely, check, batch.paths[index], batch.options)] = index
        for future in as_completed(futures):
            try:
                report = future.result()
            except BrokenProcessPool:
                unfinished.append(futures[future])
                continue
            except Exception as err:  # e.g. a result that could not be pickled back
                path = batch.paths[futures[future]]
                report = FileReport(path=path, error=f"internal error while checking this file: {err!r}")
            batch.finish(futures[future], report)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return sorted(unfinished)


def _check_in_own_process(check: CheckFunction, path: str, options: CheckOptions) -> FileReport:
    """Check one file in a fresh process of its own, so a file that kills its worker is found out."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as executor:
        future = executor.submit(checked_safely, check, path, options)
        try:
            return future.result()
        except BrokenProcessPool:
            return FileReport(path=path, error=WORKER_DIED)
