"""``pingyi explain MEMBER``: the member's points card (积分卡), how the total and the
stars came about."""

from __future__ import annotations

from typing import Annotated

import typer

from ..compute.explain import compute_explain
from ..compute.publicity import pending_objections
from ..i18n import N_, gettext
from ..render.explain import ExplainOutput
from .common import (
    AsOfOpt,
    ForceOpt,
    LangOpt,
    OutputOpt,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    emit,
    open_workspace,
    output_format,
    report_exit,
)
from .score import RulesOpt, ThroughOpt, check_member


def explain(
    member: Annotated[str, typer.Argument(help="The member's id or name.", show_default=False)],
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    through: ThroughOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """A member's points card: how the total and the stars came about.

    The twelve months by item, the averages, the democratic evaluation, every award and
    penalty and which one counted, the exact and rounded total, the band and why, and a
    rating if any. --format csv gives the monthly grid.

    Exit 0; 1 when the workspace has errors; 2 for an unknown member.
    """
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=year, as_of=as_of, rules=rules, lang=lang)
    who = check_member(result, member, option=gettext(N_("MEMBER")))
    assert who is not None
    card = compute_explain(result.workspace, who, through=through)
    emit(ExplainOutput(card, pending_objections(result.workspace, card.year, who)), kind, output, force)
    report_exit()
