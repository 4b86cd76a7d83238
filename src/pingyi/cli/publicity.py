"""``pingyi publicity PERIOD``: what is published (公示) for a month, a quarter or a year,
and the objections (异议) received with their state (FORMAT §13)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..compute.publicity import PublicityReport, compute_publicity
from ..i18n import use_lang
from ..io.fingerprint import fingerprint
from ..io.write import FileExists, write_atomic
from ..model.publicity import Period
from ..render.output import console, to_csv, to_json
from .common import AsOfOpt, LangOpt, OrgOpt, WorkspaceOpt, check_org, fail, lang_of, open_workspace
from .common import OutputFormat as CommonFormat


class PublicityFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


EXTENSIONS = {
    ".json": PublicityFormat.json,
    ".csv": PublicityFormat.csv,
    ".html": PublicityFormat.html,
    ".htm": PublicityFormat.html,
}


def publicity(
    period: Annotated[str, typer.Argument(help="A month (2024-03), a quarter (2024-Q1) or a year (2024).", show_default=False)],
    workspace: WorkspaceOpt = None,
    org: OrgOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        PublicityFormat | None,
        typer.Option(
            "--format", "-f", help="Output format: table, json, csv, or html (the page to print and post).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (.html, .xlsx, .json or .csv) instead of the screen.", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    lang: LangOpt = None,
) -> None:
    """公示: the results published for a month, a quarter or a year, and the objections.

    A month lists each member's item scores and points with the rank in the org; a quarter
    the quarter points, rank and 季度之星 with the quota; a year the totals, stars, grades
    and 年度之星, as `pingyi score` gives them. Then the objections of the period's
    `kind: publicity` records: pending, upheld, partly upheld or rejected, late, overdue.

    --format html (or -o FILE.html) writes one self-contained page, a section per org, to
    print on A4 for the 公开栏 and to read on a phone. Exit 0; 1 when the workspace has
    errors; 2 for a bad period, an unknown --org or an existing output file.
    """
    try:
        parsed = Period.parse(period)
    except ValueError:
        fail(f"`{period}` is no period: write a month 2024-03, a quarter 2024-Q1 or a year 2024")
    fmt = _format(fmt, output)
    result = open_workspace(
        workspace,
        fmt=CommonFormat.json if fmt is PublicityFormat.json else CommonFormat.table,
        year=parsed.year,
        as_of=as_of,
        lang=lang,
    )
    check_org(result, org)
    ws = result.workspace
    with use_lang(lang_of(result, lang)):
        report = compute_publicity(ws, parsed, org=org)
        if fmt is PublicityFormat.html or (output is not None and output.suffix.lower() in (".html", ".htm")):
            report.fingerprint.update(fingerprint(ws.root, ws.config.exclude))
        _emit(report, fmt, output, force)


def _format(fmt: PublicityFormat | None, output: Path | None) -> PublicityFormat:
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = output.suffix.lower()
        if suffix == ".xlsx":
            return PublicityFormat.table  # the workbook is chosen by the extension below
        if suffix in EXTENSIONS:
            return EXTENSIONS[suffix]
        fail(f"-o {output}: give a file ending in .html, .xlsx, .json or .csv, or say --format")
    return PublicityFormat.table


def _emit(report: PublicityReport, fmt: PublicityFormat, output: Path | None, force: bool) -> None:
    """The one place the listing's form and destination are chosen."""
    from ..render.publicity import publicity_xlsx, render_publicity_html

    data: bytes | str
    if output is not None and output.suffix.lower() == ".xlsx" and fmt is PublicityFormat.table:
        data = publicity_xlsx(report)
    elif fmt is PublicityFormat.json:
        data = to_json(report.to_json())
    elif fmt is PublicityFormat.csv:
        header, rows = report.to_rows()
        data = to_csv(header, rows)
        if output is not None:
            data = "\ufeff" + data
    elif fmt is PublicityFormat.html:
        data = render_publicity_html(report)
    else:
        if output is None:
            report.render_table(console())
            return
        from io import StringIO

        buffer = StringIO()
        report.render_table(console(buffer))
        data = buffer.getvalue()
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        return
    try:
        write_atomic(output, data, overwrite=force)
    except FileExists as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
