"""``pingyi init [DIR]``: a new workspace whose files explain themselves; on a terminal it
asks for what it needs (the unit's name, the year, whether the points system is used, a
roster), in scripts the options say it."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, gettext, tr
from ..render.output import console
from .common import EXIT_USAGE, LangOpt, fail, option, year_option


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")] = Path("."),
    year: Annotated[
        int | None,
        year_option("Assessment year (default: this year)."),
    ] = None,
    name: Annotated[
        str | None, option("--name", help="Name shown on reports (default: a placeholder to replace).", metavar="NAME")
    ] = None,
    points: Annotated[
        bool | None,
        option("--points/--no-points", help="Whether the unit uses the points system: monthly scores, evaluation, stars."),
    ] = None,
    roster: Annotated[
        Path | None,
        option(
            "--roster",
            help="Build the org tree from this member roster (.xlsx or .csv); the examples then go to a folder of their own.",
        ),
    ] = None,
    no_input: Annotated[
        bool, option("--no-input", help="Ask nothing, even on a terminal (the options or their defaults).")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Create a workspace: the settings, the org tree and an example of every kind of record.

    pingyi.yaml, the org tree, and one commented example of every kind of record (a
    review round, commitments; with the points system a year of monthly scores, the
    democratic evaluation, an award and a rating), each file commented in Chinese, a
    README that says what to fill in each month and at year end, and JSON schemas for
    editor completion. On a terminal it asks for the unit's name, the year, the points
    system and a roster file.

    Never writes over an existing file.
    """
    from ..init import InitConflict, create_workspace

    if directory.exists() and not directory.is_dir():
        fail(tr(N_("{path} is a file, not a folder"), path=directory), EXIT_USAGE)
    ask = _interactive() and not no_input
    if ask:
        if name is None:
            name = typer.prompt(gettext("Name of the unit (shown on reports)"), default="某某单位党委")
        if year is None:
            year = typer.prompt(gettext("Assessment year"), default=dt.date.today().year, type=int)
        if points is None:
            points = typer.confirm(
                gettext("Does the unit use the points system for Party members (monthly scores and stars)?"), default=True
            )
        if roster is None:
            answer = typer.prompt(
                gettext("A member roster to import (.xlsx or .csv; leave empty for the example members)"),
                default="",
                show_default=False,
            )
            roster = Path(answer.strip().strip('"')) if answer.strip() else None
    if roster is not None and not roster.is_file():
        fail(tr(N_("the roster {path} does not exist"), path=roster), EXIT_USAGE)
    year = year or dt.date.today().year
    try:
        written = create_workspace(
            directory, year=year, name=name, points=True if points is None else points, examples_aside=roster is not None
        )
    except InitConflict as exc:
        files = exc.args[0] if exc.args and isinstance(exc.args[0], list) else [str(exc)]
        fail(
            tr(
                N_("{path} already holds {files}; pingyi init never writes over a file (choose an empty folder)"),
                path=directory,
                files=", ".join(files),
            ),
            EXIT_USAGE,
        )
    except OSError as exc:
        fail(tr(N_("cannot write into {path}: {reason}"), path=directory, reason=exc.strerror or str(exc)), EXIT_USAGE)
    out = console(sys.stderr)
    for path in written:
        out.print(f"  {path}", soft_wrap=True, highlight=False, markup=False)
    out.print(
        tr(N_("created a pingyi workspace in {path} ({n} files)"), path=directory, n=len(written)),
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
    if roster is not None:
        from .roster import import_roster

        import_roster(roster, directory, parent="dw", force=False, dry_run=False, lang=lang)
    out.print(
        tr(N_("next: pingyi check -w {path}, then read {path}/README.md"), path=directory),
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
