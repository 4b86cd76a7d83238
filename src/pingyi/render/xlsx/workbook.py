"""The workbook's common machinery: safe cells, styles, ledger tables made to be read and
printed, and byte-stable saving.

Every sheet pingyi writes is a :class:`Ledger`: a title row (the workspace name, year and
ledger, merged across the table), an optional note row, one or two header rows, the data,
and optionally a signature line (填报人 / 审核人 / 日期) for ledgers signed on paper. A
ledger freezes its header, filters its columns, sizes its columns for Chinese text (an
East Asian wide character counts as two), and prints on A4 landscape, fitted to the page
width, with its header rows repeated on every page and the page number in the footer.

Safety. Text from a workspace is written as text, never as a formula: every ``str`` cell
gets ``data_type = "s"`` explicitly (so ``=1+1``, ``@SUM(A1)``, ``-2``, ``+x`` or ``#N/A``
stay the characters they are), and text that begins with ``= + - @``, a tab or a carriage
return also gets Excel's quote prefix, so that editing the cell in Excel keeps it text.
Characters that XML 1.0 and Excel reject (:data:`openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE`)
are removed and text is cut at Excel's 32,767 characters.

Speed. A county's workbook has millions of cells, and openpyxl spends some twenty
microseconds on each (a cell object, then an XML element written through ElementTree).
So a ledger made with ``stream=True`` (every ledger of ``pingyi export xlsx``) keeps its
data rows as plain values, and :func:`workbook_bytes` writes them straight into the
sheet's XML, in the very form openpyxl writes (inline strings, ``%.16g`` numbers, dates as
serial numbers, the same cell styles), between the rows openpyxl writes itself (the
title, note, header and signature rows): what a reader finds in the file is the same.

Stability. :func:`workbook_bytes` saves without a timestamp: the document properties get a
fixed date derived from the year, and the zip entries a fixed date too, so the same
workspace exported twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import queue
import re
import threading
import unicodedata
import zipfile
from copy import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

#: Text beginning with one of these would be read as a formula (or by some programs as
#: one); it is written as text with a quote prefix.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32767

POINTS = "0.00"
RATE = "0.0%"
INTEGER = "0"
DATE = "yyyy-mm-dd"

# ----------------------------------------------------------------------------- styles

FONT_ZH = "宋体"
FONT_EN = "Calibri"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
ALERT_FILL = PatternFill("solid", fgColor="FFC7CE")
ALERT_FONT_COLOR = "9C0006"
GOOD_FILL = PatternFill("solid", fgColor="C6EFCE")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def fonts(lang: str) -> dict[str, Font]:
    name = FONT_EN if lang == "en" else FONT_ZH
    return {
        "title": Font(name=name, size=16, bold=True),
        "note": Font(name=name, size=10, color="595959"),
        "header": Font(name=name, size=11, bold=True),
        "body": Font(name=name, size=11),
        "bold": Font(name=name, size=11, bold=True),
        "sign": Font(name=name, size=11),
    }


# ----------------------------------------------------------------------------- text

#: A quick test for text that needs no cleaning (no character Excel rejects, no CR).
_UNCLEAN = re.compile(r"[\000-\010\013-\014\016-\037\r]")


def clean_text(value: str) -> str:
    """Text as a cell may hold it: characters Excel rejects removed, line ends as ``\n``
    (XML turns a carriage return into a line feed anyway: this way the cell holds what
    a reader will read), cut at 32,767 characters."""
    if _UNCLEAN.search(value) is None:
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT]
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]


#: character → columns it takes (filled as characters are met)
_CHAR_WIDTH: dict[str, int] = {}


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        width = 0
    else:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    _CHAR_WIDTH[ch] = width
    return width


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width view: East Asian wide and full-width
    characters count 2, combining marks 0, everything else 1."""
    if text.isascii():  # no ASCII character is wide or combining
        return len(text)
    width = 0
    get = _CHAR_WIDTH.get
    for ch in text:
        w = get(ch)
        width += _char_width(ch) if w is None else w
    return width


