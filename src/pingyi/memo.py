"""Remembering what a report command printed, so that asking again costs nothing.

A report's output is a pure function of its *inputs*, declared here in one place
(:func:`inputs`): the command line, the workspace's files, files named on the command line,
the day (overdue items are judged against today), where the output goes (a terminal or
not, its width), the environment variables that change words, colours or layout
(:data:`ENVIRONMENT`), and pingyi itself (version and source files). The output of a
command line is filed in ``.pingyi-cache/results/`` under a digest of all of them, and
served from there when they are all the same again.

The files' digests are those the run itself read, as the file cache recorded them
(:mod:`pingyi.io.cache`, by size, modification time and content digest, the same mapping
:attr:`pingyi.loader.LoadResult.digests` gives): a file edited while the command ran, or
since, does not match its record, so the output is neither filed nor served. Entries are
plain data (JSON), signed like the file cache, so a results folder committed by someone
else is never trusted. ``--no-cache`` and ``PINGYI_NO_CACHE=1`` bypass it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .io.cache import FileCache, code_digest, digest, load_signed, prune, save_signed_bytes, untouched
from .io.files import WORKSPACE_FILE, WorkspaceNotFound, find_root, scan

#: Commands whose output depends on nothing but their declared inputs.
REPORTS = frozenset({"check", "score", "explain", "honours", "coverage", "rectify", "commitments", "survey"})
#: How many remembered outputs a workspace keeps (the newest), and in how many bytes at
#: most (a county's points report in JSON is 12 MB: a dozen of those, not 64).
KEEP = 64
KEEP_BYTES = 128 * 1024 * 1024
#: The environment variables that change what a report prints: colours, width, language.
ENVIRONMENT = (
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "LINES",
    "PINGYI_LANG",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LC_CTYPE",
    "TZ",
)
_NO_RUN = ("--help", "-h", "--version", "-V", "--install-completion", "--show-completion", "--no-cache")


def disabled_by_environment() -> bool:
    """``PINGYI_NO_CACHE=1``: no cache of any kind."""
    return os.environ.get("PINGYI_NO_CACHE", "") not in ("", "0")


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
        if arg in _NO_RUN:
            return None
        if not arg.startswith("-"):
            return arg
    return None


def _today() -> str:
    return dt.date.today().isoformat()


def _terminal() -> tuple[bool, int]:
    """Whether the output goes to a terminal, and how wide it is."""
    terminal = sys.stdout.isatty()
    return terminal, (shutil.get_terminal_size().columns if terminal else 0)


def _workspace_files(root: Path, version: str, *, walk: bool = True, verify: bool = True) -> dict[str, str] | None:
    """The digest of every file a run of a report reads (``pingyi.yaml``, the workspace's
    files, a rules file named in it), as the last run recorded them, when every one of them
    is untouched since and no file was added or removed; else None.

    ``walk=False`` (just after a run, to file its output) spares walking the folders again:
    the files the run read are checked to be untouched, and a file added meanwhile is
    found by the walk of the next lookup, whose key it then changes. When the index holds
    the files as the run itself read them (:meth:`FileCache.as_read`), they are not looked
    at again either: a file edited during the run no longer matches what the index
    records, which the next lookup finds before it serves anything.

    ``verify=False`` gives the digests as recorded, without looking at the files at all:
    the key to look an output up by, which is served only once a verifying lookup gives
    the same key (a command line never run before costs no walk)."""
    index = FileCache.digests(root, version)
    if index is None:
        return None
    written_at, recorded = index
    if not verify or (not walk and FileCache.as_read(root)):
        return {name: entry[2] for name, entry in recorded.items()}
    try:
        config = recorded.get(WORKSPACE_FILE)
        if config is None or not untouched(config, os.stat(root / WORKSPACE_FILE), written_at):
            return None
        from .io.yaml import parse_bytes

        data = (root / WORKSPACE_FILE).read_bytes()
        if digest(data) != config[2]:
            return None
        settings = parse_bytes(data)
        first = settings[0] if settings and isinstance(settings[0], dict) else {}
        exclude = first.get("exclude") or []
        if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
            return None
        base = str(root)
        for name, entry in recorded.items():  # first: an edited file ends the lookup before any walk
            if not untouched(entry, os.stat(f"{base}/{name}"), written_at):
                return None
        if walk:
            found = scan(root, exclude)
            if found.skipped:
                return None  # what cannot be read is reported anew each time
            if not set(found.files) <= recorded.keys():
                return None  # a file added
            rules = first.get("rules")
            named = {os.path.normpath(rules).replace(os.sep, "/")} if isinstance(rules, str) else set()
            expected = set(found.files) | {WORKSPACE_FILE} | named
            if recorded.keys() - expected:
                return None  # a file removed
    except Exception:  # noqa: BLE001 - anything odd: just run the command
        return None
    return {name: entry[2] for name, entry in recorded.items()}


def inputs(argv: list[str], root: Path, version: str, *, walk: bool = True, verify: bool = True) -> dict[str, str] | None:
    """Everything the output of the report ``argv`` depends on, by name, or None when it
    cannot all be known without running it. The single list to extend when a new thing
    changes a report's output."""
    files = _workspace_files(root, version, walk=walk, verify=verify)
    if files is None:
        return None
    named: list[str] = []
    for arg in argv:  # a file named on the command line (--rules FILE) counts by content
        for text in (arg, arg.partition("=")[2]):
            if text and len(text) < 4096 and os.path.isfile(text):
                try:
                    named.append(f"{text}\0{digest(Path(text).read_bytes())}")
                except OSError:
                    return None
    terminal, width = _terminal()
    return {
        "argv": "\0".join(argv),
        "cwd": os.getcwd(),
        "workspace": str(root),
        "files": "\0".join(f"{name}\0{sha}" for name, sha in sorted(files.items())),
        "named files": "\0".join(named),
        "day": _today(),
        "terminal": str(terminal),
        "width": str(width),
        **{f"env {name}": os.environ.get(name, "\0unset") for name in ENVIRONMENT},
        "pingyi": f"{version} {code_digest()}",
        "python": sys.version,
    }


