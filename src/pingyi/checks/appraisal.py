"""Checks of 民主评议党员 (``kind: appraisal``, FORMAT §14).

Errors: votes or decisions for someone who is not a member of the org's subtree; a
member's votes adding up to more than ``participants``; a decision for a probationary
member; two decisions for one member (in one document, or in two appraisals of the same
year); more 优秀 decisions than the quota; a 不合格 without a reason; an unknown org; a
second appraisal of an org for the same year. Warnings: a full member without a decision
(未评定); a decision that differs from the grade with the most votes and gives no reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..compute.appraisal import appraisal_members, excellent_quota, is_full, leading
from ..diagnostics import Diagnostic, Loc, Term, error, note, warning
from ..model.rules import Grade
from ..workspace import Workspace


def check_appraisals(ws: Workspace) -> Iterator[Diagnostic]:
    first_doc: dict[tuple[str, int], Loc] = {}
    first_decision: dict[tuple[str, int], Loc] = {}
    share = ws.rules.appraisal.excellent_share
    for doc in ws.appraisals:
        a = doc.peek()
        if a.org not in ws.orgs:
            yield error("appraisal-unknown-org", doc.loc.at("org"), org=a.org)
            continue
        org_name = ws.name_of(a.org)
        key = (a.org, a.year)
        if key in first_doc:
            yield error(
                "appraisal-duplicate",
                doc.loc.at("org"),
                org=a.org,
                org_name=org_name,
                year=a.year,
                notes=[note(first_doc[key], "appraisal-first", org=a.org, year=a.year)],
            )
            continue  # one report, not every entry again
        else:
            first_doc[key] = doc.loc.at("org")
        members = {m.id: m for m in appraisal_members(ws, a.org)}
        for member_id, votes in a.votes.items():
            if member_id not in members:
                yield error(
                    "appraisal-not-member", doc.loc.key("votes", member_id), member=member_id, org=a.org, org_name=org_name
                )
            elif votes.total > a.participants:
                yield error(
                    "appraisal-votes-over",
                    doc.loc.at("votes", member_id),
                    member=member_id,
                    name=ws.name_of(member_id),
                    total=votes.total,
                    participants=a.participants,
                )
        decided: set[str] = set()
        excellent: list[int] = []
        for i, d in enumerate(a.decisions):
            member = members.get(d.member)
            name = ws.name_of(d.member)
            if member is None:
                yield error(
                    "appraisal-not-member", doc.loc.at("decisions", i, "member"), member=d.member, org=a.org, org_name=org_name
                )
                continue
            if not is_full(member):
                yield error("appraisal-probationary", doc.loc.at("decisions", i, "member"), member=d.member, name=name)
                continue
            seen = (d.member, a.year)
            if seen in first_decision:
                yield error(
                    "appraisal-decided-twice",
                    doc.loc.at("decisions", i, "member"),
                    member=d.member,
                    name=name,
                    year=a.year,
                    notes=[note(first_decision[seen], "appraisal-first-decision", member=d.member)],
                )
                continue
            first_decision[seen] = doc.loc.at("decisions", i, "member")
            decided.add(d.member)
            if d.grade is Grade.EXCELLENT:
                excellent.append(i)
            if d.grade is Grade.UNQUALIFIED and not (d.reason or "").strip():
                yield error("appraisal-reason-required", doc.loc.at("decisions", i), member=d.member, name=name)
                continue
            leaders = leading(a.votes.get(d.member))
            if leaders and d.grade not in leaders and not (d.reason or "").strip():
                yield warning(
                    "appraisal-against-majority",
                    doc.loc.at("decisions", i, "grade"),
                    member=d.member,
                    name=name,
                    grade=Term(d.grade.value),
                    top=[Term(g.value) for g in leaders],
                )
        full = [m for m in members.values() if is_full(m)]
        quota = excellent_quota(len(full), share)
        if len(excellent) > quota:
            yield error(
                "appraisal-over-quota",
                doc.loc.at("decisions", excellent[quota], "grade"),
                count=len(excellent),
                org_name=org_name,
                quota=quota,
                share=str(share),
                full=len(full),
            )
        for m in full:
            if m.id not in decided:
                where = (
                    doc.loc.key("votes", m.id)
                    if m.id in a.votes
                    else doc.loc.key("decisions")
                    if a.decisions
                    else doc.loc.key("org")
                )
                yield warning("appraisal-undecided", where, member=m.id, name=m.name, org_name=org_name)


CHECKS = [check_appraisals]
