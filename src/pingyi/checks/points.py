"""Checks of the points documents: monthly scores, democratic evaluations, adjustments and
ratings (FORMAT §6–7).

Two lists, as beancount keeps its basic and hardcore validations: :data:`CHECKS` look at the
indexed workspace only; :data:`YEAR_END_CHECKS` need the year's computed points and run
after them (the year-end warnings of
:func:`~pingyi.compute.score.warnings.year_end_warnings`, the one function that ``pingyi
score`` shows too, and the honours of :mod:`pingyi.checks.honours`)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..columns import SEPARATOR, join_texts, pack_longs, split_texts, unpack_longs
from ..compute.score import year_end_warnings
from ..diagnostics import Diagnostic, Loc, error, note, warning
from ..model import MemberStatus
from ..model.rows import ScoreRows
from ..workspace import Doc, Workspace


def _item_list(ws: Workspace, values: Sequence[int | Decimal], loc: Loc, where: str, **place: Any) -> Iterator[Diagnostic]:
    """A list of item scores: one per rule item, each within 0..item_max. ``where`` is
    ``month``, ``ballot`` or ``averages`` (the message variant), ``place`` its values."""
    rules = ws.rules
    expected = rules.item_count
    if len(values) != expected:
        yield error(
            "item-count",
            loc,
            key=f"item-count-{where}",
            count=len(values),
            expected=expected,
            items=[i.name for i in rules.items],
            **place,
        )
    for k, value in enumerate(values):
        if not 0 <= value <= rules.item_max:
            name = rules.items[k].name if k < expected else f"#{k + 1}"
            yield error("item-range", loc.at(k), key=f"item-range-{where}", item=name, value=value, max=rules.item_max, **place)


def member_ref(ws: Workspace, member: str, loc: Loc, org: str | None = None) -> Iterator[Diagnostic]:
    """``member`` must be a member (an error); of ``org``, when given (a warning: fine
    after a transfer)."""
    if member not in ws.members:
        yield error(
            "unknown-member", loc, key="points-member-is-org" if member in ws.orgs else "points-unknown-member", member=member
        )
    elif org is not None and org in ws.orgs and ws.members[member].org != org:
        m = ws.members[member]
        yield warning("member-elsewhere", loc, member=member, name=m.name, org=m.org, here=org)


def org_ref(ws: Workspace, org: str, loc: Loc) -> Iterator[Diagnostic]:
    """``org`` must be an org of the workspace."""
    if org not in ws.orgs:
        yield error("unknown-org", loc, key="points-org-is-member" if org in ws.members else "points-unknown-org", org=org)


def check_scores(ws: Workspace) -> list[Diagnostic]:
    """Monthly scores: known org and members, a month scored once per member, one score
    per item within range (every document read; :func:`check_scores_since` reads only
    those changed since a run it was given what of)."""
    return check_scores_since(ws, None, {}, "").diagnostics


#: What joins the members of one document in :attr:`ScoresSeen.keys`.
KEY_SEPARATOR = "\x01"


@dataclass
class ScoresSeen:
    """What :func:`check_scores_since` keeps of the workspace's scores documents for the
    next run, as columns: each document's place (file, number in the file), the digest of
    its file, its month, org and members (what the test of a month scored twice reads),
    and its problems: its own (found against the tree and rules digested as
    ``context``) and those of a month scored twice, by the document's number. ``token``
    names the shape of the documents (places, months, orgs, members; not the numbers):
    two states with the same token have the same shape."""

    context: str
    token: str
    files: list[str]
    places: Sequence[int]
    shas: list[str]
    months: list[str]
    orgs: list[str]
    counts: Sequence[int]
    keys: list[str]
    """The members of each document, joined by :data:`KEY_SEPARATOR`."""
    problems: dict[int, tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]]
    twice: dict[int, tuple[Diagnostic, ...]]

    def members(self, k: int) -> list[str]:
        """The members of the k-th document, in file order."""
        joined = self.keys[k]
        return joined.split(KEY_SEPARATOR) if self.counts[k] else []

    def shape_to_plain(self) -> tuple[Any, ...] | None:
        """The shape of the documents (named by :attr:`token`: the same while only numbers
        are edited, so kept once for many runs) as plain data; None when a member's id
        holds a separator (not kept)."""
        keys = join_texts(self.keys)
        text, size = keys
        joins = sum(self.counts) - sum(1 for c in self.counts if c)
        if text.count(KEY_SEPARATOR) != joins or text.count(SEPARATOR) != max(size - 1, 0):
            return None
        return (
            self.token,
            join_texts(self.files),
            pack_longs(self.places),
            join_texts(self.months),
            join_texts(self.orgs),
            pack_longs(self.counts),
            keys,
        )

    def rest_to_plain(self) -> tuple[Any, ...]:
        """The rest (the files' digests and the problems) as plain data."""
        return (self.context, self.token, join_texts(self.shas), self.problems, self.twice)

    @classmethod
    def from_plain(cls, shape: Any, rest: Any) -> ScoresSeen:
        """What :meth:`shape_to_plain` and :meth:`rest_to_plain` wrote, of the same shape;
        ValueError (TypeError …) for anything else."""
        token, files, places, months, orgs, counts, keys = shape
        context, same, shas, problems, twice = rest
        seen = cls(
            context,
            token,
            split_texts(files),
            unpack_longs(places),
            split_texts(shas),
            split_texts(months),
            split_texts(orgs),
            unpack_longs(counts),
            split_texts(keys),
            problems,
            twice,
        )
        size = len(seen.files)
        if not (
            type(context) is str
            and type(token) is str
            and same == token
            and len(seen.places) == len(seen.shas) == len(seen.months) == len(seen.orgs) == len(seen.counts) == size
            and len(seen.keys) == size
            and type(problems) is dict
            and type(twice) is dict
            and all(type(k) is int and 0 <= k < size for k in [*problems, *twice])
            and all(
                type(v) is tuple and len(v) == 2 and all(type(d) is Diagnostic for part in v for d in part)
                for v in problems.values()
            )
            and all(type(v) is tuple and all(type(d) is Diagnostic for d in v) for v in twice.values())
        ):
            raise ValueError("seen")
        return seen


@dataclass(frozen=True)
class ScoresChecked:
    """What :func:`check_scores_since` found: the problems, what to keep for the next run,
    and, when the documents have the shape they had (the same places, months, orgs and
    members in the same order: ``same_shape``), the documents whose file changed."""

    diagnostics: list[Diagnostic]
    seen: ScoresSeen
    same_shape: bool
    changed: tuple[Doc, ...]


def check_scores_since(ws: Workspace, before: ScoresSeen | None, digests: Mapping[str, str], context: str) -> ScoresChecked:
    """The problems of the monthly scores (:func:`check_scores`), reading only the
    documents whose file changed since ``before`` was kept (``digests``: each file's
    digest now): the others' own problems are those kept (while ``context``, the digest
    of the tree and rules, is the same) and the test of a month scored twice is made again
    only for the months of documents changed, added or removed, from the members kept."""
    docs = ws.scores
    size = len(docs)
    files = [d.loc.file for d in docs]
    places = array("q", [d.loc.doc for d in docs])
    shas = [digests.get(f, "") for f in files]
    same_place = before is not None and before.files == files and before.places == places
    # the number kept of each document whose file is unchanged, else None
    kept: list[int | None] = [None] * size
    if before is not None and same_place:
        kept = [k if sha and sha == was else None for k, (sha, was) in enumerate(zip(shas, before.shas))]
    elif before is not None:
        at = {place: k for k, place in enumerate(zip(before.files, before.places))}
        for i, place in enumerate(zip(files, places)):
            k = at.get(place)
            if k is not None and shas[i] and shas[i] == before.shas[k]:
                kept[i] = k
    changed = [i for i, k in enumerate(kept) if k is None]

    def old_keys(k: int) -> Sequence[str]:
        assert before is not None
        return before.members(k)

    # each document's shape: kept, or read from the document itself
    if before is not None and same_place:
        months, orgs = list(before.months), list(before.orgs)
    else:
        months = [before.months[k] if before is not None and k is not None else "" for k in kept]
        orgs = [before.orgs[k] if before is not None and k is not None else "" for k in kept]
    new_keys: dict[int, Sequence[str]] = {}
    for i in changed:
        model = docs[i].model
        months[i], orgs[i], new_keys[i] = model.month, model.org, _keys_of(docs[i])
    same_shape = (
        before is not None
        and same_place
        and all(
            (months[i], orgs[i]) == (before.months[i], before.orgs[i]) and tuple(new_keys[i]) == tuple(old_keys(i))
            for i in changed
        )
    )

    def keys_of(i: int) -> Sequence[str]:
        found = new_keys.get(i)
        if found is None:
            k = kept[i]
            assert k is not None
            found = old_keys(k)
        return found

    # the number now of each document kept (None: the same number)
    back = None if before is None or same_place else {k: i for i, k in enumerate(kept) if k is not None}
    # their own problems
    problems: dict[int, tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]] = {}
    if before is not None and before.context == context:
        for k, found_problems in before.problems.items():
            now = k if back is None else back.get(k)
            if now is not None and kept[now] == k:
                problems[now] = found_problems
        todo = changed
    else:
        todo = list(range(size))
    if todo:
        c = _Context(ws, len(todo) > 16)
        for i in todo:
            head, tail = _own_problems(c, docs[i])
            if head or tail:
                problems[i] = (head, tail)
    # a month scored twice: the same while the shape is; else found again in the months
    # where documents changed, came or went
    twice: dict[int, tuple[Diagnostic, ...]] = {}
    found = [k for k in kept if k is not None] if before is not None and not same_shape else []
    if before is not None and same_shape:
        twice = dict(before.twice)
        affected: set[str] = set()
    elif before is None or not all(a < b for a, b in zip(found, found[1:])):
        affected = set(months)
    else:
        affected = {months[i] for i in changed}
        affected.update(before.months[k] for k in set(range(len(before.files))).difference(found))
        for k, found_twice in before.twice.items():
            now = k if back is None else back.get(k)
            if now is not None and kept[now] == k and months[now] not in affected:
                twice[now] = found_twice
    if affected:
        by_month: dict[str, list[tuple[int, Loc, Sequence[str]]]] = {}
        for i, month in enumerate(months):
            if month in affected:
                by_month.setdefault(month, []).append((i, docs[i].loc, keys_of(i)))
        for month, month_docs in by_month.items():
            twice.update(_scored_twice(month, month_docs))
    out: list[Diagnostic] = []
    for i in sorted(problems.keys() | twice.keys()):
        head, tail = problems.get(i, ((), ()))
        out.extend(head)
        out.extend(twice.get(i, ()))
        out.extend(tail)
    # what to keep
    if same_shape:
        assert before is not None
        counts, flat, token = before.counts, before.keys, before.token
    else:
        counts = array("q", [len(keys_of(i)) for i in range(size)])
        flat = [
            before.keys[k] if before is not None and k is not None else KEY_SEPARATOR.join(keys_of(i)) for i, k in enumerate(kept)
        ]
        token = ""
    seen = ScoresSeen(context, token, files, places, shas, months, orgs, counts, flat, problems, twice)
    return ScoresChecked(out, seen, same_shape, tuple(docs[i] for i in changed) if same_shape else ())


