"""Finding a workspace and its files. Nothing here knows what a member is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

WORKSPACE_FILE = "pingyi.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


class WorkspaceNotFound(Exception):
    """No ``pingyi.yaml`` in the folder or any folder above it (or no such folder): its
    message is said in the language in force when it is shown."""

    def __init__(self, start: Path, missing: str | None = None):
        self.start = start
        self.missing = missing  # the folder as the user named it, when it does not exist
        super().__init__(str(start))

    def __str__(self) -> str:
        from ..diagnostics import render_message

        if self.missing is not None:
            return render_message("no-such-workspace-folder", (("folder", self.missing),))
        return render_message("no-workspace-above", (("file", WORKSPACE_FILE), ("folder", str(self.start))))


def find_root(start: Path | str | None = None) -> Path:
    """The folder holding ``pingyi.yaml``: ``start`` itself when given a workspace folder,
    else the nearest folder upwards from ``start`` (default: the current folder), the way
    git finds a repository."""
    here = Path(start) if start is not None else Path.cwd()
    here = here.resolve()
    if not here.exists():
        # a mistyped --workspace must not fall back on a workspace above it
        raise WorkspaceNotFound(here, str(start))
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
    raise WorkspaceNotFound(here)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path the walk did not read: ``why`` is ``"outside"`` (a symbolic link that leads
    out of the workspace) or ``"unreadable"`` (a folder that cannot be listed), ``detail``
    the system's reason."""

    path: str
    why: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Scan:
    """The workspace's files (sorted POSIX paths relative to the root) and what was skipped."""

    files: tuple[str, ...]
    skipped: tuple[Skipped, ...] = ()


def inside(root: Path, path: Path) -> bool:
    """``path``, every symbolic link resolved, lies inside the (resolved) workspace root."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def scan(root: Path, exclude: list[str] | tuple[str, ...] = ()) -> Scan:
    """Every ``*.yaml``/``*.yml`` file below ``root``, skipping hidden files and folders,
    the excluded folders and ``pingyi.yaml``.

    The one rule for what pingyi reads: only what lies inside the workspace. A symbolic
    link whose target is inside the workspace is followed (a folder already walked, as a
    link to ``.``, is walked once only, so a loop ends); one that leads out of it is not
    followed and is reported as skipped. A folder that cannot be listed is reported too,
    never passed over in silence."""
    excluded = {e.strip("/").replace("\\", "/") for e in exclude if isinstance(e, str) and e.strip("/")}
    real_root = os.path.realpath(root)
    found: list[str] = []
    skipped: list[Skipped] = []
    walked: set[tuple[int, int]] = set()
    # a folder stack instead of recursion: a deep folder tree cannot overflow anything
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, rel = stack.pop()
        try:
            info = os.stat(folder)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(rel.rstrip("/") or ".", "unreadable", exc.strerror or str(exc)))
            continue
        if (info.st_dev, info.st_ino) in walked:
            continue
        walked.add((info.st_dev, info.st_ino))
        for entry in reversed(entries):
            name = entry.name
            if name.startswith("."):
                continue
            path = f"{rel}{name}"
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError:  # pragma: no cover - listed, so that reading it reports the trouble
                link, is_dir = False, False
            if is_dir and (path in excluded or name in excluded):
                continue
            if not (is_dir or name.endswith(YAML_SUFFIXES)) or path == WORKSPACE_FILE:
                continue
            if link:  # a dangling link is listed: reading it reports the trouble
                target = os.path.realpath(entry.path)
                if os.path.exists(target) and os.path.commonpath([real_root, target]) != real_root:
                    skipped.append(Skipped(path, "outside"))
                    continue
            if is_dir:
                stack.append((entry.path, path + "/"))
            else:
                found.append(path)
    found.sort()
    return Scan(tuple(found), tuple(sorted(skipped, key=lambda s: s.path)))


def discover(root: Path, exclude: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The files :func:`scan` finds."""
    return list(scan(root, exclude).files)


def relative(root: Path, path: Path) -> str:
    """``path`` relative to the workspace root (may start with ``../``), POSIX form."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), root)).as_posix()


def reader(root: Path):
    """A function that reads a workspace file's bytes by its relative name (None when gone)."""

    def read(file: str) -> bytes | None:
        return read_inside(root, file)

    return read


#: The most pingyi reads of one file: a workspace file larger than this is not YAML a
#: person wrote, and reading it whole could exhaust memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


def read_inside(root: Path, file: str) -> bytes | None:
    """The bytes of the workspace file ``file`` (relative to ``root``), or None when it
    cannot be read, is no plain file (a pipe would never answer, a device never end), or
    lies outside the workspace through a symbolic link."""
    path = root / file
    if not inside(root, path):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
