"""``kind: scores`` — one org's monthly scores (一月一评分). FORMAT §6."""

from __future__ import annotations

from typing import Literal

from .base import Id, Model, Month, Number


class ScoresDoc(Model):
    """member id → one score per rule item, in rule order."""

    kind: Literal["scores"]
    org: Id
    month: Month
    scores: dict[Id, list[Number]] = {}
