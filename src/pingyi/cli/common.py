"""What every command shares: the options, loading the workspace with errors reported as
``pingyi check`` reports them, and the exit codes of FORMAT §11."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..io.files import WorkspaceNotFound
from ..loader import LoadResult, load
from ..render.diagnostics import render_json, render_text
from ..render.output import console, to_json

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_THRESHOLD = 3


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class LangChoice(str, Enum):
    zh = "zh"
    en = "en"


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Workspace folder (default: found upwards from the current folder).", show_default=False),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
LangOpt = Annotated[
    LangChoice | None, typer.Option("--lang", help="Label language (default: the workspace's `lang`).", show_default=False)
]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", min=1, max=9999, help="Assessment year (default: the workspace's `year`).", show_default=False)]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="Judge overdue items as of this date (default: today).", show_default=False),
]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Limit to this org's subtree.", show_default=False)]


#: Set by ``pingyi --no-cache`` (or PINGYI_NO_CACHE=1): read every file afresh.
USE_CACHE = {"enabled": True}


def cache_enabled() -> bool:
    return USE_CACHE["enabled"] and os.environ.get("PINGYI_NO_CACHE", "") in ("", "0")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    err = console(sys.stderr)
    err.print(f"[bold red]error:[/] {message}" if err.is_terminal else f"error: {message}", soft_wrap=True)
    raise typer.Exit(code)


def load_workspace(
    workspace: Path | None,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    rules: Path | None = None,
) -> LoadResult:
    """Load and check the workspace (errors included: the caller decides what they mean);
    a missing workspace or rules file is a usage error."""
    if rules is not None and not rules.is_file():
        fail(f"the rules file {rules} is a folder" if rules.is_dir() else f"the rules file {rules} does not exist")
    try:
        result = load(workspace, rules=rules, year=year, as_of=as_of, cache=cache_enabled())
    except WorkspaceNotFound as exc:
        fail(str(exc))
    gc.freeze()  # what was loaded lives until the command ends: the collector may skip it
    return result


def open_workspace(
    workspace: Path | None,
    *,
    fmt: OutputFormat = OutputFormat.table,
    year: int | None = None,
    as_of: dt.datetime | dt.date | None = None,
    rules: Path | None = None,
    lang: LangChoice | None = None,
) -> LoadResult:
    """Load and check the workspace. When it has errors, report them the way `pingyi
    check` does (JSON on stdout with ``--format json``, text on stderr otherwise) and exit
    1: no command computes on a broken workspace."""
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    result = load_workspace(workspace, year=year, as_of=as_of, rules=rules)
    if result.errors:
        if fmt is OutputFormat.json:
            sys.stdout.write(to_json(render_json(result.diagnostics)))
        else:
            render_text(result.diagnostics, console(sys.stderr), lang=lang_of(result, lang))
        raise typer.Exit(EXIT_ERRORS)
    return result


def lang_of(result: LoadResult, lang: LangChoice | None) -> str:
    return lang.value if lang is not None else result.workspace.lang


def check_org(result: LoadResult, org: str | None) -> None:
    """``--org ID`` must name an org of the workspace."""
    if org is not None and org not in result.workspace.orgs:
        what = "a member, not an org" if org in result.workspace.members else "no org of this workspace"
        fail(f"--org {org}: `{org}` is {what}")
