"""Measuring text for column widths and row heights, as a spreadsheet shows it: an East
Asian wide or full-width character takes two columns, a combining mark none; Chinese
text may wrap between any two characters, a Latin word or a date should not be broken."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Any

#: character → columns it takes (filled as characters are met)
_CHAR_WIDTH: dict[str, int] = {}


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        width = 0
    else:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    _CHAR_WIDTH[ch] = width
    return width


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width view: East Asian wide and full-width
    characters count 2, combining marks 0, everything else 1."""
    if text.isascii():  # no ASCII character is wide or combining
        return len(text)
    try:
        return sum(map(_CHAR_WIDTH.__getitem__, text))  # each character's width, in C
    except KeyError:  # a character not met before
        for ch in set(text).difference(_CHAR_WIDTH):
            _char_width(ch)
        return sum(map(_CHAR_WIDTH.__getitem__, text))


#: Points of row height per line of 11 pt text (CJK fonts run a little taller than Latin).
LINE_HEIGHT = 14.5


def line_widths(text: str, *, bold: bool = False) -> tuple[float, ...]:
    """The width of each line of ``text`` as a cell shows it: a wide character takes a
    little more than two units of a column's width (an 11 pt CJK glyph is about 2.1
    widths of the digit 0 the unit is measured in), bold text a tenth more."""
    widths = tuple(_shown_line(line) for line in text.split("\n"))
    if bold:
        widths = tuple(w * 1.1 for w in widths)
    return widths


_RUN = re.compile(r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")


def longest_word(text: str) -> int:
    """The width that breaks no word: the longest run of Latin letters, digits and
    punctuation (``qualified``, ``2024-12-31``); Chinese text may wrap between any two
    characters, so a CJK text asks for two of them (4)."""
    runs = max(map(len, _RUN.findall(text)), default=0)
    wide = 4 if not text.isascii() and _any_wide(text) else 0
    return min(MAX_WORD, max(runs, wide))


def _any_wide(text: str) -> bool:
    """Whether the text holds an East Asian wide or full-width character (width 2)."""
    try:
        return 2 in map(_CHAR_WIDTH.__getitem__, text)
    except KeyError:  # a character not met before
        for ch in set(text).difference(_CHAR_WIDTH):
            _char_width(ch)
        return 2 in map(_CHAR_WIDTH.__getitem__, text)


#: A column grows beyond its ``max_width`` for a word this long at most.
MAX_WORD = 24


def _shown_line(line: str) -> float:
    width = display_width(line)
    wide = width - len(line)  # each wide character counts one more than its length
    return width + 0.1 * wide if wide > 0 else width


def lines_needed(extent: tuple[float, ...], width: float) -> int:
    """Lines a text of these line widths takes in a column ``width`` wide. The column is
    written ``width + 0.7`` wide: 7 × (width + 0.7) + 5 pixels, of which a cell's
    padding takes about four."""
    room = max(1.0, width + 0.7)
    return sum(max(1, math.ceil(w / room)) for w in extent)


def shown_width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == "points" and not isinstance(value, str):
        return len(f"{float(value):.2f}")
    if kind == "rate" and not isinstance(value, str):
        return 6
    if kind == "date":
        return 10
    cls = value.__class__
    if cls is int or cls is Decimal or cls is Fraction or cls is float:  # one line of ASCII
        return len(str(value))
    text = str(value)
    return max((display_width(line) for line in text.split("\n")), default=0)
