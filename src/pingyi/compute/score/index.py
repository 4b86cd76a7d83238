"""The points documents of one year, by member: what the arithmetic needs (FORMAT §6–7).

:func:`build_index` reads the year's ``kind: scores``, ``evaluation``, ``adjustments`` and
``ratings`` documents of an indexed workspace once, up to the last month counted
(``through``), and files them by member. It computes nothing but exact integer sums.

The monthly scores go into one :class:`MonthGrid`: integer arrays indexed by member, month
and item (scaled by a power of ten when decimals occur), with the number of the document
that scored each month; a ballot's numbers are summed straight from its compact rows.
No per-member lists of numbers are made: a points card is made from the documents when
one is asked for.
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from typing import Any, Literal

from ...columns import SEPARATOR, join_texts, pack_longs, split_texts, unpack_longs
from ...diagnostics import Loc
from ...model import AdjustmentPolicy, AdjustmentType, Level, ScoresDoc
from ...model.rows import ScoreRows, pack
from ...model.rules import DemocraticBlank
from ...workspace import Doc, Member, Workspace
from .arithmetic import ZERO, Value, exact_sum


@dataclass(frozen=True, slots=True)
class MonthScores:
    """One month of a member's points card (积分卡): the item scores as written (None for
    a month without a score) and the org that scored them."""

    month: str
    values: Sequence[Value] | None
    org: str | None = None
    member: str | None = None
    doc: Loc | None = None
    """The ``kind: scores`` document the month comes from."""

    @property
    def total(self) -> int | Fraction | None:
        return None if self.values is None else exact_sum(self.values)

    @property
    def loc(self) -> Loc | None:
        """Where the member's row stands in the document."""
        return None if self.doc is None or self.member is None else self.doc.key("scores", self.member)


@dataclass(frozen=True, slots=True)
class MonthGrid:
    """The year's monthly scores, months 1..``through``, by month, member and item.

    Month-major: with P members (``positions``, member → position p) and ``items`` items,
    ``cells[((month - 1) * P + p) * items + i] / 10**scale`` is item i of the month of the
    member at position p, so that one org's document of a month fills one run of cells;
    ``sources[(month - 1) * P + p]`` is the number (in ``docs``) of the ``kind: scores``
    document that scored it, -1 for none, and ``scored`` the same as one byte, 1 for a
    month with a score. A month scored twice keeps the first document (the second is an
    error of the checks)."""

    year: int
    through: int
    items: int
    scale: int
    positions: Mapping[str, int]
    cells: Sequence[int]
    sources: Sequence[int]
    docs: tuple[Doc[ScoresDoc], ...]
    scored_flags: bytes | bytearray = b""

    @property
    def size(self) -> int:
        """P: the members with a position."""
        return len(self.positions)

    def sums(self, member: str) -> tuple[int, ...]:
        """Σ of each item over the member's months, as integers over ``10**scale``."""
        p = self.positions.get(member)
        n = self.items
        if p is None:
            return (0,) * n
        cells, step = self.cells, self.size * n
        return tuple(sum(cells[p * n + i :: step]) for i in range(n))

    def all_sums(self) -> Sequence[int]:
        """Σ of each item over the months of every member at once: ``result[p * items + i]``,
        as integers over ``10**scale``. Whole scores of 0..255 (one byte each, the usual
        case) are added a month at a time as one big integer with a lane of two bytes per
        cell (twelve months of at most 255 never carry into the next lane); anything else
        one cell at a time."""
        width = self.size * self.items
        cells = self.cells
        if not width:
            return []
        blocks = [cells[m * width : (m + 1) * width] for m in range(self.through)]
        if isinstance(cells, array) and cells.typecode == "B" and self.through * 255 < 2**16:
            total = 0
            for block in blocks:
                wide = bytearray(2 * width)
                wide[0::2] = block
                total += int.from_bytes(wide, "little")
            out = array("H")
            out.frombytes(total.to_bytes(2 * width, "little"))
            if sys.byteorder != "little":
                out.byteswap()
            return out
        return list(map(sum, zip(*blocks)))

    def all_scored(self) -> Sequence[int]:
        """The number of months scored of every member at once, by position."""
        size, flags = self.size, self.scored_flags
        total = 0
        for m in range(self.through):
            total += int.from_bytes(flags[m * size : (m + 1) * size], "little")
        return total.to_bytes(size, "little") if size else b""

    def months(self, member: str) -> dict[int, Doc[ScoresDoc]]:
        """month → the document that scored it, for the member's scored months."""
        p = self.positions.get(member)
        if p is None:
            return {}
        found = self.sources[p :: self.size]
        return {mon: self.docs[d] for mon, d in enumerate(found, start=1) if d >= 0}

    def scored(self, member: str) -> int:
        """The number of months the member has a score for."""
        p = self.positions.get(member)
        if p is None:
            return 0
        return sum(self.scored_flags[p :: self.size])

    def has(self, member: str, month: int) -> bool:
        p = self.positions.get(member)
        return p is not None and self.sources[(month - 1) * self.size + p] >= 0


