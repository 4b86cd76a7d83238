"""``pingyi score`` output: the JSON of FORMAT §11, CSV, and the table grouped by org
(积分汇总, 评星定格). Formats a :class:`~pingyi.compute.score.ScoreReport` only."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..compute.score import MemberScore, ScoreReport, ScoreWarning
from .labels import label
from .output import to_csv


# --------------------------------------------------------------------------- json


def score_json(report: ScoreReport) -> dict[str, Any]:
    """FORMAT §11 ``pingyi score --format json``, plus ``org_name``, ``rank`` and
    ``missing_months`` per member, ``unrated`` in the summary and the year-end
    ``warnings``. Numbers are rounded to ``rules.decimals``; codes are English."""
    return {
        "year": report.year,
        "items": [{"id": i.id, "name": i.name} for i in report.items],
        "members": [member_json(m, report) for m in report.members],
        "summary": {"stars": dict(report.stars), "grades": dict(report.grades), "unrated": report.unrated},
        "warnings": [warning_json(w) for w in report.warnings],
    }


def member_json(m: MemberScore, report: ScoreReport) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "org": m.org,
        "status": m.status.value,
        "months": m.months,
        "items": list(m.items) if m.items is not None else None,
        "base": m.base,
        "democratic": m.democratic,
        "adjustment": m.adjustment,
        "total": m.total,
        "computed_stars": m.computed_stars,
        "stars": m.stars,
        "grade": m.grade.value if m.grade is not None else None,
        "rating_reason": m.rating_reason,
        # additions to the contract
        "org_name": report.org_names.get(m.org, m.org),
        "rank": m.rank,
        "missing_months": list(m.missing_months) if m.scored else [],
    }


def warning_json(w: ScoreWarning) -> dict[str, Any]:
    out: dict[str, Any] = {"code": w.code, "member": w.member, "message": w.message}
    if w.months:
        out["months"] = list(w.months)
    if w.orgs:
        out["orgs"] = list(w.orgs)
    return out


# --------------------------------------------------------------------------- csv

CSV_TAIL = ["base", "democratic", "adjustment", "total", "computed_stars", "stars", "grade", "rank", "rating_reason"]


def score_csv(report: ScoreReport) -> str:
    """One row per member; the header carries the English codes and item ids."""
    header = ["org", "org_name", "id", "name", "status", "months", *(i.id for i in report.items), *CSV_TAIL]
    rows: list[list[Any]] = []
    for m in report.members:
        items = list(m.items) if m.items is not None else [None] * len(report.items)
        rows.append(
            [
                m.org,
                report.org_names.get(m.org, m.org),
                m.id,
                m.name,
                m.status.value,
                m.months,
                *items,
                m.base,
                m.democratic,
                m.adjustment,
                m.total,
                m.computed_stars,
                m.stars,
                m.grade.value if m.grade else None,
                m.rank,
                m.rating_reason,
            ]
        )
    return to_csv(header, [[str(v) if isinstance(v, Decimal) else v for v in row] for row in rows])


# --------------------------------------------------------------------------- table


def grid(headers: list[str], rows: list[list[str]], right: set[int] | frozenset[int] = frozenset()) -> Text:
    """A table drawn with box characters, as rich draws its default one, for reports of
    thousands of rows (rich's Table costs over a millisecond a row; this a few µs). Widths
    count a Chinese character as two columns. ``right``: indexes of right-aligned columns."""
    widths = [cell_len(h) for h in headers]
    for r in rows:
        for k, cell in enumerate(r):
            n = cell_len(cell)
            if n > widths[k]:
                widths[k] = n

    def line(cells: list[str], bar: str) -> str:
        parts = []
        for k, cell in enumerate(cells):
            pad = " " * (widths[k] - cell_len(cell))
            parts.append(f" {pad}{cell} " if k in right else f" {cell}{pad} ")
        return bar + bar.join(parts) + bar

    def rule(left: str, mid: str, end: str, fill: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + end

    text = Text()
    text.append(rule("┏", "┳", "┓", "━") + "\n")
    text.append(line(headers, "┃") + "\n", style="bold")
    text.append(rule("┡", "╇", "┩", "━") + "\n")
    text.append("\n".join(line(r, "│") for r in rows) + ("\n" if rows else ""))
    text.append(rule("└", "┴", "┘", "─"))
    return text


def stars_text(stars: int | None) -> str:
    """★ drawn once per star (0 stars: ``0``)."""
    if stars is None:
        return "—"
    return "★" * stars if stars > 0 else "0"


def signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def num(value: Decimal | None) -> str:
    return "—" if value is None else str(value)


def percent_of(weight: Fraction) -> str:
    value = weight * 100
    return f"{value.numerator}%" if value.denominator == 1 else f"{float(value):g}%"


def item_header(report: ScoreReport, lang: str) -> list[str]:
    """Item names from the rules in Chinese; their ids in English."""
    return [i.id if lang == "en" else i.name for i in report.items]


def render_score_table(report: ScoreReport, out: Console, *, lang: str = "zh") -> None:
    """A table per org (items, base, democratic, adjustment, total, stars, grade, rank),
    notes on rated and ungraded members under it, then the distribution."""
    title = label("score_title", lang).format(workspace=report.workspace, year=report.year)
    out.print(Text(title, style="bold"), soft_wrap=True)
    w_monthly, w_democratic = report.weights
    for org, members in report.by_org():
        headers = [label("name", lang), *item_header(report, lang)]
        headers += [
            f"{label('score_monthly', lang)}×{percent_of(w_monthly)}",
            f"{label('score_democratic', lang)}×{percent_of(w_democratic)}",
            label("adjustment", lang),
            label("year_total", lang),
            label("stars", lang),
            label("grade", lang),
            label("rank", lang),
        ]
        n_items = len(report.items)
        right = set(range(1, n_items + 5)) | {n_items + 7}
        rows: list[list[str]] = []
        notes: list[str] = []
        for m in members:
            items = [num(v) for v in m.items] if m.items is not None else ["—"] * n_items
            stars = stars_text(m.stars)
            if m.rated:
                stars += " *"
                notes.append(rated_note(m, lang))
            elif m.stars is None:
                stars = label("unrated", lang) if not m.scored else label("score_not_graded", lang)
                if m.scored:
                    notes.append(label("score_note_not_graded", lang).format(name=m.name, id=m.id))
            name = m.name if m.scored else f"{m.name} ({label(m.status.value, lang)})"
            if m.scored and m.months < 12:
                name += f" [{m.months}/12]"
            rows.append(
                [
                    name,
                    *items,
                    num(m.base),
                    num(m.democratic),
                    signed(m.adjustment),
                    num(m.total),
                    stars,
                    label(m.grade.value, lang) if m.grade else "—",
                    str(m.rank) if m.rank is not None else "—",
                ]
            )
        out.print()
        out.print(Text(f"{report.org_names.get(org, org)} ({org})", style="bold"), soft_wrap=True)
        out.print(grid(headers, rows, right), soft_wrap=True)
        for note in notes:
            out.print(Text(note, style="dim"), soft_wrap=True)
    out.print()
    render_distribution(report, out, lang=lang)


def rated_note(m: MemberScore, lang: str) -> str:
    computed = str(m.computed_stars) if m.computed_stars is not None else "—"
    return label("score_note_rated", lang).format(
        name=m.name, id=m.id, stars=m.stars, computed=computed, reason=m.rating_reason or ""
    )


def render_distribution(report: ScoreReport, out: Console, *, lang: str = "zh") -> None:
    """The distribution of stars and of grades over the reported members."""
    out.print(Text(label("score_distribution", lang), style="bold"), soft_wrap=True)
    rows = [[f"{stars_text(int(stars))} ({stars})" if int(stars) else "0", str(count)] for stars, count in report.stars.items()]
    if report.unrated:
        rows.append([label("unrated", lang), str(report.unrated)])
    out.print(grid([label("stars", lang), label("score_count", lang)], rows, {1}), soft_wrap=True)
    rows = [[label(grade, lang), str(count)] for grade, count in report.grades.items()]
    rows.append([label("total", lang), str(sum(report.grades.values()))])
    out.print(grid([label("grade", lang), label("score_count", lang)], rows, {1}), soft_wrap=True)


def warning_text(w: ScoreWarning, report: ScoreReport, lang: str) -> str:
    """A year-end warning in the report's language."""
    if lang == "en":
        return w.message
    m = report.get(w.member) if w.member else None
    who = f"{m.name} ({w.member})" if m else (w.member or "")
    if w.code == "missing-months":
        if len(w.months) == 12:
            return f"{who} 本年度没有月度评分"
        return f"{who} 缺少 {'、'.join(w.months)} 的月度评分"
    if w.code == "no-evaluation":
        return f"{who} 没有参加 {report.year} 年度民主测评，民主测评分按 0 计"
    if w.code == "no-evaluations":
        return f"{report.year} 年度没有任何民主测评记录，民主测评分一律按 0 计"
    if w.code == "exempt-unrated":
        return f"{who} 免于积分，且没有党支部评定星级: 未评定"
    if w.code == "several-evaluations":
        return f"{who} 出现在 {'、'.join(w.orgs)} 的民主测评中，按 {w.org} 的测评计算"
    return w.message


def render_warnings(report: ScoreReport, out: Console, *, lang: str = "zh") -> None:
    word = label("warning", lang)
    for w in report.warnings:
        out.print(Text(f"{word}: {warning_text(w, report, lang)}", style="yellow"), soft_wrap=True)


__all__ = [
    "member_json",
    "render_distribution",
    "render_score_table",
    "render_warnings",
    "score_csv",
    "score_json",
    "stars_text",
    "warning_text",
]
