"""A cache of parsed, validated files, kept in the workspace's ``.pingyi-cache/`` folder.

Entries are keyed by a file's name and the SHA-256 of its bytes, so an edited file is
always read again (and two identical files keep their own diagnostics); the file's size
and modification time only spare re-hashing a file that has not been touched since the
cache was written (and a file modified within two seconds of that write is hashed all the
same, as git does against "racy" edits). The results are kept in 256 shards, a file's
shard chosen by a hash of its name, so that one edited file rewrites one small shard
whatever the layout (one folder per township, or every branch in one folder). The index
also says what each file holds (:class:`Manifest`): a warm run makes an untouched file's
result from it alone, and reads a shard only when a command first reads one of its
documents, so that ``score`` on a warm cache reads none of the documents it does not use.

What is stored is plain data (:mod:`pingyi.io.plain`: no pickle, nothing in it can run
code), signed with a key kept outside the workspace (in the user's cache folder): a cache
file that is corrupt, comes from another pingyi version, or was not written by this user
(one committed to a shared repository, say) is ignored, never decoded. Without a whole key
(a key file cut short, a cache folder that cannot be written) there is no cache at all.
The folders are created by :func:`~pingyi.io.write.make_dirs` and the entries written by
:func:`~pingyi.io.write.open_atomic`: a ``.pingyi-cache`` that is a symbolic link is
neither written nor read, and its ``.gitignore`` is whole or absent. Losing the cache
only costs time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import itertools
import os
import secrets
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..columns import join_texts, pack_longs, split_texts, unpack_longs

CACHE_DIR = ".pingyi-cache"
_FORMAT = 5
_RACY_SECONDS = 2.0


#: The length of the key that signs the cache; a key file of any other length is not used.
KEY_BYTES = 32
_KEYS: dict[str, bytes] = {}


def _key_path() -> Path:
    environ = os.environ
    return _key_path_in(environ.get("XDG_CACHE_HOME"), environ.get("HOME"), environ.get("USERPROFILE"))


@functools.lru_cache(maxsize=8)
def _key_path_in(cache_home: str | None, *home: str | None) -> Path:
    """The key's path for these values of the environment (worked out once: every entry
    read checks its signature with the key)."""
    return Path(cache_home or Path.home() / ".cache") / "pingyi" / "cache-key"


def _read_key(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == KEY_BYTES else None


def _key() -> bytes | None:
    """The user's key that signs the cache (in the user's cache folder, never in a
    workspace), or None when there is none to be had: the cache is then neither written nor
    trusted. A key of the wrong length (a write cut short by a full disk, say) is never
    used; a new key is written whole to a temporary file and then linked into place, so a
    process starting at the same time reads either no key or the whole key."""
    path = _key_path()
    known = _KEYS.get(str(path))
    if known is not None:
        return known
    data = _read_key(path)
    if data is None:
        data = _create_key(path)
    if data is not None:
        _KEYS[str(path)] = data
    return data


def _create_key(path: Path) -> bytes | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".cache-key.", dir=path.parent)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(KEY_BYTES))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # only if there is no key yet: a key another process made wins
        except FileExistsError:
            if _read_key(path) is None:  # a damaged key (cut short): replace it whole
                os.replace(tmp, path)
        except OSError:  # a file system without hard links
            if _read_key(path) is None:
                os.replace(tmp, path)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return _read_key(path)


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
    from .plain import VERSION

    return f"pingyi-cache {_FORMAT}.{VERSION} {version} {code_digest()} {sys.version_info[:2]}".encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def untouched(entry: tuple[int, int, str], stat: os.stat_result, written_at: float) -> bool:
    """The file still has the recorded size and modification time, and was not modified
    within two seconds of the recording (a time stamp too coarse to tell an edit)."""
    size, mtime_ns, _ = entry
    return size == stat.st_size and mtime_ns == stat.st_mtime_ns and stat.st_mtime_ns / 1e9 <= written_at - _RACY_SECONDS


#: How many shards the parsed files are spread over (by a hash of the file's name).
SHARDS = 256


def shard_of(name: str) -> str:
    """The shard a file is cached in: a bucket chosen by a hash of its name, whatever the
    layout, so that an edit rewrites one small shard (about 1/256 of the cache) even when
    every file lies in one folder."""
    return SHARD_NAMES[zlib.crc32(name.encode()) % SHARDS]


#: The shards' names, by number.
SHARD_NAMES = tuple(f"{n:02x}" for n in range(SHARDS))


class FileCache:
    """``unchanged`` gives what an untouched file held last time, and ``lookup`` what a
    file's bytes held by their digest; ``keep`` what a file holds now; ``save`` once,
    rewriting only the shards that changed.

    A result is filed under the file's name *and* its digest: two files with the same bytes
    hold the same documents, but their diagnostics name different files."""

    def __init__(self, root: Path, version: str, *, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.version = version
        self._stats: dict[str, tuple[int, int, str]] = {}
        self._generations: dict[str, str] = {}
        self._shards: dict[str, dict[str, Any]] = {}
        self._written_at = 0.0
        self._new_stats: dict[str, tuple[int, int, str]] = {}
        self._new_results: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._where: dict[str, str] = {}  # name → shard, worked out once
        self._manifest: Manifest | None = None
        if enabled:
            index = _load_index(root, self.version)
            if isinstance(index, tuple) and len(index) == 4:
                self._written_at, self._stats, self._generations, manifest = index
                self._manifest = Manifest.of_index(manifest)

    @staticmethod
    def _shard_name(shard: str) -> str:
        return f"files-{shard}.data"

    def _shard(self, shard: str, *, any_generation: bool = False) -> dict[str, Any]:
        """The results kept in a shard, when it is the generation the index names (or,
        ``any_generation``, whichever this pingyi signed: a result is filed by its file's
        digest, so the same key holds the same result in any generation)."""
        results = self._shards.get(shard)
        if results is None or (any_generation and not results):
            results = {}
            wanted = self._generations.get(shard)
            value = load_signed(self.root, self._shard_name(shard), self.version) if wanted or any_generation else None
            if isinstance(value, tuple) and len(value) == 2 and (any_generation or value[0] == wanted):
                from .plain import unpack_results

                try:
                    results = unpack_results(value[1])
                except (ValueError, TypeError):  # not what pingyi writes: not used
                    results = {}
            self._shards[shard] = results
        return results

    def fetch(self, shard: str, key: str, position: int, wanted: Any) -> bytes:
        """The encoding of the ``position``-th document of the file result filed under
        ``key``, for ``wanted``, a :class:`~pingyi.model.deferred.Deferred` made from the
        index. The shard is read once, when the first of its documents is wanted; one
        rewritten since by another run still holds the same key for the same bytes. The
        shard then holds ``wanted`` in that document's place, so that the bytes go once
        ``wanted`` is decoded. When the cache no longer holds it (deleted during the run),
        the file is read and parsed again; raises :class:`WorkspaceChanged` if its document
        is no longer there."""
        from ..loader import FileResult
        from ..model.deferred import model_type
        from .plain import encoded_document

        cls = wanted.cls
        for any_generation in (False, True):
            results = self._shard(shard, any_generation=any_generation)
            result = results.get(key)
            if result is not None and position < len(result.documents):
                index, model = result.documents[position]
                if model_type(model) is cls and model is not wanted:
                    data = encoded_document(model)
                    documents = list(result.documents)
                    documents[position] = (index, wanted)
                    results[key] = FileResult(tuple(documents), result.raw_rules, result.diagnostics)
                    return data
        return self._parse_again(key, position, cls)

    def _parse_again(self, key: str, position: int, cls: type) -> bytes:
        from ..loader import _read_plain, read_file
        from .plain import encoded_document

        name = key.partition("\0")[0]
        try:
            data, _ = _read_plain(f"{self.root}/{name}")
        except OSError:
            raise WorkspaceChanged(name) from None
        documents = read_file(name, data).documents
        if digest(data) != key.partition("\0")[2] or position >= len(documents) or type(documents[position][1]) is not cls:
            raise WorkspaceChanged(name)
        return encoded_document(documents[position][1])

    @classmethod
    def digests(cls, root: Path, version: str) -> tuple[float, dict[str, tuple[int, int, str]]] | None:
        """When the cache was written and the recorded (size, mtime, digest) of every file,
        without loading any results."""
        index = _load_index(root, version)
        if not (isinstance(index, tuple) and len(index) == 4):
            return None
        return index[0], index[1]

    def unchanged(self, name: str, stat: os.stat_result) -> Any | None:
        """What a file untouched since it was recorded holds, kept for this run as
        :meth:`keep` keeps it; None when the file may have changed or is not cached. An
        untouched file whose shard this run has not read is made from the index alone
        (:class:`Manifest`), its documents fetched when first read."""
        return self.unchanged_many([name], [stat])[0]

    def unchanged_many(self, names: Sequence[str], stats: Sequence[os.stat_result | None]) -> list[Any | None]:
        """:meth:`unchanged` of each file (None where its status is None): the loop of a
        warm load, done once for a county's 16,000 files."""
        if not self.enabled or not self._stats:
            return [None] * len(names)
        recorded = self._stats
        written_at = self._written_at
        manifest = self._manifest
        listed = manifest.where if manifest is not None else {}
        loaded = self._shards
        new_stats = self._new_stats
        new_results = self._new_results
        where = self._where
        out: list[Any | None] = []
        regular = stat.S_ISREG
        for name, st in zip(names, stats, strict=True):
            entry = recorded.get(name)
            if entry is None or st is None or not regular(st.st_mode) or not untouched(entry, st, written_at):
                out.append(None)
                continue
            k = listed.get(name)
            key = f"{name}\0{entry[2]}"
            if k is not None:  # made from the index, the shard left unread
                shard = where[name] = SHARD_NAMES[manifest.shards[k]]  # type: ignore[union-attr]
                result = None if shard in loaded else manifest.result(k, (self, shard, key))  # type: ignore[union-attr]
            else:
                shard = self._shard_of(name)
                result = None
            if result is None:
                result = self._shard(shard).get(key)
            if result is not None:
                new_stats[name] = entry
                held = new_results.get(shard)
                if held is None:
                    held = new_results[shard] = {}
                held[key] = result
            out.append(result)
        return out

    def _shard_of(self, name: str) -> str:
        shard = self._where.get(name)
        if shard is None:
            shard = self._where[name] = shard_of(name)
        return shard

    def lookup(self, name: str, sha: str) -> Any | None:
        if not self.enabled:
            return None
        return self._shard(self._shard_of(name)).get(f"{name}\0{sha}")

    def keep(self, name: str, stat: os.stat_result, sha: str, result: Any) -> None:
        """Record a file seen in this run (all of them are, so the cache never grows stale)."""
        shard = self._shard_of(name)
        self._new_stats[name] = (stat.st_size, stat.st_mtime_ns, sha)
        self._new_results.setdefault(shard, {})[f"{name}\0{sha}"] = result
        old = self._stats.get(name)
        if old is None or old[2] != sha or shard not in self._generations:
            self._dirty.add(shard)

    def note(self, name: str, stat: os.stat_result, sha: str) -> None:
        """Record a file read elsewhere (``pingyi.yaml``), with no parse result to keep."""
        self._new_stats[name] = (stat.st_size, stat.st_mtime_ns, sha)

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
            _as_read(self.root)
            return
        generations = {shard: gen for shard, gen in self._generations.items() if shard in self._new_results}
        for shard in self._dirty:
            if shard not in self._new_results:
                continue
            generation = secrets.token_hex(8)
            from .plain import pack_results

            packed = pack_results(self._new_results[shard])
            save_signed(self.root, self._shard_name(shard), self.version, (generation, packed))
            generations[shard] = generation
        index = (time.time(), self._new_stats, generations, self._made_manifest())
        if save_signed(self.root, INDEX, self.version, _pack_index(index)):
            _remember_index(self.root, self.version, index)
            _as_read(self.root)

    def _made_manifest(self) -> Manifest:
        """What every recorded file holds, for the index (see :class:`Manifest`)."""
        results = self._new_results
        held: list[Any] = []
        shards = bytearray()
        for name, entry in self._new_stats.items():
            shard = self._shard_of(name)
            shards.append(int(shard, 16))
            held.append(results.get(shard, {}).get(f"{name}\0{entry[2]}"))
        return Manifest.of(list(self._new_stats), held, bytes(shards))

    @staticmethod
    def as_read(root: Path) -> bool:
        """Whether the index records every file as a load in this process last read it
        (and nothing has written the index since): a command that has just run can file
        its output under those digests without looking at the files again, since every
        lookup of a remembered output looks at them first."""
        identity = _identity(root)
        return identity is not None and _AS_READ.get(str(root)) == identity


