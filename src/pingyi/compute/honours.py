"""Honours: 季度之星 (star of the quarter) and 年度之星 (star of the year). FORMAT §8.

* Quarter star: within one org that holds members (a branch, 党支部) and one quarter, the
  candidates are the org's **scored members** (its own members whose status is active,
  flowing or probationary: the org tree decides, not who happened to be scored that
  quarter). They rank by the sum of all their item scores over the quarter's three
  months (scores of any org count, so a transfer keeps its points). With n the number of
  candidates, the quota is max(1, floor(n × ``quarter_star.share``)), and 0 when n is
  below ``quarter_star.min_members``.
* Annual star: the candidates are the members of the whole workspace with the highest
  stars of the scheme (ten stars by default; final stars, so a rating counts). With k of
  them, the quota is max(1, floor(k × ``annual_star.share``)), 0 when k = 0.

:func:`compute_honours` gives the ranked candidates, the quota and who was named in the
``kind: honours`` documents of the year; :func:`honours_problems` the violations that
``pingyi check`` reports.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..diagnostics import Loc
from ..model import Award, Honour
from ..workspace import Workspace
from .score import ScoreReport, compute_score, exact_sum, exact_text, member_scores, quiet_gc, rank


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


@dataclass(frozen=True, slots=True)
class QuarterStars:
    """The quarter stars of one org and quarter."""

    quarter: int
    org: str
    org_name: str
    n: int
    quota: int
    candidates: tuple[Candidate, ...]
    named: tuple[Named, ...]
    item_locs: tuple[Loc, ...] = ()

    @property
    def over_quota(self) -> bool:
        return len({n.member for n in self.named}) > self.quota


@dataclass(frozen=True, slots=True)
class AnnualStars:
    """The stars of the year: candidates are the top-star members of the whole workspace."""

    top_stars: int
    k: int
    quota: int
    candidates: tuple[Candidate, ...]
    named: tuple[Named, ...]
    item_locs: tuple[Loc, ...] = ()

    @property
    def over_quota(self) -> bool:
        return len({n.member for n in self.named}) > self.quota


@dataclass(frozen=True)
class HonoursReport:
    year: int
    quarter_share: Fraction
    min_members: int
    annual_share: Fraction
    quarters: tuple[QuarterStars, ...]
    annual: AnnualStars


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


def _quarter_sums(ws: Workspace, year: int, quarter: int) -> tuple[dict[str, Decimal], dict[str, int], dict[str, set[str]]]:
    """Per member: the sum of item scores over the quarter, the months scored, and the
    orgs that scored them in the quarter. A month scored twice counts once (the first)."""
    wanted = {f"{year}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)}
    sums: dict[str, int | Fraction] = {}
    months: dict[str, set[str]] = {}
    scored_by: dict[str, set[str]] = {}
    n = ws.rules.item_count
    for doc in ws.scores:
        month = doc.model.month
        if month not in wanted:
            continue
        org = doc.model.org
        for member, values in doc.model.scores.items():
            have = months.setdefault(member, set())
            if month in have:
                continue
            have.add(month)
            sums[member] = sums.get(member, 0) + exact_sum(values[:n])
            scored_by.setdefault(member, set()).add(org)
    return {k: _decimal(v) for k, v in sums.items()}, {k: len(v) for k, v in months.items()}, scored_by


def _decimal(value: int | Fraction) -> Decimal:
    """An exact sum of scores as a Decimal (sums of decimals always terminate)."""
    return Decimal(value) if type(value) is int else Decimal(exact_text(value))


def _named(ws: Workspace, year: int) -> tuple[dict[tuple[int, str], list[tuple[Honour, Loc]]], list[tuple[Honour, Loc]]]:
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


def _names(entries: list[tuple[Honour, Loc]]) -> tuple[Named, ...]:
    return tuple(Named(member, loc.at("members", j)) for item, loc in entries for j, member in enumerate(item.members))


def member_orgs(ws: Workspace) -> list[str]:
    """Orgs that hold scored members of their own (the branches of the quarter star), in
    tree order."""
    order = [o for root in ws.roots for o in ws.subtree(root)]
    seen = set(order)
    order += [o for o in ws.orgs if o not in seen]
    return [o for o in order if any(m in ws.members and ws.members[m].org == o and ws.members[m].scored for m in ws.orgs[o].members)]


def compute_quarter(ws: Workspace, year: int, quarter: int, org: str, *, _cache: dict | None = None) -> QuarterStars:
    """The ranked candidates, quota and named quarter stars of one org and quarter."""
    rules = ws.rules
    cache = {} if _cache is None else _cache
    if ("sums", quarter) not in cache:
        cache[("sums", quarter)] = _quarter_sums(ws, year, quarter)
    if "named" not in cache:
        cache["named"] = _named(ws, year)
    sums, months, _ = cache[("sums", quarter)]
    named_items, _ = cache["named"]
    entries = named_items.get((quarter, org), [])
    named = _names(entries)
    named_ids = {n.member for n in named}
    members = (
        [ws.members[m] for m in ws.orgs[org].members if m in ws.members and ws.members[m].org == org and ws.members[m].scored]
        if org in ws.orgs
        else []
    )
    ranks = rank((m.id, sums.get(m.id, ZERO)) for m in members)
    candidates = sorted(
        (
            Candidate(m.id, m.name, m.org, sums.get(m.id, ZERO), months.get(m.id, 0), ranks[m.id], m.id in named_ids)
            for m in members
        ),
        key=lambda c: c.rank,  # stable: roster order within a rank
    )
    n = len(members)
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
    _, entries = _named(ws, year)
    named = _names(entries)
    named_ids = {n.member for n in named}
    tops = [m for m in report.members if m.stars == top]
    ranks = rank((m.id, m.total if m.total is not None else Decimal(0)) for m in tops)
    candidates = sorted(
        (
            Candidate(m.id, m.name, m.org, m.total if m.total is not None else Decimal(0), m.months, ranks[m.id], m.id in named_ids, m.stars)
            for m in tops
        ),
        key=lambda c: c.rank,
    )
    k = len(tops)
    return AnnualStars(top, k, annual_quota(k, ws.rules.annual_star.share), tuple(candidates), named, tuple(loc for _, loc in entries))


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
    Raises ``KeyError`` for an unknown org and ``ValueError`` for a quarter outside 1–4."""
    if org is not None and org not in ws.orgs:
        raise KeyError(f"no org `{org}` in this workspace")
    if quarter is not None and not 1 <= quarter <= 4:
        raise ValueError(f"a quarter is 1, 2, 3 or 4, not {quarter}")
    year = ws.year if year is None else year
    with quiet_gc():
        return _compute_honours(ws, year, quarter, org, report)


