"""Every member's computed points of a period as columns, kept in the workspace's cache.

:class:`ScoreColumns` holds what :class:`~.report.Scoring` computes for every member, in
tree order (:func:`~.report.ordered_members`): the rounded numbers (items, base,
democratic, adjustment and total, in integers of the rules' places) as one integer array,
and the months scored, rank, members ranked, computed and final stars, grade and band as
a second one. A command line never run before on a warm cache reads these two arrays
instead of rounding and ranking 19,667 members again; what stays costly per member (the
exact numbers, the points card, where D_i comes from, the adjustment lines) is made from
the points index only when asked for.

The columns are kept under the digest of what they are computed from (:func:`key_of`):
the members in tree order with their org and status, the points index's numbers (monthly
scores, evaluations, adjustments, ratings), the rules and the period. The digest is taken
from the contents themselves, whichever way the index came to the workspace (built, or
served from the cache): an edit of a scores file, an evaluation, an adjustment, a rating,
the tree or the rules gives another key, and the columns are computed again. Entries are
signed plain data (:mod:`pingyi.io.cache`), the newest :data:`KEPT` kept; one that does
not read back as what :func:`columns_to_plain` writes is computed again, never trusted.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...columns import pack_longs, unpack_longs

if TYPE_CHECKING:
    from ...diagnostics import Diagnostic
    from ...workspace import Member, Workspace
    from .index import Index
    from .period import Period

#: The cache folder of the kept columns (one entry per key).
FOLDER = "scores"
#: How many are kept (the newest): a few periods, or a few states of the files.
KEPT = 4
#: The entry's format (part of what it must say to be read back).
FORMAT = "score-columns-2"

#: The facts of a member after the rounded numbers, in this order in :attr:`ScoreColumns.facts`.
FACTS = ("months", "rank", "ranked", "computed_stars", "stars", "grade", "band")
WIDTH = len(FACTS)
#: A fact that is None (an exempt member's rank, an unrated member's stars).
NONE = -1


@dataclass(frozen=True, slots=True)
class ScoreColumns:
    """The computed points of ``count`` members (tree order). ``width``: the rounded
    numbers per member (the items and four more); ``scored[k]`` is 1 for a scored member,
    whose numbers are ``rounded[k * width : (k + 1) * width]`` (zeros for an exempt one);
    ``facts[k * WIDTH + j]`` is the member's fact ``FACTS[j]`` (:data:`NONE` for None; the
    grade as its place in :class:`~pingyi.model.Grade`, the band as its place in the
    rules' ``stars``). ``reasons``: the reason of the k-th member's rating, where it has
    one; ``missing``: the months a scored member lacks (``MemberScore.missing_months``),
    where they lack any: what the reports print without reading the index."""

    count: int
    width: int
    scored: bytes
    rounded: Sequence[int]
    facts: Sequence[int]
    reasons: Mapping[int, str] = field(default_factory=dict)
    missing: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    def numbers(self, k: int) -> tuple[int, ...] | None:
        """The k-th member's rounded numbers (None when exempt)."""
        if not self.scored[k]:
            return None
        w = self.width
        return tuple(self.rounded[k * w : (k + 1) * w])

    def fact(self, k: int, name: str) -> int | None:
        value = self.facts[k * WIDTH + FACTS.index(name)]
        return None if value == NONE else value

    def column(self, name: str) -> Sequence[int]:
        """One fact of every member (:data:`NONE` for None)."""
        return self.facts[FACTS.index(name) :: WIDTH]


def columns_to_plain(columns: ScoreColumns) -> tuple[Any, ...]:
    """The columns as plain data for the cache (OverflowError for a number past 64 bits:
    then they are not kept)."""
    return (
        FORMAT,
        columns.count,
        columns.width,
        columns.scored,
        pack_longs(columns.rounded),
        pack_longs(columns.facts),
        dict(columns.reasons),
        {k: list(v) for k, v in columns.missing.items()},
    )


def columns_from_plain(value: Any, count: int, width: int) -> ScoreColumns:
    """The columns :func:`columns_to_plain` wrote, for ``count`` members of ``width``
    numbers each. Raises ValueError (or TypeError) for anything else."""
    form, n, w, scored, rounded, facts, reasons, missing = value
    if form != FORMAT or n != count or w != width or type(scored) is not bytes or len(scored) != count:
        raise ValueError("score columns")
    numbers, more = unpack_longs(rounded), unpack_longs(facts)
    if len(numbers) != count * width or len(more) != count * WIDTH or scored.strip(b"\0\1"):
        raise ValueError("score columns")
    if not (
        type(reasons) is dict
        and type(missing) is dict
        and all(type(k) is int and 0 <= k < count and type(v) is str for k, v in reasons.items())
        and all(
            type(k) is int and 0 <= k < count and type(v) is list and all(type(x) is str for x in v) for k, v in missing.items()
        )
    ):
        raise ValueError("score columns")
    return ScoreColumns(count, width, scored, numbers, more, reasons, {k: tuple(v) for k, v in missing.items()})


# --------------------------------------------------------------------------- the key