INDEX = "index.data"
#: root → the identity of the index that a load in this process found or wrote as it read
#: the files (see :meth:`FileCache.as_read`).
_AS_READ: dict[str, tuple[int, int, int, int]] = {}
#: The index as last read in this process, by the file's identity (a command reads it to
#: judge its remembered output, to load, and to file what it printed): read it once.
_INDEXES: dict[tuple[str, bytes, bytes], tuple[tuple[int, int, int, int], Any]] = {}


def _identity(root: Path) -> tuple[int, int, int, int] | None:
    try:
        info = os.lstat(root / CACHE_DIR / INDEX)
    except OSError:
        return None
    return (info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns)


def _as_read(root: Path) -> None:
    identity = _identity(root)
    if identity is not None:
        _AS_READ[str(root)] = identity


def _remember_index(root: Path, version: str, index: Any) -> None:
    """The index just written: known to this process without reading it back."""
    identity, key = _identity(root), _key()
    if identity is not None and key is not None:
        _INDEXES[(str(root), _tag(version), key)] = (identity, index)


def _load_index(root: Path, version: str) -> Any | None:
    """The cache's index (when it was written, every file's size, time and digest, the
    shards' generations), read and checked once per process while the file is unchanged.
    Callers only read it."""
    identity, key = _identity(root), _key()
    if identity is None or key is None:
        return None
    which = (str(root), _tag(version), key)  # the same file, the same pingyi, the same user
    known = _INDEXES.get(which)
    if known is not None and known[0] == identity:
        return known[1]
    index = _unpack_index(load_signed(root, INDEX, version))
    if index is not None:
        _INDEXES[which] = (identity, index)
    return index


