"""``pingyi survey``: satisfaction surveys (满意度测评, FORMAT §10)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..compute.coverage import SelectionError
from ..compute.survey import compute_survey
from ..render.survey import SurveyOutput
from .common import (
    EXIT_OK,
    ForceOpt,
    LangOpt,
    OutputOpt,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    check_org,
    emit,
    fail,
    lang_of,
    open_workspace,
    option,
    org_option,
)


def survey(
    workspace: WorkspaceOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    year: YearOpt = None,
    all_years: Annotated[bool, option("--all", help="Every survey, whatever its year.")] = False,
    org: Annotated[
        str | None,
        org_option("Only surveys of orgs in this subtree and of their members."),
    ] = None,
    subject: Annotated[
        str | None,
        option(
            "--subject", help="Only the surveys of this org or member (with --all: every year, e.g. a secretary's yearly report)."
        ),
    ] = None,
) -> None:
    """Satisfaction surveys: satisfaction per survey and per subject.

    Every survey of the year (by its date) with its counts and satisfaction (positive
    answers / all answers), and a roll-up per subject.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, lang=lang)
    check_org(result, org)
    ws = result.workspace
    try:
        report = compute_survey(ws, year=year, all_years=all_years, org=org, subject=subject)
    except SelectionError as exc:
        fail(f"{exc.option}: {exc}")
    emit(SurveyOutput(report, lang=lang_of(result, lang), name=ws.name), fmt, output, force)
    raise typer.Exit(EXIT_OK)
