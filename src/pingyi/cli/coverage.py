"""``pingyi coverage``: who has been reviewed, and who has reviewed (点评覆盖率, FORMAT §4)."""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Annotated

import typer

from .common import EXIT_OK, EXIT_THRESHOLD, ReportFormat, ReportOptions, RoundOpt, YearOpt, option, org_option, report_options


@report_options
def coverage(
    report: ReportOptions,
    year: YearOpt = None,
    round_ids: RoundOpt = None,
    org: Annotated[str | None, org_option("Scope root, its id or name (default: the rounds' scope, else every root).")] = None,
    fail_under: Annotated[
        float | None,
        option(
            "--fail-under",
            min=0,
            max=100,
            help="Exit 3 when any of the four rates is below this percentage (also the colour target).",
            metavar="PERCENT",
        ),
    ] = None,
    by_reviewer: Annotated[
        bool, option("--by-reviewer", help="Show each secretary's and leader's own assigned and outstanding reviews.")
    ] = False,
) -> None:
    """Review coverage: who was reviewed, and who reviewed.

    Orgs, secretaries and members reviewed, and secretaries who reviewed, in the
    selected rounds, for the scope and for every org below it; with --by-reviewer, each
    secretary's and leader's own assigned and outstanding reviews.

    Exit 0; 1 when the workspace has errors; 2 for an unknown --org or --round; 3 when
    --fail-under is given and a rate is below it.
    """
    from ..compute.coverage import compute_coverage, compute_responsibility
    from ..diagnostics import headed
    from ..render.coverage import MEASURE_LABELS, CoverageReport, ResponsibilityReport
    from ..render.labels import label
    from ..render.output import console, pct
    from ..report import Report
    from ..selection import select

    result = report.open(year=year)
    ws = result.workspace
    sel = select(ws, year=year, rounds=round_ids, org=org)
    target = Fraction(str(fail_under)) / 100 if fail_under is not None else None
    cov = compute_coverage(ws, sel)
    shown: Report = ResponsibilityReport(compute_responsibility(ws, sel), target) if by_reviewer else CoverageReport(cov, target)
    report.emit(shown)
    if not cov.rounds and (report.kind is not ReportFormat.table or report.output is not None):
        console(sys.stderr).print(headed("warning", label("no_rounds")), soft_wrap=True)
    if target is not None:
        below = cov.below(target)
        if below:
            err = console(sys.stderr)
            for scope, code, rate in below:
                where = f"{scope}: " if scope else ""
                err.print(f"{where}{label(MEASURE_LABELS[code])} {pct(rate)} < {fail_under:g}%", soft_wrap=True)
            raise typer.Exit(EXIT_THRESHOLD)
    raise typer.Exit(EXIT_OK)
