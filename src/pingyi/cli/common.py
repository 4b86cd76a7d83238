"""What every command shares: the options, loading the workspace with errors reported as
``pingyi check`` reports them, user errors turned into messages and exit codes, and the
one :func:`emit` that writes a report where and as the user asked (FORMAT §11).

A report command is a few lines::

    @user_errors                      # (applied to every command in cli/__init__.py)
    def coverage(workspace: WorkspaceOpt = None, fmt: ReportFormatOpt = None,
                 output: OutputOpt = None, force: ForceOpt = False, lang: LangOpt = None, …):
        result = open_workspace(workspace, fmt=fmt, lang=lang)
        sel = select(result.workspace, year=year, org=org, …)   # SelectionError → exit 2
        emit(CoverageReport(compute_coverage(result.workspace, sel=sel)), fmt, output, force)
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import sys
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from ..errors import UserError
from ..i18n import current_lang, gettext, resolve_lang, set_lang
from . import LANG_OPTION

if TYPE_CHECKING:  # the workspace, its loading and rendering are imported when a command runs
    from ..loader import LoadResult
    from ..report import Report

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_THRESHOLD = 3


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(StrEnum):
    """The forms of a report: ``xlsx`` and ``html`` only to a file (``-o``)."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


#: The format a file's extension names (FORMAT §11 "Files"); ``.txt`` is the plain table.
EXTENSIONS = {
    ".json": ReportFormat.json,
    ".csv": ReportFormat.csv,
    ".xlsx": ReportFormat.xlsx,
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".txt": ReportFormat.table,
}


class LangChoice(StrEnum):
    zh = "zh"
    en = "en"


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace", "-w", help="Workspace folder (default: found upwards from the current folder).", show_default=False
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
ReportFormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, json, csv; xlsx and html only with -o (default: table, or as the -o file's extension says).",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file (.csv opens in Excel and WPS, .xlsx is a workbook ready to print, .json, .txt).",
        show_default=False,
        dir_okay=True,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the -o file when it exists.")]
LangOpt = Annotated[LangChoice | None, typer.Option("--lang", help=LANG_OPTION.help, show_default=False)]
YearOpt = Annotated[
    int | None,
    typer.Option("--year", "-y", min=1, max=9999, help="Assessment year (default: the workspace's `year`).", show_default=False),
]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="Judge overdue items as of this date (default: today).", show_default=False
    ),
]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Limit to this org's subtree (its id or name).", show_default=False)]


#: ``pingyi --no-cache``, set for each invocation by the top-level callback (a context
#: variable, so it belongs to that invocation only).
NO_CACHE: ContextVar[bool] = ContextVar("pingyi_no_cache", default=False)


def cache_enabled() -> bool:
    """False under ``pingyi --no-cache`` or PINGYI_NO_CACHE=1."""
    from ..memo import disabled_by_environment

    return not NO_CACHE.get() and not disabled_by_environment()


# --------------------------------------------------------------------------- user errors


