"""Checks of the points documents: monthly scores, democratic evaluations, adjustments and
ratings (FORMAT §6–7)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..diagnostics import Diagnostic, Loc, Note, error, warning
from ..model import MemberStatus
from ..model.base import month_number
from ..workspace import Doc, Workspace


def _item_list(ws: Workspace, values: list[Decimal], loc: Loc, whose: str) -> Iterator[Diagnostic]:
    """A list of item scores: one per rule item, each within 0..item_max."""
    rules = ws.rules
    expected = rules.item_count
    if len(values) != expected:
        yield error(
            "item-count",
            f"{whose} has {len(values)} item scores; the rules have {expected} items "
            f"({', '.join(i.name for i in rules.items)})",
            loc,
        )
    for k, value in enumerate(values):
        if not 0 <= value <= rules.item_max:
            name = rules.items[k].name if k < expected else f"item {k + 1}"
            yield error(
                "item-range",
                f"{name} of {whose} is {value}; item scores go from 0 to {rules.item_max}",
                loc.at(k),
            )


def _member_ref(ws: Workspace, member: str, org: str, loc: Loc, what: str) -> Iterator[Diagnostic]:
    if member not in ws.members:
        extra = " (it is an org)" if member in ws.orgs else ""
        yield error("unknown-member", f"{what} names `{member}`, who is no member of this workspace{extra}", loc)
    elif org in ws.orgs and ws.members[member].org != org:
        m = ws.members[member]
        yield warning(
            "member-elsewhere",
            f"`{member}` ({m.name}) belongs to `{m.org}`, not `{org}`; fine after a transfer (组织关系转接), "
            "otherwise a slip",
            loc,
        )


def _org_ref(ws: Workspace, org: str, loc: Loc) -> Iterator[Diagnostic]:
    if org not in ws.orgs:
        what = "a member, not an org" if org in ws.members else "no org of this workspace"
        yield error("unknown-org", f"org `{org}` is {what}", loc)


def _members_by_org(ws: Workspace) -> dict[str, set[str]]:
    """org id → the ids of its own members (shared by the checks that need it)."""
    own = ws.memo.get("members-by-org")
    if own is None:
        own = {}
        for m in ws.members.values():
            own.setdefault(m.org, set()).add(m.id)
        ws.memo["members-by-org"] = own
    return own  # type: ignore[return-value]


def check_scores(ws: Workspace) -> Iterator[Diagnostic]:
    """Monthly scores: known org and members, a month scored once per member, one score
    per item within range. A county holds millions of these numbers, so each document is
    tested as a whole with set operations and C-level min/max, and looked at row by row
    only where that test finds something; locations are built only for what is reported."""
    members = ws.members
    count, top = ws.rules.item_count, ws.rules.item_max
    exempt = {m.id for m in members.values() if m.status is MemberStatus.EXEMPT}
    own = _members_by_org(ws)
    first: dict[str, dict[str, Doc]] = {}  # month → member → the document that scored it first
    for doc in ws.scores:
        s = doc.model
        rows = s.scores
        keys = rows.keys()
        if s.org not in ws.orgs:
            yield from _org_ref(ws, s.org, doc.loc.at("org"))
        mine = own.get(s.org, set())
        for member in [m for m in keys if m not in mine]:
            yield from _member_ref(ws, member, s.org, doc.loc.key("scores", member), f"the {s.month} scores")
        for member in [m for m in keys if m in exempt]:
            yield warning(
                "exempt-scored",
                f"`{member}` ({members[member].name}) is exempt (免于积分) but has scores for {s.month}; "
                "they are not counted",
                doc.loc.key("scores", member),
            )
        seen = first.setdefault(s.month, {})
        for member in [m for m in keys if m in seen]:
            yield error(
                "month-scored-twice",
                f"`{member}` is scored twice for {s.month}",
                doc.loc.key("scores", member),
                notes=[Note(seen[member].loc.key("scores", member), "first scored here")],
            )
        for member in keys:
            seen.setdefault(member, doc)
        if not rows:
            continue
        values = rows.values()
        if set(map(len, values)) == {count} and min(map(min, values)) >= 0 and max(map(max, values)) <= top:
            continue
        for member, row in rows.items():
            yield from _item_list(ws, row, doc.loc.at("scores", member), f"`{member}` in {s.month}")


def check_missing_months(ws: Workspace) -> Iterator[Diagnostic]:
    """A scored member should have a score for every month of the year (up to the as-of
    month in the current year)."""
    year = ws.year
    today = ws.today
    if year > today.year:
        return
    last = 12 if year < today.year else today.month
    months: dict[str, set[int]] = {}
    if not any(month_number(doc.model.month)[0] == year for doc in ws.scores):
        return  # the workspace keeps no points for this year
    for doc in ws.scores:
        y, m = month_number(doc.model.month)
        if y == year:
            for member in doc.model.scores:
                months.setdefault(member, set()).add(m)
    for member in ws.members.values():
        if not member.scored:
            continue
        have = months.get(member.id, set())
        missing = [m for m in range(1, last + 1) if m not in have]
        if not missing:
            continue
        if len(missing) == last:
            text = f"has no monthly scores in {year}"
        else:
            text = "has no scores for " + ", ".join(f"{year}-{m:02d}" for m in missing)
        yield warning("missing-months", f"`{member.id}` ({member.name}) {text}", member.loc.at("id"))


def check_evaluations(ws: Workspace) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, int], Loc] = {}
    minimum = ws.rules.min_mass_representatives
    own = _members_by_org(ws)
    for doc in ws.evaluations:
        ev = doc.model
        yield from _org_ref(ws, ev.org, doc.loc.at("org"))
        key = (ev.org, ev.year)
        if key in seen:
            yield error(
                "duplicate-evaluation",
                f"org `{ev.org}` has a second democratic evaluation for {ev.year}",
                doc.loc.at("org"),
                notes=[Note(seen[key], "the first one")],
            )
        else:
            seen[key] = doc.loc.at("org")
        if ev.mass_representatives is None:
            yield warning(
                "no-mass-representatives",
                f"`mass_representatives` is not given; the rules want at least {minimum} 群众代表",
                doc.loc,
            )
        elif ev.mass_representatives < minimum:
            yield error(
                "too-few-mass-representatives",
                f"{ev.mass_representatives} mass representatives (群众代表) took part; the rules want at least {minimum}",
                doc.loc.at("mass_representatives"),
            )
        if ev.participants is not None and ev.participants <= 0:
            yield error("bad-value", "`participants` must be at least 1", doc.loc.at("participants"))
        if ev.ballots is not None:
            if not ev.ballots:
                yield error("no-ballots", "`ballots` lists no ballot", doc.loc.at("ballots"))
            for b, ballot in enumerate(ev.ballots):
                yield from _rows(ws, ballot, ev.org, own, doc.loc.at("ballots", b), f"ballot {b + 1}", f"on ballot {b + 1}")
        if ev.averages is not None:
            yield from _rows(ws, ev.averages, ev.org, own, doc.loc.at("averages"), "the averages", "in the averages")


def _rows(
    ws: Workspace, rows: dict[str, list], org: str, own: dict[str, set[str]], loc: Loc, what: str, where: str
) -> Iterator[Diagnostic]:
    """Members and item scores of a ballot or of the averages, tested as a whole first."""
    mine = own.get(org, set())
    for member in [m for m in rows if m not in mine]:
        yield from _member_ref(ws, member, org, loc.key(member), what)
    if not rows:
        return
    values = rows.values()
    count, top = ws.rules.item_count, ws.rules.item_max
    if set(map(len, values)) == {count} and min(map(min, values)) >= 0 and max(map(max, values)) <= top:
        return
    for member, row in rows.items():
        yield from _item_list(ws, row, loc.at(member), f"`{member}` {where}")


def check_adjustments(ws: Workspace) -> Iterator[Diagnostic]:
    for doc in ws.adjustments:
        for i, item in enumerate(doc.model.items):
            loc = doc.loc.at("items", i)
            if item.member not in ws.members:
                yield error("unknown-member", f"`{item.member}` is no member of this workspace", loc.at("member"))
            if ws.rules.points(item.type, item.level) is None:
                levels = ", ".join(str(level) for level in ws.rules.adjustments.get(item.type, {}))
                yield error(
                    "no-points",
                    f"the rules give no points for a {item.type} at level `{item.level}`; levels with points: {levels or 'none'}",
                    loc.at("level"),
                )
            if item.date is not None and item.date.year != doc.model.year:
                yield warning(
                    "date-outside-year",
                    f"date {item.date} is outside the document's year {doc.model.year}",
                    loc.at("date"),
                )


def check_ratings(ws: Workspace) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, int], Loc] = {}
    star_values = sorted({b.stars for b in ws.rules.stars})
    for doc in ws.ratings:
        for i, item in enumerate(doc.model.items):
            loc = doc.loc.at("items", i)
            if item.member not in ws.members:
                yield error("unknown-member", f"`{item.member}` is no member of this workspace", loc.at("member"))
            key = (item.member, doc.model.year)
            if key in seen:
                yield error(
                    "duplicate-rating",
                    f"`{item.member}` is rated twice for {doc.model.year}",
                    loc.at("member"),
                    notes=[Note(seen[key], "first rated here")],
                )
            else:
                seen[key] = loc.at("member")
            if ws.rules.band_for_stars(item.stars) is None and ws.rules_override:
                yield warning(
                    "rating-outside-scheme",
                    f"{item.stars} stars is not a rating the what-if scheme gives (it gives "
                    + ", ".join(str(s) for s in star_values)
                    + "); under it this rating is not applied and the member is shown unrated",
                    loc.at("stars"),
                )
            elif ws.rules.band_for_stars(item.stars) is None:
                yield error(
                    "bad-stars",
                    f"{item.stars} stars is not a rating the rules give; expected one of "
                    + ", ".join(str(s) for s in star_values),
                    loc.at("stars"),
                )
            if not item.reason.strip():
                yield error("rating-without-reason", "a rating needs a `reason` (评定理由)", loc.at("reason"))


def check_unrated_exempt(ws: Workspace) -> Iterator[Diagnostic]:
    rated = {item.member for doc in ws.ratings if doc.model.year == ws.year for item in doc.model.items}
    for member in ws.members.values():
        if member.status is MemberStatus.EXEMPT and member.id not in rated:
            yield warning(
                "exempt-unrated",
                f"`{member.id}` ({member.name}) is exempt (免于积分) and has no rating for {ws.year}; "
                "add one to `kind: ratings` or the member stays unrated",
                member.loc.at("status"),
            )


CHECKS = [
    check_scores,
    check_missing_months,
    check_evaluations,
    check_adjustments,
    check_ratings,
    check_unrated_exempt,
]
