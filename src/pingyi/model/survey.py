"""``kind: survey`` — satisfaction and appraisal surveys (满意度测评, 述职测评). FORMAT §10."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Date, Id, Int, Model, Text

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

    @property
    def positive_options(self) -> list[str]:
        """The options counted as satisfied: ``positive``, else the first option."""
        return list(self.positive) if self.positive is not None else self.options[:1]
