"""``pingyi publicity PERIOD``: what is published (公示) for a month, a quarter or a year,
and the objections (异议) received with their state (FORMAT §13)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..compute.publicity import compute_publicity
from ..errors import UserError
from ..io.fingerprint import fingerprint
from ..model.publicity import Period
from ..render.publicity import PublicityOutput
from .common import (
    AsOfOpt,
    ForceOpt,
    LangOpt,
    OrgOpt,
    OutputOpt,
    ReportFormat,
    ReportFormatOpt,
    WorkspaceOpt,
    check_org,
    emit,
    open_workspace,
    output_format,
)


def publicity(
    period: Annotated[str, typer.Argument(help="A month (2024-03), a quarter (2024-Q1) or a year (2024).", show_default=False)],
    workspace: WorkspaceOpt = None,
    org: OrgOpt = None,
    as_of: AsOfOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Publicity: the results published for a month, a quarter or a year, and the objections.

    A month lists each member's item scores and points with the rank in the org; a quarter
    the quarter points, rank and the stars of the quarter with the quota; a year the
    totals, stars, grades and the stars of the year, as `pingyi score` gives them. Then the objections of the period's
    `kind: publicity` records: pending, upheld, partly upheld or rejected, late, overdue.

    --format html (or -o FILE.html) writes one self-contained page, a section per org, to
    print on A4 for the notice board and to read on a phone; -o FILE.xlsx a workbook. Exit 0; 1
    when the workspace has errors; 2 for a bad period, an unknown --org or an existing
    output file.
    """
    try:
        parsed = Period.parse(period)
    except ValueError:
        raise UserError("publicity-period", period=period) from None
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=parsed.year, as_of=as_of, lang=lang)
    org_id = check_org(result, org)
    ws = result.workspace
    report = compute_publicity(ws, parsed, org=org_id)
    stamp = fingerprint(ws.root, ws.config.exclude) if kind is ReportFormat.html else {}
    emit(PublicityOutput(report, stamp), kind, output, force)
