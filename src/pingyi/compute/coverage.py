"""Review coverage (点评覆盖率, FORMAT §4) and review responsibility (分级负责).

Pure functions from a :class:`~pingyi.workspace.Workspace` to frozen results; rates are
exact :class:`~fractions.Fraction` values (``None`` when there is nothing to review) and
are rounded only when rendered.

Rounds and scope come resolved in a :class:`~pingyi.selection.Selection`: ``--round ID``
(repeatable) picks rounds by id; otherwise every round whose dates touch the year, so a
year-end round running into January counts for both years.

Scope. ``org`` gives the scope root R; else the rounds' ``scope`` when they all name the
same one; else (they differ, or one gives none, or no round is selected) every root of
the workspace. With several roots the result still has the shape of one scope: ``scope``
is ``None``, the four measures count all roots together (T = every org below a root) and
:attr:`Coverage.scopes` holds each root's own result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..model import RoundDoc
from ..numbers import ratio
from ..selection import Selection, select
from ..selection import SelectionError as SelectionError  # importable here too, where it was first written
from ..selection import select_rounds as select_rounds  # importable here too, where it was first written
from ..workspace import Doc, Workspace

#: The four measures, in the order FORMAT §4 lists them.
MEASURES = ("orgs", "secretaries_reviewed", "secretaries_reviewing", "members")


def scope_roots(ws: Workspace, docs: Sequence[Doc[RoundDoc]], org: str | None = None) -> list[str]:
    """R: ``org``; else the rounds' common ``scope``; else every root of the workspace."""
    if org is not None:
        return [org]
    scopes = {d.model.scope for d in docs}
    if len(scopes) == 1:
        (only,) = scopes
        if only is not None and only in ws.orgs:
            return [only]
    return list(ws.roots)


@dataclass(frozen=True, slots=True)
class Reviews:
    """Who was named as a subject, and who reviewed whom, in the selected rounds.
    Reviews by someone outside the workspace (``reviewer_name``) name subjects but give
    no reviewer credit."""

    subjects: frozenset[str]
    by_reviewer: dict[str, frozenset[str]]

    @property
    def reviewers(self) -> frozenset[str]:
        return frozenset(self.by_reviewer)


def collect_reviews(docs: Iterable[Doc[RoundDoc]]) -> Reviews:
    subjects: set[str] = set()
    by_reviewer: dict[str, set[str]] = {}
    for doc in docs:
        for review in doc.model.reviews:
            subjects.update(review.subjects)
            if review.reviewer is not None:
                by_reviewer.setdefault(review.reviewer, set()).update(review.subjects)
    return Reviews(frozenset(subjects), {k: frozenset(v) for k, v in by_reviewer.items()})


# --------------------------------------------------------------------------- coverage


@dataclass(frozen=True, slots=True)
class Missed:
    """Something not yet reviewed (or a secretary who has not reviewed), with the org(s)
    it stands in: the parent of a missing org, the org(s) a secretary leads, the org a
    member belongs to."""

    id: str
    name: str
    orgs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Measure:
    """One coverage measure: ``reviewed`` of ``total``, and who is missing."""

    reviewed: int
    total: int
    missing: tuple[Missed, ...]

    @property
    def rate(self) -> Fraction | None:
        return ratio(self.reviewed, self.total)

    @property
    def missing_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.missing)


@dataclass(frozen=True, slots=True)
class Measures:
    orgs: Measure
    secretaries_reviewed: Measure
    secretaries_reviewing: Measure
    members: Measure

    def items(self) -> list[tuple[str, Measure]]:
        return [(code, getattr(self, code)) for code in MEASURES]


@dataclass(frozen=True, slots=True)
class OrgCoverage:
    """The four measures of one org's own subtree (the org itself is not counted as an
    org to review: it is reviewed by the level above)."""

    id: str
    name: str
    parent: str | None
    depth: int
    measures: Measures


@dataclass(frozen=True, slots=True)
class ScopeCoverage:
    """Coverage below one scope root."""

    scope: str
    name: str
    measures: Measures
    by_org: tuple[OrgCoverage, ...]
    #: orgs of T with no secretary: they cannot enter the secretary measures
    without_secretary: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """The coverage report. ``scope`` is ``None`` when it covers several roots."""

    year: int
    rounds: tuple[str, ...]
    scope: str | None
    name: str
    measures: Measures
    by_org: tuple[OrgCoverage, ...]
    without_secretary: tuple[str, ...]
    scopes: tuple[ScopeCoverage, ...]

    def below(self, threshold: Fraction) -> list[tuple[str | None, str, Fraction]]:
        """Every (scope, measure, rate) below ``threshold`` (a fraction of 1): the
        combined measures and each root's own. Null rates never fail."""
        out: list[tuple[str | None, str, Fraction]] = []
        groups: list[tuple[str | None, Measures]] = [(self.scope, self.measures)]
        if len(self.scopes) > 1:
            groups += [(s.scope, s.measures) for s in self.scopes]
        for scope, measures in groups:
            for code, m in measures.items():
                if m.rate is not None and m.rate < threshold:
                    out.append((scope, code, m.rate))
        return out


