"""Honours: 季度之星 (star of the quarter) and 年度之星 (star of the year). FORMAT §8.

* Quarter star: within one org that holds members (a branch, 党支部) and one quarter, the
  candidates are the org's **scored members** (its own members whose status is active,
  flowing or probationary: the org tree decides, not who happened to be scored that
  quarter). They rank by the sum of all their item scores over the quarter's three
  months (scores of any org count, so a transfer keeps its points). With n the org's
  党员总数 (every member of it in the tree, whatever their status; only the scored ones
  with ``quarter_star.count: scored``), the quota is max(1, floor(n × ``quarter_star.share``)),
  and 0 when n is below ``quarter_star.min_members``.
* Annual star: the candidates are the members of the whole workspace with the highest
  stars of the scheme (ten stars by default; final stars, so a rating counts). With k of
  them, the quota is max(1, floor(k × ``annual_star.share``)), 0 when k = 0.

:func:`compute_honours` gives the ranked candidates, the quota and who was named in the
``kind: honours`` documents of the year: a report. What may not be named is checked by
:mod:`pingyi.checks.honours`, from the same quotas.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..diagnostics import Loc
from ..model import Award, Honour
from ..model.rules import QuarterCount
from ..selection import SelectionError, resolve_org, year_of
from ..workspace import Member, Workspace
from .score import MonthGrid, ScoreReport, compute_score, exact_sum, exact_text, quiet_gc, rank, resolve_period, scoring

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate and their quarter sum (or, for the annual star, their total)."""

    id: str
    name: str
    org: str
    points: Decimal
    months: int
    rank: int
    named: bool
    stars: int | None = None


@dataclass(frozen=True, slots=True)
class Named:
    """A member named in a ``kind: honours`` item, and where."""

    member: str
    loc: Loc


class _Quota:
    """What the quarter and the annual stars share: a quota and the members named."""

    __slots__ = ()
    quota: int
    named: tuple[Named, ...]

    @property
    def over_quota(self) -> bool:
        """More distinct members named than the quota allows."""
        return len({n.member for n in self.named}) > self.quota


