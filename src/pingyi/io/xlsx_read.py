"""Reading a workbook someone sent, safely.

A workbook is a zip of XML files and comes from outside: it may be anything. Before
openpyxl sees it, the file must be small (:data:`MAX_BYTES`), a zip archive, not a zip bomb
(:data:`MAX_UNPACKED` bytes once unpacked, :data:`MAX_ENTRIES` entries) and hold
``xl/workbook.xml``. openpyxl then parses its XML through defusedxml (no entity expansion,
no external entities); pingyi refuses to read workbooks at all when openpyxl would not use
defusedxml. It is opened read-only and with ``data_only=False``: formulas are never
evaluated, and a formula cell is seen as a formula (its text starts with ``=``), so the
caller can refuse it. At most :data:`MAX_CELLS` cells are read.

Only an ordinary file is read (a device such as ``/dev/zero`` or a pipe is refused before a
byte is read), and never more than :data:`MAX_BYTES` of it.

Every problem is a :class:`WorkbookError` carrying a message code of
:mod:`pingyi.messages.workbook` and its values, never a traceback. Nothing here knows what a member is: :func:`read_sheet` gives cells with their
coordinates, types and values.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

from ..diagnostics import Diagnostic, Loc, error

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_CELLS = 100_000


class WorkbookError(Exception):
    """The file cannot be read as the workbook expected: a message code of
    :mod:`pingyi.messages.workbook` and the values of its message."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args

    def __str__(self) -> str:
        """The message, in the language in force."""
        from ..diagnostics import render_message

        return render_message(self.code, tuple(self.args_.items()))

    def diagnostic(self, file: str, cell: str | None = None) -> Diagnostic:
        """The problem as a diagnostic of the workbook ``file`` (as the user named it)."""
        return error(self.code, Loc(file, cell=cell), **self.args_)


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell as read: ``kind`` is ``empty``, ``number``, ``text``, ``formula``, ``bool``,
    ``date`` or ``error`` (``#DIV/0!`` and the like)."""

    sheet: str
    row: int
    column: int
    kind: str
    value: Any

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def where(self) -> str:
        """``Sheet!B7``."""
        return f"{self.sheet}!{self.coordinate}"


def defused() -> bool:
    """Whether openpyxl parses XML through defusedxml."""
    from openpyxl import xml

    return bool(getattr(xml, "DEFUSEDXML", False) and getattr(openpyxl, "DEFUSEDXML", False))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"


def check_archive(data: bytes) -> None:
    """Refuse what is not a plausible .xlsx before any XML is parsed."""
    if len(data) > MAX_BYTES:
        raise WorkbookError("xlsx-too-big", size=_mb(len(data)), limit=MAX_BYTES // 1024 // 1024)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise WorkbookError("xlsx-old-xls")
        raise WorkbookError("xlsx-not-zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise WorkbookError("xlsx-too-many-parts", n=len(infos), limit=MAX_ENTRIES)
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED:
                raise WorkbookError(
                    "xlsx-unpacks-too-big", size=f"{unpacked / 1024 / 1024:.0f}", limit=MAX_UNPACKED // 1024 // 1024
                )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise WorkbookError("xlsx-no-workbook")
            if any(i.flag_bits & 0x1 for i in infos):
                raise WorkbookError("xlsx-encrypted")
    except zipfile.BadZipFile as exc:
        raise WorkbookError("xlsx-damaged-zip", reason=_excerpt(str(exc))) from None


def read_bounded(path: Path) -> bytes:
    """The bytes of ``path``, an ordinary file of at most :data:`MAX_BYTES`: a folder, a
    device (``/dev/zero``) or a pipe is refused without reading it, and reading stops
    past the limit whatever the file claims its size is."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise WorkbookError("xlsx-folder") from None
    except OSError as exc:
        raise WorkbookError("xlsx-unreadable", reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise WorkbookError("xlsx-folder")
        if not stat.S_ISREG(info.st_mode):
            raise WorkbookError("xlsx-not-file")
        if info.st_size > MAX_BYTES:
            raise WorkbookError("xlsx-too-big", size=_mb(info.st_size), limit=MAX_BYTES // 1024 // 1024)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:
            raise WorkbookError("xlsx-too-big", size=_mb(size), limit=MAX_BYTES // 1024 // 1024)
        return b"".join(chunks)
    except OSError as exc:
        raise WorkbookError("xlsx-unreadable", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def open_workbook(path: Path) -> openpyxl.Workbook:
    """Open ``path`` read-only, formulas unevaluated, after :func:`check_archive`."""
    if not defused():
        raise WorkbookError("xlsx-not-defused")
    data = read_bounded(path)
    check_archive(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - anything a damaged or hostile file raises is the file's fault
        raise _damaged("xlsx-damaged", exc) from None


def _excerpt(text: str, limit: int = 80) -> str:
    text = text.strip().splitlines()[0] if text.strip() else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _damaged(code: str, exc: BaseException, **args: Any) -> WorkbookError:
    seen: BaseException | None = exc
    for _ in range(5):  # defusedxml's refusal may be the cause of openpyxl's ValueError
        if seen is None:
            break
        if "Forbidden" in type(seen).__name__:  # EntitiesForbidden, DTDForbidden, ExternalReferenceForbidden
            return WorkbookError("xlsx-xml-refused", reason=type(seen).__name__)
        seen = seen.__cause__ or seen.__context__
    return WorkbookError(code, reason=_reason(exc), **args)


def _reason(exc: BaseException) -> str:
    text = _excerpt(str(exc))
    kind = type(exc).__name__
    return f"{kind}: {text}" if text else kind


def read_sheet(
    wb: openpyxl.Workbook,
    sheet: str,
    *,
    min_row: int,
    max_row: int,
    min_col: int,
    max_col: int,
    max_cells: int = MAX_CELLS,
) -> Iterator[list[Cell]]:
    """The rows ``min_row..max_row`` of ``sheet``, columns ``min_col..max_col``, as
    :class:`Cell` lists (every cell given, empty ones too). Refuses more than
    ``max_cells`` cells."""
    if sheet not in wb.sheetnames:
        raise WorkbookError("xlsx-no-sheet", sheet=sheet)
    if min_row < 1 or min_col < 1 or max_row < min_row or max_col < min_col:
        raise WorkbookError("xlsx-bad-range", first=min_row, last=max_row, min_col=min_col, max_col=max_col)
    cells = (max_row - min_row + 1) * (max_col - min_col + 1)
    if cells > max_cells:
        raise WorkbookError("xlsx-too-many-cells", sheet=sheet, n=cells, limit=max_cells)
    ws = wb[sheet]
    expected = max_row - min_row + 1
    seen = 0
    try:
        rows = ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
        for r, row in enumerate(rows, start=min_row):
            yield [_cell(sheet, r, c, raw) for c, raw in enumerate(row, start=min_col)]
            seen += 1
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet
        raise _damaged("xlsx-sheet-damaged", exc, sheet=sheet) from None
    for r in range(min_row + seen, min_row + expected):  # rows the file does not hold at all
        yield [Cell(sheet, r, c, "empty", None) for c in range(min_col, max_col + 1)]


def read_pairs(wb: openpyxl.Workbook, sheet: str, *, max_rows: int = 200) -> dict[str, str]:
    """Column A → column B of a small key/value sheet, as text."""
    out: dict[str, str] = {}
    for row in read_sheet(wb, sheet, min_row=1, max_row=max_rows, min_col=1, max_col=2):
        key, value = row
        if key.kind == "empty":
            continue
        out[str(key.value).strip()] = "" if value.value is None else str(value.value).strip()
    return out


def _cell(sheet: str, row: int, column: int, raw: Any) -> Cell:
    value = getattr(raw, "value", None)
    data_type = getattr(raw, "data_type", None)
    if value is None or (isinstance(value, str) and value == ""):
        return Cell(sheet, row, column, "empty", None)
    if data_type == "f" or (isinstance(value, str) and value.startswith("=") and data_type not in ("s", "inlineStr", "str")):
        return Cell(sheet, row, column, "formula", value)
    if data_type == "e":
        return Cell(sheet, row, column, "error", value)
    if isinstance(value, bool):
        return Cell(sheet, row, column, "bool", value)
    if isinstance(value, (int, float)):
        return Cell(sheet, row, column, "number", value)
    if isinstance(value, str):
        return Cell(sheet, row, column, "text", value)
    if hasattr(value, "year"):
        return Cell(sheet, row, column, "date", value)
    return Cell(sheet, row, column, "text", str(value))


def column_index(letters: str) -> int:
    try:
        index = column_index_from_string(letters.strip().upper())
    except ValueError:
        raise WorkbookError("xlsx-bad-column", letters=_excerpt(letters, 10)) from None
    return index


__all__ = [
    "MAX_BYTES",
    "MAX_CELLS",
    "Cell",
    "WorkbookError",
    "check_archive",
    "column_index",
    "defused",
    "open_workbook",
    "read_bounded",
    "read_pairs",
    "read_sheet",
]
