"""Commitments (承诺践诺) as JSON, CSV and tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.commitments import CommitmentsReport, Group, Tally
from ..i18n import N_, current_lang
from ..model import CommitmentStatus
from ..numbers import rate4
from .coverage import rate_style
from .labels import label
from .output import Col, Percent, pct, print_table, text_width

STATUS_LABELS = {
    CommitmentStatus.OPEN: "commitment_open",
    CommitmentStatus.DONE: "done",
    CommitmentStatus.PARTIAL: "partial",
    CommitmentStatus.FAILED: "failed",
    CommitmentStatus.WITHDRAWN: "withdrawn",
}
TALLY_FIELDS = ("made", "withdrawn", "done", "partial", "failed", "open")


def _tally_json(t: Tally) -> dict[str, Any]:
    return {
        "made": t.made,
        "withdrawn": t.withdrawn,
        "done": t.done,
        "rate": rate4(t.rate),
        "partial": t.partial,
        "failed": t.failed,
        "open": t.open,
    }


def _group_json(g: Group) -> dict[str, Any]:
    return {**_tally_json(g.all), "basic": _tally_json(g.basic), "creative": _tally_json(g.creative)}


def render_commitments_json(report: CommitmentsReport) -> dict[str, Any]:
    """FORMAT §11: ``year``, ``orgs`` and ``members`` (``made``, ``withdrawn``, ``done``,
    ``rate``), ``overdue`` (``id``, ``owner``, ``due``, ``status``) and ``by_org``.
    Added: ``as_of``, ``scope``; ``partial``, ``failed``, ``open`` counts and the
    ``basic``/``creative`` split in every group; the overdue item's ``owner_name``,
    ``owner_kind``, ``org``, ``type``, ``text``, ``made`` and ``days_overdue``; each
    ``by_org`` row's ``name``, ``parent`` and ``depth``."""
    return {
        "year": report.year,
        "as_of": report.as_of,
        "scope": report.scope,
        "orgs": _group_json(report.orgs),
        "members": _group_json(report.members),
        "overdue": [
            {
                "id": o.id,
                "owner": o.owner,
                "due": o.due,
                "status": o.status,
                "owner_name": o.owner_name,
                "owner_kind": o.owner_kind,
                "org": o.org,
                "type": o.type,
                "text": o.text,
                "made": o.made,
                "days_overdue": o.days_overdue,
            }
            for o in report.overdue
        ],
        "by_org": [
            {
                "id": o.id,
                "name": o.name,
                "parent": o.parent,
                "depth": o.depth,
                "orgs": _group_json(o.orgs),
                "members": _group_json(o.members),
            }
            for o in report.by_org
        ],
    }


COMMITMENTS_CSV_HEADER = ["id", "name", "parent", "depth"] + [
    f"{group}_{field}" for group in ("orgs", "members") for field in (*TALLY_FIELDS, "rate")
]


def render_commitments_csv(report: CommitmentsReport) -> tuple[list[str], list[list[Any]]]:
    """One row per org subtree (``by_org``)."""
    rows: list[list[Any]] = []
    for o in report.by_org:
        row: list[Any] = [o.id, o.name, o.parent, o.depth]
        for g in (o.orgs, o.members):
            row += [getattr(g.all, f) for f in TALLY_FIELDS] + [rate4(g.all.rate)]
        rows.append(row)
    return COMMITMENTS_CSV_HEADER, rows


def _done_of(t: Tally) -> str:
    return f"{t.done}/{t.made - t.withdrawn}" if t.made else "—"


def render_commitments_table(report: CommitmentsReport, out: Console, *, name: str = "") -> None:
    """Summary by owner group, fulfilment by org subtree (tree order), then the overdue
    list."""
    head = f"{label('commitments')} · {name} · " if name else f"{label('commitments')} · "
    out.print(Text(f"{head}{report.year} · {label('as_of')} {report.as_of.isoformat()}", style="bold"), width=text_width(out))

    cols = [Col("")]
    cols += [Col(label(key), "number", drop=1 if key.startswith("n_") else 0) for key in TALLY_LABELS]
    cols += [Col(label("fulfilment"), "number"), Col(label("basic_rate"), "fixed"), Col(label("creative_rate"), "fixed")]
    rows = []
    for key, g in (("org_owned", report.orgs), ("member_owned", report.members)):
        t = g.all
        rows.append(
            [
                label(key),
                *(str(getattr(t, f)) for f in TALLY_FIELDS),
                Text(pct(t.rate), style=rate_style(t.rate)),
                f"{_done_of(g.basic)} {pct(g.basic.rate)}",
                f"{_done_of(g.creative)} {pct(g.creative.rate)}",
            ]
        )
    print_table(out, cols, rows)

    out.print()
    cols = [Col(label("id"), "fixed"), Col(label("org"))]
    for key in ("org_owned", "member_owned"):
        cols += [Col(f"{label(key)} {label('done_of')}", "fixed"), Col(label("fulfilment"), "number")]
    rows = []
    for o in report.by_org:
        cells: list[Any] = [o.id, "  " * o.depth + o.name]
        for t in (o.orgs.all, o.members.all):
            cells += [_done_of(t), Text(pct(t.rate), style=rate_style(t.rate))]
        rows.append(cells)
    print_table(out, cols, rows)

    out.print()
    if not report.overdue:
        out.print(Text(label("no_overdue"), style="green"))
        return
    cols = [
        Col(label("id"), "fixed"),
        Col(label("commitment_owner")),
        Col(label("commitment_type"), "fixed", drop=1),
        Col(label("commitment_text")),
        Col(label("commitment_due"), "fixed"),
        Col(label("status"), "fixed"),
        Col(label("days_overdue"), "number"),
    ]
    rows = [
        [
            item.id or "",
            f"{item.owner_name} ({item.owner})",
            label("basic_commitment" if item.type.value == "basic" else "creative"),
            item.text,
            item.due.isoformat(),
            label(STATUS_LABELS[item.status]),
            Text(str(item.days_overdue), style="red"),
        ]
        for item in report.overdue
    ]
    print_table(out, cols, rows, title=f"{label('overdue_commitments')} ({len(report.overdue)})")


TALLY_LABELS = ("made", "withdrawn", "done", "n_partial", "n_failed", "n_commitment_open")


@dataclass(frozen=True)
class FulfilmentReport:
    """``pingyi commitments`` (:class:`~pingyi.report.Report`): fulfilment, one row per
    org subtree."""

    report: CommitmentsReport
    name: str = ""
    title: str = N_("Public commitments")

    @property
    def subtitle(self) -> str:
        parts = (self.name, str(self.report.year), f"{label('as_of')} {self.report.as_of.isoformat()}")
        return " · ".join(x for x in parts if x)

    def to_json(self) -> dict[str, Any]:
        return render_commitments_json(self.report)

    def to_csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        return render_commitments_csv(self.report)

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        lang = current_lang()
        header = [label("id", lang), label("org_name", lang), label("parent_org", lang), label("depth", lang)]
        for group in ("org_owned", "member_owned"):
            header += [f"{label(group, lang)}·{label(k, lang)}" for k in (*TALLY_LABELS, "fulfilment")]
        rows: list[list[Any]] = []
        for o in self.report.by_org:
            row: list[Any] = [o.id, o.name, o.parent, o.depth]
            for g in (o.orgs, o.members):
                row += [getattr(g.all, f) for f in TALLY_FIELDS] + [Percent(g.all.rate)]
            rows.append(row)
        return header, rows

    def render_table(self, out: Console) -> None:
        render_commitments_table(self.report, out, name=self.name)
