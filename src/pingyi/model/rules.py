"""``kind: rules`` — the scoring scheme (评星定格). FORMAT §9.

The built-in default is :data:`DEFAULT_RULES_YAML`. A workspace's rules document gives only
what it changes: mappings are merged key by key into the default, lists and single values
replace it. The merged result is validated as a whole, so an error still points at the
key in the user's file.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema, field_validator, model_validator

from .adjustments import AdjustmentType, Level
from .base import Bool, Id, Int, Model, Number, Text, _decimal, describe, located_error, problem


class Grade(StrEnum):
    """优秀 excellent, 合格 qualified, 基本合格 basic, 不合格 unqualified."""

    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASIC = "basic"
    UNQUALIFIED = "unqualified"


class AverageOver(StrEnum):
    TWELVE = "twelve"
    SCORED_MONTHS = "scored_months"


class AdjustmentPolicy(StrEnum):
    HIGHEST = "highest"
    SUM = "sum"


class RuleItem(Model):
    """One of the scored items (评星定格十项)."""

    id: Id
    name: Text


class Weights(Model):
    monthly: Number
    democratic: Number

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        if self.monthly < 0 or self.democratic < 0:
            raise problem("weights-negative")
        if self.monthly + self.democratic != 1:
            raise problem("weights-sum", monthly=self.monthly, democratic=self.democratic, total=self.monthly + self.democratic)
        return self


class StarBand(Model):
    """A lower bound (inclusive) on the rounded total and the stars and grade it gives."""

    min: Number
    stars: Int
    grade: Grade


# --- shares, the 民主评议 rules and the rated-survey scales (FORMAT §9, §10, §14) ---

_FRACTION_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def _parse_share(value: Any) -> Fraction:
    """A share: a decimal (``0.05``) or an exact fraction written ``"1/3"``."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        match = _FRACTION_RE.match(value)
        if match:
            numerator, denominator = int(match.group(1)), int(match.group(2))
            if denominator == 0:
                raise problem("share-divides-by-zero", found=value.strip())
            return Fraction(numerator, denominator)
    try:
        return Fraction(_decimal(value))
    except ValueError:
        raise problem("expected-share", found=describe(value)) from None


def _share_text(value: Fraction) -> str:
    return str(value)


#: A share between 0 and 1, kept exact: ``0.05`` or ``"1/3"``.
Share = Annotated[
    Fraction,
    BeforeValidator(_parse_share),
    PlainSerializer(_share_text, return_type=str),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*(\d+(\.\d*)?|\d+\s*/\s*\d+)\s*$"}]}),
]


class AppraisalRules(Model):
    """民主评议党员: 优秀 at most floor(n × ``excellent_share``), n = the org's full members."""

    excellent_share: Share

    @field_validator("excellent_share")
    @classmethod
    def _between(cls, value: Fraction) -> Fraction:
        if not 0 <= value <= 1:
            raise problem("excellent-share-range", found=value)
        return value


class SurveyBand(Model):
    """A lower bound (inclusive) on a rated survey's rounded score and the grade it gives."""

    min: Number
    grade: Text


class SurveyScale(Model):
    """A named scale of rated surveys (述职测评): options, the positive ones, points per
    option and grade bands on the score."""

    options: list[Text]
    positive: list[Text] | None = None
    weights: dict[Text, Number] | None = None
    grades: list[SurveyBand] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> SurveyScale:
        check_scale_parts(self.options, self.positive, self.weights, self.grades)
        return self


