"""``pingyi commitments``: public commitments and their fulfilment (承诺践诺, FORMAT §5)."""

from __future__ import annotations

from .common import AsOfOpt, OrgOpt, ReportOptions, YearOpt, report_options


@report_options
def commitments(report: ReportOptions, year: YearOpt = None, as_of: AsOfOpt = None, org: OrgOpt = None) -> None:
    """Public commitments: fulfilment rates and the overdue list.

    Made, withdrawn, done and the fulfilment rate (done / (all − withdrawn)) of
    org and member commitments, overall and per org, basic and creative, and the overdue
    list (open or partial, due before --as-of).
    """
    from ..compute.commitments import compute_commitments
    from ..render.commitments import FulfilmentReport
    from ..selection import select

    result = report.open(year=year, as_of=as_of)
    ws = result.workspace
    sel = select(ws, year=year, as_of=as_of, org=org)
    report.emit(FulfilmentReport(compute_commitments(ws, sel), ws.name))
