"""Public commitments (公开承诺 → 践诺): fulfilment and the overdue list (FORMAT §5).

Fulfilment (兑现率) = done / (all − withdrawn), separately for org-owned and member-owned
commitments, overall and per org subtree, and split into basic (基础性) and creative
(创造性) commitments. A commitment belongs to the year of its ``kind: commitments``
document. Overdue = status ``open`` or ``partial`` with ``due`` before the as-of date.

An org-owned commitment stands in its owner org; a member-owned one in the org holding
the member's membership. An org's subtree counts every commitment standing in it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from ..model import Commitment, CommitmentStatus, CommitmentType
from ..numbers import ratio
from ..selection import Selection, select
from ..workspace import Workspace


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts by status. ``made`` is every commitment, withdrawn ones included."""

    made: int = 0
    withdrawn: int = 0
    done: int = 0
    partial: int = 0
    failed: int = 0
    open: int = 0

    @property
    def rate(self) -> Fraction | None:
        """兑现率 = done / (made − withdrawn); None when nothing is left to fulfil."""
        return ratio(self.done, self.made - self.withdrawn)


@dataclass(frozen=True, slots=True)
class Group:
    """One owner group (org-owned or member-owned): all, basic and creative."""

    all: Tally
    basic: Tally
    creative: Tally


@dataclass(frozen=True, slots=True)
class OrgCommitments:
    id: str
    name: str
    parent: str | None
    depth: int
    orgs: Group
    members: Group


@dataclass(frozen=True, slots=True)
class Overdue:
    id: str | None
    owner: str
    owner_name: str
    owner_kind: str  # org | member
    org: str  # where it stands
    type: CommitmentType
    text: str
    made: dt.date | None
    due: dt.date
    status: CommitmentStatus
    days_overdue: int


@dataclass(frozen=True, slots=True)
class CommitmentsReport:
    year: int
    as_of: dt.date
    scope: str | None
    orgs: Group
    members: Group
    overdue: tuple[Overdue, ...]
    by_org: tuple[OrgCommitments, ...]


def _tally(items: Iterable[Commitment]) -> Tally:
    counts = Counter(c.status for c in items)
    return Tally(
        made=counts.total(),
        withdrawn=counts[CommitmentStatus.WITHDRAWN],
        done=counts[CommitmentStatus.DONE],
        partial=counts[CommitmentStatus.PARTIAL],
        failed=counts[CommitmentStatus.FAILED],
        open=counts[CommitmentStatus.OPEN],
    )


def _group(items: list[Commitment]) -> Group:
    return Group(
        _tally(items),
        _tally(c for c in items if c.type is CommitmentType.BASIC),
        _tally(c for c in items if c.type is CommitmentType.CREATIVE),
    )


def is_overdue(c: Commitment, as_of: dt.date) -> bool:
    return c.status in (CommitmentStatus.OPEN, CommitmentStatus.PARTIAL) and c.due is not None and c.due < as_of


def compute_commitments(
    ws: Workspace,
    sel: Selection | None = None,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    org: str | None = None,
) -> CommitmentsReport:
    """Fulfilment of the year's commitments, for ``sel`` (else the selection ``year``,
    ``as_of`` and ``org`` make). The scope limits everything to that org's subtree.
    Raises :class:`~pingyi.selection.SelectionError` for an unknown org."""
    if sel is None:
        sel = select(ws, year=year, as_of=as_of, org=org)
    y, day, org = sel.year, sel.as_of, sel.org
    # (commitment, org it stands in, owned by an org?)
    placed: list[tuple[Commitment, str, bool]] = []
    for doc in ws.commitments:
        if doc.model.year != y:
            continue
        for c in doc.model.items:
            if c.owner in ws.orgs:
                placed.append((c, c.owner, True))
            elif c.owner in ws.members:
                placed.append((c, ws.members[c.owner].org, False))
    roots = [org] if org is not None else list(ws.roots)
    scope_orgs = {o for r in roots for o in ws.subtree(r)}
    placed = [p for p in placed if p[1] in scope_orgs]

    # every commitment counts in the org it stands in and in each ancestor
    per_org: dict[str, tuple[list[Commitment], list[Commitment]]] = {}
    for c, where, by_org in placed:
        for o in [where, *ws.ancestors(where)]:
            bucket = per_org.setdefault(o, ([], []))
            bucket[0 if by_org else 1].append(c)
    by_org_rows: list[OrgCommitments] = []
    for root in roots:
        for o, depth in ws.walk(root):
            org_items, member_items = per_org.get(o, ([], []))
            by_org_rows.append(
                OrgCommitments(
                    o,
                    ws.orgs[o].name,
                    ws.orgs[o].parent if o != root else None,
                    depth,
                    _group(org_items),
                    _group(member_items),
                )
            )
    overdue = [
        Overdue(
            id=c.id,
            owner=c.owner,
            owner_name=ws.name_of(c.owner),
            owner_kind="org" if by_org else "member",
            org=where,
            type=c.type,
            text=c.text,
            made=c.made,
            due=c.due,
            status=c.status,
            days_overdue=(day - c.due).days,
        )
        for c, where, by_org in placed
        if is_overdue(c, day) and c.due is not None
    ]
    overdue.sort(key=lambda o: (o.due, o.owner, o.id or ""))
    return CommitmentsReport(
        year=y,
        as_of=day,
        scope=org,
        orgs=_group([c for c, _, by_org in placed if by_org]),
        members=_group([c for c, _, by_org in placed if not by_org]),
        overdue=tuple(overdue),
        by_org=tuple(by_org_rows),
    )


__all__ = ["CommitmentsReport", "Group", "OrgCommitments", "Overdue", "Tally", "compute_commitments", "is_overdue"]