def check_scale_parts(
    options: list[str] | None,
    positive: list[str] | None,
    weights: dict[str, Decimal] | None,
    grades: list[SurveyBand] | None,
) -> None:
    """Raise a located error for the first inconsistency of a scale's parts."""
    if options is not None:
        if not options:
            raise located_error("survey-no-options", "options")
        for i, option in enumerate(options):
            if option in options[:i]:
                raise located_error("scale-option-twice", "options", i, option=option)
        for i, p in enumerate(positive or []):
            if p not in options:
                raise located_error("scale-positive-unknown", "positive", i, option=p)
        for option in weights or {}:
            if option not in options:
                raise located_error("scale-weights-unknown", "weights", option, key=True, option=option)
        if weights is not None:
            missing = [o for o in options if o not in weights]
            if missing:
                raise located_error("survey-weights-missing", "weights", missing=tuple(missing))
    if grades is not None:
        if not grades:
            raise located_error("scale-grades-empty", "grades")
        for i, (higher, lower) in enumerate(zip(grades, grades[1:]), start=1):
            if lower.min >= higher.min:
                raise located_error("survey-grades-order", "grades", i, "min", lower=lower.min, higher=higher.min)
        if weights is None:
            raise located_error("survey-grades-without-weights", "grades")


# --- end of the appraisal and survey-scale rules ---


# --- the points keys: quarter_star.count, democratic_blank, rounding (FORMAT §6, §8, §9) ---


def parse_share(value: Any) -> Fraction:
    """A share as the rules write it (``0.05`` or ``"1/3"``), exact, between 0 and 1;
    ``ValueError`` otherwise. The parser of :data:`Share`, with its range."""
    share = _parse_share(value)
    if not 0 <= share <= 1:
        raise problem("share-between", found=describe(value))
    return share


class QuarterCount(StrEnum):
    """Who counts towards the 季度之星 quota: every member of the branch (党员总数) or only
    the scored ones."""

    MEMBERS = "members"
    SCORED = "scored"


class DemocraticBlank(StrEnum):
    """A ballot that leaves out a member: left out of the divisor, or counted as 0."""

    ABSTAIN = "abstain"
    ZERO = "zero"


class Rounding(StrEnum):
    """Round the total once (``total``) or each item score first (``items``)."""

    TOTAL = "total"
    ITEMS = "items"


class QuarterStar(Model):
    share: Share
    min_members: Int
    count: QuarterCount = QuarterCount.MEMBERS


class AnnualStar(Model):
    share: Share


class PublicityRules(Model):
    """公示 (FORMAT §13): how many days an objection may wait for its answer, and which
    periods must be published once scored."""

    reply_days: Int
    required: list[Literal["month", "quarter", "year"]]

    @field_validator("reply_days")
    @classmethod
    def _reply_days(cls, value: int) -> int:
        if value < 0:
            raise problem("reply-days-negative", found=value)
        return value