def _ordered(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _measures(ws: Workspace, roots: Sequence[str], reviews: Reviews) -> tuple[Measures, tuple[str, ...]]:
    """The four measures for scope roots ``roots`` (T = their subtrees without them)."""
    root_set = set(roots)
    tree = _ordered(o for r in roots for o in ws.subtree(r))
    below = [o for o in tree if o not in root_set]

    def measure(candidates: Sequence[tuple[str, str, tuple[str, ...]]], done: frozenset[str]) -> Measure:
        missing = tuple(Missed(id_, name, orgs) for id_, name, orgs in candidates if id_ not in done)
        return Measure(len(candidates) - len(missing), len(candidates), missing)

    orgs = [(o, ws.orgs[o].name, tuple(p for p in (ws.orgs[o].parent,) if p)) for o in below]

    def secretaries(org_ids: Iterable[str]) -> list[tuple[str, str, tuple[str, ...]]]:
        led: dict[str, list[str]] = {}
        for o in org_ids:
            sec = ws.orgs[o].secretary
            if sec is not None:
                led.setdefault(sec, []).append(o)
        return [(s, ws.name_of(s), tuple(os_)) for s, os_ in led.items()]

    leading = [o for o in tree if ws.children.get(o) or ws.orgs[o].members]
    members = [(m.id, m.name, (m.org,)) for o in tree for m in ws.scored_members(o, recursive=False)]
    result = Measures(
        orgs=measure(orgs, reviews.subjects),
        secretaries_reviewed=measure(secretaries(below), reviews.subjects),
        secretaries_reviewing=measure(secretaries(leading), reviews.reviewers),
        members=measure(members, reviews.subjects),
    )
    return result, tuple(o for o in below if ws.orgs[o].secretary is None)


def _scope(ws: Workspace, root: str, reviews: Reviews) -> ScopeCoverage:
    measures, without = _measures(ws, [root], reviews)
    by_org = tuple(
        OrgCoverage(o, ws.orgs[o].name, ws.orgs[o].parent if o != root else None, depth, _measures(ws, [o], reviews)[0])
        for o, depth in ws.walk(root)
    )
    return ScopeCoverage(root, ws.orgs[root].name, measures, by_org, without)


def compute_coverage(
    ws: Workspace,
    sel: Selection | None = None,
    *,
    year: int | None = None,
    rounds: Sequence[str] | None = None,
    org: str | None = None,
) -> Coverage:
    """Coverage of the selected rounds (FORMAT §4): of ``sel``, else of the selection
    ``year``, ``rounds`` and ``org`` make (:func:`~pingyi.selection.select`, which raises
    :class:`~pingyi.selection.SelectionError` for an unknown round or org)."""
    if sel is None:
        sel = select(ws, year=year, rounds=rounds, org=org)
    docs = sel.rounds
    roots = scope_roots(ws, docs, sel.org)
    reviews = collect_reviews(docs)
    scopes = tuple(_scope(ws, r, reviews) for r in roots)
    y = sel.year
    ids = sel.round_ids
    if len(scopes) == 1:
        s = scopes[0]
        return Coverage(y, ids, s.scope, s.name, s.measures, s.by_org, s.without_secretary, scopes)
    measures, without = _measures(ws, roots, reviews)
    by_org = tuple(o for s in scopes for o in s.by_org)
    return Coverage(y, ids, None, ws.name, measures, by_org, without, scopes)


# --------------------------------------------------------------------------- responsibility


@dataclass(frozen=True, slots=True)
class Duty:
    """A subject someone is responsible for reviewing.

    ``via`` is the org whose leadership owes the review; ``kind`` is ``org`` (a child
    org), ``secretary`` (a child org's secretary) or ``member`` (a member of ``via``).
    ``reviewed_by`` are the leaders of ``via`` or of an org above it who named the
    subject in a review of the selected rounds; ``by_self`` whether this person did."""

    subject: str
    name: str
    kind: str
    via: str
    by_self: bool
    reviewed_by: tuple[str, ...]

    @property
    def done(self) -> bool:
        return bool(self.reviewed_by)


@dataclass(frozen=True, slots=True)
class Role:
    org: str
    role: str  # secretary | deputy | committee


@dataclass(frozen=True, slots=True)
class ReviewerDuties:
    """One secretary or leader and what the tree assigns them."""

    id: str
    name: str
    org: str | None  # the org holding their membership
    roles: tuple[Role, ...]
    duties: tuple[Duty, ...]

    @property
    def assigned(self) -> int:
        return len(self.duties)

    @property
    def reviewed(self) -> int:
        """Reviewed by this person themself."""
        return sum(1 for d in self.duties if d.by_self)

    @property
    def done(self) -> int:
        """Reviewed by this person or a fellow leader sharing the duty."""
        return sum(1 for d in self.duties if d.done)

    @property
    def rate(self) -> Fraction | None:
        return ratio(self.done, self.assigned)

    @property
    def outstanding(self) -> tuple[Duty, ...]:
        return tuple(d for d in self.duties if not d.done)


@dataclass(frozen=True, slots=True)
class Unowned:
    """Subjects nobody is assigned to review because ``org`` has no secretary (for its
    members) or no leaders at all (for its child orgs)."""

    org: str
    name: str
    subjects: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Responsibility:
    year: int
    rounds: tuple[str, ...]
    scope: str | None
    name: str
    reviewers: tuple[ReviewerDuties, ...]
    unowned: tuple[Unowned, ...]


def compute_responsibility(
    ws: Workspace,
    sel: Selection | None = None,
    *,
    year: int | None = None,
    rounds: Sequence[str] | None = None,
    org: str | None = None,
) -> Responsibility:
    """Review responsibility (分级负责), for ``pingyi coverage --by-reviewer``.

    The tree assigns, for every org O of the scope (the scope root included):

    - when O has child orgs: O's leaders (secretary, deputies and committee, the 班子)
      are jointly responsible for reviewing each child org C and C's secretary. A leader
      is not assigned themself, nor the child org they are the secretary of;
    - when O has members of its own: O's secretary is responsible for reviewing each of
      them, except exempt members (免于积分, outside coverage) and themself.

    A duty is done when the subject was named in a review of the selected rounds by a
    leader of the org that owes it or of an org above it (the level above may step in;
    the 联系点 division of labour inside a 班子 is not recorded, so a child org reviewed
    by one leader is done for all of them). ``by_self`` says whether this person did it.
    Reviews by someone outside the workspace (``reviewer_name``), and by members who are
    no leader (peer reviews), give no credit. Orgs whose duties fall to nobody (no
    secretary for their members, no leaders for their child orgs) are listed in
    :attr:`Responsibility.unowned`.
    """
    if sel is None:
        sel = select(ws, year=year, rounds=rounds, org=org)
    docs = sel.rounds
    roots = scope_roots(ws, docs, sel.org)
    reviews = collect_reviews(docs)
    tree = _ordered(o for r in roots for o in ws.subtree(r))

    people: dict[str, list[Role]] = {}
    duties: dict[str, list[Duty]] = {}
    unowned: list[Unowned] = []

    def credited(o: str) -> list[str]:
        """Leaders whose reviews discharge a duty owed by org ``o``: its own and those
        of every org above it."""
        return _ordered(p for x in [o, *ws.ancestors(o)] for p in ws.orgs[x].leaders)

    def reviewed_by(subject: str, who: Sequence[str]) -> tuple[str, ...]:
        return tuple(p for p in who if p != subject and subject in reviews.by_reviewer.get(p, ()))

    for o in tree:
        entry = ws.orgs[o]
        for person, role in (
            ([(entry.secretary, "secretary")] if entry.secretary else [])
            + [(d, "deputy") for d in entry.deputies]
            + [(c, "committee") for c in entry.committee]
        ):
            roles = people.setdefault(person, [])
            if Role(o, role) not in roles:
                roles.append(Role(o, role))
            duties.setdefault(person, [])
        children = ws.children.get(o, [])
        leaders = entry.leaders
        credit = credited(o)
        if children:
            subjects: list[tuple[str, str]] = []  # subject, kind
            for c in children:
                subjects.append((c, "org"))
                sec = ws.orgs[c].secretary
                if sec is not None:
                    subjects.append((sec, "secretary"))
            if not leaders:
                unowned.append(Unowned(o, entry.name, tuple(s for s, _ in subjects), tuple(ws.name_of(s) for s, _ in subjects)))
            for subject, kind in subjects:
                done_by = reviewed_by(subject, credit)
                for person in leaders:
                    if person == subject or (kind == "org" and ws.orgs[subject].secretary == person):
                        continue
                    duties[person].append(Duty(subject, ws.name_of(subject), kind, o, person in done_by, done_by))
        own = ws.scored_members(o, recursive=False)
        if own:
            sec = entry.secretary
            if sec is None:
                unowned.append(Unowned(o, entry.name, tuple(m.id for m in own), tuple(m.name for m in own)))
            else:
                for m in own:
                    if m.id == sec:
                        continue
                    done_by = reviewed_by(m.id, credit)
                    duties[sec].append(Duty(m.id, m.name, "member", o, sec in done_by, done_by))

    result = tuple(
        ReviewerDuties(
            p,
            ws.name_of(p),
            ws.members[p].org if p in ws.members else None,
            tuple(roles),
            tuple(duties.get(p, ())),
        )
        for p, roles in people.items()
    )
    y = sel.year
    scope = roots[0] if len(roots) == 1 else None
    name = ws.orgs[scope].name if scope is not None else ws.name
    return Responsibility(y, tuple(d.model.id for d in docs), scope, name, result, tuple(unowned))


__all__ = [
    "MEASURES",
    "Coverage",
    "Duty",
    "Measure",
    "Measures",
    "Missed",
    "OrgCoverage",
    "Responsibility",
    "ReviewerDuties",
    "Reviews",
    "Role",
    "ScopeCoverage",
    "Unowned",
    "collect_reviews",
    "compute_coverage",
    "compute_responsibility",
    "scope_roots",
]
