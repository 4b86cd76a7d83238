"""Writing files safely: atomically (a reader never sees half a file, a crash never leaves
one), never over an existing file unless told to, and never through a symbolic link that
pingyi did not expect.

* :func:`write_atomic` writes through a temporary file in the same folder, then renames
  (or links, when the target must not exist yet). An existing file keeps its permission
  bits; a new file gets the ones the user's umask gives (as ``open()`` would), never the
  temporary file's 0600. A symlink at the target is replaced, never written through.
* :func:`open_atomic` is the same as a file to write into bit by bit (a workbook of tens
  of megabytes is written straight to the disk, never held in memory whole): the file
  appears, whole, when the ``with`` block ends without an error; on an error it never does.
* :func:`make_dirs` creates folders below a trusted base folder and refuses any part of
  the path that is a symbolic link or no folder: a workspace received from someone else
  cannot point pingyi's own folders (``.pingyi-cache/``) anywhere else on the disk.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class FileExists(Exception):
    """The target exists and overwriting was not asked for."""

    def __init__(self, path: Path):
        super().__init__(f"{path} already exists; pass --force to replace it")
        self.path = path


class UnsafePath(OSError):
    """A folder pingyi was to create or write in is a symbolic link or not a folder."""


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - systems without /proc
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def make_dirs(path: Path, base: Path | None = None) -> Path:
    """Create ``path`` and its missing parents, refusing to go through a symbolic link or
    a file: every part below ``base`` (the workspace root, trusted as it is; default: the
    parent of ``path``) must be a real folder or not exist yet. Raises :class:`UnsafePath`."""
    path = Path(path)
    base = Path(base) if base is not None else path.parent
    try:
        parts = path.relative_to(base).parts
    except ValueError:
        raise UnsafePath(f"{path} is not inside {base}") from None
    here = base
    for part in parts:
        if part in ("", ".", ".."):
            raise UnsafePath(f"{path}: unexpected `{part}` in the path")
        here = here / part
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                os.mkdir(here)
            info = os.lstat(here)
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePath(f"{here} is a symbolic link; pingyi does not follow it")
        if not stat.S_ISDIR(info.st_mode):
            raise UnsafePath(f"{here} is not a folder")
    return path


def write_atomic(
    path: Path, data: bytes | str, *, overwrite: bool = False, base: Path | None = None, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder. Without
    ``overwrite``, an existing ``path`` is left alone and :class:`FileExists` raised (the
    check and the write are one step, so a file appearing meanwhile is not lost either).

    With ``base``, the folders from ``base`` down to ``path`` are created by
    :func:`make_dirs` (no symbolic link followed); without it, the parent folder is created
    as the user named it. A symlink at ``path`` itself counts as an existing file, and is
    replaced by the file, never written through.

    ``durable=False`` skips flushing the data to the disk before the rename: for what can
    be lost without harm (the cache, whose files are signed, so one cut short by a crash
    is simply not used)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open_atomic(path, overwrite=overwrite, base=base, durable=durable) as fh:
        fh.write(data)


@contextlib.contextmanager
def open_atomic(path: Path, *, overwrite: bool = False, base: Path | None = None, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s content into, atomically: it is a temporary file
    in ``path``'s folder, which takes ``path``'s place when the ``with`` block ends without
    an error (flushed to the disk first, unless ``durable=False``) and is removed when it
    raises, leaving ``path`` as it was. Everything else is :func:`write_atomic`'s: the
    folders made (under ``base``, without following a symbolic link), the mode of a file
    replaced kept (a new file gets the umask's), and without ``overwrite``
    :class:`FileExists` raised when ``path`` exists, before anything is written and again
    at the end, in one step with the linking, should a file have appeared meanwhile."""
    path = Path(path)
    if base is not None:
        make_dirs(path.parent, base)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = os.lstat(path)
    except FileNotFoundError:
        old = None
    if old is not None and not overwrite:
        raise FileExists(path)
    mode = stat.S_IMODE(old.st_mode) if old is not None and stat.S_ISREG(old.st_mode) else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            if durable:
                os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path exists: no clobbering, even in a race
            except FileExistsError:
                raise FileExists(path) from None
            except OSError:  # pragma: no cover - filesystems without hard links
                if os.path.lexists(path):
                    raise FileExists(path) from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
