"""What changed in the results between two states of a workspace (FORMAT §15).

:func:`compute_diff` takes the workspace at two revisions (either may be None: it did not
exist there) and compares their results, each reduced to a flat record of the values a
user sees, rounded as reported (a total to ``rules.decimals``, a rate to 4 places), so
that a change is a change of what is shown:

==============  =====================================================  ===================
``what``        ``id``                                                 ``field``
==============  =====================================================  ===================
member          member id                                              org, total, stars,
                                                                       grade, rating
coverage        org id (its own subtree)                               orgs.rate, …
commitments     org id / the commitment's id                           orgs.rate,
                                                                       members.rate /
                                                                       status
rectification   ``ROUND#N`` (the N-th problem of the round, 1-based)   state
survey          survey id                                              rate, score
honours         member id                                              quarter.N, annual
appraisal       member id                                              grade
==============  =====================================================  ===================

``org`` of a member is an addition to the fields FORMAT lists: it is how a member added
(before null), removed (after null) or moved to another org shows, whatever their score.
Each change also carries ``org``, the org it belongs to (for grouping and ``--org``).

With ``explain``, each changed member gets the data behind the change: every month and
item whose score differs, each democratic item average, the adjustment.

Pure: no I/O; the files that changed are given by the caller (:mod:`pingyi.history`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..io.files import WORKSPACE_FILE
from ..selection import SelectionError, resolve_org
from ..workspace import Workspace
from .commitments import compute_commitments
from .coverage import MEASURES, compute_coverage
from .rectify import state_at
from .score import MemberScore, compute_score, member_scores, quiet_gc, round_half_up
from .survey import compute_survey

RATE_PLACES = 4

#: The order of ``what`` within an org.
WHATS = ("member", "coverage", "commitments", "rectification", "survey", "honours", "appraisal")
MEMBER_FIELDS = ("org", "total", "stars", "grade", "rating")


@dataclass(frozen=True, slots=True)
class FileChanges:
    """The workspace's data files (``pingyi.yaml`` included) added, removed and modified
    between the two revisions, relative to the workspace folder."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.modified)


@dataclass(frozen=True, slots=True)
class Change:
    """One result that differs: ``before`` and ``after`` as JSON shows them (None where
    the thing did not exist)."""

    what: str
    id: str
    name: str
    field: str
    before: Any
    after: Any
    org: str | None = None


@dataclass(frozen=True, slots=True)
class Detail:
    """A piece of data behind a member's change (``--explain``): ``kind`` is ``month``
    (one month's score of one item), ``democratic`` (an item's democratic average) or
    ``adjustment`` (加减分)."""

    kind: str
    month: str | None
    item: str | None
    item_name: str | None
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class RevisionRef:
    """A revision as given (None: the working tree) and the commit it names."""

    rev: str | None
    commit: str | None


@dataclass
class DiffReport:
    """The changes between two revisions, ordered by org (the later tree's order), then
    by ``what`` and by each thing's place in its report."""

    before: RevisionRef
    after: RevisionRef
    year: int
    files: FileChanges
    changes: tuple[Change, ...]
    #: member id → the data behind their change (only with ``explain``)
    explain: dict[str, tuple[Detail, ...]] | None = None
    org_names: dict[str, str] = field(default_factory=dict)
    #: the workspace did not exist at the earlier / later revision
    missing_before: bool = False
    missing_after: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def by_org(self) -> list[tuple[str | None, list[Change]]]:
        groups: dict[str | None, list[Change]] = {}
        for c in self.changes:
            groups.setdefault(c.org, []).append(c)
        return list(groups.items())


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True, slots=True)
class Entry:
    value: Any
    name: str
    org: str | None


Key = tuple[str, str, str]
Snapshot = dict[Key, Entry]


