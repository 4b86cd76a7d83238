"""``kind: adjustments`` — awards and penalties (加减分). FORMAT §6."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from .base import Date, Id, Model, Text, Year


class AdjustmentType(StrEnum):
    """award 表彰奖励, discipline 党纪政纪处分, criticism 通报批评."""

    AWARD = "award"
    DISCIPLINE = "discipline"
    CRITICISM = "criticism"


class Level(StrEnum):
    """national 国家级, provincial 省部级, city 地市级, county 县级, unit 本单位."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"
    UNIT = "unit"


class Adjustment(Model):
    member: Id
    type: AdjustmentType
    level: Level
    date: Date | None = None
    note: Text | None = None


class AdjustmentsDoc(Model):
    kind: Literal["adjustments"]
    year: Year
    items: list[Adjustment] = []
