"""Rows of item scores kept as one compact integer array (FORMAT §6).

A county holds millions of monthly scores and ballot numbers. Held as Python lists of
numbers in dicts they cost hundreds of bytes a row; :class:`ScoreRows` keeps a mapping's
rows (member id → one score per item, every row of one length) as one :class:`array.array`
of integers scaled by a power of ten: ``value = cell / 10**scale``. Whole numbers are stored
as they are (``scale`` 0, one byte each when they lie in 0..255); decimals written with the
same number of places (9.5, 8.5 …) as integers of that many places, so the sums over them
are integer sums, exact.

It is a read-only :class:`~collections.abc.Mapping`: ``rows[member]`` gives the row as the
full validation gives it (a list of ``int``, or ``Decimal`` for a score that is not whole,
with the places it was written with), made when asked for. What cannot be kept exactly so
(rows of different lengths, decimals written with different numbers of places, numbers
past 64 bits) stays a plain dict: :func:`pack` says which.

The choice of the standard library's :mod:`array` over numpy was measured on a generated
county (2.28M monthly numbers, 2 cores): filling a member × month × item array and summing
every member's items took 0.28 s with ``array``; numpy took 0.19 s plus 0.2 s to import
itself (and a dependency), so the arrays are the standard library's.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

Value = int | Decimal
"""A score as read: a whole number as ``int``, anything else as an exact ``Decimal``."""

#: Typecodes a :class:`ScoreRows` may hold (one byte unsigned, eight bytes signed).
TYPECODES = ("B", "q")
_INT64 = 2**63


class ScoreRows(Mapping[str, list[Value]]):
    """member id → the member's row of ``width`` item scores, as one integer array
    (``cells[k * width + i] / 10**scale`` is item i of the k-th member)."""

    __slots__ = ("_keys", "_cells", "_width", "_scale", "_positions")

    def __init__(self, keys: Sequence[str], cells: array, width: int, scale: int = 0) -> None:
        if cells.typecode not in TYPECODES or width < 1 or scale < 0 or len(cells) != len(keys) * width:
            raise ValueError("inconsistent score rows")
        self._keys = tuple(sys.intern(k) if type(k) is str else k for k in keys)
        self._cells = cells
        self._width = width
        self._scale = scale
        self._positions: dict[str, int] | None = None

    # --------------------------------------------------------------- the compact form

    @property
    def members(self) -> tuple[str, ...]:
        """The member ids, in the order written."""
        return self._keys

    @property
    def cells(self) -> array:
        """Every row's integers, one after the other (read them, never change them)."""
        return self._cells

    @property
    def width(self) -> int:
        return self._width

    @property
    def scale(self) -> int:
        """Decimal places: each cell is the score times ``10**scale``."""
        return self._scale

    def position(self, member: str) -> int | None:
        """The member's row number, or None."""
        positions = self._positions
        if positions is None:
            positions = self._positions = {k: i for i, k in enumerate(self._keys)}
        return positions.get(member)

    def row_cells(self, k: int) -> array:
        """The integers of the k-th row."""
        w = self._width
        return self._cells[k * w : (k + 1) * w]

    def within(self, width: int, top: int | Decimal) -> bool:
        """Every row holds ``width`` scores, each between 0 and ``top`` (tested on the
        integers at C speed, without making the rows)."""
        cells = self._cells
        return self._width == width and (not cells or (min(cells) >= 0 and max(cells) <= top * 10**self._scale))

    def __reduce__(self) -> Any:
        return (_rows, (self._keys, self._cells.typecode, self._cells.tobytes(), self._width, self._scale))

    # --------------------------------------------------------------- the mapping

    def __getitem__(self, member: str) -> list[Value]:
        k = self.position(member)
        if k is None:
            raise KeyError(member)
        return self._row(k)

    def _row(self, k: int) -> list[Value]:
        cells = self.row_cells(k)
        if not self._scale:
            return cells.tolist()
        return [_value(c, self._scale) for c in cells]

    def __contains__(self, member: object) -> bool:
        return isinstance(member, str) and self.position(member) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def values(self) -> Any:  # a fresh list of the rows (the ValuesView protocol allows it)
        return [self._row(k) for k in range(len(self._keys))]

    def items(self) -> Any:
        return list(zip(self._keys, self.values()))

    def keys(self) -> Any:
        return self._keys

    def __repr__(self) -> str:
        return f"ScoreRows({dict(self.items())!r})"


