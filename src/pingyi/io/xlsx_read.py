"""Reading a workbook someone sent, safely.

A workbook is a zip of XML files and comes from outside: it may be anything. Before
openpyxl sees it, the file must be small (:data:`MAX_BYTES`), a zip archive, not a zip bomb
(:data:`MAX_UNPACKED` bytes once unpacked, :data:`MAX_ENTRIES` entries) and hold
``xl/workbook.xml``. openpyxl then parses its XML through defusedxml (no entity expansion,
no external entities); pingyi refuses to read workbooks at all when openpyxl would not use
defusedxml. It is opened read-only and with ``data_only=False``: formulas are never
evaluated, and a formula cell is seen as a formula (its text starts with ``=``), so the
caller can refuse it. At most :data:`MAX_CELLS` cells are read.

Every problem is a :class:`WorkbookError` with a message in plain words, never a traceback.
Nothing here knows what a member is: :func:`read_sheet` gives cells with their
coordinates, types and values.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_CELLS = 100_000


class WorkbookError(Exception):
    """The file cannot be read as the workbook expected; the message says why."""


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


def check_archive(data: bytes, name: str) -> None:
    """Refuse what is not a plausible .xlsx before any XML is parsed."""
    if len(data) > MAX_BYTES:
        raise WorkbookError(f"{name} is {len(data) / 1024 / 1024:.1f} MB; workbooks over {MAX_BYTES // 1024 // 1024} MB are refused")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = " (an old .xls workbook? save it as .xlsx)" if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" else ""
        raise WorkbookError(f"{name} is not an .xlsx workbook{hint}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise WorkbookError(f"{name} holds {len(infos)} parts; more than {MAX_ENTRIES} is not a workbook pingyi wrote")
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED:
                raise WorkbookError(
                    f"{name} unpacks to {unpacked / 1024 / 1024:.0f} MB; more than {MAX_UNPACKED // 1024 // 1024} MB is refused"
                )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise WorkbookError(f"{name} is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml)")
            if any(i.flag_bits & 0x1 for i in infos):
                raise WorkbookError(f"{name} is encrypted; save it without a password")
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"{name} is a damaged zip archive: {exc}") from None


def open_workbook(path: Path) -> openpyxl.Workbook:
    """Open ``path`` read-only, formulas unevaluated, after :func:`check_archive`."""
    if not defused():
        raise WorkbookError(
            "openpyxl is not using defusedxml, so workbooks from elsewhere cannot be read safely; "
            "install defusedxml (and do not set OPENPYXL_DEFUSEDXML=False)"
        )
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookError(f"cannot read {name}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise WorkbookError(f"{name} is a folder, not a workbook")
    if size > MAX_BYTES:
        raise WorkbookError(f"{name} is {size / 1024 / 1024:.1f} MB; workbooks over {MAX_BYTES // 1024 // 1024} MB are refused")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"cannot read {name}: {exc.strerror or exc}") from None
    check_archive(data, name)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - anything a damaged or hostile file raises is the file's fault
        raise WorkbookError(f"{name} cannot be read as an .xlsx workbook: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    seen: BaseException | None = exc
    for _ in range(5):  # defusedxml's refusal may be the cause of openpyxl's ValueError
        if seen is None:
            break
        if "Forbidden" in type(seen).__name__:  # EntitiesForbidden, DTDForbidden, ExternalReferenceForbidden
            return f"it contains XML that is refused for safety ({type(seen).__name__}: entities or external references)"
        seen = seen.__cause__ or seen.__context__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
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
        raise WorkbookError(f"the workbook has no sheet named {sheet!r}")
    if min_row < 1 or min_col < 1 or max_row < min_row or max_col < min_col:
        raise WorkbookError(f"the range of rows {min_row}-{max_row}, columns {min_col}-{max_col} is not a range")
    cells = (max_row - min_row + 1) * (max_col - min_col + 1)
    if cells > max_cells:
        raise WorkbookError(f"the sheet {sheet!r} would have {cells} cells to read; more than {max_cells} is refused")
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
        raise WorkbookError(f"the sheet {sheet!r} cannot be read: {_reason(exc)}") from None
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
        raise WorkbookError(f"{letters!r} is not a column") from None
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
    "read_pairs",
    "read_sheet",
]
