"""Finding notes: named files kept in order, folders walked in sorted order with include and
exclude globs, .gitignore files (nested ones too), and skipped folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mdcheck.sources.discovery import Discovery, discover


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("$$a$$\n", encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git working tree with notes, ignored files and folders to skip; the cwd is its top."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.draft.md\n", encoding="utf-8")
    make(
        tmp_path,
        "notes/b.md", "notes/a.tex", "notes/c.ipynb", "notes/d.txt", "notes/Z.Rmd", "notes/e.markdown",
        "notes/sub/f.qmd", "notes/sub/x.draft.md", "notes/sub/keep.draft.md", "notes/sub/y.md",
        "notes/build/g.md", "notes/.hidden/h.md", "notes/node_modules/i.md", "notes/__pycache__/j.md",
        "notes/.mdcheck_cache/k.md",
    )  # fmt: skip
    (tmp_path / "notes/sub/.gitignore").write_text("!keep.draft.md\ny.md\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_walks_folders_in_sorted_order_honouring_gitignore(repo: Path) -> None:
    found = discover(["notes"])
    expected = ["Z.Rmd", "a.tex", "b.md", "c.ipynb", "e.markdown", "sub/f.qmd", "sub/keep.draft.md"]
    assert found == Discovery(tuple(os.path.join("notes", *name.split("/")) for name in expected))


def test_gitignore_above_the_walked_folder_applies(repo: Path) -> None:
    assert discover(["notes/sub"]).files == (
        os.path.join("notes", "sub", "f.qmd"),
        os.path.join("notes", "sub", "keep.draft.md"),
    )


def test_named_files_are_kept_in_order_whatever_their_name(repo: Path) -> None:
    found = discover(["notes/d.txt", "notes/build/g.md", "notes/sub/x.draft.md", "notes/b.md"])
    assert found.files == ("notes/d.txt", "notes/build/g.md", "notes/sub/x.draft.md", "notes/b.md")


def test_named_files_come_first_and_are_not_repeated(repo: Path) -> None:
    found = discover(["notes/b.md", "notes/sub"], exclude=["keep*"])
    assert found.files == ("notes/b.md", os.path.join("notes", "sub", "f.qmd"))


def test_include_and_exclude_globs(repo: Path) -> None:
    assert discover(["notes"], include=["*.tex", "*.txt"]).files == ("notes/a.tex", "notes/d.txt")
    excluded = discover(["notes"], exclude=["sub/", "*.ipynb", "notes/Z.Rmd"]).files
    assert excluded == ("notes/a.tex", "notes/b.md", "notes/e.markdown")


def test_missing_paths_and_empty_folders_are_problems(repo: Path) -> None:
    (repo / "empty").mkdir()
    found = discover(["missing.md", "empty", "notes/b.md"])
    assert found.files == ("notes/b.md",)
    assert [(problem.path, "no such file" in problem.message) for problem in found.problems] == [
        ("missing.md", True),
        ("empty", False),
    ]
    assert "no note files" in found.problems[1].message


def test_outside_a_git_repository_only_the_walked_gitignores_count(tmp_path: Path) -> None:
    make(tmp_path, "top/a.md", "top/b.md")
    (tmp_path / ".gitignore").write_text("*.md\n", encoding="utf-8")
    (tmp_path / "top" / ".gitignore").write_text("b.md\n", encoding="utf-8")
    assert discover([str(tmp_path / "top")]).files == (str(tmp_path / "top" / "a.md"),)


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    make(tmp_path, "real/a.md")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real", target_is_directory=True)
    assert discover([str(tmp_path / "real")]).files == (str(tmp_path / "real" / "a.md"),)
