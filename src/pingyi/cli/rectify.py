"""``pingyi rectify``: the rectification ledger (整改台账) of the problems raised in reviews."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..compute.coverage import SelectionError
from ..compute.rectify import compute_rectify
from ..render.output import console, to_csv, to_json
from ..render.rectify import render_rectify_csv, render_rectify_json, render_rectify_table
from .common import (
    EXIT_OK,
    AsOfOpt,
    FormatOpt,
    LangOpt,
    OutputFormat,
    WorkspaceOpt,
    YearOpt,
    check_org,
    fail,
    lang_of,
    open_workspace,
)
from .coverage import RoundOpt


def rectify(
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    all_years: Annotated[bool, typer.Option("--all", help="Every problem of every year (carried-over open problems too).")] = False,
    round_ids: RoundOpt = None,
    open_only: Annotated[bool, typer.Option("--open", help="List only problems not closed (open or overdue).")] = False,
    overdue_only: Annotated[bool, typer.Option("--overdue", help="List only overdue problems.")] = False,
    owner: Annotated[str | None, typer.Option("--owner", help="Only problems owned by this member (责任人).", show_default=False)] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only problems whose subject or owner is in this org's subtree.", show_default=False)
    ] = None,
) -> None:
    """Rectification ledger (整改台账): problems raised in reviews and their closing.

    Every problem raised in the year's reviews, with its measure, owner, due date,
    closing (销号) and state as of --as-of (closed, open, overdue), and the closing rate
    (销号率) per org.

    The year is the review's date (--year); --all takes every year, --round given rounds.
    --open and --overdue narrow the listing; totals and the per-org closing rates count
    every problem of the selection.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, as_of=as_of, lang=lang)
    check_org(result, org)
    ws = result.workspace
    try:
        ledger = compute_rectify(
            ws,
            year=year,
            as_of=as_of.date() if as_of is not None else None,
            all_years=all_years,
            rounds=round_ids,
            org=org,
            owner=owner,
            open_only=open_only,
            overdue_only=overdue_only,
        )
    except SelectionError as exc:
        fail(f"{exc.option}: {exc}")
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(render_rectify_json(ledger)))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(*render_rectify_csv(ledger)))
    else:
        render_rectify_table(ledger, console(), lang=lang_of(result, lang), name=ws.name)
    raise typer.Exit(EXIT_OK)