class _Context:
    """What the problems of one scores document are found against: the tree and the
    rules, read once for every document (for a few documents, only what they need)."""

    def __init__(self, ws: Workspace, many: bool) -> None:
        self.ws = ws
        self.members = ws.members
        self.count, self.top = ws.rules.item_count, ws.rules.item_max
        top = self.top
        self.allowed = bytes(range(int(top) + 1)) if top == int(top) and 0 <= top < 256 else None  # the bytes in range
        self.own: Mapping[str, frozenset[str]] | None = ws.own_member_ids if many else None
        self.own_of: dict[str, frozenset[str]] = {}
        self.exempt_ids = {m.id for m in ws.members.values() if m.status is MemberStatus.EXEMPT} if many else None

    def mine(self, org: str) -> frozenset[str]:
        """The ids of the org's own members (组织关系 in it)."""
        if self.own is not None:
            return self.own.get(org, frozenset())
        found = self.own_of.get(org)
        if found is None:
            found = self.own_of[org] = frozenset(m.id for m in self.members.values() if m.org == org)
        return found

    def exempt(self, keys: Iterable[str]) -> list[str]:
        """Of ``keys``, those of exempt members (免于积分), in their order."""
        ids = self.exempt_ids
        if ids is not None:
            return [] if ids.isdisjoint(keys) else [m for m in keys if m in ids]
        members = self.members
        return [m for m in keys if m in members and members[m].status is MemberStatus.EXEMPT]


