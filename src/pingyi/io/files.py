"""Finding a workspace and its files. Nothing here knows what a member is."""

from __future__ import annotations

import os
from pathlib import Path

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


def discover(root: Path, exclude: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every ``*.yaml``/``*.yml`` file below ``root`` as a POSIX path relative to it,
    sorted, skipping hidden files and folders, the excluded folders and ``pingyi.yaml``.

    Symbolic links are followed, but a folder already walked (a link to ``.`` or to a
    folder above) is walked once only, so a link loop ends."""
    excluded = {e.strip("/").replace("\\", "/") for e in exclude if e.strip("/")}
    found: list[str] = []
    walked: set[tuple[int, int]] = set()

    def walk(folder: str, rel: str) -> None:
        try:
            info = os.stat(folder)
            entries = list(os.scandir(folder))
        except OSError:
            return
        if (info.st_dev, info.st_ino) in walked:
            return
        walked.add((info.st_dev, info.st_ino))
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = f"{rel}{name}"
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link loop: listed, so that reading it reports the trouble
                is_dir = False
            if is_dir:
                if path in excluded or name in excluded:
                    continue
                walk(entry.path, path + "/")
            elif name.endswith(YAML_SUFFIXES) and path != WORKSPACE_FILE:
                found.append(path)

    walk(str(root), "")
    found.sort()
    return found


def relative(root: Path, path: Path) -> str:
    """``path`` relative to the workspace root (may start with ``../``), POSIX form."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), root)).as_posix()


def reader(root: Path):
    """A function that reads a workspace file's bytes by its relative name (None when gone)."""

    def read(file: str) -> bytes | None:
        try:
            return (root / file).read_bytes()
        except OSError:
            return None

    return read