@dataclass(frozen=True, slots=True)
class QuarterStars(_Quota):
    """The quarter stars of one org and quarter."""

    quarter: int
    org: str
    org_name: str
    n: int
    quota: int
    candidates: tuple[Candidate, ...]
    named: tuple[Named, ...]
    item_locs: tuple[Loc, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnualStars(_Quota):
    """The stars of the year: candidates are the top-star members of the whole workspace."""

    top_stars: int
    k: int
    quota: int
    candidates: tuple[Candidate, ...]
    named: tuple[Named, ...]
    item_locs: tuple[Loc, ...] = ()


@dataclass(frozen=True)
class HonoursReport:
    year: int
    quarter_share: Fraction
    min_members: int
    annual_share: Fraction
    quarters: tuple[QuarterStars, ...]
    annual: AnnualStars
    count_scored: bool = False
    """``quarter_star.count: scored``: n counts the scored members only."""


def quarter_quota(n: int, share: Fraction | Decimal, min_members: int) -> int:
    """max(1, floor(n × share)); 0 when n < min_members."""
    if n < min_members or n <= 0:
        return 0
    return max(1, math.floor(n * Fraction(share)))


def annual_quota(k: int, share: Fraction | Decimal) -> int:
    """max(1, floor(k × share)); 0 when k = 0."""
    if k <= 0:
        return 0
    return max(1, math.floor(k * Fraction(share)))


def quarter_months(year: int, quarter: int) -> tuple[str, ...]:
    return tuple(f"{year}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1))


def _quarter_sums(ws: Workspace, year: int, quarter: int) -> tuple[dict[str, Decimal], dict[str, int]]:
    """Per member: the sum of item scores over the quarter and the months scored. A month
    scored twice counts once (the first). Taken from the year's grid of monthly scores
    (:class:`~pingyi.compute.score.MonthGrid`, shared with the score report) when it
    reaches the quarter's last month, else from the documents."""
    period = resolve_period(ws, year)
    if period.year == year and 3 * quarter <= period.through:
        return _grid_sums(scoring(ws, period).index.grid, quarter)
    wanted = set(quarter_months(year, quarter))
    sums: dict[str, int | Fraction] = {}
    months: dict[str, set[str]] = {}
    n = ws.rules.item_count
    for doc in ws.scores:
        month = doc.model.month
        if month not in wanted:
            continue
        for member, values in doc.model.scores.items():
            have = months.setdefault(member, set())
            if month in have:
                continue
            have.add(month)
            sums[member] = sums.get(member, 0) + exact_sum(values[:n])
    return {k: _decimal(v) for k, v in sums.items()}, {k: len(v) for k, v in months.items()}


def _grid_sums(grid: MonthGrid, quarter: int) -> tuple[dict[str, Decimal], dict[str, int]]:
    """:func:`_quarter_sums` from the grid: its three months added cell by cell at once,
    then each member's items."""
    size, n = grid.size, grid.items
    width = size * n
    first = 3 * quarter - 3
    cells, flags = grid.cells, grid.scored_flags
    months = [cells[m * width : (m + 1) * width] for m in range(first, first + 3)]
    by_item = list(map(sum, zip(*months)))
    totals = list(map(sum, zip(*(by_item[i::n] for i in range(n))))) if n else [0] * size
    counts = list(map(sum, zip(*(flags[m * size : (m + 1) * size] for m in range(first, first + 3)))))
    den = 10**grid.scale
    shown: dict[int, Decimal] = {}
    sums: dict[str, Decimal] = {}
    scored: dict[str, int] = {}
    for member, p in grid.positions.items():
        if not counts[p]:
            continue  # not scored in the quarter
        total = totals[p]
        value = shown.get(total)
        if value is None:
            value = shown[total] = Decimal(total) if den == 1 else _decimal(Fraction(total, den))
        sums[member] = value
        scored[member] = counts[p]
    return sums, scored


def _decimal(value: int | Fraction) -> Decimal:
    """An exact sum of scores as a Decimal (sums of decimals always terminate)."""
    return Decimal(value) if type(value) is int else Decimal(exact_text(value))


def named_honours(ws: Workspace, year: int) -> tuple[dict[tuple[int, str], list[tuple[Honour, Loc]]], list[tuple[Honour, Loc]]]:
    """Honours items of the year with their locs: quarter items by (quarter, org), and the
    annual items."""
    quarter: dict[tuple[int, str], list[tuple[Honour, Loc]]] = {}
    annual: list[tuple[Honour, Loc]] = []
    for doc in ws.honours:
        if doc.model.year != year:
            continue
        for i, item in enumerate(doc.model.items):
            loc = doc.loc.at("items", i)
            if item.award is Award.QUARTER and item.quarter is not None and item.org is not None:
                quarter.setdefault((item.quarter, item.org), []).append((item, loc))
            elif item.award is Award.ANNUAL:
                annual.append((item, loc))
    return quarter, annual


def names_of(entries: list[tuple[Honour, Loc]]) -> tuple[Named, ...]:
    return tuple(Named(member, loc.at("members", j)) for item, loc in entries for j, member in enumerate(item.members))


def member_orgs(ws: Workspace) -> list[str]:
    """Orgs that hold scored members of their own (the branches of the quarter star), in
    tree order (orgs outside the tree, in a cycle, last)."""
    return [o for o in ws.orgs_in_order() if any(m.scored for m in own_members(ws, o))]


def own_members(ws: Workspace, org: str) -> list[Member]:
    """The org's own members (组织关系 in it), in roster order; none for an unknown org."""
    return ws.members_of(org, recursive=False) if org in ws.orgs else []


def quota_members(ws: Workspace, org: str) -> int:
    """n of the 季度之星 quota: the org's 党员总数 (every own member, whatever the status),
    or only its scored members under ``quarter_star.count: scored``."""
    own = own_members(ws, org)
    if ws.rules.quarter_star.count is QuarterCount.SCORED:
        return sum(1 for m in own if m.scored)
    return len(own)


def compute_quarter(ws: Workspace, year: int, quarter: int, org: str, *, _cache: dict | None = None) -> QuarterStars:
    """The ranked candidates, quota and named quarter stars of one org and quarter."""
    rules = ws.rules
    cache = {} if _cache is None else _cache
    if ("sums", quarter) not in cache:
        cache[("sums", quarter)] = _quarter_sums(ws, year, quarter)
    if "named" not in cache:
        cache["named"] = named_honours(ws, year)
    sums, months = cache[("sums", quarter)]
    named_items, _ = cache["named"]
    entries = named_items.get((quarter, org), [])
    named = names_of(entries)
    named_ids = {n.member for n in named}
    if ("own", org) not in cache:
        cache[("own", org)] = own_members(ws, org)
    own = cache[("own", org)]
    members = [m for m in own if m.scored]
    ranks = rank((m.id, sums.get(m.id, ZERO)) for m in members)
    candidates = sorted(
        (
            Candidate(m.id, m.name, m.org, sums.get(m.id, ZERO), months.get(m.id, 0), ranks[m.id], m.id in named_ids)
            for m in members
        ),
        key=lambda c: c.rank,  # stable: roster order within a rank
    )
    n = sum(1 for m in own if m.scored) if rules.quarter_star.count is QuarterCount.SCORED else len(own)  # quota_members
    return QuarterStars(
        quarter,
        org,
        ws.orgs[org].name if org in ws.orgs else org,
        n,
        quarter_quota(n, rules.quarter_star.share, rules.quarter_star.min_members),
        tuple(candidates),
        named,
        tuple(loc for _, loc in entries),
    )


def compute_annual(ws: Workspace, year: int, report: ScoreReport | None = None) -> AnnualStars:
    """Annual star candidates over the whole workspace (final stars), the quota and who was
    named. ``report`` may pass a whole-workspace score report already computed."""
    if report is None or report.org is not None or report.member is not None:
        report = compute_score(ws, year=year)
    top = ws.rules.max_stars
    _, entries = named_honours(ws, year)
    named = names_of(entries)
    named_ids = {n.member for n in named}
    tops = [m for m in report.members if m.stars == top]
    ranks = rank((m.id, m.total if m.total is not None else Decimal(0)) for m in tops)
    candidates = sorted(
        (
            Candidate(
                m.id,
                m.name,
                m.org,
                m.total if m.total is not None else Decimal(0),
                m.months,
                ranks[m.id],
                m.id in named_ids,
                m.stars,
            )
            for m in tops
        ),
        key=lambda c: c.rank,
    )
    k = len(tops)
    return AnnualStars(
        top, k, annual_quota(k, ws.rules.annual_star.share), tuple(candidates), named, tuple(loc for _, loc in entries)
    )


def compute_honours(
    ws: Workspace,
    *,
    year: int | None = None,
    quarter: int | None = None,
    org: str | None = None,
    report: ScoreReport | None = None,
) -> HonoursReport:
    """Quarter stars of every org holding scored members (of ``org``'s subtree, and of one
    ``quarter`` when given) plus any org named in the year's honours, and the annual star.
    Raises :class:`~pingyi.selection.SelectionError` for an unknown org or a
    quarter outside 1–4."""
    org = resolve_org(ws, org)
    if quarter is not None and not 1 <= quarter <= 4:
        raise SelectionError("option-quarter", "--quarter", quarter=quarter)
    year = year_of(ws, year)
    with quiet_gc():
        return _compute_honours(ws, year, quarter, org, report)


def quarter_orgs(ws: Workspace, year: int, org: str | None = None) -> list[str]:
    """The orgs of the quarter stars: every org holding scored members (of ``org``'s
    subtree), in tree order, then any other org named in the year's honours."""
    named_items, _ = named_honours(ws, year)
    scope = set(ws.subtree(org)) if org is not None else None
    orgs = member_orgs(ws)
    known = set(orgs)
    orgs += [o for (_, o) in named_items if o not in known and o in ws.orgs]
    if scope is not None:
        orgs = [o for o in orgs if o in scope]
    return orgs


def quarter_stars(ws: Workspace, year: int, quarters: Sequence[int], orgs: Sequence[str]) -> Iterator[QuarterStars]:
    """The quarter stars of each quarter and org (quarter by quarter, orgs in the order
    given), each computed when it is reached: the sums of a quarter are worked out once."""
    cache: dict = {}
    for q in quarters:
        for o in orgs:
            yield compute_quarter(ws, year, q, o, _cache=cache)


def _compute_honours(ws: Workspace, year: int, quarter: int | None, org: str | None, report: ScoreReport | None) -> HonoursReport:
    rules = ws.rules
    orgs = quarter_orgs(ws, year, org)
    quarters = [quarter] if quarter is not None else [1, 2, 3, 4]
    result = tuple(quarter_stars(ws, year, quarters, orgs))
    return HonoursReport(
        year,
        Fraction(rules.quarter_star.share),
        rules.quarter_star.min_members,
        Fraction(rules.annual_star.share),
        result,
        compute_annual(ws, year, report),
        rules.quarter_star.count is QuarterCount.SCORED,
    )


def scored_by(ws: Workspace, year: int, quarter: int) -> dict[str, set[str]]:
    """Per member, the orgs that scored them in the quarter."""
    wanted = set(quarter_months(year, quarter))
    out: dict[str, set[str]] = {}
    for doc in ws.scores:
        if doc.model.month in wanted:
            for member in doc.model.scores:
                out.setdefault(member, set()).add(doc.model.org)
    return out


__all__ = [
    "AnnualStars",
    "Candidate",
    "HonoursReport",
    "Named",
    "QuarterStars",
    "annual_quota",
    "compute_annual",
    "compute_honours",
    "compute_quarter",
    "named_honours",
    "quota_members",
    "scored_by",
    "member_orgs",
    "quarter_months",
    "quarter_orgs",
    "quarter_quota",
    "quarter_stars",
]
