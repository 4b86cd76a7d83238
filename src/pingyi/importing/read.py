"""Reading a filled-in score template (io): its metadata and the cells of its member
rows, through the safe reader of :mod:`pingyi.io.xlsx_read`. Nothing here knows the
workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..io.xlsx_read import Cell, WorkbookError, column_index, open_workbook, read_pairs, read_sheet
from ..render.xlsx.template import FORMAT as TEMPLATE_FORMAT
from ..render.xlsx.template import META_SHEET


@dataclass(frozen=True)
class TemplateContent:
    """What a template holds: its metadata, and per member row the id, name and item cells."""

    path: Path
    sheet: str
    org: str
    month: str
    items: tuple[str, ...]
    rows: tuple[tuple[Cell, Cell, tuple[Cell, ...]], ...]


def read_template(path: Path) -> TemplateContent:
    """Read a score template safely: its metadata and the cells of its member rows.
    Raises :class:`~pingyi.io.xlsx_read.WorkbookError` (a code and its values) for a file
    that is no readable workbook or no pingyi score template."""
    wb = open_workbook(path)
    try:
        if META_SHEET not in wb.sheetnames:
            raise WorkbookError("template-not-template", sheet=META_SHEET)
        meta = read_pairs(wb, META_SHEET)
        if meta.get("format") != TEMPLATE_FORMAT:
            raise WorkbookError("template-format", sheet=META_SHEET, format=meta.get("format", "")[:40] or "—")
        if meta.get("version") != "1":
            raise WorkbookError("template-version", version=meta.get("version", "")[:20] or "—")
        missing = [k for k in ("org", "month", "sheet", "first_row", "last_row", "items") if not meta.get(k)]
        if missing:
            raise WorkbookError("template-lacks", sheet=META_SHEET, keys=missing)
        try:
            first, last = int(meta["first_row"][:10]), int(meta["last_row"][:10])
        except ValueError:
            raise WorkbookError("template-damaged", sheet=META_SHEET) from None
        id_col = column_index(meta.get("id_column", "A"))
        name_col = column_index(meta.get("name_column", "B"))
        first_item = column_index(meta.get("first_item_column", "C"))
        items = tuple(i.strip() for i in meta["items"].split(",") if i.strip())
        sheet = meta["sheet"]
        if sheet not in wb.sheetnames:
            raise WorkbookError("template-sheet-gone", sheet=sheet[:40])
        if not items or first < 1 or last < first - 1 or len({id_col, name_col, first_item}) < 3:
            raise WorkbookError("template-damaged", sheet=META_SHEET)
        rows: list[tuple[Cell, Cell, tuple[Cell, ...]]] = []
        if last >= first:
            lo = min(id_col, name_col, first_item)
            hi = max(id_col, name_col, first_item + len(items) - 1)
            for row in read_sheet(wb, sheet, min_row=first, max_row=last, min_col=lo, max_col=hi):
                rows.append((row[id_col - lo], row[name_col - lo], tuple(row[first_item - lo + k] for k in range(len(items)))))
        return TemplateContent(path, sheet, meta["org"], meta["month"], items, tuple(rows))
    finally:
        wb.close()


__all__ = ["META_SHEET", "TEMPLATE_FORMAT", "TemplateContent", "read_template"]