def _pack_index(index: tuple[float, dict[str, tuple[int, int, str]], dict[str, str], Manifest]) -> tuple[Any, ...]:
    """The index as a few columns (every name, size, time and digest one after the other,
    and the :class:`Manifest`), which read back in milliseconds for a county's 16,000 files, where a tuple per file took
    a fifth of a second."""
    written_at, stats, generations, manifest = index
    entries = stats.values()
    return (
        written_at,
        join_texts(list(stats)),
        pack_longs(e[0] for e in entries),
        pack_longs(e[1] for e in entries),
        join_texts([e[2] for e in entries]),
        generations,
        manifest.packed(),
    )


def _unpack_index(
    value: Any,
) -> tuple[float, dict[str, tuple[int, int, str]], dict[str, str], Any] | None:
    """What :func:`_pack_index` made, or None for anything else."""
    try:
        written_at, names, sizes, times, digests, generations, manifest = value
        if not (
            type(written_at) is float
            and type(generations) is dict
            and all(type(k) is str and type(v) is str for k, v in generations.items())
        ):
            return None
        listed = split_texts(names)
        stats = zip(unpack_longs(sizes), unpack_longs(times), split_texts(digests), strict=True)
        # the manifest is read by the load alone (see Manifest.of_index), not to look an output up
        return written_at, dict(zip(listed, stats, strict=True)), generations, (listed, manifest)
    except (ValueError, TypeError):
        return None


