"""Reading a note file from disk as text, or a clear reason why it cannot be read: missing,
a directory, unreadable, binary, not UTF-8, too large. Never raises for bad input."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

MAX_NOTE_BYTES = 5_000_000
"""Markdown notes larger than this are refused: markdown-it-py (pure Python) reads about 1 MB/s,
so 5 MB already takes about five seconds."""

MAX_LATEX_BYTES = 1_000_000
"""LaTeX files larger than this are refused: pylatexenc (pure Python) reads about 0.15-0.2 MB/s."""

MAX_NOTEBOOK_BYTES = 100_000_000
"""A notebook's JSON may be much larger (images in its outputs); only its markdown cells are
read, and they are held to MAX_NOTE_BYTES."""


@dataclass(frozen=True)
class FileText:
    """The text of a file (BOM removed, newlines normalised to "\\n"), or why there is none."""

    text: str = ""
    error: str | None = None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so that line numbers agree with editors."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large(size: int, limit: int = MAX_NOTE_BYTES, what: str = "file") -> str | None:
    """Why `size` characters or bytes are too many to read, or None."""
    if size <= limit:
        return None
    return f"{what} too large: {size / 1e6:.1f} MB (mdcheck reads up to {limit / 1e6:.0f} MB; split the file)"


def read_file_text(path: str, limit: int = MAX_NOTE_BYTES) -> FileText:
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            return FileText(error="is a directory, not a file")
        if not stat.S_ISREG(status.st_mode):
            return FileText(error="not a regular file")
        large = too_large(status.st_size, limit)
        if large is not None:
            return FileText(error=large)
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return FileText(error="no such file")
    except PermissionError:
        return FileText(error="permission denied")
    except OSError as err:
        return FileText(error=f"cannot read the file: {err.strerror or err}")
    return decode_note(data)


def decode_note(data: bytes) -> FileText:
    """The text of a file's bytes: UTF-8 (a BOM is fine); NUL bytes mean a binary file."""
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        return FileText(error=f"binary file (NUL byte at line {line}), not a text note")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        before = data[data.rfind(b"\n", 0, err.start) + 1 : err.start]
        column = len(before.decode("utf-8-sig")) + 1
        byte = data[err.start]
        where = f"line {line}, column {column}"
        return FileText(error=f"not UTF-8 text: byte 0x{byte:02x} at {where} (save the file as UTF-8)")
    return FileText(text=normalise_newlines(text))
