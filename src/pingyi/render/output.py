"""Shared output plumbing: JSON and CSV encoding, spreadsheet-safe cells, the one-sheet
workbook of a report, consoles, rates and numbers for display."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, TextIO

from rich.console import Console

from ..numbers import half_up, rate4


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round once, half away from zero (四舍五入), to ``decimals`` places."""
    return half_up(value, decimals)


def pct(rate: Fraction | None, digits: int = 2) -> str:
    """A rate for people: ``96.51%`` (the same rounding as the JSON's 0.9651); ``—``
    when there is nothing to count."""
    return "—" if rate is None else f"{half_up(rate * 100, digits)}%"


@dataclasses.dataclass(frozen=True, slots=True)
class Percent:
    """A rate in a report's rows (:meth:`~pingyi.report.Report.to_rows`): shown as
    ``96.51%`` in CSV, written as the number 0.9651 formatted ``0.00%`` in a workbook;
    empty when there is nothing to count."""

    rate: Fraction | None
    digits: int = 2

    def __str__(self) -> str:
        return "" if self.rate is None else pct(self.rate, self.digits)

    @property
    def number(self) -> Decimal | None:
        return None if self.rate is None else half_up(self.rate, self.digits + 2)


#: What a spreadsheet would take for the start of a formula (FORMAT §11 "Files").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text that no spreadsheet runs: a leading ``= + - @``, tab or carriage return is
    prefixed with ``'``."""
    return "'" + value if value.startswith(FORMULA_START) else value


def cell(value: Any) -> Any:
    """A value of a report's rows for CSV: numbers as they are (never prefixed), ``None``
    empty, rates as ``96.51%``, everything else as text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return plain(value)
    if isinstance(value, Percent):
        return str(value)
    return safe_text(str(plain(value)))


def plain(obj: Any) -> Any:
    """Results as JSON-ready data: dataclasses and mappings recursively, Decimal as a JSON
    number (results are already rounded), dates in ISO form, enums as their codes."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(plain(k)) if not isinstance(k, str) else k: plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        exponent = obj.as_tuple().exponent
        return int(obj) if isinstance(exponent, int) and exponent >= 0 and obj == obj.to_integral_value() else float(obj)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj


def to_json(obj: Any) -> str:
    return json.dumps(plain(obj), ensure_ascii=False, indent=2) + "\n"


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV text (no byte-order mark); text cells that a spreadsheet would run as a formula
    are prefixed with ``'``, numbers never."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


def to_sheet(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], *, sheet: str | None = None) -> bytes:
    """A printable one-sheet workbook (``.xlsx``): a title row, the header (frozen, with
    filters, repeated on every printed page), the rows; A4 landscape, fitted to the page
    width; widths that fit Chinese text. Text is always written as text (never a
    formula); rates as numbers formatted as percentages."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_name(sheet or title)
    ncols = max(1, len(header))
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    widths = [_width(str(h)) for h in header]
    for j, h in enumerate(header, start=1):
        c = ws.cell(row=2, column=j, value=str(h))
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(rows, start=3):
        for j, value in enumerate(row, start=1):
            c = ws.cell(row=i, column=j)
            if value is None or value == "":
                continue
            if isinstance(value, Percent):
                if value.number is None:
                    continue
                c.value = float(value.number)
                c.number_format = "0." + "0" * value.digits + "%"
                text = str(value)
            elif isinstance(value, bool):
                c.value = "true" if value else "false"
                text = c.value
            elif isinstance(value, (int, Decimal, float)):
                exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
                if isinstance(value, Decimal) and isinstance(exponent, int) and exponent < 0:
                    c.value = float(value)
                    c.number_format = "0." + "0" * -exponent
                else:
                    c.value = int(value) if isinstance(value, Decimal) else value
                text = str(value)
            else:
                text = str(plain(value))
                c.value = text
                c.data_type = "s"  # text, even when it starts with "="
            if j <= len(widths):
                widths[j - 1] = max(widths[j - 1], _width(text))
            else:
                widths.append(_width(text))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(6, w + 2))
    last = get_column_letter(ncols)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{max(2, len(rows) + 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str) -> str:
    bad = set("[]:*?/\\")
    return "".join("_" if ch in bad else ch for ch in title)[:31] or "Sheet1"


def _width(text: str) -> int:
    """Display columns of the longest line of ``text`` (wide characters count two)."""
    return max((cell_width(line) for line in text.splitlines()), default=0)


def cell_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def console(file: TextIO | None = None) -> Console:
    """A console for tables: coloured on a terminal; plain and wide enough that tables
    are never cut when piped."""
    stream = file if file is not None else sys.stdout
    is_terminal = hasattr(stream, "isatty") and stream.isatty()
    if is_terminal:
        return Console(file=stream, highlight=False)
    return plain_console(stream)


def plain_console(stream: TextIO) -> Console:
    """A console for a file or a pipe: no colour, no terminal codes, wide enough that
    nothing is cut."""
    return Console(file=stream, highlight=False, width=400, no_color=True, color_system=None, soft_wrap=False)


def number(value: Decimal | None, decimals: int = 2) -> str:
    return "—" if value is None else str(round_half_up(value, decimals))


__all__ = [
    "Percent",
    "cell",
    "console",
    "number",
    "pct",
    "plain_console",
    "plain",
    "rate4",
    "round_half_up",
    "safe_text",
    "to_csv",
    "to_json",
    "to_sheet",
]
