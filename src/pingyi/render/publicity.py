"""The 公示 listing in its forms: JSON (FORMAT §13), rows (CSV, workbook), a table for the
terminal, and the self-contained page to print on A4 and read on a phone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.console import Console

from ..i18n import N_, current_lang, gettext, tr
from ..model.publicity import PeriodType
from .labels import label
from .output import Col, plain, print_table, text_width

if TYPE_CHECKING:
    from ..compute.publicity import PublicityMember, PublicityOrg, PublicityRecord, PublicityReport

#: Every word of the listing and the page, marked for the catalog.
TEXT = {
    "rank": N_("Rank"),
    "name": N_("Name"),
    "org": N_("Org"),
    "member": N_("Member id"),
    "points_month": N_("Month points"),
    "points_quarter": N_("Quarter points"),
    "months": N_("Months"),
    "quarter_star": N_("Star of the quarter"),
    "total": N_("Total points"),
    "stars": N_("Stars"),
    "grade": N_("Grade"),
    "annual_star": N_("Star of the year"),
    "remark": N_("Remarks"),
    "yes": N_("yes"),
    "no_score": N_("no score this month"),
    "disputed": N_("objection pending"),
    "rated": N_("rated by the branch: {reason}"),
    "quota": N_("Quota: {quota}"),
    "window": N_("Notice period"),
    "place": N_("Where posted"),
    "contact": N_("Contact"),
    "not_recorded": N_("not recorded"),
    "how_to_object": N_(
        "Anyone who disagrees with a result may raise an objection with the contact during the notice period, "
        "in person or in writing, giving their name and the facts; it will be answered within {days} days."
    ),
    "objections": N_("Objections"),
    "objection_counts": N_(
        "{total} received: {pending} pending, {upheld} upheld, {partly} partly upheld, {rejected} rejected, {late} late"
    ),
    "state": N_("State"),
    "late": N_("late"),
    "overdue": N_("overdue"),
    "received": N_("Received"),
    "pending": N_("pending"),
    "upheld": N_("upheld"),
    "partly": N_("partly upheld"),
    "rejected": N_("rejected"),
    "empty": N_("Nothing has been scored for {period}: there is nothing to publish."),
    "fingerprint": N_("Data fingerprint"),
    "commit": N_("commit {commit}"),
    "files": N_("files {digest}"),
    "no_git": N_("not in git"),
    "month_title": N_("{org}: points of Party members, {year}-{month:02d}"),
    "quarter_title": N_("{org}: points of Party members, quarter {quarter} of {year}"),
    "year_title": N_("{org}: points, stars and grades of Party members, {year}"),
    "page_title": N_("{workspace}: public notice of {period}"),
    "items_legend": N_("Items"),
    "date": N_("Date"),
    "no_objections": N_("none"),
}

ZH_NUMBERS = "〇一二三四五六七八九十"


def t(key: str, **args: Any) -> str:
    return tr(TEXT[key], None, **args)


# --------------------------------------------------------------------------- JSON


def _member_json(report: PublicityReport, m: PublicityMember) -> dict[str, Any]:
    out: dict[str, Any] = {"id": m.id, "name": m.name}
    if report.type is PeriodType.MONTH:
        out.update(items=list(m.items) if m.items is not None else None, points=m.points, rank=m.rank)
    elif report.type is PeriodType.QUARTER:
        out.update(points=m.points, rank=m.rank, months=m.months, quarter_star=bool(m.quarter_star))
    else:
        out.update(
            status=m.status.value,
            total=m.total,
            stars=m.stars,
            grade=m.grade,
            rank=m.rank,
            annual_star=bool(m.annual_star),
            rating_reason=m.rating_reason,
        )
    out["disputed"] = m.disputed
    return out


def _record_json(r: PublicityRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "org": r.org,
        "start": r.start,
        "end": r.end,
        "place": r.place,
        "contact": r.contact,
        "objections": r.counts,
        "items": [
            {
                "id": o.id,
                "member": o.member,
                "month": o.month,
                "item": o.item,
                "received": o.received,
                "replied": o.replied,
                "state": o.state,
                "late": o.late,
                "overdue": o.overdue,
            }
            for o in r.objections
        ],
    }


def publicity_json(report: PublicityReport) -> dict[str, Any]:
    orgs = []
    for o in report.orgs:
        entry: dict[str, Any] = {"id": o.id, "name": o.name}
        if report.type is PeriodType.QUARTER:
            entry["quota"] = o.quota
        entry["members"] = [_member_json(report, m) for m in o.members]
        orgs.append(entry)
    out: dict[str, Any] = {"period": str(report.period), "type": report.type.value, "orgs": orgs}
    if report.type is PeriodType.YEAR:
        out["annual_quota"] = report.annual_quota
    out["publicity"] = [_record_json(r) for r in report.records]
    result: dict[str, Any] = plain(out)
    return result


# --------------------------------------------------------------------------- rows and table


def _columns(report: PublicityReport) -> list[str]:
    if report.type is PeriodType.MONTH:
        return [t("rank"), t("name"), *[i.name for i in report.items], t("points_month")]
    if report.type is PeriodType.QUARTER:
        return [t("rank"), t("name"), t("months"), t("points_quarter"), t("quarter_star")]
    return [t("rank"), t("name"), t("total"), t("stars"), t("grade"), t("annual_star")]


def _num(value: Decimal | None, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    if decimals is not None:
        return f"{value:.{decimals}f}"
    return str(value)


def _cells(report: PublicityReport, m: PublicityMember) -> list[str]:
    rank = "" if m.rank is None else str(m.rank)
    if report.type is PeriodType.MONTH:
        if m.items is None:
            return [rank, m.name, *["" for _ in report.items], t("no_score")]
        return [rank, m.name, *[str(v) for v in m.items], _num(m.points)]
    if report.type is PeriodType.QUARTER:
        return [rank, m.name, str(m.months), _num(m.points), "★" if m.quarter_star else ""]
    return [
        rank,
        m.name,
        _num(m.total, report.decimals),
        "" if m.stars is None else str(m.stars),
        label(m.grade, current_lang()) if m.grade else label("unrated", current_lang()),
        "★" if m.annual_star else "",
    ]


def _remark(report: PublicityReport, m: PublicityMember) -> str:
    parts = []
    if m.rating_reason:
        parts.append(t("rated", reason=m.rating_reason))
    if m.disputed:
        parts.append(t("disputed"))
    return "; ".join(parts) if current_lang() == "en" else "；".join(parts)


def publicity_rows(report: PublicityReport) -> tuple[list[str], list[list[Any]]]:
    header = [t("org"), t("member"), *_columns(report), t("remark")]
    rows: list[list[Any]] = []
    for o in report.orgs:
        for m in o.members:
            rows.append([o.name, m.id, *_cells(report, m), _remark(report, m)])
    return header, rows


def state_label(state: str) -> str:
    return t(state)


def render_publicity_table(report: PublicityReport, out: Console) -> None:
    """Per org a table that fits 80 columns (the month's items by number, with a legend),
    then the objections of the period's 公示 records."""
    if report.empty:
        out.print(t("empty", period=str(report.period)), width=text_width(out))
    if report.type is PeriodType.MONTH and report.orgs:
        pairs = [f"{n}={i.name}" for n, i in enumerate(report.items, start=1)]
        out.print(f"{t('items_legend')}:")
        for k in range(0, len(pairs), 5):  # five to a line: fits 80 columns
            out.print("  " + "  ".join(pairs[k : k + 5]), width=text_width(out))
    for o in report.orgs:
        title = _heading(report, o)
        if report.type is PeriodType.QUARTER:
            title += f"  ({t('quota', quota=o.quota)})"
        cols = _columns(report)
        if report.type is PeriodType.MONTH:
            cols = [cols[0], cols[1], *[str(n) for n in range(1, len(report.items) + 1)], cols[-1]]
        shown = [Col(c, "fixed" if i == 1 else "number") for i, c in enumerate(cols)] + [Col(t("remark"))]
        rows = [[*_cells(report, m), _remark(report, m)] for m in o.members]
        out.print()
        print_table(out, shown, rows, title=title)
    for r in report.records:
        out.print(f"{t('objections')} {r.id} ({r.start} – {r.end}): {t('objection_counts', **r.counts)}", width=text_width(out))
        for ob in r.objections:
            flags = [t("late")] if ob.late else []
            if ob.overdue:
                flags.append(t("overdue"))
            extra = f" [{', '.join(flags)}]" if flags else ""
            out.print(f"  {ob.id or '—'}  {ob.member_name}  {ob.received}  {state_label(ob.state)}{extra}", width=text_width(out))


def _heading(report: PublicityReport, o: PublicityOrg) -> str:
    p = report.period
    zh = current_lang() == "zh"
    if p.type is PeriodType.MONTH:
        return t("month_title", org=o.name, year=p.year, month=p.number)
    if p.type is PeriodType.QUARTER:
        return t("quarter_title", org=o.name, year=p.year, quarter=ZH_NUMBERS[p.number] if zh else p.number)
    return t("year_title", org=o.name, year=p.year)


# --------------------------------------------------------------------------- the page


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("pingyi", "render/html"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_publicity_html(report: PublicityReport, fingerprint: Mapping[str, Any] | None = None) -> str:
    """One self-contained page: a section per org (a page each on A4), or a notice that the
    period has nothing to publish; ``fingerprint`` (the commit and the digest of the files)
    says what it was computed from. Same report → same text."""
    lang = current_lang()
    sections = []
    for o in report.orgs:
        r = o.record
        sections.append(
            {
                "org": o,
                "heading": _heading(report, o),
                "columns": _columns(report),
                "rows": [{"cells": _cells(report, m), "remark": _remark(report, m), "disputed": m.disputed} for m in o.members],
                "quota": t("quota", quota=o.quota) if o.quota is not None else None,
                "record": r,
                "counts": t("objection_counts", **r.counts) if r is not None and r.objections else None,
                "date": r.start if r is not None else report.as_of,
            }
        )
    fp = fingerprint or {}
    finger = " · ".join(
        [t("commit", commit=fp["commit"]) if fp.get("commit") else t("no_git"), t("files", digest=fp.get("files") or "—")]
    )
    text = {k: gettext(v) for k, v in TEXT.items()}
    return str(
        _environment()
        .get_template("publicity.html.j2")
        .render(
            lang="zh-CN" if lang == "zh" else "en",
            title=t("page_title", workspace=report.workspace, period=str(report.period)),
            sections=sections,
            empty=t("empty", period=str(report.period)) if report.empty else None,
            how=t("how_to_object", days=report.reply_days),
            month=report.type is PeriodType.MONTH,
            text=text,
            fingerprint=finger,
            item_count=len(report.items),
        )
    )


@dataclass(frozen=True)
class PublicityOutput:
    """``pingyi publicity`` (:class:`~pingyi.report.Report`): a period's
    :class:`~pingyi.compute.publicity.PublicityReport` in every form; ``fingerprint``
    (the commit and the digest of the files) goes on the HTML page."""

    report: PublicityReport
    fingerprint: Mapping[str, Any] = field(default_factory=dict)
    title: str = N_("Public notice")

    @property
    def subtitle(self) -> str:
        return f"{self.report.workspace} {self.report.period}"

    def to_json(self) -> dict[str, Any]:
        return publicity_json(self.report)

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        return publicity_rows(self.report)

    def to_html(self) -> str:
        return render_publicity_html(self.report, self.fingerprint)

    def render_table(self, out: Console) -> None:
        render_publicity_table(self.report, out)