@dataclass(frozen=True, slots=True)
class MonthCard:
    """The months of a member's points card (积分卡): made into :class:`MonthScores` from
    the documents that scored them only when asked for (a county's score report needs the
    counts alone)."""

    member: str
    year: int
    through: int
    items: int
    grid: MonthGrid | None

    @property
    def docs(self) -> Mapping[int, Doc[ScoresDoc]]:
        """month → the document that scored it."""
        return {} if self.grid is None else self.grid.months(self.member)

    @property
    def scored(self) -> int:
        return 0 if self.grid is None else self.grid.scored(self.member)

    @property
    def missing(self) -> tuple[str, ...]:
        docs = self.docs
        return tuple(f"{self.year}-{mon:02d}" for mon in range(1, self.through + 1) if mon not in docs)

    def scores(self) -> tuple[MonthScores, ...]:
        """Every month counted, with its scores (None for a month without)."""
        out = []
        docs = self.docs
        for mon in range(1, self.through + 1):
            doc = docs.get(mon)
            month = f"{self.year}-{mon:02d}"
            if doc is None:
                out.append(MonthScores(month, None))
            else:
                values = _values(doc.model.scores[self.member], self.items)
                out.append(MonthScores(month, values, doc.model.org, self.member, doc.loc))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class DemocraticSource:
    """Where a member's democratic item scores D_i come from: the ballots of one org's
    evaluation (``ballots`` of ``ballots_total`` named the member) or its tally sheet
    (``averages``, with ``participants``). ``blank`` is the rules' ``democratic_blank``:
    under ``zero`` the divisor is ``ballots_total``."""

    org: str
    source: Literal["ballots", "averages"]
    ballots: int | None
    ballots_total: int | None
    participants: int | None
    loc: Loc
    blank: DemocraticBlank = DemocraticBlank.ABSTAIN

    @property
    def blanks(self) -> int:
        """Ballots returned that leave the member out."""
        if self.ballots is None or self.ballots_total is None:
            return 0
        return self.ballots_total - self.ballots


@dataclass(frozen=True, slots=True)
class AdjustmentLine:
    """An award or penalty (加减分) and whether it counted. ``points`` is the rules'
    points for its type and level (None when the rules give none: an error elsewhere);
    ``signed`` is what it adds to the total when it counts."""

    type: AdjustmentType
    level: Level
    points: Fraction | None
    counted: bool
    date: dt.date | None
    note: str | None
    loc: Loc

    @property
    def signed(self) -> Fraction:
        if self.points is None:
            return ZERO
        return self.points if self.type is AdjustmentType.AWARD else -self.points

    def marked(self, counted: bool) -> AdjustmentLine:
        return AdjustmentLine(self.type, self.level, self.points, counted, self.date, self.note, self.loc)


