"""民主评议党员, the yearly democratic appraisal of members (FORMAT §14).

Per org and year: the ballots returned (``participants``), each member's votes for the
four grades and their shares of the ballots, the grade with the most votes, the branch's
decision (评定意见) and its reason, and flags. Votes inform the decision without making
it (不能简单以票取人): a decision that differs from the majority is flagged, not changed.

The 优秀 quota is floor(n × ``appraisal.excellent_share``) with n the org's full members
(正式党员: every member of its subtree except the probationary, 预备党员, who take part
but are not graded): with "1/3", n = 2, 3, 27, 30 give 0, 1, 9, 10.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

from ..model import AppraisalDoc, Decision, MemberStatus, OrgType, Votes
from ..model.appraisal import VOTE_GRADES
from ..model.rules import Grade
from ..selection import resolve_org, year_of
from ..workspace import Doc, Member, Workspace
from .coverage import ratio

#: Flags of a member's line (JSON codes).
PROBATIONARY = "probationary"  # 预备党员: votes, is not graded
UNDECIDED = "undecided"  # a full member without a decision (未评定)
AGAINST_MAJORITY = "against_majority"  # decided otherwise than the most votes
TIE = "tie"  # two grades share the most votes
NO_VOTES = "no_votes"  # no votes recorded for the member

#: The keys of a grade count: the four grades and ``none`` (full members undecided).
COUNT_KEYS: tuple[str, ...] = (*(g.value for g in VOTE_GRADES), "none")


def excellent_quota(full_members: int, share: Fraction) -> int:
    """At most floor(n × share) 优秀, n the full members."""
    return math.floor(full_members * Fraction(share))


def is_full(member: Member) -> bool:
    """正式党员: every status but probationary."""
    return member.status is not MemberStatus.PROBATIONARY


def leading(votes: Votes | None) -> tuple[Grade, ...]:
    """The grades with the most votes (several on a tie; none without votes)."""
    if votes is None or votes.total == 0:
        return ()
    most = max(votes.of(g) for g in VOTE_GRADES)
    return tuple(g for g in VOTE_GRADES if votes.of(g) == most)


@dataclass(frozen=True, slots=True)
class MemberAppraisal:
    id: str
    name: str
    org: str
    status: MemberStatus
    votes: Votes | None
    #: votes of each grade / participants (None without votes or participants)
    shares: dict[Grade, Fraction] | None
    #: the grade with the most votes; None without votes or on a tie
    top: Grade | None
    #: the decided grade (None: undecided, or probationary)
    grade: Grade | None
    reason: str | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrgAppraisal:
    id: str
    name: str
    year: int
    date: dt.date | None
    participants: int
    full_members: int
    probationary: int
    share: Fraction
    excellent_quota: int
    members: tuple[MemberAppraisal, ...]
    file: str

    @property
    def grades(self) -> dict[str, int]:
        """Decided grades of the full members, and ``none`` for the undecided."""
        out = dict.fromkeys(COUNT_KEYS, 0)
        for m in self.members:
            if m.grade is not None:
                out[m.grade.value] += 1
            elif m.status is not MemberStatus.PROBATIONARY:
                out["none"] += 1
        return out

    @property
    def excellent_rate(self) -> Fraction | None:
        """Decided 优秀 / full members."""
        return ratio(self.grades[Grade.EXCELLENT.value], self.full_members)


@dataclass(frozen=True, slots=True)
class AppraisalReport:
    year: int
    scope: str | None
    orgs: tuple[OrgAppraisal, ...]
    #: branches of the scope with members and no appraisal of the year
    missing: tuple[str, ...]

    @property
    def grades(self) -> dict[str, int]:
        out = dict.fromkeys(COUNT_KEYS, 0)
        for org in self.orgs:
            for key, n in org.grades.items():
                out[key] += n
        return out

    @property
    def full_members(self) -> int:
        return sum(o.full_members for o in self.orgs)

    @property
    def excellent_quota(self) -> int:
        return sum(o.excellent_quota for o in self.orgs)


def appraisal_members(ws: Workspace, org: str) -> list[Member]:
    """The members an appraisal of ``org`` covers: every member of its subtree."""
    return ws.members_of(org) if org in ws.orgs else []


def compute_org_appraisal(ws: Workspace, doc: Doc[AppraisalDoc]) -> OrgAppraisal:
    a = doc.model
    share = ws.rules.appraisal.excellent_share
    members = appraisal_members(ws, a.org)
    decisions: dict[str, Decision] = {}
    for d in a.decisions:
        decisions.setdefault(d.member, d)
    full = [m for m in members if is_full(m)]
    lines: list[MemberAppraisal] = []
    for m in members:
        votes = a.votes.get(m.id)
        leaders = leading(votes)
        top = leaders[0] if len(leaders) == 1 else None
        shares = None
        if votes is not None and a.participants > 0:
            shares = {g: Fraction(votes.of(g), a.participants) for g in VOTE_GRADES}
        flags: list[str] = []
        decision = decisions.get(m.id)
        grade = decision.grade if decision is not None and is_full(m) else None
        if not is_full(m):
            flags.append(PROBATIONARY)
        elif decision is None:
            flags.append(UNDECIDED)
        if votes is None:
            flags.append(NO_VOTES)
        elif len(leaders) > 1:
            flags.append(TIE)
        if grade is not None and leaders and grade not in leaders:
            flags.append(AGAINST_MAJORITY)
        lines.append(
            MemberAppraisal(
                m.id,
                m.name,
                m.org,
                m.status,
                votes,
                shares,
                top,
                grade,
                decision.reason if decision is not None else None,
                tuple(flags),
            )
        )
    return OrgAppraisal(
        a.org,
        ws.name_of(a.org),
        a.year,
        a.date,
        a.participants,
        len(full),
        len(members) - len(full),
        share,
        excellent_quota(len(full), share),
        tuple(lines),
        doc.loc.file,
    )


def compute_appraisal(ws: Workspace, *, year: int | None = None, org: str | None = None) -> AppraisalReport:
    """The year's appraisals (every one whose org is in ``org``'s subtree with ``org``;
    ``org`` is an id or an exact name), in tree order, and the branches left without one.
    Raises :class:`~pingyi.selection.SelectionError` for an unknown org."""
    y = year_of(ws, year)
    org = resolve_org(ws, org)
    roots = [org] if org is not None else list(ws.roots)
    order = [o for r in roots for o in ws.subtree(r)]
    rank = {o: i for i, o in enumerate(order)}
    docs: dict[str, Doc[AppraisalDoc]] = {}
    for doc in ws.appraisals:
        a = doc.model
        if a.year == y and a.org in rank and a.org not in docs:
            docs[a.org] = doc
    orgs = tuple(compute_org_appraisal(ws, docs[o]) for o in sorted(docs, key=rank.__getitem__))
    covered: set[str] = set()
    for o in docs:
        covered.update(ws.subtree(o))
    missing = tuple(
        o for o in order if ws.orgs[o].type is OrgType.BRANCH and o not in covered and ws.members_of(o, recursive=False)
    )
    return AppraisalReport(y, org, orgs, missing)


def recorded_appraisal(ws: Workspace, org: str, year: int) -> Doc[AppraisalDoc] | None:
    """The appraisal document of the org and year (the first, when there are two)."""
    for doc in ws.appraisals:
        if doc.model.org == org and doc.model.year == year:
            return doc
    return None


__all__ = [
    "recorded_appraisal",
    "AGAINST_MAJORITY",
    "COUNT_KEYS",
    "NO_VOTES",
    "PROBATIONARY",
    "TIE",
    "UNDECIDED",
    "AppraisalReport",
    "MemberAppraisal",
    "OrgAppraisal",
    "appraisal_members",
    "compute_appraisal",
    "compute_org_appraisal",
    "excellent_quota",
    "is_full",
    "leading",
]
