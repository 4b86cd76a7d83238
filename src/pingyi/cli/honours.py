"""``pingyi honours``: the stars of the quarter and of the year (季度之星, 年度之星; FORMAT §8)."""

from __future__ import annotations

from typing import Annotated

from .common import OrgOpt, QuarterOpt, ReportOptions, RulesOpt, YearOpt, check_org, option, report_exit, report_options


@report_options
def honours(
    report: ReportOptions,
    year: YearOpt = None,
    quarter: QuarterOpt = None,
    org: OrgOpt = None,
    annual: Annotated[bool, option("--annual/--no-annual", help="Show the star of the year too.", show_default=True)] = True,
    rules: RulesOpt = None,
) -> None:
    """Stars of the quarter and of the year: candidates and quotas.

    Per branch and quarter the candidates ranked by their points over the quarter's three
    months, the quota and who was named; then the top-star members of the whole workspace,
    the annual quota and who was named.

    Naming more than a quota, or an annual star without the top stars, is an error that
    `pingyi check` reports. Exit 0; 1 when the workspace has errors; 2 for an unknown --org.
    """
    from ..compute.honours import compute_honours
    from ..render.honours import HonoursOutput

    result = report.open(year=year, rules=rules)
    scope = check_org(result, org)
    report.emit(HonoursOutput(compute_honours(result.workspace, quarter=quarter, org=scope), annual=annual))
    report_exit()
