"""``pingyi honours``: the stars of the quarter and of the year (季度之星, 年度之星; FORMAT §8)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..compute.honours import compute_honours
from ..render.honours import HonoursOutput
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
from .score import QuarterOpt, RulesOpt


def honours(
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    quarter: QuarterOpt = None,
    org: OrgOpt = None,
    annual: Annotated[bool, typer.Option("--annual/--no-annual", help="Show the star of the year too.")] = True,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Stars of the quarter and of the year: candidates and quotas.

    Per branch and quarter the candidates ranked by their points over the quarter's three
    months, the quota and who was named; then the top-star members of the whole workspace,
    the annual quota and who was named.

    Naming more than a quota, or an annual star without the top stars, is an error that
    `pingyi check` reports. Exit 0; 1 when the workspace has errors; 2 for an unknown --org.
    """
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=year, rules=rules, lang=lang)
    scope = check_org(result, org)
    emit(HonoursOutput(compute_honours(result.workspace, quarter=quarter, org=scope), annual=annual), kind, output, force)
    report_exit()