def _keys_of(doc: Doc) -> Sequence[str]:
    """The members a scores document scores, in file order."""
    rows = doc.model.scores
    return rows.members if isinstance(rows, ScoreRows) else list(rows)


def _own_problems(c: _Context, doc: Doc) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """The problems of one scores document on its own: those reported before the test of a
    month scored twice (the org, the members) and those after (the item scores). A county
    holds millions of these numbers, so the document is tested as a whole with set
    operations and C-level min/max, and looked at row by row only where that test finds
    something; locations are built only for what is reported."""
    ws, members = c.ws, c.members
    s = doc.model
    keys = s.scores.keys()
    head: list[Diagnostic] = []
    if s.org not in ws.orgs:
        head.extend(org_ref(ws, s.org, doc.loc.at("org")))
    mine = c.mine(s.org)
    # tested as a whole; the members at fault, if any, in file order
    if not mine.issuperset(keys):
        for member in [m for m in keys if m not in mine]:
            head.extend(member_ref(ws, member, doc.loc.key("scores", member), s.org))
    for member in c.exempt(keys):
        head.append(
            warning("exempt-scored", doc.loc.key("scores", member), member=member, name=members[member].name, month=s.month)
        )
    return tuple(head), tuple(_item_problems(c, doc))


def _item_problems(c: _Context, doc: Doc) -> Iterator[Diagnostic]:
    s = doc.model
    rows = s.scores
    count, top = c.count, c.top
    if not rows:
        return
    if isinstance(rows, ScoreRows):
        cells = rows.cells
        if c.allowed is not None and cells.typecode == "B" and not rows.scale and rows.width == count:
            if not cells.tobytes().translate(None, c.allowed):
                return  # whole scores of one byte: none left once those in range are taken out
        elif rows.within(count, top):
            return  # the compact rows tested on their integers
    values = rows.values()
    if set(map(len, values)) == {count} and min(map(min, values)) >= 0 and max(map(max, values)) <= top:
        return
    for member, row in rows.items():
        yield from _item_list(c.ws, row, doc.loc.at("scores", member), "month", member=member, month=s.month)


