"""``pingyi score``: year-end points and stars (年终总评, 评星定格), FORMAT §6–7 and §11;
``--quarter N`` shows the star-of-the-quarter candidates instead (as ``pingyi honours``).
A few lines over :func:`~pingyi.compute.score.compute_score` and the one ``emit``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..compute.honours import compute_honours
from ..compute.publicity import disputed_members
from ..compute.score import compute_score
from ..errors import UserError
from ..loader import LoadResult
from ..render.honours import HonoursOutput
from ..render.output import console
from ..render.score import ScoreOutput, render_warnings
from ..selection import SelectionError, resolve_member
from .common import (
    AsOfOpt,
    ForceOpt,
    LangOpt,
    OrgOpt,
    OutputOpt,
    ReportFormat,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    check_org,
    emit,
    open_workspace,
    output_format,
    report_exit,
)

MemberOpt = Annotated[str | None, typer.Option("--member", "-m", help="Only this member.", show_default=False)]
RulesOpt = Annotated[
    Path | None,
    typer.Option("--rules", help="Compute with another scheme (a `kind: rules` file), e.g. a five-star one.", show_default=False),
]
QuarterOpt = Annotated[
    int | None,
    typer.Option(
        "--quarter",
        "-q",
        min=1,
        max=4,
        help="Show the ranked star-of-the-quarter candidates of quarter N per branch, with the quota and who was named.",
        show_default=False,
    ),
]
ThroughOpt = Annotated[
    str | None,
    typer.Option(
        "--through",
        metavar="YYYY-MM",
        help="Year to date: count the months up to this one (default: the whole year, or the months elapsed "
        "while the year is not over); stars and grades are then provisional.",
        show_default=False,
    ),
]
ItemsOpt = Annotated[
    bool | None,
    typer.Option(
        "--items/--no-items",
        help="Show the ten item scores too (default: when the terminal is wide enough).",
        show_default=False,
    ),
]


def check_member(result: LoadResult, member: str | None, org: str | None = None, *, option: str = "--member") -> str | None:
    """``--member`` (or the argument named ``option``): a member's id or exact name, of
    the ``--org`` subtree when given; returns the id. Raises a
    :class:`~pingyi.selection.SelectionError` otherwise."""
    ws = result.workspace
    found = resolve_member(ws, member, option)
    if found is not None and org is not None and ws.members[found].org not in ws.subtree(org):
        raise SelectionError(
            "option-member-outside-org", option, text=member, name=ws.members[found].name, org=ws.members[found].org, scope=org
        )
    return found


def score(
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    org: OrgOpt = None,
    member: MemberOpt = None,
    quarter: QuarterOpt = None,
    through: ThroughOpt = None,
    items: ItemsOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Year-end points and stars: totals, stars, grades and ranks by org.

    Per member the monthly part, the democratic part, the adjustment, the total, stars,
    grade and rank within the org (--items adds the ten item scores), orgs in tree order
    and members by rank, then the distribution of stars and grades. While the year is not
    over, or with --through YYYY-MM, the months elapsed count and results are
    provisional. --quarter N lists the star-of-the-quarter candidates instead.

    Exit 0; 1 when the workspace has errors; 2 for an unknown --org or --member.
    """
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=year, as_of=as_of, rules=rules, lang=lang)
    ws = result.workspace
    scope = check_org(result, org)
    who = check_member(result, member, scope)
    if quarter is not None:
        if who is not None:
            raise UserError("option-quarter-with-member")
        emit(HonoursOutput(compute_honours(ws, quarter=quarter, org=scope), annual=False), kind, output, force)
        report_exit()
    report = compute_score(ws, org=scope, member=who, through=through)
    emit(ScoreOutput(report, items=items, disputed=disputed_members(ws, report.year)), kind, output, force)
    if kind is not ReportFormat.json or output is not None:
        render_warnings(report.warnings, console(sys.stderr))
    report_exit()
