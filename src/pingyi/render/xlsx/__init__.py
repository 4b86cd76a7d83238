"""The workbook (FORMAT §12): every ledger of a year in one .xlsx, made to be read on
screen and printed on paper, and the score-entry template.

The Python API in a few lines::

    import pingyi
    from pingyi.workbook import export_workbook
    ws = pingyi.load("examples/jiangcheng").workspace
    data = export_workbook(ws, year=2024)          # the .xlsx file's bytes
    open("台账.xlsx", "wb").write(data)

:func:`pingyi.workbook.compute_ledgers` makes the rows of every ledger (the plain types of
:mod:`pingyi.ledgers`) from the results the report commands use; :func:`render_workbook`
lays out those rows and nothing else: this package imports nothing that computes.
The package, by idea: :mod:`.cells` (what a cell may hold: one safe way for both ways of
writing), :mod:`.widths` (measuring text), :mod:`.ledger` (the layout of a sheet),
:mod:`.stream` (saving, rows streamed into the sheets' XML), :mod:`.words` (the
workbook's words, from the catalog), :mod:`.ledgers` and :mod:`.points` (the sheets),
:mod:`.template` (the score-entry template).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO, cast

from ...speed import bulk
from . import appraisal, ledgers, points
from .stream import new_workbook, open_archive, save_workbook
from .words import L, title

if TYPE_CHECKING:
    from ...ledgers import Ledgers, LedgersBySheet

#: Called with (step description, units done); the CLI draws a progress bar from it.
Progress = Callable[[str, int], None]


def render_workbook(data: Ledgers | LedgersBySheet, *, lang: str, progress: Progress | None = None, cards: bool = True) -> bytes:
    """The workbook's bytes (:func:`write_workbook` into memory)."""
    out = io.BytesIO()
    write_workbook(data, out, lang=lang, progress=progress, cards=cards)
    return out.getvalue()


def write_workbook(
    data: Ledgers | LedgersBySheet, file: BinaryIO, *, lang: str, progress: Progress | None = None, cards: bool = True
) -> None:
    """Write the workbook into ``file`` (a binary file open for writing, e.g. one of
    :func:`pingyi.io.write.open_atomic`), sheet by sheet, from the ledgers' rows: each
    sheet goes into the file as soon as it is finished. Rows made part by part
    (:class:`~pingyi.ledgers.LedgersBySheet`) are let go as soon as their sheets are
    written, so that a county's workbook holds the rows of one ledger at a time. ``cards=False`` leaves out the
    score cards (积分卡), by far the largest sheet: twenty rows per member. A ledger
    with nothing to list says so in one line (无记录).

    The cyclic garbage collector is off meanwhile (:func:`pingyi.speed.bulk`): the rows
    made and let go hold no cycles, and a county's millions of them would only have the
    collector walk what lives on again and again."""
    with bulk():
        _write_workbook(data, file, lang=lang, progress=progress, cards=cards)


def _write_workbook(
    source: Ledgers | LedgersBySheet, file: BinaryIO, *, lang: str, progress: Progress | None, cards: bool
) -> None:
    report = progress or (lambda _description, _n: None)
    reported = 0
    # the same fields, read the same way; parts made as they are read
    data = cast("Ledgers", source)

    def let_go(*names: str) -> None:
        """The writer is done with these fields: rows made part by part are let go."""
        drop = getattr(source, "let_go", None)
        if drop is not None:
            drop(*names)

    def step(description: str, n: int) -> None:
        """``n`` rows laid out, and written as their sheet is finished: twice the units
        (see :attr:`Ledgers.size`)."""
        nonlocal reported
        reported += 2 * n
        report(description, 2 * n)

    wb = new_workbook(data.year, title=title(data.title_name, data.year, "", lang), lang=lang)
    open_archive(wb, data.year, file)  # each ledger's sheet written as soon as it is finished
    rounds_note = L("xlsx_rounds_note", lang, rounds="、".join(data.round_names)) if data.round_names else None
    as_of_note = L("xlsx_as_of_note", lang, as_of=data.as_of.isoformat())
    scope = data.scope_name

    def sheet(key: str) -> None:
        step(L(key, lang), 0)

    sheet("xlsx_reviews")
    ledgers.add_reviews(wb, data, lang=lang, note=ledgers.notes(lang, scope, rounds_note, as_of_note))
    step("", len(data.reviews))
    let_go("reviews")
    sheet("xlsx_coverage")
    coverage_note = ledgers.notes(
        lang, scope or data.workspace, L("xlsx_rounds_note", lang, rounds="、".join(data.coverage_rounds) or "—")
    )
    ledgers.add_coverage(wb, data, lang=lang, note=coverage_note)
    ledgers.add_missing(wb, data, lang=lang, note=coverage_note)
    step("", 2)
    let_go("missing")  # the coverage stays for the charts
    sheet("xlsx_rectify")
    ledgers.add_rectify(wb, data, lang=lang, note=ledgers.notes(lang, scope, as_of_note))
    step("", len(data.rectify))
    let_go("rectify")
    sheet("xlsx_commitments")
    ledgers.add_commitments(wb, data, lang=lang)
    ledgers.add_fulfilment(wb, data, lang=lang)
    step("", len(data.commitments))
    let_go("commitments", "fulfilment")
    sheet("xlsx_score")
    score_note = ledgers.notes(lang, scope, L("xlsx_score_note", lang, decimals=data.decimals))
    points.add_score_summary(wb, data, lang=lang, note=score_note, tick=lambda n: step("", n))
    if cards:
        sheet("xlsx_cards")
        points.add_score_cards(wb, data, lang=lang, tick=lambda n: step("", n))
    else:
        step("", len(data.cards))
    let_go("points", "cards")
    sheet("xlsx_survey")
    ledgers.add_surveys(wb, data, lang=lang)
    let_go("surveys")
    if data.honours is not None:
        sheet("xlsx_quarter")
        points.add_quarter_stars(wb, data, lang=lang)
        points.add_annual_stars(wb, data, lang=lang)
    let_go("honours")
    sheet("xlsx_charts")
    points.add_charts(wb, data, lang=lang)
    let_go("coverage")
    if data.appraisal is not None:
        appraisal.add_appraisal(wb, data.appraisal, workspace=data.title_name, year=data.year, lang=lang)
    let_go("appraisal")
    step("", 5)
    wb.active = 0
    report(L("xlsx_saving", lang), 0)
    save_workbook(wb, data.year, file)
    report("", max(data.size - reported, 0))


__all__ = ["Progress", "render_workbook", "write_workbook"]
