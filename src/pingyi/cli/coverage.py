"""``pingyi coverage``: who has been reviewed, and who has reviewed (点评覆盖率, FORMAT §4)."""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Annotated

import typer

from ..compute.coverage import compute_coverage, compute_responsibility
from ..i18n import gettext
from ..render.coverage import MEASURE_LABELS, CoverageReport, ResponsibilityReport
from ..render.labels import label
from ..render.output import console, pct
from ..report import Report
from ..selection import select
from .common import (
    EXIT_OK,
    EXIT_THRESHOLD,
    ForceOpt,
    LangOpt,
    OutputOpt,
    ReportFormat,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    emit,
    open_workspace,
    output_format,
)

RoundOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--round", "-r", help="Only this round (repeat for several; default: every round of the year).", show_default=False
    ),
]


def coverage(
    workspace: WorkspaceOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    year: YearOpt = None,
    round_ids: RoundOpt = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org", help="Scope root, its id or name (default: the rounds' scope, else every root).", show_default=False
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            help="Exit 3 when any of the four rates is below this percentage (also the colour target).",
            show_default=False,
        ),
    ] = None,
    by_reviewer: Annotated[
        bool,
        typer.Option("--by-reviewer", help="Show each secretary's and leader's own assigned and outstanding reviews."),
    ] = False,
) -> None:
    """Review coverage: who was reviewed, and who reviewed.

    Orgs, secretaries and members reviewed, and secretaries who reviewed, in the
    selected rounds, for the scope and for every org below it; with --by-reviewer, each
    secretary's and leader's own assigned and outstanding reviews.

    Exit 0; 1 when the workspace has errors; 2 for an unknown --org or --round; 3 when
    --fail-under is given and a rate is below it.
    """
    kind = output_format(fmt, output)
    result = open_workspace(workspace, fmt=kind, year=year, lang=lang)
    ws = result.workspace
    sel = select(ws, year=year, rounds=round_ids, org=org)
    target = Fraction(str(fail_under)) / 100 if fail_under is not None else None
    cov = compute_coverage(ws, sel)
    report: Report = ResponsibilityReport(compute_responsibility(ws, sel), target) if by_reviewer else CoverageReport(cov, target)
    emit(report, kind, output, force)
    if not cov.rounds and (kind is not ReportFormat.table or output is not None):
        head = gettext("warning:")
        console(sys.stderr).print(f"{head}{'' if head.endswith('：') else ' '}{label('no_rounds')}", soft_wrap=True)
    if target is not None:
        below = cov.below(target)
        if below:
            err = console(sys.stderr)
            for scope, code, rate in below:
                where = f"{scope}: " if scope else ""
                err.print(f"{where}{label(MEASURE_LABELS[code])} {pct(rate)} < {fail_under:g}%", soft_wrap=True)
            raise typer.Exit(EXIT_THRESHOLD)
    raise typer.Exit(EXIT_OK)