def key_of(ws: Workspace, index: Index | None, period: Period, members: Sequence[Member], served: str | None = None) -> str:
    """The digest of what every member's points of ``period`` are computed from: the
    rules, the period, the members (tree order, org, status) and the index's numbers, or
    instead of the numbers ``served``, the digest the load served the index under (of
    what it is built from: see :mod:`pingyi.incremental`)."""
    from ...model import MemberStatus

    h = hashlib.sha256()
    h.update(f"{FORMAT}\0{period.year}\0{period.through}\0{ws.rules!r}\0".encode())
    statuses = {s: s.value for s in MemberStatus}
    for column in ([m.id for m in members], [m.org for m in members], [statuses[m.status] for m in members]):
        h.update("\0".join(column).encode())
        h.update(b"\1")
    if served is not None:
        h.update(f"served\0{served}".encode())
        return h.hexdigest()
    assert index is not None
    g = index.grid
    h.update(f"{index.year}\0{index.through}\0{index.items}\0{index.any_scores}\0{index.any_evaluation}\0".encode())
    h.update(f"{g.year}\0{g.through}\0{g.items}\0{g.scale}\0".encode())
    h.update("\0".join(g.positions).encode())
    h.update(b"\1")
    h.update(_cells(g.cells))
    h.update(b"\1")
    h.update(bytes(g.scored_flags))
    h.update(b"\1")
    # The evaluations: every sheet, in the order first met. Which members a sheet names,
    # and in what order, are its keys; a member's evaluations are the sheets naming them,
    # in this order (as the index is built), so the sheets say it all.
    sheets = {id(sheet): sheet for found in index.evaluations.values() for sheet, _ in found}
    h.update(f"{len(index.evaluations)}\0{len(sheets)}\0".encode())
    for sheet in sheets.values():
        named = None if sheet.named is None else _cells(sheet.named)
        h.update(f"{sheet.org}\0{sheet.scale}\0{sheet.returned}\0{sheet.blank!r}\0{named!r}\0".encode())
        h.update("\0".join(sheet.keys).encode())
        h.update(b"\1")
        h.update(_cells(sheet.cells))
        h.update(b"\1")
    lines = [(m, [(line.type, line.level, line.points) for line in found]) for m, found in index.adjustments.items()]
    h.update(repr(lines).encode())
    h.update(repr([(m, r.stars) for m, r in index.ratings.items()]).encode())
    return h.hexdigest()


def _cells(cells: Sequence[int]) -> bytes:
    """Integer cells as bytes: an array of bytes as it is, anything else as 64-bit
    integers (the same numbers give the same bytes whether they come as a list, as built,
    or as an array, as read back), or as text past 64 bits."""
    if isinstance(cells, array) and cells.typecode == "B":
        return b"B" + cells.tobytes()
    try:
        return b"q" + (cells if isinstance(cells, array) and cells.typecode == "q" else array("q", cells)).tobytes()
    except OverflowError:
        return b"L" + repr(list(cells)).encode()


# --------------------------------------------------------------------------- kept


def served(ws: Workspace, key: str, count: int, width: int) -> ScoreColumns | None:
    """The columns kept under ``key`` in the workspace's cache, or None."""
    from ... import incremental

    return incremental._served_entry(ws.root, FOLDER, key, lambda kept: columns_from_plain(kept, count, width))


#: The folder of the year-end warnings kept, by :func:`warnings_key`.
WARNINGS = "score-warnings"


def warnings_key(served: str, period: Period) -> str:
    """The digest the year-end warnings of ``period`` are kept under: ``served`` (of the
    index's inputs and the org tree, :mod:`pingyi.incremental`) and the period."""
    return hashlib.sha256(f"{FORMAT}\0warnings\0{served}\0{period.year}\0{period.through}".encode()).hexdigest()


def served_warnings(ws: Workspace, key: str) -> tuple[Diagnostic, ...] | None:
    """The year-end warnings kept under ``key``, or None."""
    from ... import incremental
    from ...diagnostics import Diagnostic

    def decode(kept: Any) -> tuple[Diagnostic, ...]:
        if type(kept) is not tuple or not all(type(d) is Diagnostic for d in kept):
            raise ValueError("warnings")
        return kept

    return incremental._served_entry(ws.root, WARNINGS, key, decode)


def keep_warnings(ws: Workspace, key: str, warnings: tuple[Diagnostic, ...]) -> None:
    """Keep the year-end warnings under ``key`` (and the :data:`KEPT` newest entries)."""
    from ... import incremental

    incremental._keep_entry(ws.root, WARNINGS, key, warnings, KEPT)


def keep(ws: Workspace, key: str, columns: ScoreColumns) -> None:
    """Keep the columns under ``key`` (and the :data:`KEPT` newest entries)."""
    from ... import incremental

    try:
        plain = columns_to_plain(columns)
    except OverflowError:  # numbers past 64 bits (hundreds of decimal places): computed each time
        return
    incremental._keep_entry(ws.root, FOLDER, key, plain, KEPT)


__all__ = [
    "FACTS",
    "NONE",
    "ScoreColumns",
    "columns_from_plain",
    "columns_to_plain",
    "keep",
    "keep_warnings",
    "key_of",
    "served",
    "served_warnings",
    "warnings_key",
]
