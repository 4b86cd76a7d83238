"""``pingyi export parquet -o DIR`` (a workspace's tables for the level above) and
``pingyi rollup DIR...`` (the roll-up of many workspaces' exports, in DuckDB)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UserError
from ..i18n import N_, tr
from .common import (
    EXIT_OK,
    AsOfOpt,
    LangOpt,
    ReportOptions,
    WorkspaceOpt,
    YearOpt,
    force_option,
    open_workspace,
    option,
    report_options,
)


def parquet(
    output: Annotated[
        Path, option("--output", "-o", help="The folder to write the tables into (created if missing).", metavar="FOLDER")
    ],
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    force: Annotated[bool, force_option("Replace the tables of an earlier export in the folder.")] = False,
    lang: LangOpt = None,
) -> None:
    """Write the workspace's members, monthly scores and results as Parquet tables.

    One file per table in the folder: members, orgs, monthly_scores, points, coverage,
    commitments, rectifications, surveys, appraisal; every row carries the workspace's
    name and year. A city or province office collects the folders of its counties and
    runs `pingyi rollup` over them. Needs the scale extra (pyarrow and DuckDB; see the
    README).
    """
    from ..io.parquet import require_pyarrow, write_tables
    from ..render.output import console
    from ..tables import workspace_tables

    if require_pyarrow() is None:
        raise UserError("rollup-needs-scale")
    if output.exists() and not output.is_dir():
        raise UserError("output-is-file", path=str(output))
    result = open_workspace(workspace, year=year, lang=lang)
    ws = result.workspace
    day = as_of.date() if isinstance(as_of, dt.datetime) else as_of
    from ..selection import year_of

    chosen = year_of(ws, year)
    tables = workspace_tables(ws, year=chosen, as_of=day)
    existing = [f"{name}.parquet" for name in tables if (output / f"{name}.parquet").exists()]
    if existing and not force:
        raise UserError("output-exists", path=str(output / existing[0]))
    written = write_tables(output, tables, workspace=ws.name, year=chosen, force=force)
    rows = sum(len(v) for v in tables.values())
    console(sys.stderr).print(
        tr(
            N_("wrote {n} tables ({rows} rows) of {workspace} {year} into {path}"),
            n=len(written),
            rows=rows,
            workspace=ws.name,
            year=chosen,
            path=str(output),
        ),
        soft_wrap=True,
        markup=False,
        highlight=False,
    )
    raise typer.Exit(EXIT_OK)


@report_options(workspace=False)
def rollup(
    report: ReportOptions,
    folders: Annotated[
        list[Path], typer.Argument(help="Folders of `pingyi export parquet` (or folders holding several).", show_default=False)
    ],
) -> None:
    """Roll up the exports of many workspaces: rates and distributions per workspace and in total.

    The review coverage, fulfilment, closing and satisfaction rates and the distribution
    of stars and grades, per workspace and in total, from their Parquet exports.

    The questions are plain SQL (shown in the README) run in DuckDB; the same statements
    run on a cluster engine over the same files. Needs the scale extra (pyarrow and
    DuckDB; see the README).
    """
    from ..i18n import resolve_lang, set_lang
    from ..render.rollup import RollupReport
    from ..rollup import compute_rollup

    set_lang(resolve_lang(getattr(report.lang, "value", None)))
    report.emit(RollupReport(compute_rollup(folders)))
    raise typer.Exit(EXIT_OK)
