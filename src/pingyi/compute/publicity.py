"""公示 listings (FORMAT §13): what is published for a month, a quarter or a year, and the
objections of the matching ``kind: publicity`` records with their state.

* a month: per org, each member's item scores of that month, their sum (the month's
  points) and the rank within the org; a member without a score that month is listed so;
* a quarter: the quarter points of :mod:`pingyi.compute.honours` (the sum of the item
  scores over the three months), the rank, whether named 季度之星, and the quota;
* a year: the total, stars and grade of :mod:`pingyi.compute.score`, and 年度之星.

The numbers are taken from those modules, so a listing agrees with ``pingyi score`` and
``pingyi honours`` by construction. No sentence is written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..diagnostics import Loc
from ..model import MemberStatus, PublicityDoc
from ..model.publicity import Period, PeriodType
from ..workspace import Doc, Workspace
from .honours import compute_annual, compute_quarter, member_orgs
from .score import ScoreItem, Value, compute_score, exact_sum, quiet_gc, rank

STATES = ("pending", "upheld", "partly", "rejected")


@dataclass(frozen=True, slots=True)
class ObjectionState:
    """An objection and its state: ``pending`` or the outcome; ``late`` when received
    outside the window; ``overdue`` when pending longer than ``publicity.reply_days``."""

    id: str | None
    member: str
    member_name: str
    month: str | None
    item: str | None
    by: str | None
    received: dt.date
    text: str | None
    reply: str | None
    replied: dt.date | None
    state: str
    late: bool
    overdue: bool


@dataclass(frozen=True, slots=True)
class PublicityRecord:
    """One ``kind: publicity`` document of the period."""

    id: str
    org: str | None
    org_name: str | None
    period: str
    start: dt.date
    end: dt.date
    place: str | None
    contact: str | None
    objections: tuple[ObjectionState, ...]
    loc: Loc

    @property
    def counts(self) -> dict[str, int]:
        out = {"total": len(self.objections)}
        for state in STATES:
            out[state] = sum(1 for o in self.objections if o.state == state)
        out["late"] = sum(1 for o in self.objections if o.late)
        out["overdue"] = sum(1 for o in self.objections if o.overdue)
        return out


@dataclass(frozen=True, slots=True)
class PublicityMember:
    """A member's published result. Month: ``items``, ``points``, ``rank``; quarter:
    ``points``, ``months``, ``rank``, ``quarter_star``; year: ``total``, ``stars``,
    ``grade``, ``rank``, ``annual_star``, ``rating_reason``."""

    id: str
    name: str
    status: MemberStatus
    items: tuple[Value, ...] | None = None
    points: Decimal | None = None
    rank: int | None = None
    months: int | None = None
    quarter_star: bool | None = None
    total: Decimal | None = None
    stars: int | None = None
    grade: str | None = None
    annual_star: bool | None = None
    rating_reason: str | None = None
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class PublicityOrg:
    id: str
    name: str
    members: tuple[PublicityMember, ...]
    quota: int | None = None
    record: PublicityRecord | None = None
    """The 公示 record that covers this org (the nearest: its own, else an ancestor's)."""


@dataclass(frozen=True)
class PublicityReport:
    """What is published for one period (shown by
    :class:`pingyi.render.publicity.PublicityOutput`)."""

    period: Period
    org: str | None
    as_of: dt.date
    workspace: str
    items: tuple[ScoreItem, ...]
    decimals: int
    orgs: tuple[PublicityOrg, ...]
    records: tuple[PublicityRecord, ...]
    annual_quota: int | None = None
    reply_days: int = 10

    @property
    def type(self) -> PeriodType:
        return self.period.type

    @property
    def empty(self) -> bool:
        return not self.orgs


def covers(ws: Workspace, doc_org: str | None, org: str) -> bool:
    """Whether a record published for ``doc_org`` (None: every root) covers ``org``."""
    return doc_org is None or doc_org == org or doc_org in ws.ancestors(org)


def covering_docs(ws: Workspace, period: Period, org: str) -> list[Doc[PublicityDoc]]:
    """The records of ``period`` that cover ``org``, nearest first (its own, then its
    ancestors', then those of every root)."""
    text = str(period)
    found = [d for d in ws.publicity if d.model.period == text and covers(ws, d.model.org, org)]
    depth = {o: i for i, o in enumerate([org, *ws.ancestors(org)])}
    return sorted(found, key=lambda d: depth.get(d.model.org, len(depth)) if d.model.org is not None else len(depth) + 1)


def objection_state(ws: Workspace, pub: PublicityDoc, index: int, as_of: dt.date) -> ObjectionState:
    obj = pub.objections[index]
    overdue = obj.outcome is None and (as_of - obj.received).days > ws.rules.publicity.reply_days
    return ObjectionState(
        obj.id,
        obj.member,
        ws.name_of(obj.member),
        obj.month,
        obj.item,
        obj.by if obj.by is not None else obj.by_name,
        obj.received,
        obj.text,
        obj.reply,
        obj.replied,
        obj.state,
        not pub.start <= obj.received <= pub.end,
        overdue,
    )


def record(ws: Workspace, doc: Doc[PublicityDoc], as_of: dt.date) -> PublicityRecord:
    pub = doc.model
    return PublicityRecord(
        pub.id,
        pub.org,
        ws.orgs[pub.org].name if pub.org in ws.orgs else None,
        pub.period,
        pub.start,
        pub.end,
        pub.place,
        pub.contact,
        tuple(objection_state(ws, pub, i, as_of) for i in range(len(pub.objections))),
        doc.loc,
    )


def pending_objections(ws: Workspace, year: int, member: str | None = None) -> list[ObjectionState]:
    """The objections still pending on the results of ``year`` (its ``period: YEAR``
    公示 records), of one ``member`` when given: what makes a year result disputed."""
    text = str(Period(year, PeriodType.YEAR))
    out: list[ObjectionState] = []
    for doc in ws.publicity:
        if doc.model.period != text:
            continue
        for i, obj in enumerate(doc.model.objections):
            if obj.outcome is None and (member is None or obj.member == member):
                out.append(objection_state(ws, doc.model, i, ws.today))
    return out


def disputed_members(ws: Workspace, year: int) -> frozenset[str]:
    """Members whose year result has a pending objection (FORMAT §13 ``disputed``)."""
    return frozenset(o.member for o in pending_objections(ws, year))


def _scope(ws: Workspace, org: str | None) -> list[str]:
    """Orgs in tree order, ``org``'s subtree when given."""
    order = ws.orgs_in_order()
    if org is None:
        return order
    inside = set(ws.subtree(org))
    return [o for o in order if o in inside]


def compute_publicity(ws: Workspace, period: Period | str, *, org: str | None = None) -> PublicityReport:
    """The listing of ``period`` (of ``org``'s subtree when given) and the objections of
    its 公示 records, judged as of the workspace's as-of date. Raises
    :class:`~pingyi.selection.SelectionError` for an unknown org and ``ValueError`` for a
    period that is none of the three forms."""
    if isinstance(period, str):
        period = Period.parse(period)
    if org is not None:
        from ..selection import resolve_org

        org = resolve_org(ws, org)
    as_of = ws.today
    with quiet_gc():
        scope = _scope(ws, org)
        inside = set(scope)
        docs = [
            d
            for d in ws.publicity
            if d.model.period == str(period)
            and (org is None or d.model.org is None or d.model.org in inside or d.model.org in ws.ancestors(org))
        ]
        records = {d.model.id: record(ws, d, as_of) for d in docs}
        disputed = {o.member for r in records.values() for o in r.objections if o.state == "pending"}

        def nearest(o: str) -> PublicityRecord | None:
            found = covering_docs(ws, period, o)
            return records.get(found[0].model.id) if found else None

        annual_quota = None
        if period.type is PeriodType.MONTH:
            orgs = _month(ws, period, scope, disputed, nearest)
        elif period.type is PeriodType.QUARTER:
            orgs = _quarter(ws, period, scope, disputed, nearest)
        else:
            orgs, annual_quota = _year(ws, period, org, disputed, nearest)
    return PublicityReport(
        period=period,
        org=org,
        as_of=as_of,
        workspace=ws.name,
        items=tuple(ScoreItem(i.id, i.name) for i in ws.rules.items),
        decimals=ws.rules.decimals,
        orgs=tuple(orgs),
        records=tuple(records.values()),
        annual_quota=annual_quota,
        reply_days=ws.rules.publicity.reply_days,
    )


def _month(ws: Workspace, period: Period, scope: list[str], disputed: set[str], nearest: Any) -> list[PublicityOrg]:
    month = period.months[0]
    n = ws.rules.item_count
    values: dict[str, tuple[Value, ...]] = {}
    scored_in: dict[str, str] = {}
    for doc in ws.scores:
        if doc.model.month != month:
            continue
        for member, row in doc.model.scores.items():
            if member not in values:  # a month scored twice counts once (the first), as elsewhere
                values[member] = tuple(row[:n])
                scored_in[member] = doc.model.org
    inside = set(scope)
    if not any(scored_in[m] in inside or (m in ws.members and ws.members[m].org in inside) for m in values):
        return []
    out: list[PublicityOrg] = []
    for o in scope:
        members = [ws.members[m] for m in ws.orgs[o].members if m in ws.members and ws.members[m].org == o]
        listed = [m for m in members if m.scored or m.id in values]
        if not listed:
            continue
        points = {m.id: _dec(values[m.id]) if m.id in values else None for m in listed}
        ranks = rank((k, v) for k, v in points.items() if v is not None)
        listed.sort(key=lambda m: ranks.get(m.id, len(listed) + 1))  # by rank; roster order within a rank
        out.append(
            PublicityOrg(
                o,
                ws.orgs[o].name,
                tuple(
                    PublicityMember(
                        m.id,
                        m.name,
                        m.status,
                        items=values.get(m.id),
                        points=points[m.id],
                        rank=ranks.get(m.id),
                        disputed=m.id in disputed,
                    )
                    for m in listed
                ),
                record=nearest(o),
            )
        )
    return out


def _dec(values: tuple[Value, ...]) -> Decimal:
    from .honours import _decimal

    return _decimal(exact_sum(values))


def _quarter(ws: Workspace, period: Period, scope: list[str], disputed: set[str], nearest: Any) -> list[PublicityOrg]:
    wanted = set(period.months)
    if not any(d.model.month in wanted for d in ws.scores):
        return []
    inside = set(scope)
    cache: dict = {}
    out: list[PublicityOrg] = []
    for o in member_orgs(ws):
        if o not in inside:
            continue
        q = compute_quarter(ws, period.year, period.number, o, _cache=cache)
        out.append(
            PublicityOrg(
                o,
                q.org_name,
                tuple(
                    PublicityMember(
                        c.id,
                        c.name,
                        ws.members[c.id].status,
                        points=c.points,
                        months=c.months,
                        rank=c.rank,
                        quarter_star=c.named,
                        disputed=c.id in disputed,
                    )
                    for c in q.candidates
                ),
                quota=q.quota,
                record=nearest(o),
            )
        )
    return out


def _year(
    ws: Workspace, period: Period, org: str | None, disputed: set[str], nearest: Any
) -> tuple[list[PublicityOrg], int | None]:
    year = period.year
    months = set(period.months)
    if not any(d.model.month in months for d in ws.scores) and not any(d.model.year == year for d in ws.ratings):
        return [], None
    report = compute_score(ws, year=year, org=org)
    annual = compute_annual(ws, year)
    named = {n.member for n in annual.named}
    out: list[PublicityOrg] = []
    for o, members in report.by_org():
        members = sorted(members, key=lambda s: s.rank if s.rank is not None else len(members) + 1)  # by rank, as posted
        out.append(
            PublicityOrg(
                o,
                ws.orgs[o].name if o in ws.orgs else o,
                tuple(
                    PublicityMember(
                        s.id,
                        s.name,
                        s.status,
                        total=s.total,
                        stars=s.stars,
                        grade=s.grade.value if s.grade is not None else None,
                        rank=s.rank,
                        annual_star=s.id in named,
                        rating_reason=s.rating_reason,
                        disputed=s.id in disputed,
                    )
                    for s in members
                ),
                record=nearest(o),
            )
        )
    return out, annual.quota


__all__ = [
    "ObjectionState",
    "PublicityMember",
    "PublicityOrg",
    "PublicityRecord",
    "PublicityReport",
    "compute_publicity",
    "covering_docs",
]
