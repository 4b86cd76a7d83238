"""``kind: evaluation`` — the year-end democratic evaluation (年底民主测评) of one org. FORMAT §6."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import WrapSerializer, model_validator

from .base import Id, Int, Model, Score, Year, located_error, problem
from .rows import as_dict, packed


class EvaluationDoc(Model):
    """Either the ballots (无记名测评票), one mapping per ballot, or the tally sheet's
    per-item averages with the number of participants."""

    # Once validated, each ballot and the averages are read-only mappings whose rows are
    # kept as one compact integer array (pingyi.model.rows.ScoreRows) whenever they can be.

    kind: Literal["evaluation"]
    org: Id
    year: Year
    mass_representatives: Int | None = None
    ballots: list[Annotated[dict[Id, list[Score]], WrapSerializer(as_dict)]] | None = None
    participants: Int | None = None
    averages: Annotated[dict[Id, list[Score]], WrapSerializer(as_dict)] | None = None

    @model_validator(mode="after")
    def _ballots_or_averages(self) -> EvaluationDoc:
        if self.ballots is None and self.averages is None:
            raise problem("evaluation-needs-data")
        if self.ballots is not None and self.averages is not None:
            raise located_error("evaluation-both", "averages", key=True)
        if self.averages is not None and self.participants is None:
            raise problem("evaluation-participants")
        if self.ballots is not None:
            object.__setattr__(self, "ballots", [packed(b) for b in self.ballots])
        if self.averages is not None:
            object.__setattr__(self, "averages", packed(self.averages))
        return self

    @classmethod
    def model_construct(cls, _fields_set: set[str] | None = None, **values: Any) -> EvaluationDoc:
        """As pydantic's, with the rows packed as after validation (the fast reader builds
        valid documents so)."""
        if values.get("ballots") is not None:
            values["ballots"] = [packed(b) for b in values["ballots"]]
        if values.get("averages") is not None:
            values["averages"] = packed(values["averages"])
        return super().model_construct(_fields_set, **values)
