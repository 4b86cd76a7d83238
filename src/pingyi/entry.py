"""The ``pingyi`` executable: answer from the results cache when the answer is known
(:mod:`pingyi.memo`, light imports only), else run the command line."""

from __future__ import annotations

import sys


def main() -> None:
    from . import __version__
    from .memo import run

    def app() -> None:
        from .cli import app as typer_app

        typer_app()

    run(app, sys.argv[1:], __version__)
