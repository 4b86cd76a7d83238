"""``pingyi check``: validate the workspace and show every problem with file:line:column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_, current_lang
from .common import EXIT_ERRORS, EXIT_OK, ReportOptions, RulesOpt, YearOpt, load_workspace, option, report_options

if TYPE_CHECKING:
    from rich.console import Console

    from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class CheckReport:
    """The diagnostics of ``pingyi check`` (:class:`~pingyi.report.Report`)."""

    diagnostics: Sequence[Diagnostic]
    title: str = N_("Check")

    def to_json(self) -> dict[str, Any]:
        from ..render.diagnostics import render_json

        return render_json(self.diagnostics)

    def to_csv_rows(self) -> tuple[list[str], list[list[object]]]:
        from ..render.diagnostics import render_csv

        return render_csv(self.diagnostics)

    def to_rows(self) -> tuple[list[str], list[list[object]]]:
        from ..render.labels import label

        _, rows = self.to_csv_rows()
        header = [label(k) for k in ("file", "line", "column", "severity", "code", "message")]
        return header, [[*row[:3], label(str(row[3])), *row[4:]] for row in rows]

    def render_table(self, out: Console) -> None:
        from ..render.diagnostics import render_text

        render_text(self.diagnostics, out, lang=current_lang())


@report_options
def check(
    report: ReportOptions,
    strict: Annotated[bool, option("--strict", help="Treat warnings as errors (exit 1 on any).")] = False,
    year: YearOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Validate the workspace: every error and warning with file:line:column.

    Exit 0 when there are no errors (warnings allowed), 1 when there are (or any warning
    with --strict).
    """
    result = load_workspace(report.workspace, year=year, rules=rules, lang=report.lang)
    report.emit(CheckReport(result.diagnostics))
    failed = bool(result.errors) or (strict and bool(result.warnings))
    raise typer.Exit(EXIT_ERRORS if failed else EXIT_OK)
