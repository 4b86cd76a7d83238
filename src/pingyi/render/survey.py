"""Satisfaction surveys (满意度测评) as JSON, CSV and tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.survey import SurveyReport
from ..i18n import N_, gettext
from .coverage import pct, rate4, rate_style
from .labels import LABELS, label
from .output import Col, Percent, print_table, text_width


def _survey_label(key: str, lang: str) -> str:
    """Labels of the rated-survey columns."""
    texts = {"score": N_("Rated score"), "grade": N_("Rating")}
    return gettext(texts[key], lang)


def render_survey_json(report: SurveyReport) -> dict[str, Any]:
    """Every survey with ``id``, ``name``, ``subject``, ``date``, ``total``,
    ``positive``, ``rate``, ``counts`` (every option in listed order, 0 when not given)
    and ``suggestions``; added ``subject_name``, ``options`` and ``positive_options``,
    and for rated surveys (述职测评) ``scale``, ``score`` (rounded to ``rules.decimals``) and
    ``grade`` (null when the survey gives no weights).
    ``by_subject`` rolls up each subject's surveys: Σ positive / Σ total."""
    return {
        "year": report.year,
        "scope": report.scope,
        "surveys": [
            {
                "id": s.id,
                "name": s.name,
                "subject": s.subject,
                "date": s.date,
                "total": s.total,
                "positive": s.positive,
                "rate": rate4(s.rate),
                "counts": dict(s.counts),
                "suggestions": s.suggestions,
                "subject_name": s.subject_name,
                "options": list(s.options),
                "positive_options": list(s.positive_options),
                "scale": s.scale,
                "score": s.score,
                "grade": s.grade,
            }
            for s in report.surveys
        ],
        "by_subject": [
            {
                "subject": b.subject,
                "name": b.name,
                "surveys": list(b.surveys),
                "total": b.total,
                "positive": b.positive,
                "rate": rate4(b.rate),
            }
            for b in report.by_subject
        ],
    }


SURVEY_CSV_HEADER = [
    "id",
    "name",
    "subject",
    "subject_name",
    "date",
    "total",
    "positive",
    "rate",
    "suggestions",
    "counts",
    "score",
    "grade",
]


def render_survey_csv(report: SurveyReport) -> tuple[list[str], list[list[Any]]]:
    """One row per survey; ``counts`` is ``option=count`` joined with ``;``."""
    rows = [
        [
            s.id,
            s.name,
            s.subject,
            s.subject_name,
            s.date,
            s.total,
            s.positive,
            rate4(s.rate),
            s.suggestions,
            ";".join(f"{o}={n}" for o, n in s.counts),
            s.score,
            s.grade,
        ]
        for s in report.surveys
    ]
    return SURVEY_CSV_HEADER, rows


#: The note under the survey table.
STAR_NOTE = N_("options counted as satisfied")


def render_survey_table(report: SurveyReport, out: Console, *, lang: str = "zh", name: str = "") -> None:
    head = f"{label('survey', lang)} · {name}" if name else label("survey", lang)
    out.print(Text(head + (f" · {report.year}" if report.year is not None else ""), style="bold"), width=text_width(out))
    if not report.surveys:
        out.print(label("no_surveys", lang))
        return
    rated = any(s.score is not None for s in report.surveys)
    cols = [
        Col(label("survey_name", lang), "text"),
        Col(label("survey_subject", lang), "text", drop=2),
        Col(label("date", lang), "fixed", drop=3),
        Col(label("counts", lang), "text", drop=4),
        Col(label("positive", lang), "number", drop=1),
        Col(label("answers", lang), "number", drop=1),
        Col(label("satisfaction", lang), "number"),
        Col(label("suggestions", lang), "number", drop=5),
    ]
    if rated:
        cols += [Col(_survey_label("score", lang), "number"), Col(_survey_label("grade", lang), "fixed")]
    rows = []
    for s in report.surveys:
        counts = " / ".join(f"{'*' if o in s.positive_options else ''}{o} {n}" for o, n in s.counts)
        extra = ["" if s.score is None else str(s.score), s.grade or ""] if rated else []
        rows.append(
            [
                f"{s.name} ({s.id})",
                f"{s.subject_name} ({s.subject})",
                s.date.isoformat(),
                counts,
                str(s.positive),
                str(s.total),
                Text(pct(s.rate), style=rate_style(s.rate)),
                "" if s.suggestions is None else str(s.suggestions),
                *extra,
            ]
        )
    print_table(out, cols, rows)
    out.print(Text("* = " + gettext(STAR_NOTE, lang), style="dim"), width=text_width(out))
    out.print()
    by_cols = [Col(label("survey_subject", lang), "text")] + [
        Col(label(key, lang), "number") for key in ("survey_count", "positive", "answers", "satisfaction")
    ]
    by_rows = [
        [
            f"{b.name} ({b.subject})",
            str(len(b.surveys)),
            str(b.positive),
            str(b.total),
            Text(pct(b.rate), style=rate_style(b.rate)),
        ]
        for b in report.by_subject
    ]
    print_table(out, by_cols, by_rows, title=label("by_subject", lang))


class SurveyOutput:
    """``pingyi survey`` on the :class:`~pingyi.report.Report` protocol: its JSON, the
    scripts' CSV on stdout, the people's rows in a ``-o`` file and the table."""

    title = LABELS["survey"]

    def __init__(self, report: SurveyReport, *, lang: str, name: str = "") -> None:
        self.report = report
        self.lang = lang
        self.name = name

    @property
    def subtitle(self) -> str:
        return " · ".join(str(x) for x in (self.name, self.report.year) if x)

    def to_json(self) -> Any:
        return render_survey_json(self.report)

    def to_csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        return render_survey_csv(self.report)

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        lang = self.lang
        rated = any(s.score is not None for s in self.report.surveys)
        keys = ["survey_name", "survey_subject", "date", "answers", "positive", "satisfaction", "suggestions", "counts"]
        header = [label(key, lang) for key in keys]
        if rated:
            header += [_survey_label("score", lang), _survey_label("grade", lang)]
        rows: list[list[Any]] = []
        for s in self.report.surveys:
            counts = " / ".join(f"{o} {n}" for o, n in s.counts)
            row = [f"{s.name} ({s.id})", f"{s.subject_name} ({s.subject})", s.date, s.total, s.positive, Percent(s.rate)]
            row += [s.suggestions, counts]
            if rated:
                row += [s.score, s.grade]
            rows.append(row)
        return header, rows

    def render_table(self, out: Console) -> None:
        render_survey_table(self.report, out, lang=self.lang, name=self.name)
