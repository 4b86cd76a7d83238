"""``kind: survey`` — satisfaction and appraisal surveys (满意度测评, 述职测评). FORMAT §10."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Date, Id, Int, Model, Number, Text
from .rules import SurveyBand, SurveyScale

DEFAULT_OPTIONS = ("满意", "基本满意", "不满意")


class SurveyDoc(Model):
    kind: Literal["survey"]
    id: Id
    name: Text
    subject: Id
    date: Date
    options: list[Text] = Field(default_factory=lambda: list(DEFAULT_OPTIONS))
    positive: list[Text] | None = None
    counts: dict[Text, Int]
    suggestions: Int | None = None
    # rated surveys (述职测评): a scale of the rules, or points and bands of its own
    scale: Id | None = None
    weights: dict[Text, Number] | None = None
    grades: list[SurveyBand] | None = None

    @property
    def positive_options(self) -> list[str]:
        """The options counted as satisfied: ``positive``, else the first option."""
        return list(self.positive) if self.positive is not None else self.options[:1]

    def resolve(self, scales: Mapping[str, SurveyScale]) -> SurveySpec:
        """What the survey asks and how it is scored: its own ``options``, ``positive``,
        ``weights`` and ``grades``, else its scale's (an unknown scale gives nothing)."""
        scale = scales.get(self.scale) if self.scale is not None else None
        options = self.options if scale is None or "options" in self.model_fields_set else scale.options
        positive = self.positive if self.positive is not None else scale.positive if scale is not None else None
        weights = self.weights if self.weights is not None else scale.weights if scale is not None else None
        grades = self.grades if self.grades is not None else scale.grades if scale is not None else None
        return SurveySpec(
            tuple(options),
            tuple(positive) if positive is not None else tuple(options[:1]),
            dict(weights) if weights is not None else None,
            tuple(grades) if grades is not None else None,
        )


@dataclass(frozen=True, slots=True)
class SurveySpec:
    """A survey's options, positive options, points per option and grade bands, after
    its scale is applied (FORMAT §10: the survey's own keys override its scale's)."""

    options: tuple[str, ...]
    positive: tuple[str, ...]
    weights: dict[str, Decimal] | None
    grades: tuple[SurveyBand, ...] | None

    @property
    def rated(self) -> bool:
        return self.weights is not None
