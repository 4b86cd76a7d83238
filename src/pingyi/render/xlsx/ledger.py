"""The ledger layout: every sheet of the workbook is a :class:`Ledger`, a title row (the
name, year and ledger, merged across the table), an optional note row, one or two header
rows, the data, and optionally a signature line (填报人 / 审核人 / 日期) for ledgers signed
on paper. A ledger freezes its header, filters its columns, sizes its columns for Chinese
text (:mod:`.widths`), sets each row's height from the lines its text takes, and prints
on A4 landscape, fitted to the page width, with its header rows repeated on every page
and the page number in the footer.

A ledger made with ``stream=True`` keeps its data rows as plain values, with their shape
(the kind of row and the type of each value): rows alike are measured and written
alike, through one XML template each; the streaming writer (:mod:`.stream`) writes them
straight into the sheet's XML, as openpyxl would, as soon as the ledger is finished.
Past Excel's :data:`MAX_ROWS` rows a ledger continues on a new sheet, named and titled
as the continuation it is (:class:`Ledgers`).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import partial
from operator import call, itemgetter
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import Element

from .cells import DATE, clean_text, inline_text, number_text, put
from .widths import LINE_HEIGHT, MAX_WORD, display_width, line_widths, lines_needed, longest_word, shown_width
from .words import L, title

POINTS = "0.00"
RATE = "0.00%"
INTEGER = "0"

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
        "card": Font(name=name, size=12, bold=True),
    }


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


def specs(lang: str, spec: str, *, group: str | None = None) -> list[Column]:
    """Columns written in short: ``"key:kind:max_width:min_width …"`` (kind and the
    widths may be left off), each header the word or table label ``key`` in ``lang``."""
    out: list[Column] = []
    for token in spec.split():
        key, kind, *widths = token.split(":") + ["text"] * (":" not in token)
        sizes = {name: int(w) for name, w in zip(("max_width", "min_width"), widths)}
        out.append(Column(L(key, lang), kind, group=group, **sizes))
    return out


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
    #: a row of column headers under the title (a sheet of cards has a header per card)
    headers: bool = True
    _rows: int = 0
    _widths: list[float] = field(default_factory=list)
    _fonts: dict[str, Font] = field(default_factory=dict)
    #: row → [(column index, widths of the text's lines)] for text that may wrap
    _texts: dict[int, list[tuple[int, tuple[float, ...]]]] = field(default_factory=dict)
    _styles: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    _style_ids: dict[tuple[Any, ...], str] = field(default_factory=dict)
    #: text → (widest line + 2, longest word + 1, line widths, several lines?), plain and bold
    _measured: tuple[
        dict[str, tuple[float, int, tuple[float, ...], bool]], dict[str, tuple[float, int, tuple[float, ...], bool]]
    ] = field(default_factory=lambda: ({}, {}))
    #: streamed rows: (row number, shape: the variant, then the values' types, then the
    #: values), variants: (bold, fill, formats, role); or the rows of a form: (first row,
    #: the form as laid out here, then the values of its slots). One tuple a row: a
    #: county's sheet holds a hundred thousand of them until it is finished.
    _data: list[tuple[Any, ...]] = field(default_factory=list)
    _variants: list[tuple[bool, PatternFill | None, dict[int, str] | None, str | None]] = field(default_factory=list)
    #: rows of a fixed height (titles of cards)
    _fixed: dict[int, float] = field(default_factory=dict)
    #: manual page breaks (after these rows)
    breaks: list[int] = field(default_factory=list)
    _variant_index: dict[tuple[Any, ...], int] = field(default_factory=dict)
    #: streamed row → its height (set by :meth:`finish`)
    _heights: dict[int, float] = field(default_factory=dict)
    #: characters of text in the rows (for an upper bound of the sheet's size)
    _text_chars: int = 0
    #: the shapes of rows (variant, then the type of each value), one tuple for rows alike
    _shapes: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    #: shape → (columns holding text, columns holding another value)
    #: (in plain text, in bold) shape → (columns holding text, each with the measures of
    #: its texts and its ``max_width``; columns holding another value)
    _shape_cells: tuple[dict[tuple[Any, ...], tuple[tuple[Any, ...], tuple[int, ...]]], ...] = field(
        default_factory=lambda: ({}, {})
    )
    #: whether some column is still narrower than its ``max_width``
    _narrow: bool = True
    #: shape → (widths' version, its columns of numbers narrower than their ``max_width``)
    _shape_open: dict[tuple[Any, ...], tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    #: counts the changes of the widths
    _version: int = 0
    #: (bold, id of fill, id of formats, role) → (fill, formats, variant)
    _quick_variants: dict[tuple[Any, ...], tuple[Any, Any, int]] = field(default_factory=dict)
    #: (bold, column) → text → what it asks of the column (:meth:`_cell_measure`)
    _cell_measures: dict[tuple[bool, int], dict[str, tuple[float, tuple[float, ...] | None]]] = field(default_factory=dict)
    #: id of a :class:`Form` → the form as this sheet lays it out (:meth:`add_form`)
    _forms: dict[int, _Laid] = field(default_factory=dict)
    #: rows made of cells in a streamed ledger (:meth:`empty`)
    _cell_rows: set[int] = field(default_factory=set)
    #: the first and last streamed row, and the cells and rows streamed (for the size of the sheet)
    _streamed: tuple[int, int] = (0, 0)
    _streamed_cells: int = 0
    _streamed_rows: int = 0

    def __post_init__(self) -> None:
        self._fonts = fonts(self.lang)
        self._caps = [c.max_width for c in self.columns]
        self._kinds = [c.kind for c in self.columns]
        self._plain = [c.kind not in ("points", "rate", "date") for c in self.columns]  # an int shows as str(int)
        self._widths = [
            max(c.min_width, min(c.max_width, longest_word(c.header) + 2), longest_word(c.header) + 1) for c in self.columns
        ]
        self._narrow = any(w < c for w, c in zip(self._widths, self._caps))
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
        self.header_first: int | None = None
        self.header_last: int | None = None
        if not self.headers:
            self.first_data = self._next = row
            if self.stream:
                ws._pingyi_ledger = self  # found by workbook_bytes
            return
        self.header_first = row
        if grouped:
            self._group_row(row)
            row += 1
        for j, c in enumerate(self.columns, start=1):
            cell = put(ws, row, j, c.header)
            self._header_style(cell)
            self._texts.setdefault(row, []).append((j, line_widths(c.header, bold=True)))
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
            ws._pingyi_ledger = self  # found by workbook_bytes

    def _header_style(self, cell) -> None:
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
        self,
        values: Sequence[Any],
        *,
        bold: bool = False,
        fill: PatternFill | None = None,
        formats: dict[int, str] | None = None,
        role: str | None = None,
    ) -> int:
        """Append a data row; returns its row number. ``formats`` gives some of its cells
        (by 1-based column) a number format of their own. ``role`` ``header`` styles the
        row as column headers, ``title`` as the title of what follows (one line, left,
        not measured for the column widths)."""
        r = self._next
        self._next += 1
        self._rows += 1
        if role == "header":
            bold = True
        if self.stream:
            variant = self._variant(bold, fill, formats, role)
            shape = (variant, *map(type, values))
            shape = self._shapes.setdefault(shape, shape)  # one tuple for the rows alike
            self._data.append((r, shape, *values))
            self._streamed = (self._streamed[0] or r, r)
            self._streamed_cells += len(values)
            self._streamed_rows += 1
        else:
            self._add_cells(r, values, bold, fill, formats, role)
            shape = (-1, *map(type, values))
        if role == "title":
            self._fixed[r] = 22.0
        else:
            self._measure(r, values, bold, shape)
        return r

    def _variant(self, bold: bool, fill: PatternFill | None, formats: dict[int, str] | None, role: str | None) -> int:
        """The number of a streamed row's variant (its boldness, fill, formats and role):
        found by the identity of the fill and formats given (they are kept with it, so no
        other object takes their identity), else by their content."""
        quick = (bold, id(fill), id(formats), role)
        known = self._quick_variants.get(quick)
        if known is not None and known[0] is fill and known[1] is formats:
            return known[2]
        key = (bold, id(fill) if fill is not None else None, tuple(sorted(formats.items())) if formats else None, role)
        found = self._variant_index.get(key)
        if found is None:
            found = self._variant_index[key] = len(self._variants)
            self._variants.append((bold, fill, dict(formats) if formats else None, role))
        self._quick_variants[quick] = (fill, formats, found)
        return found

    def add_form(self, form: Form, values: Sequence[Any]) -> int:
        """Append the rows of ``form`` with its slots filled in by ``values`` (in the order
        of the slots, row by row, column by column); returns the first row's number. The
        rows are those :meth:`add` would make of the form's rows, measured, styled and
        written alike, but a streamed ledger lays out the form once: what is the same every
        time (its rows' variants, its constant cells and their measure, its XML template)
        is worked out the first time, and adding it again costs the measure of its text
        slots, then one ``str.format`` of the whole block when it is written."""
        first = self._next
        if not self.stream:
            it = iter(values)
            for row in form.rows:
                cells = [next(it) if isinstance(c, _Slot) else c for c in row.cells]
                self.add(cells, bold=row.bold, fill=row.fill, formats=row.formats, role=row.role)
            return first
        laid = self._forms.get(id(form))
        if laid is None or laid.form is not form:
            laid = self._forms[id(form)] = _Laid(self, form)
        n = len(form.rows)
        self._next += n
        self._rows += n
        self._data.append((first, laid, *values))
        self._streamed = (self._streamed[0] or first, first + n - 1)
        self._streamed_cells += laid.cells
        self._streamed_rows += n
        self._text_chars += laid.chars
        texts = self._texts
        for k, height in laid.fixed:
            self._fixed[first + k] = height
        wraps = laid.wraps
        if laid.texts:  # the slots that may hold text, measured as :meth:`_measure` does
            widths, caps = self._widths, self._caps
            changed = False
            for at, k, j, bold, column in laid.texts:
                value = values[at]
                if value is None:
                    continue
                if value.__class__ is not str and not isinstance(value, str):
                    if widths[j] < caps[j] and self._widen_number(j, value):
                        changed = True
                    continue
                self._text_chars += len(value)
                m = column.get(value)
                if m is None:
                    if len(column) >= REMEMBERED:  # ids and names, met once each
                        column.clear()
                    m = column[value] = self._cell_measure(value, bold, caps[j])
                need, lines = m
                if lines is not None:
                    r = first + k
                    found = texts.get(r)
                    if found is None:
                        found = texts[r] = list(wraps.get(k, ()))
                    found.append((j + 1, lines))
                if need > widths[j]:
                    widths[j] = need
                    changed = True
            if changed:
                self._narrow = any(w < c for w, c in zip(widths, caps))
                self._version += 1
        for k, constant in wraps.items():
            texts.setdefault(first + k, constant)  # shared: the same texts every time (never changed)
        if self._narrow and laid.numbers:
            widths, caps = self._widths, self._caps
            changed = False
            for j, slots in laid.number_columns:  # the columns of numbers that may still grow
                cap = caps[j]
                if widths[j] >= cap:
                    continue
                plain, kind, width = self._plain[j], self._kinds[j], widths[j]
                for at in slots:  # as _widen_number, for a whole column at once
                    value = values[at]
                    if value is None:
                        continue
                    shown = len(str(value)) if value.__class__ is int and plain else shown_width(value, kind)
                    if shown + 2 > width:
                        width = min(cap, shown + 2)
                if width != widths[j]:
                    widths[j] = width
                    changed = True
            if changed:
                self._narrow = any(w < c for w, c in zip(widths, caps))
                self._version += 1
        return first

    def narrow(self, columns: Iterable[int]) -> bool:
        """Whether one of these columns (0-based) is still narrower than its
        ``max_width``: numbers put there are still measured."""
        widths, caps = self._widths, self._caps
        return any(widths[j] < caps[j] for j in columns)

    def _widen_number(self, j: int, value: Any) -> bool:
        """Widen column ``j`` (narrower than its ``max_width``) for a number, as
        :meth:`_measure` does; whether it grew."""
        shown = len(str(value)) if value.__class__ is int and self._plain[j] else shown_width(value, self._kinds[j])
        if shown + 2 > self._widths[j]:
            self._widths[j] = min(self._caps[j], shown + 2)
            return True
        return False

    def skip(self, n: int = 1) -> None:
        """Leave ``n`` rows empty."""
        self._next += n

    def page_break(self) -> None:
        """Start a new printed page after the last row."""
        self.breaks.append(self.last_row)

    def _style(self, cell: Cell, kind: str, bold: bool, fill: PatternFill | None, fmt: str | None, role: str | None) -> None:
        """Style a data cell: the one place that decides how a data cell looks, for cells
        made through openpyxl and for streamed rows alike."""
        if fmt is not None:
            cell.number_format = fmt
        if role == "title":
            cell.font = self._fonts["card"]
            cell.alignment = _TITLE_ALIGN
            return
        if role == "header":
            cell.font = self._fonts["header"]
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = _HEADER_ALIGN
            return
        cell.font = self._fonts["bold" if bold else "body"]
        cell.border = BORDER
        if fill is not None:
            cell.fill = fill
        cell.alignment = _ALIGN[kind]

    def _add_cells(
        self,
        r: int,
        values: Sequence[Any],
        bold: bool,
        fill: PatternFill | None,
        formats: dict[int, str] | None,
        role: str | None,
    ) -> None:
        ws = self.ws
        for j, (c, value) in enumerate(zip(self.columns, values), start=1):
            fmt = _cell_format(value, c.kind)
            cell = put(ws, r, j, value)
            # styling a cell the ordinary way costs openpyxl a hash of every style object;
            # cells styled alike share one style array, copied from the first of them
            key = (c.kind, bold, id(fill) if fill is not None else None, fmt, role)
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
                self._style(cell, c.kind, bold, fill, fmt, role)
                self._styles[key] = copy(cell._style)
                if quoted:
                    cell.quotePrefix = True
            if formats and j in formats:
                cell.number_format = formats[j]

    def _measure(self, r: int, values: Sequence[Any], bold: bool, shape: tuple[Any, ...]) -> None:
        """Widen the columns for a new row, and note its texts that may wrap: those of
        several lines, and those wider than the room the text itself gives its column (the
        text's width, up to the column's ``max_width``, or its longest word); any other
        text fits on one line whatever the final widths, which only grow.

        ``shape`` is the row's variant and the types of its values: which cells hold text
        and which a number is known once for the rows alike, and a number is looked at
        only while its column is narrower than its ``max_width``."""
        widths = self._widths
        caps = self._caps
        table = self._shape_cells[1 if bold else 0]
        found = table.get(shape)
        if found is None:
            n = min(len(values), len(caps))
            found = table[shape] = (
                tuple((j, self._column_measures(bold, j), caps[j]) for j in range(n) if issubclass(shape[j + 1], str)),
                tuple(j for j in range(n) if shape[j + 1] is not type(None) and not issubclass(shape[j + 1], str)),
            )
        strings, others = found
        changed = False
        if strings:
            texts: list[tuple[int, tuple[float, ...]]] | None = None
            chars = 0
            for j, column, cap in strings:
                value = values[j]
                chars += len(value)
                m = column.get(value)
                if m is None:
                    if len(column) >= REMEMBERED:  # ids and names, met once each
                        column.clear()
                    m = column[value] = self._cell_measure(value, bold, cap)
                need, wraps = m
                if wraps is not None:
                    if texts is None:
                        texts = []
                    texts.append((j + 1, wraps))
                if need > widths[j]:
                    widths[j] = need
                    changed = True
            if texts:
                self._texts[r] = texts
            self._text_chars += chars
        if others and self._narrow:
            plain = self._plain
            open_ = self._shape_open.get(shape)
            if open_ is None or open_[0] != self._version:  # the columns that may still grow
                open_ = self._shape_open[shape] = (self._version, tuple(j for j in others if widths[j] < caps[j]))
            for j in open_[1]:
                if widths[j] < caps[j]:  # else no number can widen the column
                    value = values[j]
                    shown = len(str(value)) if shape[j + 1] is int and plain[j] else shown_width(value, self._kinds[j])
                    if shown + 2 > widths[j]:
                        widths[j] = min(caps[j], shown + 2)
                        changed = True
        if changed:
            self._narrow = any(w < c for w, c in zip(widths, caps))
            self._version += 1

    def _column_measures(self, bold: bool, j: int) -> dict[str, tuple[float, tuple[float, ...] | None]]:
        """Text → what it asks of column ``j`` (:meth:`_cell_measure`), plain or bold."""
        found = self._cell_measures.get((bold, j))
        if found is None:
            found = self._cell_measures[(bold, j)] = {}
        return found

    def _cell_measure(self, value: str, bold: bool, cap: int) -> tuple[float, tuple[float, ...] | None]:
        """What a text asks of a column of ``max_width`` ``cap``: the width it widens the
        column to (its widest line + 2, up to ``cap``, or its longest word + 1), and its
        lines' widths if it may wrap (else None)."""
        if value.isascii() and "\n" not in value:  # an id, a date, a code: one line, no wide character
            shown: float = len(value) * 1.1 if bold else len(value)
            lines: tuple[float, ...] = (shown,)
            shown2, word, multi = shown + 2, min(MAX_WORD, max(map(len, value.split()), default=0)) + 1, False
        else:
            measured = self._measured[1 if bold else 0]
            m = measured.get(value)
            if m is None:
                lines = line_widths(value, bold=bold)
                if len(measured) >= REMEMBERED:  # ids and names, met once each
                    measured.clear()
                m = measured[value] = (max(lines, default=0) + 2, longest_word(value) + 1, lines, len(lines) > 1)
            shown2, word, lines, multi = m
        # the room is at least max(min(cap, shown2), word) - 0.8 (see _lines)
        wraps = multi or (shown2 > cap and shown2 - 1.2 > max(cap, word))
        return max(min(cap, shown2), word), lines if wraps else None

    def empty(self, text: str) -> None:
        """A single row saying there is nothing to list."""
        stream, self.stream = self.stream, False  # an ordinary row of cells
        try:
            r = self.add([text] + [None] * (len(self.columns) - 1))
        finally:
            self.stream = stream
        self._texts.pop(r, None)
        self._cell_rows.add(r)
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
        # the rows streamed: every data row of a streamed ledger but those made of cells
        low, high = self._streamed if self._data else (1, 0)
        cell_rows = self._cell_rows
        for r, height in self._fixed.items():
            if low <= r <= high and r not in cell_rows:
                self._heights[r] = height
            else:
                ws.row_dimensions[r].height = height
        known: dict[int, int] = {}  # id of texts (shared by the rows of forms) → lines
        for r, texts in self._texts.items():
            lines = known.get(id(texts), 0)
            if not lines:
                lines = known[id(texts)] = max(lines_needed(extent, widths[j - 1]) for j, extent in texts)
            if lines > 1 or r in (self.header_first, self.header_last):
                height = LINE_HEIGHT * max(lines, 1) + 4
                if low <= r <= high and r not in cell_rows:
                    self._heights[r] = height
                else:
                    ws.row_dimensions[r].height = height
        if self.note:
            lines = lines_needed(line_widths(self.note), sum(widths) * 1.1)  # the note is in 10 pt
            ws.row_dimensions[2].height = 14 * lines + 4
        if self.headers:
            ws.freeze_panes = f"{get_column_letter(1 + self.freeze_columns)}{self.first_data}"
        if self.breaks:  # set at once: openpyxl checks the whole list again on every append
            if ws.row_breaks.brk:  # pragma: no cover - a ledger's sheet has no breaks of its own
                ws.row_breaks.brk = [*ws.row_breaks.brk, *(Break(id=r) for r in self.breaks)]
            else:
                ws.row_breaks = _RowBreaks(self.breaks)
        if filters and self._rows and self.headers:
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
        if self.stream:
            from .stream import flush

            flush(self)  # written now, if the workbook's file is open: its rows let go

    # ------------------------------------------------------------------------- streaming

    def _style_id(self, kind: str, variant: int, fmt: str | None, quoted: bool) -> str:
        """The index (as text) of the cell style a data cell gets: the style
        :meth:`_add_cells` gives it."""
        key = (kind, variant, fmt, quoted)
        found = self._style_ids.get(key)
        if found is None:
            bold, fill, _, role = self._variants[variant]
            cell = Cell(self.ws)  # a scratch cell, not in the sheet: it registers the style
            self._style(cell, kind, bold, fill, fmt, role)
            if quoted:
                cell.quotePrefix = True
            found = self._style_ids[key] = str(cell.style_id)
        return found

    def _xml_rows(self, epoch: dt.datetime) -> Iterable[tuple[int, int, str]]:
        """The streamed rows as ``(first row, last row, <row> elements)``: a row added by
        :meth:`add`, or the rows of a form (:meth:`add_form`), written as openpyxl writes a
        row of cells set by :func:`put` and styled by :meth:`_add_cells`.

        Rows alike (the same variant, the same types of value column by column) share a
        template made once: the row's XML is then one ``str.format`` of the row number and
        the values' texts, each text found by a dictionary look-up made in C (numbers,
        dates and short texts are converted once, whatever their number). A form has one
        template for all its rows."""
        letters = [get_column_letter(j) for j in range(1, len(self.columns) + 1)]
        kinds = [c.kind for c in self.columns]
        kind_formats = [_FORMATS.get(k) for k in kinds]
        ncol = len(self.columns)
        heights = self._heights
        #: per variant, per column: style index of [None or text, quoted text, date, number]
        tables: dict[int, list[list[str | None]]] = {}
        style_id = self._style_id

        def style(v: int, j: int, cat: int) -> str:
            table = tables.get(v)
            if table is None:
                table = tables[v] = [[None, None, None, None] for _ in range(ncol)]
            found = table[j][cat]
            if found is None:
                formats = self._variants[v][2]
                if formats and j + 1 in formats:
                    fmt: str | None = formats[j + 1]
                else:
                    fmt = (None, None, DATE, kind_formats[j])[cat]
                found = table[j][cat] = style_id(kinds[j], v, fmt, cat == 1)
            return found

        numbers = _Numbers()
        dates = _Dates(epoch)
        texts: dict[tuple[int, int], _Texts] = {}
        templates: dict[tuple[Any, ...], tuple[Callable[[Sequence[str]], str], tuple[Callable[[Any], str], ...]] | None] = {}

        def template(
            v: int, classes: tuple[type, ...], values: Sequence[Any]
        ) -> tuple[Callable[[Sequence[str]], str], tuple[Callable[[Any], str], ...]] | None:
            """The row template for values of these classes, and each value's conversion;
            None for a row with a value of a less common type (written cell by cell).
            The styles are made in the order of the cells of the row (``values``), as
            openpyxl would number them."""
            parts: list[str] = []
            converters: list[Callable[[Any], str]] = []
            for j, cls in enumerate(classes[:ncol]):
                k = len(converters) + 1  # field 0 is the row number
                at = f'<c r="{letters[j]}{{0}}"'
                if cls is type(None):
                    parts.append(f'{at} s="{style(v, j, 0)}"/>')
                    converters.append(_nothing)
                elif cls is str:
                    found = texts.get((v, j))
                    if found is None:
                        found = texts[(v, j)] = _Texts(partial(style, v, j, 0), partial(style, v, j, 1))
                    found[values[j]]  # its style made now, in the order of the cells
                    parts.append(f"{at}{{{k}}}")
                    converters.append(found.__getitem__)
                elif cls is int or cls is float or cls is Decimal:
                    parts.append(f'{at} s="{style(v, j, 3)}"><v>{{{k}}}</v></c>')
                    converters.append(numbers.__getitem__)
                elif cls is Fraction:  # hashing a Fraction costs more than writing it
                    parts.append(f'{at} s="{style(v, j, 3)}"><v>{{{k}}}</v></c>')
                    converters.append(_fraction_text)
                elif cls is dt.date:
                    parts.append(f'{at} s="{style(v, j, 2)}"><v>{{{k}}}</v></c>')
                    converters.append(dates.__getitem__)
                else:
                    return None
            parts.append("</row>")
            # the row's head: its number, and its height's attributes (the last field)
            return _filler(f'<row r="{{0}}"{{{len(converters) + 1}}}>' + "".join(parts)), tuple(converters)

        cells: dict[tuple[int, int], _Cells] = {}

        def form_template(
            laid: _Laid, values: Sequence[Any]
        ) -> tuple[Callable[[Sequence[str]], str], tuple[Callable[[Any], str], ...]]:
            """The template of a form's rows: fields 0..n-1 the rows' height attributes,
            n..2n-1 their numbers, then the slots' texts; the styles made in the order of the cells, as
            for rows (the slots' by the values of the first time the form is written)."""
            rows = laid.form.rows
            n = len(rows)
            parts: list[str] = []
            converters: list[Callable[[Any], str]] = []
            slot = 0
            for k, row in enumerate(rows):
                v = laid.variants[k]
                number = f"{{{n + k}}}"
                parts.append(f'<row r="{number}"{{{k}}}>')
                for j, c in enumerate(row.cells):
                    if j >= ncol:
                        if isinstance(c, _Slot):
                            converters.append(_nothing)
                            slot += 1
                        continue
                    at = f'<c r="{letters[j]}{number}"'
                    if c is NUMBER or c is WHOLE:
                        parts.append(f'{at} s="{style(v, j, 3)}"><v>{{{2 * n + slot}}}</v></c>')
                        converters.append(_number_text if c is NUMBER else numbers.__getitem__)
                        slot += 1
                    elif c is VALUE:
                        found = cells.get((v, j))
                        if found is None:
                            found = cells[(v, j)] = _Cells(partial(self._cell_body, v=v, j=j, epoch=epoch, style=style))
                        found[values[slot]]  # its style made now, in the order of the cells
                        parts.append(f"{at}{{{2 * n + slot}}}")
                        converters.append(found.__getitem__)
                        slot += 1
                    elif c is None:
                        parts.append(f'{at} s="{style(v, j, 0)}"/>')
                    else:
                        body = self._cell_body(c, v=v, j=j, epoch=epoch, style=style)
                        parts.append(at + body.replace("{", "{{").replace("}", "}}"))
                parts.append("</row>")
            return _filler("".join(parts)), tuple(converters)

        forms: dict[int, tuple[Callable[[Sequence[str]], str], tuple[Callable[[Any], str], ...]]] = {}
        get_height = heights.get
        height_attribute = _HeightAttribute().__getitem__
        for entry in self._data:
            r = entry[0]
            key = entry[1]
            values = entry[2:]
            if key.__class__ is _Laid:
                made_form = forms.get(id(key))
                if made_form is None:
                    made_form = forms[id(key)] = form_template(key, values)
                rows = range(r, r + len(key.form.rows))
                filled, converters = made_form
                yield (
                    r,
                    rows[-1],
                    filled((*map(height_attribute, map(get_height, rows)), *map(str, rows), *map(call, converters, values))),
                )
                continue
            rs = str(r)
            made = templates.get(key, _NOT_MADE)
            if made is _NOT_MADE:
                made = templates[key] = template(key[0], key[1:], values)
            if made is not None:
                filled, converters = made
                yield r, r, filled((rs, *map(call, converters, values), height_attribute(get_height(r))))
            else:
                head = f'<row r="{rs}"{height_attribute(get_height(r))}>'
                yield r, r, head + self._xml_row(rs, values, key[0], letters, epoch, style) + "</row>"

    def _xml_row(
        self,
        rs: str,
        values: Sequence[Any],
        v: int,
        letters: list[str],
        epoch: dt.datetime,
        style: Callable[[int, int, int], str],
    ) -> str:
        """The cells of a row with a value of a less common type, one by one."""
        return "".join(
            self._xml_cell(letters[j] + rs, values[j], v, j, epoch, style)
            if values[j] is not None
            else f'<c r="{letters[j]}{rs}" s="{style(v, j, 0)}"/>'
            for j in range(min(len(self.columns), len(values)))
        )

    def _xml_cell(self, ref: str, value: Any, v: int, j: int, epoch: dt.datetime, style: Callable[[int, int, int], str]) -> str:
        """A cell of a less common type: bool, datetime, a subclass, anything else."""
        return f'<c r="{ref}"' + self._cell_body(value, v=v, j=j, epoch=epoch, style=style)

    def _cell_body(self, value: Any, *, v: int, j: int, epoch: dt.datetime, style: Callable[[int, int, int], str]) -> str:
        """A cell's XML after its reference (``<c r="B7"``): its style, type and value."""
        if value is None:
            return f' s="{style(v, j, 0)}"/>'
        if isinstance(value, bool):
            return f' s="{style(v, j, 3)}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str):
            body, quoted = inline_text(value)
            return f' s="{style(v, j, 1 if quoted else 0)}"{body}'
        if isinstance(value, (int, float, Decimal, Fraction)):
            return f' s="{style(v, j, 3)}"><v>{number_text(value)}</v></c>'
        if isinstance(value, dt.datetime):
            serial = number_text(to_excel(value.replace(tzinfo=None), epoch))
            return f' s="{style(v, j, 2)}"><v>{serial}</v></c>'
        if isinstance(value, dt.date):
            return f' s="{style(v, j, 2)}"><v>{number_text(to_excel(value, epoch))}</v></c>'
        # anything else is written as its text, styled as the column's values (as put does)
        body, quoted = inline_text(str(value))
        formats = self._variants[v][2]
        fmt = formats[j + 1] if formats and j + 1 in formats else _FORMATS.get(self.columns[j].kind)
        return f' s="{self._style_id(self.columns[j].kind, v, fmt, quoted)}"{body}'


def _cell_format(value: Any, kind: str) -> str | None:
    """The number format a data cell of a column of ``kind`` gets for ``value``."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, dt.date) and kind != "date":
        return DATE
    return _FORMATS.get(kind)


_NOT_MADE: Any = object()


def _fraction_text(value: Fraction) -> str:
    """A Fraction as :func:`number_text` writes it: the double nearest to it (``n / d`` is
    correctly rounded), ``%.16g``."""
    return "%.16g" % (value.numerator / value.denominator)  # noqa: UP031 - as openpyxl writes a number


#: the conversion of an empty cell's value (not written): any function made in C
_nothing: Callable[[Any], str] = str


#: Values whose XML a sheet's writer remembers, at most, in each of its tables (ids and
#: names, met once each, would otherwise fill them: a county's twenty thousand members
#: take megabytes); a full table starts again empty.
REMEMBERED = 4096


class _Numbers(dict):
    """number → its text in a cell (:func:`number_text`), made when first met."""

    def __missing__(self, value: Any) -> str:
        if len(self) >= REMEMBERED:
            self.clear()
        text = self[value] = number_text(value)
        return text


class _Dates(dict):
    """date → its serial number's text, made when first met."""

    def __init__(self, epoch: dt.datetime) -> None:
        super().__init__()
        self.epoch = epoch

    def __missing__(self, value: dt.date) -> str:
        if len(self) >= REMEMBERED:
            self.clear()
        text = self[value] = number_text(to_excel(value, self.epoch))
        return text


class _Texts(dict):
    """text → the rest of its cell's XML after ``<c r="…"`` (style, type and content) in
    one column of one kind of row: the style of text, or of quoted text
    (:func:`inline_text`). Short texts are remembered (long ones are seldom repeated)."""

    def __init__(self, plain: Callable[[], str], quoted: Callable[[], str]) -> None:
        super().__init__()
        # the styles, made when first needed: a style never used is not written
        self.plain = plain
        self.quoted = quoted

    def __missing__(self, value: str) -> str:
        body, quoted = inline_text(value)
        text = f' s="{self.quoted() if quoted else self.plain()}"{body}'
        if len(value) <= 64:
            if len(self) >= REMEMBERED:
                self.clear()
            self[value] = text
        return text


#: A number of a form's :data:`NUMBER` slot as :func:`number_text` writes it (an int, a
#: float, a Decimal or a Fraction: each written as the double nearest to it), in C.
_number_text: Callable[[Any], str] = "%.16g".__mod__


def _filler(template: str) -> Callable[[Sequence[str]], str]:
    """``template.format`` for ``{n}`` fields alone, faster: the template is parsed once
    into its literal texts with its fields between them, then filled in by a slice
    assignment and one join, all in C (``str.format`` parses its template again on every
    call, and a card's is ten thousand characters long)."""
    pieces: list[str] = []  # the literal texts, with a place for each field between them
    order: list[int] = []
    literal: list[str] = []  # parse() cuts a literal text at each escaped brace
    for text, name, spec, conversion in string.Formatter().parse(template):
        if spec or conversion:  # pragma: no cover - a programming error
            raise ValueError(f"{template[:40]}…: only {{n}} fields are filled in")
        literal.append(text)
        if name is not None:
            pieces += ("".join(literal), "")
            literal = []
            order.append(int(name))
    pieces.append("".join(literal))
    if not order:
        whole = pieces[0]
        return lambda _args: whole
    if len(order) == 1:
        (only,) = order
        before, after = pieces[0], pieces[2]
        return lambda args: before + args[only] + after
    pick = itemgetter(*order)
    join = "".join

    def fill(args: Sequence[str]) -> str:
        pieces[1::2] = pick(args)
        return join(pieces)

    return fill


class _RowBreaks(RowBreak):
    """Manual page breaks after these rows, written as openpyxl writes its own
    (:class:`~openpyxl.worksheet.pagebreak.RowBreak`) without making an object of each
    (a sheet of cards has a thousand)."""

    def __init__(self, rows: Sequence[int]) -> None:  # noqa: D107 - RowBreak's own __init__ sets brk
        self.rows = list(rows)

    @property
    def brk(self) -> list[Break]:
        return [Break(id=r) for r in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def to_tree(self, tagname: str | None = None, idx: Any = None, namespace: str | None = None) -> Any:
        n = str(len(self.rows))
        tree = Element(self.tagname, {"count": n, "manualBreakCount": n})
        for r in self.rows:
            tree.append(Element("brk", {"id": str(r), "min": "0", "max": "16383", "man": "1"}))
        return tree


class _HeightAttribute(dict):
    """A row's height (None: not set) → the attributes of ``<row>`` that set it."""

    def __missing__(self, height: float | None) -> str:
        text = self[height] = f' ht="{height:.16g}" customHeight="1"' if height else ""
        return text


class _Cells(dict):
    """value → the rest of its cell's XML after ``<c r="…"`` in a :data:`VALUE` slot of
    one kind of row (:meth:`Ledger._cell_body`). Nothing, and short texts, are
    remembered; a number is written each time (a bool would otherwise find the 1 or 0
    met before, and most numbers are met once)."""

    def __init__(self, body: Callable[[Any], str]) -> None:
        super().__init__()
        self.body = body

    def __missing__(self, value: Any) -> str:
        text = self.body(value)
        if value is None or (value.__class__ is str and len(value) <= 64):
            if len(self) >= REMEMBERED:
                self.clear()
            self[value] = text
        return text


class _Slot:
    """A cell of a :class:`Form` given anew each time the form is added."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: A slot for a number (int, float, Decimal or Fraction, not a bool), never empty.
NUMBER = _Slot("NUMBER")
#: A slot for a whole number (an int, never empty): written from the texts of the
#: numbers met before (a county's cards hold millions of small whole numbers).
WHOLE = _Slot("WHOLE")
#: A slot for any value a cell holds (text, a number, a date, nothing …).
VALUE = _Slot("VALUE")


@dataclass(frozen=True, slots=True)
class FormRow:
    """A row of a :class:`Form`: its cells (constants, or the slots :data:`NUMBER`,
    :data:`WHOLE` and :data:`VALUE`) and what :meth:`Ledger.add` is given for it."""

    cells: tuple[Any, ...]
    bold: bool = False
    fill: PatternFill | None = None
    formats: dict[int, str] | None = None
    role: str | None = None


class Form:
    """Rows added again and again, alike but for some of their cells (a score card): the
    rows (:class:`FormRow`) with slots where each time's values go, in order
    (:meth:`Ledger.add_form`)."""

    def __init__(self, rows: Sequence[FormRow]) -> None:
        self.rows = tuple(rows)
        self.slots = sum(isinstance(c, _Slot) for row in self.rows for c in row.cells)


class _Laid:
    """A :class:`Form` as one ledger lays it out, worked out when it is first added: its
    rows' variants, the fixed heights (of titles), the constant texts that may wrap (by
    row: shared by every time the form is added), the slots to measure, and the
    constant cells measured (the columns widened for them) once."""

    def __init__(self, ledger: Ledger, form: Form) -> None:
        self.form = form
        self.variants: list[int] = []
        self.fixed: list[tuple[int, float]] = []
        wraps: dict[int, list[tuple[int, tuple[float, ...]]]] = {}
        #: (index among the values, row in the form, column, bold, the column's measures of
        #: texts) of the slots that may hold text
        self.texts: list[tuple[int, int, int, bool, dict[str, Any]]] = []
        #: (index among the values, column) of the number slots
        self.numbers: list[tuple[int, int]] = []
        self.cells = sum(len(row.cells) for row in form.rows)
        self.chars = 0
        ncol = len(ledger.columns)
        slot = 0
        for k, row in enumerate(form.rows):
            bold = row.bold or row.role == "header"
            self.variants.append(ledger._variant(bold, row.fill, row.formats, row.role))
            title = row.role == "title"
            if title:
                self.fixed.append((k, 22.0))
            constants: list[Any] = []
            for j, c in enumerate(row.cells):
                if isinstance(c, _Slot):
                    if not title and j < ncol:
                        if c is NUMBER or c is WHOLE:
                            self.numbers.append((slot, j))
                        else:
                            self.texts.append((slot, k, j, bold, ledger._column_measures(bold, j)))
                    slot += 1
                    constants.append(None)
                else:
                    constants.append(c)
            if not title:  # the constant cells, measured as a row of them
                texts_before = ledger._texts.pop(-1, None)
                before = ledger._text_chars
                ledger._measure(-1, constants, bold, (-1, *map(type, constants)))
                self.chars += ledger._text_chars - before
                ledger._text_chars = before
                measured = ledger._texts.pop(-1, None)
                if measured:
                    wraps[k] = measured
                if texts_before is not None:  # pragma: no cover - row -1 is never a row
                    ledger._texts[-1] = texts_before
        self.wraps = wraps
        by_column: dict[int, list[int]] = {}
        for at, j in self.numbers:
            by_column.setdefault(j, []).append(at)
        #: (column, the indexes among the values of its number slots), by column
        self.number_columns = tuple((j, tuple(slots)) for j, slots in sorted(by_column.items()))


_FORMATS = {"points": POINTS, "rate": RATE, "int": INTEGER, "date": DATE}
_TITLE_ALIGN = Alignment(horizontal="left", vertical="center")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
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
    page = L("xlsx_page", lang)
    ws.oddFooter.center.text = page
    ws.oddFooter.left.text = "&A"
    ws.evenFooter.center.text = page
    ws.evenFooter.left.text = "&A"


def sheet_title(name: str, taken: Iterable[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters."""
    bad = "[]:*?/\\"
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


#: Rows of a sheet in Excel (and LibreOffice since 7.4): a ledger past them continues on a
#: new sheet.
MAX_ROWS = 1_048_576
#: Manual page breaks a sheet may hold (Excel keeps 1,026): a sheet of cards, one a page,
#: continues on a new sheet after 1,000 pages.
MAX_BREAKS = 999
#: Rows kept free under a sheet's data (the signature line).
_RESERVE = 2


class Series:
    """A ledger that continues on further sheets when a sheet is full (past
    :data:`MAX_ROWS` rows or :data:`MAX_BREAKS` page breaks): ``make(n, full)`` makes the
    ledger of the ``n``-th sheet (1-based), named and titled as a continuation of a sheet
    that was ``full`` of ``rows`` or of ``pages``. It is used as a :class:`Ledger` is."""

    def __init__(self, make: Callable[[int, str], Ledger]) -> None:
        self._make = make
        self.parts: list[Ledger] = [make(1, "")]
        #: parts finished already (a full sheet is finished when the next one starts, with
        #: the highlights and options of :meth:`finish_full`, if given)
        self._finished = 0
        self._when_full: tuple[list[tuple[str, dict[str, Any]]], dict[str, Any]] | None = None

    @property
    def current(self) -> Ledger:
        return self.parts[-1]

    @property
    def ws(self) -> Worksheet:
        return self.current.ws

    @property
    def first_data(self) -> int:
        return self.current.first_data

    @property
    def last_row(self) -> int:
        return self.current.last_row

    def finish_full(self, highlights: Sequence[tuple[str, dict[str, Any]]] = (), **options: Any) -> None:
        """Finish a sheet as soon as it is full, with these highlights (as
        :meth:`highlight`'s) and :meth:`Ledger.finish`'s ``options``: the same that
        :meth:`highlight` and :meth:`finish` are given at the end, so that a long ledger
        is written sheet by sheet instead of all at the end."""
        self._when_full = (list(highlights), options)

    def keep(self, n: int, *, page: bool = True) -> None:
        """The next ``n`` rows go on one sheet (a card is not split between two); with
        ``page``, on a sheet that may take one more page break."""
        part = self.current
        full = "rows" if part._next - 1 + n + _RESERVE > MAX_ROWS else ""
        if not full and page and len(part.breaks) >= MAX_BREAKS:
            full = "pages"
        if full:
            if part._rows == 0:  # pragma: no cover - a block taller than a sheet
                raise ValueError(f"{n} rows do not fit on one sheet")
            if self._when_full is not None:
                highlights, options = self._when_full
                for formula, kwargs in highlights:
                    part.highlight(formula.replace("{row}", str(part.first_data)), **kwargs)
                part.finish(**options)
                self._finished = len(self.parts)
            self.parts.append(self._make(len(self.parts) + 1, full))

    def add(self, values: Sequence[Any], **kwargs: Any) -> int:
        part = self.parts[-1]
        if part._next + _RESERVE > MAX_ROWS:  # as keep(1, page=False), at once
            self.keep(1, page=False)
            part = self.parts[-1]
        return part.add(values, **kwargs)

    def add_form(self, form: Form, values: Sequence[Any]) -> int:
        part = self.parts[-1]
        if part._next - 1 + len(form.rows) + _RESERVE > MAX_ROWS:  # as keep(n, page=False), at once
            self.keep(len(form.rows), page=False)
            part = self.parts[-1]
        return part.add_form(form, values)

    def narrow(self, columns: Iterable[int]) -> bool:
        return self.current.narrow(columns)

    def skip(self, n: int = 1) -> None:
        self.current.skip(n)

    def page_break(self) -> None:
        self.current.page_break()

    def empty(self, text: str) -> None:
        self.current.empty(text)

    def highlight(self, formula: str, **kwargs: Any) -> None:
        """As :meth:`Ledger.highlight`, on every sheet not finished yet; ``{row}`` in
        ``formula`` stands for the sheet's first data row."""
        for part in self.parts[self._finished :]:
            part.highlight(formula.replace("{row}", str(part.first_data)), **kwargs)

    def finish(self, **kwargs: Any) -> None:
        for part in self.parts[self._finished :]:
            part.finish(**kwargs)
        self._finished = len(self.parts)


def new_series(
    wb: Any,
    name: str,
    *,
    title_name: str,
    year: int | None,
    columns: list[Column],
    lang: str,
    note: str | None = None,
    **options: Any,
) -> Series:
    """A streamed ledger on a new sheet called ``name`` (already in ``lang``), titled after
    ``title_name`` (the ``--org``'s name, else the workspace's) and ``year``, continued on
    further sheets, named and titled as continuations, when it is full. ``options`` are
    :class:`Ledger`'s (``signature``, ``freeze_columns``, ``headers``)."""

    def make(n: int, full: str) -> Ledger:
        shown = name if n == 1 else L("xlsx_continued", lang, sheet=name, n=n)
        sheet = wb.create_sheet(sheet_title(shown, wb.sheetnames))
        text = note
        if full == "rows":
            text = L("xlsx_continued_note", lang, sheet=sheet_title(name, ()), rows=f"{MAX_ROWS:,}")
        elif full == "pages":
            text = L("xlsx_continued_pages", lang, sheet=sheet_title(name, ()), pages=f"{MAX_BREAKS + 1:,}")
        return Ledger(sheet, title(title_name, year, shown, lang), columns, lang, note=text, stream=True, **options)

    return Series(make)
