"""Columns of the cache's plain data: many short texts as one string, many integers as
the bytes of one array. A county's index of files, its org tree and its points index are
kept this way, so that they read back in milliseconds instead of as an object each.

Reading back is checked: a column that is not what :func:`join_texts` or
:func:`pack_longs` made raises ValueError (the caller then builds what it holds anew).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import Any

#: The separator of joined texts: no id, name or file name holds it.
SEPARATOR = "\0"


def join_texts(texts: Sequence[str]) -> tuple[str, int]:
    """The texts as one string, with how many they are (an empty list and a list of one
    empty text join alike)."""
    return SEPARATOR.join(texts), len(texts)


def split_texts(value: Any) -> list[str]:
    """The texts :func:`join_texts` joined. Raises ValueError for anything else (a text
    that held the separator comes back as more texts than were counted)."""
    text, count = value
    if type(text) is not str or type(count) is not int:
        raise ValueError("texts")
    out = text.split(SEPARATOR) if count else []
    if len(out) != count:
        raise ValueError("texts")
    return out


def pack_longs(numbers: Iterable[int]) -> bytes:
    """Integers (each within 64 bits; OverflowError otherwise) as bytes."""
    return array("q", numbers).tobytes()


def unpack_longs(data: Any) -> array:
    """The integers :func:`pack_longs` packed. Raises ValueError for anything but bytes of
    whole integers."""
    if type(data) is not bytes:
        raise ValueError("numbers")
    out = array("q")
    out.frombytes(data)  # ValueError when not a whole number of integers
    return out


__all__ = ["SEPARATOR", "join_texts", "pack_longs", "split_texts", "unpack_longs"]