@dataclass(frozen=True, slots=True)
class Rating:
    """The branch's own decision on a member's stars (党支部评定)."""

    stars: int
    reason: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Evaluated:
    """One evaluation that names a member: its org, where D_i comes from, Σ of each item
    over the member's rows (their ballots, or the tally sheet's averages as one row) as
    integers over ``10**scale``, and the divisor."""

    org: str
    source: DemocraticSource
    sum_nums: tuple[int, ...]
    scale: int
    count: int

    @property
    def sums(self) -> tuple[int | Fraction, ...]:
        """Σ of each item over the rows, exactly."""
        den = 10**self.scale
        return tuple(x // den if x % den == 0 else Fraction(x, den) for x in self.sum_nums)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One evaluation's numbers by member: Σ of each item over the rows naming the k-th
    member (``keys[k]``) is ``cells[k * n + i] / 10**scale``; ``named[k]`` ballots name them
    (None for a tally sheet: its averages, one row each). ``source`` is where D_i comes
    from, shared by every member of a tally sheet (None for ballots: it differs by member)."""

    org: str
    keys: tuple[str, ...]
    cells: Sequence[int]
    scale: int
    named: Sequence[int] | None
    returned: int
    participants: int | None
    loc: Loc
    blank: DemocraticBlank
    source: DemocraticSource | None = None

    def count(self, k: int) -> int:
        """The divisor of the k-th member's D_i."""
        if self.named is None:
            return 1
        return self.returned if self.blank is DemocraticBlank.ZERO else self.named[k]

    def evaluated(self, k: int, n: int) -> Evaluated:
        """The k-th member's :class:`Evaluated`."""
        source = self.source
        if source is None:
            named = self.named[k] if self.named is not None else None
            source = DemocraticSource(self.org, "ballots", named, self.returned, self.participants, self.loc, self.blank)
        return Evaluated(self.org, source, tuple(self.cells[k * n : (k + 1) * n]), self.scale, self.count(k))


@dataclass
class Index:
    """The points documents of one year (up to month ``through``), by member."""

    year: int
    through: int
    grid: MonthGrid
    items: int = 0
    #: member → the evaluations naming them, in file order: (sheet, the member's row in it)
    evaluations: dict[str, list[tuple[Sheet, int]]] = field(default_factory=dict)
    adjustments: dict[str, list[AdjustmentLine]] = field(default_factory=dict)
    ratings: dict[str, Rating] = field(default_factory=dict)
    #: month → the orgs that sent a ``kind: scores`` document for it
    org_months: dict[int, set[str]] = field(default_factory=dict)
    any_scores: bool = False
    any_evaluation: bool = False

    def months_of(self, member: str, n: int) -> MonthCard:
        """The member's months counted (an exempt member's: none)."""
        return MonthCard(member, self.year, self.through, n, self.grid)

    def chosen(self, member: Member) -> tuple[Sheet, int] | None:
        """The evaluation that gives the member's D_i: their own org's when it names them,
        else the first (in file order) that does."""
        found = self.evaluations.get(member.id)
        if not found:
            return None
        for ref in found:
            if ref[0].org == member.org:
                return ref
        return found[0]

    def democratic(self, member: Member) -> tuple[Evaluated | None, tuple[str, ...]]:
        """The evaluation that gives the member's D_i (:meth:`chosen`), and the orgs of
        every evaluation naming them."""
        chosen = self.chosen(member)
        if chosen is None:
            return None, ()
        sheet, k = chosen
        return sheet.evaluated(k, self.items), tuple(s.org for s, _ in self.evaluations[member.id])


def _values(raw: Sequence[Value], n: int) -> Sequence[Value]:
    """Exactly ``n`` item scores: extra ones dropped, missing ones 0 (both are errors that
    ``pingyi check`` reports; computing never fails on them). The list as read when it
    has ``n``."""
    if len(raw) == n:
        return raw
    return list(raw[:n]) + [0] * (n - len(raw))


def _places(value: Any) -> int:
    if type(value) is int:
        return 0
    exponent = Decimal(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True, slots=True)
class _Rows:
    """Rows of ``n`` scores as integers over ``10**scale`` (``cells[k*n + i]``)."""

    keys: Sequence[str]
    cells: Sequence[int]
    scale: int


def _scaled(rows: Mapping[str, Sequence[Value]], n: int) -> _Rows:
    """The rows of a scores document, a ballot or the averages as integers, exactly: the
    compact array itself when it holds ``n`` items a row; else the rows made ``n`` long
    (:func:`_values`) and scaled by the largest number of decimal places among them."""
    if isinstance(rows, ScoreRows) and rows.width == n:
        return _Rows(rows.members, rows.cells, rows.scale)
    fixed = {k: _values(v, n) for k, v in rows.items()}
    compact = pack(fixed) if fixed else None
    if compact is not None:
        return _Rows(compact.members, compact.cells, compact.scale)
    flat = [v for r in fixed.values() for v in r]
    scale = max(map(_places, flat), default=0)
    factor = 10**scale
    return _Rows(tuple(fixed), [int(Fraction(v) * factor) for v in flat], scale)


def _grid(
    year: int, through: int, n: int, entries: list[tuple[int, int, Doc[ScoresDoc], _Rows]], only: frozenset[str] | None
) -> MonthGrid:
    """The grid of the year's scores documents (``entries``: number, month, document and
    its rows, in file order). Members take positions in the order they first appear, so
    that the documents of one org, month after month, fill one run of cells each."""
    positions: dict[str, int] = {}
    runs: dict[tuple[str, ...], int] = {}  # rows of members → their first position when consecutive
    for _, _, _, rows in entries:
        keys = tuple(rows.keys)
        if keys in runs:
            continue
        for member in keys:
            if member not in positions and (only is None or member in only):
                positions[member] = len(positions)
        first = positions.get(keys[0], -1) if keys else -1
        runs[keys] = first if first >= 0 and [positions.get(k) for k in keys] == list(range(first, first + len(keys))) else -1
    size = len(positions)
    scale = max((rows.scale for *_, rows in entries), default=0)
    small = all(isinstance(rows.cells, array) and rows.cells.typecode == "B" for *_, rows in entries) and not scale
    cells: Any
    if small:
        cells = array("B", bytes(size * through * n))
    else:
        values = [
            c * 10 ** (scale - rows.scale)
            for *_, rows in entries
            for c in (min(rows.cells, default=0), max(rows.cells, default=0))
        ]
        wide = values and not (-(2**63) <= min(values) and max(values) < 2**63)
        cells = [0] * (size * through * n) if wide else array("q", bytes(8 * size * through * n))
    sources = array("i", [-1]) * (size * through)
    flags = bytearray(size * through)
    docs: list[Doc[ScoresDoc]] = []
    for number, mon, doc, rows in entries:
        docs.append(doc)
        src: Any = rows.cells
        if rows.scale != scale:
            factor = 10 ** (scale - rows.scale)
            src = [c * factor for c in src]
        if isinstance(cells, array) and not (isinstance(src, array) and src.typecode == cells.typecode):
            src = array(cells.typecode, src)
        base = (mon - 1) * size
        first, k = runs[tuple(rows.keys)], len(rows.keys)
        if first >= 0 and sources[base + first : base + first + k].count(-1) == k:
            # the usual case: one org's members, in the positions they took, not yet scored
            sources[base + first : base + first + k] = array("i", [number]) * k
            flags[base + first : base + first + k] = b"\x01" * k
            cells[(base + first) * n : (base + first + k) * n] = src[: k * n]
            continue
        for j, member in enumerate(rows.keys):
            p = positions.get(member)
            if p is None:
                continue
            slot = base + p
            if sources[slot] >= 0:
                continue  # a month scored twice is an error; the first counts
            sources[slot] = number
            flags[slot] = 1
            cells[slot * n : (slot + 1) * n] = src[j * n : (j + 1) * n]
    return MonthGrid(year, through, n, scale, positions, cells, sources, tuple(docs), flags)


def build_index(ws: Workspace, year: int, through: int = 12, only: frozenset[str] | None = None) -> Index:
    """What the arithmetic needs, by member: the year's months up to ``through``, the
    evaluations, adjustments and ratings (of the ``only`` members, when given)."""
    rules = ws.rules
    n = rules.item_count
    prefix = f"{year}-"
    entries: list[tuple[int, int, Doc[ScoresDoc], _Rows]] = []
    org_months: dict[int, set[str]] = {}
    any_scores = False
    for doc in ws.scores:
        month = doc.model.month
        if not month.startswith(prefix):
            continue
        any_scores = True
        mon = int(month[len(prefix) :])
        if mon > through:
            continue
        org_months.setdefault(mon, set()).add(doc.model.org)
        if doc.model.scores:
            entries.append((len(entries), mon, doc, _scaled(doc.model.scores, n)))
    idx = Index(year, through, _grid(year, through, n, entries, only), n, org_months=org_months, any_scores=any_scores)
    blank = rules.democratic_blank
    seen_orgs: set[str] = set()
    for edoc in ws.evaluations:
        ev = edoc.model
        if ev.year != year or ev.org in seen_orgs:
            continue
        seen_orgs.add(ev.org)
        idx.any_evaluation = True
        returned = len(ev.ballots) if ev.ballots is not None else 0
        if ev.ballots is not None:
            ballots = [_scaled(b, n) for b in ev.ballots if b]
            scale = max((b.scale for b in ballots), default=0)
            # ballots naming the same members in the same order (the usual case) are
            # added a cell at a time at C speed, then the groups member by member
            groups: dict[tuple[str, ...], list[Sequence[int]]] = {}
            for b in ballots:
                cells: Sequence[int] = b.cells
                if b.scale != scale:
                    factor = 10 ** (scale - b.scale)
                    cells = [c * factor for c in cells]
                groups.setdefault(tuple(b.keys), []).append(cells)
            sums: dict[str, list[int]] = {}
            counts: dict[str, int] = {}
            for group_keys, group in groups.items():
                total = list(map(sum, zip(*group))) if len(group) > 1 else list(group[0])
                for k, member in enumerate(group_keys):
                    if only is not None and member not in only:
                        continue
                    row = total[k * n : (k + 1) * n]
                    have = sums.get(member)
                    if have is None:
                        sums[member] = row
                        counts[member] = len(group)
                    else:
                        have[:] = map(int.__add__, have, row)
                        counts[member] += len(group)
            keys = tuple(sums)
            flat = [c for total in sums.values() for c in total]
            sheet = Sheet(ev.org, keys, flat, scale, [counts[m] for m in keys], returned, ev.participants, edoc.loc, blank)
        elif ev.averages is not None:
            averages = _scaled(ev.averages, n) if ev.averages else _Rows((), (), 0)
            source = DemocraticSource(ev.org, "averages", None, None, ev.participants, edoc.loc, blank)
            keys = tuple(averages.keys)
            sheet = Sheet(ev.org, keys, averages.cells, averages.scale, None, 0, ev.participants, edoc.loc, blank, source)
        else:
            continue
        evaluations = idx.evaluations
        for k, member in enumerate(sheet.keys):
            if only is not None and member not in only:
                continue
            found = evaluations.get(member)
            if found is None:
                evaluations[member] = [(sheet, k)]
            else:
                found.append((sheet, k))
    for adoc in ws.adjustments:
        if adoc.model.year != year:
            continue
        for i, item in enumerate(adoc.model.items):
            if only is not None and item.member not in only:
                continue
            points = rules.points(item.type, item.level)
            line = AdjustmentLine(
                item.type,
                item.level,
                None if points is None else Fraction(points),
                False,
                item.date,
                item.note,
                adoc.loc.at("items", i),
            )
            idx.adjustments.setdefault(item.member, []).append(line)
    for rdoc in ws.ratings:
        if rdoc.model.year != year:
            continue
        for i, r in enumerate(rdoc.model.items):
            if rules.band_for_stars(r.stars) is None:
                continue  # only under a what-if scheme (--rules); `pingyi check` says so
            if r.member not in idx.ratings:  # a second rating is an error; the first counts
                idx.ratings[r.member] = Rating(r.stars, r.reason, rdoc.loc.at("items", i))
    return idx


# --------------------------------------------------------------------------- kept between runs


def patch_scores(idx: Index, changed: Iterable[Doc[ScoresDoc]]) -> bool:
    """Put the numbers of the ``changed`` scores documents in the index in place of those
    it holds of them, when each has the place, month, org and members (in the same order)
    it had when the index was built (the caller knows): then the index is the one
    :func:`build_index` would build, and True. False, the index left as it was, when a
    document's numbers do not fit the grid as they are (decimals, or past 255 in a grid of
    whole numbers of one byte: the grid's scale or width would be another): build it anew."""
    grid = idx.grid
    cells, n, size = grid.cells, grid.items, grid.size
    number_of = {(d.loc.file, d.loc.doc): k for k, d in enumerate(grid.docs)}
    prefix = f"{grid.year}-"
    writes: list[tuple[int, Sequence[int]]] = []
    for doc in changed:
        number = number_of.get((doc.loc.file, doc.loc.doc))
        if number is None:
            continue  # another year, a month past the last counted, or no rows
        month = doc.model.month
        if not month.startswith(prefix):
            return False
        mon = int(month[len(prefix) :])
        rows = _scaled(doc.model.scores, n)
        if not (isinstance(cells, array) and cells.typecode == "B" and not grid.scale):
            return False  # grids of decimals or large numbers are built anew
        src = rows.cells
        if rows.scale or not (isinstance(src, array) and src.typecode == "B"):
            return False
        base = (mon - 1) * size
        for j, member in enumerate(rows.keys):
            p = grid.positions.get(member)
            if p is not None and grid.sources[base + p] == number:  # not a second score of the month
                writes.append(((base + p) * n, src[j * n : (j + 1) * n]))
    for at, values in writes:
        cells[at : at + n] = values  # type: ignore[index]
    return True


def _numbers(cells: Sequence[int]) -> tuple[str, bytes] | list[int]:
    """Integer cells as (typecode, bytes) when they are an array, else as a list."""
    return (cells.typecode, cells.tobytes()) if isinstance(cells, array) else list(cells)


def _compact(numbers: array) -> tuple[str, bytes]:
    """64-bit integers as (typecode, bytes) in the narrowest of 16, 32 and 64 bits that
    holds them (never one byte: an array of bytes is told apart by those who digest the
    index's numbers)."""
    low, high = (min(numbers), max(numbers)) if numbers else (0, 0)
    for typecode, fits in (("H", 0 <= low and high < 2**16), ("i", -(2**31) <= low and high < 2**31)):
        if fits:
            return typecode, array(typecode, numbers).tobytes()
    return "q", numbers.tobytes()


def _cells(value: Any) -> Sequence[int]:
    if type(value) is tuple:
        typecode, data = value
        if typecode not in ("B", "H", "q", "i") or type(data) is not bytes:
            raise ValueError("cells")
        out = array(typecode)
        out.frombytes(data)
        return out
    if type(value) is not list or not all(type(x) is int for x in value):
        raise ValueError("cells")
    return value


def _texts(texts: Sequence[str]) -> tuple[str, int]:
    """:func:`join_texts`, refusing (ValueError) a text that holds the separator."""
    joined = join_texts(texts)
    if joined[0].count(SEPARATOR) != max(len(texts) - 1, 0):
        raise ValueError("separator")
    return joined


def _locs_to_columns(locs: Sequence[Loc], depth: int) -> tuple[Any, ...]:
    """Locations of whole documents (``depth`` 0) or of ``items[i]`` (1) as columns;
    ValueError for any other."""
    for loc in locs:
        path = loc.path
        if loc.target != "value" or loc.cell is not None or len(path) != 2 * depth:
            raise ValueError("location")
        if depth and (path[0] != "items" or type(path[1]) is not int):
            raise ValueError("location")
    items = pack_longs(loc.path[1] for loc in locs) if depth else b""  # type: ignore[misc]
    return _texts([loc.file for loc in locs]), pack_longs(loc.doc for loc in locs), items


def _locs_from_columns(value: Any, depth: int) -> list[Loc]:
    files, docs, items = value
    names, numbers = split_texts(files), unpack_longs(docs)
    if len(names) != len(numbers):
        raise ValueError("locations")
    if not depth:
        return [Loc(f, d) for f, d in zip(names, numbers)]
    at = unpack_longs(items)
    if len(at) != len(names):
        raise ValueError("locations")
    return [Loc(f, d, ("items", i)) for f, d, i in zip(names, numbers, at)]


def _optional(numbers: Iterable[int | None]) -> bytes:
    """Integers ≥ 0 or None (as -1)."""
    out = []
    for x in numbers:
        if x is not None and x < 0:
            raise ValueError("negative")
        out.append(-1 if x is None else x)
    return pack_longs(out)


def _optional_back(data: Any) -> list[int | None]:
    return [None if x < 0 else x for x in unpack_longs(data)]


def _heads_to_columns(sheets: Sequence[Sheet]) -> tuple[Any, ...]:
    """The heads of the evaluations' sheets as columns (:func:`index_to_plain`)."""
    return (
        _texts([s.org for s in sheets]),
        pack_longs(s.scale for s in sheets),
        bytes(s.named is not None for s in sheets),
        pack_longs(s.returned for s in sheets),
        _optional(s.participants for s in sheets),
        _locs_to_columns([s.loc for s in sheets], 0),
        _texts([s.blank.value for s in sheets]),
    )


def _heads_from_columns(value: Any) -> list[tuple[Any, ...]]:
    orgs, scales, named, returned, participants, locs, blanks = value
    columns: list[Sequence[Any]] = [
        split_texts(orgs),
        unpack_longs(scales),
        [bool(x) for x in named],
        unpack_longs(returned),
        _optional_back(participants),
        _locs_from_columns(locs, 0),
        [DemocraticBlank(b) for b in split_texts(blanks)],
    ]
    if type(named) is not bytes or len({len(c) for c in columns}) > 1:
        raise ValueError("sheets")
    return list(zip(*columns))


def _adjustments_to_columns(rows: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The adjustment lines (member, type, level, points, counted, date, note, loc) as
    columns."""
    points = [r[3] for r in rows]
    if not all(p is None or (type(p) is Fraction and p >= 0) for p in points):
        raise ValueError("points")
    return (
        _texts([r[0] for r in rows]),
        _texts([r[1].value for r in rows]),
        _texts([r[2].value for r in rows]),
        _optional(None if p is None else p.numerator for p in points),
        pack_longs(1 if p is None else p.denominator for p in points),
        bytes(bool(r[4]) for r in rows),
        _optional(None if r[5] is None else r[5].toordinal() for r in rows),
        _texts(["" if r[6] is None else r[6] for r in rows]),
        bytes(r[6] is not None for r in rows),
        _locs_to_columns([r[7] for r in rows], 1),
    )


def _adjustments_from_columns(value: Any) -> list[tuple[Any, ...]]:
    members, kinds, levels, numerators, denominators, counted, dates, notes, has_note, locs = value
    if type(counted) is not bytes or type(has_note) is not bytes:
        raise ValueError("adjustments")
    columns: list[Sequence[Any]] = [
        split_texts(members),
        [AdjustmentType(k) for k in split_texts(kinds)],
        [Level(k) for k in split_texts(levels)],
        [None if n is None else Fraction(n, d) for n, d in zip(_optional_back(numerators), unpack_longs(denominators))],
        [bool(x) for x in counted],
        [None if d is None else dt.date.fromordinal(d) for d in _optional_back(dates)],
        [t if h else None for t, h in zip(split_texts(notes), has_note)],
        _locs_from_columns(locs, 1),
    ]
    if len({len(c) for c in columns}) > 1 or len(has_note) != len(columns[0]):
        raise ValueError("adjustments")
    return list(zip(*columns))


def _ratings_to_columns(rows: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The ratings (member, stars, reason, loc) as columns."""
    return (
        _texts([r[0] for r in rows]),
        pack_longs(r[1] for r in rows),
        _texts([r[2] for r in rows]),
        _locs_to_columns([r[3] for r in rows], 1),
    )


def _ratings_from_columns(value: Any) -> list[tuple[Any, ...]]:
    members, stars, reasons, locs = value
    columns: list[Sequence[Any]] = [split_texts(members), unpack_longs(stars), split_texts(reasons), _locs_from_columns(locs, 1)]
    if len({len(c) for c in columns}) > 1:
        raise ValueError("ratings")
    return list(zip(*columns))


def index_to_plain(idx: Index) -> tuple[Any, ...]:
    """The index as plain data (strings, numbers, bytes, lists, tuples, dicts, locations,
    enum members, fractions and dates), each scores document named by its place (file
    and number in the file), for :func:`index_from_plain` to rebuild in a later run
    without reading any document. The bulk as columns, not as an object per member: a
    county's index is a few byte strings and reads back in milliseconds."""
    g = idx.grid
    numbers: dict[int, int] = {}
    sheets: list[Sheet] = []
    members: list[str] = []
    refs: list[int] = []
    for member, found in idx.evaluations.items():
        members.append(member)
        refs.append(len(found))
        for sheet, k in found:
            number = numbers.get(id(sheet))
            if number is None:
                number = numbers[id(sheet)] = len(sheets)
                sheets.append(sheet)
            refs.extend((number, k))
    sheet_heads: Any = [
        (sheet.org, sheet.scale, sheet.named is not None, sheet.returned, sheet.participants, sheet.loc, sheet.blank)
        for sheet in sheets
    ]
    try:
        sheet_heads = _heads_to_columns(sheets)
    except (ValueError, OverflowError, TypeError, AttributeError):
        pass  # kept as a list of rows
    sources = [
        None if s.source is None else (s.source.source, s.source.ballots, s.source.ballots_total, s.source.participants)
        for s in sheets
    ]
    adjustments: Any = [
        (member, line.type, line.level, line.points, line.counted, line.date, line.note, line.loc)
        for member, lines in idx.adjustments.items()
        for line in lines
    ]
    ratings: Any = [(member, r.stars, r.reason, r.loc) for member, r in idx.ratings.items()]
    try:
        adjustments = _adjustments_to_columns(adjustments)
    except (ValueError, OverflowError, TypeError, AttributeError):
        pass  # kept as a list of rows
    try:
        ratings = _ratings_to_columns(ratings)
    except (ValueError, OverflowError, TypeError, AttributeError):
        pass
    grid = (
        g.year,
        g.through,
        g.items,
        g.scale,
        join_texts(list(g.positions)),
        _numbers(g.cells),
        _numbers(g.sources),
        bytes(g.scored_flags),
        join_texts([d.loc.file for d in g.docs]),
        pack_longs(d.loc.doc for d in g.docs),
    )
    evaluations = (
        sheet_heads,
        sources,
        join_texts([k for sheet in sheets for k in sheet.keys]),
        pack_longs(len(sheet.keys) for sheet in sheets),
        _compact(array("q", chain.from_iterable(sheet.cells for sheet in sheets))),
        pack_longs(c for sheet in sheets if sheet.named is not None for c in sheet.named),
        join_texts(members),
        pack_longs(refs),
    )
    org_months = {mon: sorted(orgs) for mon, orgs in idx.org_months.items()}
    head = (idx.year, idx.through, idx.items, idx.any_scores, idx.any_evaluation)
    return (head, grid, evaluations, adjustments, ratings, org_months)


def index_from_plain(value: Any, docs: Mapping[tuple[str, int], Doc[ScoresDoc]]) -> Index:
    """The index :func:`index_to_plain` wrote, its scores documents found in ``docs`` (by
    file and number). Raises ValueError (or TypeError, KeyError, IndexError) when the data
    is not what that function writes, or names a document that is not there."""
    head, grid, evaluations, adjustments, ratings, org_months = value
    year, through, items, any_scores, any_evaluation = head
    g_year, g_through, n, scale, names, cells, sources, flags, files, places = grid
    keys = split_texts(names)
    size = len(keys)
    files_of, at = split_texts(files), unpack_longs(places)
    cells, sources = _cells(cells), _cells(sources)
    if (
        type(flags) is not bytes
        or len(files_of) != len(at)
        or len(cells) != size * g_through * n
        or len(sources) != size * g_through
        or len(flags) != len(sources)
    ):
        raise ValueError("grid")
    found = tuple([docs[(f, d)] for f, d in zip(files_of, at, strict=True)])
    month_grid = MonthGrid(g_year, g_through, n, scale, dict(zip(keys, range(size))), cells, sources, found, flags)

    heads, source_of, sheet_keys, key_counts, sheet_cells, sheet_named, members, refs = evaluations
    if type(heads) is tuple:
        heads = _heads_from_columns(heads)
    all_keys, counts = split_texts(sheet_keys), unpack_longs(key_counts)
    all_cells = _cells(sheet_cells) if type(sheet_cells) is tuple else unpack_longs(sheet_cells)
    all_named, refs = unpack_longs(sheet_named), unpack_longs(refs)
    made: list[Sheet] = []
    k0 = named0 = 0
    for (org, sc, has_named, returned, participants, loc, blank), src, count in zip(heads, source_of, counts, strict=True):
        if not isinstance(loc, Loc) or not isinstance(blank, DemocraticBlank):
            raise ValueError("sheet")
        sheet_members = tuple(all_keys[k0 : k0 + count])
        numbers = all_cells[k0 * n : (k0 + count) * n]
        named = None
        if has_named:
            named = all_named[named0 : named0 + count]
            named0 += count
        k0 += count
        source = None
        if src is not None:
            kind, ballots, total, people = src
            if kind not in ("ballots", "averages"):
                raise ValueError("sheet")
            source = DemocraticSource(org, kind, ballots, total, people, loc, blank)
        made.append(Sheet(org, sheet_members, numbers, sc, named, returned, participants, loc, blank, source))
    if k0 != len(all_keys) or k0 * n != len(all_cells) or named0 != len(all_named):
        raise ValueError("sheets")
    by_member: dict[str, list[tuple[Sheet, int]]] = {}
    names = split_texts(members)
    if len(refs) == 3 * len(names) and refs[0::3].count(1) == len(names):
        # each member named by one evaluation (the usual case): at C speed
        pairs = zip(map(made.__getitem__, refs[1::3]), refs[2::3])
        by_member = dict(zip(names, map(list, zip(pairs))))
    else:
        j = 0
        for member in names:
            count = refs[j]
            by_member[member] = [(made[refs[j + 1 + 2 * i]], refs[j + 2 + 2 * i]) for i in range(count)]
            j += 1 + 2 * count
        if j != len(refs):
            raise ValueError("evaluations")
    if type(adjustments) is tuple:
        adjustments = _adjustments_from_columns(adjustments)
    if type(ratings) is tuple:
        ratings = _ratings_from_columns(ratings)
    lines: dict[str, list[AdjustmentLine]] = {}
    for member, kind, level, points, counted, date, text, loc in adjustments:
        lines.setdefault(member, []).append(AdjustmentLine(kind, level, points, counted, date, text, loc))
    rated = {member: Rating(stars, reason, loc) for member, stars, reason, loc in ratings}
    return Index(
        year,
        through,
        month_grid,
        items,
        by_member,
        lines,
        rated,
        {mon: set(orgs) for mon, orgs in org_months.items()},
        any_scores,
        any_evaluation,
    )


def adjust(lines: Iterable[AdjustmentLine], policy: AdjustmentPolicy) -> tuple[Fraction, tuple[AdjustmentLine, ...]]:
    """The adjustment and the lines marked with whether they counted.

    ``highest``: the highest award counts once, and the highest penalty (discipline and
    criticism together) once; nothing accumulates (不能累计). Of equal points the first
    listed counts. ``sum``: every line counts."""
    lines = list(lines)
    if policy is AdjustmentPolicy.SUM:
        marked = tuple(line.marked(line.points is not None) for line in lines)
        return sum((line.signed for line in marked), ZERO), marked
    best: dict[bool, tuple[int, Fraction]] = {}
    for k, line in enumerate(lines):
        if line.points is None:
            continue
        award = line.type is AdjustmentType.AWARD
        if award not in best or line.points > best[award][1]:
            best[award] = (k, line.points)
    counted = {k for k, _ in best.values()}
    marked = tuple(line.marked(k in counted) for k, line in enumerate(lines))
    return sum((line.signed for line in marked if line.counted), ZERO), marked


__all__ = [
    "AdjustmentLine",
    "MonthGrid",
    "DemocraticSource",
    "Evaluated",
    "Index",
    "Sheet",
    "MonthCard",
    "MonthScores",
    "Rating",
    "adjust",
    "build_index",
    "patch_scores",
    "index_from_plain",
    "index_to_plain",
]
