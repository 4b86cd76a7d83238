"""``kind: honours`` — 季度之星 and 年度之星. FORMAT §8."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import model_validator

from .base import Id, IdList, Int, Model, Year


class Award(StrEnum):
    QUARTER = "quarter"
    ANNUAL = "annual"


class Honour(Model):
    award: Award
    quarter: Int | None = None
    org: Id | None = None
    members: IdList = []

    @model_validator(mode="after")
    def _quarter_fields(self) -> Honour:
        if self.award is Award.QUARTER:
            if self.quarter is None or self.org is None:
                raise ValueError("a quarter star needs `quarter` (1-4) and `org` (the branch)")
            if not 1 <= self.quarter <= 4:
                raise ValueError(f"`quarter` must be 1, 2, 3 or 4, found {self.quarter}")
        elif self.quarter is not None:
            raise ValueError("`quarter` belongs to quarter stars only")
        return self


class HonoursDoc(Model):
    kind: Literal["honours"]
    year: Year
    items: list[Honour] = []
