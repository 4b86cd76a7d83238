"""``kind: publicity`` — 公示 and 异议 (objections). FORMAT §13.

A document records one publication of results (一月一公示, 一季一汇总, 年底公示): the period,
the subtree published, the window (公示期), where it was posted and who takes objections,
and the objections received with their replies. References (members, items, orgs) and
dates against the period are checked in :mod:`pingyi.checks.publicity`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, WithJsonSchema, model_validator

from .base import Date, Id, Model, Month, Text, describe, problem

PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])|-[Qq][1-4])?$"
_PERIOD_RE = re.compile(PERIOD_PATTERN)


class Outcome(StrEnum):
    """成立 upheld, 部分成立 partly, 不成立 rejected (absent: pending)."""

    UPHELD = "upheld"
    PARTLY = "partly"
    REJECTED = "rejected"


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Period:
    """A month (``2024-03``), a quarter (``2024-Q1``) or a year (``2024``)."""

    year: int
    type: PeriodType
    number: int = 0  # the month (1–12) or the quarter (1–4); 0 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        """Raises ``ValueError`` for anything else than the three forms."""
        text = str(text).strip()
        if not _PERIOD_RE.match(text):
            raise ValueError(text)
        year = int(text[:4])
        if year < 1:
            raise ValueError(text)
        if len(text) == 4:
            return cls(year, PeriodType.YEAR)
        if text[5] in "Qq":
            return cls(year, PeriodType.QUARTER, int(text[6]))
        return cls(year, PeriodType.MONTH, int(text[5:7]))

    def __str__(self) -> str:
        if self.type is PeriodType.YEAR:
            return f"{self.year:04d}"
        if self.type is PeriodType.QUARTER:
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}-{self.number:02d}"

    @property
    def months(self) -> tuple[str, ...]:
        """The months of the period, ``YYYY-MM``."""
        if self.type is PeriodType.MONTH:
            numbers: range | tuple[int, ...] = (self.number,)
        elif self.type is PeriodType.QUARTER:
            numbers = range(3 * self.number - 2, 3 * self.number + 1)
        else:
            numbers = range(1, 13)
        return tuple(f"{self.year:04d}-{m:02d}" for m in numbers)

    @property
    def first_day(self) -> dt.date:
        y, m = self.months[0].split("-")
        return dt.date(int(y), int(m), 1)

    @property
    def last_day(self) -> dt.date:
        y, m = (int(p) for p in self.months[-1].split("-"))
        nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
        return nxt - dt.timedelta(days=1)


def _period(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        try:
            return str(Period.parse(value))
        except ValueError:
            pass
    raise problem("expected-period", found=describe(value))


PeriodText = Annotated[
    str,
    BeforeValidator(_period),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": PERIOD_PATTERN}, {"type": "integer", "minimum": 1, "maximum": 9999}]}
    ),
]


class Objection(Model):
    """An objection (异议) received in the window, and its answer (答复)."""

    id: Id | None = None
    member: Id
    month: Month | None = None
    item: Id | None = None
    by: Id | None = None
    by_name: Text | None = None
    received: Date
    text: Text | None = None
    reply: Text | None = None
    replied: Date | None = None
    outcome: Outcome | None = None

    @model_validator(mode="after")
    def _one_author(self) -> Objection:
        if self.by is not None and self.by_name is not None:
            raise problem("objection-two-authors")
        return self

    @property
    def state(self) -> str:
        """``pending`` or the outcome's code."""
        return "pending" if self.outcome is None else self.outcome.value


class PublicityDoc(Model):
    kind: Literal["publicity"]
    id: Id
    period: PeriodText
    org: Id | None = None
    start: Date
    end: Date
    place: Text | None = None
    contact: Text | None = None
    objections: list[Objection] = []

    @property
    def period_value(self) -> Period:
        return Period.parse(self.period)
