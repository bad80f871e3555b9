"""The project configuration: `[tool.mdcheck]` in pyproject.toml or a `.mdcheck.toml`, found from the
current directory upwards, validated into a `Config`; bad files and keys become a `ConfigError`."""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from mdcheck.options import CheckOptions, Layout

MDCHECK_TOML = ".mdcheck.toml"
PYPROJECT = "pyproject.toml"
_DEFAULTS = CheckOptions()


@dataclass(frozen=True)
class Config:
    """Everything a run can be configured with. `source` is the file it came from (None: defaults);
    `cache_dir` is resolved against that file's directory."""

    source: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    layout: Layout = _DEFAULTS.layout
    trials: int = _DEFAULTS.trials
    tolerance: float = _DEFAULTS.tolerance
    seed: int = _DEFAULTS.seed
    assumptions: tuple[str, ...] = _DEFAULTS.assumptions
    fail_on_unchecked: bool = False
    cache_dir: str | None = None
    jobs: int | None = None

    def check_options(self) -> CheckOptions:
        """The options the engine is asked to check with."""
        return CheckOptions(
            seed=self.seed,
            trials=self.trials,
            tolerance=self.tolerance,
            layout=self.layout,
            assumptions=self.assumptions,
        )

    def overridden(self, **flags: Any) -> Config:
        """This configuration with every flag that is not None put in its place."""
        return dataclasses.replace(self, **{k: v for k, v in flags.items() if v is not None})


@dataclass(frozen=True)
class ConfigError:
    """A configuration file that could not be used; the message names the file (and key)."""

    message: str


def _positive_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


def _any_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _positive_float(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0:
        return float(value)
    return None


def _string_list(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _layout(value: object) -> str | None:
    return value if isinstance(value, str) and value in get_args(Layout) else None


def _boolean(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# key in the file -> (Config field, validator returning the value or None, what a good value is)
_KEYS: dict[str, tuple[str, Callable[[object], Any], str]] = {
    "include": ("include", _string_list, "a list of glob strings"),
    "exclude": ("exclude", _string_list, "a list of glob strings"),
    "layout": ("layout", _layout, "one of " + ", ".join(repr(x) for x in get_args(Layout))),
    "trials": ("trials", _positive_int, "an integer >= 1"),
    "tolerance": ("tolerance", _positive_float, "a number > 0"),
    "seed": ("seed", _any_int, "an integer"),
    "assumptions": ("assumptions", _string_list, "a list of directive texts"),
    "fail-on-unchecked": ("fail_on_unchecked", _boolean, "true or false"),
    "cache-dir": ("cache_dir", _string, "a directory path"),
    "jobs": ("jobs", _positive_int, "an integer >= 1"),
}


def parse_table(table: Mapping[str, object], source: Path) -> Config | ConfigError:
    """Validate one `[tool.mdcheck]` table (or a whole `.mdcheck.toml`) read from `source`."""
    where = f"[tool.mdcheck] in {source}" if source.name == PYPROJECT else str(source)
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in _KEYS:
            known = ", ".join(_KEYS)
            return ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        field, validate, expected = _KEYS[key]
        value = validate(raw)
        if value is None:
            return ConfigError(f"{where}: bad value for {key!r}: {raw!r} (expected {expected})")
        values[field] = value
    if "cache_dir" in values:
        values["cache_dir"] = str(source.parent / values["cache_dir"])
    return Config(source=str(source), **values)


def _read_toml(path: Path) -> dict[str, Any] | ConfigError:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        return ConfigError(f"{path}: cannot read configuration: {err.strerror or err}")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        return ConfigError(f"{path}: invalid TOML: {err}")


def _table_in(path: Path, document: dict[str, Any]) -> Mapping[str, object] | ConfigError | None:
    """The mdcheck table of a parsed file: the whole `.mdcheck.toml`, or pyproject's `[tool.mdcheck]`
    (None when pyproject.toml has none)."""
    if path.name != PYPROJECT:
        return document
    tool = document.get("tool", {})
    table = tool.get("mdcheck") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        return ConfigError(f"{path}: [tool.mdcheck] must be a table")
    return table


def load_config_file(path: Path) -> Config | ConfigError:
    """Read the configuration in `path` (a pyproject.toml without `[tool.mdcheck]` gives defaults)."""
    document = _read_toml(path)
    if isinstance(document, ConfigError):
        return document
    table = _table_in(path, document)
    if isinstance(table, ConfigError):
        return table
    return parse_table(table or {}, path)


def find_config_file(start: Path) -> Path | None:
    """The nearest `.mdcheck.toml`, or `pyproject.toml` holding `[tool.mdcheck]`, in `start` or above.
    In one directory `.mdcheck.toml` wins."""
    for directory in (start, *start.parents):
        candidate = directory / MDCHECK_TOML
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _declares_mdcheck(pyproject):
            return pyproject
    return None


def _declares_mdcheck(pyproject: Path) -> bool:
    document = _read_toml(pyproject)
    if isinstance(document, ConfigError):
        return True  # let loading it report the problem rather than silently skip it
    return _table_in(pyproject, document) is not None


def load_config(explicit: str | None, cwd: Path) -> Config | ConfigError:
    """The configuration of this run: the file named by `--config`, else the nearest one found from
    `cwd` upwards, else the defaults."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            return ConfigError(f"{explicit}: configuration file not found")
        return load_config_file(path)
    found = find_config_file(cwd.resolve())
    return Config() if found is None else load_config_file(found)
