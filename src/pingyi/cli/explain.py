"""``pingyi explain MEMBER``: the member's points card (积分卡), how the total and the
stars came about."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import N_, gettext
from .common import AsOfOpt, ReportOptions, RulesOpt, ThroughOpt, YearOpt, report_exit, report_options


@report_options
def explain(
    report: ReportOptions,
    member: Annotated[str, typer.Argument(help="The member's id or name.", show_default=False)],
    year: YearOpt = None,
    through: ThroughOpt = None,
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """A member's points card: how the total and the stars came about.

    The twelve months by item, the averages, the democratic evaluation, every award and
    penalty and which one counted, the exact and rounded total, the band and why, and a
    rating if any. --format csv gives the monthly grid.

    Exit 0; 1 when the workspace has errors; 2 for an unknown member.
    """
    from ..compute.explain import compute_explain
    from ..render.explain import ExplainOutput
    from .score import check_member, pending_objections

    result = report.open(year=year, as_of=as_of, rules=rules)
    who = check_member(result, member, option=gettext(N_("MEMBER")))
    assert who is not None
    card = compute_explain(result.workspace, who, through=through)
    report.emit(ExplainOutput(card, pending_objections(result.workspace, card.year, who)))
    report_exit()
