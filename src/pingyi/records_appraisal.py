"""The vote tally of 民主评议党员 as an entry form (``pingyi export template --appraisal``,
``pingyi import appraisal``), on the one mechanism of :mod:`pingyi.records`: the members of
the org's subtree in rows (probationary members too: they receive votes), the votes for
the four grades in columns, the ballots returned (``participants``) under the table; the
votes already recorded filled in.

What is particular to it, kept here: a row's four votes are given together (a row left
without votes is not imported; a row with some is wholly checked), a member's votes add up
to at most the ballots returned, and the votes are written into ``votes:`` of the org's
``kind: appraisal`` document of the year, each member's entry kept in its form (a list, or
a mapping by grade), or into a new ``appraisal/<org>-<year>.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap

from .diagnostics import Loc, error
from .i18n import N_, gettext
from .model.appraisal import VOTE_GRADES

if TYPE_CHECKING:
    from .records import FilledForm, Form, FormPlan
    from .workspace import Workspace

TITLE = N_("Democratic appraisal vote tally")
HELP = N_(
    "For every member, write the votes for each grade as counted from the ballots (whole numbers; 0 for none); "
    "a member's votes add up to at most the ballots returned. Probationary members receive votes but are not graded. "
    "Write the ballots returned under the table. The decisions are written in the YAML file."
)
PARTICIPANTS = N_("Ballots returned (participants)")
VOTE_LABELS = {
    "excellent": N_("Votes for excellent"),
    "qualified": N_("Votes for qualified"),
    "basic": N_("Votes for basic"),
    "unqualified": N_("Votes for unqualified"),
}
KEYS = tuple(f"vote:{g.value}" for g in VOTE_GRADES)


def appraisal_form(ws: Workspace, year: int, org: str | None, names: dict[str, str], item_max: Any) -> Form:
    from .compute.appraisal import appraisal_members, recorded_appraisal
    from .records import Field, Form, FormError, FormRow, _ref

    if org is None or org not in ws.orgs:
        raise FormError("form-needs-org", kind="appraisal")
    doc = recorded_appraisal(ws, org, year)
    header: dict[str, Any] = {"org": org, "year": year, "participants": None}
    votes: Mapping[str, Any] = {}
    if doc is not None:
        votes = doc.model.votes
        header.update(participants=doc.model.participants, _ref=_ref(doc.loc))
    rows = []
    for m in appraisal_members(ws, org):
        values: dict[str, Any] = {"member": m.id}
        v = votes.get(m.id)
        if v is not None:
            values |= {key: v.of(g) for key, g in zip(KEYS, VOTE_GRADES)}
        rows.append(FormRow(values, _ref(doc.loc.at("votes", m.id)) if doc is not None and v is not None else ""))
    fields = (
        Field("member", N_("Member id"), "member", required=True, width=10),
        Field("member:name", N_("Name"), "shown", width=10),
        *(Field(key, VOTE_LABELS[g.value], "int", width=8) for key, g in zip(KEYS, VOTE_GRADES)),
    )
    header_fields = (Field("participants", PARTICIPANTS, "int", required=True),)
    return Form("appraisal", gettext(TITLE), year, header, header_fields, fields, tuple(rows), names, item_max)


def check_appraisal(ws: Workspace, plan: FormPlan, filled: FilledForm) -> None:
    """A row with some votes has all four; a member's votes add up to at most the ballots
    returned; the member is one of the org's subtree; a row without votes is not imported."""
    from .compute.appraisal import appraisal_members

    org = str(filled.meta.get("org") or "")
    members = {m.id for m in appraisal_members(ws, org)} if org in ws.orgs else set()
    cells = {next(iter(c.values())).where: c for _, c in filled.rows if c}
    participants = plan.header.get("participants")
    kept = []
    for record in plan.records:
        values = record.values
        given = [values.get(k) for k in KEYS]
        row = cells.get(record.row, {})
        if all(v is None for v in given):
            continue  # a row without votes: not imported
        member = str(values.get("member"))
        if member not in members:
            plan.diagnostics.append(
                error(
                    "tally-not-member",
                    Loc(row["member"].where if "member" in row else record.row),
                    member=member,
                    name=ws.name_of(member),
                    org=f"{org} ({ws.name_of(org)})",
                )
            )
            continue
        blank = [k for k, v in zip(KEYS, given) if v is None]
        if blank:
            key = blank[0]
            where = row[key].where if key in row else record.row
            plan.diagnostics.append(
                error("tally-blank", Loc(where), name=ws.name_of(member), item=gettext(VOTE_LABELS[key.split(":")[1]]))
            )
            continue
        total = sum(int(v) for v in given if v is not None)
        if isinstance(participants, int) and total > participants:
            where = row[KEYS[0]].where if KEYS[0] in row else record.row
            plan.diagnostics.append(
                error("tally-over", Loc(where), name=ws.name_of(member), total=total, participants=participants)
            )
            continue
        kept.append(record)
    plan.added = [r for r in plan.added if r in kept]
    plan.records = kept
    if plan.header.get("participants") is None and not plan.errors:
        where = filled.header["participants"].where if "participants" in filled.header else filled.meta.get("sheet", "")
        plan.diagnostics.append(error("form-required", Loc(where), field=gettext(PARTICIPANTS)))


def set_vote(node: Any, key: str, value: Any, text: Callable[[Any], Any]) -> None:
    """A member's votes, as a list or as a mapping by grade: one grade set."""
    grade = key.split(":", 1)[1]
    if isinstance(node, CommentedMap):
        if grade in node or value:
            node[grade] = text(value)
        return
    index = [g.value for g in VOTE_GRADES].index(grade)
    while len(node) <= index:
        node.append("0")
    node[index] = text(value)


def votes_list(values: Mapping[str, Any]) -> list[int]:
    return [int(values.get(k) or 0) for k in KEYS]


def new_appraisal_lines(org: str, year: int, participants: Any, added: list[Any], names: Mapping[str, str]) -> list[str]:
    lines = [
        "# " + gettext(N_("votes in order: excellent, qualified, basic, unqualified; write the decisions below")),
        "kind: appraisal",
        f"org: {org}",
        f"year: {year}",
        f"participants: {participants if participants is not None else 0}",
        "votes:",
    ]
    for record in added:
        member = str(record.values["member"])
        name = names.get(member)
        entry = f"  {member}: [{', '.join(str(v) for v in votes_list(record.values))}]"
        lines.append(f"{entry}   # {name}" if name else entry)
    lines.append("decisions: []")
    return lines


__all__ = ["appraisal_form", "check_appraisal", "new_appraisal_lines", "set_vote", "votes_list"]
