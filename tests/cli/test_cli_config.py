"""Configuration: where it is found, what it may hold, what a bad file or key gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdcheck.config import Config, ConfigError, find_config_file, load_config
from mdcheck.options import CheckOptions


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


FULL = """
include = ["notes/**/*.md"]
exclude = ["drafts/**"]
layout = "denominator"
trials = 5
tolerance = 1e-9
seed = 42
assumptions = ["assume A symmetric", "x: n"]
fail-on-unchecked = true
cache-dir = "build/cache"
jobs = 3
"""


def test_every_key_of_a_dot_mdcheck_toml_is_read(tmp_path: Path) -> None:
    write(tmp_path / ".mdcheck.toml", FULL)
    config = load_config(None, tmp_path)
    assert isinstance(config, Config)
    assert config.include == ("notes/**/*.md",) and config.exclude == ("drafts/**",)
    assert (config.trials, config.seed, config.jobs, config.fail_on_unchecked) == (5, 42, 3, True)
    assert config.cache_dir == str(tmp_path / "build" / "cache")
    assert config.check_options() == CheckOptions(
        seed=42, trials=5, tolerance=1e-9, layout="denominator", assumptions=("assume A symmetric", "x: n")
    )


def test_pyproject_tool_table_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n[tool.mdcheck]\ntrials = 4\n")
    below = tmp_path / "notes" / "week1"
    below.mkdir(parents=True)
    config = load_config(None, below)
    assert isinstance(config, Config)
    assert config.trials == 4 and config.source == str(tmp_path / "pyproject.toml")


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".mdcheck.toml", "seed = 3\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config_file(tmp_path / "sub") == tmp_path / ".mdcheck.toml"


def test_dot_mdcheck_toml_wins_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.mdcheck]\nseed = 1\n")
    write(tmp_path / ".mdcheck.toml", "seed = 2\n")
    config = load_config(None, tmp_path)
    assert isinstance(config, Config) and config.seed == 2


def test_no_configuration_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    assert isinstance(config, Config)
    assert config.check_options() == CheckOptions() and config.source is None


def test_an_explicit_file_is_used_even_with_another_nearer(tmp_path: Path) -> None:
    write(tmp_path / ".mdcheck.toml", "seed = 2\n")
    other = write(tmp_path / "ci" / "strict.toml", "fail-on-unchecked = true\n")
    config = load_config(str(other), tmp_path)
    assert isinstance(config, Config) and config.fail_on_unchecked and config.seed == 0


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("trails = 3", "trails"),
        ("trials = 0", "trials"),
        ("trials = true", "trials"),
        ("trials = 2.5", "trials"),
        ("tolerance = -1", "tolerance"),
        ("tolerance = 'small'", "tolerance"),
        ("layout = 'rows'", "layout"),
        ("seed = 'x'", "seed"),
        ("include = 'notes/*.md'", "include"),
        ("assumptions = [1, 2]", "assumptions"),
        ("fail-on-unchecked = 'yes'", "fail-on-unchecked"),
        ("jobs = 0", "jobs"),
        ("cache-dir = ''", "cache-dir"),
    ],
)
def test_unknown_keys_and_bad_values_name_the_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    write(tmp_path / ".mdcheck.toml", text + "\n")
    error = load_config(None, tmp_path)
    assert isinstance(error, ConfigError)
    assert str(tmp_path / ".mdcheck.toml") in error.message and repr(key) in error.message


def test_invalid_toml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.mdcheck\nseed = 1\n")
    error = load_config(None, tmp_path)
    assert isinstance(error, ConfigError) and "pyproject.toml" in error.message


def test_a_tool_mdcheck_that_is_not_a_table_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool]\nmdcheck = 3\n")
    assert isinstance(load_config(None, tmp_path), ConfigError)


def test_a_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    assert isinstance(load_config(str(tmp_path / "none.toml"), tmp_path), ConfigError)


def test_overrides_replace_only_what_was_given() -> None:
    config = Config(seed=1, trials=4).overridden(seed=None, trials=2, jobs=None)
    assert (config.seed, config.trials, config.jobs) == (1, 2, None)
