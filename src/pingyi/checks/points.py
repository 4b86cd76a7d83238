"""Checks of the points documents: monthly scores, democratic evaluations, adjustments and
ratings (FORMAT §6–7).

Two lists, as beancount keeps its basic and hardcore validations: :data:`CHECKS` look at the
indexed workspace only; :data:`YEAR_END_CHECKS` need the year's computed points and run
after them (the year-end warnings of
:func:`~pingyi.compute.score.warnings.year_end_warnings`, the one function that ``pingyi
score`` shows too, and the honours of :mod:`pingyi.checks.honours`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

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


def check_scores(ws: Workspace) -> Iterator[Diagnostic]:
    """Monthly scores: known org and members, a month scored once per member, one score
    per item within range. A county holds millions of these numbers, so each document is
    tested as a whole with set operations and C-level min/max, and looked at row by row
    only where that test finds something; locations are built only for what is reported."""
    members = ws.members
    count, top = ws.rules.item_count, ws.rules.item_max
    exempt = {m.id for m in members.values() if m.status is MemberStatus.EXEMPT}
    own = ws.own_member_ids
    allowed = bytes(range(int(top) + 1)) if top == int(top) and 0 <= top < 256 else None  # the bytes in range
    first: dict[str, dict[str, Doc]] = {}  # month → member → the document that scored it first
    for doc in ws.scores:
        s = doc.model
        rows = s.scores
        keys = rows.keys()
        if s.org not in ws.orgs:
            yield from org_ref(ws, s.org, doc.loc.at("org"))
        mine = own.get(s.org, frozenset())
        # tested as a whole; the members at fault, if any, in file order
        if not mine.issuperset(keys):
            for member in [m for m in keys if m not in mine]:
                yield from member_ref(ws, member, doc.loc.key("scores", member), s.org)
        if not exempt.isdisjoint(keys):
            for member in [m for m in keys if m in exempt]:
                yield warning(
                    "exempt-scored", doc.loc.key("scores", member), member=member, name=members[member].name, month=s.month
                )
        seen = first.setdefault(s.month, {})
        if seen.keys().isdisjoint(keys):
            seen.update(dict.fromkeys(keys, doc))
        else:
            for member in [m for m in keys if m in seen]:
                yield error(
                    "month-scored-twice",
                    doc.loc.key("scores", member),
                    notes=[note(seen[member].loc.key("scores", member), "first-scored-here")],
                    member=member,
                    month=s.month,
                )
            for member in keys:
                seen.setdefault(member, doc)  # the first document counts
        if not rows:
            continue
        if isinstance(rows, ScoreRows):
            cells = rows.cells
            if allowed is not None and cells.typecode == "B" and not rows.scale and rows.width == count:
                if not cells.tobytes().translate(None, allowed):
                    continue  # whole scores of one byte: none left once those in range are taken out
            elif rows.within(count, top):
                continue  # the compact rows tested on their integers
        values = rows.values()
        if set(map(len, values)) == {count} and min(map(min, values)) >= 0 and max(map(max, values)) <= top:
            continue
        for member, row in rows.items():
            yield from _item_list(ws, row, doc.loc.at("scores", member), "month", member=member, month=s.month)


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
