"""The year-end warnings of the points (FORMAT §6–7), as diagnostics.

:func:`year_end_warnings` is the one place they are decided; ``pingyi check`` (through the
year-end checks of :mod:`pingyi.checks.points`) and ``pingyi score`` / ``explain`` show
what it returns:

* ``missing-months``: a scored member without a score for months that have ended; a month
  that none of an org's scored members has is said once for the org, not per member;
* ``no-evaluations`` (no democratic evaluation at all for the year), ``no-evaluation`` (a
  scored member no evaluation names: D = 0), ``several-evaluations``;
* ``exempt-unrated``: an exempt member (免于积分) without a rating;
* ``democratic-blank``: a ballot that leaves out a scored member of its org, at that ballot.

A workspace that keeps no scores for the year gets no per-member points warnings.
Messages are the templates of :mod:`pingyi.messages.points`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ...diagnostics import Diagnostic, Loc, warning
from ...model import MemberStatus
from ...model.rules import DemocraticBlank
from ...workspace import Member, Workspace
from .index import Index
from .period import Period, resolve_period
from .report import index_for, scoring


def year_end_warnings(
    ws: Workspace, year: int | None = None, through: str | None = None, *, members: Collection[str] | None = None
) -> list[Diagnostic]:
    """Every year-end warning of the points of ``year`` up to ``through`` (see the module),
    of the ``members`` given (default: everyone)."""
    period = resolve_period(ws, year, through)
    if members is None:
        return list(scoring(ws, period).warnings)
    return list(_warnings(ws, index_for(ws, period), period, members))


def all_warnings(ws: Workspace, period: Period) -> tuple[Diagnostic, ...]:
    """Every year-end warning of the period, of every member (:attr:`Scoring.warnings
    <pingyi.compute.score.Scoring.warnings>`, computed once)."""
    return tuple(_warnings(ws, index_for(ws, period), period, None))


def _warnings(ws: Workspace, idx: Index, period: Period, only: Collection[str] | None) -> Iterator[Diagnostic]:
    yield from _blanks(ws, period.year, only, idx)
    if not ws.scores:
        return  # the workspace keeps no points at all
    year = period.year
    everyone = scoring(ws, period).members  # tree order, once per period
    people = everyone if only is None else [m for m in everyone if m.id in only]
    yield from _unrated(idx, people, year)
    if not idx.any_scores:
        return  # no points for this year: nothing is missing, nothing to evaluate
    exempt = MemberStatus.EXEMPT
    scored = [m for m in people if m.status is not exempt]
    if not idx.any_evaluation and scored:
        yield warning("no-evaluations", None, year=year)
    yield from _missing_months(ws, idx, period, scored)
    if not idx.any_evaluation:
        return
    evaluations = idx.evaluations
    for m in scored:
        found = evaluations.get(m.id)
        if not found:
            yield warning("no-evaluation", m.loc.at("id"), member=m.id, name=m.name, year=year)
        elif len(found) > 1:
            chosen = idx.chosen(m)
            assert chosen is not None
            orgs = [sheet.org for sheet, _ in found]
            yield warning("several-evaluations", m.loc.at("id"), member=m.id, name=m.name, orgs=orgs, org=chosen[0].org)


def _unrated(idx: Index, people: list[Member], year: int) -> Iterator[Diagnostic]:
    """An exempt member (免于积分) without a rating of the year stays unrated."""
    exempt, ratings = MemberStatus.EXEMPT, idx.ratings
    for m in people:
        if m.status is exempt and m.id not in ratings:
            yield warning("exempt-unrated", m.loc.at("status"), member=m.id, name=m.name, year=year)


def _missing_months(ws: Workspace, idx: Index, period: Period, scored: list[Member]) -> Iterator[Diagnostic]:
    """Months that have ended without a score. A month none of an org's scored members has
    is said once, at the org; the rest per member, at the member."""
    elapsed = min(period.elapsed, period.through)
    if elapsed <= 0:
        return
    year = period.year
    grid = idx.grid
    size, flags, positions = grid.size, grid.scored_flags, grid.positions
    none = bytes(elapsed)
    # the months scored of every member at once (counted over the months of the index):
    # when those are the months elapsed, a member who has them all lacks none, an org
    # none of whose members lacks one has nothing to say, and an org one of whose members
    # has them all lacks none as a whole
    counts = grid.all_scored() if elapsed == grid.through else None
    if counts is not None:
        short = {m.org for m in scored if (p := positions.get(m.id)) is None or counts[p] != elapsed}
        scored = [m for m in scored if m.org in short]
    by_org: dict[str, list[Member]] = {}
    for m in scored:
        by_org.setdefault(m.org, []).append(m)
    for org_id, members in by_org.items():
        if counts is not None:
            lacking = [m for m in members if (p := positions.get(m.id)) is None or counts[p] != elapsed]
            if not lacking:
                continue
            if len(lacking) < len(members):
                for m in lacking:
                    p = positions.get(m.id)
                    have = none if p is None else flags[p::size][:elapsed]
                    yield _member_missing(m, year, elapsed, [k for k in range(1, elapsed + 1) if not have[k - 1]])
                continue
        # per member, one byte a month: 1 for a month with a score
        months = [none if (p := positions.get(m.id)) is None else flags[p::size][:elapsed] for m in members]
        whole_org = [k for k in range(1, elapsed + 1) if not any(have[k - 1] for have in months)]
        own = ws.orgs.get(org_id)
        if whole_org and own is not None:
            key = "missing-months-org-all" if len(whole_org) == elapsed else "missing-months-org"
            yield warning(
                "missing-months",
                own.loc.at("id"),
                key=key,
                org=org_id,
                name=own.name,
                year=year,
                months=[f"{year}-{k:02d}" for k in whole_org],
            )
        gone = set(whole_org) if own is not None else set()
        for m, have in zip(members, months):
            if have.count(0) == len(gone):
                continue  # every month scored but those the org as a whole lacks
            missing = [k for k in range(1, elapsed + 1) if not have[k - 1] and k not in gone]
            if missing:
                yield _member_missing(m, year, elapsed, missing)


def _member_missing(m: Member, year: int, elapsed: int, missing: list[int]) -> Diagnostic:
    """The warning of the months ``missing`` (numbers) of a member, at the member."""
    key = "missing-months-all" if len(missing) == elapsed else "missing-months"
    return warning(
        "missing-months",
        m.loc.at("id"),
        key=key,
        member=m.id,
        name=m.name,
        year=year,
        months=[f"{year}-{k:02d}" for k in missing],
    )


def _blanks(ws: Workspace, year: int, only: Collection[str] | None, idx: Index | None = None) -> Iterator[Diagnostic]:
    """A ballot that leaves out a scored member of its org (one the evaluation names on
    some ballot) is a blank for that member: a warning at that ballot, naming it by its
    position and the member, and saying how the rules count it."""
    zero = ws.rules.democratic_blank is DemocraticBlank.ZERO
    key = "democratic-blank-zero" if zero else "democratic-blank"
    seen: set[str] = set()
    # Known from the points index without reading the documents again: an evaluation
    # kept as a tally sheet has no ballots, and one every ballot of which names every
    # member named on any (each member's ballots count as many as the ballots returned)
    # leaves no one blank.
    known: dict[Loc, str | None] = {}
    if idx is not None and idx.year == year:
        for found in idx.evaluations.values():
            for sheet, _ in found:
                if sheet.loc in known:
                    continue
                if sheet.named is None:
                    known[sheet.loc] = None
                elif all(c == sheet.returned for c in sheet.named):
                    known[sheet.loc] = sheet.org
    for doc in ws.evaluations:
        if doc.loc in known:
            org = known[doc.loc]
            if org is not None:
                seen.add(org)
            continue
        ev = doc.model
        if ev.year != year or ev.ballots is None or ev.org in seen or ev.org not in ws.orgs:
            continue
        seen.add(ev.org)
        own = [
            m
            for m in ws.orgs[ev.org].members
            if m in ws.members and ws.members[m].org == ev.org and ws.members[m].scored and (only is None or m in only)
        ]
        named = set().union(*(b.keys() for b in ev.ballots)) if ev.ballots else set()
        expected = [m for m in own if m in named]
        if not expected:
            continue
        for b, ballot in enumerate(ev.ballots):
            if len(ballot) >= len(named) and named.issubset(ballot):
                continue
            for m in expected:
                if m not in ballot:
                    yield warning(
                        "democratic-blank",
                        doc.loc.at("ballots", b),
                        key=key,
                        ballot=b + 1,
                        ballots=len(ev.ballots),
                        member=m,
                        name=ws.members[m].name,
                    )


__all__ = ["year_end_warnings"]
