"""The typer application of ``pingyi``: the options of ``pingyi`` itself, over the command
tree of :data:`pingyi.cli.TREE`, whose commands are imported when they are named
(:class:`~pingyi.cli.language.PingyiGroup`)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import ROOT_OPTIONS, TREE
from .common import NO_CACHE, LangOpt
from .language import PingyiGroup

_HELP = {option.names[0]: option.help for option in ROOT_OPTIONS}

app = typer.Typer(
    cls=PingyiGroup,
    name="pingyi",
    help=TREE.help(),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pingyi {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help=_HELP["--version"])] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=_HELP["--no-cache"])] = False,
    lang: LangOpt = None,
) -> None:
    # the language of --lang was decided before parsing (PingyiGroup.main)
    NO_CACHE.set(no_cache)


def group_options(lang: LangOpt = None) -> None:
    """(The options of ``pingyi export`` and ``pingyi import`` themselves.)"""
    # the language of --lang was decided before parsing (PingyiGroup.main)


__all__ = ["app", "group_options"]