def put(ws: Worksheet, row: int, column: int, value: Any, *, number_format: str | None = None):
    """Write one value into a cell, safely: text as text (never a formula), numbers as
    numbers (Decimal and Fraction through their exact decimal text), dates as dates."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        cell.value = None
        return cell
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"  # whatever the text looks like: never a formula, an error or a number
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, (Decimal, Fraction)):
        cell.value = _number(value)
    elif isinstance(value, (int, float)):
        cell.value = value
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE
    else:
        return put(ws, row, column, str(value), number_format=number_format)
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _number(value: Decimal | Fraction) -> int | float:
    """An exact value as the number Excel stores (a double): whole values as ints."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return float(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# ----------------------------------------------------------------------------- ledgers


@dataclass
class Column:
    """A column of a ledger: its header, how its values are shown, how wide it may grow.

    ``kind``: ``text`` (one line), ``wrap`` (long text, wrapped within ``max_width``),
    ``int``, ``num`` (a number as it is: 9, 9.5), ``points`` (0.00), ``rate`` (0.0%),
    ``date``, ``center`` (short codes)."""

    header: str
    kind: str = "text"
    max_width: int = 30
    min_width: int = 4
    group: str | None = None  # a second header row above: columns of one group are merged


@dataclass
class Ledger:
    """One sheet of the workbook, built row by row, finished by :meth:`finish`.

    Column widths follow the content (up to each column's ``max_width``); text wraps
    within its column, and since neither Excel nor LibreOffice reliably grows a row for
    wrapped text in a file they did not write, each row's height is set from the number
    of lines its longest cell takes at the final widths.

    With ``stream=True`` the data rows are not made into openpyxl cells: :meth:`add`
    keeps their values, and :func:`workbook_bytes` writes them into the sheet's XML (the
    rows above and below, title, header and signature, are ordinary cells). The sheet's
    data cells must then not be touched through openpyxl; per-row number formats go
    through :meth:`add`'s ``formats``."""

    ws: Worksheet
    title: str
    columns: list[Column]
    lang: str
    note: str | None = None
    signature: bool = False
    freeze_columns: int = 0
    stream: bool = False
    _rows: int = 0
    _widths: list[int] = field(default_factory=list)
    _fonts: dict[str, Font] = field(default_factory=dict)
    #: row → [(column index, widths of the text's lines)] for text that may wrap
    _texts: dict[int, list[tuple[int, tuple[int, ...]]]] = field(default_factory=dict)
    _styles: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    _style_ids: dict[tuple[Any, ...], str] = field(default_factory=dict)
    #: text → (widest line + 2, longest word + 1, line widths, several lines?), plain and bold
    _measured: tuple[dict[str, tuple[int, int, tuple[int, ...], bool]], dict[str, tuple[int, int, tuple[int, ...], bool]]] = field(
        default_factory=lambda: ({}, {})
    )
    #: streamed rows: (row number, values, variant); variants: (bold, fill, formats)
    _data: list[tuple[int, tuple[Any, ...], int]] = field(default_factory=list)
    _variants: list[tuple[bool, PatternFill | None, dict[int, str] | None]] = field(default_factory=list)
    _variant_index: dict[tuple[Any, ...], int] = field(default_factory=dict)
    #: streamed row → its height (set by :meth:`finish`)
    _heights: dict[int, float] = field(default_factory=dict)
    #: characters of text in the rows (for an upper bound of the sheet's size)
    _text_chars: int = 0

    def __post_init__(self) -> None:
        self._fonts = fonts(self.lang)
        self._caps = [c.max_width for c in self.columns]
        self._kinds = [c.kind for c in self.columns]
        self._plain = [c.kind not in ("points", "rate", "date") for c in self.columns]  # an int shows as str(int)
        self._widths = [max(c.min_width, min(c.max_width, _longest_word(c.header) + 2), _longest_word(c.header) + 1) for c in self.columns]
        ncol = len(self.columns)
        ws = self.ws
        put(ws, 1, 1, self.title).font = self._fonts["title"]
        ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 30
        if ncol > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
        row = 2
        if self.note:
            put(ws, 2, 1, self.note).font = self._fonts["note"]
            ws.cell(2, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
            if ncol > 1:
                ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
            row = 3
        grouped = any(c.group for c in self.columns)
        self.header_first = row
        if grouped:
            self._group_row(row)
            row += 1
        for j, c in enumerate(self.columns, start=1):
            cell = put(ws, row, j, c.header)
            self._header_style(cell)
            self._texts.setdefault(row, []).append((j, _line_widths(c.header, bold=True)))
        if grouped:  # an ungrouped column spans both header rows
            for j, c in enumerate(self.columns, start=1):
                if not c.group:
                    ws.cell(row - 1, j).value = None
                    put(ws, row - 1, j, c.header)
                    self._header_style(ws.cell(row - 1, j))
                    ws.merge_cells(start_row=row - 1, start_column=j, end_row=row, end_column=j)
        self.header_last = row
        self.first_data = row + 1
        self._next = row + 1
        if self.stream:
            ws._pingyi_ledger = self  # type: ignore[attr-defined]  # found by workbook_bytes

    def _header_style(self, cell) -> None:  # type: ignore[no-untyped-def]
        cell.font = self._fonts["header"]
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def _group_row(self, row: int) -> None:
        ws = self.ws
        j = 1
        while j <= len(self.columns):
            group = self.columns[j - 1].group
            k = j
            while group and k < len(self.columns) and self.columns[k].group == group:
                k += 1
            if group:
                put(ws, row, j, group)
                for jj in range(j, k + 1):
                    self._header_style(ws.cell(row, jj))
                if k > j:
                    ws.merge_cells(start_row=row, start_column=j, end_row=row, end_column=k)
            j = k + 1

    @property
    def last_row(self) -> int:
        """The last data row (the header row when there is no data)."""
        return self._next - 1

    def add(
        self, values: Sequence[Any], *, bold: bool = False, fill: PatternFill | None = None, formats: dict[int, str] | None = None
    ) -> int:
        """Append a data row; returns its row number. ``formats`` gives some of its cells
        (by 1-based column) a number format of their own."""
        r = self._next
        self._next += 1
        self._rows += 1
        if self.stream:
            key = (bold, id(fill) if fill is not None else None, tuple(sorted(formats.items())) if formats else None)
            variant = self._variant_index.get(key)
            if variant is None:
                variant = self._variant_index[key] = len(self._variants)
                self._variants.append((bold, fill, dict(formats) if formats else None))
            values = tuple(values)
            self._data.append((r, values, variant))
        else:
            self._add_cells(r, values, bold, fill, formats)
        self._measure(r, values, bold)
        return r

    def _add_cells(self, r: int, values: Sequence[Any], bold: bool, fill: PatternFill | None, formats: dict[int, str] | None) -> None:
        ws = self.ws
        font = self._fonts["bold" if bold else "body"]
        for j, (c, value) in enumerate(zip(self.columns, values), start=1):
            fmt = _cell_format(value, c.kind)
            cell = put(ws, r, j, value)
            # styling a cell the ordinary way costs openpyxl a hash of every style object;
            # cells styled alike share one style array, copied from the first of them
            key = (c.kind, bold, id(fill) if fill is not None else None, fmt)
            shared = self._styles.get(key)
            if shared is not None:
                quoted = bool(cell.quotePrefix)
                cell._style = copy(shared)
                if quoted:
                    cell.quotePrefix = True
            else:
                quoted = bool(cell.quotePrefix)
                if quoted:
                    cell.quotePrefix = False
                if fmt is not None:
                    cell.number_format = fmt
                cell.font = font
                cell.border = BORDER
                if fill is not None:
                    cell.fill = fill
                cell.alignment = _ALIGN[c.kind]
                self._styles[key] = copy(cell._style)
                if quoted:
                    cell.quotePrefix = True
            if formats and j in formats:
                cell.number_format = formats[j]

    def _measure(self, r: int, values: Sequence[Any], bold: bool) -> None:
        """Widen the columns for a new row, and note its texts that may wrap: those of
        several lines, and those wider than the room the text itself gives its column (the
        text's width, up to the column's ``max_width``, or its longest word); any other
        text fits on one line whatever the final widths, which only grow."""
        widths = self._widths
        caps = self._caps
        plain = self._plain
        measured = self._measured[1 if bold else 0]
        texts: list[tuple[int, tuple[int, ...]]] | None = None
        chars = 0
        for j in range(min(len(values), len(caps))):
            value = values[j]
            cls = value.__class__
            if cls is str or isinstance(value, str):
                chars += len(value)
                m = measured.get(value)
                if m is None:
                    lines = _line_widths(value, bold=bold)
                    m = measured[value] = (max(lines, default=0) + 2, _longest_word(value) + 1, lines, len(lines) > 1)
                shown2, word, lines, multi = m
                cap = caps[j]
                # the room is at least max(min(cap, shown2), word) - 0.8 (see _lines)
                if multi or (shown2 > cap and shown2 - 1.2 > max(cap, word)):
                    if texts is None:
                        texts = []
                    texts.append((j + 1, lines))
                width = widths[j]
                if shown2 > width or word > width:
                    widths[j] = max(width, min(cap, shown2), word)
            elif widths[j] < caps[j]:  # else no number can widen the column
                shown = len(str(value)) if cls is int and plain[j] else _shown_width(value, self._kinds[j])
                if shown + 2 > widths[j]:
                    widths[j] = min(caps[j], shown + 2)
        if texts:
            self._texts[r] = texts
        self._text_chars += chars

    def empty(self, text: str) -> None:
        """A single row saying there is nothing to list."""
        stream, self.stream = self.stream, False  # an ordinary row of cells
        try:
            r = self.add([text] + [None] * (len(self.columns) - 1))
        finally:
            self.stream = stream
        self._texts.pop(r, None)
        if len(self.columns) > 1:
            self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(self.columns))
        self.ws.cell(r, 1).font = self._fonts["note"]
        self.ws.cell(r, 1).alignment = Alignment(horizontal="center", vertical="center")

    def highlight(self, formula: str, *, fill: PatternFill = ALERT_FILL, font_color: str | None = ALERT_FONT_COLOR) -> None:
        """Conditional formatting of whole data rows where ``formula`` (written for the
        first data row, e.g. ``$L4="已逾期"``) holds."""
        if self._rows == 0:
            return
        ref = f"A{self.first_data}:{get_column_letter(len(self.columns))}{self.last_row}"
        rule = FormulaRule(formula=[formula], fill=fill, font=Font(color=font_color) if font_color else None, stopIfTrue=False)
        self.ws.conditional_formatting.add(ref, rule)

    def finish(self, *, filters: bool = True, signature_text: str | None = None) -> None:
        ws = self.ws
        ncol = len(self.columns)
        last_col = get_column_letter(ncol)
        widths = [float(w) for w in self._widths]
        # the title must fit in the merged row: widen every column if the table is narrow
        need = display_width(self.title) * 1.5 + 4  # a 16 pt title is about 1.45 × 11 pt
        if sum(widths) < need:
            extra = (need - sum(widths)) / ncol
            widths = [w + extra for w in widths]
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = round(width + 0.7, 1)
        streamed = {r for r, _, _ in self._data} if self._data else ()
        for r, texts in self._texts.items():
            lines = max(_lines(extent, widths[j - 1]) for j, extent in texts)
            if lines > 1 or r in (self.header_first, self.header_last):
                height = LINE_HEIGHT * max(lines, 1) + 4
                if r in streamed:
                    self._heights[r] = height
                else:
                    ws.row_dimensions[r].height = height
        if self.note:
            lines = _lines(_line_widths(self.note), sum(widths) * 1.1)  # the note is in 10 pt
            ws.row_dimensions[2].height = 14 * lines + 4
        ws.freeze_panes = f"{get_column_letter(1 + self.freeze_columns)}{self.first_data}"
        if filters and self._rows:
            ws.auto_filter.ref = f"A{self.header_last}:{last_col}{self.last_row}"
        last_printed = self.last_row
        if signature_text and self.signature:
            r = self.last_row + 2
            put(ws, r, 1, signature_text).font = self._fonts["sign"]
            ws.cell(r, 1).alignment = Alignment(horizontal="left", vertical="center")
            if ncol > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
            ws.row_dimensions[r].height = 28
            last_printed = r
        print_setup(ws, self.header_first, self.header_last, f"A1:{last_col}{last_printed}", self.lang)

    # ------------------------------------------------------------------------- streaming

    def _style_id(self, kind: str, variant: int, fmt: str | None, quoted: bool) -> str:
        """The index (as text) of the cell style a data cell gets: the style
        :meth:`_add_cells` gives it."""
        key = (kind, variant, fmt, quoted)
        found = self._style_ids.get(key)
        if found is None:
            bold, fill, _ = self._variants[variant]
            cell = Cell(self.ws)  # a scratch cell, not in the sheet: it registers the style
            if fmt is not None:
                cell.number_format = fmt
            cell.font = self._fonts["bold" if bold else "body"]
            cell.border = BORDER
            if fill is not None:
                cell.fill = fill
            cell.alignment = _ALIGN[kind]
            if quoted:
                cell.quotePrefix = True
            found = self._style_ids[key] = str(cell.style_id)
        return found

    def _xml_rows(self, epoch: dt.datetime) -> Iterable[tuple[int, str]]:
        """Each streamed row as ``(row number, <row> element)``, written as openpyxl
        writes a row of cells set by :func:`put` and styled by :meth:`_add_cells`."""
        letters = [get_column_letter(j) for j in range(1, len(self.columns) + 1)]
        kinds = [c.kind for c in self.columns]
        kind_formats = [_FORMATS.get(k) for k in kinds]
        ncol = len(self.columns)
        heights = self._heights
        texts: dict[str, tuple[str, bool]] = {}
        numbers: dict[Any, str] = {}
        dates: dict[dt.date, str] = {}
        #: per variant, per column: style index of [None or text, quoted text, date, number]
        tables: dict[int, list[list[str | None]]] = {}
        style_id = self._style_id

        def style(v: int, j: int, cat: int) -> str:
            table = tables[v]
            formats = self._variants[v][2]
            if formats and j + 1 in formats:
                fmt: str | None = formats[j + 1]
            else:
                fmt = (None, None, DATE, kind_formats[j])[cat]
            s = table[j][cat] = style_id(kinds[j], v, fmt, cat == 1)
            return s

        for r, values, v in self._data:
            rs = str(r)
            table = tables.get(v)
            if table is None:
                table = tables[v] = [[None, None, None, None] for _ in range(ncol)]
            height = heights.get(r)
            parts = [f'<row r="{rs}" ht="{height:.16g}" customHeight="1">' if height else f'<row r="{rs}">']
            append = parts.append
            for j in range(min(ncol, len(values))):
                value = values[j]
                cls = value.__class__
                ref = letters[j] + rs
                if value is None:
                    append(f'<c r="{ref}" s="{table[j][0] or style(v, j, 0)}" t="n"/>')
                elif cls is str:
                    found = texts.get(value)
                    if found is None:
                        found = _inline_text(value)
                        if len(value) <= 64:  # long texts are seldom repeated
                            texts[value] = found
                    body, quoted = found
                    cat = 1 if quoted else 0
                    append(f'<c r="{ref}" s="{table[j][cat] or style(v, j, cat)}"{body}')
                elif cls is int or cls is Decimal or cls is float or cls is Fraction:
                    number = numbers.get(value)
                    if number is None:
                        number = numbers[value] = _number_text(value)
                    append(f'<c r="{ref}" s="{table[j][3] or style(v, j, 3)}" t="n"><v>{number}</v></c>')
                elif cls is dt.date:
                    serial = dates.get(value)
                    if serial is None:
                        serial = dates[value] = _number_text(to_excel(value, epoch))
                    append(f'<c r="{ref}" s="{table[j][2] or style(v, j, 2)}" t="n"><v>{serial}</v></c>')
                else:
                    append(self._xml_cell(ref, value, v, j, epoch, style))
            append("</row>")
            yield r, "".join(parts)

    def _xml_cell(self, ref: str, value: Any, v: int, j: int, epoch: dt.datetime, style: Callable[[int, int, int], str]) -> str:
        """A cell of a less common type: bool, datetime, a subclass, anything else."""
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{style(v, j, 3)}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str):
            body, quoted = _inline_text(value)
            return f'<c r="{ref}" s="{style(v, j, 1 if quoted else 0)}"{body}'
        if isinstance(value, (int, float, Decimal, Fraction)):
            return f'<c r="{ref}" s="{style(v, j, 3)}" t="n"><v>{_number_text(value)}</v></c>'
        if isinstance(value, dt.datetime):
            serial = _number_text(to_excel(value.replace(tzinfo=None), epoch))
            return f'<c r="{ref}" s="{style(v, j, 2)}" t="n"><v>{serial}</v></c>'
        if isinstance(value, dt.date):
            return f'<c r="{ref}" s="{style(v, j, 2)}" t="n"><v>{_number_text(to_excel(value, epoch))}</v></c>'
        # anything else is written as its text, styled as the column's values (as put does)
        body, quoted = _inline_text(str(value))
        formats = self._variants[v][2]
        fmt = formats[j + 1] if formats and j + 1 in formats else _FORMATS.get(self.columns[j].kind)
        return f'<c r="{ref}" s="{self._style_id(self.columns[j].kind, v, fmt, quoted)}"{body}'


