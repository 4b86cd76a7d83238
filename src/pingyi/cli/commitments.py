"""``pingyi commitments``: public commitments and their fulfilment (承诺践诺, FORMAT §5)."""

from __future__ import annotations

import sys

import typer

from ..compute.commitments import compute_commitments
from ..compute.coverage import SelectionError
from ..render.commitments import render_commitments_csv, render_commitments_json, render_commitments_table
from ..render.output import console, to_csv, to_json
from .common import (
    EXIT_OK,
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


def commitments(
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    org: OrgOpt = None,
) -> None:
    """Public commitments (承诺践诺): fulfilment rates and the overdue list.

    Made, withdrawn, done and the fulfilment rate (兑现率 = done / (all − withdrawn)) of
    org and member commitments, overall and per org, basic and creative, and the overdue
    list (open or partial, due before --as-of).
    """
    result = open_workspace(workspace, fmt=fmt, year=year, as_of=as_of, lang=lang)
    check_org(result, org)
    ws = result.workspace
    try:
        report = compute_commitments(ws, year=year, as_of=as_of.date() if as_of is not None else None, org=org)
    except SelectionError as exc:
        fail(f"{exc.option}: {exc}")
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(render_commitments_json(report)))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(*render_commitments_csv(report)))
    else:
        render_commitments_table(report, console(), lang=lang_of(result, lang), name=ws.name)
    raise typer.Exit(EXIT_OK)
