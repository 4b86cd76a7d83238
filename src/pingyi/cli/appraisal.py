"""``pingyi appraisal``: 民主评议党员, the yearly democratic appraisal (FORMAT §14)."""

from __future__ import annotations

import sys

import typer

from ..compute.appraisal import compute_appraisal
from ..compute.coverage import SelectionError
from ..i18n import use_lang
from ..render.appraisal import AppraisalTable
from ..render.output import console, to_csv, to_json
from .common import (
    EXIT_OK,
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


def appraisal(
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    year: YearOpt = None,
    org: OrgOpt = None,
) -> None:
    """Democratic appraisal of members (民主评议党员): votes, decisions and the excellent quota.

    Per org: the ballots returned, each member's votes and their shares, the grade with
    the most votes, the decided grade and its reason, and flags (undecided, decided
    against the majority, probationary); then each grade's count and the excellent quota
    (at most floor(full members × excellent_share)) per org and overall.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, lang=lang)
    check_org(result, org)
    ws = result.workspace
    try:
        report = AppraisalTable(compute_appraisal(ws, year=year, org=org), ws.name)
    except SelectionError as exc:
        fail(f"{exc.option}: {exc}")
    with use_lang(lang_of(result, lang)):
        if fmt is OutputFormat.json:
            sys.stdout.write(to_json(report.to_json()))
        elif fmt is OutputFormat.csv:
            sys.stdout.write(to_csv(*report.to_rows()))
        else:
            report.render_table(console())
    raise typer.Exit(EXIT_OK)