def _rate(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_up(value, RATE_PLACES)


def _org_of(ws: Workspace, id_: str | None) -> str | None:
    return None if id_ is None else ws.org_of(id_)


def _members(ws: Workspace, year: int, scores: dict[str, MemberScore]) -> Iterator[tuple[Key, Entry]]:
    for s in scores.values():
        name = s.name
        values = {
            "org": s.org,
            "total": s.total,
            "stars": s.stars,
            "grade": s.grade.value if s.grade is not None else None,
            "rating": s.rating.stars if s.rating is not None else None,
        }
        for f in MEMBER_FIELDS:
            yield ("member", s.id, f), Entry(values[f], name, s.org)


def _coverage(ws: Workspace, year: int) -> Iterator[tuple[Key, Entry]]:
    try:
        report = compute_coverage(ws, year=year)
    except SelectionError:
        return
    for o in report.by_org:
        for code in MEASURES:
            measure = getattr(o.measures, code)
            yield ("coverage", o.id, f"{code}.rate"), Entry(_rate(measure.rate), o.name, o.id)


def _commitments(ws: Workspace, year: int, as_of: dt.date) -> Iterator[tuple[Key, Entry]]:
    report = compute_commitments(ws, year=year, as_of=as_of)
    for o in report.by_org:
        yield ("commitments", o.id, "orgs.rate"), Entry(_rate(o.orgs.all.rate), o.name, o.id)
        yield ("commitments", o.id, "members.rate"), Entry(_rate(o.members.all.rate), o.name, o.id)
    counts: dict[str, int] = {}
    for doc in ws.commitments:
        if doc.model.year != year:
            continue
        for c in doc.model.items:
            if c.id is not None:
                key = c.id
            else:  # no id: the owner's n-th commitment of the year
                counts[c.owner] = counts.get(c.owner, 0) + 1
                key = f"{c.owner}#{counts[c.owner]}"
            yield ("commitments", key, "status"), Entry(c.status.value, c.text, _org_of(ws, c.owner))


def _rectifications(ws: Workspace, as_of: dt.date) -> Iterator[tuple[Key, Entry]]:
    """Every problem of every round (all years: a problem raised last year and closed
    this year is a change), by its place in its round."""
    for doc in ws.rounds:
        n = 0
        for review in doc.model.reviews:
            subjects = list(review.subjects)
            for p in review.problems:
                n += 1
                where = next((o for o in (_org_of(ws, s) for s in subjects) if o is not None), None) or _org_of(ws, p.owner)
                state = state_at(p.closed, p.due, as_of)
                yield ("rectification", f"{doc.model.id}#{n}", "state"), Entry(state.value, p.problem, where)


def _surveys(ws: Workspace, year: int) -> Iterator[tuple[Key, Entry]]:
    for r in compute_survey(ws, year=year).surveys:
        where = _org_of(ws, r.subject)
        yield ("survey", r.id, "rate"), Entry(_rate(r.rate), r.name, where)
        yield ("survey", r.id, "score"), Entry(r.score, r.name, where)  # rated surveys (述职测评)


def _honours(ws: Workspace, year: int) -> Iterator[tuple[Key, Entry]]:
    for doc in ws.honours:
        if doc.model.year != year:
            continue
        for item in doc.model.items:
            award = item.award.value if hasattr(item.award, "value") else str(item.award)
            label = f"quarter.{item.quarter}" if award == "quarter" else award
            for m in item.members:
                where = item.org if award == "quarter" and item.org else _org_of(ws, m)
                yield ("honours", m, label), Entry(True, ws.name_of(m), where)


def _appraisal(ws: Workspace, year: int) -> Iterator[tuple[Key, Entry]]:
    """Each member's decided grade (民主评议党员, FORMAT §14), from the ``appraisal``
    documents of the year when the workspace has them."""
    for doc in getattr(ws, "appraisals", ()):
        if doc.model.year != year:
            continue
        for d in getattr(doc.model, "decisions", ()):
            grade = d.grade.value if hasattr(d.grade, "value") else d.grade
            yield ("appraisal", d.member, "grade"), Entry(grade, ws.name_of(d.member), _org_of(ws, d.member))


#: Further results to compare, each a function (workspace, year, as-of date) → entries.
#: A report added to pingyi registers its own here.
EXTRA: list[Callable[[Workspace, int, dt.date], Iterable[tuple[Key, Entry]]]] = []

#: Missing on one side means this value (a member not named is not a star).
ABSENT: dict[str, Any] = {"honours": False}


#: The kinds of document each result depends on (besides pingyi.yaml): a result whose
#: kinds are in no changed file is the same on both sides and is not computed again.
DEPENDS: dict[str, frozenset[str]] = {
    "member": frozenset({"org", "rules", "scores", "evaluation", "adjustments", "ratings"}),
    "coverage": frozenset({"org", "round"}),
    "commitments": frozenset({"org", "commitments"}),
    "rectification": frozenset({"org", "round"}),
    "survey": frozenset({"org", "survey", "rules"}),
}
#: Kinds whose change may move any member's score.
EVERY_MEMBER = frozenset({"org", "rules"})


def snapshot(
    ws: Workspace, year: int, as_of: dt.date, scores: dict[str, MemberScore], families: frozenset[str] | None = None
) -> Snapshot:
    """Every compared result of a workspace, keyed by (what, id, field), in report order
    (only the ``families`` of results named, when given)."""
    out: Snapshot = {}

    def wanted(what: str) -> bool:
        return families is None or what in families

    parts: list[Iterable[tuple[Key, Entry]]] = [
        _members(ws, year, scores),
        _coverage(ws, year) if wanted("coverage") else (),
        _commitments(ws, year, as_of) if wanted("commitments") else (),
        _rectifications(ws, as_of) if wanted("rectification") else (),
        _surveys(ws, year) if wanted("survey") else (),
        _honours(ws, year),
        _appraisal(ws, year),
        *(f(ws, year, as_of) for f in EXTRA),
    ]
    for part in parts:
        for key, entry in part:
            out.setdefault(key, entry)
    return out


def _scores(ws: Workspace | None, year: int, only: frozenset[str] | None) -> dict[str, MemberScore]:
    """Every member's score, or only those of ``only`` (in the workspace's order)."""
    if ws is None:
        return {}
    if only is None:
        return {m.id: m for m in compute_score(ws, year=year).members}
    if not only:
        return {}
    found = member_scores(ws, year, only)
    return {m: found[m] for m in ws.members if m in found}


def _touched(
    sides: Iterable[Workspace], files: FileChanges, config_changed: bool
) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """What the changed files can move: the families of results to compare (None: all)
    and the members whose score may differ (None: every member)."""
    if config_changed:
        return None, None
    names = set(files.added) | set(files.removed) | set(files.modified)
    kinds: set[str] = set()
    members: set[str] = set()
    for ws in sides:
        if ws.rules_loc is not None and ws.rules_loc.file in names:
            kinds.add("rules")
        for doc in ws.documents:
            if doc.loc.file not in names:
                continue
            model = doc.model
            kind = str(getattr(model, "kind", ""))
            kinds.add(kind)
            if kind == "scores":
                members.update(model.scores)
            elif kind == "evaluation":  # a blank ballot counts for every member of the org
                members.update(m for o in ws.subtree(model.org) if o in ws.orgs for m in ws.orgs[o].members)
                for ballot in model.ballots or ():
                    members.update(ballot)
                members.update(model.averages or ())
            elif kind in ("adjustments", "ratings"):
                members.update(item.member for item in model.items)
    families = frozenset(what for what, needs in DEPENDS.items() if kinds & needs)
    # honours and appraisal are always compared (they cost nothing); a publicity document
    # (公示 and its objections) moves no compared result: the corrected scores do
    if kinds - set().union(*DEPENDS.values()) - {"honours", "appraisal", "publicity"}:
        return None, None  # a kind this comparison does not know: compare everything
    return families, (None if kinds & EVERY_MEMBER else frozenset(members))


# --------------------------------------------------------------------------- comparing


def compute_diff(
    before: Workspace | None,
    after: Workspace | None,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    org: str | None = None,
    explain: bool = False,
    files: FileChanges | None = None,
    before_ref: RevisionRef | None = None,
    after_ref: RevisionRef | None = None,
) -> DiffReport:
    """The changes from ``before`` to ``after`` (a side that is None had no workspace:
    everything is added, or removed). ``year`` defaults to the earlier workspace's year;
    ``as_of`` (default today) judges rectifications and overdue commitments on both sides
    alike. ``org`` (an id or a name) keeps the changes of that org's subtree (in either
    workspace); raises :class:`~pingyi.selection.SelectionError` when neither has it."""
    sides = [ws for ws in (before, after) if ws is not None]
    y = year if year is not None else (sides[0].year if sides else dt.date.today().year)
    day = as_of or (sides[0].today if sides else dt.date.today())
    scope: set[str] | None = None
    if org is not None:
        scope = set()
        problem: SelectionError | None = None
        for ws in reversed(sides):  # the later tree first: its names are the current ones
            try:
                found = resolve_org(ws, org)
            except SelectionError as exc:
                problem = problem or exc
                continue
            if found is not None:
                scope.update(ws.subtree(found))
        if not scope and problem is not None:
            raise problem

    families: frozenset[str] | None = None
    only: frozenset[str] | None = None
    if files is not None and before is not None and after is not None and not files_config_changed(files):
        families, only = _touched(sides, files, False)
        if families is not None and "member" not in families:
            only = frozenset()
    with quiet_gc():
        scores_a, scores_b = _scores(before, y, only), _scores(after, y, only)
        snap_a = snapshot(before, y, day, scores_a, families) if before is not None else {}
        snap_b = snapshot(after, y, day, scores_b, families) if after is not None else {}

    # order: orgs as the later tree has them, then the earlier tree's others; workspace-wide last
    org_order: dict[str | None, int] = {}
    names: dict[str, str] = {}
    for side in (after, before):
        if side is None:
            continue
        ws = side
        for root in ws.roots:
            for o in ws.subtree(root):
                org_order.setdefault(o, len(org_order))
                names.setdefault(o, ws.orgs[o].name)
        for o, info in ws.orgs.items():
            org_order.setdefault(o, len(org_order))
            names.setdefault(o, info.name)
    seq = {key: i for i, key in enumerate(snap_b)}
    for key in snap_a:
        seq.setdefault(key, len(seq))

    changes: list[tuple[tuple[int, int, int], Change]] = []
    for key in seq:
        what, id_, fld = key
        a, b = snap_a.get(key), snap_b.get(key)
        absent = ABSENT.get(what)
        va = a.value if a is not None else absent
        vb = b.value if b is not None else absent
        if va == vb:
            continue
        entry = b or a
        assert entry is not None
        where = entry.org
        if what == "member" and b is not None and a is not None and b.org != a.org:
            where = b.org
        if scope is not None and where not in scope and not (a is not None and a.org in scope):
            continue
        rank = (org_order.get(where, len(org_order)), WHATS.index(what) if what in WHATS else len(WHATS), seq[key])
        changes.append((rank, Change(what, id_, entry.name, fld, va, vb, where)))
    changes.sort(key=lambda rc: rc[0])
    ordered = tuple(c for _, c in changes)

    details: dict[str, tuple[Detail, ...]] | None = None
    if explain:
        details = {}
        for c in ordered:
            if c.what == "member" and c.id not in details:
                details[c.id] = tuple(_explain(before, after, scores_a.get(c.id), scores_b.get(c.id)))
    return DiffReport(
        before=before_ref or RevisionRef(None, None),
        after=after_ref or RevisionRef(None, None),
        year=y,
        files=files or FileChanges(),
        changes=ordered,
        explain=details,
        org_names={o: names[o] for o in {c.org for c in ordered} if o is not None and o in names},
        missing_before=before is None,
        missing_after=after is None,
    )


def files_config_changed(files: FileChanges) -> bool:
    """pingyi.yaml itself changed (the year, the rules file, the folders excluded)."""
    return WORKSPACE_FILE in files.modified or WORKSPACE_FILE in files.added or WORKSPACE_FILE in files.removed


def _by_item(ws: Workspace | None, values: Iterable[Any] | None) -> dict[str, Any]:
    if ws is None or values is None:
        return {}
    return dict(zip((i.id for i in ws.rules.items), values))


def _item_names(*sides: Workspace | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for ws in sides:
        if ws is not None:
            for i in ws.rules.items:
                out.setdefault(i.id, i.name)
    return out


def _explain(before: Workspace | None, after: Workspace | None, a: MemberScore | None, b: MemberScore | None) -> Iterator[Detail]:
    """The data behind a member's change: months and items, democratic averages, the
    adjustment."""
    names = _item_names(after, before)
    order = list(names)
    months_a = {m.month: m.values for m in a.month_scores} if a is not None else {}
    months_b = {m.month: m.values for m in b.month_scores} if b is not None else {}
    for month in sorted(set(months_a) | set(months_b)):
        va = _by_item(before, months_a.get(month))
        vb = _by_item(after, months_b.get(month))
        for item in order:
            x, y = va.get(item), vb.get(item)
            if x != y:
                yield Detail("month", month, item, names[item], x, y)
    decimals = (after or before).rules.decimals if (after or before) is not None else 2  # type: ignore[union-attr]
    da = _by_item(
        before, [round_half_up(v, decimals) for v in a.democratic_items] if a is not None and a.democratic_items else None
    )
    db = _by_item(
        after, [round_half_up(v, decimals) for v in b.democratic_items] if b is not None and b.democratic_items else None
    )
    for item in order:
        x, y = da.get(item), db.get(item)
        if x != y:
            yield Detail("democratic", None, item, names[item], x, y)
    adj_a = a.adjustment if a is not None else None
    adj_b = b.adjustment if b is not None else None
    if adj_a != adj_b:
        yield Detail("adjustment", None, None, None, adj_a, adj_b)


__all__ = ["Change", "Detail", "DiffReport", "FileChanges", "RevisionRef", "compute_diff", "snapshot"]
