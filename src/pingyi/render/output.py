"""Shared output plumbing: JSON and CSV encoding, spreadsheet-safe cells, the one-sheet
workbook of a report, consoles, rates and numbers for display.

rich is imported only by what draws for people (consoles, tables, running text): a
command that writes CSV or JSON never loads it."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, TextIO

from ..i18n import N_, gettext
from ..numbers import half_up, rate4

if TYPE_CHECKING:  # rich is imported where a console or a table is made
    from rich.console import Console
    from rich.text import Text


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


class NumberText(str):
    """A number already written out for people, with its places (``8.10``, ``-2.00``): a
    CSV cell shows it as it is (a number: never prefixed), a workbook writes the number."""

    __slots__ = ()


def cell(value: Any) -> Any:
    """A value of a report's rows for CSV: numbers as they are (never prefixed), ``None``
    empty, rates as ``96.51%``, everything else as text made safe."""
    if value is None:
        return ""
    if type(value) is NumberText:
        return value
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
    t = type(obj)
    if t is str or t is int or obj is None or t is bool or t is float:
        return obj  # the most of a county's report, answered first
    if t is dict:
        return {k if type(k) is str else str(plain(k)): plain(v) for k, v in obj.items()}
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
    """``obj`` (see :func:`plain`) as indented JSON, exactly as ``json.dumps(plain(obj),
    ensure_ascii=False, indent=2)`` writes it, with a newline at the end.

    The standard library encodes an indented document in pure Python, a generator per
    level and :func:`plain` a copy of the whole before it (over a second for a county's
    score report); this writer turns each value into its text as it meets it, strings
    through the standard library's own C string encoder, values that are not JSON's own
    types through :func:`plain` first (a test holds it to ``json.dumps``)."""
    return _json_text(obj, "\n") + "\n"


def write_json(obj: Any, out: TextIO, *, depth: int = 2, chunk: int | None = None) -> None:
    """``obj`` written to ``out`` exactly as :func:`to_json` gives it, a piece at a time:
    the values nested deeper than ``depth`` (a county's score report: one member) are
    each turned into text on their own and written ``chunk`` characters at a time (about
    :data:`WRITE_CHUNK`), so that the whole text (12 MB for a county's score report, 24
    MB as a Python string, and as much again for its pieces while they are joined) is
    never held. An iterator less than ``depth`` levels down stands for a list and is
    written as it yields (a report's members made one at a time)."""
    chunk = WRITE_CHUNK if chunk is None else chunk
    pending: list[str] = []
    size = 0
    for piece in _json_pieces(obj, "\n", depth):
        pending.append(piece)
        size += len(piece)
        if size >= chunk:
            out.write("".join(pending))
            pending.clear()
            size = 0
    pending.append("\n")
    out.write("".join(pending))


#: How much text :func:`write_json` gathers before it writes, in characters.
WRITE_CHUNK = 1 << 16


def _json_pieces(o: Any, nl: str, depth: int) -> Iterator[str]:
    """The text of ``o`` (as :func:`_json_text` writes it) in pieces: a mapping or a list
    (or an iterator) less than ``depth`` levels down as its punctuation and each of its
    values in turn."""
    t = type(o)
    if t is not dict and t is not list and t not in _SCALARS:
        if not isinstance(o, Iterator):
            o = plain(o)
        elif depth <= 0:
            o = list(o)
        t = type(o)
    if depth <= 0 or not (t is dict or t is list or isinstance(o, Iterator)):
        yield _json_text(o, nl)
        return
    inner = nl + "  "
    lead = "{" + inner if t is dict else "[" + inner
    if t is dict:
        for key, value in _str_keys(o).items():
            yield f"{lead}{_encode_str(key)}: "
            yield from _json_pieces(value, inner, depth - 1)
            lead = "," + inner
    else:
        for value in o:
            yield lead
            yield from _json_pieces(value, inner, depth - 1)
            lead = "," + inner
    if lead[0] == ",":
        yield nl + ("}" if t is dict else "]")
    else:  # nothing in it
        yield "{}" if t is dict else "[]"


_encode_str = json.encoder.encode_basestring  # C, as json.dumps(ensure_ascii=False) uses
_INFINITY = float("inf")


def _json_float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INFINITY:
        return "Infinity"
    if o == -_INFINITY:
        return "-Infinity"
    return float.__repr__(o)


class _FloatTexts(dict[float, str]):
    """The JSON text of floats, each worked out once: a report repeats the same few
    hundred values (8.97, 87.9 …) thousands of times. Zeros (``0.0`` and ``-0.0`` are
    one key) and NaN (never equal to itself) are worked out each time; the memory is
    bounded."""

    def __missing__(self, o: float) -> str:
        text = _json_float(o)
        if o and o == o:
            if len(self) >= 1 << 16:
                self.clear()
            self[o] = text
        return text


#: The text of a scalar of exactly one of JSON's own types.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _encode_str,
    int: int.__repr__,
    float: _FloatTexts().__getitem__,
    bool: {True: "true", False: "false"}.__getitem__,
    type(None): {None: "null"}.__getitem__,
}


def _json_text(o: Any, nl: str) -> str:
    """``o`` as indented JSON, its nested lines starting with ``nl`` and two spaces."""
    scalar = _SCALARS.get(type(o))
    if scalar is None and type(o) is not dict and type(o) is not list:
        o = plain(o)  # a value of pingyi's own (a Decimal, an enum, a date …) as JSON data
        scalar = _SCALARS.get(type(o))
    if scalar is not None:
        return scalar(o)
    if type(o) is dict:
        return _json_dict(o, nl)
    if type(o) is list:
        return _json_list(o, nl)
    return _json_other(o)


def _json_other(o: Any) -> str:
    """What json writes for a subclass of its types, or its error for anything else."""
    if isinstance(o, str):
        return _encode_str(o)
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _json_float(o)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


class _KeyTexts(dict[str, str]):
    """``"key": `` of each key, worked out once (a report's mappings share their keys);
    the memory is bounded."""

    def __missing__(self, key: str) -> str:
        text = _encode_str(key) + ": "
        if len(self) >= 1 << 12:
            self.clear()
        self[key] = text
        return text


_key_text = _KeyTexts().__getitem__


def _json_dict(d: dict[Any, Any], nl: str) -> str:
    if not d:
        return "{}"
    inner = nl + "  "
    scalars, key_text = _SCALARS, _key_text
    parts = []
    for key, value in _str_keys(d).items():
        scalar = scalars.get(type(value))
        parts.append(key_text(key) + (scalar(value) if scalar is not None else _json_text(value, inner)))
    return "{" + inner + ("," + inner).join(parts) + nl + "}"


def _str_keys(d: dict[Any, Any]) -> dict[str, Any]:
    """The mapping with its keys as JSON writes them (:func:`plain`): two keys that write
    the same (``False`` and ``"False"``) are one, with the later value, as in a dict."""
    if set(map(type, d)) == _TEXT_ONLY:
        return d
    return {key if type(key) is str else str(plain(key)): value for key, value in d.items()}


_TEXT_ONLY = {str}


def _json_list(items: list[Any], nl: str) -> str:
    if not items:
        return "[]"
    inner = nl + "  "
    scalars = _SCALARS
    kinds = set(map(type, items))
    if len(kinds) == 1:  # all of one type: a list of numbers or of texts, written in one go
        scalar = scalars.get(kinds.pop())
        if scalar is not None:
            return "[" + inner + ("," + inner).join(map(scalar, items)) + nl + "]"
    parts = []
    for value in items:
        scalar = scalars.get(type(value))
        parts.append(scalar(value) if scalar is not None else _json_text(value, inner))
    return "[" + inner + ("," + inner).join(parts) + nl + "]"


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV text (no byte-order mark); text cells that a spreadsheet would run as a formula
    are prefixed with ``'``, numbers never: each cell as :func:`cell` gives it.

    Looked at a column at a time: a column of numbers and empty cells, or of text none of
    which starts a formula, is written as it is by the csv module (which writes ``None``
    empty), and only a column with other values goes through :func:`cell`, cell by cell (a
    county's points CSV, 490,000 cells, written in a third of the time; a test holds it
    to the cell-by-cell form)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows(_csv_rows(rows))
    return buffer.getvalue()


#: Values a CSV cell shows as the csv module writes them (:func:`cell` gives them back
#: unchanged, ``None`` as the empty text the csv module writes for it).
_AS_WRITTEN = frozenset({NumberText, int, float, type(None)})


def _csv_rows(rows: Sequence[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """``rows`` with each cell as :func:`cell` gives it, converted only in the columns
    that need it."""
    if not isinstance(rows, (list, tuple)):
        rows = list(rows)
    if len(set(map(len, rows))) > 1:  # rows of different lengths: cell by cell
        return [[cell(v) for v in row] for row in rows]
    columns = list(zip(*rows))
    changed = False
    for i, column in enumerate(columns):
        types = set(map(type, column))
        if str in types:  # text as it is unless a cell of it starts a formula
            types.discard(str)
            texts = column if not types else [v for v in column if type(v) is str]
            if any(map(str.startswith, texts, itertools.repeat(FORMULA_START))):
                types.add(str)
        if types <= _AS_WRITTEN:
            continue
        columns[i] = tuple(map(cell, column))
        changed = True
    return zip(*columns) if changed else rows


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
            elif type(value) is NumberText:
                number = Decimal(value)
                exponent = number.as_tuple().exponent
                if isinstance(exponent, int) and exponent < 0:
                    c.value = float(number)
                    c.number_format = "0." + "0" * -exponent
                else:
                    c.value = int(number)
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
        from rich.console import Console

        return Console(file=stream, highlight=False)
    return plain_console(stream)


def plain_console(stream: TextIO) -> Console:
    """A console for a file or a pipe: no colour, no terminal codes, wide enough that
    nothing is cut."""
    from rich.console import Console

    return Console(file=stream, highlight=False, width=400, no_color=True, color_system=None, soft_wrap=False)


def text_width(out: Console) -> int:
    """How wide running text (headings, notes under a table) is wrapped: the terminal's
    width, or when piped ``COLUMNS`` (80 when unset), so that notes read well in a file too."""
    if out.is_terminal:
        return out.width
    return asked_width() or 80


def asked_width() -> int | None:
    """``COLUMNS`` when it is set (at least 20): the width piped output is asked to fit."""
    try:
        value = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return max(20, value)


def table_width(out: Console) -> int | None:
    """How wide a table may be: the terminal's width; when piped, ``COLUMNS`` when set,
    else no limit (one row per line, however long, for ``grep``, ``sort`` and Excel)."""
    return out.width if out.is_terminal else asked_width()


def say(out: Console, text: str | Text, style: str = "") -> None:
    """A line of running text (a heading, a note), wrapped at :func:`text_width`."""
    from rich.text import Text

    plain_text = text.plain if isinstance(text, Text) else text
    if _verbatim(out) and "\n" not in plain_text and plain_text.isprintable() and cell_width(plain_text) <= text_width(out):
        out.file.write(plain_text + "\n")  # what rich prints for a line that fits a plain console
        return
    shown = text if isinstance(text, Text) else Text(text, style=style)
    out.print(shown, width=text_width(out), soft_wrap=False, markup=False, highlight=False)


def sayer(out: Console) -> Callable[[str | Text], None]:
    """:func:`say` for many lines on one console: what the console is and how wide
    running text may be are looked up once (they cost more than a short line)."""
    if not _verbatim(out):
        return lambda text: say(out, text)
    from rich.text import Text

    width, write = text_width(out), out.file.write

    def line(text: str | Text) -> None:
        plain_text = text.plain if isinstance(text, Text) else text
        if "\n" not in plain_text and plain_text.isprintable() and cell_width(plain_text) <= width:
            write(plain_text + "\n")
        else:
            say(out, text)

    return line


def _verbatim(out: Console) -> bool:
    """Whether ``out`` prints text as it is: no terminal, no colours, nothing recorded or
    held back (a plain console for a pipe or a file)."""
    return not out.is_terminal and out.color_system is None and not out.record and not out._buffer_index


def write_plain(out: Console, text: str) -> None:
    """Lines of plain text (a table made of aligned text), as they are, and a newline: on a
    plain console straight to its file (what rich would print, without its cost over
    thousands of lines), else through rich without wrapping."""
    if _verbatim(out) and all(line.isprintable() for line in text.split("\n")):
        out.file.write(text + "\n")
    else:
        from rich.text import Text

        out.print(Text(text), soft_wrap=True)


def number(value: Decimal | None, decimals: int = 2) -> str:
    return "—" if value is None else str(half_up(value, decimals))


__all__ = [
    "Col",
    "NumberText",
    "Percent",
    "cell",
    "console",
    "joined",
    "number",
    "pct",
    "plain_console",
    "plain_table",
    "print_table",
    "plain",
    "rate4",
    "safe_text",
    "say",
    "sayer",
    "table_width",
    "text_width",
    "to_csv",
    "to_json",
    "to_sheet",
    "write_json",
    "write_plain",
]


# --------------------------------------------------------------------------- tables that fit

Kind = Literal["text", "fixed", "number"]


@dataclasses.dataclass(frozen=True, slots=True)
class Col:
    """A column of :func:`print_table`. ``text`` wraps; ``fixed`` (ids, dates, states,
    names of codes) and ``number`` (right-aligned) are never cut or wrapped."""

    header: str
    kind: Kind = "text"
    style: str = ""
    #: Left out on a terminal too narrow for the whole table, highest first (0: never).
    drop: int = 0


Cell = Any  # str, Text, or None (shown empty)

#: Narrowest a wrapping text column is made before the table is shown as records.
MIN_TEXT = 8
#: Width a text column is given before the headers of fixed columns (ten Chinese characters).
TEXT_COMFORT = 20
#: Spaces between columns in plain text; on a terminal, padding and the divider.
GAP = 2
TABLE_GAP = 3


def _is_text(value: Any) -> bool:
    """Whether ``value`` is rich's :class:`~rich.text.Text` (there is none while rich is
    not imported)."""
    module = sys.modules.get("rich.text")
    return module is not None and isinstance(value, module.Text)


def _plain(cell: Cell) -> str:
    if cell is None:
        return ""
    text = cell.plain if _is_text(cell) else str(cell)
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - cell_width(text))
    return space + text if right else text + space


def plain_table(cols: Sequence[Col], rows: Sequence[Sequence[Cell]]) -> list[str]:
    """Aligned plain-text lines: the header, then one line per row; wide characters count
    two columns; no box drawing, nothing cut."""
    texts = [[_plain(c) for c in row] for row in rows]
    widths = [max([cell_width(col.header)] + [cell_width(r[i]) for r in texts]) for i, col in enumerate(cols)]
    lines = []
    for row in [[col.header for col in cols], *texts]:
        cells = [_pad(text, widths[i], cols[i].kind == "number") for i, text in enumerate(row)]
        lines.append((" " * GAP).join(cells).rstrip())
    return lines


def fit_widths(cols: Sequence[Col], rows: Sequence[Sequence[Cell]], available: int, gap: int = TABLE_GAP) -> list[int] | None:
    """Column widths for ``available`` columns (``gap`` between two columns): fixed and
    number columns as wide as their widest cell, text columns share the rest (at least
    :data:`MIN_TEXT`); ``None`` when even that does not fit."""
    texts = [[_plain(c) for c in row] for row in rows]
    natural = [max([cell_width(col.header)] + [cell_width(r[i]) for r in texts]) for i, col in enumerate(cols)]
    cells_only = [max([1] + [cell_width(r[i]) for r in texts]) for i in range(len(cols))]
    widths: list[int] = []
    for i, col in enumerate(cols):
        if col.kind == "text":
            widths.append(min(natural[i], MIN_TEXT))
        else:  # a header may wrap (between words), a value never
            word = max((cell_width(t.strip()) for t in _tokens(col.header)), default=0)
            widths.append(max(cells_only[i], min(natural[i], max(MIN_TEXT, word))))
    overhead = gap * (len(cols) - 1)
    spare = available - overhead - sum(widths)
    if spare < 0:
        return None
    # text columns first grow to a comfortable width, then headers of fixed columns get
    # room on one line, then text columns take the rest
    spare = _grow(widths, natural, [i for i, c in enumerate(cols) if c.kind == "text"], spare, cap=TEXT_COMFORT)
    spare = _grow(widths, natural, [i for i, c in enumerate(cols) if c.kind != "text"], spare)
    _grow(widths, natural, [i for i, c in enumerate(cols) if c.kind == "text"], spare)
    return widths


def _grow(widths: list[int], natural: list[int], columns: list[int], spare: int, cap: int | None = None) -> int:
    """Share ``spare`` columns among ``columns``, each up to its natural width (and
    ``cap``); returns what is left."""
    wanting = [i for i in columns if widths[i] < min(natural[i], cap or natural[i])]
    while spare > 0 and wanting:
        share = max(1, spare // len(wanting))
        for i in list(wanting):
            limit = min(natural[i], cap or natural[i])
            grow = min(share, limit - widths[i], spare)
            widths[i] += grow
            spare -= grow
            if widths[i] >= limit:
                wanting.remove(i)
            if spare <= 0:
                break
    return spare


def print_table(out: Console, cols: Sequence[Col], rows: Sequence[Sequence[Cell]], *, title: str | None = None) -> None:
    """A table that fits (README "Tables on the screen and in files").

    On a terminal: columns sized to its width (numbers, dates, ids and states whole,
    text wrapped), columns that may go left out when even that does not fit, else one
    record per row. Piped (a file, ``| less``): plain aligned text without box drawing,
    one row per line, however long; with ``COLUMNS`` set, fitted to that width the same
    way as on a terminal (text wrapped onto continuation lines), still plain."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if title:
        say(out, Text(title, style="bold"))
    limit = table_width(out)
    if limit is None or (not out.is_terminal and _plain_width(cols, rows) <= limit):
        for line in plain_table(cols, rows):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
        return
    gap = TABLE_GAP if out.is_terminal else GAP
    shown = list(range(len(cols)))
    widths = fit_widths(cols, rows, limit, gap)
    if widths is None and out.is_terminal:  # columns closer together before any is left out
        gap = GAP
        widths = fit_widths(cols, rows, limit, gap)
    for level in sorted({c.drop for c in cols if c.drop}, reverse=True):
        if widths is not None:
            break
        shown = [i for i in shown if cols[i].drop < level]
        widths = fit_widths([cols[i] for i in shown], [[row[i] for i in shown] for row in rows], limit, gap)
    if widths is None:
        _print_records(out, cols, rows, limit)
        return
    cols = [cols[i] for i in shown]
    rows = [[row[i] for i in shown] for row in rows]
    if not out.is_terminal:
        for line in wrapped_table(cols, rows, widths):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
        return
    padding = (0, 1) if gap == TABLE_GAP else (0, 1, 0, 0)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=padding, header_style="bold")
    for col, width in zip(cols, widths, strict=True):
        table.add_column(
            Text(col.header, overflow="fold"),
            width=width,
            justify="right" if col.kind == "number" else "left",
            overflow="fold",
            no_wrap=False,
            style=col.style or None,
        )
    for row in rows:
        table.add_row(*[_cell(c, col, width) for c, col, width in zip(row, cols, widths, strict=True)])
    out.print(table)


def _cell(c: Cell, col: Col, width: int) -> Text:
    """A cell for the terminal's table; text wrapped as :func:`wrap_cell` does (numbers and
    ids within text kept whole, which rich's folding of Chinese would not)."""
    from rich.text import Text

    text = c if isinstance(c, Text) else Text(_plain(c))
    if col.kind != "text" or cell_width(text.plain) <= width:
        return text
    return Text("\n".join(wrap_cell(_plain(text), width)), style=text.style)


def _plain_width(cols: Sequence[Col], rows: Sequence[Sequence[Cell]]) -> int:
    return max((cell_width(line) for line in plain_table(cols, rows)), default=0)


def wrap_cell(text: str, width: int) -> list[str]:
    """``text`` in lines at most ``width`` columns wide: broken at spaces where it can be,
    else between characters (Chinese has no spaces); wide characters count two."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if cell_width(line + token) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while cell_width(line) > width:  # a word longer than the column: cut between characters
            cut = 0
            while cut < len(line) and cell_width(line[: cut + 1]) <= width:
                cut += 1
            lines.append(line[: max(cut, 1)])
            line = line[max(cut, 1) :]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _tokens(text: str) -> list[str]:
    """Words with the space before them; each wide character is a word of its own."""
    tokens: list[str] = []
    for ch in text:
        if ch == " " or not tokens or cell_width(ch) > 1 or cell_width(tokens[-1][-1:]) > 1:
            tokens.append(ch)
        else:
            tokens[-1] += ch
    return tokens


def wrapped_table(cols: Sequence[Col], rows: Sequence[Sequence[Cell]], widths: Sequence[int]) -> list[str]:
    """Plain aligned lines with the given column widths: text (and a long header) wrapped
    onto continuation lines, numbers, dates, ids and states whole; no box drawing."""
    lines: list[str] = []
    for row in [[col.header for col in cols], *[[_plain(c) for c in r] for r in rows]]:
        cells = [wrap_cell(text, widths[i]) for i, text in enumerate(row)]
        for k in range(max(len(c) for c in cells)):
            parts = [_pad(c[k] if k < len(c) else "", widths[i], cols[i].kind == "number") for i, c in enumerate(cells)]
            lines.append((" " * GAP).join(parts).rstrip())
    return lines


def _print_records(out: Console, cols: Sequence[Col], rows: Sequence[Sequence[Cell]], width: int | None = None) -> None:
    """Each row as ``header: value`` lines, for a width too narrow for the table."""
    from rich.text import Text

    for n, row in enumerate(rows):
        if n:
            out.print()
        for col, c in zip(cols, row, strict=True):
            line = Text(f"{col.header}: ", style="bold", overflow="fold")
            line.append_text(c if isinstance(c, Text) else Text(_plain(c)))
            out.print(line, width=width)


#: The separator of a list of names (、 in Chinese); the text after ``|`` is a context.
LIST_SEPARATOR = N_(", |list")


def joined(items: Iterable[str], lang: str | None = None) -> str:
    """Items joined the way the language lists them (``甲、乙`` / ``a, b``)."""
    separator = gettext(LIST_SEPARATOR, lang)
    return (", " if separator == LIST_SEPARATOR else separator).join(items)
