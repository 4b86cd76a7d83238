"""The year-end points report (年终总评, 评星定格): FORMAT §6–7.

:func:`compute_score` turns a :class:`~pingyi.workspace.Workspace` into a
:class:`ScoreReport`: every member's :class:`~.arithmetic.Points` (exact and rounded from
one computation), stars decided on the rounded total, a rating where the branch gave one,
ranks within the org, the distribution, and the year-end warnings of
:func:`~.warnings.year_end_warnings` for the reported members.

Year to date (FORMAT §6 as amended by issue 12): with ``through`` (a month of the year,
``--through YYYY-MM``), or by default while the year is not over as of ``ws.today``, only
the months up to ``through`` count, the monthly part divides by their number (under
``average_over: twelve``) and stars and grades are provisional (预计).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import overload

from ...diagnostics import Diagnostic, Loc
from ...model import AdjustmentPolicy, AverageOver, Grade, MemberStatus, Rules, StarBand
from ...model.rules import Rounding
from ...numbers import ShownPoints
from ...selection import resolve_member, resolve_org
from ...speed import bulk
from ...workspace import Member, Workspace
from . import kept
from .arithmetic import ZERO, Arithmetic, Points, Value
from .index import AdjustmentLine, DemocraticSource, Index, MonthCard, MonthGrid, MonthScores, Rating, adjust, build_index
from .kept import ScoreColumns
from .period import Period, resolve_period


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """One scored item (评星定格项目) of the rules."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class MemberScore(ShownPoints):
    """A member's year-end points and stars.

    For a scored member (active, flowing, probationary) ``rounded`` holds the reported
    numbers (the items, base, democratic, adjustment and total in integers of the rules'
    places) and ``points`` every number, exact and rounded, made when asked for from the
    integers it comes from (``inputs``); for an exempt member (免于积分) both are None and
    only a rating, if any, gives stars. ``band`` is the band of the rounded total, ``computed_stars`` its stars;
    ``stars`` and ``grade`` are the final result (a rating's, when rated). Probationary
    members get no stars or grade when the rules say ``grade_probationary: false`` (unless
    rated). ``rank`` is within the member's whole org, among ``ranked`` members.

    What is costly and seldom needed (``inputs``, ``democratic_source``, ``adjustments``,
    the card) is made from the points index when first asked for (``made``)."""

    id: str
    name: str
    org: str
    status: MemberStatus
    index: Index | None = field(compare=False, repr=False)
    """The year's index the member was scored from (None: not scored); their points card
    is made from it when asked for."""
    rounded: tuple[int, ...] | None
    band: StarBand | None
    computed_stars: int | None
    stars: int | None
    grade: Grade | None
    rating: Rating | None
    rank: int | None = None
    ranked: int = 0
    loc: Loc | None = None
    scored_months: int = 0
    """The months counted that hold a score (0 for an exempt member)."""
    made: Made | None = field(default=None, compare=False, repr=False)
    """What the member's inputs, D_i's source and adjustment lines are made from."""

    @property
    def scored(self) -> bool:
        return self.rounded is not None

    @property
    def inputs(self) -> PointsInputs | None:
        """What the member's :class:`Points` are made from (None when exempt)."""
        return None if self.made is None else self.made.parts()[1]

    @property
    def democratic_source(self) -> DemocraticSource | None:
        """Where the member's D_i come from (None: no evaluation names them, or exempt)."""
        return None if self.made is None else self.made.parts()[2]

    @property
    def adjustments(self) -> tuple[AdjustmentLine, ...]:
        """The member's adjustment lines, each marked with whether it counted."""
        return () if self.made is None else self.made.parts()[3]

    @property
    def points(self) -> Points | None:
        """Every number of the member's points, exact and rounded (None when exempt)."""
        inputs = self.inputs
        if self.rounded is None or inputs is None:
            return None
        arithmetic, sums, sum_den, divisor, democratic, democratic_den, count, adjustment = inputs
        return arithmetic.points(sums, sum_den, divisor, democratic, democratic_den, count, adjustment, self.rounded)

    def _places(self) -> int | None:
        if self.rounded is None or self.made is None:
            return None
        return self.made.arithmetic.decimals

    @property
    def card(self) -> MonthCard:
        """The months of the member's points card (none for an exempt member)."""
        idx = self.index
        if idx is None or self.rounded is None:
            return MonthCard(self.id, idx.year if idx else 0, idx.through if idx else 0, 0, None)
        return idx.months_of(self.id, len(self.rounded) - 4)

    @property
    def months(self) -> int:
        """The months counted that hold a score."""
        return self.scored_months if self.scored else 0

    @property
    def expected_months(self) -> int:
        """The months counted (those that should hold a score)."""
        return self.index.through if self.index is not None else 0

    @property
    def month_scores(self) -> tuple[MonthScores, ...]:
        """The months counted, by item (the points card), made when asked for."""
        return self.card.scores()

    # the numbers, rounded (None for an exempt member): items, base, democratic,
    # adjustment and total, from ShownPoints

    # the same numbers, exact
    @property
    def divisor(self) -> int | None:
        return None if self.inputs is None else self.inputs[3]

    @property
    def sums(self) -> tuple[int | Fraction, ...] | None:
        return None if self.points is None else self.points.sums

    @property
    def democratic_sums(self) -> tuple[Value | Fraction, ...] | None:
        return None if self.points is None else self.points.democratic_sums

    @property
    def democratic_count(self) -> int:
        return 0 if self.inputs is None else self.inputs[6]

    @property
    def adjustment_exact(self) -> Fraction | None:
        return None if self.points is None else self.points.adjustment_exact

    @property
    def monthly(self) -> tuple[Fraction, ...] | None:
        return None if self.points is None else self.points.monthly

    @property
    def democratic_items(self) -> tuple[Fraction, ...] | None:
        return None if self.points is None else self.points.democratic_items

    @property
    def items_exact(self) -> tuple[Fraction, ...] | None:
        return None if self.points is None else self.points.items_exact

    @property
    def base_exact(self) -> Fraction | None:
        return None if self.points is None else self.points.base_exact

    @property
    def democratic_exact(self) -> Fraction | None:
        return None if self.points is None else self.points.democratic_exact

    @property
    def total_exact(self) -> Fraction | None:
        return None if self.points is None else self.points.total_exact

    @property
    def adds_up(self) -> bool:
        """The displayed items and adjustment add up to the displayed total."""
        r = self.rounded
        return r is None or sum(r[:-4]) + r[-2] == r[-1]

    @property
    def rating_reason(self) -> str | None:
        return self.rating.reason if self.rating else None

    @property
    def missing_months(self) -> tuple[str, ...]:
        if not self.scored or self.scored_months == self.expected_months:
            return ()
        return self.card.missing

    @property
    def rated(self) -> bool:
        return self.rating is not None

    @property
    def unrated(self) -> bool:
        """Given no stars at all (an exempt member without a rating, or a probationary
        member when the rules do not grade them)."""
        return self.stars is None


