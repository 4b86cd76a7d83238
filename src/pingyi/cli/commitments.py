"""``pingyi commitments``: public commitments and their fulfilment (承诺践诺, FORMAT §5)."""

from __future__ import annotations

from ..compute.commitments import compute_commitments
from ..render.commitments import FulfilmentReport
from ..selection import select
from .common import (
    AsOfOpt,
    ForceOpt,
    LangOpt,
    OrgOpt,
    OutputOpt,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    emit,
    open_workspace,
    output_format,
)


def commitments(
    workspace: WorkspaceOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    org: OrgOpt = None,
) -> None:
    """Public commitments: fulfilment rates and the overdue list.

    Made, withdrawn, done and the fulfilment rate (done / (all − withdrawn)) of
    org and member commitments, overall and per org, basic and creative, and the overdue
    list (open or partial, due before --as-of).
    """
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=year, as_of=as_of, lang=lang)
    ws = result.workspace
    sel = select(ws, year=year, as_of=as_of, org=org)
    emit(FulfilmentReport(compute_commitments(ws, sel), ws.name), kind, output, force)
