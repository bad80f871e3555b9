"""Fixtures for the command-line tests: a directory to run in, and the command with fake collaborators."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_fakes import RunMain, fake_check, fake_discover

from mdcheck.cli import Collaborators, main


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory, with no colour variables set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def fake_main(in_tmp: Path) -> RunMain:
    """`main(argv)` with the fake discovery and engine, one job unless asked for more."""

    def run(*argv: str) -> int:
        return main(list(argv), using=Collaborators(check=fake_check, discover=fake_discover))

    return run