@dataclass(frozen=True)
class ScoreReport:
    """The year-end points of the reported members, and the distribution of their stars
    and grades (unrated members excluded; ``unrated`` counts them). ``through`` is the
    last month counted; ``provisional`` says the year is not over (预计)."""

    year: int
    items: tuple[ScoreItem, ...]
    decimals: int
    weights: tuple[Fraction, Fraction]
    average_over: AverageOver
    adjustment_policy: AdjustmentPolicy
    members: Sequence[MemberScore]
    stars: dict[str, int]
    grades: dict[str, int]
    unrated: int
    warnings: tuple[Diagnostic, ...] = ()
    org: str | None = None
    member: str | None = None
    bands: tuple[StarBand, ...] = field(default=())
    workspace: str = ""
    org_names: dict[str, str] = field(default_factory=dict)
    org_order: tuple[str, ...] = ()
    through: str = ""
    provisional: bool = False
    rounding: Rounding = Rounding.TOTAL

    def by_org(self) -> list[tuple[str, list[MemberScore]]]:
        """The members grouped by org, orgs in tree order, members in report order."""
        groups: dict[str, list[MemberScore]] = {}
        for m in self.members:
            groups.setdefault(m.org, []).append(m)
        order = {o: k for k, o in enumerate(self.org_order)}
        return sorted(groups.items(), key=lambda g: order.get(g[0], len(order)))

    def get(self, member: str) -> MemberScore | None:
        """The reported member with this id, or None."""
        return self._by_id.get(member)

    @cached_property
    def _by_id(self) -> dict[str, MemberScore]:
        return {m.id: m for m in self.members}