def key_for(argv: list[str], version: str, *, walk: bool = True, verify: bool = True) -> tuple[Path, str] | None:
    """The workspace root and the key of this command line, or None when its output may
    not be remembered (not a report, cache off, a file changed since it was recorded)."""
    if not _rememberable(argv):
        return None
    try:
        root = find_root(_workspace_arg(argv))
    except (WorkspaceNotFound, OSError):
        return None
    known = inputs(argv, root, version, walk=walk, verify=verify)
    if known is None:
        return None
    h = hashlib.sha256()
    for name, value in sorted(known.items()):
        h.update(f"{name}\0{value}\0\0".encode())
    return root, h.hexdigest()


#: How the text of an output is kept: UTF-8, lone surrogates (a file name the system could
#: not decode) kept as they were.
_TEXT = ("utf-8", "surrogatepass")


def lookup(root: Path, key: str, version: str) -> tuple[int, str, str] | None:
    """A remembered output: its exit code, stdout and stderr. Kept as ``CODE\\0N\\0``, the
    N bytes of stderr, then stdout (see :func:`store`)."""
    value = load_signed(root, f"results/{key}", version)
    if not isinstance(value, bytes):
        return None
    try:
        code_end = value.index(b"\0")
        size_end = value.index(b"\0", code_end + 1)
        code, size = int(value[:code_end]), int(value[code_end + 1 : size_end])
        err_end = size_end + 1 + size
        if size < 0 or err_end > len(value):
            return None
        return code, value[err_end:].decode(*_TEXT), value[size_end + 1 : err_end].decode(*_TEXT)
    except ValueError:  # UnicodeDecodeError included
        return None


def store(root: Path, key: str, version: str, code: int, out: str | list[str], err: str) -> None:
    """Remember an output (``out``: the text, or the pieces it was written in, which are
    encoded and stored one at a time)."""
    err_bytes = err.encode(*_TEXT)
    pieces = [out] if isinstance(out, str) else out
    parts = itertools.chain((f"{code}\0{len(err_bytes)}\0".encode(), err_bytes), (p.encode(*_TEXT) for p in pieces))
    if save_signed_bytes(root, f"results/{key}", version, parts):
        prune(root, "results", KEEP, KEEP_BYTES)


class _Tee(io.TextIOBase):
    """Writes through to a stream and keeps a copy."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        #: what was written, in the pieces it was written in (never joined: a county's
        #: report is stored a piece at a time)
        self.pieces: list[str] = []
        #: set when the stream refused a write (a reader that went away: ``| head``); the
        #: copy is then not what the command would print, and must not be remembered
        self.failed = False

    def write(self, text: str) -> int:
        self.pieces.append(text)
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
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = out._stream, err._stream


def run(app_main: Callable[[], object], argv: list[str], version: str) -> None:
    """Run the command line, from memory when possible; remember a report's output."""
    if not _rememberable(argv):
        app_main()
        return
    planned = key_for(argv, version, verify=False)
    if planned is not None:
        hit = lookup(*planned, version)
        # served only when every file is still as recorded (the same key, verified)
        if hit is not None and key_for(argv, version) == planned:
            remembered, out, err = hit
            sys.stdout.write(out)
            sys.stderr.write(err)
            sys.stdout.flush()
            raise SystemExit(remembered)
    code: int | str | None = 0
    with captured() as (out_copy, err_copy):
        try:
            app_main()
        except SystemExit as exc:
            code = exc.code
    if code in (0, 1, 3, None) and not (out_copy.failed or err_copy.failed):
        # the run has just recorded what it read; the inputs are those only if every file
        # is still as it was read (an edit during the run files nothing)
        after = key_for(argv, version, walk=False)
        if after is not None:
            store(*after, version, int(code or 0), out_copy.pieces, "".join(err_copy.pieces))
    raise SystemExit(code)


def _writes_a_file(argv: list[str]) -> bool:
    """``-o FILE``: the output is a file, which replaying stdout would not write."""
    return any(
        a in ("-o", "--output") or a.startswith("--output=") or (a.startswith("-o") and not a.startswith("--")) for a in argv
    )


def _rememberable(argv: list[str]) -> bool:
    return (
        _command(argv) in REPORTS
        and not disabled_by_environment()
        and not any(a in _NO_RUN for a in argv)
        and not _writes_a_file(argv)
    )