def _scored_twice(month: str, docs: Sequence[tuple[int, Loc, Sequence[str]]]) -> dict[int, tuple[Diagnostic, ...]]:
    """A month scored twice for a member: an error at each later document, with a note at
    the first. ``docs``: the documents of the month in workspace order (their number,
    place and members); the errors by the document's number."""
    first: dict[str, Loc] = {}  # member → the document that scored it first
    out: dict[int, tuple[Diagnostic, ...]] = {}
    for number, loc, keys in docs:
        if first.keys().isdisjoint(keys):
            first.update(dict.fromkeys(keys, loc))
            continue
        out[number] = tuple(
            error(
                "month-scored-twice",
                loc.key("scores", member),
                notes=[note(first[member].key("scores", member), "first-scored-here")],
                member=member,
                month=month,
            )
            for member in keys
            if member in first
        )
        for member in keys:
            first.setdefault(member, loc)  # the first document counts
    return out


def check_evaluations(ws: Workspace) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, int], Loc] = {}
    minimum = ws.rules.min_mass_representatives
    own = ws.own_member_ids
    for doc in ws.evaluations:
        ev = doc.model
        yield from org_ref(ws, ev.org, doc.loc.at("org"))
        key = (ev.org, ev.year)
        if key in seen:
            yield error(
                "duplicate-evaluation",
                doc.loc.at("org"),
                notes=[note(seen[key], "the-first-evaluation")],
                org=ev.org,
                year=ev.year,
            )
        else:
            seen[key] = doc.loc.at("org")
        if ev.mass_representatives is None:
            yield warning("no-mass-representatives", doc.loc, minimum=minimum)
        elif ev.mass_representatives < minimum:
            yield error(
                "too-few-mass-representatives", doc.loc.at("mass_representatives"), count=ev.mass_representatives, minimum=minimum
            )
        if ev.participants is not None and ev.participants <= 0:
            yield error("bad-value", doc.loc.at("participants"), key="participants-below-one")
        if ev.ballots is not None:
            if not ev.ballots:
                yield error("no-ballots", doc.loc.at("ballots"))
            for b, ballot in enumerate(ev.ballots):
                yield from _rows(ws, ballot, ev.org, own, doc.loc.at("ballots", b), "ballot", ballot=b + 1)
        if ev.averages is not None:
            yield from _rows(ws, ev.averages, ev.org, own, doc.loc.at("averages"), "averages")


