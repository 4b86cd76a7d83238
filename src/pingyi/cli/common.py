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
import inspect
import io
import sys
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
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


# --------------------------------------------------------------------------- the options
# Every option more than one command takes is declared here once; a command's own variant
# (another help text) is made by the same factory.


def option(*names: str, help: str, metavar: str | None = None, **settings: Any) -> Any:
    """A typer option with pingyi's habits: a help text (a catalog entry), no default shown
    unless asked."""
    settings.setdefault("show_default", False)
    return typer.Option(*names, help=help, metavar=metavar, **settings)


def org_option(help: str = "Limit to this org's subtree (its id or name).") -> Any:
    return option("--org", help=help, metavar="ORG")


def force_option(help: str = "Replace the -o file when it exists.") -> Any:
    return option("--force", help=help)


def dry_run_option(help: str) -> Any:
    return option("--dry-run", help=help)


def year_option(help: str = "Assessment year (default: the workspace's `year`).") -> Any:
    return option("--year", "-y", min=1, max=9999, help=help, metavar="YEAR")


def output_file_option(help: str) -> Any:
    """``-o`` naming a file (or folder) that must be given."""
    return option("--output", "-o", help=help, metavar="FILE")


WorkspaceOpt = Annotated[
    Path | None,
    option("--workspace", "-w", help="Workspace folder (default: found upwards from the current folder).", metavar="FOLDER"),
]
FormatOpt = Annotated[OutputFormat, option("--format", "-f", help="Output format.", metavar="FORMAT", show_default=True)]
ReportFormatOpt = Annotated[
    ReportFormat | None,
    option(
        "--format",
        "-f",
        help="Output format: table, json, csv; xlsx and html only with -o (default: table, or as the -o file's extension says).",
        metavar="FORMAT",
    ),
]
OutputOpt = Annotated[
    Path | None,
    option(
        "--output",
        "-o",
        help="Write the report to this file (.csv opens in Excel and WPS, .xlsx is a workbook ready to print, .json, .txt).",
        metavar="FILE",
        dir_okay=True,
    ),
]
ForceOpt = Annotated[bool, force_option()]
LangOpt = Annotated[LangChoice | None, option("--lang", help=LANG_OPTION.help)]
YearOpt = Annotated[int | None, year_option()]
AsOfOpt = Annotated[
    dt.datetime | None,
    option("--as-of", formats=["%Y-%m-%d"], help="Judge overdue items as of this date (default: today).", metavar="YYYY-MM-DD"),
]
OrgOpt = Annotated[str | None, org_option()]
MemberOpt = Annotated[str | None, option("--member", "-m", help="Only this member (id or name).", metavar="MEMBER")]
RulesOpt = Annotated[
    Path | None,
    option(
        "--rules", help="Use another scheme of points and stars (a `kind: rules` file), e.g. a five-star one.", metavar="FILE"
    ),
]
QuarterOpt = Annotated[
    int | None,
    option(
        "--quarter",
        "-q",
        min=1,
        max=4,
        help="Show the ranked star-of-the-quarter candidates of quarter N (1 to 4) per branch, with the quota and who was named.",
        metavar="N",
    ),
]
ThroughOpt = Annotated[
    str | None,
    option(
        "--through",
        metavar="YYYY-MM",
        help="Year to date: count the months up to this one (default: the whole year, or the months elapsed "
        "while the year is not over); stars and grades are then provisional.",
    ),
]
RoundOpt = Annotated[
    list[str] | None,
    option("--round", "-r", help="Only this round (repeat for several; default: every round of the year).", metavar="ROUND"),
]


@dataclass(frozen=True)
class ReportOptions:
    """The options every report shares, declared once (as sqlite-utils shares its
    ``output_options``): ``-w`` (not for ``rollup``), ``--format``, ``-o``, ``--force``,
    ``--lang``. A command takes them as its parameter ``report: ReportOptions`` and is
    decorated with :func:`report_options`."""

    workspace: Path | None = None
    fmt: ReportFormat | None = None
    output: Path | None = None
    force: bool = False
    lang: LangChoice | None = None

    @property
    def kind(self) -> ReportFormat:
        """``--format``, else the ``-o`` file's extension, else a table."""
        return output_format(self.fmt, self.output)

    def open(self, **selection: Any) -> LoadResult:
        """The workspace, loaded and checked (:func:`open_workspace`)."""
        return open_workspace(self.workspace, fmt=self.kind, lang=self.lang, **selection)

    def emit(self, report: Report) -> None:
        """The report, where and as asked (:func:`emit`)."""
        emit(report, self.kind, self.output, self.force)


_FIRST = (("workspace", WorkspaceOpt, None),)
_LAST = (("fmt", ReportFormatOpt, None), ("output", OutputOpt, None), ("force", ForceOpt, False), ("lang", LangOpt, None))


