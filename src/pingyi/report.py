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
from typing import Any, Protocol, runtime_checkable

from rich.console import Console


@runtime_checkable
class Report(Protocol):
    #: The message id of the report's title (sheet name, page title).
    title: str

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


__all__ = ["Report"]
