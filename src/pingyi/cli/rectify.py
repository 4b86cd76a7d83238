"""``pingyi rectify``: the rectification ledger (整改台账) of the problems raised in reviews."""

from __future__ import annotations

from typing import Annotated

from .common import AsOfOpt, ReportOptions, RoundOpt, YearOpt, option, org_option, report_options


@report_options
def rectify(
    report: ReportOptions,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    all_years: Annotated[bool, option("--all", help="Every problem of every year (carried-over open problems too).")] = False,
    round_ids: RoundOpt = None,
    open_only: Annotated[bool, option("--open", help="List only problems not closed (open or overdue).")] = False,
    overdue_only: Annotated[bool, option("--overdue", help="List only overdue problems.")] = False,
    owner: Annotated[
        str | None, option("--owner", help="Only problems owned by this member, by id or name.", metavar="MEMBER")
    ] = None,
    org: Annotated[
        str | None, org_option("Only problems whose subject or owner is in this org's subtree (its id or name).")
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
    from ..compute.rectify import compute_rectify
    from ..render.rectify import RectifyReport
    from ..selection import select

    result = report.open(year=year, as_of=as_of)
    ws = result.workspace
    sel = select(ws, year=year, as_of=as_of, rounds=round_ids, org=org, all_years=all_years)
    ledger = compute_rectify(ws, sel, owner=owner, open_only=open_only, overdue_only=overdue_only)
    report.emit(RectifyReport(ledger, ws.name))
