"""Checks of the honours (季度之星, 年度之星; FORMAT §8): who may be named, and how many.

A year-end check: the quota of the star of the year counts the ten-star members, so it
needs the year's computed points. The quotas themselves are those of the honours report
(:mod:`pingyi.compute.honours`), so what ``pingyi honours`` shows and what ``pingyi check``
enforces cannot differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..compute.honours import (
    Named,
    annual_quota,
    compute_annual,
    named_honours,
    names_of,
    quarter_quota,
    quota_members,
    scored_by,
)
from ..compute.score import member_scores, quiet_gc
from ..diagnostics import Diagnostic, Loc, error
from ..model import Honour
from ..model.rules import QuarterCount
from ..workspace import Workspace
from .points import member_ref, org_ref


def check_honours(ws: Workspace) -> Iterator[Diagnostic]:
    """Naming more than the quota, an annual star without the top stars, unknown members
    and orgs, a member named twice, a quarter star who is exempt or no member of that org
    (nor scored by it that quarter): errors. The two checks below, year by year."""
    for year in _years(ws):
        with quiet_gc():
            found = list(_quarters(ws, year)) + list(_annual(ws, year))
        yield from found


def check_quarter_stars(ws: Workspace) -> Iterator[Diagnostic]:
    """The 季度之星 of :func:`check_honours`: they read the tree, the rules, the honours
    and which orgs scored whom in which month, not the numbers."""
    for year in _years(ws):
        with quiet_gc():
            found = list(_quarters(ws, year))
        yield from found


def check_annual_stars(ws: Workspace) -> Iterator[Diagnostic]:
    """The 年度之星 of :func:`check_honours`: they read the year's points."""
    for year in _years(ws):
        with quiet_gc():
            found = list(_annual(ws, year))
        yield from found


def _years(ws: Workspace) -> list[int]:
    return sorted({doc.model.year for doc in ws.honours})


def _share(share: Fraction) -> str:
    """A share as a percentage when it is one (5%, 2.5%), else as the fraction (1/3)."""
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    decimal = Decimal(percent.numerator) / Decimal(percent.denominator)
    if Fraction(decimal) == percent:
        return f"{decimal.normalize():f}%"
    return str(share)


def _quarters(ws: Workspace, year: int) -> Iterator[Diagnostic]:
    rules = ws.rules
    named_items, _ = named_honours(ws, year)
    scored_in: dict[int, dict[str, set[str]]] = {}
    scored_count = rules.quarter_star.count is QuarterCount.SCORED
    for (quarter, org), entries in named_items.items():
        if org not in ws.orgs:
            for _, loc in entries:
                yield from org_ref(ws, org, loc.at("org"))
            continue
        names = names_of(entries)
        yield from _roster(ws, names, key="honour-named-twice-quarter", quarter=quarter, org=org)
        for named in names:
            m = named.member
            if m not in ws.members:
                continue
            member = ws.members[m]
            if not member.scored:
                yield error("honour-not-scored", named.loc, member=m, name=member.name)
                continue
            if member.org != org:
                if quarter not in scored_in:
                    scored_in[quarter] = scored_by(ws, year, quarter)
                if org not in scored_in[quarter].get(m, set()):
                    yield error(
                        "honour-wrong-org",
                        named.loc,
                        member=m,
                        name=member.name,
                        member_org=member.org,
                        org=org,
                        org_name=ws.orgs[org].name,
                        quarter=quarter,
                    )
        count = len({n.member for n in names})
        n = quota_members(ws, org)
        quota = quarter_quota(n, rules.quarter_star.share, rules.quarter_star.min_members)
        if count > quota:
            key = "quarter-over-quota-small" if quota == 0 else "quarter-over-quota"
            yield error(
                "honours-over-quota",
                _last(entries),
                key=key + ("-scored" if scored_count else ""),
                count=count,
                quarter=quarter,
                org=org,
                name=ws.orgs[org].name,
                n=n,
                quota=quota,
                share=_share(rules.quarter_star.share),
                minimum=rules.quarter_star.min_members,
            )


def _last(entries: list[tuple[Honour, Loc]]) -> Loc:
    """Where an over-quota is reported: the last item that names stars for it."""
    return entries[-1][1]


def _annual(ws: Workspace, year: int) -> Iterator[Diagnostic]:
    rules = ws.rules
    _, entries = named_honours(ws, year)
    if not entries:
        return
    names = names_of(entries)
    distinct = {n.member for n in names}
    if len(names) == len(distinct) <= 1 and distinct <= ws.members.keys():
        few = member_scores(ws, year, distinct)
        if all(s.stars == rules.max_stars for s in few.values()):
            # one star of the year, with the top stars: the quota is at least one when
            # anyone has the top stars, so nothing is wrong and everyone's scores are not
            # needed (a county's `pingyi check` stays quick)
            return
    annual = compute_annual(ws, year)
    top_ids = {c.id for c in annual.candidates}
    yield from _roster(ws, annual.named, key="honour-named-twice-annual")
    scores = member_scores(ws, year, [n.member for n in annual.named if n.member not in top_ids])
    for named in annual.named:
        m = named.member
        if m in ws.members and m not in top_ids:
            s = scores[m]
            if s.stars is None:
                yield error(
                    "annual-star-not-top",
                    named.loc,
                    key="annual-star-unrated",
                    member=m,
                    name=s.name,
                    year=year,
                    top=annual.top_stars,
                )
            else:
                yield error(
                    "annual-star-not-top", named.loc, member=m, name=s.name, stars=s.stars, year=year, top=annual.top_stars
                )
    count = len({n.member for n in annual.named})
    quota = annual_quota(annual.k, rules.annual_star.share)
    if count > quota:
        yield error(
            "honours-over-quota",
            _last(entries),
            key="annual-over-quota-none" if quota == 0 else "annual-over-quota",
            count=count,
            year=year,
            k=annual.k,
            top=annual.top_stars,
            quota=quota,
            share=_share(rules.annual_star.share),
        )


def _roster(ws: Workspace, names: tuple[Named, ...], *, key: str, **where: Any) -> Iterator[Diagnostic]:
    """What is wrong with a list of names whatever the honour: a name that is no member,
    and a member named twice."""
    seen: set[str] = set()
    for named in names:
        m = named.member
        if m not in ws.members:
            yield from member_ref(ws, m, named.loc)
        elif m in seen:
            yield error("honour-named-twice", named.loc, key=key, member=m, **where)
        seen.add(m)


#: Year-end checks: they need the year's computed points (the 季度之星 the shape of the
#: scores alone, so that a number edited leaves them as they were).
YEAR_END_CHECKS = [check_quarter_stars, check_annual_stars]
