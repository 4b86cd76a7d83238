"""Writing files safely: atomically (a reader never sees half a file, a crash never leaves
one) and never over an existing file unless told to."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class FileExists(Exception):
    """The target exists and overwriting was not asked for."""

    def __init__(self, path: Path):
        super().__init__(f"{path} already exists; pass --force to replace it")
        self.path = path


def write_atomic(path: Path, data: bytes | str, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder. Without
    ``overwrite``, an existing ``path`` is left alone and :class:`FileExists` raised (the
    check and the write are one step, so a file appearing meanwhile is not lost either)."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and path.exists():
        raise FileExists(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path exists: no clobbering, even in a race
            except FileExistsError:
                raise FileExists(path) from None
            except OSError:  # pragma: no cover - filesystems without hard links
                if path.exists():
                    raise FileExists(path) from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
