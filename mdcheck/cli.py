"""The `mdcheck` command: options and configuration in, a report out, an exit status back
(0 nothing broken, 1 a broken step, 2 a usage or I/O error). `main(argv)` never exits."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any, TextIO

import click

from mdcheck import __version__
from mdcheck.cache import DEFAULT_CACHE_DIR, CacheStore, write_atomically
from mdcheck.config import Config, ConfigError, load_config
from mdcheck.report import FORMATS, ReportOptions, render_report, run_fails
from mdcheck.runner import CheckFunction, check_path, run_files
from mdcheck.verdicts import RunReport

EXIT_OK, EXIT_BROKEN, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
PROGRESS_MIN_FILES = 10
DiscoverFunction = Callable[[list[str], list[str], list[str]], Any]


@dataclass(frozen=True)
class Flags:
    """The command-line options, as given (None: not given)."""

    paths: tuple[str, ...]
    fmt: str
    output: str | None
    seed: int | None
    trials: int | None
    show_ok: bool
    show_unchecked: bool
    quiet: bool
    stats: bool
    jobs: int | None
    no_cache: bool
    cache_dir: str | None
    config: str | None


def wants_color(stream: TextIO, env: Mapping[str, str]) -> bool:
    """Colour on a terminal; any non-empty NO_COLOR turns it off, else any non-empty FORCE_COLOR on."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def default_jobs() -> int:
    """All the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _error(message: str) -> None:
    click.echo(f"mdcheck: error: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"mdcheck: warning: {message}", err=True)


def discover_notes(paths: list[str], include: list[str], exclude: list[str]) -> Any:
    """The sources' discovery of the note files under `paths`, imported when needed."""
    from mdcheck.sources.discovery import discover

    return discover(paths, include, exclude)


@dataclass(frozen=True)
class Collaborators:
    """What the command calls to find notes and to check one file (tests pass fakes)."""

    check: CheckFunction = check_path
    discover: DiscoverFunction = discover_notes


def find_notes(paths: Sequence[str], config: Config, discover: DiscoverFunction) -> list[str]:
    """The note files under `paths`, in the order discovery gives them; what it could not search
    (a folder without notes, an unreadable folder) is said on stderr."""
    found: Any = discover(list(paths), list(config.include), list(config.exclude))
    for problem in getattr(found, "problems", ()):
        _warn(f"{problem.path}: {problem.message}")
    files: Iterable[Any] = getattr(found, "files", found)
    return [str(path) for path in files]


def cache_for(flags: Flags, config: Config) -> CacheStore | None:
    """The cache this run reads and writes, or None (`--no-cache`, or a directory that can't be made)."""
    if flags.no_cache:
        return None
    if flags.cache_dir is not None:
        root = Path(flags.cache_dir)
    elif config.cache_dir is not None:
        root = Path(config.cache_dir)
    elif config.source is not None:
        root = Path(config.source).parent / DEFAULT_CACHE_DIR
    else:
        root = Path(DEFAULT_CACHE_DIR)
    store = CacheStore(root)
    if not store.prepare():
        _warn(f"cannot create the cache directory {root}; running without a cache")
        return None
    return store


class _ProgressBar:
    """A progress bar on stderr, only when it is a terminal and many files need checking."""

    def __init__(self, enabled: bool) -> None:
        self._enabled = enabled
        self._stack = contextlib.ExitStack()
        self._bar: Any = None

    def start(self, to_check: int) -> None:
        if self._enabled and to_check >= PROGRESS_MIN_FILES:
            bar = click.progressbar(length=to_check, label="checking", file=sys.stderr)
            self._bar = self._stack.enter_context(bar)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        self._stack.close()


def _output_problem(output: str | None) -> str | None:
    """Why the report cannot be written to `output` (checked before the run), or None."""
    if output is None:
        return None
    target = Path(output)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        return f"cannot write the report to {output}: it is a directory"
    if not parent.is_dir():
        return f"cannot write the report to {output}: no directory {parent}"
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return f"cannot write the report to {output}: permission denied"
    return None


def _missing_paths(paths: Sequence[str]) -> list[str]:
    return [path for path in paths if not os.path.lexists(path)]


def _report_options(flags: Flags, config: Config, color: bool) -> ReportOptions:
    return ReportOptions(
        show_ok=flags.show_ok,
        show_unchecked=flags.show_unchecked,
        quiet=flags.quiet,
        color=color,
        stats=flags.stats,
        output=flags.output,
        fail_on_unchecked=config.fail_on_unchecked,
    )


