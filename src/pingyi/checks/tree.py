"""Checks of the organisation tree (FORMAT §1–2)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, Term, error, note, warning
from ..messages.references import FIELD_NAMES, MEMBER, ORG, ORG_TYPES
from ..model import OrgDoc, OrgType
from ..workspace import Workspace
from .common import seen_before

_RANK = {OrgType.COMMITTEE: 0, OrgType.GENERAL_BRANCH: 1, OrgType.BRANCH: 2, OrgType.GROUP: 3}


def check_unique_ids(ws: Workspace) -> Iterator[Diagnostic]:
    """Orgs and members share one id namespace: an id names exactly one of them."""
    first: dict[str, Loc] = {}
    for doc in ws.documents:
        if doc.model_type is not OrgDoc:  # the other documents stay undecoded
            continue
        model = doc.model
        assert isinstance(model, OrgDoc)
        for i, org in enumerate(model.orgs):
            entries = [(org.id, doc.loc.at("orgs", i, "id"), ORG)]
            entries += [(m.id, doc.loc.at("orgs", i, "members", j, "id"), MEMBER) for j, m in enumerate(org.members)]
            for id_, loc, what in entries:
                if (earlier := seen_before(first, id_, loc)) is not None:
                    yield error("duplicate-id", loc, id=id_, what=Term(what), notes=[note(earlier, "duplicate-id-first", id=id_)])


def check_parents(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        if org.parent is None:
            continue
        if org.parent == org.id:
            yield error("cycle", org.loc.at("parent"), key="cycle-self", org=org.id)
        elif org.parent in ws.members:
            yield error(
                "unknown-parent",
                org.loc.at("parent"),
                key="parent-is-member",
                parent=org.parent,
                name=ws.members[org.parent].name,
            )
        elif org.parent not in ws.orgs:
            yield error("unknown-parent", org.loc.at("parent"), parent=org.parent)


def check_cycles(ws: Workspace) -> Iterator[Diagnostic]:
    reported: set[str] = set()
    for start in ws.orgs:
        path: list[str] = []
        current: str | None = start
        while current is not None and current in ws.orgs and current not in path:
            path.append(current)
            current = ws.orgs[current].parent
        if current is not None and current in path and current != ws.orgs[current].parent:
            cycle = path[path.index(current) :]
            if not reported.intersection(cycle):
                reported.update(cycle)
                shown = " → ".join(cycle + [cycle[0]])
                yield error("cycle", ws.orgs[cycle[0]].loc.at("parent"), path=shown)


def check_leaders(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        fields: list[tuple[str, int | None, str]] = [("secretary", None, org.secretary)] if org.secretary else []
        fields += [("deputies", i, m) for i, m in enumerate(org.deputies)]
        fields += [("committee", i, m) for i, m in enumerate(org.committee)]
        for key, index, member in fields:
            if member in ws.members:
                continue
            loc = org.loc.at(key) if index is None else org.loc.at(key, index)
            which = "leader-is-org" if member in ws.orgs else "unknown-leader"
            yield error("unknown-leader", loc, key=which, id=member, role=Term(FIELD_NAMES[key]))


def check_nesting(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        if org.parent is None or org.parent not in ws.orgs:
            continue
        parent = ws.orgs[org.parent]
        child_rank, parent_rank = _RANK[org.type], _RANK[parent.type]
        if child_rank < parent_rank or (child_rank == parent_rank and child_rank >= _RANK[OrgType.BRANCH]):
            yield warning(
                "unusual-nesting",
                org.loc.at("parent"),
                child=Term(ORG_TYPES[org.type]),
                parent=Term(ORG_TYPES[parent.type]),
                parent_id=parent.id,
            )


def check_secretaries(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        if org.secretary is None:
            yield warning("no-secretary", org.loc, org=org.id, name=org.name)


CHECKS = [check_unique_ids, check_parents, check_cycles, check_leaders, check_nesting, check_secretaries]
