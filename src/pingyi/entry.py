"""The ``pingyi`` executable: answer from the results cache when the answer is known
(:mod:`pingyi.memo`, light imports only), else run the command line."""

from __future__ import annotations

import sys


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


def main() -> None:
    tolerant_streams()
    from . import __version__
    from .memo import run

    def app() -> None:
        from .cli import app as typer_app

        typer_app()

    run(app, sys.argv[1:], __version__)