# --------------------------------------------------------------------------- one member


def _stars(
    rules: Rules, member: Member, total: Decimal | None, rating: Rating | None
) -> tuple[StarBand | None, int | None, int | None, Grade | None]:
    """(band of the rounded total, computed stars, final stars, final grade)."""
    return _stars_of(rules, member, rules.band_for(total) if total is not None else None, rating)


def _stars_of(
    rules: Rules, member: Member, band: StarBand | None, rating: Rating | None
) -> tuple[StarBand | None, int | None, int | None, Grade | None]:
    """:func:`_stars` from the band of the rounded total."""
    computed = band.stars if band is not None else None
    graded = member.status is not MemberStatus.PROBATIONARY or rules.grade_probationary
    if not graded:
        computed = None
    if rating is not None:
        rated_band = rules.band_for_stars(rating.stars)
        return band, computed, rating.stars, rated_band.grade if rated_band else None
    if computed is None or band is None:
        return band, None, None, None
    return band, computed, band.stars, band.grade


PointsInputs = tuple[Arithmetic, Sequence[int], int, int, Sequence[int], int, int, Fraction]
"""What a member's :class:`Points` are made from: the arithmetic, then the arguments of
:meth:`Arithmetic.points <.arithmetic.Arithmetic.points>`."""

Parts = tuple[tuple[int, ...] | None, PointsInputs | None, DemocraticSource | None, tuple[AdjustmentLine, ...], int]


def _parts(
    ws: Workspace,
    member: Member,
    idx: Index,
    arithmetic: Arithmetic,
    sums: Sequence[int] | None = None,
    scored: Sequence[int] | None = None,
    *,
    rounded: bool = True,
) -> Parts:
    """The member's reported numbers and what they come from (None when exempt), where D_i
    comes from, the adjustment lines marked with whether they counted (none count for an
    exempt member), and the months scored. ``sums`` and ``scored``: the grid's
    :meth:`~.index.MonthGrid.all_sums` and :meth:`~.index.MonthGrid.all_scored` when every
    member is being scored."""
    rules = ws.rules
    raw = idx.adjustments.get(member.id, ())
    if not member.scored:
        return None, None, None, tuple(line.marked(False) for line in raw), 0
    n = rules.item_count
    grid = idx.grid
    if sums is None or scored is None:
        sum_nums: Sequence[int] = grid.sums(member.id)
        months = grid.scored(member.id)
    else:
        p = grid.positions.get(member.id)
        sum_nums = (0,) * n if p is None else sums[p * n : (p + 1) * n]
        months = 0 if p is None else scored[p]
    divisor = idx.through if rules.average_over is AverageOver.TWELVE else months
    adjustment, lines = adjust(raw, rules.adjustment_policy) if raw else (ZERO, ())
    chosen = idx.chosen(member)
    if chosen is None:
        inputs: PointsInputs = (arithmetic, sum_nums, 10**grid.scale, divisor, (0,) * n, 1, 0, adjustment)
        source = None
    else:
        sheet, k = chosen
        dem_nums = sheet.cells[k * n : (k + 1) * n]
        inputs = (arithmetic, sum_nums, 10**grid.scale, divisor, dem_nums, 10**sheet.scale, sheet.count(k), adjustment)
        source = sheet.source if sheet.source is not None else sheet.evaluated(k, n).source
    # rounded=False: the caller rounds many members at once (Arithmetic.rounded_many)
    return arithmetic.rounded(*inputs[1:]) if rounded else (), inputs, source, lines, months


class Made:
    """What a member's :data:`Parts` are made from (the workspace, the member, the index
    and the arithmetic), and the parts once made: a report served from the kept columns
    makes them only for the members whose exact numbers, D_i source or adjustment lines
    are asked for."""

    __slots__ = ("ws", "member", "index", "arithmetic", "_parts")

    def __init__(self, ws: Workspace, member: Member, index: Index, arithmetic: Arithmetic, parts: Parts | None = None):
        self.ws = ws
        self.member = member
        self.index = index
        self.arithmetic = arithmetic
        self._parts = parts

    def parts(self) -> Parts:
        if self._parts is None:
            self._parts = _parts(self.ws, self.member, self.index, self.arithmetic, rounded=False)
        return self._parts