def _compute_honours(ws: Workspace, year: int, quarter: int | None, org: str | None, report: ScoreReport | None) -> HonoursReport:
    rules = ws.rules
    named_items, _ = _named(ws, year)
    scope = set(ws.subtree(org)) if org is not None else None
    orgs = member_orgs(ws)
    known = set(orgs)
    orgs += [o for (_, o) in named_items if o not in known and o in ws.orgs]
    if scope is not None:
        orgs = [o for o in orgs if o in scope]
    quarters = [quarter] if quarter is not None else [1, 2, 3, 4]
    cache: dict = {}
    result = tuple(compute_quarter(ws, year, q, o, _cache=cache) for q in quarters for o in orgs)
    return HonoursReport(
        year,
        Fraction(rules.quarter_star.share),
        rules.quarter_star.min_members,
        Fraction(rules.annual_star.share),
        result,
        compute_annual(ws, year, report),
    )


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True, slots=True)
class HonoursProblem:
    """A violation of FORMAT §8, as data: ``code`` and where (``loc``)."""

    code: str
    message: str
    loc: Loc


def honours_problems(ws: Workspace) -> Iterator[HonoursProblem]:
    """Every problem of the workspace's honours documents: unknown members and orgs, a
    quarter star who is not a scored member of that org (nor scored by it that quarter),
    an annual star without the top stars, and more names than the quota."""
    years = sorted({doc.model.year for doc in ws.honours})
    for year in years:
        with quiet_gc():
            problems = list(_year_problems(ws, year))
        yield from problems


