"""``pingyi appraisal``: 民主评议党员, the yearly democratic appraisal (FORMAT §14)."""

from __future__ import annotations

from .common import OrgOpt, ReportOptions, YearOpt, check_org, report_exit, report_options


@report_options
def appraisal(report: ReportOptions, year: YearOpt = None, org: OrgOpt = None) -> None:
    """Democratic appraisal of members: votes, decisions and the excellent quota.

    Per org: the ballots returned, each member's votes and their shares, the grade with
    the most votes, the decided grade and its reason, and flags (undecided, decided
    against the majority, probationary); then each grade's count and the excellent quota
    (at most floor(full members × excellent_share)) per org and overall.
    """
    from ..compute.appraisal import compute_appraisal
    from ..render.appraisal import AppraisalTable

    result = report.open(year=year)
    ws = result.workspace
    scope = check_org(result, org)
    report.emit(AppraisalTable(compute_appraisal(ws, year=year, org=scope), ws.name))
    report_exit()
