"""``pingyi check``: validate the workspace and show every problem with file:line:column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ..diagnostics import Diagnostic
from ..i18n import N_, current_lang
from ..render.diagnostics import render_csv, render_json, render_text
from ..render.labels import label
from .common import (
    EXIT_ERRORS,
    EXIT_OK,
    ForceOpt,
    LangOpt,
    OutputOpt,
    ReportFormatOpt,
    WorkspaceOpt,
    YearOpt,
    emit,
    load_workspace,
    output_format,
)


@dataclass(frozen=True)
class CheckReport:
    """The diagnostics of ``pingyi check`` (:class:`~pingyi.report.Report`)."""

    diagnostics: Sequence[Diagnostic]
    title: str = N_("Check")

    def to_json(self) -> dict[str, Any]:
        return render_json(self.diagnostics)

    def to_csv_rows(self) -> tuple[list[str], list[list[object]]]:
        return render_csv(self.diagnostics)

    def to_rows(self) -> tuple[list[str], list[list[object]]]:
        _, rows = render_csv(self.diagnostics)
        header = [label(k) for k in ("file", "line", "column", "severity", "code", "message")]
        return header, [[*row[:3], label(str(row[3])), *row[4:]] for row in rows]

    def render_table(self, out: Console) -> None:
        render_text(self.diagnostics, out, lang=current_lang())


def check(
    workspace: WorkspaceOpt = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any).")] = False,
    year: YearOpt = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Check against another rules file.", show_default=False)] = None,
    lang: LangOpt = None,
) -> None:
    """Validate the workspace: every error and warning with file:line:column.

    Exit 0 when there are no errors (warnings allowed), 1 when there are (or any warning
    with --strict).
    """
    kind = output_format(fmt, output)
    result = load_workspace(workspace, year=year, rules=rules, lang=lang)
    emit(CheckReport(result.diagnostics), kind, output, force)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    raise typer.Exit(EXIT_ERRORS if failed else EXIT_OK)