def _cell_format(value: Any, kind: str) -> str | None:
    """The number format a data cell of a column of ``kind`` gets for ``value``."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, dt.date) and kind != "date":
        return DATE
    return _FORMATS.get(kind)


def _inline_text(value: str) -> tuple[str, bool]:
    """A text cell's type and content as openpyxl writes them (after ``s="…"``), and
    whether it gets the quote prefix."""
    text = clean_text(value)
    if not text:
        return ' t="inlineStr"/>', False
    quoted = text.startswith(FORMULA_STARTS)
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>', quoted


def _number_text(value: Any) -> str:
    """A number as openpyxl writes it (``%.16g``; nothing for NaN and infinities)."""
    if isinstance(value, (Decimal, Fraction)):
        value = _number(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return "%.16g" % value


#: Points of row height per line of 11 pt text (CJK fonts run a little taller than Latin).
LINE_HEIGHT = 14.5

_FORMATS = {"points": POINTS, "rate": RATE, "int": INTEGER, "date": DATE}
_ALIGN = {
    "text": Alignment(vertical="top", wrap_text=True),
    "wrap": Alignment(vertical="top", wrap_text=True),
    "int": Alignment(horizontal="right", vertical="top"),
    "num": Alignment(horizontal="right", vertical="top"),
    "points": Alignment(horizontal="right", vertical="top"),
    "rate": Alignment(horizontal="right", vertical="top"),
    "date": Alignment(horizontal="center", vertical="top"),
    "center": Alignment(horizontal="center", vertical="top", wrap_text=True),
}


def _line_widths(text: str, *, bold: bool = False) -> tuple[int, ...]:
    widths = tuple(display_width(line) for line in text.split("\n"))
    if bold:
        widths = tuple(w + (w + 9) // 10 for w in widths)
    return widths


_RUN = re.compile(r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")


def _longest_word(text: str) -> int:
    """The width that breaks no word: the longest run of Latin letters, digits and
    punctuation (``qualified``, ``2024-12-31``); Chinese text may wrap between any two
    characters, so a CJK text asks for two of them (4)."""
    runs = max((len(m.group(0)) for m in _RUN.finditer(text)), default=0)
    wide = 4 if not text.isascii() and any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text) else 0
    return min(MAX_WORD, max(runs, wide))


#: A column grows beyond its ``max_width`` for a word this long at most.
MAX_WORD = 24


def _lines(extent: tuple[int, ...], width: float) -> int:
    """Lines a text of these line widths takes in a column ``width`` wide (a cell's
    padding takes about one unit)."""
    room = max(1.0, width - 0.8)
    return sum(max(1, math.ceil(w / room)) for w in extent)


def _shown_width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == "points" and not isinstance(value, str):
        return len(f"{float(value):.2f}")
    if kind == "rate" and not isinstance(value, str):
        return 6
    if kind == "date":
        return 10
    cls = value.__class__
    if cls is int or cls is Decimal or cls is Fraction or cls is float:  # one line of ASCII
        return len(str(value))
    text = str(value)
    return max((display_width(line) for line in text.split("\n")), default=0)


def print_setup(ws: Worksheet, header_first: int | None, header_last: int | None, area: str | None, lang: str) -> None:
    """A4 landscape, fitted to the page width (as many pages down as it takes), the
    header rows repeated on every page, and the page number in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if header_first is not None and header_last is not None:
        ws.print_title_rows = f"{header_first}:{header_last}"
    if area:
        ws.print_area = area
    page = "第 &P 页，共 &N 页" if lang != "en" else "Page &P of &N"
    ws.oddFooter.center.text = page
    ws.oddFooter.left.text = "&A"
    ws.evenFooter.center.text = page
    ws.evenFooter.left.text = "&A"