def error_line(message: str) -> None:
    """One error message on stderr (``错误：…`` / ``error: …``)."""
    from ..render.output import console

    err = console(sys.stderr)
    head = gettext("error:")
    text = f"{head}{'' if head.endswith('：') else ' '}{message}"
    if err.is_terminal:
        err.print(f"[bold red]{head}[/]", text[len(head) :], sep="", soft_wrap=True, markup=True, highlight=False)
    else:
        err.print(text, soft_wrap=True, markup=False, highlight=False)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a one-line error to stderr and exit. Prefer raising a :class:`UserError`,
    whose message comes from the catalog."""
    error_line(message)
    raise typer.Exit(code)


def _lang_value(lang: object) -> str | None:
    """``--lang`` as given (an enum member, a string or nothing)."""
    value = getattr(lang, "value", lang)
    return value if isinstance(value, str) else None


P = ParamSpec("P")
R = TypeVar("R")


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command in the language of its ``--lang`` when given (else the language the
    command line decided, :mod:`pingyi.cli.language`), and turn a :class:`UserError` into
    its message on stderr and its exit code."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        lang = _lang_value(kwargs.get("lang"))
        if lang is not None:
            set_lang(resolve_lang(lang))
        try:
            return command(*args, **kwargs)
        except UserError as exc:
            error_line(exc.message)
            raise typer.Exit(exc.exit_code) from None

    return run


# --------------------------------------------------------------------------- loading


def load(*args: Any, **kwargs: Any) -> LoadResult:
    """:func:`pingyi.loader.load` (imported when a command first loads a workspace)."""
    from ..loader import load as load_files

    return load_files(*args, **kwargs)


def load_workspace(
    workspace: Path | None,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    rules: Path | None = None,
    lang: LangChoice | str | None = None,
) -> LoadResult:
    """Load and check the workspace (errors included: the caller decides what they mean)
    and set the language (``--lang``, ``PINGYI_LANG``, the workspace's ``lang``, zh); a
    missing workspace or rules file is a usage error."""
    from ..io.files import WorkspaceNotFound
    from ..speed import settle

    if rules is not None and not rules.is_file():
        raise UserError("option-rules-is-folder" if rules.is_dir() else "option-rules-missing", path=str(rules))
    try:
        result = load(workspace, rules=rules, year=year, as_of=as_of, cache=cache_enabled())
    except WorkspaceNotFound as exc:
        if workspace is not None and not workspace.exists():
            raise UserError("workspace-folder-missing", path=str(workspace)) from None
        raise UserError("workspace-not-found", path=str(exc.start)) from None
    set_lang(resolve_lang(_lang_value(lang), result.workspace.lang))
    settle()  # what was loaded lives until the command ends (pingyi.speed)
    return result


def open_workspace(
    workspace: Path | None,
    *,
    fmt: OutputFormat | ReportFormat | None = OutputFormat.table,
    year: int | None = None,
    as_of: dt.datetime | dt.date | None = None,
    rules: Path | None = None,
    lang: LangChoice | None = None,
) -> LoadResult:
    """Load and check the workspace. When it has errors, report them the way `pingyi
    check` does (JSON on stdout with ``--format json``, text on stderr otherwise) and exit
    1: no command computes on a broken workspace."""
    from ..render.diagnostics import render_text
    from ..render.output import console

    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    result = load_workspace(workspace, year=year, as_of=as_of, rules=rules, lang=lang)
    if result.errors:
        if fmt is not None and fmt.value == "json":
            from ..render.diagnostics import render_json
            from ..render.output import to_json

            sys.stdout.write(to_json(render_json(result.diagnostics)))
        else:
            render_text(result.diagnostics, console(sys.stderr), lang=current_lang())
        raise typer.Exit(EXIT_ERRORS)
    return result


def lang_of(result: LoadResult, lang: LangChoice | None) -> str:
    """The language in force for this command (set when the workspace was loaded)."""
    return resolve_lang(lang.value if lang is not None else None, result.workspace.lang)


def check_org(result: LoadResult, org: str | None, option: str = "--org") -> str | None:
    """``--org``: an org's id or exact name; returns the id (``None`` stays ``None``).
    Raises :class:`~pingyi.selection.SelectionError` otherwise."""
    from ..selection import resolve_org

    return resolve_org(result.workspace, org, option)


# --------------------------------------------------------------------------- emit


def output_format(fmt: ReportFormat | OutputFormat | None, output: Path | None) -> ReportFormat:
    """``--format``, else the ``-o`` file's extension, else a table."""
    if fmt is not None:
        return ReportFormat(fmt.value)
    if output is None:
        return ReportFormat.table
    kind = EXTENSIONS.get(output.suffix.lower())
    if kind is None:
        raise UserError(
            "output-format",
            path=str(output),
            formats=[f.value for f in ReportFormat],
            extensions=list(EXTENSIONS),
        )
    return kind


def render_report(report: Report, kind: ReportFormat, *, to_file: bool) -> bytes | str:
    """The report in ``kind``: text for the screen, bytes for a workbook. A CSV file has a
    byte-order mark (Excel and WPS on Chinese Windows then read it as UTF-8) and the
    people's form of the rows (labels in the language in force); CSV on stdout is the
    scripts' form (``to_csv_rows()`` where the report has one: English codes)."""
    from ..render.output import console, plain_console, to_csv, to_json, to_sheet

    if kind is ReportFormat.json:
        return to_json(report.to_json())
    if kind is ReportFormat.csv:
        script_rows = getattr(report, "to_csv_rows", None)
        header, rows = script_rows() if (script_rows is not None and not to_file) else report.to_rows()
        text = to_csv(header, rows)
        return "\ufeff" + text if to_file else text
    if kind is ReportFormat.xlsx:
        header, rows = report.to_rows()
        subtitle = getattr(report, "subtitle", None)
        title = gettext(report.title) + (f" · {subtitle}" if subtitle else "")
        return to_sheet(title, header, rows, sheet=gettext(report.title))
    if kind is ReportFormat.html:
        to_html = getattr(report, "to_html", None)
        if to_html is None:
            raise UserError("output-no-html", formats=["table", "json", "csv", "xlsx"])
        return str(to_html())
    buffer = io.StringIO()
    report.render_table(plain_console(buffer) if to_file else console())
    return buffer.getvalue()


def emit(report: Report, fmt: ReportFormat | OutputFormat | None = None, output: Path | None = None, force: bool = False) -> None:
    """Write ``report`` as the user asked: to stdout (table, JSON or CSV), or with ``-o
    FILE`` to that file, atomically, in the format ``--format`` gives or else the one the
    extension names. An existing file is replaced only with ``force`` (a usage error
    otherwise, before anything is written)."""
    from ..io.write import FileExists, write_atomic
    from ..render.output import console

    kind = output_format(fmt, output)
    if output is None:
        if kind is ReportFormat.xlsx:
            raise UserError("output-xlsx-needs-file")
        data = render_report(report, kind, to_file=False)
        if data:
            assert isinstance(data, str)
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    if output.is_dir():
        raise UserError("output-is-folder", path=str(output))
    if output.exists() and not force:
        raise UserError("output-exists", path=str(output))
    data = render_report(report, kind, to_file=True)
    try:
        write_atomic(output, data, overwrite=force)
    except FileExists:
        raise UserError("output-exists", path=str(output)) from None
    except OSError as exc:
        raise UserError("output-unwritable", path=str(output), reason=exc.strerror or str(exc)) from None
    from ..i18n import tr

    note = console(sys.stderr)
    note.print(tr("Written to {path}.", path=str(output)), soft_wrap=True, markup=False, highlight=False)


def report_exit(code: int = EXIT_OK) -> NoReturn:
    raise typer.Exit(code)


__all__ = [
    "AsOfOpt",
    "EXIT_ERRORS",
    "EXIT_OK",
    "EXIT_THRESHOLD",
    "EXIT_USAGE",
    "ForceOpt",
    "FormatOpt",
    "LangChoice",
    "LangOpt",
    "OrgOpt",
    "OutputFormat",
    "OutputOpt",
    "ReportFormat",
    "ReportFormatOpt",
    "WorkspaceOpt",
    "YearOpt",
    "check_org",
    "emit",
    "fail",
    "lang_of",
    "load_workspace",
    "open_workspace",
    "output_format",
    "render_report",
    "user_errors",
]
