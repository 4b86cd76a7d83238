"""``kind: honours`` — 季度之星 and 年度之星. FORMAT §8."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import model_validator

from .base import Id, IdList, Int, Model, Year, problem


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
                raise problem("quarter-star-fields")
            if not 1 <= self.quarter <= 4:
                raise problem("quarter-range", found=self.quarter)
        elif self.quarter is not None:
            raise problem("quarter-not-annual")
        return self


class HonoursDoc(Model):
    kind: Literal["honours"]
    year: Year
    items: list[Honour] = []
