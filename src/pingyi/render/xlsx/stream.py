"""Saving the workbook: byte-stable, fast at county scale, one sheet in memory at a time.

Speed. A county's workbook has millions of cells, and openpyxl spends some twenty
microseconds on each (a cell object, then an XML element written through ElementTree).
So a ledger made with ``stream=True`` (every ledger of ``pingyi export xlsx``) keeps its
data rows as plain values, and they are written straight into the sheet's XML
(:meth:`.ledger.Ledger._xml_rows`: one template per kind of row), in the form openpyxl
writes (inline strings, ``%.16g`` numbers, dates as serial numbers, the same cell
styles) but for the type of numbers and empty cells, left out as Excel leaves it out
(``t="n"`` is the default; it was a tenth of a county's XML), between the rows openpyxl
writes itself (the title, note, header and signature rows): what a reader finds in the
file is the same (a test compares the two, value and style, cell by cell). The sheets
are deflated at level 1 (:data:`LEVEL`) as their rows are made.

Memory. Once the file is opened (:func:`open_archive`), a streamed ledger's sheet is
written into it as soon as the ledger is finished (:func:`flush`; a full sheet of cards
as soon as the next one begins) and its rows are let go: the workbook never holds the
rows of more than one sheet. The file is a file on the disk
(:func:`pingyi.io.write.open_atomic`: ``pingyi export xlsx`` never holds the workbook's
bytes either) or memory (:func:`workbook_bytes`). :func:`save_workbook` then lets
openpyxl write the rest (workbook, styles, charts, the sheets not written yet) around
the sheets already there.

This relies on openpyxl's internals (``ExcelWriter.write_worksheet`` writing a sheet to a
temporary file and adding it with ``ZipFile.write``, ``WorksheetWriter``); the versions it
was verified with are pinned in ``pyproject.toml``, and a sheet whose rows were not
spliced in raises an error rather than writing a workbook without them.

Stability. :func:`save_workbook` saves without a timestamp: the document properties get a
fixed date derived from the year, and the zip entries a fixed date too, so the same
workspace exported twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .cells import clean_text
from .ledger import Ledger


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


def open_archive(wb: Workbook, year: int, file: BinaryIO | None = None) -> None:
    """Start writing ``wb``'s file (into ``file``, a binary file open for writing, else
    in memory): from now on a streamed ledger's sheet is written into it as soon as the
    ledger is finished (:func:`flush`), and its rows let go, so that a workbook of many
    large sheets never holds more than one of them; :func:`save_workbook` (or
    :func:`workbook_bytes`) then writes the rest."""
    wb._pingyi_archive = _StampedZip(file if file is not None else io.BytesIO(), fixed_time(year))


def flush(ledger: Ledger) -> bool:
    """Write a finished streamed ledger's sheet into the workbook's file now, if the file
    was opened (:func:`open_archive`); its data rows are then dropped. The sheet is
    written as openpyxl writes it at saving (the same file name, the same parts)."""
    ws = ledger.ws
    wb = ws.parent
    archive: _StampedZip | None = getattr(wb, "_pingyi_archive", None)
    if archive is None:
        return False
    name = f"xl/worksheets/sheet{wb.worksheets.index(ws) + 1}.xml"
    writer = WorksheetWriter(ws, out=io.BytesIO())
    writer.write()
    _write_sheet(archive, name, writer.read(), ledger)
    ws._pingyi_written = (name, writer._rels)
    ws._pingyi_ledger = None
    ledger._data = []
    ledger._heights = {}
    return True


def workbook_bytes(wb: Workbook, year: int, *, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The .xlsx file's bytes (:func:`save_workbook` into memory)."""
    archive: _StampedZip | None = wb.__dict__.get("_pingyi_archive")
    raw = archive.fp if archive is not None else io.BytesIO()
    if not isinstance(raw, io.BytesIO):  # pragma: no cover - a programming error
        raise TypeError("the workbook is being written into a file: use save_workbook")
    save_workbook(wb, year, raw, progress=progress)
    return raw.getvalue()


def save_workbook(wb: Workbook, year: int, file: BinaryIO, *, progress: Callable[[int, int], None] | None = None) -> None:
    """Write the .xlsx file into ``file`` (a binary file open for writing; the one given to
    :func:`open_archive`, if the workbook's file was opened): without today's date
    (openpyxl's ``save`` stamps the modification time) and with every zip entry dated the
    fixed time, so equal workbooks give equal bytes. The data rows of streamed ledgers
    not written yet (:func:`flush`) are written here; ``progress(rows written, rows in
    all)`` is called as they are."""
    archive: _StampedZip | None = wb.__dict__.pop("_pingyi_archive", None)
    if archive is None:
        archive = _StampedZip(file, fixed_time(year))
    elif archive.fp is not file:  # pragma: no cover - a programming error
        raise ValueError("the workbook's file was opened on another file")
    with archive:
        if progress is not None:
            total = sum(
                len(ledger._data)
                for ledger in (getattr(ws, "_pingyi_ledger", None) for ws in wb.worksheets)
                if ledger is not None
            )
            done = 0

            def written(n: int) -> None:
                nonlocal done
                done += n
                progress(done, total)

            archive.written = written
        _Writer(wb, archive).save()


