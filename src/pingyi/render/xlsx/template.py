"""The score-entry template (积分录入表): one org, one month, the org's scored members in
rows and the rule items in columns, for a branch to fill in with Excel and give back to
``pingyi import scores``.

Made to be filled in and not broken: the id and name columns and the headers are locked
(sheet protection without a password: it prevents slips, it is not security) and only the
score cells are open; each score cell accepts a decimal between 0 and ``item_max`` (data
validation); instructions (填表说明) stand under the table. What ``pingyi import`` needs to
know what it reads (format, org, month, item ids, the rows and columns of the table) is in
a very hidden sheet, :data:`META_SHEET`, as key/value rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..labels import label
from .cells import put
from .ledger import Column, Ledger, sheet_title
from .stream import new_workbook, workbook_bytes
from .words import L

if TYPE_CHECKING:
    from ...ledgers import ScoreTemplate

META_SHEET = "_pingyi"
FORMAT = "pingyi-scores-template"
VERSION = "1"
ENTRY_FILL = PatternFill("solid", fgColor="FFF9E5")


def _month_text(month: str, lang: str) -> str:
    year, mon = month.split("-")
    return L("xlsx_template_month", lang, month=month, year=year, mon=int(mon))


def render_template(t: ScoreTemplate, *, lang: str) -> bytes:
    """The template workbook's bytes."""
    year = int(t.month[:4])
    sheet_name = sheet_title(L("xlsx_template", lang), [META_SHEET])
    wb: Workbook = new_workbook(year, title=f"{t.org_name} {t.month}", lang=lang)
    sheet = wb.create_sheet(sheet_name)
    n_items = len(t.items)
    maximum = _num(t.item_max)
    columns = [Column(label("id", lang), "text", max_width=12), Column(label("name", lang), "text", max_width=12)]
    columns += [Column(name, "num", max_width=8, min_width=7) for _, name in t.items]
    columns.append(Column(label("total", lang), "num", max_width=8, min_width=7))
    heading = L("xlsx_template_title", lang, workspace=t.workspace, org=t.org_name, month=_month_text(t.month, lang))
    note = L("xlsx_template_note", lang, org=t.org_name, id=t.org, month=t.month, max=maximum)
    ledger = Ledger(sheet, heading, columns, lang, note=note, signature=True, freeze_columns=2)
    first = ledger.first_data
    for row in t.rows:
        values: list[Decimal | None] = list(row.values) if row.values is not None else [None] * n_items
        values = (values + [None] * n_items)[:n_items]
        r = ledger.add([row.member, row.name, *values, None])
        first_item, last_item = get_column_letter(3), get_column_letter(2 + n_items)
        total = sheet.cell(r, 3 + n_items)
        total.value = f'=IF(COUNT({first_item}{r}:{last_item}{r})=0,"",SUM({first_item}{r}:{last_item}{r}))'
        total.number_format = "0.##"
        for j in range(3, 3 + n_items):
            cell = sheet.cell(r, j)
            cell.protection = Protection(locked=False)
            cell.fill = ENTRY_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center")
    last = ledger.last_row if t.rows else first - 1
    if t.rows:
        area = f"{get_column_letter(3)}{first}:{get_column_letter(2 + n_items)}{last}"
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=str(maximum),
            allow_blank=False,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            errorTitle=L("xlsx_dv_error_title", lang),
            error=L("xlsx_dv_error", lang, max=maximum),
            promptTitle=L("xlsx_dv_prompt_title", lang),
            prompt=L("xlsx_dv_prompt", lang, max=maximum),
        )
        dv.add(area)
        sheet.add_data_validation(dv)
    else:
        ledger.empty(L("xlsx_empty", lang))
    ledger.finish(filters=False)
    # the instructions under the table, then the signature line
    help_row = ledger.last_row + 2
    put(sheet, help_row, 1, L("xlsx_instructions", lang)).font = Font(bold=True)
    lines = L("xlsx_template_help", lang, max=maximum).split("\n")
    ncol = len(columns)
    for k, text in enumerate(lines, start=1):
        r = help_row + k
        put(sheet, r, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        sheet.row_dimensions[r].height = 30 if len(text) > 60 else 18
    sign_row = help_row + len(lines) + 2
    put(sheet, sign_row, 1, L("xlsx_signature", lang))
    sheet.merge_cells(start_row=sign_row, start_column=1, end_row=sign_row, end_column=ncol)
    sheet.row_dimensions[sign_row].height = 28
    sheet.print_area = f"A1:{get_column_letter(ncol)}{sign_row}"
    pairs = [
        ("format", FORMAT),
        ("version", VERSION),
        ("org", t.org),
        ("month", t.month),
        ("sheet", sheet_name),
        ("first_row", str(first)),
        ("last_row", str(last)),
        ("id_column", "A"),
        ("name_column", "B"),
        ("first_item_column", get_column_letter(3)),
        ("items", ",".join(i for i, _ in t.items)),
        ("item_max", str(maximum)),
    ]
    return seal(wb, sheet, pairs, year=year)


def seal(wb: Workbook, sheet: Worksheet, pairs: Sequence[tuple[str, str]], *, year: int) -> bytes:
    """Finish an entry sheet (the score template, the entry forms): ``sheet`` protected
    so that only its open cells take input (protection without a password: it prevents
    slips, it is not security), ``pairs`` — what the import needs to know — written into
    the very hidden :data:`META_SHEET`, the workbook's structure locked; its bytes."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False
    meta = wb.create_sheet(META_SHEET)
    for k, (key, value) in enumerate(pairs, start=1):
        put(meta, k, 1, key)
        put(meta, k, 2, value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    return workbook_bytes(wb, year)


def _num(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()
