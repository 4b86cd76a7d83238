"""``kind: ratings`` — the branch's own decisions on stars (党支部评定). FORMAT §7."""

from __future__ import annotations

from typing import Literal

from .base import Id, Int, Model, Text, Year


class Rating(Model):
    member: Id
    stars: Int
    reason: Text


class RatingsDoc(Model):
    kind: Literal["ratings"]
    year: Year
    items: list[Rating] = []
