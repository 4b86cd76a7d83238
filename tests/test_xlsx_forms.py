"""Rows added as a form (:meth:`pingyi.render.xlsx.ledger.Ledger.add_form`: the score
cards) read back as the same rows added one by one, made of openpyxl's cells, would; and
the cards made from the integer grid of monthly scores show what ``pingyi explain``
computes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

import pingyi
from pingyi.compute.ledgers import compute_ledgers
from pingyi.compute.score import compute_score
from pingyi.render.xlsx.ledger import NUMBER, TOTAL_FILL, VALUE, Column, Form, FormRow, Ledger
from pingyi.render.xlsx.stream import new_workbook, open_archive, workbook_bytes
from test_export import _canonical

EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"

FORM = Form(
    [
        FormRow((VALUE, None, None, None), role="title"),
        FormRow(("月份", "学习提高（一个很长的项目名称，需要换行）", "合计", "备注"), role="header"),
        FormRow(("2024-01", NUMBER, NUMBER, VALUE)),
        FormRow(("合计 Σ", NUMBER, 7, None), bold=True, fill=TOTAL_FILL, formats={2: "0.00"}),
        FormRow((VALUE, VALUE, VALUE, VALUE, VALUE)),  # the fifth cell past the columns
    ]
)
FILLED = [
    ("张三（m1）· 第一支部 · 正常", 9, 10, None, Fraction(19, 2), "甲", Decimal("8.50"), True, dt.date(2024, 5, 1), "x"),
    ("李四（m2）", 8.25, Fraction(1, 3), "由第二支部评分，一个相当长的说明需要换到下一行显示", 17, "=1+1", None, 3, "  ", "y"),
    ("王五（m3）", Decimal("9.5"), 12, "<b>&</b>", Decimal("21.5"), 2.5, "第二行\n第三行", False, None, None),
]


def _book(stream: bool, early: bool, repeat: int = 1) -> list[tuple]:
    wb = new_workbook(2024, title="t", lang="zh")
    if early:
        open_archive(wb, 2024)
    columns = [
        Column("月份", "text", 22, 10),
        Column("学习提高", "num", 11, 6),
        Column("合计", "num", 11, 6),
        Column("备注", "wrap", 20, 8),
    ]
    sheet = Ledger(wb.create_sheet("s"), "title", columns, "zh", stream=stream, headers=False)
    for _ in range(repeat):
        for values in FILLED:
            first = sheet.add_form(FORM, values)
            assert first == sheet.last_row - len(FORM.rows) + 1
            sheet.skip(1)
            sheet.page_break()
    sheet.highlight('$D{row}="x"'.replace("{row}", str(sheet.first_data)))
    sheet.finish(filters=False)
    return _canonical(openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb, 2024))))


def test_a_form_reads_back_as_its_rows_made_of_cells():
    """Constants, number slots and slots of any value (text that looks like a formula,
    markup, several lines, bools, dates, nothing), text that wraps (the row grows) and the
    column widths: the same as the rows added one by one as openpyxl's cells."""
    cells = _book(stream=False, early=False)
    assert any(c[1] == "由第二支部评分，一个相当长的说明需要换到下一行显示" for c in cells if len(c) == 4)
    assert _book(stream=True, early=True) == cells
    assert _book(stream=True, early=False) == cells
    assert _book(stream=True, early=True, repeat=3) == _book(stream=False, early=False, repeat=3)


def test_a_form_is_laid_out_once_per_sheet():
    wb = new_workbook(2024, title="t", lang="zh")
    sheet = Ledger(wb.create_sheet("s"), "title", [Column("a"), Column("b", "num")], "zh", stream=True, headers=False)
    form = Form([FormRow(("label", NUMBER)), FormRow((VALUE, None))])
    for k in range(50):
        sheet.add_form(form, (k, f"text {k}"))
    assert len(sheet._forms) == 1 and len(sheet._data) == 50 and sheet.last_row == sheet.first_data + 99


def test_cards_from_the_grid_show_what_explain_computes():
    """The cards are made from the integer grid of monthly scores and the points' exact
    numerators and denominators: each month, Σ, A, D and I as the member's score report
    (``pingyi explain``) gives them."""
    ws = pingyi.load(EXAMPLE).workspace
    data = compute_ledgers(ws, as_of=dt.date(2025, 1, 15))
    members = {m.id: m for m in compute_score(ws, year=data.year).members}
    assert len(data.cards) == sum(1 for m in members.values() if m.scored)
    some_scored_elsewhere = False
    for card in data.cards:
        m = members[card.id]
        for month, ms in zip(card.months, m.month_scores, strict=True):
            assert month.month == ms.month
            if ms.values is None:
                assert month.values is None and month.total is None
                continue
            assert month.values == tuple(ms.values) and month.total == ms.total
            by = ws.name_of(ms.org) if ms.org is not None and ms.org != m.org else None
            assert month.scored_by == by
            some_scored_elsewhere |= by is not None
        assert card.sums == m.sums and card.divisor == m.divisor
        assert card.monthly == (m.monthly if m.divisor else None)
        assert card.democratic_items == m.democratic_items and card.items == m.items_exact
    assert any(None in (mo.values for mo in c.months) for c in data.cards)  # months not scored are shown too


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cards_sheet_is_the_same_made_of_cells(monkeypatch, lang):
    """The score cards, laid out as forms and streamed, read back as the same cards made
    of openpyxl's cells, in either language."""
    from pingyi.render.xlsx import ledger
    from pingyi.workbook import export_workbook

    ws = pingyi.load(EXAMPLE).workspace
    streamed = export_workbook(ws, as_of=dt.date(2025, 1, 15), lang=lang)
    monkeypatch.setattr(ledger, "Ledger", lambda *a, **k: Ledger(*a, **{**k, "stream": False}))
    cells = export_workbook(ws, as_of=dt.date(2025, 1, 15), lang=lang)
    name = "积分卡" if lang == "zh" else "Score cards"
    a, b = _sheet(streamed, name), _sheet(cells, name)
    assert len(a) > 1000 and a == b


def _sheet(data: bytes, name: str) -> list[tuple]:
    """The canonical form (see test_export) of one sheet of a workbook."""
    out: list[tuple] = []
    inside = False
    for entry in _canonical(openpyxl.load_workbook(io.BytesIO(data))):
        if len(entry) != 4:  # a sheet's own line
            inside = entry[0] == name
        if inside:
            out.append(entry)
    return out


def test_braces_in_texts_are_written_as_they_are():
    """A form's template is filled in by position: braces in its constant texts, in the
    values of its slots or in a row's text are the characters they are."""
    wb = new_workbook(2024, title="t", lang="zh")
    sheet = Ledger(wb.create_sheet("s"), "title", [Column("a"), Column("b")], "zh", stream=True, headers=False)
    form = Form([FormRow(("{0} {{x}} }{", VALUE)), FormRow((VALUE, NUMBER))])
    sheet.add_form(form, ("{1}", "{2} {", 7))
    sheet.add(["{0}", "}"])
    sheet.finish(filters=False)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb, 2024)))
    rows = [r for r in book["s"].iter_rows(min_row=2, values_only=True)]
    assert rows == [("{0} {{x}} }{", "{1}"), ("{2} {", 7), ("{0}", "}")]
