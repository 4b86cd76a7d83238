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


def untouched(entry: tuple[int, int, str], stat: os.stat_result, written_at: float) -> bool:
    """The file still has the recorded size and modification time, and was not modified
    within two seconds of the recording (a time stamp too coarse to tell an edit)."""
    size, mtime_ns, _ = entry
    return size == stat.st_size and mtime_ns == stat.st_mtime_ns and stat.st_mtime_ns / 1e9 <= written_at - _RACY_SECONDS


def shard_of(name: str) -> str:
    """Files are cached in shards, one per top-level folder, so that an edit rewrites the
    shard of its folder only (a county keeps one folder per township)."""
    head, sep, _ = name.partition("/")
    return head if sep else ""


class FileCache:
    """``known_digest`` and ``lookup`` what a file held last time; ``keep`` what it holds
    now; ``save`` once, rewriting only the shards that changed."""

    def __init__(self, root: Path, version: str, *, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.version = version
        self.folder = root / CACHE_DIR
        self.index_path = self.folder / "index.pickle"
        self._stats: dict[str, tuple[int, int, str]] = {}
        self._generations: dict[str, str] = {}
        self._shards: dict[str, dict[str, Any]] = {}
        self._written_at = 0.0
        self._new_stats: dict[str, tuple[int, int, str]] = {}
        self._new_results: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        if enabled:
            index = load_signed(self.index_path, self.version)
            if isinstance(index, tuple) and len(index) == 3:
                self._written_at, self._stats, self._generations = index

    def _shard_path(self, shard: str) -> Path:
        return self.folder / f"files-{hashlib.sha256(shard.encode()).hexdigest()[:12]}.pickle"

    def _shard(self, shard: str) -> dict[str, Any]:
        results = self._shards.get(shard)
        if results is None:
            results = {}
            value = load_signed(self._shard_path(shard), self.version) if shard in self._generations else None
            if isinstance(value, tuple) and len(value) == 2 and value[0] == self._generations[shard]:
                results = value[1]
            self._shards[shard] = results
        return results

    @classmethod
    def digests(cls, root: Path, version: str) -> tuple[float, dict[str, tuple[int, int, str]]] | None:
        """When the cache was written and the recorded (size, mtime, digest) of every file,
        without loading any results."""
        index = load_signed(root / CACHE_DIR / "index.pickle", version)
        if not (isinstance(index, tuple) and len(index) == 3):
            return None
        return index[0], index[1]

    def known_digest(self, name: str, stat: os.stat_result) -> str | None:
        """The digest recorded for an untouched file, without reading it."""
        entry = self._stats.get(name)
        return entry[2] if entry is not None and untouched(entry, stat, self._written_at) else None

    def lookup(self, name: str, sha: str) -> Any | None:
        if not self.enabled:
            return None
        return self._shard(shard_of(name)).get(sha)

    def keep(self, name: str, stat: os.stat_result, sha: str, result: Any) -> None:
        """Record a file seen in this run (all of them are, so the cache never grows stale)."""
        shard = shard_of(name)
        self._new_stats[name] = (stat.st_size, stat.st_mtime_ns, sha)
        self._new_results.setdefault(shard, {})[sha] = result
        old = self._stats.get(name)
        if old is None or old[2] != sha or shard not in self._generations:
            self._dirty.add(shard)

    def recorded(self) -> dict[str, tuple[int, int, str]]:
        """(size, mtime, digest) of every file kept in this run."""
        return dict(self._new_stats)

    def save(self) -> None:
        if not self.enabled:
            return
        for name in self._stats.keys() - self._new_stats.keys():
            self._dirty.add(shard_of(name))  # a file removed
        stats_changed = self._new_stats != self._stats
        if not self._dirty and not stats_changed:
            return
        generations = {shard: gen for shard, gen in self._generations.items() if shard in self._new_results}
        for shard in self._dirty:
            if shard not in self._new_results:
                continue
            generation = secrets.token_hex(8)
            save_signed(self._shard_path(shard), self.version, (generation, self._new_results[shard]))
            generations[shard] = generation
        save_signed(self.index_path, self.version, (time.time(), self._new_stats, generations))


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
