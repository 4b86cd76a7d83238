"""Entry forms (填报表) as workbooks: the records a branch fills in besides the monthly
scores (see :mod:`pingyi.records`), for Excel and WPS.

Like the score-entry template: the title, a note, the document fields above the table,
the table with the records already kept, empty rows to add more, instructions under it
and a signature line; headers and the hidden reference column locked (sheet protection
without a password: it prevents slips, it is not security); codes chosen from drop-down
lists that show their names; ids from a list of the workspace's members and orgs (a
hidden sheet), with the name shown beside the id. What the import needs to know is in a
very hidden metadata sheet.
"""

from __future__ import annotations

import json
from decimal import Decimal

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ...i18n import N_, gettext
from ...records import FORMAT, VERSION, Field, Form
from .cells import put
from .ledger import Column, Ledger, sheet_title
from .stream import new_workbook
from .template import META_SHEET, seal

LIST_SHEET = "_lists"
ENTRY_FILL = PatternFill("solid", fgColor="FFF9E5")
EMPTY_ROWS = 30

_KINDS = {
    "long": "wrap",
    "int": "int",
    "score": "num",
    "date": "date",
    "code": "center",
    "member": "text",
    "subject": "text",
    "subjects": "text",
}


def render_form(form: Form, *, workspace: str) -> bytes:
    """The form's workbook bytes (the same form gives the same bytes)."""
    wb = new_workbook(form.year, title=f"{workspace} {form.title}", lang="zh")
    sheet = wb.create_sheet(sheet_title(form.title, [META_SHEET, LIST_SHEET]))
    lists = wb.create_sheet(LIST_SHEET)
    columns = [
        Column(gettext(f.label), _KINDS.get(f.kind, "text"), max_width=f.width + 6, min_width=f.width) for f in form.fields
    ]
    columns.append(Column("#", "text", max_width=4, min_width=2))
    what = form.header.get("name") or form.header.get("org") and form.names.get(str(form.header["org"])) or ""
    heading = gettext(N_("{workspace} {year} {title}")).format(workspace=workspace, year=form.year, title=form.title)
    if what:
        heading += f"({what})"
    note = gettext(_HELP_LINE).format(n=EMPTY_ROWS)
    ledger = Ledger(sheet, heading, columns, "zh", note=note, signature=False, freeze_columns=1)
    ref_col = len(columns)
    # the document fields sit in the note row's place: written after the table as "key: value" cells
    first = ledger.first_data
    for row in form.rows:
        ledger.add(
            [_shown(f, row.values.get(f.key.split(":")[0] if f.kind == "shown" else f.key), form) for f in form.fields]
            + [row.ref]
        )
    for _ in range(EMPTY_ROWS):
        ledger.add([None] * len(columns))
    last = ledger.last_row
    # the name beside an id: looked up in the list of ids and names, so it shows for new rows too
    names_at = _names_table(lists, form)
    for j, f in enumerate(form.fields, start=1):
        if f.kind != "shown":
            continue
        source = next(k for k, g in enumerate(form.fields, start=1) if g.key == f.key.split(":")[0])
        for r in range(first, last + 1):
            ref = f"{get_column_letter(source)}{r}"
            sheet.cell(r, j).value = f'=IFERROR(VLOOKUP({ref},{names_at},2,FALSE),"")'
    ledger.finish(filters=False)
    # entry cells open, reference column hidden
    for r in range(first, last + 1):
        for j, f in enumerate(form.fields, start=1):
            cell = sheet.cell(r, j)
            if f.kind == "shown":
                continue
            cell.protection = Protection(locked=False)
            cell.fill = ENTRY_FILL
            if f.kind == "date":
                cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions[get_column_letter(ref_col)].hidden = True
    # lists: codes by name, ids of the workspace
    list_col = 1
    for j, f in enumerate(form.fields, start=1):
        area = f"{get_column_letter(j)}{first}:{get_column_letter(j)}{last}"
        if f.kind == "code":
            names = [gettext(name) for _, name in f.codes]
            _list_validation(sheet, lists, list_col, names, area, gettext(f.label))
            list_col += 1
        elif f.kind in ("member", "subject"):
            ids = list(form.names) if f.kind == "subject" else list(form.member_ids)
            _list_validation(sheet, lists, list_col, ids, area, gettext(f.label), strict=False)
            list_col += 1
        elif f.kind in ("int", "score"):
            maximum = str(form.item_max) if f.kind == "score" else None
            dv = DataValidation(
                type="decimal" if f.kind == "score" else "whole",
                operator="between" if maximum else "greaterThanOrEqual",
                formula1="0",
                formula2=maximum,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=gettext(N_("Not a number this cell takes")),
                error=gettext(N_("Write a number from 0 to {max}.")).format(max=maximum)
                if maximum
                else gettext(N_("Write a whole number (0 or more).")),
            )
            dv.add(area)
            sheet.add_data_validation(dv)
    lists.sheet_state = "veryHidden"
    # the document fields under the table
    at = last + 2
    header_refs: list[str] = []
    for f in form.header_fields:
        put(sheet, at, 1, gettext(f.label)).font = Font(bold=True)
        cell = sheet.cell(at, 2)
        put(sheet, at, 2, form.header.get(f.key))
        cell.protection = Protection(locked=False)
        cell.fill = ENTRY_FILL
        header_refs.append(f"{f.key}=B{at}")
        at += 1
    help_row = at + 1
    put(sheet, help_row, 1, gettext(N_("Instructions"))).font = Font(bold=True)
    from ...records import HELP

    lines = gettext(HELP[form.kind]).format(max=form.item_max).split("\n")
    lines.append(
        gettext(
            N_(
                "Codes are chosen from the lists; ids may also be written as exact names. Do not change the hidden column #: it tells pingyi which record a row is."
            )
        )
    )
    for k, text in enumerate(lines, start=1):
        r = help_row + k
        put(sheet, r, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=max(2, len(form.fields)))
        sheet.row_dimensions[r].height = 30 if len(text) > 50 else 18
    sign = help_row + len(lines) + 2
    put(sheet, sign, 1, gettext(N_("Filled in by: ____________    Checked by: ____________    Date: ____________")))
    sheet.merge_cells(start_row=sign, start_column=1, end_row=sign, end_column=max(2, len(form.fields)))
    sheet.print_area = f"A1:{get_column_letter(len(form.fields))}{sign}"
    pairs = [
        ("format", FORMAT),
        ("version", VERSION),
        ("kind", form.kind),
        ("year", str(form.year)),
        ("org", str(form.header.get("org") or "")),
        ("round", str(form.header.get("round") or "")),
        ("options", json.dumps(list(form.options), ensure_ascii=False)),
        ("sheet", sheet.title),
        ("first_row", str(first)),
        ("last_row", str(last)),
        ("columns", ";".join(f"{f.key}={get_column_letter(j)}" for j, f in enumerate(form.fields, start=1))),
        ("ref_column", get_column_letter(ref_col)),
        ("header", ";".join(header_refs)),
    ]
    return seal(wb, sheet, pairs, year=form.year)


