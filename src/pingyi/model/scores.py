"""``kind: scores`` — one org's monthly scores (一月一评分). FORMAT §6."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import WrapSerializer, model_validator

from .base import Id, Model, Month, Score
from .rows import as_dict, packed


class ScoresDoc(Model):
    """member id → one score per rule item, in rule order."""

    # Once made, ``scores`` is a read-only mapping whose rows are kept as one compact
    # integer array (pingyi.model.rows.ScoreRows) whenever they can be kept so exactly:
    # after validation, and when the fast reader builds the model (model_construct).

    kind: Literal["scores"]
    org: Id
    month: Month
    scores: Annotated[dict[Id, list[Score]], WrapSerializer(as_dict)] = {}

    @model_validator(mode="after")
    def _compact(self) -> ScoresDoc:
        object.__setattr__(self, "scores", packed(self.scores))
        return self

    @classmethod
    def model_construct(cls, _fields_set: set[str] | None = None, **values: Any) -> ScoresDoc:
        if "scores" in values:
            values["scores"] = packed(values["scores"])
        return super().model_construct(_fields_set, **values)
