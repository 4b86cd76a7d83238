"""``pingyi check``: validate the workspace and show every problem with file:line:column."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..render.diagnostics import render_csv, render_json, render_text
from ..render.output import console, to_csv, to_json
from .common import EXIT_ERRORS, EXIT_OK, FormatOpt, LangOpt, OutputFormat, WorkspaceOpt, YearOpt, load_workspace


def check(
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any).")] = False,
    year: YearOpt = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Check against another rules file.", show_default=False)] = None,
    lang: LangOpt = None,
) -> None:
    """Validate the workspace: every error and warning with file:line:column.

    Exit 0 when there are no errors (warnings allowed), 1 when there are (or any warning
    with --strict).
    """
    result = load_workspace(workspace, year=year, rules=rules)
    diagnostics = result.diagnostics
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(render_json(diagnostics)))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(*render_csv(diagnostics)))
    else:
        out = console()
        render_text(diagnostics, out, lang=lang.value if lang else result.workspace.lang)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    raise typer.Exit(EXIT_ERRORS if failed else EXIT_OK)
