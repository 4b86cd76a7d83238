"""Checks of public commitments (FORMAT §5)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, error, note, warning
from ..model import CommitmentStatus
from ..workspace import Workspace
from .common import seen_before


def check_commitments(ws: Workspace) -> Iterator[Diagnostic]:
    first: dict[str, Loc] = {}
    for doc in ws.commitments:
        for i, item in enumerate(doc.peek().items):
            loc = doc.loc.at("items", i)
            if item.id is not None and (earlier := seen_before(first, item.id, loc.at("id"))) is not None:
                yield error("duplicate-commitment", loc.at("id"), id=item.id, notes=[note(earlier, "first-used-here")])
            if not ws.exists(item.owner):
                yield error("unknown-owner", loc.at("owner"), key="unknown-commitment-owner", id=item.owner)
            if item.status is CommitmentStatus.DONE and item.done is None:
                yield error("done-without-date", loc.at("status"))
            if item.made is not None and item.due is not None and item.due < item.made:
                yield error("due-before-made", loc.at("due"), due=item.due, made=item.made)
            if item.done is not None and item.made is not None and item.done < item.made:
                yield warning("done-before-made", loc.at("done"), done=item.done, made=item.made)


CHECKS = [check_commitments]
