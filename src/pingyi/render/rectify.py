"""The rectification ledger (整改台账) as JSON, CSV and tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.rectify import Rectification, RectifyLedger, State, Totals
from ..i18n import N_, current_lang, tr
from ..numbers import rate4
from .coverage import rate_style
from .labels import label
from .output import Col, joined, pct, print_table, text_width

STATE_STYLES = {State.CLOSED: "green", State.OPEN: "", State.OVERDUE: "bold red"}


def _totals_json(t: Totals) -> dict[str, Any]:
    return {"problems": t.problems, "closed": t.closed, "open": t.open, "overdue": t.overdue, "rate": rate4(t.rate)}


def _item_json(r: Rectification) -> dict[str, Any]:
    return {
        "round": r.round,
        "subject": r.subjects[0] if len(r.subjects) == 1 else list(r.subjects),
        "problem": r.problem,
        "measure": r.measure,
        "owner": r.owner,
        "due": r.due,
        "closed": r.closed,
        "evidence": r.evidence,
        "state": r.state,
        "days_overdue": r.days_overdue,
        "closed_late_days": r.closed_late_days,
        "date": r.date,
        "reviewer": r.reviewer,
        "reviewer_name": r.reviewer_name,
        "subjects": list(r.subjects),
        "subject_names": list(r.subject_names),
        "owner_name": r.owner_name,
        "round_name": r.round_name,
        "file": r.file,
    }


def render_rectify_json(ledger: RectifyLedger) -> dict[str, Any]:
    """FORMAT §11 fields of every item (``round``, ``subject``, ``problem``, ``measure``,
    ``owner``, ``due``, ``closed``, ``state``), plus ``evidence``, ``days_overdue``,
    ``closed_late_days``, the review's ``date`` and ``reviewer``/``reviewer_name``,
    ``subjects`` (always a list; ``subject`` is written as in the YAML, an id or a list),
    names and the ``file`` it stands in. ``totals`` and ``by_org`` count every problem of
    the selection, before ``--open``/``--overdue``."""
    return {
        "as_of": ledger.as_of,
        "year": ledger.year,
        "rounds": list(ledger.rounds),
        "scope": ledger.scope,
        "items": [_item_json(r) for r in ledger.items],
        "by_org": [
            {"id": o.id, "name": o.name, "parent": o.parent, "depth": o.depth, **_totals_json(o.totals)} for o in ledger.by_org
        ],
        "totals": _totals_json(ledger.totals),
    }


RECTIFY_CSV_HEADER = [
    "round",
    "date",
    "reviewer",
    "reviewer_name",
    "subject",
    "problem",
    "measure",
    "owner",
    "owner_name",
    "due",
    "closed",
    "evidence",
    "state",
    "days_overdue",
]


def render_rectify_csv(ledger: RectifyLedger) -> tuple[list[str], list[list[Any]]]:
    """One row per listed problem; several subjects are joined with spaces."""
    rows = [
        [
            r.round,
            r.date,
            r.reviewer,
            r.reviewer_name,
            " ".join(r.subjects),
            r.problem,
            r.measure,
            r.owner,
            r.owner_name,
            r.due,
            r.closed,
            r.evidence,
            r.state,
            r.days_overdue,
        ]
        for r in ledger.items
    ]
    return RECTIFY_CSV_HEADER, rows


def _totals_line(t: Totals) -> Text:
    text = tr(
        N_("Problems {problems}, closed {closed}, open {open}, overdue {overdue}, closing rate {rate}"),
        None,
        problems=t.problems,
        closed=t.closed,
        open=t.open,
        overdue=t.overdue,
        rate=pct(t.rate),
    )
    return Text(text, style=rate_style(t.rate) if t.problems else "")


def render_rectify_table(ledger: RectifyLedger, out: Console, *, name: str = "") -> None:
    """The ledger, then closing by org (orgs with problems, in tree order), then the
    totals. On a narrow terminal the round, reviewer, measure, closing date and evidence
    are left out of the ledger (they are in the CSV and the workbook)."""
    head = f"{label('rectify')} · {name} · " if name else f"{label('rectify')} · "
    scope = ledger.year if ledger.year is not None else ", ".join(ledger.rounds)
    out.print(Text(f"{head}{scope} · {label('as_of')} {ledger.as_of.isoformat()}", style="bold"), width=text_width(out))
    if not ledger.items:
        out.print(label("no_problems"))
    else:
        cols = [
            Col(label("round"), "fixed", drop=2),
            Col(label("review_date"), "fixed"),
            Col(label("reviewer"), drop=1),
            Col(label("subject")),
            Col(label("problem")),
            Col(label("measure"), drop=1),
            Col(label("owner")),
            Col(label("due"), "fixed"),
            Col(label("closed_on"), "fixed", drop=2),
            Col(label("evidence"), drop=3),
            Col(label("state"), "fixed"),
            Col(label("days_overdue"), "number"),
        ]
        rows = [
            [
                r.round,
                r.date.isoformat(),
                r.reviewer_name,
                joined(r.subject_names),
                r.problem,
                r.measure or "",
                r.owner_name or "",
                r.due.isoformat() if r.due else "",
                r.closed.isoformat() if r.closed else "",
                r.evidence or "",
                Text(label(r.state.value), style=STATE_STYLES[r.state]),
                str(r.days_overdue) if r.days_overdue else "",
            ]
            for r in ledger.items
        ]
        print_table(out, cols, rows)
    shown = [o for o in ledger.by_org if o.totals.problems or o.depth == 0]
    if shown:
        out.print()
        cols = [Col(label("id"), "fixed"), Col(label("org"))] + [
            Col(label(key), "number") for key in ("problems", "n_closed", "n_open", "n_overdue", "closing_rate")
        ]
        rows = [
            [
                o.id,
                "  " * o.depth + o.name,
                str(o.totals.problems),
                str(o.totals.closed),
                str(o.totals.open),
                Text(str(o.totals.overdue), style="red" if o.totals.overdue else ""),
                Text(pct(o.totals.rate), style=rate_style(o.totals.rate)),
            ]
            for o in shown
        ]
        print_table(out, cols, rows, title=label("rectify_by_org"))
    out.print()
    out.print(_totals_line(ledger.totals), width=text_width(out))


RECTIFY_COLUMNS = (
    "round",
    "review_date",
    "reviewer",
    "subject",
    "problem",
    "measure",
    "owner",
    "due",
    "closed_on",
    "evidence",
    "state",
    "days_overdue",
)


@dataclass(frozen=True)
class RectifyReport:
    """``pingyi rectify`` (:class:`~pingyi.report.Report`): the ledger, one row per
    problem listed."""

    ledger: RectifyLedger
    name: str = ""
    title: str = N_("Rectification ledger")

    @property
    def subtitle(self) -> str:
        scope = str(self.ledger.year) if self.ledger.year is not None else ", ".join(self.ledger.rounds)
        return " · ".join(x for x in (self.name, scope, f"{label('as_of')} {self.ledger.as_of.isoformat()}") if x)

    def to_json(self) -> dict[str, Any]:
        return render_rectify_json(self.ledger)

    def to_csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        return render_rectify_csv(self.ledger)

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        lang = current_lang()
        rows = [
            [
                r.round,
                r.date,
                r.reviewer_name,
                joined(r.subject_names, lang),
                r.problem,
                r.measure,
                r.owner_name,
                r.due,
                r.closed,
                r.evidence,
                label(r.state.value, lang),
                r.days_overdue or None,
            ]
            for r in self.ledger.items
        ]
        return [label(k, lang) for k in RECTIFY_COLUMNS], rows

    def render_table(self, out: Console) -> None:
        render_rectify_table(self.ledger, out, name=self.name)
