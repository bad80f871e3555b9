"""The pre-commit hook for real: `pre-commit try-repo` installs mdcheck from a copy of this working
tree into its own environment and runs it on a good and a broken note in a fresh git repository.

Slow by nature (each try-repo builds a new virtualenv and pip-installs mdcheck and its dependencies:
about 12-25 s here); the two runs go in parallel. Needs `pre-commit`, `git` and the package index."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUILD_FILES = ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "setup.py", "MANIFEST.in")

GOOD = """# The differential of a quadratic form

Let $x \\in \\mathbb{R}^n$ vary and let $A \\in \\mathbb{R}^{n \\times n}$ be constant.

$$
d(x^T A x) = dx^T A x + x^T A\\, dx
$$
"""
# The same note with a step that would need A to be symmetric: line 6 is broken.
BROKEN = GOOD.replace("dx^T A x + x^T A\\, dx", "2\\, x^T A\\, dx")
BROKEN_LINE = 6

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None, reason="needs pre-commit and git"
)


def git(cwd: Path, *args: str) -> None:
    identity = (
        "-c",
        "user.name=mdcheck tests",
        "-c",
        "user.email=tests@mdcheck.invalid",
        "-c",
        "commit.gpgsign=false",
    )
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True)


def clean_env() -> dict[str, str]:
    """The environment less git's own variables (set when the tests run inside a git hook), with
    pip told not to byte-compile: half of the install time, and only first imports pay for it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PIP_COMPILE"] = "0"
    env["PRE_COMMIT_COLOR"] = "never"
    return env


def hook_repository(tmp_path: Path) -> Path:
    """This working tree as pre-commit would clone it: try-repo takes only committed and tracked
    files, so new files not yet committed would be missing; a copy committed afresh has them all."""
    hook = tmp_path / "hook"
    hook.mkdir()
    for name in (*BUILD_FILES, ".pre-commit-hooks.yaml"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, hook / name)
    if not (hook / "README.md").exists():
        (hook / "README.md").write_text("# mdcheck\n")
    shutil.copytree(REPO / "mdcheck", hook / "mdcheck", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(hook, "init", "-q")
    git(hook, "add", "-A")
    git(hook, "commit", "-q", "-m", "hook under test")
    return hook


def test_the_hook_passes_a_good_note_and_fails_a_broken_one(tmp_path: Path) -> None:
    hook = hook_repository(tmp_path)
    notes = tmp_path / "course"
    notes.mkdir()
    (notes / "good.md").write_text(GOOD)
    (notes / "broken.md").write_text(BROKEN)
    git(notes, "init", "-q")
    git(notes, "add", "-A")
    runs = {
        name: subprocess.Popen(
            ["pre-commit", "try-repo", str(hook), "mdcheck", "--files", name],
            cwd=notes,
            env=clean_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("good.md", "broken.md")
    }
    outputs = {name: run.communicate(timeout=600)[0] for name, run in runs.items()}
    good, broken = runs["good.md"], runs["broken.md"]
    assert good.returncode == 0, outputs["good.md"]
    assert "Passed" in outputs["good.md"]
    assert broken.returncode == 1, outputs["broken.md"]
    assert "Failed" in outputs["broken.md"]
    assert f"broken.md:{BROKEN_LINE}:" in outputs["broken.md"]
    assert "good.md:" not in outputs["broken.md"]
