"""The result cache: a directory of entries (`.mdcheck_cache/` by default) written atomically, and the
key of a file's result (its content, anything it `\\input`s, the mdcheck version and the options)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from mdcheck.options import CheckOptions

DEFAULT_CACHE_DIR = ".mdcheck_cache"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by mdcheck.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Created by mdcheck automatically.\n*\n"
_MAGIC = b"mdcheck-cache-1 "
_DIGEST_CHARS = 32


class CacheStore:
    """Bytes by string key in a directory. A missing, damaged or unreadable entry reads as None;
    a failed write is dropped. Nothing here raises for the state of the disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._entries = root / "entries"
        self._ready: bool | None = None

    def _entry_path(self, key: str) -> Path:
        name = hashlib.sha256(key.encode()).hexdigest()
        return self._entries / name[:2] / name

    def get(self, key: str) -> bytes | None:
        try:
            stored = self._entry_path(key).read_bytes()
        except OSError:
            return None
        header, _, payload = stored.partition(b"\n")
        if header != _MAGIC + _digest(payload):
            return None
        return payload

    def put(self, key: str, data: bytes) -> bool:
        """Store `data` under `key` (temp file + rename, so readers see the old entry or the new one,
        never part of one). False when the directory cannot be written."""
        if not self.prepare():
            return False
        path = self._entry_path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, _MAGIC + _digest(data) + b"\n" + data)
        except OSError:
            return False
        return True

    def prepare(self) -> bool:
        """Create the directory with its `.gitignore` and `CACHEDIR.TAG` (once); False if impossible."""
        if self._ready is None:
            self._ready = _make_cache_dir(self.root)
        return self._ready


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest()[:_DIGEST_CHARS].encode()


def _file_mode() -> int:
    """Read-write for all, less the umask: what `open` would give (mkstemp gives 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path` and rename it over `path`: readers see the old
    content or the new, never a part. Raises OSError."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(temp, _FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _make_cache_dir(root: Path) -> bool:
    try:
        root.mkdir(parents=True, exist_ok=True)
        for name, text in (
            (".gitignore", "# Created by mdcheck automatically.\n*\n"),
            ("CACHEDIR.TAG", CACHEDIR_TAG),
        ):
            if not (root / name).exists():
                write_atomically(root / name, text.encode())
    except OSError:
        return False
    return True


# `\input{name}` and `\include{name}`, the LaTeX ways a note pulls in another file.
_INCLUDE = re.compile(rb"\\(?:input|include)\s*\{([^{}]+)\}")
_MAX_INCLUDES = 200


def _candidates(name: str, directories: tuple[Path, ...]) -> list[Path]:
    names = [name] if name.endswith(".tex") else [name + ".tex", name]
    return [directory / n for directory in directories for n in names]


def included_files(path: Path, data: bytes) -> list[tuple[str, bytes | None]]:
    """Every file a LaTeX note may `\\input` or `\\include`, transitively, with its content (None if
    absent). Names are tried beside the including file and beside the note itself; taking a file
    that LaTeX would not only costs a cache miss, missing one would give a stale result."""
    if path.suffix.lower() != ".tex":
        return []
    found: dict[str, bytes | None] = {}
    pending = [(path, data)]
    while pending and len(found) < _MAX_INCLUDES:
        including, text = pending.pop()
        for match in _INCLUDE.finditer(text):
            name = match.group(1).decode("utf-8", "replace").strip()
            for candidate in _candidates(name, (including.parent, path.parent)):
                key = str(candidate)
                if key in found:
                    continue
                content = _read_or_none(candidate)
                found[key] = content
                if content is not None:
                    pending.append((candidate, content))
    return sorted(found.items())


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def code_fingerprint(package_dir: Path) -> str:
    """Names, sizes and modification times of the package's Python files: part of every key, so a
    changed mdcheck (an edited checkout, not only a new version) never reuses older results."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(package_dir)}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def file_key(path: str, data: bytes, options: CheckOptions, version: str, schema: str) -> str:
    """The cache key of checking the file `path` whose content is `data`."""
    digest = hashlib.sha256()
    header = {"version": version, "schema": schema, "options": dataclasses.asdict(options), "path": path}
    digest.update(json.dumps(header, sort_keys=True).encode())
    digest.update(hashlib.sha256(data).digest())
    for name, content in included_files(Path(path), data):
        digest.update(name.encode() + b"\0")
        digest.update(b"-" if content is None else hashlib.sha256(content).digest())
    return "file:" + digest.hexdigest()
