"""Cell safety: one way to turn a value into what a cell holds, for both ways of writing
a cell (an openpyxl cell through :func:`put`, a streamed row's XML through
:func:`inline_text` and :func:`number_text`).

Text from a workspace is written as text, never as a formula: every ``str`` cell gets
``data_type = "s"`` explicitly (so ``=1+1``, ``@SUM(A1)``, ``-2``, ``+x`` or ``#N/A`` stay
the characters they are), and text that begins with ``= + - @``, a tab or a carriage
return also gets Excel's quote prefix, so that editing the cell in Excel keeps it text.
Characters that XML 1.0 and Excel reject (:data:`openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE`)
are removed and text is cut at Excel's 32,767 characters (:func:`safe_text`). Numbers are
written exactly as far as a double allows (Decimal and Fraction through
:func:`excel_number`), dates as dates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

DATE = "yyyy-mm-dd"

#: Text beginning with one of these would be read as a formula (or by some programs as
#: one); it is written as text with a quote prefix.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32767

#: A quick test for text that needs no cleaning (no character Excel rejects, no CR).
_UNCLEAN = re.compile(r"[\000-\010\013-\014\016-\037\r]")


def clean_text(value: str) -> str:
    """Text as a cell may hold it: characters Excel rejects removed, line ends as ``\n``
    (XML turns a carriage return into a line feed anyway: this way the cell holds what
    a reader will read), cut at 32,767 characters."""
    if _UNCLEAN.search(value) is None:
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT]
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]


def safe_text(value: str) -> tuple[str, bool]:
    """The text a cell holds for ``value`` (:func:`clean_text`), and whether it gets the
    quote prefix (it would otherwise be read as a formula). Both ways of writing a cell
    go through here."""
    text = clean_text(value)
    return text, text.startswith(FORMULA_STARTS)


def put(ws: Worksheet, row: int, column: int, value: Any, *, number_format: str | None = None):
    """Write one value into a cell, safely: text as text (never a formula), numbers as
    numbers (Decimal and Fraction through their exact decimal text), dates as dates."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        cell.value = None
        return cell
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, str):
        text, quoted = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # whatever the text looks like: never a formula, an error or a number
        if quoted:
            cell.quotePrefix = True
    elif isinstance(value, (Decimal, Fraction)):
        cell.value = excel_number(value)
    elif isinstance(value, (int, float)):
        cell.value = value
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE
    else:
        return put(ws, row, column, str(value), number_format=number_format)
    if number_format is not None:
        cell.number_format = number_format
    return cell


def excel_number(value: Decimal | Fraction) -> int | float:
    """An exact value as the number Excel stores (a double): whole values as ints."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return float(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def inline_text(value: str) -> tuple[str, bool]:
    """A text cell's type and content as openpyxl writes them (after ``s="…"``), and
    whether it gets the quote prefix."""
    text, quoted = safe_text(value)
    if not text:
        return ' t="inlineStr"/>', False
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>', quoted


def number_text(value: Any) -> str:
    """A number as openpyxl writes it (``%.16g``; nothing for NaN and infinities)."""
    if isinstance(value, (Decimal, Fraction)):
        value = excel_number(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return "%.16g" % value  # noqa: UP031 - exactly as openpyxl writes a number
