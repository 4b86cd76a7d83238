"""The ``pingyi`` executable: ``--version`` and ``--help`` answered from the table of
commands alone (:func:`pingyi.cli.registry.quick_answer`), an answer already known from
the results cache (:mod:`pingyi.memo`, light imports only), else the command line.

An output that cannot be delivered is said plainly, never as a traceback: a full disk or a
closed standard output is an error on stderr and exit code 2; a reader that went away
(``pingyi score | head``) ends the command quietly with exit code 1.
"""

from __future__ import annotations

import errno
import os
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, TextIO

from .i18n import N_

if TYPE_CHECKING:
    from .io.cache import WorkspaceChanged

_TEXTS = {
    "output-failed": N_("cannot write the output: {reason}"),
    "output-closed": N_("standard output is closed"),
    "output-full": N_("the disk is full; make room and run the command again"),
    "workspace-changed": N_(
        "{file} changed while pingyi was reading the workspace (and its cache was removed meanwhile); run the command again"
    ),
}


#: ``pingyi COMMAND --help``: answered by the command line without looking for a
#: remembered output (:mod:`pingyi.memo` remembers none with these), so without it.
_HELP = ("--help", "-h")


class OutputFailed(OSError):
    """Writing to standard output failed (a full disk, a closed or broken stream)."""

    def __init__(self, error: OSError):
        super().__init__(error.errno, error.strerror)
        self.error = error


class _Guarded:
    """Standard output whose write errors become :class:`OutputFailed`, so they are told
    apart from the errors of reading the workspace."""

    def __init__(self, stream: TextIO | None):
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            raise OutputFailed(OSError(errno.EBADF, os.strerror(errno.EBADF)))
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputFailed(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputFailed(exc) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return self._stream.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _lang(argv: list[str]) -> str:
    from .i18n import resolve_lang

    option = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            option = argv[i + 1]
        elif arg.startswith("--lang="):
            option = arg.split("=", 1)[1]
    try:
        return resolve_lang(option if option in ("zh", "en") else None, None)
    except Exception:  # noqa: BLE001 - a message in the default language will do
        return "zh"


def _silence_stdout() -> None:
    """Point the standard output at nothing, so that the interpreter's last flush at exit
    does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def tolerant_streams() -> None:
    """Never fail on a character the console or file encoding cannot show (a Chinese
    Windows console is cp936/GBK, which has no ``⌊`` or ``−``): it is shown as ``?``."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass


class _NeverRaised(Exception):
    """Stands for an error whose module was never imported, so that nothing raised it."""

    name = ""


def _changed() -> type[WorkspaceChanged] | type[_NeverRaised]:
    """The error of a workspace that changed under a run (:class:`~pingyi.io.cache.WorkspaceChanged`),
    looked up once an exception is on its way out (``pingyi --help`` too ends with one):
    never imported for it, since only a run that imported the cache can have raised it."""
    cache = sys.modules.get("pingyi.io.cache")
    return _NeverRaised if cache is None else cache.WorkspaceChanged


def main() -> None:
    tolerant_streams()
    from . import __version__
    from .speed import bulk, settle

    # The start (imports, the remembered outputs looked up) makes objects that live until
    # the end: the cyclic collector stays off for it, and then away from what it made
    # (pingyi.speed); it is back on for the command itself.
    start = ExitStack()
    start.enter_context(bulk())

    def app() -> None:
        settle()
        start.close()
        from .cli.root import app as typer_app

        typer_app()

    argv = sys.argv[1:]
    real = sys.stdout
    sys.stdout = _Guarded(real)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    try:
        try:
            from .cli.registry import quick_answer

            quick = quick_answer(argv, __version__)
            if quick is not None:
                sys.stdout.write(quick[0])
                raise SystemExit(quick[1])
            if any(arg in _HELP for arg in argv):  # help is never a remembered output
                app()
            else:
                from .memo import run

                run(app, argv, __version__)
        finally:
            start.close()
            settle()  # the interpreter's last collection, at exit, then walks nothing of it
            sys.stdout.flush()
    except _changed() as exc:
        from .diagnostics import headed
        from .i18n import gettext

        text = gettext(_TEXTS["workspace-changed"], _lang(argv)).format(file=exc.name)
        sys.stderr.write(headed("error", text, _lang(argv)) + "\n")
        raise SystemExit(1) from None
    except OutputFailed as exc:
        _silence_stdout()
        sys.stdout = real
        if exc.error.errno == errno.EPIPE:
            raise SystemExit(1) from None
        from .diagnostics import headed
        from .i18n import gettext

        lang = _lang(argv)
        if exc.error.errno == errno.EBADF:
            reason = gettext(_TEXTS["output-closed"], lang)
        elif exc.error.errno == errno.ENOSPC:
            reason = gettext(_TEXTS["output-full"], lang)
        else:
            reason = exc.error.strerror or str(exc.error)
        sys.stderr.write(headed("error", gettext(_TEXTS["output-failed"], lang).format(reason=reason), lang) + "\n")
        raise SystemExit(2) from None
