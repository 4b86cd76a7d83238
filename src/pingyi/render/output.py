"""Shared output plumbing: JSON and CSV encoding, consoles, rates and numbers for display."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, TextIO

from rich.console import Console


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round once, half away from zero (四舍五入), to ``decimals`` places."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain(obj: Any) -> Any:
    """Results as JSON-ready data: dataclasses and mappings recursively, Decimal as a JSON
    number (results are already rounded), dates in ISO form, enums as their codes."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(plain(k)) if not isinstance(k, str) else k: plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return int(obj) if obj == obj.to_integral_value() and obj.as_tuple().exponent >= 0 else float(obj)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj


def to_json(obj: Any) -> str:
    return json.dumps(plain(obj), ensure_ascii=False, indent=2) + "\n"


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else plain(v) for v in row])
    return buffer.getvalue()


def console(file: TextIO | None = None) -> Console:
    """A console for tables: coloured on a terminal; plain and wide enough that tables
    are never cut when piped."""
    stream = file if file is not None else sys.stdout
    is_terminal = hasattr(stream, "isatty") and stream.isatty()
    if is_terminal:
        return Console(file=stream, highlight=False)
    return Console(file=stream, highlight=False, width=400, no_color=True, color_system=None, soft_wrap=False)


def number(value: Decimal | None, decimals: int = 2) -> str:
    return "—" if value is None else str(round_half_up(value, decimals))