def report_options(command: Callable[..., R] | None = None, *, workspace: bool = True) -> Any:
    """Give a command the shared report options: its parameter ``report: ReportOptions``
    becomes ``-w`` (first; left out with ``workspace=False``) and ``--format``, ``-o``,
    ``--force``, ``--lang`` (last), and the command receives them as one value."""

    def decorate(command: Callable[..., R]) -> Callable[..., R]:
        own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "report"]
        shared = [*(_FIRST if workspace else ()), *_LAST]
        names = [name for name, _, _ in shared]

        def parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
            return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)

        params = [
            *(parameter(*s) for s in shared[: len(shared) - len(_LAST)]),
            *(p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own),
            *(parameter(*s) for s in _LAST),
        ]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> R:
            report = ReportOptions(**{name: kwargs.pop(name) for name in names if name in kwargs})
            return command(*args, report=report, **kwargs)

        run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]  # what typer reads
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run

    return decorate(command) if command is not None else decorate


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
    from ..speed import bulk, settle

    if rules is not None and not rules.is_file():
        raise UserError("option-rules-is-folder" if rules.is_dir() else "option-rules-missing", path=str(rules))
    try:
        with bulk():
            result = load(workspace, rules=rules, year=year, as_of=as_of, cache=cache_enabled())
            # what was loaded lives until the command ends: kept from the collector before
            # it runs again, which would otherwise walk all of it once (pingyi.speed)
            settle()
    except WorkspaceNotFound as exc:
        if workspace is not None and not workspace.exists():
            raise UserError("workspace-folder-missing", path=str(workspace)) from None
        raise UserError("workspace-not-found", path=str(exc.start)) from None
    set_lang(resolve_lang(_lang_value(lang), result.workspace.lang))
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
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    result = load_workspace(workspace, year=year, as_of=as_of, rules=rules, lang=lang)
    if result.errors:
        if fmt is not None and fmt.value == "json":
            from ..render.diagnostics import render_json
            from ..render.output import to_json

            sys.stdout.write(to_json(render_json(result.diagnostics)))
        else:
            from ..render.diagnostics import render_text
            from ..render.output import console

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
    scripts' form (``to_csv_rows()`` where the report has one: English codes; written by
    ``to_csv_text()`` where the report writes it itself)."""
    from ..render.output import console, plain_console, to_csv, to_json, to_sheet

    if kind is ReportFormat.json:
        return to_json(report.to_json())
    if kind is ReportFormat.csv:
        bulk_text = None if to_file else getattr(report, "to_csv_text", None)
        if bulk_text is not None:  # the same text as to_csv(*to_csv_rows()), made in bulk
            return str(bulk_text())
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
    otherwise, before anything is written).

    The report lives until the command ends, and writing it makes little but text that is
    written and dropped: the cyclic collector is kept away from both (:mod:`pingyi.speed`;
    a county's points report is written 0.1 s sooner)."""
    from ..speed import bulk, settle

    settle()
    with bulk():
        _emit(report, fmt, output, force)


def _emit(report: Report, fmt: ReportFormat | OutputFormat | None, output: Path | None, force: bool) -> None:
    kind = output_format(fmt, output)
    if output is None:
        if kind is ReportFormat.xlsx:
            raise UserError("output-xlsx-needs-file")
        if kind is ReportFormat.json:  # written as it is made: a county's is 12 MB of text
            from ..render.output import write_json

            stream = getattr(report, "to_json_stream", None)  # its longest list made as written
            write_json(stream() if stream is not None else report.to_json(), sys.stdout)
            sys.stdout.flush()
            return
        data = render_report(report, kind, to_file=False)
        if data:
            assert isinstance(data, str)
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    from ..io.write import FileExists, write_atomic
    from ..render.output import console

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
    "EXIT_ERRORS",
    "EXIT_OK",
    "EXIT_THRESHOLD",
    "EXIT_USAGE",
    "AsOfOpt",
    "ForceOpt",
    "FormatOpt",
    "LangChoice",
    "LangOpt",
    "MemberOpt",
    "OrgOpt",
    "OutputFormat",
    "OutputOpt",
    "QuarterOpt",
    "ReportFormat",
    "ReportFormatOpt",
    "ReportOptions",
    "RoundOpt",
    "RulesOpt",
    "ThroughOpt",
    "WorkspaceOpt",
    "YearOpt",
    "check_org",
    "dry_run_option",
    "emit",
    "fail",
    "force_option",
    "lang_of",
    "load_workspace",
    "open_workspace",
    "option",
    "org_option",
    "output_file_option",
    "output_format",
    "render_report",
    "report_options",
    "user_errors",
    "year_option",
]