# ----------------------------------------------------------------------------- saving


def new_workbook(year: int, *, title: str, lang: str) -> Workbook:
    """An empty workbook whose properties carry no timestamp of today."""
    wb = Workbook()
    wb.remove(wb.active)
    fixed = fixed_time(year)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "pingyi"
    wb.properties.lastModifiedBy = "pingyi"
    wb.properties.title = clean_text(title)
    wb.properties.language = "zh-CN" if lang != "en" else "en"
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    return wb


def fixed_time(year: int) -> dt.datetime:
    """The time stamped into a workbook of ``year``: 31 December, noon (not today)."""
    year = min(max(year, 1980), 9999)
    return dt.datetime(year, 12, 31, 12, 0, 0)


def workbook_bytes(wb: Workbook, year: int, *, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The .xlsx file's bytes: written without today's date (openpyxl's ``save`` stamps
    the modification time) and with every zip entry dated the fixed time, so equal
    workbooks give equal bytes. The data rows of streamed ledgers are written here;
    ``progress(rows written, rows in all)`` is called as they are."""
    raw = io.BytesIO()
    with _StampedZip(raw, fixed_time(year)) as archive:
        if progress is not None:
            total = sum(len(ledger._data) for ledger in (getattr(ws, "_pingyi_ledger", None) for ws in wb.worksheets) if ledger is not None)
            done = 0

            def written(n: int) -> None:
                nonlocal done
                done += n
                progress(done, total)

            archive.written = written
        _Writer(wb, archive).save()
    return raw.getvalue()


def zip_stamp(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """``when`` as a zip entry's date: zip dates run from 1980 to 2107 (a year past 2107
    gives the last day zip can hold, not an error)."""
    if when.year > 2107:
        return (2107, 12, 31, 12, 0, 0)
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose every entry is dated one fixed time, into which the sheet of
    a streamed ledger is written with its data rows."""

    def __init__(self, file: io.BytesIO, when: dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.stamp = zip_stamp(when)
        #: the streamed ledger whose sheet openpyxl is writing, if any, and whether it was
        self.ledger: Ledger | None = None
        self.spliced = False
        #: called with the number of streamed rows each time some are written
        self.written: Callable[[int], None] = lambda _n: None

    def entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:  # type: ignore[no-untyped-def, override]
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self.entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:  # type: ignore[no-untyped-def, override]
        with open(filename, "rb") as src:
            xml = src.read()
        name = str(arcname if arcname is not None else filename)
        if self.ledger is not None:  # openpyxl's part of a streamed ledger's sheet
            _write_sheet(self, name, xml, self.ledger)
            self.spliced = True
        else:
            self.writestr(name, xml)


class _Writer(ExcelWriter):
    """openpyxl's writer, but the sheets of streamed ledgers get their data rows."""

    def write_worksheet(self, ws: Worksheet) -> None:
        archive: _StampedZip = self._archive
        ledger = getattr(ws, "_pingyi_ledger", None)
        archive.ledger, archive.spliced = ledger, False
        try:
            super().write_worksheet(ws)
        finally:
            archive.ledger = None
        if ledger is not None and not archive.spliced:  # pragma: no cover - another openpyxl
            raise RuntimeError(f"{ws.title}: the data rows were not written (openpyxl no longer saves a sheet as expected)")


_ROW_START = re.compile(rb'<row r="(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>(.*?)</sheetData>", re.S)
#: rows written to the archive at a time
_BATCH = 2000


def _write_sheet(archive: _StampedZip, name: str, xml: bytes, ledger: Ledger) -> None:
    """The sheet ``name``: openpyxl's XML of it (``xml``), with the ledger's streamed rows
    among openpyxl's rows, in row order."""
    found = _SHEET_DATA.search(xml)
    if found is None:  # pragma: no cover
        raise RuntimeError(f"{name}: no sheetData in the sheet openpyxl wrote")
    head, body, tail = xml[: found.start()], found.group(1) or b"", xml[found.end() :]
    last = ledger._data[-1][0] if ledger._data else 0
    dimension = _DIMENSION.search(head)
    if dimension is not None and last:
        min_col, min_row, max_col, max_row = range_boundaries(dimension.group(1).decode())
        ref = f"{get_column_letter(min_col)}{min(min_row, ledger._data[0][0])}:{get_column_letter(max(max_col, len(ledger.columns)))}{max(max_row, last)}"
        head = head[: dimension.start(1)] + ref.encode() + head[dimension.end(1) :]
    # openpyxl's own rows: (row number, XML)
    starts = [(int(m.group(1)), m.start()) for m in _ROW_START.finditer(body)]
    theirs = [(r, body[at : starts[k + 1][1] if k + 1 < len(starts) else len(body)]) for k, (r, at) in enumerate(starts)]
    # a zip entry over 2 GiB needs zip64 from the start: an upper bound of the size
    bound = len(xml) + sum(100 * len(values) + 80 for _, values, _ in ledger._data) + 5 * ledger._text_chars
    with archive.open(archive.entry(name), "w", force_zip64=bound > (1 << 30)) as out, _Compressing(out) as write:
        write(head + b"<sheetData>")
        k = 0
        batch: list[str] = []
        for r, row in ledger._xml_rows(ledger.ws.parent.epoch):
            while k < len(theirs) and theirs[k][0] < r:
                if batch:
                    write("".join(batch).encode())
                    archive.written(len(batch))
                    batch = []
                write(theirs[k][1])
                k += 1
            if k < len(theirs) and theirs[k][0] == r:  # pragma: no cover - a programming error
                raise RuntimeError(f"{ledger.ws.title}: row {r} has cells of its own and streamed data")
            batch.append(row)
            if len(batch) >= _BATCH:
                write("".join(batch).encode())
                archive.written(len(batch))
                batch = []
        if batch:
            write("".join(batch).encode())
            archive.written(len(batch))
        for _, chunk in theirs[k:]:
            write(chunk)
        write(b"</sheetData>" + tail)


class _Compressing:
    """Writes to a zip entry from a second thread: zlib lets go of the interpreter while
    it compresses, so the rows are made while the ones before are compressed."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._pump, name="pingyi-xlsx-deflate", daemon=True)

    def _pump(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    self.out.write(chunk)
                except BaseException as exc:  # noqa: BLE001 - handed to the writing thread
                    self.error = exc

    def write(self, chunk: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.chunks.put(chunk)

    def __enter__(self) -> Callable[[bytes], None]:
        self.thread.start()
        return self.write

    def __exit__(self, *exc: object) -> None:
        self.chunks.put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error


def restamp(data: bytes, when: dt.datetime) -> bytes:
    """The same zip archive with every entry dated ``when`` (zip dates start in 1980)."""
    stamp = zip_stamp(when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def sheet_title(name: str, taken: Iterable[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters."""
    bad = '[]:*?/\\'
    base = "".join("_" if ch in bad else ch for ch in clean_text(name)).strip("'") or "Sheet"
    base = base[:31]
    taken_lower = {t.lower() for t in taken}
    candidate = base
    n = 2
    while candidate.lower() in taken_lower:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    return candidate
