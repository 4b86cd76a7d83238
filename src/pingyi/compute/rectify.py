"""The rectification ledger (整改台账): every problem raised in a review and how it
stands at an as-of date (FORMAT §3, §11).

Selection. By default the problems raised in reviews dated in the year (the review's own
date, not its round's); ``all_years`` takes every problem of the workspace (open problems
carried over from earlier years); ``rounds`` takes the problems of those rounds.

State at the as-of date: ``closed`` when it was closed (销号) on or before that date;
otherwise ``overdue`` when it has a due date (整改时限) before the as-of date, else
``open``. A problem closed after the as-of date is open (or overdue) as of then, so a
ledger can be rebuilt for any past day. ``days_overdue`` counts the days from the due
date to the as-of date for overdue problems (0 otherwise); ``closed_late_days`` counts
the days a closed problem was closed after its due date (逾期销号).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from ..numbers import ratio
from ..selection import Selection, resolve_member, select
from ..workspace import Workspace


class State(StrEnum):
    """closed 已销号, open 未销号, overdue 已逾期."""

    CLOSED = "closed"
    OPEN = "open"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Rectification:
    """One problem raised in a review and its rectification."""

    round: str
    round_name: str
    file: str
    date: dt.date  # the review's date
    reviewer: str | None
    reviewer_name: str
    subjects: tuple[str, ...]
    subject_names: tuple[str, ...]
    problem: str
    measure: str | None
    owner: str | None
    owner_name: str | None
    due: dt.date | None
    closed: dt.date | None
    evidence: str | None
    state: State
    days_overdue: int
    closed_late_days: int | None
    #: every org the problem touches (a subject org, a subject's or the owner's org) and
    #: their ancestors: the orgs whose subtree holds it
    orgs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Totals:
    problems: int
    closed: int
    open: int
    overdue: int

    @property
    def rate(self) -> Fraction | None:
        """销号率 = closed / all."""
        return ratio(self.closed, self.problems)


@dataclass(frozen=True, slots=True)
class OrgTotals:
    id: str
    name: str
    parent: str | None
    depth: int
    totals: Totals


@dataclass(frozen=True, slots=True)
class RectifyLedger:
    """``items`` is the listing (after the ``--open``/``--overdue`` filters);
    ``totals`` and ``by_org`` count every problem of the selection before those filters,
    so the closing rate keeps its meaning."""

    year: int | None
    as_of: dt.date
    rounds: tuple[str, ...]
    scope: str | None
    items: tuple[Rectification, ...]
    totals: Totals
    by_org: tuple[OrgTotals, ...]


def state_at(closed: dt.date | None, due: dt.date | None, as_of: dt.date) -> State:
    if closed is not None and closed <= as_of:
        return State.CLOSED
    if due is not None and due < as_of:
        return State.OVERDUE
    return State.OPEN


def _tally(items: Iterable[Rectification]) -> Totals:
    counts = Counter(item.state for item in items)
    return Totals(counts.total(), counts[State.CLOSED], counts[State.OPEN], counts[State.OVERDUE])


def _touched(ws: Workspace, subjects: Iterable[str], owner: str | None) -> frozenset[str]:
    direct: set[str] = set()
    for s in list(subjects) + ([owner] if owner else []):
        if s in ws.orgs:
            direct.add(s)
        elif s in ws.members:
            direct.add(ws.members[s].org)
    out = set(direct)
    for o in direct:
        out.update(ws.ancestors(o))
    return frozenset(out)


def compute_rectify(
    ws: Workspace,
    sel: Selection | None = None,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    all_years: bool = False,
    rounds: Sequence[str] | None = None,
    org: str | None = None,
    owner: str | None = None,
    open_only: bool = False,
    overdue_only: bool = False,
) -> RectifyLedger:
    """The rectification ledger of ``sel`` (else of the selection ``year``, ``as_of``,
    ``rounds``, ``org`` and ``all_years`` make). The scope keeps problems whose subject or
    owner stands in that org's subtree; ``owner`` (an id or a name) those owned by that
    member. Raises :class:`~pingyi.selection.SelectionError` for an unknown org, owner or
    round."""
    if sel is None:
        sel = select(ws, year=year, as_of=as_of, rounds=rounds, org=org, all_years=all_years)
    owner = resolve_member(ws, owner, "--owner")
    day, y, org, all_years = sel.as_of, sel.year, sel.org, sel.all_years
    named = sel.named_rounds
    if named:
        docs = list(sel.rounds)
    else:
        docs = sorted(ws.rounds, key=lambda d: (d.model.start, d.model.id))
    selected: list[Rectification] = []
    used: list[str] = []
    for doc in docs:
        rnd = doc.model
        for review in sorted(rnd.reviews, key=lambda r: r.date):
            if not named and not all_years and review.date.year != y:
                continue
            if rnd.id not in used:
                used.append(rnd.id)
            reviewer_name = ws.name_of(review.reviewer) if review.reviewer else (review.reviewer_name or "")
            for p in review.problems:
                state = state_at(p.closed, p.due, day)
                late = None
                if p.closed is not None and p.due is not None:
                    late = max(0, (p.closed - p.due).days)
                selected.append(
                    Rectification(
                        round=rnd.id,
                        round_name=rnd.name,
                        file=doc.loc.file,
                        date=review.date,
                        reviewer=review.reviewer,
                        reviewer_name=reviewer_name,
                        subjects=tuple(review.subjects),
                        subject_names=tuple(ws.name_of(s) for s in review.subjects),
                        problem=p.problem,
                        measure=p.measure,
                        owner=p.owner,
                        owner_name=ws.name_of(p.owner) if p.owner else None,
                        due=p.due,
                        closed=p.closed,
                        evidence=p.evidence,
                        state=state,
                        days_overdue=(day - p.due).days if state is State.OVERDUE and p.due else 0,
                        closed_late_days=late,
                        orgs=_touched(ws, review.subjects, p.owner),
                    )
                )
    selected.sort(key=lambda r: (r.date, r.round))
    if org is not None:
        selected = [r for r in selected if org in r.orgs]
    if owner is not None:
        selected = [r for r in selected if r.owner == owner]
    per_org: dict[str, list[Rectification]] = {}
    for r in selected:
        for o in r.orgs:
            per_org.setdefault(o, []).append(r)
    roots = [org] if org is not None else list(ws.roots)
    by_org: list[OrgTotals] = []
    for root in roots:
        for o, depth in ws.walk(root):
            parent = ws.orgs[o].parent if o != root else None
            by_org.append(OrgTotals(o, ws.orgs[o].name, parent, depth, _tally(per_org.get(o, ()))))
    totals = _tally(selected)
    listed = selected
    if overdue_only:
        listed = [r for r in listed if r.state is State.OVERDUE]
    elif open_only:
        listed = [r for r in listed if r.state is not State.CLOSED]
    return RectifyLedger(
        year=None if (all_years or named) else y,
        as_of=day,
        rounds=tuple(d.model.id for d in docs) if named else tuple(used),
        scope=org,
        items=tuple(listed),
        totals=totals,
        by_org=tuple(by_org),
    )


__all__ = ["OrgTotals", "RectifyLedger", "Rectification", "State", "Totals", "compute_rectify", "state_at"]
