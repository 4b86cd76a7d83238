"""Checks of satisfaction surveys (FORMAT §10)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, error, note, warning
from ..workspace import Workspace
from .common import seen_before


def check_surveys(ws: Workspace) -> Iterator[Diagnostic]:
    first: dict[str, Loc] = {}
    for doc in ws.surveys:
        survey = doc.peek()
        if (earlier := seen_before(first, survey.id, doc.loc.at("id"))) is not None:
            yield error("duplicate-survey", doc.loc.at("id"), id=survey.id, notes=[note(earlier, "first-used-here")])
        if not ws.exists(survey.subject):
            yield error("unknown-subject", doc.loc.at("subject"), key="unknown-survey-subject", id=survey.subject)
        if survey.scale is not None and survey.scale not in ws.rules.survey_scales:
            continue  # reported once by check_rated_surveys
        options = list(survey.resolve(ws.rules.survey_scales).options)
        if not options:
            yield error("survey-options", doc.loc.at("options"), key="survey-no-options")
        if len(set(options)) != len(options):
            yield error("survey-options", doc.loc.at("options"), key="survey-option-twice")
        listed = tuple(options)
        for j, p in enumerate(survey.positive or []):
            if p not in options:
                yield error("unknown-option", doc.loc.at("positive", j), key="unknown-positive-option", option=p, options=listed)
        for option, count in survey.counts.items():
            if option not in options:
                yield error(
                    "unknown-option", doc.loc.key("counts", option), key="unknown-count-option", option=option, options=listed
                )
            if count < 0:
                yield error("negative-count", doc.loc.at("counts", option), count=count)
        if sum(survey.counts.values()) == 0:
            yield warning("empty-survey", doc.loc.at("counts"))
        if survey.suggestions is not None and survey.suggestions < 0:
            yield error("negative-count", doc.loc.at("suggestions"), key="negative-suggestions")


def check_rated_surveys(ws: Workspace) -> Iterator[Diagnostic]:
    """Rated surveys (述职测评, FORMAT §10): the scale named exists; the points and bands a
    survey gives itself fit its options."""
    scales = ws.rules.survey_scales
    for doc in ws.surveys:
        survey = doc.peek()
        if survey.scale is not None and survey.scale not in scales:
            if scales:
                yield error("survey-unknown-scale", doc.loc.at("scale"), scale=survey.scale, known=sorted(scales))
            else:
                yield error("survey-unknown-scale", doc.loc.at("scale"), key="survey-no-scales", scale=survey.scale)
            continue
        spec = survey.resolve(scales)
        options = list(spec.options)
        if survey.positive is None and survey.scale is not None:
            for p in spec.positive:
                if p not in options:
                    yield error("survey-scale-positive", doc.loc.at("scale"), option=p, options=options)
        if survey.weights is not None:
            for option in survey.weights:
                if option not in options:
                    yield error("survey-weights-option", doc.loc.key("weights", option), option=option, options=options)
        if spec.weights is not None:
            missing = [o for o in options if o not in spec.weights]
            if missing:
                where = doc.loc.key("weights") if survey.weights is not None else doc.loc.at("scale")
                yield error("survey-weights-missing", where, missing=missing)
        if survey.grades is not None:
            for i, (higher, lower) in enumerate(zip(survey.grades, survey.grades[1:]), start=1):
                if lower.min >= higher.min:
                    yield error("survey-grades-order", doc.loc.at("grades", i, "min"), lower=lower.min, higher=higher.min)
            if spec.weights is None:
                yield error("survey-grades-without-weights", doc.loc.key("grades"))


CHECKS = [check_surveys, check_rated_surveys]
