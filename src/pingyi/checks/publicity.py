"""Checks of the 公示 records and their objections (FORMAT §13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, Term, error, note, warning
from ..model import PublicityDoc
from ..model.publicity import Period, PeriodType
from ..workspace import Doc, Workspace
from .common import seen_before


def check_publicity(ws: Workspace) -> Iterator[Diagnostic]:
    """Errors: a window that ends before it starts, unknown members, items and orgs, a
    disputed month outside the period, an outcome without its reply, a reply before the
    objection. Warnings: a window opened before the period is over, late objections,
    objections left unanswered beyond ``publicity.reply_days``."""
    first: dict[str, Loc] = {}
    items = [i.id for i in ws.rules.items]
    limit = ws.rules.publicity.reply_days
    today = ws.today
    for doc in ws.publicity:
        pub = doc.model
        if (earlier := seen_before(first, pub.id, doc.loc.at("id"))) is not None:
            yield error("publicity-duplicate-id", doc.loc.at("id"), id=pub.id, notes=[note(earlier, "publicity-first-used")])
        if pub.end < pub.start:
            yield error("publicity-dates", doc.loc.at("end"), start=pub.start, end=pub.end)
        if pub.org is not None and pub.org not in ws.orgs:
            code = "publicity-org-is-member" if pub.org in ws.members else "publicity-unknown-org"
            yield error("publicity-unknown-org", doc.loc.at("org"), key=code, org=pub.org)
        period = pub.period_value
        if pub.start <= period.last_day:
            yield warning("publicity-early", doc.loc.at("start"), start=pub.start, period=pub.period, last=period.last_day)
        yield from _objections(ws, doc, period, items, limit, today)


def _objections(
    ws: Workspace, doc: Doc[PublicityDoc], period: Period, items: list[str], limit: int, today: dt.date
) -> Iterator[Diagnostic]:
    pub = doc.model
    seen: set[str] = set()
    months = set(period.months)
    for i, obj in enumerate(pub.objections):
        loc = doc.loc.at("objections", i)
        if obj.id is not None:
            if obj.id in seen:
                yield error("objection-duplicate-id", loc.at("id"), id=obj.id)
            seen.add(obj.id)
        if obj.member not in ws.members:
            yield error("objection-unknown-member", loc.at("member"), member=obj.member)
        if obj.by is not None and obj.by not in ws.members:
            yield error("objection-unknown-by", loc.at("by"), by=obj.by)
        if obj.item is not None and obj.item not in items:
            yield error("objection-unknown-item", loc.at("item"), item=obj.item, items=items)
        if obj.month is not None and obj.month not in months:
            yield error("objection-month-outside", loc.at("month"), month=obj.month, period=pub.period)
        if obj.outcome is not None and (obj.reply is None or obj.replied is None):
            missing = [k for k, v in (("reply", obj.reply), ("replied", obj.replied)) if v is None]
            yield error(
                "objection-outcome-without-reply",
                loc.at("outcome"),
                outcome=Term(obj.outcome.value),
                missing=[f"`{m}`" for m in missing],
            )
        if obj.replied is not None and obj.replied < obj.received:
            yield error("objection-replied-before-received", loc.at("replied"), replied=obj.replied, received=obj.received)
        if not pub.start <= obj.received <= pub.end:
            yield warning("objection-late", loc.at("received"), received=obj.received, start=pub.start, end=pub.end)
        if obj.outcome is None and (today - obj.received).days > limit:
            yield warning(
                "objection-overdue",
                loc.key("received"),
                received=obj.received,
                limit=limit,
                due=obj.received + dt.timedelta(days=limit),
            )


def check_published(ws: Workspace) -> Iterator[Diagnostic]:
    """A period that the rules require to be published (``publicity.required``), that is
    over and has scores, but that no 公示 record covers: a warning at the first scores
    document of that period, per org. Only in a workspace that keeps 公示 records at all."""
    if not ws.publicity:
        return
    from ..compute.publicity import covering_docs

    required = {PeriodType(r) for r in ws.rules.publicity.required}
    if not required:
        return
    today = ws.today
    first_doc: dict[tuple[str, str], Loc] = {}  # (org, period) → the first scores document
    for doc in ws.scores:
        model = doc.model
        y, m = (int(p) for p in model.month.split("-"))
        for ptype in required:
            period = Period(y, ptype, m if ptype is PeriodType.MONTH else (m + 2) // 3 if ptype is PeriodType.QUARTER else 0)
            if period.last_day >= today:
                continue
            first_doc.setdefault((model.org, str(period)), doc.loc.at("month"))
    for (org, period_text), loc in first_doc.items():
        if org not in ws.orgs:
            continue
        if not covering_docs(ws, Period.parse(period_text), org):
            yield warning("publicity-missing", loc, org=ws.orgs[org].name, period=period_text)


CHECKS = [check_publicity, check_published]
