"""Reading files: every kind of unreadable input gives a Document with a clear error (naming
the line where there is one) instead of an exception."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sources_checks import assert_true_positions, block_texts

import mdcheck.sources
from mdcheck.sources import language_for, read_document, read_text


def test_missing_file(tmp_path: Path) -> None:
    document = read_document(str(tmp_path / "nowhere.md"))
    assert document.error is not None and "no such file" in document.error


def test_directory(tmp_path: Path) -> None:
    document = read_document(str(tmp_path))
    assert document.error is not None and "directory" in document.error


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    document = read_document(str(path))
    assert document.error is not None and "binary" in document.error


def test_non_utf8_text_names_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("first line\nsecond é line\n".encode("latin-1"))
    document = read_document(str(path))
    assert document.error is not None
    assert "UTF-8" in document.error and "line 2, column 8" in document.error and "0xe9" in document.error


def test_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.md"
    path.write_text("$$a$$", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: make open() refuse as it would for a user
            original_open = open

            def refusing_open(file: object, *args: object, **kwargs: object) -> object:
                if str(file) == str(path):
                    raise PermissionError(13, "Permission denied", str(path))
                return original_open(file, *args, **kwargs)  # type: ignore[call-overload]

            monkeypatch.setattr("builtins.open", refusing_open)
        document = read_document(str(path))
    finally:
        path.chmod(0o644)
    assert document.error is not None and "permission denied" in document.error


def test_bom_crlf_and_lone_cr_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    path.write_bytes(b"\xef\xbb\xbf$$a = b$$\r\n\r\nText $c$\rmore $d$\n")
    document = read_document(str(path))
    assert document.error is None
    assert block_texts(document) == ["a = b"]
    assert_true_positions(document)


def test_unknown_language_is_an_error() -> None:
    document = read_text("$$a$$", "x.md", "rst")
    assert document.error is not None and "rst" in document.error


def test_a_reader_bug_becomes_an_error_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, path: str) -> None:
        raise ValueError("boom")

    monkeypatch.setattr("mdcheck.sources.markdown.read_markdown", broken)
    document = mdcheck.sources.read_text("anything")
    assert document.error is not None and "boom" in document.error


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("a.md", "markdown"),
        ("a.TEX", "latex"),
        ("a.ipynb", "notebook"),
        ("a.qmd", "markdown"),
        ("a", "markdown"),
    ],
)
def test_language_by_extension(name: str, language: str) -> None:
    assert language_for(name) == language


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    document = read_document(str(fifo))
    assert document.error is not None and "regular file" in document.error
