"""``pingyi check``: validate the workspace and show every problem with file:line:column."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..io.files import WorkspaceNotFound
from ..loader import load
from ..render.diagnostics import render_json, render_text
from ..render.output import console, to_json
from .common import cache_enabled
from .common import EXIT_ERRORS, EXIT_OK, FormatOpt, LangOpt, OutputFormat, WorkspaceOpt, YearOpt, fail


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
    if rules is not None and not rules.is_file():
        fail(f"the rules file {rules} does not exist")
    try:
        result = load(workspace, year=year, rules=rules, cache=cache_enabled())
    except WorkspaceNotFound as exc:
        fail(str(exc))
    gc.freeze()  # the loaded workspace lives until the command ends: the collector may skip it
    diagnostics = result.diagnostics
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(render_json(diagnostics)))
    elif fmt is OutputFormat.csv:
        from ..render.output import to_csv

        rows = [[d.file, d.line, d.column, str(d.severity), d.code, d.message] for d in diagnostics]
        sys.stdout.write(to_csv(["file", "line", "column", "severity", "code", "message"], rows))
    else:
        out = console()
        render_text(diagnostics, out, lang=lang.value if lang else result.workspace.lang)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    raise typer.Exit(EXIT_ERRORS if failed else EXIT_OK)
