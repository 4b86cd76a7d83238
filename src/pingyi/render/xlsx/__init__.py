"""The workbook (FORMAT §12): every ledger of a year in one .xlsx, made to be read on
screen and printed on paper, and the score-entry template.

The Python API in a few lines::

    import pingyi
    from pingyi.render.xlsx import export_workbook
    ws = pingyi.load("examples/jiangcheng").workspace
    data = export_workbook(ws, year=2024)          # the .xlsx file's bytes
    open("台账.xlsx", "wb").write(data)

:func:`compute_workbook` runs the computations (score, coverage, rectification,
commitments, surveys, honours) and :func:`render_workbook` lays their results out; the
sheets are built in :mod:`.ledgers` and :mod:`.points` on the machinery of
:mod:`.workbook`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ...compute.commitments import CommitmentsReport, compute_commitments
from ...compute.coverage import Coverage, compute_coverage, select_rounds
from ...compute.rectify import RectifyLedger, compute_rectify
from ...compute.score import ScoreReport, compute_score
from ...compute.survey import SurveyReport, compute_survey
from ...model import Commitment, Review, RoundDoc
from ...workspace import Workspace
from ..labels import label
from . import ledgers, points
from .workbook import new_workbook, workbook_bytes

try:  # honours are optional: the sheets are left out when the module is absent
    from ...compute.honours import compute_honours
except ImportError:  # pragma: no cover
    compute_honours = None  # type: ignore[assignment]

#: Called with (step description, units done); the CLI draws a progress bar from it.
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class WorkbookData:
    """Everything the workbook shows: the computations' results, and the listings of
    reviews and commitments they were computed from."""

    workspace: str
    year: int
    as_of: dt.date
    org: str | None
    rounds: tuple[str, ...] | None
    reviews: list[tuple[RoundDoc, Review]]
    coverage: Coverage
    rectify: RectifyLedger
    commitments: list[tuple[Commitment, str]]
    commitments_report: CommitmentsReport
    score: ScoreReport
    survey: SurveyReport
    honours: Any | None

    @property
    def size(self) -> int:
        """A measure of the work of rendering (rows to lay out, then as much again to save
        the file), for progress bars."""
        return 2 * (len(self.reviews) + len(self.rectify.items) + len(self.commitments) + 2 * len(self.score.members) + 10)


def compute_workbook(
    ws: Workspace,
    *,
    year: int | None = None,
    org: str | None = None,
    rounds: Sequence[str] | None = None,
    as_of: dt.date | None = None,
) -> WorkbookData:
    """Run every computation the workbook shows. Raises
    :class:`~pingyi.compute.coverage.SelectionError` for an unknown round or org."""
    y = ws.year if year is None else year
    day = as_of or ws.today
    round_ids = list(rounds) if rounds else None
    chosen = [d.model for d in select_rounds(ws, year=y, rounds=round_ids)] if round_ids else None
    score = compute_score(ws, year=y, org=org)
    honours = None
    if compute_honours is not None:
        honours = compute_honours(ws, year=y, org=org)
    return WorkbookData(
        workspace=ws.name,
        year=y,
        as_of=day,
        org=org,
        rounds=tuple(round_ids) if round_ids else None,
        reviews=ledgers.selected_reviews(ws, year=y, rounds=chosen, org=org),
        coverage=compute_coverage(ws, year=y, rounds=round_ids, org=org),
        rectify=compute_rectify(ws, year=y, as_of=day, rounds=round_ids, org=org),
        commitments=ledgers.selected_commitments(ws, year=y, org=org),
        commitments_report=compute_commitments(ws, year=y, as_of=day, org=org),
        score=score,
        survey=compute_survey(ws, year=y, org=org),
        honours=honours,
    )


def render_workbook(ws: Workspace, data: WorkbookData, *, lang: str, progress: Progress | None = None, cards: bool = True) -> bytes:
    """The workbook's bytes, sheet by sheet. ``cards=False`` leaves out the score cards
    (积分卡), by far the largest sheet: fourteen rows per member."""
    report = progress or (lambda _description, _n: None)
    reported = 0

    def step(description: str, n: int) -> None:
        nonlocal reported
        reported += n
        report(description, n)

    wb = new_workbook(data.year, title=ledgers.title(ws.name, data.year, "", lang), lang=lang)
    round_names = _round_names(ws, data)
    rounds_note = ledgers.L("xlsx_rounds_note", lang, rounds=round_names) if round_names else None
    as_of_note = ledgers.L("xlsx_as_of_note", lang, as_of=data.as_of.isoformat())
    sep = "　" if lang != "en" else "    "

    def note(*parts: str | None) -> str:
        return sep.join(p for p in parts if p)

    scope = ws.orgs[data.org].name if data.org in ws.orgs else None

    def sheet(key: str) -> None:
        step(label(key, lang), 0)

    sheet("xlsx_reviews")
    ledgers.add_reviews(wb, ws, data.reviews, year=data.year, as_of=data.as_of, lang=lang, note=note(scope, rounds_note, as_of_note))
    step("", len(data.reviews))
    sheet("xlsx_coverage")
    names = {d.model.id: d.model.name for d in ws.rounds}
    coverage_rounds = "、".join(names.get(r, r) for r in data.coverage.rounds) or "—"
    coverage_note = note(scope or data.coverage.name, ledgers.L("xlsx_rounds_note", lang, rounds=coverage_rounds))
    ledgers.add_coverage(wb, ws, data.coverage, lang=lang, note=coverage_note)
    ledgers.add_missing(wb, ws, data.coverage, lang=lang, note=coverage_note)
    step("", 2)
    sheet("xlsx_rectify")
    ledgers.add_rectify(wb, ws, data.rectify, year=data.year, lang=lang, note=note(scope, as_of_note))
    step("", len(data.rectify.items))
    sheet("xlsx_commitments")
    ledgers.add_commitments(wb, ws, data.commitments, data.commitments_report, lang=lang)
    ledgers.add_fulfilment(wb, ws, data.commitments_report, lang=lang)
    step("", len(data.commitments))
    sheet("xlsx_score")
    score_note = note(scope, ledgers.L("xlsx_score_note", lang, decimals=data.score.decimals))
    points.add_score_summary(wb, ws, data.score, lang=lang, note=score_note, tick=lambda n: step("", n))
    if cards:
        sheet("xlsx_cards")
        points.add_score_cards(wb, ws, data.score, lang=lang, tick=lambda n: step("", n))
    else:
        step("", len(data.score.members))
    sheet("xlsx_survey")
    ledgers.add_surveys(wb, ws, data.survey, year=data.year, lang=lang)
    if data.honours is not None:
        sheet("xlsx_quarter")
        points.add_quarter_stars(wb, ws, data.honours, lang=lang)
        points.add_annual_stars(wb, ws, data.honours, lang=lang)
    sheet("xlsx_charts")
    points.add_charts(wb, ws, data.score, data.coverage, year=data.year, lang=lang)
    step("", 10)
    wb.active = 0
    step(label("xlsx_saving", lang), 0)
    budget = max(data.size - reported, 0)  # about half the work: the rows are written now
    sent = 0

    def saving(done: int, total: int) -> None:
        nonlocal sent
        now = budget * done // max(total, 1)
        if now > sent:
            step("", now - sent)
            sent = now

    content = workbook_bytes(wb, data.year, progress=saving)
    step("", budget - sent)
    return content


def _round_names(ws: Workspace, data: WorkbookData) -> str:
    if data.rounds:
        names = {d.model.id: d.model.name for d in ws.rounds}
        return "、".join(names.get(r, r) for r in data.rounds)
    seen: list[str] = []
    for rnd, _ in data.reviews:
        if rnd.name not in seen:
            seen.append(rnd.name)
    return "、".join(seen)


def export_workbook(
    ws: Workspace,
    *,
    year: int | None = None,
    org: str | None = None,
    rounds: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
    cards: bool = True,
) -> bytes:
    """Compute and render the workbook of ``year`` (default: the workspace's year)."""
    data = compute_workbook(ws, year=year, org=org, rounds=rounds, as_of=as_of)
    return render_workbook(ws, data, lang=lang or ws.lang, progress=progress, cards=cards)


__all__ = ["Progress", "WorkbookData", "compute_workbook", "export_workbook", "render_workbook"]
