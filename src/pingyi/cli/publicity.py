"""``pingyi publicity PERIOD``: what is published (公示) for a month, a quarter or a year,
and the objections (异议) received with their state (FORMAT §13)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UserError
from .common import AsOfOpt, OrgOpt, ReportFormat, ReportOptions, check_org, report_options


@report_options
def publicity(
    report: ReportOptions,
    period: Annotated[str, typer.Argument(help="A month (2024-03), a quarter (2024-Q1) or a year (2024).", show_default=False)],
    org: OrgOpt = None,
    as_of: AsOfOpt = None,
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
    from ..compute.publicity import compute_publicity
    from ..io.fingerprint import fingerprint
    from ..model.publicity import Period
    from ..render.publicity import PublicityOutput

    try:
        parsed = Period.parse(period)
    except ValueError:
        raise UserError("publicity-period", period=period) from None
    result = report.open(year=parsed.year, as_of=as_of)
    org_id = check_org(result, org)
    ws = result.workspace
    published = compute_publicity(ws, parsed, org=org_id)
    stamp = fingerprint(ws.root, ws.config.exclude) if report.kind is ReportFormat.html else {}
    report.emit(PublicityOutput(published, stamp))