_FileResult: Any = None
_Deferred: Any = None


class WorkspaceChanged(OSError):
    """A file's document was wanted from the cache after the cache lost it, and the file
    no longer holds it either: the workspace changed while the command ran."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Manifest:
    """What each file recorded in the index holds, kept in the index as columns: how many
    documents (-1: no result kept, such as ``pingyi.yaml``), whether it has raw rules or
    diagnostics, each document's place in the file and class, and for a file of several
    documents each one's digest (:func:`~pingyi.io.plain.document_digest`). A warm run
    makes an untouched file's result from it alone, its documents left in their shard
    until a command reads them (:meth:`FileCache.fetch`): a command that reads no document
    of a shard never reads the shard."""

    __slots__ = ("where", "counts", "starts", "extras", "indexes", "classes", "names", "sigs", "sig_starts", "types", "shards")

    def __init__(
        self,
        names: list[str],
        counts: Any,
        extras: bytes,
        indexes: Any,
        classes: Any,
        class_names: list[str],
        sigs: bytes,
        shards: bytes,
    ) -> None:
        if not (len(counts) == len(names) == len(extras) == len(shards) and len(indexes) == len(classes)):
            raise ValueError("manifest")
        #: each file's shard, by number (as :func:`shard_of` gives it: a shard that does
        #: not hold the file's key is read in vain, never wrongly)
        self.shards = shards
        self.where = dict(zip(names, range(len(names))))
        self.counts, self.extras, self.indexes, self.classes, self.names, self.sigs = (
            counts,
            extras,
            indexes,
            classes,
            class_names,
            sigs,
        )
        if counts and min(counts) < -1:
            raise ValueError("manifest")
        held = [c if c > 0 else 0 for c in counts]
        starts = list(itertools.accumulate(held, initial=0))
        sig_starts = list(itertools.accumulate([32 * c if c > 1 else 0 for c in held], initial=0))
        if starts[-1] != len(indexes) or sig_starts[-1] != len(sigs) or any(not 0 <= c < len(class_names) for c in set(classes)):
            raise ValueError("manifest")
        self.starts, self.sig_starts = starts, sig_starts
        from .plain import _class

        self.types = [_class(n, "M") for n in class_names]  # only pingyi's models (Refused: a ValueError)
        global _FileResult, _Deferred
        if _FileResult is None:
            from ..loader import FileResult
            from ..model.deferred import Deferred

            _FileResult, _Deferred = FileResult, Deferred

    @classmethod
    def of(cls, names: list[str], results: list[Any], shards: bytes) -> Manifest:
        """The manifest of ``results`` (a FileResult, or None), one per name, each in the
        shard numbered in ``shards``."""
        from ..model.deferred import model_type
        from .plain import _name, document_digest

        counts: list[int] = []
        extras = bytearray()
        indexes: list[int] = []
        classes: list[int] = []
        codes: dict[type, int] = {}
        class_names: list[str] = []
        sigs: list[bytes] = []
        for result in results:
            if result is None:
                counts.append(-1)
                extras.append(0)
                continue
            documents = result.documents
            counts.append(len(documents))
            extras.append(1 if result.raw_rules or result.diagnostics else 0)
            for index, model in documents:
                indexes.append(index)
                kind = model_type(model)
                code = codes.get(kind)
                if code is None:
                    code = codes[kind] = len(class_names)
                    class_names.append(_name(kind))
                classes.append(code)
            if len(documents) > 1:
                sigs.extend(document_digest(model) for _, model in documents)
        return cls(names, counts, bytes(extras), indexes, classes, class_names, b"".join(sigs), shards)

    def packed(self) -> tuple[Any, ...]:
        return (
            pack_longs(self.counts),
            self.extras,
            pack_longs(self.indexes),
            pack_longs(self.classes),
            join_texts(self.names),
            self.sigs,
            self.shards,
        )

    @classmethod
    def of_index(cls, value: Any) -> Manifest | None:
        """The manifest of an index as read (the file names and the packed manifest) or
        as just written (a manifest); None for anything else, when the shards are read
        whole as they were before there was one."""
        if isinstance(value, Manifest):
            return value
        try:
            names, packed = value
            return cls.unpacked(names, packed)
        except (ValueError, TypeError):
            return None

    @classmethod
    def unpacked(cls, names: list[str], value: Any) -> Manifest:
        """What :meth:`packed` made. Raises ValueError (or TypeError) for anything else."""
        counts, extras, indexes, classes, class_names, sigs, shards = value
        if type(extras) is not bytes or type(sigs) is not bytes or type(shards) is not bytes:
            raise ValueError("manifest")
        return cls(
            names,
            unpack_longs(counts),
            extras,
            unpack_longs(indexes),
            unpack_longs(classes),
            split_texts(class_names),
            sigs,
            shards,
        )

    def result(self, k: int, place: tuple[Any, str, str]) -> Any | None:
        """The result of the ``k``-th file with its documents :class:`Deferred` to be
        fetched from ``place`` (the cache, the shard, the key), or None when the index
        alone does not make it (nothing kept, or raw rules or diagnostics to read)."""
        if self.extras[k]:
            return None
        count = self.counts[k]
        start = self.starts[k]
        types = self.types
        if count == 1:  # the usual file: one document
            return _FileResult(((self.indexes[start], _Deferred(types[self.classes[start]], None, (*place, 0))),), (), ())
        if count < 0:
            return None
        at = self.sig_starts[k]
        sigs = self.sigs
        documents = tuple(
            [
                (
                    self.indexes[start + j],
                    _Deferred(types[self.classes[start + j]], None, (*place, j), sigs[at + 32 * j : at + 32 * (j + 1)]),
                )
                for j in range(count)
            ]
        )
        return _FileResult(documents, (), ())


GITIGNORE = "# pingyi's cache: safe to delete\n*\n"


def _cache_path(root: Path, name: str) -> Path:
    """``root/.pingyi-cache/name``, every folder on the way a real folder (not a link).
    Raises :class:`~pingyi.io.write.UnsafePath` or OSError."""
    from .write import UnsafePath

    path = root / CACHE_DIR / name
    here = root
    for part in Path(CACHE_DIR, name).parts[:-1]:
        here = here / part
        if not stat.S_ISDIR(os.lstat(here).st_mode):  # a symlink is no folder to lstat
            raise UnsafePath(f"{here} is not a folder")
    return path


def _read_private(path: Path, most: int = -1) -> bytes:
    """A cache file's bytes (the first ``most`` of them, if given), never through a
    symbolic link, never from a device or pipe."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a plain file")
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read(most)
    finally:
        if fd >= 0:
            os.close(fd)