class Rules(Model):
    """The complete, validated scheme."""

    kind: Literal["rules"] | None = None
    items: list[RuleItem]
    item_max: Number
    weights: Weights
    average_over: AverageOver
    decimals: Int
    adjustment_policy: AdjustmentPolicy
    adjustments: dict[AdjustmentType, dict[Level, Number]]
    stars: list[StarBand]
    quarter_star: QuarterStar
    annual_star: AnnualStar
    min_mass_representatives: Int
    grade_probationary: Bool
    democratic_blank: DemocraticBlank = DemocraticBlank.ABSTAIN
    rounding: Rounding = Rounding.TOTAL
    # 民主评议党员 and rated surveys
    appraisal: AppraisalRules
    survey_scales: dict[Id, SurveyScale] = {}
    publicity: PublicityRules

    @field_validator("items")
    @classmethod
    def _items(cls, items: list[RuleItem]) -> list[RuleItem]:
        if not items:
            raise problem("items-empty")
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise located_error("item-twice", i, "id", id=item.id)
            seen.add(item.id)
        return items

    @field_validator("item_max")
    @classmethod
    def _item_max(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise problem("item-max")
        return value

    @field_validator("decimals")
    @classmethod
    def _decimals(cls, value: int) -> int:
        if not 0 <= value <= 6:
            raise problem("decimals-range", found=value)
        return value

    @field_validator("stars")
    @classmethod
    def _bands(cls, bands: list[StarBand]) -> list[StarBand]:
        if not bands:
            raise problem("stars-empty")
        for i, (higher, lower) in enumerate(zip(bands, bands[1:]), start=1):
            if lower.min >= higher.min:
                raise located_error("bands-order", i, "min", lower=lower.min, higher=higher.min)
            if lower.stars > higher.stars:
                raise located_error("bands-stars", i, "stars", lower=lower.stars, higher=higher.stars)
        if bands[-1].min != 0:
            raise located_error("bands-lowest", len(bands) - 1, "min", found=bands[-1].min)
        for i, band in enumerate(bands):
            if band.stars < 0:
                raise located_error("stars-negative", i, "stars")
        return bands

    @field_validator("quarter_star", "annual_star")
    @classmethod
    def _share(cls, value: QuarterStar | AnnualStar) -> QuarterStar | AnnualStar:
        if not 0 <= value.share <= 1:
            raise problem("share-range", found=value.share)
        return value

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def max_stars(self) -> int:
        return max(b.stars for b in self.stars)

    def band_for(self, total: Decimal) -> StarBand:
        """The band a (rounded) total falls in; totals below 0 fall in the lowest band."""
        for band in self.stars:
            if total >= band.min:
                return band
        return self.stars[-1]

    def band_for_stars(self, stars: int) -> StarBand | None:
        """The band that gives exactly these stars (for ratings)."""
        for band in self.stars:
            if band.stars == stars:
                return band
        return None

    def points(self, type_: AdjustmentType, level: Level) -> Decimal | None:
        return self.adjustments.get(type_, {}).get(level)


DEFAULT_RULES_YAML = """\
kind: rules
items:                      # 评星定格十项: 五带头 + 五必评
  - {id: study,     name: 学习提高}
  - {id: achieve,   name: 争创佳绩}
  - {id: serve,     name: 服务群众}
  - {id: law,       name: 遵纪守法}
  - {id: ethos,     name: 弘扬正气}
  - {id: duty,      name: 履行职责}
  - {id: attitude,  name: 工作态度}
  - {id: ability,   name: 业务能力}
  - {id: integrity, name: 绩效廉洁}
  - {id: promise,   name: 承诺践诺}
item_max: 10
weights: {monthly: 0.8, democratic: 0.2}
average_over: twelve        # twelve | scored_months
decimals: 2
adjustment_policy: highest  # highest | sum
adjustments:
  award:      {national: 5, provincial: 4, city: 3, county: 2, unit: 1}
  discipline: {provincial: 5, city: 4, county: 3, unit: 2}
  criticism:  {provincial: 4, city: 3, county: 2, unit: 1}
stars:                      # lower bounds, highest first
  - {min: 95, stars: 10, grade: excellent}
  - {min: 90, stars: 9,  grade: qualified}
  - {min: 80, stars: 8,  grade: qualified}
  - {min: 70, stars: 7,  grade: basic}
  - {min: 60, stars: 6,  grade: basic}
  - {min: 50, stars: 5,  grade: unqualified}
  - {min: 40, stars: 4,  grade: unqualified}
  - {min: 30, stars: 3,  grade: unqualified}
  - {min: 20, stars: 2,  grade: unqualified}
  - {min: 10, stars: 1,  grade: unqualified}
  - {min: 0,  stars: 0,  grade: unqualified}
quarter_star: {share: 0.05, min_members: 10, count: members}   # count: members | scored
annual_star: {share: 0.10}
democratic_blank: abstain   # abstain | zero (section 6)
rounding: total             # total | items (section 6)
min_mass_representatives: 10
grade_probationary: true
appraisal:
  excellent_share: "1/3"    # 优秀 at most floor(n × share) of the full members
publicity: {reply_days: 10, required: [year]}   # FORMAT §13
"""


@cache
def default_rules_data() -> dict[str, Any]:
    from ..io.yaml import parse_text

    return parse_text(DEFAULT_RULES_YAML)[0]


@cache
def default_rules() -> Rules:
    return Rules.model_validate(default_rules_data())


def merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key; anything else in ``override`` replaces ``base``."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    return override


def merged_rules_data(document: dict[str, Any]) -> dict[str, Any]:
    """A partial rules document merged into the default, ready to validate as :class:`Rules`."""
    return merge(default_rules_data(), document)
