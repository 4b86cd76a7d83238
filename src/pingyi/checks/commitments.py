"""Checks of public commitments (FORMAT §5)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, Note, error, warning
from ..model import CommitmentStatus
from ..workspace import Workspace


def check_commitments(ws: Workspace) -> Iterator[Diagnostic]:
    first: dict[str, Loc] = {}
    for doc in ws.commitments:
        for i, item in enumerate(doc.model.items):
            loc = doc.loc.at("items", i)
            if item.id is not None:
                if item.id in first:
                    yield error(
                        "duplicate-commitment",
                        f"commitment id `{item.id}` is used twice",
                        loc.at("id"),
                        notes=[Note(first[item.id], "first used here")],
                    )
                else:
                    first[item.id] = loc.at("id")
            if not ws.exists(item.owner):
                yield error("unknown-owner", f"owner `{item.owner}` is no org or member of this workspace", loc.at("owner"))
            if item.status is CommitmentStatus.DONE and item.done is None:
                yield error(
                    "done-without-date",
                    "status is `done` but `done:` (the date it was fulfilled) is missing",
                    loc.at("status"),
                )
            if item.made is not None and item.due is not None and item.due < item.made:
                yield error("due-before-made", f"due {item.due} is before the commitment was made ({item.made})", loc.at("due"))
            if item.done is not None and item.made is not None and item.done < item.made:
                yield warning("done-before-made", f"done {item.done} is before the commitment was made ({item.made})", loc.at("done"))


CHECKS = [check_commitments]
