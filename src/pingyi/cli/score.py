"""``pingyi score``: year-end points and stars (年终总评, 评星定格), FORMAT §6–7 and §11;
``--quarter N`` shows the star-of-the-quarter candidates instead (as ``pingyi honours``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..compute.honours import compute_honours
from ..compute.score import compute_score
from ..loader import LoadResult
from ..render.honours import honours_csv, honours_json, render_honours_table
from ..render.output import console, to_json
from ..render.score import render_score_table, render_warnings, score_csv, score_json
from .common import FormatOpt, LangOpt, OrgOpt, OutputFormat, WorkspaceOpt, YearOpt, check_org, fail, lang_of, open_workspace

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


def score(
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    org: OrgOpt = None,
    member: MemberOpt = None,
    quarter: QuarterOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Year-end points and stars (评星定格): totals, stars, grades and ranks by org.

    Per member the ten item scores, the monthly part, the democratic part, the adjustment,
    the total, stars, grade and rank within the org, grouped by org, then the distribution
    of stars and grades. --quarter N lists the star-of-the-quarter candidates instead.

    Exit 0; 1 when the workspace has errors; 2 for an unknown --org or --member.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, rules=rules, lang=lang)
    check_org(result, org)
    check_member(result, member, org)
    ws = result.workspace
    lng = lang_of(result, lang)
    if quarter is not None:
        if member is not None:
            fail("--quarter ranks whole branches; use --org to narrow it, not --member")
        emit_honours(compute_honours(ws, quarter=quarter, org=org), fmt, lng, annual=False)
        return
    report = compute_score(ws, org=org, member=member)
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(score_json(report)))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(score_csv(report))
    else:
        render_score_table(report, console(), lang=lng)
    if fmt is not OutputFormat.json:
        render_warnings(report, console(sys.stderr), lang=lng)


def emit_honours(report, fmt: OutputFormat, lang: str, *, annual: bool) -> None:  # type: ignore[no-untyped-def]
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(honours_json(report, annual=annual)))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(honours_csv(report, annual=annual))
    else:
        render_honours_table(report, console(), lang=lang, annual=annual)
