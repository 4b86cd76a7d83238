"""The report protocol: a result that knows its forms.

Every report command's result implements :class:`Report`: its JSON (FORMAT §11 shapes,
English codes), its rows (the CSV and one-sheet workbook form, labels in the language in
force) and its table on a console. The command line's one ``emit``
(:func:`pingyi.cli.common.emit`) picks the form and the destination (``--format``,
``-o FILE``), so a new report is a compute function, a result type and a few lines of CLI.

This module imports nothing from the command line and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # only a table needs rich, and imports it then
    from rich.console import Console


@runtime_checkable
class Report(Protocol):
    @property
    def title(self) -> str:
        """The message id of the report's title (sheet name, page title)."""
        ...

    def to_json(self) -> Any:
        """JSON-ready data (dicts, lists, numbers, strings) in FORMAT's shape."""
        ...

    def to_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        """The header and rows of the CSV / one-sheet workbook form, labels in the language
        in force."""
        ...

    def render_table(self, out: Console) -> None:
        """The report for people on ``out`` (a rich table on a terminal, plain text when
        piped)."""
        ...


# Optional, looked up by :func:`pingyi.cli.common.emit` where a report has them:
#   subtitle: str             shown after the title in a workbook (workspace name, year)
#   to_csv_rows() -> (header, rows)   the scripts' CSV on stdout (English codes, rates
#                                     0..1); without it, CSV on stdout is to_rows()
#   to_csv_text() -> str      that CSV written by the report itself (in bulk), the same text
#   to_html() -> str          the report as a self-contained HTML page (-o FILE.html)


__all__ = ["Report"]
