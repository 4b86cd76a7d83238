"""Points and stars at year end (年终总评, 评星定格): FORMAT §6–7.

:func:`compute_score` turns a :class:`~pingyi.workspace.Workspace` into a
:class:`ScoreReport`. Everything is computed with :class:`fractions.Fraction` (never
binary floating point) and kept exact; every reported number is rounded **once**, half-up,
from its exact value to ``rules.decimals``, and the stars are decided on the rounded total
(an exact 94.995 is reported as 95.00 and earns ten stars).

For member m and item i, with M the months of the year in which m has a score (whichever
org scored them, so a transfer keeps its months):

* A_i = Σ_{M} score_i / divisor (12, or |M| with ``average_over: scored_months``)
* D_i = Σ ballots naming m / number of such ballots, or the tally sheet's average; 0 with a
  warning when m has no democratic evaluation that year
* I_i = A_i × w.monthly + D_i × w.democratic
* base = Σ A_i × w.monthly, democratic = Σ D_i × w.democratic
* adjustment = highest award − highest of discipline and criticism (``highest``: 不能累计),
  or all awards − all penalties (``sum``)
* total = Σ I_i + adjustment

The result objects carry the exact values too, so that ``pingyi explain`` shows the same
numbers the score report was built from.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Literal

from ..diagnostics import Loc
from ..model import AdjustmentPolicy, AdjustmentType, AverageOver, Grade, Level, MemberStatus, Rules, StarBand
from ..workspace import Member, Workspace

ZERO = Fraction(0)


# --------------------------------------------------------------------------- numbers

Value = int | Decimal
"""A score as read: a whole number as ``int``, anything else as an exact ``Decimal``."""


def round_half_up(value: Fraction | Decimal | int, decimals: int) -> Decimal:
    """Round an exact value once, half away from zero (四舍五入), to ``decimals`` places.

    ``round_half_up(Fraction("94.995"), 2) == Decimal("95.00")``."""
    value = Fraction(value)
    return _round(value.numerator, value.denominator, decimals)


def _round(numerator: int, denominator: int, decimals: int) -> Decimal:
    """numerator / denominator (denominator > 0) rounded half-up to ``decimals`` places,
    in integer arithmetic."""
    q, r = divmod(abs(numerator) * 10**decimals, denominator)
    if 2 * r >= denominator:
        q += 1
    digits = str(q)
    if decimals:
        digits = digits.rjust(decimals + 1, "0")
        digits = f"{digits[:-decimals]}.{digits[-decimals:]}"
    return Decimal(f"-{digits}" if numerator < 0 and q else digits)


def exact_sum(values: Iterable[Value | Fraction]) -> int | Fraction:
    """The exact sum: an ``int`` when every value is one, else a ``Fraction`` (a Decimal
    sum would round once it has more digits than the context's precision)."""
    values = tuple(values)
    total = sum(values)  # type: ignore[arg-type]
    if type(total) is int:  # every value was an int: the sum is exact
        return total
    return sum((Fraction(v) for v in values), ZERO)


def exact_text(value: Fraction | Value, places: int = 8) -> str:
    """An exact value as a decimal: all its digits when it terminates (94.995), else the
    first ``places`` decimals followed by an ellipsis (94.41666666…)."""
    value = Fraction(value)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    if den == 1:
        digits = ""
        while rest:
            rest *= 10
            d, rest = divmod(rest, value.denominator)
            digits += str(d)
        return f"{sign}{whole}" + (f".{digits}" if digits else "")
    truncated = (rest * 10**places) // value.denominator
    return f"{sign}{whole}.{truncated:0{places}d}…"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """One scored item (评星定格项目) of the rules."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class MonthScores:
    """One month of a member's points card (积分卡): the item scores as written (None for
    a month without a score) and the org that scored them."""

    month: str
    values: tuple[Value, ...] | None
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
class DemocraticSource:
    """Where a member's democratic item scores D_i come from: the ballots of one org's
    evaluation (``ballots`` of ``ballots_total`` named the member) or its tally sheet
    (``averages``, with ``participants``)."""

    org: str
    source: Literal["ballots", "averages"]
    ballots: int | None
    ballots_total: int | None
    participants: int | None
    loc: Loc


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


@dataclass(frozen=True, slots=True)
class Rating:
    """The branch's own decision on a member's stars (党支部评定)."""

    stars: int
    reason: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class MemberScore:
    """A member's year-end points and stars.

    For a member who is scored (active, flowing, probationary) every number is given,
    rounded to ``rules.decimals`` (``items``, ``base``, ``democratic``, ``adjustment``,
    ``total``) and exact (``monthly`` A_i, ``democratic_items`` D_i, ``items_exact`` I_i,
    ``base_exact`` … ``total_exact``, as Fractions, worked out when asked for). For an exempt
    member (免于积分) the numbers are None and only a rating, if any, gives stars. ``band``
    is the band of the rounded total, ``computed_stars`` its stars; ``stars`` and ``grade``
    are the final result (a rating's, when rated). Probationary members get no stars or
    grade when the rules say ``grade_probationary: false`` (unless rated).
    """

    id: str
    name: str
    org: str
    status: MemberStatus
    scored: bool
    months: int
    month_scores: tuple[MonthScores, ...]
    divisor: int | None
    sums: tuple[int | Fraction, ...] | None
    """Σ over the scored months of each item."""
    democratic_sums: tuple[Value | Fraction, ...] | None
    """Σ over the ballots naming the member of each item (the averages themselves for a
    tally sheet); divided by ``democratic_count`` this is D_i."""
    democratic_count: int
    democratic_source: DemocraticSource | None
    weights: tuple[Fraction, Fraction]
    adjustments: tuple[AdjustmentLine, ...]
    adjustment_exact: Fraction | None
    items: tuple[Decimal, ...] | None
    base: Decimal | None
    democratic: Decimal | None
    adjustment: Decimal | None
    total: Decimal | None
    band: StarBand | None
    computed_stars: int | None
    stars: int | None
    grade: Grade | None
    rating: Rating | None
    rank: int | None = None
    ranked: int = 0
    loc: Loc | None = None

    # exact values, on demand (the score report itself only needs the rounded ones)

    @property
    def monthly(self) -> tuple[Fraction, ...] | None:
        """A_i = Σ item i over the scored months / divisor."""
        if self.sums is None:
            return None
        return tuple(Fraction(s) / self.divisor if self.divisor else ZERO for s in self.sums)

    @property
    def democratic_items(self) -> tuple[Fraction, ...] | None:
        """D_i: the democratic evaluation's average of item i (0 without one)."""
        if self.democratic_sums is None:
            return None
        n = self.democratic_count
        return tuple(Fraction(t) / n if n else ZERO for t in self.democratic_sums)

    @property
    def items_exact(self) -> tuple[Fraction, ...] | None:
        """I_i = A_i × w.monthly + D_i × w.democratic."""
        a, d = self.monthly, self.democratic_items
        if a is None or d is None:
            return None
        wm, wd = self.weights
        return tuple(x * wm + y * wd for x, y in zip(a, d))

    @property
    def base_exact(self) -> Fraction | None:
        a = self.monthly
        return None if a is None else sum(a, ZERO) * self.weights[0]

    @property
    def democratic_exact(self) -> Fraction | None:
        d = self.democratic_items
        return None if d is None else sum(d, ZERO) * self.weights[1]

    @property
    def total_exact(self) -> Fraction | None:
        items = self.items_exact
        if items is None:
            return None
        return sum(items, ZERO) + (self.adjustment_exact or ZERO)

    @property
    def rating_reason(self) -> str | None:
        return self.rating.reason if self.rating else None

    @property
    def missing_months(self) -> tuple[str, ...]:
        return tuple(m.month for m in self.month_scores if m.values is None)

    @property
    def rated(self) -> bool:
        return self.rating is not None

    @property
    def unrated(self) -> bool:
        """Given no stars at all (an exempt member without a rating, or a probationary
        member when the rules do not grade them)."""
        return self.stars is None


@dataclass(frozen=True, slots=True)
class ScoreWarning:
    """A year-end warning, as data: ``missing-months``, ``no-evaluation``,
    ``no-evaluations`` (none at all for the year; ``member`` is None),
    ``exempt-unrated``, ``several-evaluations``."""

    code: str
    member: str | None
    message: str
    months: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    org: str | None = None


@dataclass(frozen=True)
class ScoreReport:
    """The year-end points of the reported members, and the distribution of their stars
    and grades (unrated members excluded; ``unrated`` counts them)."""

    year: int
    items: tuple[ScoreItem, ...]
    decimals: int
    weights: tuple[Fraction, Fraction]
    average_over: AverageOver
    adjustment_policy: AdjustmentPolicy
    members: tuple[MemberScore, ...]
    stars: dict[str, int]
    grades: dict[str, int]
    unrated: int
    warnings: tuple[ScoreWarning, ...] = ()
    org: str | None = None
    member: str | None = None
    bands: tuple[StarBand, ...] = field(default=())
    workspace: str = ""
    org_names: dict[str, str] = field(default_factory=dict)

    def by_org(self) -> list[tuple[str, list[MemberScore]]]:
        """The members grouped by org, in report order."""
        groups: dict[str, list[MemberScore]] = {}
        for m in self.members:
            groups.setdefault(m.org, []).append(m)
        return list(groups.items())

    def get(self, member: str) -> MemberScore | None:
        """The reported member with this id, or None."""
        return self._by_id.get(member)

    @cached_property
    def _by_id(self) -> dict[str, MemberScore]:
        return {m.id: m for m in self.members}


# --------------------------------------------------------------------------- indexes


@dataclass
class _Index:
    """The points documents of one year, by member."""

    months: dict[str, dict[int, MonthScores]] = field(default_factory=dict)
    evaluations: dict[str, list[tuple[str, DemocraticSource, tuple[Value | Fraction, ...], int]]] = field(default_factory=dict)
    adjustments: dict[str, list[AdjustmentLine]] = field(default_factory=dict)
    ratings: dict[str, Rating] = field(default_factory=dict)
    any_scores: bool = False
    any_evaluation: bool = False


def _values(raw: list[Value], n: int) -> tuple[Value, ...]:
    """Exactly ``n`` item scores: extra ones dropped, missing ones 0 (both are errors that
    ``pingyi check`` reports; computing never fails on them)."""
    if len(raw) == n:
        return tuple(raw)
    return tuple(raw[:n]) + (0,) * (n - len(raw))


def _column_sums(rows: list[tuple[Value, ...]], n: int) -> tuple[int | Fraction, ...]:
    """Σ of each item over the rows, exactly."""
    if not rows:
        return (0,) * n
    return tuple(exact_sum(col) for col in zip(*rows))


def _index(ws: Workspace, year: int, only: frozenset[str] | None = None) -> _Index:
    """What the arithmetic needs, by member: the year's months, evaluations, adjustments
    and ratings (of the ``only`` members, when given)."""
    rules = ws.rules
    n = rules.item_count
    idx = _Index()
    prefix = f"{year}-"
    for doc in ws.scores:
        month = doc.model.month
        if not month.startswith(prefix):
            continue
        idx.any_scores = True
        mon = int(month[len(prefix):])
        org = doc.model.org
        for member, raw in doc.model.scores.items():
            if only is not None and member not in only:
                continue
            per_member = idx.months.get(member)
            if per_member is None:
                per_member = idx.months[member] = {}
            if mon not in per_member:  # a month scored twice is an error; the first counts
                per_member[mon] = MonthScores(month, _values(raw, n), org, member, doc.loc)
    seen_orgs: set[str] = set()
    for doc in ws.evaluations:
        ev = doc.model
        if ev.year != year or ev.org in seen_orgs:
            continue
        seen_orgs.add(ev.org)
        idx.any_evaluation = True
        if ev.ballots is not None:
            rows: dict[str, list[tuple[Value, ...]]] = {}
            for ballot in ev.ballots:
                for member, raw in ballot.items():
                    if only is not None and member not in only:
                        continue
                    rows.setdefault(member, []).append(_values(raw, n))
            for member, member_rows in rows.items():
                src = DemocraticSource(ev.org, "ballots", len(member_rows), len(ev.ballots), ev.participants, doc.loc)
                idx.evaluations.setdefault(member, []).append((ev.org, src, _column_sums(member_rows, n), len(member_rows)))
        elif ev.averages is not None:
            for member, raw in ev.averages.items():
                if only is not None and member not in only:
                    continue
                src = DemocraticSource(ev.org, "averages", None, None, ev.participants, doc.loc)
                idx.evaluations.setdefault(member, []).append((ev.org, src, _values(raw, n), 1))
    for doc in ws.adjustments:
        if doc.model.year != year:
            continue
        for i, item in enumerate(doc.model.items):
            points = rules.points(item.type, item.level)
            line = AdjustmentLine(
                item.type,
                item.level,
                None if points is None else Fraction(points),
                False,
                item.date,
                item.note,
                doc.loc.at("items", i),
            )
            idx.adjustments.setdefault(item.member, []).append(line)
    for doc in ws.ratings:
        if doc.model.year != year:
            continue
        for i, item in enumerate(doc.model.items):
            if ws.rules.band_for_stars(item.stars) is None:
                continue  # only under a what-if scheme (--rules); `pingyi check` says so
            if item.member not in idx.ratings:  # a second rating is an error; the first counts
                idx.ratings[item.member] = Rating(item.stars, item.reason, doc.loc.at("items", i))
    return idx


# --------------------------------------------------------------------------- arithmetic


def adjust(lines: Iterable[AdjustmentLine], policy: AdjustmentPolicy) -> tuple[Fraction, tuple[AdjustmentLine, ...]]:
    """The adjustment and the lines marked with whether they counted.

    ``highest``: the highest award counts once, and the highest penalty (discipline and
    criticism together) once; nothing accumulates (不能累计). Of equal points the first
    listed counts. ``sum``: every line counts."""
    lines = list(lines)
    if policy is AdjustmentPolicy.SUM:
        marked = tuple(_mark(line, line.points is not None) for line in lines)
        return sum((line.signed for line in marked), ZERO), marked
    best: dict[bool, int] = {}
    for k, line in enumerate(lines):
        if line.points is None:
            continue
        award = line.type is AdjustmentType.AWARD
        if award not in best or line.points > lines[best[award]].points:  # type: ignore[operator]
            best[award] = k
    counted = set(best.values())
    marked = tuple(_mark(line, k in counted) for k, line in enumerate(lines))
    return sum((line.signed for line in marked if line.counted), ZERO), marked


def _mark(line: AdjustmentLine, counted: bool) -> AdjustmentLine:
    return AdjustmentLine(line.type, line.level, line.points, counted, line.date, line.note, line.loc)


def _democratic(
    member: Member, idx: _Index
) -> tuple[DemocraticSource | None, tuple[int | Fraction, ...] | None, int, tuple[str, ...]]:
    """The evaluation that gives the member's D_i: their own org's when it names them,
    else the first (in file order) that does, as (source, item sums, count, the orgs of
    every evaluation naming them)."""
    found = idx.evaluations.get(member.id)
    if not found:
        return None, None, 0, ()
    chosen = next((f for f in found if f[0] == member.org), found[0])
    return chosen[1], chosen[2], chosen[3], tuple(f[0] for f in found)


def _stars(rules: Rules, member: Member, total: Decimal | None, rating: Rating | None) -> tuple[StarBand | None, int | None, int | None, Grade | None]:
    """(band of the rounded total, computed stars, final stars, final grade)."""
    band = rules.band_for(total) if total is not None else None
    computed = band.stars if band is not None else None
    graded = member.status is not MemberStatus.PROBATIONARY or rules.grade_probationary
    if not graded:
        computed = None
    if rating is not None:
        rated_band = rules.band_for_stars(rating.stars)
        return band, computed, rating.stars, rated_band.grade if rated_band else None
    if computed is None:
        return band, None, None, None
    assert band is not None
    return band, computed, band.stars, band.grade


def _common(values: tuple[Value | Fraction, ...]) -> tuple[tuple[int, ...], int]:
    """Integer numerators over one common denominator (exact: ``as_integer_ratio``)."""
    if set(map(type, values)) == {int}:
        return values, 1  # type: ignore[return-value]
    ratios = [v.as_integer_ratio() for v in values]
    den = math.lcm(*(r[1] for r in ratios))
    return tuple(num * (den // d) for num, d in ratios), den


def _member_score(ws: Workspace, member: Member, year: int, idx: _Index, weights: tuple[Fraction, Fraction]) -> MemberScore:
    rules = ws.rules
    d = rules.decimals
    n = rules.item_count
    have = idx.months.get(member.id, {}) if member.scored else {}
    month_scores = tuple(have.get(m) or MonthScores(f"{year}-{m:02d}", None) for m in range(1, 13))
    rating = idx.ratings.get(member.id)
    raw_adjustments = idx.adjustments.get(member.id, ())
    if not member.scored:
        adjustment_lines = tuple(_mark(line, False) for line in raw_adjustments)
        band, computed, stars, grade = _stars(rules, member, None, rating)
        return MemberScore(
            member.id, member.name, member.org, member.status, False, 0, month_scores, None, None, None, 0, None,
            weights, adjustment_lines, None, None, None, None, None, None, band, computed, stars, grade, rating,
            loc=member.loc,
        )  # fmt: skip
    months = len(have)
    divisor = 12 if rules.average_over is AverageOver.TWELVE else months
    sums = _column_sums([ms.values for ms in have.values() if ms.values is not None], n)
    source, dem_sums, dem_count, _ = _democratic(member, idx)
    if dem_sums is None:
        dem_sums = (0,) * n
    if raw_adjustments:
        adjustment_exact, adjustment_lines = adjust(raw_adjustments, rules.adjustment_policy)
    else:
        adjustment_exact, adjustment_lines = ZERO, ()

    # Exact arithmetic in integers: I_i = sn_i·pm / (sd·div·qm) + tn_i·pd / (td·cnt·qd)
    (pm, qm), (pd, qd) = ((w.numerator, w.denominator) for w in weights)
    sn, sd = _common(sums) if divisor else ((0,) * n, 1)
    tn, td = _common(dem_sums) if dem_count else ((0,) * n, 1)
    lm = sd * (divisor or 1) * qm
    ld = td * (dem_count or 1) * qd
    den = lm * ld
    nums = [a * pm * ld + b * pd * lm for a, b in zip(sn, tn)]
    base_num, dem_num = sum(sn) * pm, sum(tn) * pd
    an, ad = adjustment_exact.numerator, adjustment_exact.denominator
    total = _round(sum(nums) * ad + an * den, den * ad, d)
    band, computed, stars, grade = _stars(rules, member, total, rating)
    return MemberScore(
        id=member.id,
        name=member.name,
        org=member.org,
        status=member.status,
        scored=True,
        months=months,
        month_scores=month_scores,
        divisor=divisor,
        sums=sums,
        democratic_sums=dem_sums,
        democratic_count=dem_count,
        democratic_source=source,
        weights=weights,
        adjustments=adjustment_lines,
        adjustment_exact=adjustment_exact,
        items=tuple(_round(x, den, d) for x in nums),
        base=_round(base_num, lm, d),
        democratic=_round(dem_num, ld, d),
        adjustment=_round(an, ad, d),
        total=total,
        band=band,
        computed_stars=computed,
        stars=stars,
        grade=grade,
        rating=rating,
        loc=member.loc,
    )


def rank(totals: Iterable[tuple[str, Decimal]]) -> dict[str, int]:
    """Competition ranks by total, highest first; equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(totals, key=lambda t: t[1], reverse=True)
    out: dict[str, int] = {}
    previous: Decimal | None = None
    current = 0
    for position, (key, total) in enumerate(ordered, start=1):
        if previous is None or total != previous:
            current = position
            previous = total
        out[key] = current
    return out


def _ordered_members(ws: Workspace) -> list[Member]:
    """Members grouped by org, orgs in tree order (roots in file order, parents before
    children), members in roster order."""
    out: list[Member] = []
    seen_orgs: set[str] = set()
    for root in ws.roots:
        for org_id in ws.subtree(root):
            seen_orgs.add(org_id)
    order = [o for root in ws.roots for o in ws.subtree(root)] + [o for o in ws.orgs if o not in seen_orgs]
    done: set[str] = set()
    for org_id in order:
        if org_id in done:
            continue
        done.add(org_id)
        for mid in ws.orgs[org_id].members:
            m = ws.members.get(mid)
            if m is not None and m.org == org_id:
                out.append(m)
    return out


def _last_month(ws: Workspace, year: int) -> int:
    """The last month that should be scored by now: 12 for a past year, the as-of month in
    the current year, 0 for a year to come."""
    today = ws.today
    if year < today.year:
        return 12
    if year == today.year:
        return today.month
    return 0


def compute_score(
    ws: Workspace,
    *,
    year: int | None = None,
    org: str | None = None,
    member: str | None = None,
) -> ScoreReport:
    """Year-end points and stars of the members of the workspace, of ``org``'s subtree, or
    of one ``member``. Ranks are always within the member's whole org (组织关系 in the org
    tree), whatever is reported. Raises ``KeyError`` for an unknown org or member id."""
    if org is not None and org not in ws.orgs:
        raise KeyError(f"no org `{org}` in this workspace")
    if member is not None and member not in ws.members:
        raise KeyError(f"no member `{member}` in this workspace")
    with quiet_gc():
        return _compute_score(ws, ws.year if year is None else year, org, member)


@contextmanager
def quiet_gc() -> Iterator[None]:
    """No cyclic garbage collection while results are built: they hold no cycles, and at
    county scale (hundreds of thousands of small objects) the collector's passes over the
    loaded workspace cost a third of the time. Reference counting frees as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _all_scores(ws: Workspace, year: int) -> tuple[_Index, dict[str, MemberScore], tuple[Fraction, Fraction]]:
    """Every member's score of the year, ranked within their org; computed once per
    workspace and year (the honours check, the score report and the workbook share it)."""
    key = ("score", year)
    cached = ws.memo.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    rules = ws.rules
    idx = _index(ws, year)
    weights = (Fraction(rules.weights.monthly), Fraction(rules.weights.democratic))
    scores = {m.id: _member_score(ws, m, year, idx, weights) for m in _ordered_members(ws)}
    # ranks are within whole orgs
    by_org: dict[str, list[tuple[str, Decimal]]] = {}
    for s in scores.values():
        if s.total is not None:
            by_org.setdefault(s.org, []).append((s.id, s.total))
    ranks: dict[str, int] = {}
    ranked: dict[str, int] = {}
    for totals in by_org.values():
        ranks.update(rank(totals))
        for k, _ in totals:
            ranked[k] = len(totals)
    for k, s in scores.items():
        _set_rank(s, ranks.get(k), ranked.get(k, 0))
    ws.memo[key] = (idx, scores, weights)
    return idx, scores, weights


def member_scores(ws: Workspace, year: int, members: Iterable[str]) -> dict[str, MemberScore]:
    """The scores of a few members without computing everyone's (ranks are not set). Used
    where only their stars matter, such as checking a named star of the year."""
    wanted = frozenset(m for m in members if m in ws.members)
    cached = ws.memo.get(("score", year))
    if cached is not None:
        return {m: cached[1][m] for m in wanted}  # type: ignore[index]
    idx = _index(ws, year, wanted)
    rules = ws.rules
    weights = (Fraction(rules.weights.monthly), Fraction(rules.weights.democratic))
    return {m: _member_score(ws, ws.members[m], year, idx, weights) for m in wanted}


def _compute_score(ws: Workspace, year: int, org: str | None, member: str | None) -> ScoreReport:
    rules = ws.rules
    idx, scores, weights = _all_scores(ws, year)
    if member is not None:
        reported: tuple[MemberScore, ...] = (scores[member],)
    elif org is not None:
        inside = set(ws.subtree(org))
        reported = tuple(s for s in scores.values() if s.org in inside)
    else:
        reported = tuple(scores.values())

    star_values = sorted({b.stars for b in rules.stars}, reverse=True)
    stars: dict[str, int] = {str(s): 0 for s in star_values}
    grades: dict[str, int] = {g.value: 0 for g in Grade}
    unrated = 0
    for s in reported:
        if s.stars is None:
            unrated += 1
            continue
        stars[str(s.stars)] = stars.get(str(s.stars), 0) + 1
        if s.grade is not None:
            grades[s.grade.value] += 1

    return ScoreReport(
        year=year,
        items=tuple(ScoreItem(i.id, i.name) for i in rules.items),
        decimals=rules.decimals,
        weights=weights,
        average_over=rules.average_over,
        adjustment_policy=rules.adjustment_policy,
        members=reported,
        stars=stars,
        grades=grades,
        unrated=unrated,
        warnings=tuple(_warnings(ws, year, idx, reported)),
        org=org,
        member=member,
        bands=tuple(rules.stars),
        workspace=ws.name,
        org_names={s.org: ws.orgs[s.org].name for s in reported if s.org in ws.orgs},
    )


def _set_rank(s: MemberScore, rank_: int | None, ranked: int) -> None:
    """Ranks need every total first; they are set on the results just made, before anyone
    else sees them (cheaper than ``dataclasses.replace`` at county scale)."""
    object.__setattr__(s, "rank", rank_)
    object.__setattr__(s, "ranked", ranked)


def _warnings(ws: Workspace, year: int, idx: _Index, reported: Iterable[MemberScore]) -> list[ScoreWarning]:
    out: list[ScoreWarning] = []
    last = _last_month(ws, year)
    reported = list(reported)
    if not idx.any_evaluation and any(s.scored for s in reported):
        out.append(
            ScoreWarning(
                "no-evaluations",
                None,
                f"no democratic evaluation (民主测评) is recorded for {year}: every democratic part is 0",
            )
        )
    for s in reported:
        if s.scored:
            missing = tuple(m.month for m in s.month_scores[:last] if m.values is None) if idx.any_scores else ()
            if missing:
                text = "no monthly scores" if len(missing) == 12 else "no scores for " + ", ".join(missing)
                out.append(ScoreWarning("missing-months", s.id, f"`{s.id}` ({s.name}) has {text}", months=missing))
            if idx.any_evaluation:
                member = ws.members[s.id]
                source, _, _, orgs = _democratic(member, idx)
                if source is None:
                    out.append(
                        ScoreWarning(
                            "no-evaluation",
                            s.id,
                            f"`{s.id}` ({s.name}) is named in no democratic evaluation of {year}: D = 0 for every item",
                        )
                    )
                elif len(orgs) > 1:
                    out.append(
                        ScoreWarning(
                            "several-evaluations",
                            s.id,
                            f"`{s.id}` ({s.name}) is named in the evaluations of {', '.join(orgs)}; "
                            f"the one of `{source.org}` counts",
                            orgs=orgs,
                            org=source.org,
                        )
                    )
        elif s.rating is None:
            out.append(
                ScoreWarning(
                    "exempt-unrated",
                    s.id,
                    f"`{s.id}` ({s.name}) is exempt (免于积分) and has no rating for {year}: unrated",
                )
            )
    return out


__all__ = [
    "AdjustmentLine",
    "DemocraticSource",
    "MemberScore",
    "MonthScores",
    "Rating",
    "ScoreItem",
    "ScoreReport",
    "ScoreWarning",
    "adjust",
    "compute_score",
    "exact_text",
    "rank",
    "round_half_up",
]