def kept_here(root: Path, name: str, version: str) -> bool:
    """Whether ``.pingyi-cache/name`` is an entry of this pingyi (its tag read, not its
    signature checked: :func:`load_signed` checks that when the entry is read). An entry
    an older pingyi wrote is not, and is made anew."""
    tag = _tag(version)
    try:
        head = _read_private(_cache_path(root, name), 32 + len(tag))
    except OSError:
        return False
    return head[32:] == tag


def ensure_folder(root: Path, sub: str = "") -> Path:
    """The cache folder (or a folder inside it) of the workspace at ``root``, created when
    missing, with the ``.gitignore`` that keeps it out of git (written whole or not at all,
    and written again when found empty or changed). Refuses symbolic links anywhere below
    ``root``: raises :class:`~pingyi.io.write.UnsafePath`."""
    from .write import make_dirs, write_atomic

    folder = make_dirs(root / CACHE_DIR / sub if sub else root / CACHE_DIR, root)
    ignore = root / CACHE_DIR / ".gitignore"
    try:
        current: bytes | None = _read_private(ignore)
    except OSError:
        current = None
    if current != GITIGNORE.encode():
        write_atomic(ignore, GITIGNORE, overwrite=True, base=root)
    return folder


def load_signed(root: Path, name: str, version: str) -> Any | None:
    """A value written by :func:`save_signed` under ``.pingyi-cache/name`` of the workspace
    at ``root`` for this pingyi version and this user, or None (missing, damaged, foreign,
    from another version, reached through a symbolic link, or no key to check it with:
    never decoded)."""
    key = _key()
    if key is None:
        return None
    try:
        blob = _read_private(_cache_path(root, name))
    except OSError:
        return None
    tag = _tag(version)
    signature, body = blob[:32], blob[32:]
    if not body.startswith(tag) or not hmac.compare_digest(signature, hmac.new(key, body, "sha256").digest()):
        return None
    kind, payload = body[len(tag) : len(tag) + 1], body[len(tag) + 1 :]
    if kind == b"B":
        return payload
    if kind != b"D":
        return None
    from . import plain

    try:
        return plain.loads(payload)
    except Exception:  # noqa: BLE001 - a damaged cache is simply not used
        return None


