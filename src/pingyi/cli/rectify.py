"""``pingyi rectify``: the rectification ledger (整改台账) of the problems raised in reviews."""

from __future__ import annotations

from typing import Annotated

import typer

from ..compute.rectify import compute_rectify
from ..render.rectify import RectifyReport
from ..selection import select
from .common import (
    AsOfOpt,
    ForceOpt,
    LangOpt,
    OutputOpt,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    emit,
    open_workspace,
    output_format,
)
from .coverage import RoundOpt


def rectify(
    workspace: WorkspaceOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    all_years: Annotated[
        bool, typer.Option("--all", help="Every problem of every year (carried-over open problems too).")
    ] = False,
    round_ids: RoundOpt = None,
    open_only: Annotated[bool, typer.Option("--open", help="List only problems not closed (open or overdue).")] = False,
    overdue_only: Annotated[bool, typer.Option("--overdue", help="List only overdue problems.")] = False,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only problems owned by this member, by id or name.", show_default=False),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org", help="Only problems whose subject or owner is in this org's subtree (its id or name).", show_default=False
        ),
    ] = None,
) -> None:
    """Rectification ledger: problems raised in reviews and their closing.

    Every problem raised in the year's reviews, with its measure, owner, due date,
    closing and state as of --as-of (closed, open, overdue), and the closing rate per
    org.

    The year is the review's date (--year); --all takes every year, --round given rounds.
    --open and --overdue narrow the listing; totals and the per-org closing rates count
    every problem of the selection.
    """
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=year, as_of=as_of, lang=lang)
    ws = result.workspace
    sel = select(ws, year=year, as_of=as_of, rounds=round_ids, org=org, all_years=all_years)
    ledger = compute_rectify(ws, sel, owner=owner, open_only=open_only, overdue_only=overdue_only)
    emit(RectifyReport(ledger, ws.name), kind, output, force)
