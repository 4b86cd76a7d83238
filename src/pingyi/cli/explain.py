"""``pingyi explain MEMBER``: the member's points card (积分卡), how the total and the
stars came about."""

from __future__ import annotations

from typing import Annotated

import typer

from ..compute.coverage import SelectionError
from ..compute.explain import compute_explain
from ..i18n import use_lang
from ..render.explain import ExplainOutput
from .common import AsOfOpt, FormatOpt, LangOpt, OutputFormat, WorkspaceOpt, YearOpt, lang_of, open_workspace
from .score import RulesOpt, ThroughOpt, check_member, emit_points, selection_failed


def explain(
    member: Annotated[str, typer.Argument(help="The member's id.", show_default=False)],
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    through: ThroughOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """A member's points card (积分卡): how the total and the stars came about.

    The months by item, the averages, the democratic evaluation, every award and
    penalty and which one counted, the exact and rounded total, the band and why, and a
    rating if any. --format csv gives the monthly grid.

    Exit 0; 1 when the workspace has errors; 2 for an unknown member.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, as_of=as_of, rules=rules, lang=lang)
    check_member(result, member, option="MEMBER")
    with use_lang(lang_of(result, lang)):
        try:
            card = compute_explain(result.workspace, member, through=through)
        except SelectionError as exc:
            selection_failed(exc)
        emit_points(ExplainOutput(card), fmt)
