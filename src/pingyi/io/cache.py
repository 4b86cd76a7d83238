"""A cache of parsed, validated files, kept in the workspace's ``.pingyi-cache/`` folder.

Entries are keyed by the SHA-256 of a file's bytes, so an edited file is always read
again; the file's size and modification time only spare re-hashing a file that has not
been touched since the cache was written (and a file modified within two seconds of that
write is hashed all the same, as git does against "racy" edits). The cache is one pickle
signed with a key kept outside the workspace (in the user's cache folder): a cache file
that is corrupt, comes from another pingyi version, or was not written by this user (one
committed to a shared repository, say) is ignored, never unpickled. Losing the cache only
costs time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import pickle
import secrets
import sys
import time
from pathlib import Path
from typing import Any

CACHE_DIR = ".pingyi-cache"
_FORMAT = 1
_RACY_SECONDS = 2.0


def _key() -> bytes:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pingyi"
    path = base / "cache-key"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    data = secrets.token_bytes(32)
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except FileExistsError:
        with contextlib.suppress(OSError):
            return path.read_bytes()
    except OSError:
        pass
    return data


@functools.cache
def code_digest() -> str:
    """A digest of pingyi's own source files (names, sizes, modification times), so that a
    changed pingyi never trusts what an older one cached, even under the same version."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        try:
            stat = path.stat()
        except OSError:
            continue
        h.update(f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return h.hexdigest()[:16]


def _tag(version: str) -> bytes:
    return f"pingyi-cache {_FORMAT} {version} {code_digest()} {sys.version_info[:2]}".encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileCache:
    """``lookup`` what a file held last time; ``store`` what it holds now; ``save`` once."""

    def __init__(self, root: Path, version: str, *, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.version = version
        self.path = root / CACHE_DIR / "files.pickle"
        self.index_path = root / CACHE_DIR / "index.pickle"
        self._stats: dict[str, tuple[int, int, str]] = {}
        self._results: dict[str, Any] = {}
        self._written_at = 0.0
        self._new_stats: dict[str, tuple[int, int, str]] = {}
        self._new_results: dict[str, Any] = {}
        self._dirty = False
        if enabled:
            self._read()

    def _read(self) -> None:
        index = load_signed(self.index_path, self.version)
        results = load_signed(self.path, self.version)
        if index is None or results is None or index[0] != results[0]:
            return
        self._written_at, self._stats = index[1], index[2]
        self._results = results[1]

    @classmethod
    def digests(cls, root: Path, version: str) -> tuple[float, dict[str, tuple[int, int, str]]] | None:
        """The recorded (size, mtime, digest) of every file, without loading the results."""
        index = load_signed(root / CACHE_DIR / "index.pickle", version)
        return None if index is None else (index[1], index[2])

    def known_digest(self, name: str, stat: os.stat_result) -> str | None:
        """The digest recorded for an untouched file, without reading it."""
        entry = self._stats.get(name)
        if entry is None:
            return None
        size, mtime_ns, sha = entry
        if size != stat.st_size or mtime_ns != stat.st_mtime_ns:
            return None
        if stat.st_mtime_ns / 1e9 > self._written_at - _RACY_SECONDS:
            return None
        return sha

    def lookup(self, sha: str) -> Any | None:
        return self._results.get(sha)

    def keep(self, name: str, stat: os.stat_result, sha: str, result: Any) -> None:
        """Record a file seen in this run (all of them are, so the cache never grows stale)."""
        self._new_stats[name] = (stat.st_size, stat.st_mtime_ns, sha)
        self._new_results[sha] = result
        if self._stats.get(name) != self._new_stats[name] or sha not in self._results:
            self._dirty = True

    def save(self) -> None:
        if not self.enabled:
            return
        if not self._dirty and set(self._new_stats) == set(self._stats):
            return
        generation = secrets.token_hex(8)
        save_signed(self.path, self.version, (generation, self._new_results))
        save_signed(self.index_path, self.version, (generation, time.time(), self._new_stats))


def load_signed(path: Path, version: str) -> Any | None:
    """A pickle written by :func:`save_signed` for this pingyi version and this user, or
    None (missing, damaged, foreign or from another version: never unpickled)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    tag = _tag(version)
    signature, body = blob[:32], blob[32:]
    if not body.startswith(tag) or not hmac.compare_digest(signature, hmac.new(_key(), body, "sha256").digest()):
        return None
    try:
        return pickle.loads(body[len(tag) :])
    except Exception:  # noqa: BLE001 - a damaged cache is simply not used
        return None


def save_signed(path: Path, version: str, value: Any) -> None:
    body = _tag(version) + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    blob = hmac.new(_key(), body, "sha256").digest() + body
    try:
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if folder.name == CACHE_DIR and not ignore.exists():
            ignore.write_text("# pingyi's cache: safe to delete\n*\n", encoding="utf-8")
        from .write import write_atomic

        write_atomic(path, blob, overwrite=True)
    except OSError:
        pass  # a read-only workspace simply goes without a cache
