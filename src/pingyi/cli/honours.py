"""``pingyi honours``: the stars of the quarter and of the year (季度之星, 年度之星; FORMAT §8)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..compute.coverage import SelectionError
from ..compute.honours import compute_honours
from ..i18n import use_lang
from ..render.honours import HonoursOutput
from .common import FormatOpt, LangOpt, OrgOpt, OutputFormat, WorkspaceOpt, YearOpt, check_org, lang_of, open_workspace
from .score import QuarterOpt, RulesOpt, emit_points, selection_failed


def honours(
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    quarter: QuarterOpt = None,
    org: OrgOpt = None,
    annual: Annotated[bool, typer.Option("--annual/--no-annual", help="Show the star of the year too.")] = True,
    fmt: FormatOpt = OutputFormat.table,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Stars of the quarter and of the year (季度之星, 年度之星): candidates and quotas.

    Per branch and quarter the candidates ranked by their points over the quarter's three
    months, the quota (over the branch's 党员总数, or its scored members with
    `quarter_star.count: scored`) and who was named; then the top-star members of the
    whole workspace, the annual quota and who was named.

    Naming more than a quota, or an annual star without the top stars, is an error that
    `pingyi check` reports. Exit 0; 1 when the workspace has errors; 2 for an unknown --org.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, rules=rules, lang=lang)
    check_org(result, org)
    with use_lang(lang_of(result, lang)):
        try:
            report = compute_honours(result.workspace, quarter=quarter, org=org)
        except SelectionError as exc:
            selection_failed(exc)
        emit_points(HonoursOutput(report, annual=annual), fmt)
