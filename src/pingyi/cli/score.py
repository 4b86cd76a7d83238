"""``pingyi score``: year-end points and stars (年终总评, 评星定格), FORMAT §6–7 and §11;
``--quarter N`` shows the star-of-the-quarter candidates instead (as ``pingyi honours``).
A few lines over :func:`~pingyi.compute.score.compute_score` and the one ``emit``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

from ..errors import UserError
from .common import (
    AsOfOpt,
    MemberOpt,
    OrgOpt,
    QuarterOpt,
    ReportFormat,
    ReportOptions,
    RulesOpt,
    ThroughOpt,
    YearOpt,
    check_org,
    option,
    report_exit,
    report_options,
)

if TYPE_CHECKING:
    from ..compute.publicity import ObjectionState
    from ..loader import LoadResult
    from ..workspace import Workspace

ItemsOpt = Annotated[
    bool | None,
    option("--items/--no-items", help="Show the ten item scores too (default: when the terminal is wide enough)."),
]


def check_member(result: LoadResult, member: str | None, org: str | None = None, *, option: str = "--member") -> str | None:
    """``--member`` (or the argument named ``option``): a member's id or exact name, of
    the ``--org`` subtree when given; returns the id. Raises a
    :class:`~pingyi.selection.SelectionError` otherwise."""
    from ..selection import SelectionError, resolve_member

    ws = result.workspace
    found = resolve_member(ws, member, option)
    if found is not None and org is not None and ws.members[found].org not in ws.subtree(org):
        raise SelectionError(
            "option-member-outside-org", option, text=member, name=ws.members[found].name, org=ws.members[found].org, scope=org
        )
    return found


@report_options
def score(
    report: ReportOptions,
    year: YearOpt = None,
    org: OrgOpt = None,
    member: MemberOpt = None,
    quarter: QuarterOpt = None,
    through: ThroughOpt = None,
    items: ItemsOpt = None,
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Year-end points and stars: totals, stars, grades and ranks by org.

    Per member the monthly part, the democratic part, the adjustment, the total, stars,
    grade and rank within the org (--items adds the ten item scores), orgs in tree order
    and members by rank, then the distribution of stars and grades. While the year is not
    over, or with --through YYYY-MM, the months elapsed count and results are
    provisional. --quarter N lists the star-of-the-quarter candidates instead.

    Exit 0; 1 when the workspace has errors; 2 for an unknown --org or --member.
    """
    from ..compute.score import compute_score
    from ..render.score import ScoreOutput, render_warnings

    result = report.open(year=year, as_of=as_of, rules=rules)
    ws = result.workspace
    scope = check_org(result, org)
    who = check_member(result, member, scope)
    if quarter is not None:
        if who is not None:
            raise UserError("option-quarter-with-member")
        from ..compute.honours import compute_honours
        from ..render.honours import HonoursOutput

        report.emit(HonoursOutput(compute_honours(ws, quarter=quarter, org=scope), annual=False))
        report_exit()
    computed = compute_score(ws, org=scope, member=who, through=through)
    report.emit(ScoreOutput(computed, items=items, disputed=disputed(ws, computed.year)))
    if computed.warnings and (report.kind is not ReportFormat.json or report.output is not None):
        from ..render.output import console

        render_warnings(computed.warnings, console(sys.stderr))
    report_exit()


def disputed(ws: Workspace, year: int) -> frozenset[str]:
    """Members whose year result has a pending objection (FORMAT §13); the publicity
    computations are imported only for a workspace that keeps 公示 records at all."""
    if not ws.publicity:
        return frozenset()
    from ..compute.publicity import disputed_members

    return disputed_members(ws, year)


def pending_objections(ws: Workspace, year: int, member: str) -> list[ObjectionState]:
    """The objections pending on ``member``'s result of ``year`` (none without 公示
    records, and then nothing of publicity is imported)."""
    if not ws.publicity:
        return []
    from ..compute.publicity import pending_objections as pending

    return pending(ws, year, member)
