"""Checks of satisfaction surveys (FORMAT §10)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, Note, error, warning
from ..workspace import Workspace


def check_surveys(ws: Workspace) -> Iterator[Diagnostic]:
    first: dict[str, Loc] = {}
    for doc in ws.surveys:
        survey = doc.model
        if survey.id in first:
            yield error(
                "duplicate-survey",
                f"survey id `{survey.id}` is used twice",
                doc.loc.at("id"),
                notes=[Note(first[survey.id], "first used here")],
            )
        else:
            first[survey.id] = doc.loc.at("id")
        if not ws.exists(survey.subject):
            yield error("unknown-subject", f"subject `{survey.subject}` is no org or member of this workspace", doc.loc.at("subject"))
        options = survey.options
        if not options:
            yield error("survey-options", "`options` must list at least one answer", doc.loc.at("options"))
        if len(set(options)) != len(options):
            yield error("survey-options", "`options` lists an answer twice", doc.loc.at("options"))
        listed = ", ".join(options)
        for j, p in enumerate(survey.positive or []):
            if p not in options:
                yield error("unknown-option", f"positive answer `{p}` is not among the options ({listed})", doc.loc.at("positive", j))
        for option, count in survey.counts.items():
            if option not in options:
                yield error(
                    "unknown-option",
                    f"counts name `{option}`, which is not among the options ({listed})",
                    doc.loc.key("counts", option),
                )
            if count < 0:
                yield error("negative-count", f"a count may not be negative, found {count}", doc.loc.at("counts", option))
        if sum(survey.counts.values()) == 0:
            yield warning("empty-survey", "the survey counts no answers, so it has no satisfaction rate", doc.loc.at("counts"))
        if survey.suggestions is not None and survey.suggestions < 0:
            yield error("negative-count", "`suggestions` may not be negative", doc.loc.at("suggestions"))


CHECKS = [check_surveys]