def _member_score(
    ws: Workspace,
    member: Member,
    idx: Index,
    parts: Parts,
    rank: int | None = None,
    ranked: int = 0,
    arithmetic: Arithmetic | None = None,
) -> MemberScore:
    """The member's result from its :func:`_parts`."""
    rounded, _inputs, _source, _lines, months = parts
    rating = idx.ratings.get(member.id)
    total = None if rounded is None else Decimal(rounded[-1]).scaleb(-ws.rules.decimals)
    band, computed, stars, grade = _stars(ws.rules, member, total, rating)
    made = Made(ws, member, idx, arithmetic or _arithmetic(ws.rules), parts)
    return MemberScore(
        member.id,
        member.name,
        member.org,
        member.status,
        idx,
        rounded,
        band,
        computed,
        stars,
        grade,
        rating,
        rank,
        ranked,
        member.loc,
        months,
        made,
    )


# --------------------------------------------------------------------------- everyone


def rank(totals: Iterable[tuple[str, Decimal | int]]) -> dict[str, int]:
    """Competition ranks by total, highest first; equal totals share a rank (1, 2, 2, 4).
    The totals are the rounded ones (as Decimals, or as integers of the rules' places)."""
    ordered = sorted(totals, key=lambda t: t[1], reverse=True)
    out: dict[str, int] = {}
    previous: Decimal | int | None = None
    current = 0
    for position, (key, total) in enumerate(ordered, start=1):
        if previous is None or total != previous:
            current = position
            previous = total
        out[key] = current
    return out


def tree_order(ws: Workspace) -> list[str]:
    """Every org in tree order: roots in file order, each followed by its subtree."""
    order = [o for root in ws.roots for o in ws.subtree(root)]
    seen = set(order)
    return order + [o for o in ws.orgs if o not in seen]


def ordered_members(ws: Workspace) -> list[Member]:
    """Members grouped by org, orgs in tree order, members in roster order."""
    out: list[Member] = []
    for org_id in dict.fromkeys(tree_order(ws)):
        for mid in ws.orgs[org_id].members:
            m = ws.members.get(mid)
            if m is not None and m.org == org_id:
                out.append(m)
    return out


#: No cyclic garbage collection while results are built (the one policy: pingyi.speed).
quiet_gc = bulk


def _weights(rules: Rules) -> tuple[Fraction, Fraction]:
    return Fraction(rules.weights.monthly), Fraction(rules.weights.democratic)


def _arithmetic(rules: Rules) -> Arithmetic:
    return Arithmetic(_weights(rules), rules.decimals, rules.rounding)


GRADES = tuple(Grade)


