"""The points documents of one year, by member: what the arithmetic needs (FORMAT §6–7).

:func:`build_index` reads the year's ``kind: scores``, ``evaluation``, ``adjustments`` and
``ratings`` documents of an indexed workspace once, up to the last month counted
(``through``), and files them by member. It computes nothing but exact sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from ...diagnostics import Loc
from ...model import AdjustmentPolicy, AdjustmentType, Level, ScoresDoc
from ...model.rules import DemocraticBlank
from ...workspace import Doc, Member, Workspace
from .arithmetic import ZERO, Value, column_sums, exact_sum


@dataclass(frozen=True, slots=True)
class MonthScores:
    """One month of a member's points card (积分卡): the item scores as written (None for
    a month without a score) and the org that scored them."""

    month: str
    values: Sequence[Value] | None
    org: str | None = None
    member: str | None = None
    doc: Loc | None = None
    """The ``kind: scores`` document the month comes from."""

    @property
    def total(self) -> int | Fraction | None:
        return None if self.values is None else exact_sum(self.values)

    @property
    def loc(self) -> Loc | None:
        """Where the member's row stands in the document."""
        return None if self.doc is None or self.member is None else self.doc.key("scores", self.member)


@dataclass(frozen=True, slots=True)
class MonthCard:
    """The months of a member's points card (积分卡): the documents that scored each month
    counted (``docs``, shared with the index), made into :class:`MonthScores` only when
    asked for (a county's score report needs the counts alone)."""

    member: str
    year: int
    through: int
    items: int
    docs: Mapping[int, Doc[ScoresDoc]]

    @property
    def scored(self) -> int:
        return len(self.docs)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f"{self.year}-{mon:02d}" for mon in range(1, self.through + 1) if mon not in self.docs)

    def scores(self) -> tuple[MonthScores, ...]:
        """Every month counted, with its scores (None for a month without)."""
        out = []
        for mon in range(1, self.through + 1):
            doc = self.docs.get(mon)
            month = f"{self.year}-{mon:02d}"
            if doc is None:
                out.append(MonthScores(month, None))
            else:
                values = _values(doc.model.scores[self.member], self.items)
                out.append(MonthScores(month, values, doc.model.org, self.member, doc.loc))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class DemocraticSource:
    """Where a member's democratic item scores D_i come from: the ballots of one org's
    evaluation (``ballots`` of ``ballots_total`` named the member) or its tally sheet
    (``averages``, with ``participants``). ``blank`` is the rules' ``democratic_blank``:
    under ``zero`` the divisor is ``ballots_total``."""

    org: str
    source: Literal["ballots", "averages"]
    ballots: int | None
    ballots_total: int | None
    participants: int | None
    loc: Loc
    blank: DemocraticBlank = DemocraticBlank.ABSTAIN

    @property
    def blanks(self) -> int:
        """Ballots returned that leave the member out."""
        if self.ballots is None or self.ballots_total is None:
            return 0
        return self.ballots_total - self.ballots


@dataclass(frozen=True, slots=True)
class AdjustmentLine:
    """An award or penalty (加减分) and whether it counted. ``points`` is the rules'
    points for its type and level (None when the rules give none: an error elsewhere);
    ``signed`` is what it adds to the total when it counts."""

    type: AdjustmentType
    level: Level
    points: Fraction | None
    counted: bool
    date: dt.date | None
    note: str | None
    loc: Loc

    @property
    def signed(self) -> Fraction:
        if self.points is None:
            return ZERO
        return self.points if self.type is AdjustmentType.AWARD else -self.points

    def marked(self, counted: bool) -> AdjustmentLine:
        return AdjustmentLine(self.type, self.level, self.points, counted, self.date, self.note, self.loc)


@dataclass(frozen=True, slots=True)
class Rating:
    """The branch's own decision on a member's stars (党支部评定)."""

    stars: int
    reason: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Evaluated:
    """One evaluation that names a member: its org, where D_i comes from, the member's
    rows (their ballots, or the tally sheet's averages as one row) and the divisor."""

    org: str
    source: DemocraticSource
    rows: list[Sequence[Value]]
    count: int

    @property
    def sums(self) -> tuple[Value | Fraction, ...]:
        """Σ of each item over the rows (summed when asked: the year-end warnings never ask)."""
        return column_sums(self.rows, len(self.rows[0])) if len(self.rows) != 1 else tuple(self.rows[0])


@dataclass
class Index:
    """The points documents of one year (up to month ``through``), by member."""

    year: int
    through: int
    #: member → month → the ``kind: scores`` document that scored it (first come)
    months: dict[str, dict[int, Doc[ScoresDoc]]] = field(default_factory=dict)
    evaluations: dict[str, list[Evaluated]] = field(default_factory=dict)
    adjustments: dict[str, list[AdjustmentLine]] = field(default_factory=dict)
    ratings: dict[str, Rating] = field(default_factory=dict)
    #: month → the orgs that sent a ``kind: scores`` document for it
    org_months: dict[int, set[str]] = field(default_factory=dict)
    any_scores: bool = False
    any_evaluation: bool = False

    def months_of(self, member: str, n: int) -> MonthCard:
        """The member's months counted (an exempt member's: none)."""
        return MonthCard(member, self.year, self.through, n, self.months.get(member, {}))

    def month_rows(self, member: str, n: int) -> list[Sequence[Value]]:
        """The member's score rows of the months counted."""
        return [_values(doc.model.scores[member], n) for doc in self.months.get(member, {}).values()]

    def democratic(self, member: Member) -> tuple[Evaluated | None, tuple[str, ...]]:
        """The evaluation that gives the member's D_i: their own org's when it names them,
        else the first (in file order) that does; and the orgs of every evaluation naming
        them."""
        found = self.evaluations.get(member.id)
        if not found:
            return None, ()
        chosen = next((f for f in found if f.org == member.org), found[0])
        return chosen, tuple(f.org for f in found)