def _rows(
    ws: Workspace, rows: dict[str, list[Any]], org: str, own: Mapping[str, frozenset[str]], loc: Loc, where: str, **place: Any
) -> Iterator[Diagnostic]:
    """Members and item scores of a ballot or of the averages, tested as a whole first."""
    mine = own.get(org, frozenset())
    for member in [m for m in rows if m not in mine]:
        yield from member_ref(ws, member, loc.key(member), org)
    if not rows:
        return
    count, top = ws.rules.item_count, ws.rules.item_max
    if isinstance(rows, ScoreRows) and rows.within(count, top):
        return
    values = rows.values()
    if set(map(len, values)) == {count} and min(map(min, values)) >= 0 and max(map(max, values)) <= top:
        return
    for member, row in rows.items():
        yield from _item_list(ws, row, loc.at(member), where, member=member, **place)


def check_adjustments(ws: Workspace) -> Iterator[Diagnostic]:
    for doc in ws.adjustments:
        for i, item in enumerate(doc.model.items):
            loc = doc.loc.at("items", i)
            yield from member_ref(ws, item.member, loc.at("member"))
            if ws.rules.points(item.type, item.level) is None:
                levels = [str(level) for level in ws.rules.adjustments.get(item.type, {})]
                kind = str(item.type)
                if levels:
                    yield error("no-points", loc.at("level"), type=kind, level=str(item.level), levels=levels)
                else:
                    yield error("no-points", loc.at("level"), key="no-points-none", type=kind)
            if item.date is not None and item.date.year != doc.model.year:
                yield warning("date-outside-year", loc.at("date"), date=item.date.isoformat(), year=doc.model.year)


def check_ratings(ws: Workspace) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, int], Loc] = {}
    given = [str(s) for s in sorted({b.stars for b in ws.rules.stars})]
    for doc in ws.ratings:
        for i, item in enumerate(doc.model.items):
            loc = doc.loc.at("items", i)
            yield from member_ref(ws, item.member, loc.at("member"))
            key = (item.member, doc.model.year)
            if key in seen:
                yield error(
                    "duplicate-rating",
                    loc.at("member"),
                    notes=[note(seen[key], "first-rated-here")],
                    member=item.member,
                    year=doc.model.year,
                )
            else:
                seen[key] = loc.at("member")
            if ws.rules.band_for_stars(item.stars) is None:
                code = "rating-outside-scheme" if ws.rules_override else "bad-stars"
                make = warning if ws.rules_override else error
                yield make(code, loc.at("stars"), stars=item.stars, given=given)
            if not item.reason.strip():
                yield error("rating-without-reason", loc.at("reason"))


def check_year_end(ws: Workspace) -> list[Diagnostic]:
    """The year-end warnings of the assessment year (``ws.year``, up to the months
    elapsed), exactly as ``pingyi score`` shows them."""
    return year_end_warnings(ws)


CHECKS = [check_scores, check_evaluations, check_adjustments, check_ratings]

#: Checks that need the year's computed points (they run after :data:`CHECKS`).
YEAR_END_CHECKS = [check_year_end]