@dataclass(frozen=True, eq=False)
class Scoring:
    """The points of one period of a workspace, computed once: the index of the year's
    points documents and, when first asked for, every member's score, ranked within their
    org, as columns (:class:`~.kept.ScoreColumns`), each member's :class:`MemberScore`
    made from them when asked for. Immutable; the workspace keeps one per period in its
    one declared place for results (``Workspace.scorings``), so that the checks, the score
    report, the honours and the workbook share it. Made by :func:`scoring`.

    ``built``: the index was built by :func:`scoring` from the documents. An index given
    to the workspace by the load through the cache (``built`` False, see
    :mod:`pingyi.incremental`) marks a load that uses the cache: the columns are then
    served from it while what they are computed from is unchanged, and kept there when
    computed (:mod:`.kept`).

    ``given``: the index, or None when the load left it in the cache under ``served``
    (the digest of everything it and the org tree are made from): it is then read
    (``fetch``) when first used, and the columns and the year-end warnings kept under
    that digest are found without it, so that a warm ``score`` never reads it."""

    ws: Workspace
    period: Period
    given: Index | None
    built: bool = False
    served: str | None = None
    fetch: Callable[[], Index | None] | None = field(default=None, repr=False)

    def adopt(self, served: str) -> None:
        """Take ``served`` as the digest of what the index is made from, once the load has
        kept the index it built (or patched) under it: the columns and the year-end
        warnings computed from here on, or already, are kept under it too, so that the
        next command line finds them."""
        if self.served is not None:
            return
        object.__setattr__(self, "served", served)
        object.__setattr__(self, "built", False)
        if "columns" in self.__dict__:
            kept.keep(self.ws, self._columns_key(), self.columns)
        if "warnings" in self.__dict__:
            kept.keep_warnings(self.ws, self._warnings_key(), self.warnings)  # type: ignore[arg-type]

    def _columns_key(self) -> str:
        """The digest the columns are kept under (:func:`.kept.key_of`): of what the load
        served the index under, when it did, else of the index's numbers."""
        return kept.key_of(self.ws, self.index if self.served is None else None, self.period, self.members, self.served)

    def _warnings_key(self) -> str | None:
        """The digest the year-end warnings are kept under, while the index was served."""
        return None if self.served is None else kept.warnings_key(self.served, self.period)

    @cached_property
    def index(self) -> Index:
        """The year's index up to the period's last month: as given, else read from the
        cache (built from the documents when the cache no longer has it)."""
        if self.given is not None:
            return self.given
        found = self.fetch() if self.fetch is not None else None
        return found if found is not None else build_index(self.ws, self.period.year, self.period.through)

    @cached_property
    def members(self) -> list[Member]:
        """The members scored, in tree order (:func:`ordered_members`)."""
        return ordered_members(self.ws)

    @cached_property
    def positions(self) -> dict[str, int]:
        """member id → place in :attr:`members`."""
        return {m.id: k for k, m in enumerate(self.members)}

    @cached_property
    def columns(self) -> ScoreColumns:
        """Every member's computed points, in tree order: served from the cache while
        their inputs are unchanged, else computed (and kept)."""
        members = self.members
        width = self.ws.rules.item_count + 4
        key = None
        if not self.built:
            key = self._columns_key()
            found = kept.served(self.ws, key, len(members), width)
            if found is not None:
                return found
        grid = self.index.grid
        columns, parts = self._computed(members, grid.all_sums(), grid.all_scored())
        self._made.update(parts)
        if key is not None:
            kept.keep(self.ws, key, columns)
        return columns

    @cached_property
    def _made(self) -> dict[str, Parts]:
        """The parts computed with the columns (when computed), by member."""
        return {}

    @cached_property
    def _objects(self) -> list[MemberScore | None]:
        return [None] * len(self.members)

    def at(self, k: int) -> MemberScore:
        """The score of the k-th member of :attr:`members` (made once)."""
        found = self._objects[k]
        if found is None:
            found = self._objects[k] = self._member_at(k)
        return found

    def _member_at(self, k: int) -> MemberScore:
        ws, idx, columns = self.ws, self.index, self.columns
        m = self.members[k]
        months, rank, ranked, computed, stars, grade, band = columns.facts[k * kept.WIDTH : (k + 1) * kept.WIDTH]
        none = kept.NONE
        return MemberScore(
            m.id,
            m.name,
            m.org,
            m.status,
            idx,
            columns.numbers(k),
            None if band == none else ws.rules.stars[band],
            None if computed == none else computed,
            None if stars == none else stars,
            None if grade == none else GRADES[grade],
            idx.ratings.get(m.id),
            None if rank == none else rank,
            ranked,
            m.loc,
            months,
            Made(ws, m, idx, self._arithmetic, self._made.get(m.id)),
        )

    @cached_property
    def _arithmetic(self) -> Arithmetic:
        return _arithmetic(self.ws.rules)

    @cached_property
    def scores(self) -> Mapping[str, MemberScore]:
        """Every member's score, members in tree order (read-only; each made when first
        asked for)."""
        self.columns  # noqa: B018  (computed or served now: a mapping of everyone)
        return _Scores(self)

    def org_scores(self, org: str) -> Mapping[str, MemberScore]:
        """The scores of one org's own members, ranked as :attr:`scores` ranks them, without
        computing everyone's (``pingyi explain`` of one member)."""
        ws = self.ws
        if "columns" in self.__dict__ or org not in ws.orgs:
            return {k: s for k, s in self.scores.items() if s.org == org}
        members = [ws.members[m] for m in ws.orgs[org].members if m in ws.members and ws.members[m].org == org]
        columns, parts = self._computed(members)
        arithmetic = self._arithmetic
        out: dict[str, MemberScore] = {}
        for k, m in enumerate(members):
            months, rank, ranked, computed, stars, grade, band = columns.facts[k * kept.WIDTH : (k + 1) * kept.WIDTH]
            out[m.id] = _member_score(ws, m, self.index, parts[m.id], None if rank == kept.NONE else rank, ranked, arithmetic)
        return out

    def _computed(
        self, members: list[Member], sums: Sequence[int] | None = None, scored: Sequence[int] | None = None
    ) -> tuple[ScoreColumns, dict[str, Parts]]:
        """The columns of ``members`` (whole orgs), ranked within their org, and each
        member's parts."""
        ws, idx = self.ws, self.index
        rules = ws.rules
        arithmetic = self._arithmetic
        parts = {m.id: _parts(ws, m, idx, arithmetic, sums, scored, rounded=False) for m in members}
        pending = [(k, p) for k, p in parts.items() if p[1] is not None]
        many = arithmetic.rounded_many([p[1][1:] for _, p in pending])  # type: ignore[index]
        for (k, p), made in zip(pending, many, strict=True):
            parts[k] = (made, *p[1:])
        by_org: dict[str, list[tuple[str, int]]] = {}
        for m in members:
            rounded = parts[m.id][0]
            if rounded is not None:
                by_org.setdefault(m.org, []).append((m.id, rounded[-1]))
        ranks: dict[str, int] = {}
        ranked: dict[str, int] = {}
        for totals in by_org.values():
            ranks.update(rank(totals))
            for k, _ in totals:
                ranked[k] = len(totals)
        width = rules.item_count + 4
        band_place = {id(b): j for j, b in enumerate(rules.stars)}
        grade_place = {g: j for j, g in enumerate(GRADES)}
        bands: dict[int, StarBand | None] = {}
        none = kept.NONE
        scored_flags = bytearray(len(members))
        flat: list[int] = []
        facts: list[int] = []
        zeros = (0,) * width
        ratings = idx.ratings
        decimals = rules.decimals
        reasons: dict[int, str] = {}
        missing: dict[int, tuple[str, ...]] = {}
        for j, m in enumerate(members):
            rounded, _inputs, _source, _lines, months = parts[m.id]
            rating = ratings.get(m.id)
            if rating is not None and rating.reason is not None:
                reasons[j] = rating.reason
            if rounded is not None and months != idx.through:
                found = idx.months_of(m.id, width - 4).missing  # as MemberScore.missing_months
                if found:
                    missing[j] = tuple(found)
            if rounded is None:
                flat.extend(zeros)
                band = None
            else:
                scored_flags[j] = 1
                flat.extend(rounded)
                total = rounded[-1]
                if total in bands:
                    band = bands[total]
                else:
                    band = bands[total] = rules.band_for(Decimal(total).scaleb(-decimals))
            _band, computed, stars, grade = _stars_of(rules, m, band, rating)
            facts.extend(
                (
                    months,
                    ranks.get(m.id, none),
                    ranked.get(m.id, 0),
                    none if computed is None else computed,
                    none if stars is None else stars,
                    none if grade is None else grade_place[grade],
                    none if band is None else band_place[id(band)],
                )
            )
        columns = ScoreColumns(len(members), width, bytes(scored_flags), flat, facts, reasons, missing)
        return columns, parts

    @cached_property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The year-end warnings of every member (:func:`~.warnings.year_end_warnings`):
        kept under the digest the load served the index under, while it has one."""
        from .warnings import all_warnings

        key = self._warnings_key()
        if key is not None:
            found = kept.served_warnings(self.ws, key)
            if found is not None:
                return found
        made = tuple(all_warnings(self.ws, self.period))
        if key is not None:
            kept.keep_warnings(self.ws, key, made)
        return made


class _Scores(Mapping[str, MemberScore]):
    """Every member's score of a :class:`Scoring`, in tree order, each made when first
    asked for."""

    __slots__ = ("_scoring",)

    def __init__(self, scoring: Scoring) -> None:
        self._scoring = scoring

    def __getitem__(self, member: str) -> MemberScore:
        return self._scoring.at(self._scoring.positions[member])

    def __iter__(self) -> Iterator[str]:
        return (m.id for m in self._scoring.members)

    def __len__(self) -> int:
        return len(self._scoring.members)

    def __contains__(self, member: object) -> bool:
        return member in self._scoring.positions


class Reported(Sequence[MemberScore]):
    """The members a score report shows: places in a :class:`Scoring`'s members, each
    :class:`MemberScore` made when first asked for; the renderers read the columns
    themselves (``scoring.columns``, ``places``)."""

    __slots__ = ("scoring", "places")

    def __init__(self, scoring: Scoring, places: Sequence[int]) -> None:
        self.scoring = scoring
        self.places = places

    def __len__(self) -> int:
        return len(self.places)

    @overload
    def __getitem__(self, i: int) -> MemberScore: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[MemberScore, ...]: ...
    def __getitem__(self, i: int | slice) -> MemberScore | tuple[MemberScore, ...]:
        at = self.scoring.at
        if isinstance(i, slice):
            return tuple(at(k) for k in self.places[i])
        return at(self.places[i])

    def __iter__(self) -> Iterator[MemberScore]:
        at = self.scoring.at
        return (at(k) for k in self.places)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def scoring(ws: Workspace, period: Period) -> Scoring:
    """The workspace's :class:`Scoring` of the period, made on first use: its index is
    the first months of a longer period's index the load gave through the cache (no
    document read), else built from the documents."""
    key = (period.year, period.through)
    found = ws.scorings.get(key)
    if not isinstance(found, Scoring):
        for longer in list(ws.scorings.values()):
            if isinstance(longer, Scoring) and not longer.built and longer.period.year == period.year:
                index = _first_months(longer.index, period.through)
                if index is not None:
                    found = Scoring(ws, period, index)
                    break
        else:
            found = Scoring(ws, period, build_index(ws, period.year, period.through), built=True)
        ws.scorings[key] = found
    return found


def _first_months(idx: Index, through: int) -> Index | None:
    """The index of the months 1..``through`` of ``idx`` (a longer period of the same
    year), or None when it cannot be told from it alone. The grid is month-major: its
    first months are the first cells, and a month's document and scores are the same
    whatever months follow; evaluations, adjustments and ratings are the year's. Members
    keep the positions they took (one with scores only in later months has none in a
    grid built for the shorter period: zeros either way). Whole scores only: with
    decimals the longer period may hold places the shorter one has not."""
    g = idx.grid
    if g.scale or not 0 < through <= g.through or idx.year != g.year:
        return None
    size, n = g.size, g.items
    grid = MonthGrid(
        g.year,
        through,
        n,
        g.scale,
        g.positions,
        g.cells[: through * size * n],
        g.sources[: through * size],
        g.docs,
        g.scored_flags[: through * size],
    )
    org_months = {month: set(orgs) for month, orgs in idx.org_months.items() if month <= through}
    return Index(
        idx.year,
        through,
        grid,
        idx.items,
        dict(idx.evaluations),
        dict(idx.adjustments),
        dict(idx.ratings),
        org_months,
        idx.any_scores,
        idx.any_evaluation,
    )


def index_for(ws: Workspace, period: Period) -> Index:
    """The year's index up to the period's last month, built once per workspace."""
    return scoring(ws, period).index


def all_scores(ws: Workspace, period: Period) -> Mapping[str, MemberScore]:
    """Every member's score of the period, ranked within their org; computed once per
    workspace and period (the honours check, the score report and the workbook share it)."""
    return scoring(ws, period).scores


def member_scores(ws: Workspace, year: int, members: Iterable[str]) -> dict[str, MemberScore]:
    """The year's scores of a few members without computing everyone's (ranks are not
    set). Used where only their stars matter, such as checking a named star of the year."""
    wanted = frozenset(m for m in members if m in ws.members)
    known = scoring(ws, resolve_period(ws, year))  # its index is the one the report uses too
    served = known.scores if "columns" in known.__dict__ else {}
    idx = known.index
    arithmetic = known._arithmetic
    return {
        m: served[m]
        if m in served
        else _member_score(ws, ws.members[m], idx, _parts(ws, ws.members[m], idx, arithmetic), arithmetic=arithmetic)
        for m in wanted
    }


def compute_score(
    ws: Workspace,
    *,
    year: int | None = None,
    org: str | None = None,
    member: str | None = None,
    through: str | None = None,
) -> ScoreReport:
    """Year-end points and stars of the members of the workspace, of ``org``'s subtree, or
    of one ``member``, counted up to ``through`` (a month ``YYYY-MM`` of the year; default
    the whole year, or the months elapsed while the year is not over). Ranks are always
    within the member's whole org (组织关系 in the org tree), whatever is reported. ``org``
    and ``member`` are ids or exact names. Raises :class:`~pingyi.selection.SelectionError`
    for an unknown org or member or a ``through`` outside the year."""
    org = resolve_org(ws, org)
    member = resolve_member(ws, member)
    period = resolve_period(ws, year, through)
    with quiet_gc():
        return _compute_score(ws, period, org, member)


def _compute_score(ws: Workspace, period: Period, org: str | None, member: str | None) -> ScoreReport:
    from .warnings import year_end_warnings

    rules = ws.rules
    star_values = sorted({b.stars for b in rules.stars}, reverse=True)
    stars: dict[str, int] = {str(s): 0 for s in star_values}
    grades: dict[str, int] = {g.value: 0 for g in Grade}
    unrated = 0
    reported: Sequence[MemberScore]
    if member is not None:
        reported = (scoring(ws, period).org_scores(ws.members[member].org)[member],)
        for s in reported:
            if s.stars is None:
                unrated += 1
                continue
            stars[str(s.stars)] = stars.get(str(s.stars), 0) + 1
            if s.grade is not None:
                grades[s.grade.value] += 1
        orgs = {s.org for s in reported}
        scope: set[str] | None = {s.id for s in reported}
    else:
        known = scoring(ws, period)
        members = known.members
        columns = known.columns
        places: Sequence[int]
        if org is None:
            places = range(len(members))
            orgs = {m.org for m in members}
            scope = None
        else:
            inside = set(ws.subtree(org))
            places = [k for k, m in enumerate(members) if m.org in inside]
            orgs = {members[k].org for k in places}
            scope = {members[k].id for k in places}
        reported = Reported(known, places)
        star_column, grade_column = columns.column("stars"), columns.column("grade")
        none = kept.NONE
        counted: dict[int, int] = {}
        for k in places:
            counted[star_column[k]] = counted.get(star_column[k], 0) + 1
        unrated = counted.pop(none, 0)
        for value, count in counted.items():  # the stars met first, first (as counted one by one)
            stars[str(value)] = stars.get(str(value), 0) + count
        graded: dict[int, int] = {}
        for k in places:
            if star_column[k] != none and grade_column[k] != none:
                graded[grade_column[k]] = graded.get(grade_column[k], 0) + 1
        for value, count in graded.items():
            grades[GRADES[value].value] += count
    return ScoreReport(
        year=period.year,
        items=tuple(ScoreItem(i.id, i.name) for i in rules.items),
        decimals=rules.decimals,
        weights=_weights(rules),
        average_over=rules.average_over,
        adjustment_policy=rules.adjustment_policy,
        members=reported,
        stars=stars,
        grades=grades,
        unrated=unrated,
        warnings=tuple(year_end_warnings(ws, period.year, period.month, members=scope)),
        org=org,
        member=member,
        bands=tuple(rules.stars),
        workspace=ws.name,
        org_names={o: ws.orgs[o].name for o in orgs if o in ws.orgs},
        org_order=tuple(o for o in tree_order(ws) if o in orgs),
        through=period.month,
        provisional=period.provisional,
        rounding=rules.rounding,
    )


__all__ = [
    "Made",
    "MemberScore",
    "Reported",
    "ScoreItem",
    "ScoreReport",
    "all_scores",
    "compute_score",
    "Scoring",
    "index_for",
    "member_scores",
    "ordered_members",
    "quiet_gc",
    "rank",
    "scoring",
    "tree_order",
]