def _year_problems(ws: Workspace, year: int) -> Iterator[HonoursProblem]:
    rules = ws.rules
    named_items, annual_entries = _named(ws, year)
    cache: dict = {}
    for (quarter, org), entries in named_items.items():
        first_loc = entries[0][1]
        if org not in ws.orgs:
            what = "a member, not an org" if org in ws.members else "no org of this workspace"
            for _, loc in entries:
                yield HonoursProblem("unknown-org", f"org `{org}` is {what}", loc.at("org"))
            continue
        q = _quarter_quota(ws, quarter, org, entries)
        yield from _roster_problems(ws, q.named, f"for quarter {quarter} of `{org}`")
        for named in q.named:
            m = named.member
            if m not in ws.members:
                continue
            member = ws.members[m]
            if not member.scored:
                yield HonoursProblem(
                    "honour-not-scored",
                    f"`{m}` ({member.name}) is exempt (免于积分): not scored, so no candidate for the star of the quarter",
                    named.loc,
                )
            elif member.org != org and org not in _scored_by(ws, year, quarter, cache).get(m, set()):
                yield HonoursProblem(
                    "honour-wrong-org",
                    f"`{m}` ({member.name}) is a member of `{member.org}`, not of `{org}` "
                    f"({ws.orgs[org].name}), and was not scored by it in quarter {quarter}",
                    named.loc,
                )
        count = len({n.member for n in q.named})
        if count > q.quota:
            why = (
                f"with {q.n} scored members (fewer than {rules.quarter_star.min_members}) it may name none"
                if q.quota == 0
                else f"with {q.n} scored members the quota is {q.quota} "
                f"(max(1, floor({q.n} × {_pct(rules.quarter_star.share)})))"
            )
            yield HonoursProblem(
                "honours-over-quota",
                f"{count} stars of quarter {quarter} named for `{org}` ({ws.orgs[org].name}); {why}",
                entries[-1][1] if len(entries) > 1 else first_loc,
            )
    if annual_entries:
        names = _names(annual_entries)
        distinct = {n.member for n in names}
        if len(names) == len(distinct) <= 1 and distinct <= ws.members.keys():
            few = member_scores(ws, year, distinct)
            if all(s.stars == rules.max_stars for s in few.values()):
                # one star of the year, with the top stars: the quota is at least one when
                # anyone has the top stars, so nothing is wrong and everyone's scores are
                # not needed (a county's `pingyi check` stays quick)
                return
        report = compute_score(ws, year=year)
        annual = compute_annual(ws, year, report)
        top_ids = {c.id for c in annual.candidates}
        yield from _roster_problems(ws, annual.named, "as star of the year")
        for named in annual.named:
            m = named.member
            if m in ws.members and m not in top_ids:
                score = report.get(m)
                assert score is not None
                has = "is unrated" if score.stars is None else f"has {score.stars} stars"
                yield HonoursProblem(
                    "annual-star-not-top",
                    f"`{m}` ({score.name}) {has} in {year}; the star of the year is chosen among "
                    f"{annual.top_stars}-star members",
                    named.loc,
                )
        count = len({n.member for n in annual.named})
        if count > annual.quota:
            why = (
                f"there is no {annual.top_stars}-star member, so none may be named"
                if annual.quota == 0
                else f"with {annual.k} {annual.top_stars}-star members the quota is {annual.quota} "
                f"(max(1, floor({annual.k} × {_pct(rules.annual_star.share)})))"
            )
            yield HonoursProblem(
                "honours-over-quota",
                f"{count} stars of the year named for {year}; {why}",
                annual_entries[-1][1],
            )


def _roster_problems(ws: Workspace, names: tuple[Named, ...], where: str) -> Iterator[HonoursProblem]:
    """What is wrong with a list of names whatever the honour: a name that is no member,
    and a member named twice."""
    seen: set[str] = set()
    for named in names:
        m = named.member
        if m not in ws.members:
            extra = " (it is an org)" if m in ws.orgs else ""
            yield HonoursProblem("unknown-member", f"`{m}` is no member of this workspace{extra}", named.loc)
        elif m in seen:
            yield HonoursProblem("honour-named-twice", f"`{m}` is named twice {where}", named.loc)
        seen.add(m)


def _quarter_quota(ws: Workspace, quarter: int, org: str, entries: list[tuple[Honour, Loc]]) -> QuarterStars:
    """What the check needs of a quarter: who was named, n and the quota (no ranking)."""
    n = sum(1 for m in ws.orgs[org].members if m in ws.members and ws.members[m].org == org and ws.members[m].scored)
    rules = ws.rules
    quota = quarter_quota(n, rules.quarter_star.share, rules.quarter_star.min_members)
    return QuarterStars(quarter, org, ws.orgs[org].name, n, quota, (), _names(entries), tuple(loc for _, loc in entries))


def _scored_by(ws: Workspace, year: int, quarter: int, cache: dict) -> dict[str, set[str]]:
    """Per member, the orgs that scored them in the quarter (computed when first asked)."""
    key = ("scored_by", quarter)
    if key not in cache:
        wanted = {f"{year}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)}
        out: dict[str, set[str]] = {}
        for doc in ws.scores:
            if doc.model.month in wanted:
                for member in doc.model.scores:
                    out.setdefault(member, set()).add(doc.model.org)
        cache[key] = out
    return cache[key]  # type: ignore[no-any-return]


def _pct(share: Decimal | Fraction) -> str:
    percent = Fraction(share) * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    decimal = Decimal(percent.numerator) / Decimal(percent.denominator)
    if Fraction(decimal) == percent:
        return f"{decimal.normalize():f}%"
    return str(Fraction(share))


__all__ = [
    "AnnualStars",
    "Candidate",
    "HonoursProblem",
    "HonoursReport",
    "Named",
    "QuarterStars",
    "annual_quota",
    "compute_annual",
    "compute_honours",
    "compute_quarter",
    "honours_problems",
    "member_orgs",
    "quarter_months",
    "quarter_quota",
]