def _values(raw: list[Value], n: int) -> Sequence[Value]:
    """Exactly ``n`` item scores: extra ones dropped, missing ones 0 (both are errors that
    ``pingyi check`` reports; computing never fails on them). The list as read when it
    has ``n`` (it is not changed: no copy at county scale)."""
    if len(raw) == n:
        return raw
    return list(raw[:n]) + [0] * (n - len(raw))


def build_index(ws: Workspace, year: int, through: int = 12, only: frozenset[str] | None = None) -> Index:
    """What the arithmetic needs, by member: the year's months up to ``through``, the
    evaluations, adjustments and ratings (of the ``only`` members, when given)."""
    rules = ws.rules
    n = rules.item_count
    idx = Index(year, through)
    prefix = f"{year}-"
    for doc in ws.scores:
        month = doc.model.month
        if not month.startswith(prefix):
            continue
        idx.any_scores = True
        mon = int(month[len(prefix) :])
        if mon > through:
            continue
        org = doc.model.org
        idx.org_months.setdefault(mon, set()).add(org)
        months = idx.months
        for member in doc.model.scores if only is None else [m for m in doc.model.scores if m in only]:
            per_member = months.get(member)
            if per_member is None:
                months[member] = {mon: doc}
            elif mon not in per_member:  # a month scored twice is an error; the first counts
                per_member[mon] = doc
    blank = rules.democratic_blank
    seen_orgs: set[str] = set()
    for edoc in ws.evaluations:
        ev = edoc.model
        if ev.year != year or ev.org in seen_orgs:
            continue
        seen_orgs.add(ev.org)
        idx.any_evaluation = True
        if ev.ballots is not None:
            rows: dict[str, list[Sequence[Value]]] = {}
            for ballot in ev.ballots:
                for member, raw in ballot.items():
                    if only is not None and member not in only:
                        continue
                    have = rows.get(member)
                    if have is None:
                        have = rows[member] = []
                    have.append(raw if len(raw) == n else _values(raw, n))
            returned = len(ev.ballots)
            for member, member_rows in rows.items():
                src = DemocraticSource(ev.org, "ballots", len(member_rows), returned, ev.participants, edoc.loc, blank)
                count = returned if blank is DemocraticBlank.ZERO else len(member_rows)
                idx.evaluations.setdefault(member, []).append(Evaluated(ev.org, src, member_rows, count))
        elif ev.averages is not None:
            for member, raw in ev.averages.items():
                if only is not None and member not in only:
                    continue
                src = DemocraticSource(ev.org, "averages", None, None, ev.participants, edoc.loc, blank)
                idx.evaluations.setdefault(member, []).append(Evaluated(ev.org, src, [_values(raw, n)], 1))
    for adoc in ws.adjustments:
        if adoc.model.year != year:
            continue
        for i, item in enumerate(adoc.model.items):
            if only is not None and item.member not in only:
                continue
            points = rules.points(item.type, item.level)
            line = AdjustmentLine(
                item.type,
                item.level,
                None if points is None else Fraction(points),
                False,
                item.date,
                item.note,
                adoc.loc.at("items", i),
            )
            idx.adjustments.setdefault(item.member, []).append(line)
    for rdoc in ws.ratings:
        if rdoc.model.year != year:
            continue
        for i, r in enumerate(rdoc.model.items):
            if rules.band_for_stars(r.stars) is None:
                continue  # only under a what-if scheme (--rules); `pingyi check` says so
            if r.member not in idx.ratings:  # a second rating is an error; the first counts
                idx.ratings[r.member] = Rating(r.stars, r.reason, rdoc.loc.at("items", i))
    return idx


def adjust(lines: Iterable[AdjustmentLine], policy: AdjustmentPolicy) -> tuple[Fraction, tuple[AdjustmentLine, ...]]:
    """The adjustment and the lines marked with whether they counted.

    ``highest``: the highest award counts once, and the highest penalty (discipline and
    criticism together) once; nothing accumulates (不能累计). Of equal points the first
    listed counts. ``sum``: every line counts."""
    lines = list(lines)
    if policy is AdjustmentPolicy.SUM:
        marked = tuple(line.marked(line.points is not None) for line in lines)
        return sum((line.signed for line in marked), ZERO), marked
    best: dict[bool, tuple[int, Fraction]] = {}
    for k, line in enumerate(lines):
        if line.points is None:
            continue
        award = line.type is AdjustmentType.AWARD
        if award not in best or line.points > best[award][1]:
            best[award] = (k, line.points)
    counted = {k for k, _ in best.values()}
    marked = tuple(line.marked(k in counted) for k, line in enumerate(lines))
    return sum((line.signed for line in marked if line.counted), ZERO), marked


__all__ = [
    "AdjustmentLine",
    "DemocraticSource",
    "Evaluated",
    "Index",
    "MonthCard",
    "MonthScores",
    "Rating",
    "adjust",
    "build_index",
]