def save_signed(root: Path, name: str, version: str, value: Any, *, plain: bool = False) -> bool:
    """Write ``value`` signed under ``.pingyi-cache/name`` (``plain``: ``value`` is bytes,
    kept as they are); False when it could not be written (no key, a read-only workspace
    or a full disk simply go without a cache; a cache folder that is a symbolic link is
    never written through)."""
    if plain:
        return save_signed_bytes(root, name, version, [bytes(value)])
    from . import plain as data_only

    try:
        payload = data_only.dumps(value)
    except (TypeError, ValueError):  # a value the plain encoding does not know: not cached
        return False
    return _write_signed(root, name, version, b"D", [payload])


def save_signed_bytes(root: Path, name: str, version: str, parts: Iterable[bytes]) -> bool:
    """Write the bytes ``parts`` make, one after the other, signed under
    ``.pingyi-cache/name`` as :func:`save_signed` with ``plain`` does, without ever
    joining them (a county's report output is never copied whole to be stored)."""
    return _write_signed(root, name, version, b"B", parts)


def _write_signed(root: Path, name: str, version: str, kind: bytes, parts: Iterable[bytes]) -> bool:
    """The one writer of signed entries: the signature, the tag, ``kind`` and ``parts``,
    written a part at a time and signed as they go; the signature's place is filled in at
    the end (a file cut short is never used: its signature does not match)."""
    from .write import open_atomic

    key = _key()
    if key is None:
        return False
    path = root / CACHE_DIR / name
    try:
        ensure_folder(root, str(Path(name).parent) if "/" in name else "")
        with open_atomic(path, overwrite=True, base=root, durable=False) as fh:
            mac = hmac.new(key, digestmod="sha256")
            fh.write(bytes(mac.digest_size))
            for part in itertools.chain((_tag(version), kind), parts):
                mac.update(part)
                fh.write(part)
            fh.seek(0)
            fh.write(mac.digest())
    except OSError:
        return False
    return True


def prune(root: Path, sub: str, keep: int, most_bytes: int | None = None) -> None:
    """Keep the ``keep`` newest entries of the cache folder ``sub``, and of those only as
    many as fit in ``most_bytes`` (the newest always kept); only pingyi's own entries (plain
    files named by a hex digest) are ever removed, and only in a real folder of the
    workspace's own cache."""
    try:
        folder = _cache_path(root, f"{sub}/x")
        entries = []
        for entry in os.scandir(folder.parent):
            if (
                len(entry.name) == 64
                and all(c in "0123456789abcdef" for c in entry.name)
                and entry.is_file(follow_symlinks=False)
            ):
                info = entry.stat(follow_symlinks=False)
                entries.append((info.st_mtime_ns, info.st_size, entry.path))
        entries.sort(reverse=True)
        total = 0
        for k, (_, size, path) in enumerate(entries):
            total += size
            if k >= keep or (most_bytes is not None and k > 0 and total > most_bytes):
                os.unlink(path)
    except OSError:
        pass
