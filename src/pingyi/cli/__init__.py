"""The ``pingyi`` command line. Typer lives here only: each command parses its options,
calls load → compute → render, and maps outcomes to exit codes (FORMAT §11)."""

from __future__ import annotations

from importlib import import_module
from typing import Annotated

import typer

from .. import __version__
from . import check as check_cmd
from . import common
from . import init as init_cmd
from . import schema as schema_cmd
from .language import PingyiCommand, PingyiGroup

app = typer.Typer(
    cls=PingyiGroup,
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
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read every file afresh instead of using .pingyi-cache/.")] = False,
) -> None:
    """评议 pingyi: review rounds, commitments, points and stars of Party grassroots
    organisations, kept as plain YAML files in a git-tracked folder."""
    common.NO_CACHE.set(no_cache)


WORKSPACE = "Workspace"
REPORTS = "Reports"
OUTPUT = "Output"

app.command("check", rich_help_panel=WORKSPACE, cls=PingyiCommand)(common.user_errors(check_cmd.check))
app.command("init", rich_help_panel=WORKSPACE, cls=PingyiCommand)(common.user_errors(init_cmd.init))
app.command("schema", rich_help_panel=WORKSPACE, cls=PingyiCommand)(common.user_errors(schema_cmd.schema))

from . import explain as explain_cmd  # noqa: E402
from . import honours as honours_cmd  # noqa: E402
from . import score as score_cmd  # noqa: E402

app.command("score", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(score_cmd.score))
app.command("explain", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(explain_cmd.explain))
app.command("honours", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(honours_cmd.honours))

from . import commitments as commitments_cmd  # noqa: E402
from . import coverage as coverage_cmd  # noqa: E402
from . import rectify as rectify_cmd  # noqa: E402
from . import survey as survey_cmd  # noqa: E402

app.command("coverage", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(coverage_cmd.coverage))
app.command("rectify", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(rectify_cmd.rectify))
app.command("commitments", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(commitments_cmd.commitments))
app.command("survey", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(survey_cmd.survey))
from . import appraisal as appraisal_cmd  # noqa: E402

app.command("appraisal", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(appraisal_cmd.appraisal))
app.command("diff", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(import_module("pingyi.cli.diff").diff))

from . import publicity as publicity_cmd  # noqa: E402

app.command("publicity", rich_help_panel=REPORTS, cls=PingyiCommand)(common.user_errors(publicity_cmd.publicity))

from . import rollup as rollup_cmd  # noqa: E402

app.command("rollup", rich_help_panel=REPORTS)(common.user_errors(rollup_cmd.rollup))

from . import export as export_cmd  # noqa: E402
from . import importer as import_cmd  # noqa: E402

export_cmd.app.command("parquet")(rollup_cmd.parquet)
app.add_typer(export_cmd.app, name="export", rich_help_panel=OUTPUT, cls=PingyiGroup)
from . import roster as roster_cmd  # noqa: E402

import_cmd.app.command("roster")(roster_cmd.roster)
from . import records as records_cmd  # noqa: E402

for _kind, _command in records_cmd.IMPORTS.items():
    import_cmd.app.command(_kind)(_command)
app.add_typer(import_cmd.app, name="import", rich_help_panel=OUTPUT, cls=PingyiGroup)

for _group in (export_cmd.app, import_cmd.app):
    for _info in _group.registered_commands:
        if _info.callback is not None:
            _info.callback = common.user_errors(_info.callback)
# every command speaks the language in force (usage line, help option), however registered
for _group in (app, export_cmd.app, import_cmd.app):
    for _info in _group.registered_commands:
        _info.cls = PingyiCommand


def main() -> None:
    from ..entry import main as entry_main

    entry_main()
