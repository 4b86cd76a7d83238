"""The ``pingyi`` command line. Typer lives here only: each command parses its options,
calls load → compute → render, and maps outcomes to exit codes (FORMAT §11)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import check as check_cmd
from . import common
from . import init as init_cmd
from . import schema as schema_cmd

app = typer.Typer(
    name="pingyi",
    help="评议 pingyi: review rounds, commitments, points and stars of Party grassroots organisations, kept as YAML.",
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
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file afresh instead of using .pingyi-cache/.")
    ] = False,
) -> None:
    """评议 pingyi: review rounds, commitments, points and stars of Party grassroots
    organisations, kept as plain YAML files in a git-tracked folder."""
    if no_cache:
        common.USE_CACHE["enabled"] = False


WORKSPACE = "Workspace"
REPORTS = "Reports"
OUTPUT = "Output"

app.command("check", rich_help_panel=WORKSPACE)(check_cmd.check)
app.command("init", rich_help_panel=WORKSPACE)(init_cmd.init)
app.command("schema", rich_help_panel=WORKSPACE)(schema_cmd.schema)


def main() -> None:
    app()