def zip_stamp(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """``when`` as a zip entry's date: zip dates run from 1980 to 2107 (a year past 2107
    gives the last day zip can hold, not an error)."""
    if when.year > 2107:
        return (2107, 12, 31, 12, 0, 0)
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose every entry is dated one fixed time, into which the sheet of
    a streamed ledger is written with its data rows."""

    fp: BinaryIO

    def __init__(self, file: BinaryIO, when: dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.stamp = zip_stamp(when)
        #: the streamed ledger whose sheet openpyxl is writing, if any, and whether it was
        self.ledger: Ledger | None = None
        self.spliced = False
        #: called with the number of streamed rows each time some are written
        self.written: Callable[[int], None] = lambda _n: None

    def entry(self, name: str, *, level: int | None = None) -> zipfile.ZipInfo:
        """A zip entry dated the fixed time; ``level``: deflate's level (default 6)."""
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        info._compresslevel = level  # type: ignore[attr-defined]
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self.entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
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
        written = getattr(ws, "_pingyi_written", None)
        if written is not None:  # written already (flush): what openpyxl does besides
            name, rels = written
            if name != ws.path[1:]:  # pragma: no cover - a sheet was inserted before it
                raise RuntimeError(f"{ws.title}: written as {name}, but it is {ws.path[1:]}")
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            ws._rels = rels
            self.manifest.append(ws)
            return
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
#: characters of rows deflated into the archive at a time
_BATCH = 1 << 17
_NEVER = 1 << 62
#: deflate's level for the sheets of streamed ledgers: the fastest. The XML of rows is
#: repetitive: level 1 compresses a county's 300 MB of it about 4 times as fast as the
#: default level 6, into a file about a third larger.
LEVEL = 1


def _write_sheet(archive: _StampedZip, name: str, xml: bytes, ledger: Ledger) -> None:
    """The sheet ``name``: openpyxl's XML of it (``xml``), with the ledger's streamed rows
    among openpyxl's rows, in row order."""
    found = _SHEET_DATA.search(xml)
    if found is None:  # pragma: no cover
        raise RuntimeError(f"{name}: no sheetData in the sheet openpyxl wrote")
    head, body, tail = xml[: found.start()], found.group(1) or b"", xml[found.end() :]
    first, last = ledger._streamed if ledger._data else (0, 0)
    dimension = _DIMENSION.search(head)
    if dimension is not None and last:
        min_col, min_row, max_col, max_row = range_boundaries(dimension.group(1).decode())
        ref = f"{get_column_letter(min_col)}{min(min_row, first)}:{get_column_letter(max(max_col, len(ledger.columns)))}{max(max_row, last)}"
        head = head[: dimension.start(1)] + ref.encode() + head[dimension.end(1) :]
    # openpyxl's own rows: (row number, XML)
    starts = [(int(m.group(1)), m.start()) for m in _ROW_START.finditer(body)]
    theirs = [(r, body[at : starts[k + 1][1] if k + 1 < len(starts) else len(body)]) for k, (r, at) in enumerate(starts)]
    # a zip entry over 2 GiB needs zip64 from the start: an upper bound of the size
    bound = len(xml) + 100 * ledger._streamed_cells + 80 * ledger._streamed_rows + 5 * ledger._text_chars
    # deflated as it is made, in this thread: a second thread compressing the batches
    # costs more than it saves (each batch hands the interpreter lock back and forth)
    with archive.open(archive.entry(name, level=LEVEL), "w", force_zip64=bound > (1 << 30)) as out:
        write = out.write
        write(head + b"<sheetData>")
        k = 0
        batch: list[str] = []
        size = 0  # characters in the batch
        entries = 0  # streamed rows or forms in the batch
        # the row of openpyxl's next to come (a sheet has but a few: title, note, headers …)
        upcoming = theirs[0][0] if theirs else _NEVER
        for r, end, rows in ledger._xml_rows(ledger.ws.parent.epoch):
            if end >= upcoming:
                if r <= upcoming:  # pragma: no cover - a programming error
                    raise RuntimeError(f"{ledger.ws.title}: row {upcoming} has cells of its own and streamed data")
                if batch:
                    write("".join(batch).encode())
                    archive.written(entries)
                    batch, size, entries = [], 0, 0
                while k < len(theirs) and theirs[k][0] < r:
                    write(theirs[k][1])
                    k += 1
                if k < len(theirs) and theirs[k][0] <= end:  # pragma: no cover - a programming error
                    raise RuntimeError(f"{ledger.ws.title}: row {theirs[k][0]} has cells of its own and streamed data")
                upcoming = theirs[k][0] if k < len(theirs) else _NEVER
            batch.append(rows)
            size += len(rows)
            entries += 1
            if size >= _BATCH:
                write("".join(batch).encode())
                archive.written(entries)
                batch, size, entries = [], 0, 0
        if batch:
            write("".join(batch).encode())
            archive.written(entries)
        for _, chunk in theirs[k:]:
            write(chunk)
        write(b"</sheetData>" + tail)
