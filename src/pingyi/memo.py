"""Remembering what a report command printed, so that asking again costs nothing.

A report is a pure function of the workspace's files, the command line, the day (overdue
items are judged against today) and the terminal it goes to. When every file of the
workspace is recorded unchanged in the file cache (:mod:`pingyi.io.cache`, by size,
modification time and content digest), the output of the same command line is served from
``.pingyi-cache/results/``; any edited, added or removed file changes the key and the
command runs again. Entries are signed like the file cache, so a results folder committed
by someone else is never trusted. ``--no-cache`` and ``PINGYI_NO_CACHE=1`` bypass it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .io.cache import CACHE_DIR, FileCache, digest, load_signed, save_signed, untouched
from .io.files import WORKSPACE_FILE, WorkspaceNotFound, discover, find_root

#: Commands whose output depends on nothing but the workspace and their options.
REPORTS = frozenset({"check", "score", "explain", "honours", "coverage", "rectify", "commitments", "survey"})
KEEP = 64


def _workspace_arg(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg in ("-w", "--workspace") and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--workspace="):
            return arg.split("=", 1)[1]
        if arg.startswith("-w") and len(arg) > 2 and not arg.startswith("--"):
            return arg[2:]
    return None


def _command(argv: list[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
        if arg in ("--no-cache", "--help", "-h", "--version", "-V", "--install-completion", "--show-completion"):
            return None
    return None


def key_for(argv: list[str], version: str, read: dict[str, dict[str, str]] | None = None) -> tuple[Path, str] | None:
    """The workspace root and the key of this command line, or None when the output may
    not be remembered (not a report, cache off, a file changed since it was recorded).
    ``read`` gives, per root, the digests of the files a run has just read."""
    if os.environ.get("PINGYI_NO_CACHE", "") not in ("", "0") or "--help" in argv or "-h" in argv:
        return None
    if _command(argv) not in REPORTS:
        return None
    try:
        root = find_root(_workspace_arg(argv))
    except (WorkspaceNotFound, OSError):
        return None
    # the digests of what a run has just read, or else those the file cache recorded,
    # trusted only for files untouched since (same size and time, not "racy")
    just_read = (read or {}).get(str(root))
    recorded: dict[str, tuple[int, int, str]] | None = None
    written_at = 0.0
    if just_read is None:
        index = FileCache.digests(root, version)
        if index is None:
            return None
        written_at, recorded = index
    shas = just_read if just_read is not None else {name: entry[2] for name, entry in recorded.items()}  # type: ignore[union-attr]
    h = hashlib.sha256()
    try:
        config = (root / WORKSPACE_FILE).read_bytes()
        h.update(digest(config).encode())
        from .io.yaml import parse_bytes

        doc = parse_bytes(config)
        settings = doc[0] if doc and isinstance(doc[0], dict) else {}
        exclude = settings.get("exclude") or []
        if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
            return None
        rules = settings.get("rules")
        if isinstance(rules, str) and (root / rules).is_file():
            h.update(digest((root / rules).read_bytes()).encode())
        names = discover(root, exclude)
        if set(names) != set(shas):
            return None
        for name in names:
            sha = shas[name]
            if recorded is not None and not untouched(recorded[name], (root / name).stat(), written_at):
                return None
            h.update(f"{name}\0{sha}\0".encode())
        for arg in argv:  # a file named on the command line (--rules FILE) counts by content
            path = Path(arg)
            if len(arg) < 4096 and path.is_file():
                h.update(digest(path.read_bytes()).encode())
    except Exception:  # noqa: BLE001 - anything odd: just run the command
        return None
    terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if terminal else 0
    context = [version, os.getcwd(), str(root), dt.date.today().isoformat(), str(terminal), str(width), *argv]
    h.update("\0".join(context).encode())
    return root, h.hexdigest()


def lookup(root: Path, key: str, version: str) -> tuple[int, str, str] | None:
    value = load_signed(root / CACHE_DIR / "results" / key, version)
    if isinstance(value, tuple) and len(value) == 3:
        return value
    return None


def store(root: Path, key: str, version: str, code: int, out: str, err: str) -> None:
    folder = root / CACHE_DIR / "results"
    save_signed(folder / key, version, (code, out, err))
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:
        pass


class _Tee(io.TextIOBase):
    """Writes through to a stream and keeps a copy."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self.copy = io.StringIO()
        #: set when the stream refused a write (a reader that went away: ``| head``); the
        #: copy is then not what the command would print, and must not be remembered
        self.failed = False

    def write(self, text: str) -> int:
        self.copy.write(text)
        try:
            return self._stream.write(text)
        except OSError:
            self.failed = True
            raise

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            self.failed = True
            raise

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")


@contextmanager
def captured() -> Iterator[tuple[_Tee, _Tee]]:
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err  # type: ignore[assignment]
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = out._stream, err._stream  # type: ignore[assignment]


def run(app_main, argv: list[str], version: str) -> None:  # type: ignore[no-untyped-def]
    """Run the command line, from memory when possible; remember a report's output."""
    if not _rememberable(argv):
        app_main()
        return
    planned = key_for(argv, version)
    if planned is not None:
        hit = lookup(*planned, version)
        if hit is not None:
            code, out, err = hit
            sys.stdout.write(out)
            sys.stderr.write(err)
            sys.stdout.flush()
            raise SystemExit(code)
    code: int | str | None = 0
    with captured() as (out_copy, err_copy):
        try:
            app_main()
        except SystemExit as exc:
            code = exc.code
    if code in (0, 1, 3, None) and not (out_copy.failed or err_copy.failed):
        # the run has just recorded every file it read, so the key is known now even when
        # it was not before (first run, or files edited since the last one)
        loader = sys.modules.get("pingyi.loader")
        after = key_for(argv, version, getattr(loader, "LAST_READ", None))
        if after is not None:
            store(*after, version, int(code or 0), out_copy.copy.getvalue(), err_copy.copy.getvalue())
    raise SystemExit(code)


def _writes_a_file(argv: list[str]) -> bool:
    """``-o FILE``: the output is a file, which replaying stdout would not write."""
    return any(a in ("-o", "--output") or a.startswith("--output=") or (a.startswith("-o") and not a.startswith("--")) for a in argv)


def _rememberable(argv: list[str]) -> bool:
    return (
        _command(argv) in REPORTS
        and os.environ.get("PINGYI_NO_CACHE", "") in ("", "0")
        and not any(a in ("--help", "-h", "--no-cache") for a in argv)
        and not _writes_a_file(argv)
    )