def _write(text: str, output: str | None, fmt: str) -> str | None:
    """Write the rendered report to stdout or to the file `output`; the error message, if any."""
    if output is None or fmt == "annotated":
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    try:
        _write_file(Path(output), text)
    except OSError as err:
        return f"cannot write the report to {output}: {err.strerror or err}"
    return None


def _write_file(path: Path, text: str) -> None:
    """A regular file is replaced at once (a temporary file renamed over it), so an interrupted run
    never leaves half a report; anything else (/dev/stdout, a pipe) is written to as it is."""
    if path.exists() and not path.is_file():
        with path.open("w", encoding="utf-8") as fh:
            fh.write(text)
        return
    write_atomically(path, text.encode("utf-8"))


def run(flags: Flags, using: Collaborators, cwd: Path | None = None) -> int:
    """One whole run of the command, from flags to exit status."""
    config = load_config(flags.config, cwd or Path.cwd())
    if isinstance(config, ConfigError):
        _error(config.message)
        return EXIT_ERROR
    config = config.overridden(seed=flags.seed, trials=flags.trials, jobs=flags.jobs)
    problem = _output_problem(flags.output if flags.fmt != "annotated" else None)
    if problem is not None:
        _error(problem)
        return EXIT_ERROR
    paths = flags.paths or (".",)
    missing = _missing_paths(paths)
    for path in missing:
        _error(f"{path}: no such file or directory")
    existing = [path for path in paths if path not in missing]
    notes = find_notes(existing, config, using.discover) if existing else []
    report = _check_all(notes, flags, config, using.check)
    color = flags.output is None and wants_color(sys.stdout, os.environ)
    options = _report_options(flags, config, color)
    failure = _write(render_report(report, flags.fmt, options), flags.output, flags.fmt)
    if failure is not None:
        _error(failure)
    if missing or failure is not None or any(file.error is not None for file in report.files):
        return EXIT_ERROR
    return EXIT_BROKEN if run_fails(report, config.fail_on_unchecked) else EXIT_OK


def _check_all(notes: list[str], flags: Flags, config: Config, check: CheckFunction) -> RunReport:
    start = perf_counter()
    progress = _ProgressBar(enabled=is_terminal(sys.stderr) and not flags.quiet)
    try:
        files = run_files(
            notes,
            config.check_options(),
            check=check,
            jobs=config.jobs or default_jobs(),
            cache=cache_for(flags, config),
            progress=progress,
        )
    finally:
        progress.close()
    return RunReport(version=__version__, seed=config.seed, files=files, seconds=perf_counter() - start)


@click.command(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit status: 0 nothing broken, 1 a broken step, 2 a usage or I/O error.",
)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format."
)
@click.option(
    "-o", "--output", metavar="FILE", help="Write the report to this file (for annotated: this directory)."
)
@click.option("--seed", type=int, metavar="N", help="Seed of the random draws (default 0).")
@click.option("--trials", type=click.IntRange(min=1), metavar="N", help="Random draws per step (default 3).")
@click.option("--show-ok", is_flag=True, help="Also list the steps that hold.")
@click.option("--show-unchecked", is_flag=True, help="Also list the steps that could not be decided.")
@click.option("-q", "--quiet", is_flag=True, help="Only the broken steps (and files that could not be read).")
@click.option("--stats", is_flag=True, help="Count the unchecked steps by kind and reason.")
@click.option(
    "--jobs", type=click.IntRange(min=1), metavar="N", help="Files checked at once (default: all cores)."
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", metavar="DIR", help="Where the result cache lives (default .mdcheck_cache).")
@click.option(
    "--config",
    metavar="FILE",
    help="Configuration file (default: the nearest .mdcheck.toml or pyproject.toml).",
)
@click.version_option(__version__, "--version", prog_name="mdcheck", message="%(prog)s %(version)s")
@click.pass_context
def command(context: click.Context, **given: Any) -> int:
    """Find the broken steps in the matrix-calculus derivations of Markdown, LaTeX and notebook notes.

    PATHS are note files or directories (searched recursively); none means the current directory.
    """
    flags = Flags(**{**given, "paths": tuple(given["paths"])})
    return run(flags, context.obj or Collaborators())


def main(argv: list[str] | None = None, *, using: Collaborators | None = None) -> int:
    """Run the command with `argv` (default: sys.argv[1:]) and return its exit status. `using`
    replaces how notes are found and checked (tests pass fakes)."""
    try:
        result = command.main(args=argv, prog_name="mdcheck", standalone_mode=False, obj=using)
    except click.exceptions.ClickException as err:
        err.show()
        return err.exit_code
    except click.exceptions.Abort:
        click.echo("mdcheck: interrupted", err=True)
        return EXIT_INTERRUPTED
    return result if isinstance(result, int) else EXIT_OK
