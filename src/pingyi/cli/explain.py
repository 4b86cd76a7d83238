"""``pingyi explain MEMBER``: the member's points card (积分卡), how the total and the
stars came about."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..compute.explain import compute_explain
from ..render.explain import explain_csv, explain_json, render_explain
from ..render.output import console, to_json
from .common import FormatOpt, LangOpt, OutputFormat, WorkspaceOpt, YearOpt, lang_of, open_workspace
from .score import RulesOpt, check_member


def explain(
    member: Annotated[str, typer.Argument(help="The member's id.", show_default=False)],
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """A member's points card (积分卡): how the total and the stars came about.

    The twelve months by item, the averages, the democratic evaluation, every award and
    penalty and which one counted, the exact and rounded total, the band and why, and a
    rating if any. --format csv gives the monthly grid.

    Exit 0; 1 when the workspace has errors; 2 for an unknown member.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, rules=rules, lang=lang)
    check_member(result, member, option="MEMBER")
    card = compute_explain(result.workspace, member)
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(explain_json(card)))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(explain_csv(card))
    else:
        render_explain(card, console(), lang=lang_of(result, lang))