def _value(cell: int, scale: int) -> Value:
    whole, rest = divmod(cell, 10**scale)
    if not rest:
        return whole
    return Decimal(cell).scaleb(-scale)


def _rows(keys: Sequence[str], typecode: str, data: bytes, width: int, scale: int) -> ScoreRows:
    """A :class:`ScoreRows` from its compact form (pickle, and the cache's plain encoding).
    Raises ValueError for data that does not make one. (Thousands of these are made per
    command from the cache: the checks are made once per call, in C where they can be.)"""
    if typecode not in TYPECODES or type(width) is not int or type(scale) is not int or width < 1 or scale < 0:
        raise ValueError("bad score rows")
    try:
        interned = tuple(map(sys.intern, keys))  # refuses anything but a plain str
    except TypeError:
        raise ValueError("bad score rows") from None
    cells = array(typecode)
    cells.frombytes(data)
    if len(cells) != len(interned) * width:
        raise ValueError("inconsistent score rows")
    rows = ScoreRows.__new__(ScoreRows)
    rows._keys = interned
    rows._cells = cells
    rows._width = width
    rows._scale = scale
    rows._positions = None
    return rows


def _places(value: Decimal) -> int | None:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else None


def _coefficient(value: Decimal) -> int:
    """The signed digits of a decimal, as an integer (exact, whatever its length)."""
    sign, digits, _ = value.as_tuple()
    n = int("".join(map(str, digits)))
    return -n if sign else n


def pack(rows: Mapping[str, Sequence[Any]]) -> ScoreRows | None:
    """The rows as one array, when they can be kept so exactly and as written: every row
    of one length, every value an ``int`` or a ``Decimal``, the decimals all written with
    the same number of places, every scaled value within 64 bits. Else None."""
    if isinstance(rows, ScoreRows):
        return rows
    if not rows:
        return None
    values = list(rows.values())
    width = len(values[0])
    if width == 0 or any(len(r) != width for r in values):
        return None
    flat = [v for r in values for v in r]
    scale = 0
    if not all(type(v) is int for v in flat):
        places: set[int | None] = set()
        for v in flat:
            if type(v) is Decimal:
                places.add(_places(v))
            elif type(v) is not int:
                return None
        if len(places) != 1 or None in places:
            return None
        (scale,) = places  # type: ignore[assignment]
        if scale > 18:
            return None
        factor = 10**scale
        flat = [v * factor if type(v) is int else _coefficient(v) for v in flat]
    low, high = min(flat), max(flat)
    if 0 <= low and high <= 255 and not scale:
        cells = array("B", flat)
    elif -_INT64 <= low and high < _INT64:
        cells = array("q", flat)
    else:
        return None
    return ScoreRows(list(rows.keys()), cells, width, scale)


def as_dict(rows: Any, handler: Any) -> Any:
    """pydantic's serializer of a field of rows (``WrapSerializer``): score rows dumped as the
    dict they stand for."""
    return handler(dict(rows.items()) if isinstance(rows, ScoreRows) else rows)


def packed(rows: Mapping[str, Sequence[Any]]) -> Mapping[str, Sequence[Any]]:
    """The rows as :class:`ScoreRows` when :func:`pack` can, else as they are."""
    return pack(rows) or rows


__all__ = ["TYPECODES", "ScoreRows", "Value", "as_dict", "pack", "packed"]
