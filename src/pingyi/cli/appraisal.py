"""``pingyi appraisal``: 民主评议党员, the yearly democratic appraisal (FORMAT §14)."""

from __future__ import annotations

from ..compute.appraisal import compute_appraisal
from ..render.appraisal import AppraisalTable
from .common import (
    ForceOpt,
    LangOpt,
    OrgOpt,
    OutputOpt,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    check_org,
    emit,
    open_workspace,
    output_format,
    report_exit,
)


def appraisal(
    workspace: WorkspaceOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    year: YearOpt = None,
    org: OrgOpt = None,
) -> None:
    """Democratic appraisal of members: votes, decisions and the excellent quota.

    Per org: the ballots returned, each member's votes and their shares, the grade with
    the most votes, the decided grade and its reason, and flags (undecided, decided
    against the majority, probationary); then each grade's count and the excellent quota
    (at most floor(full members × excellent_share)) per org and overall.
    """
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=year, lang=lang)
    ws = result.workspace
    scope = check_org(result, org)
    emit(AppraisalTable(compute_appraisal(ws, year=year, org=scope), ws.name), kind, output, force)
    report_exit()