_HELP_LINE = N_(
    "Yellow cells are for you to fill in; {n} empty rows at the end are for new records. Instructions are under the table."
)


def _names_table(lists: Worksheet, form: Form) -> str:
    """Every id and name, in two columns far right of the lists sheet; the range's address."""
    column = 50
    for i, (ident, name) in enumerate(form.names.items(), start=1):
        put(lists, i, column, ident)
        put(lists, i, column + 1, name)
    first, second = get_column_letter(column), get_column_letter(column + 1)
    return f"{quote_sheetname(LIST_SHEET)}!${first}$1:${second}${max(1, len(form.names))}"


def _list_validation(
    sheet: Worksheet, lists: Worksheet, column: int, values: list[str], area: str, title: str, *, strict: bool = True
) -> None:
    for i, value in enumerate(values, start=1):
        put(lists, i, column, value)
    if not values:
        return
    letter = get_column_letter(column)
    ref = f"{quote_sheetname(LIST_SHEET)}!${letter}$1:${letter}${len(values)}"
    dv = DataValidation(
        type="list",
        formula1=ref,
        allow_blank=True,
        showErrorMessage=strict,
        errorStyle="stop" if strict else "warning",
        errorTitle=title,
        error=gettext(N_("Choose a value from the list.")),
    )
    dv.add(area)
    sheet.add_data_validation(dv)


def _shown(f: Field, value: object, form: Form) -> object:
    if value is None:
        return None
    if f.kind == "code":
        code = str(getattr(value, "value", value))
        return next((gettext(name) for c, name in f.codes if c == code), code)
    if f.kind == "subjects" and isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return value
    return value


__all__ = ["render_form"]
