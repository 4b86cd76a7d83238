"""``pingyi coverage``: who has been reviewed, and who has reviewed (点评覆盖率, FORMAT §4)."""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Annotated

import typer

from ..compute.coverage import SelectionError, compute_coverage, compute_responsibility
from ..render.coverage import (
    MEASURE_LABELS,
    pct,
    render_coverage_csv,
    render_coverage_json,
    render_coverage_table,
    render_responsibility_csv,
    render_responsibility_json,
    render_responsibility_table,
)
from ..render.labels import label
from ..render.output import console, to_csv, to_json
from .common import (
    EXIT_OK,
    EXIT_THRESHOLD,
    FormatOpt,
    LangOpt,
    OutputFormat,
    WorkspaceOpt,
    YearOpt,
    check_org,
    fail,
    lang_of,
    open_workspace,
)

RoundOpt = Annotated[
    list[str] | None,
    typer.Option("--round", "-r", help="Only this round (repeat for several; default: every round of the year).", show_default=False),
]


def coverage(
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    year: YearOpt = None,
    round_ids: RoundOpt = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="Scope root (default: the rounds' scope, else every root).", show_default=False),
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
        typer.Option("--by-reviewer", help="Show each secretary's and leader's own assigned and outstanding reviews (分级负责)."),
    ] = False,
) -> None:
    """Review coverage (点评覆盖率): who was reviewed, and who reviewed.

    Orgs, secretaries and members reviewed, and secretaries who reviewed, in the
    selected rounds, for the scope and for every org below it; with --by-reviewer, each
    secretary's and leader's own assigned and outstanding reviews (分级负责).

    Exit 0; 1 when the workspace has errors; 2 for an unknown --org or --round; 3 when
    --fail-under is given and a rate is below it.
    """
    result = open_workspace(workspace, fmt=fmt, year=year, lang=lang)
    check_org(result, org)
    ws = result.workspace
    lng = lang_of(result, lang)
    try:
        cov = compute_coverage(ws, year=year, rounds=round_ids, org=org)
        resp = compute_responsibility(ws, year=year, rounds=round_ids, org=org) if by_reviewer else None
    except SelectionError as exc:
        fail(f"{exc.option}: {exc}")
    target = Fraction(str(fail_under)) / 100 if fail_under is not None else None
    if resp is not None:
        if fmt is OutputFormat.json:
            sys.stdout.write(to_json(render_responsibility_json(resp)))
        elif fmt is OutputFormat.csv:
            sys.stdout.write(to_csv(*render_responsibility_csv(resp)))
        else:
            render_responsibility_table(resp, console(), lang=lng, target=target)
    elif fmt is OutputFormat.json:
        sys.stdout.write(to_json(render_coverage_json(cov)))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(*render_coverage_csv(cov)))
    else:
        render_coverage_table(cov, console(), lang=lng, target=target)
    if not cov.rounds and fmt is not OutputFormat.table:
        console(sys.stderr).print(f"{label('warning', lng)}: {label('no_rounds', lng)}", soft_wrap=True)
    if target is not None:
        below = cov.below(target)
        if below:
            err = console(sys.stderr)
            for scope, code, rate in below:
                where = f"{scope}: " if scope else ""
                err.print(f"{where}{label(MEASURE_LABELS[code], lng)} {pct(rate)} < {fail_under:g}%", soft_wrap=True)
            raise typer.Exit(EXIT_THRESHOLD)
    raise typer.Exit(EXIT_OK)
