"""Checks of the organisation tree (FORMAT §1–2)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, Note, error, warning
from ..model import OrgDoc, OrgType
from ..workspace import Workspace

_RANK = {OrgType.COMMITTEE: 0, OrgType.GENERAL_BRANCH: 1, OrgType.BRANCH: 2, OrgType.GROUP: 3}
_ZH = {OrgType.COMMITTEE: "党委", OrgType.GENERAL_BRANCH: "党总支", OrgType.BRANCH: "党支部", OrgType.GROUP: "党小组"}


def check_unique_ids(ws: Workspace) -> Iterator[Diagnostic]:
    """Orgs and members share one id namespace: an id names exactly one of them."""
    first: dict[str, Loc] = {}
    for doc in ws.documents:
        if not isinstance(doc.model, OrgDoc):
            continue
        for i, org in enumerate(doc.model.orgs):
            entries = [(org.id, doc.loc.at("orgs", i, "id"), "org")]
            entries += [(m.id, doc.loc.at("orgs", i, "members", j, "id"), "member") for j, m in enumerate(org.members)]
            for id_, loc, what in entries:
                if id_ in first:
                    yield error(
                        "duplicate-id",
                        f"id `{id_}` is used twice; orgs and members share one set of ids, so this {what} needs another",
                        loc,
                        notes=[Note(first[id_], f"`{id_}` is first used here")],
                    )
                else:
                    first[id_] = loc


def check_parents(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        if org.parent is None:
            continue
        if org.parent == org.id:
            yield error("cycle", f"org `{org.id}` names itself as its parent", org.loc.at("parent"))
        elif org.parent in ws.members:
            yield error(
                "unknown-parent",
                f"parent `{org.parent}` is a member ({ws.members[org.parent].name}), not an org",
                org.loc.at("parent"),
            )
        elif org.parent not in ws.orgs:
            yield error("unknown-parent", f"parent `{org.parent}` is no org of this workspace", org.loc.at("parent"))


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
                yield error(
                    "cycle",
                    f"the org tree has a cycle: {shown}; one of these parents must change",
                    ws.orgs[cycle[0]].loc.at("parent"),
                )


def check_leaders(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        fields = [("secretary", None, org.secretary)] if org.secretary else []
        fields += [("deputies", i, m) for i, m in enumerate(org.deputies)]
        fields += [("committee", i, m) for i, m in enumerate(org.committee)]
        for key, index, member in fields:
            if member in ws.members:
                continue
            loc = org.loc.at(key) if index is None else org.loc.at(key, index)
            what = "an org" if member in ws.orgs else "no member of this workspace"
            yield error("unknown-leader", f"`{member}` ({key}) is {what}; leaders must be member ids", loc)


def check_nesting(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        if org.parent is None or org.parent not in ws.orgs:
            continue
        parent = ws.orgs[org.parent]
        child_rank, parent_rank = _RANK[org.type], _RANK[parent.type]
        if child_rank < parent_rank or (child_rank == parent_rank and child_rank >= _RANK[OrgType.BRANCH]):
            yield warning(
                "unusual-nesting",
                f"a {org.type} ({_ZH[org.type]}) under a {parent.type} ({_ZH[parent.type]} `{parent.id}`) is unusual; "
                "check `type` and `parent`",
                org.loc.at("parent"),
            )


def check_secretaries(ws: Workspace) -> Iterator[Diagnostic]:
    for org in ws.orgs.values():
        if org.secretary is None:
            yield warning(
                "no-secretary", f"org `{org.id}` ({org.name}) has no secretary; reviews and reports name one", org.loc
            )


CHECKS = [check_unique_ids, check_parents, check_cycles, check_leaders, check_nesting, check_secretaries]
