"""``pingyi score``: year-end points and stars (年终总评, 评星定格), FORMAT §6–7 and §11;
``--quarter N`` shows the star-of-the-quarter candidates instead (as ``pingyi honours``).

The output switch of the points commands (score, explain, honours) is :func:`emit_points`,
in one place, over the :class:`~pingyi.report.Report` protocol."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..compute.coverage import SelectionError
from ..compute.honours import compute_honours
from ..compute.score import compute_score
from ..i18n import use_lang
from ..loader import LoadResult
from ..render.honours import HonoursOutput
from ..render.output import console, to_json
from ..render.score import ScoreOutput, render_warnings
from ..report import Report
from .common import (
    AsOfOpt,
    FormatOpt,
    LangOpt,
    OrgOpt,
    OutputFormat,
    WorkspaceOpt,
    YearOpt,
    check_org,
    fail,
    lang_of,
    open_workspace,
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
        "while the year is not over); stars and grades are then provisional (预计).",
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


def check_member(result: LoadResult, member: str | None, org: str | None = None, *, option: str = "--member") -> None:
    """``--member ID`` (or the argument named ``option``) must name a member (of the
    ``--org`` subtree, when given)."""
    if member is None:
        return
    ws = result.workspace
    if member not in ws.members:
        what = "no member of this workspace"
        if member in ws.orgs:
            what = "an org, not a member (use --org)" if option == "--member" else "an org, not a member"
        fail(f"{option} {member}: `{member}` is {what}")
    if org is not None and ws.members[member].org not in ws.subtree(org):
        fail(f"{option} {member}: `{member}` belongs to `{ws.members[member].org}`, outside --org {org}")


def selection_failed(exc: SelectionError) -> NoReturn:
    """A selection the workspace does not hold (``--through 2023-05`` for 2024): exit 2."""
    fail(f"{exc.option}: {exc}")


def emit_points(report: Report, fmt: OutputFormat) -> None:
    """The one output switch of the points commands: JSON or CSV on stdout, or the table."""
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(report.to_json()))
    elif fmt is OutputFormat.csv:
        from ..render.output import to_csv

        header, rows = report.to_rows()
        sys.stdout.write(to_csv(header, [list(r) for r in rows]))
    else:
        report.render_table(console())


def score(
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    org: OrgOpt = None,
    member: MemberOpt = None,
    quarter: QuarterOpt = None,
    through: ThroughOpt = None,
    items: ItemsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Year-end points and stars (评星定格): totals, stars, grades and ranks by org.

    Per member the monthly part, the democratic part, the adjustment, the total, stars,
    grade and rank within the org (--items adds the ten item scores), orgs in tree order
    and members by rank, then the distribution of stars and grades. While the year is not
    over, or with --through YYYY-MM, the months elapsed count and results are provisional
    (预计). --quarter N lists the star-of-the-quarter candidates instead.

    Exit 0; 1 when the workspace has errors; 2 for an unknown --org or --member.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, as_of=as_of, rules=rules, lang=lang)
    check_org(result, org)
    check_member(result, member, org)
    ws = result.workspace
    with use_lang(lang_of(result, lang)):
        try:
            if quarter is not None:
                if member is not None:
                    fail("--quarter ranks whole branches; use --org to narrow it, not --member")
                emit_points(HonoursOutput(compute_honours(ws, quarter=quarter, org=org), annual=False), fmt)
                return
            report = compute_score(ws, org=org, member=member, through=through)
        except SelectionError as exc:
            selection_failed(exc)
        emit_points(ScoreOutput(report, items=items), fmt)
        if fmt is not OutputFormat.json:
            render_warnings(report.warnings, console(sys.stderr))
