"""``pingyi honours`` (and ``pingyi score --quarter N``): the ranked candidates for the
stars of the quarter and of the year, the quotas and who was named. Formats a
:class:`~pingyi.compute.honours.HonoursReport` only."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.honours import AnnualStars, HonoursReport, QuarterStars, quarter_months
from ..i18n import N_, current_lang, gettext, tr
from .labels import colon, label, semicolon
from .output import say, sayer, to_csv, write_plain
from .score import grid_text, percent_of


def honours_json(report: HonoursReport, *, annual: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "year": report.year,
        "quarters": [
            {
                "quarter": q.quarter,
                "org": q.org,
                "org_name": q.org_name,
                "n": q.n,
                "quota": q.quota,
                "named": _named_ids(q),
                "candidates": [
                    {"id": c.id, "name": c.name, "points": c.points, "months": c.months, "rank": c.rank, "named": c.named}
                    for c in q.candidates
                ],
            }
            for q in report.quarters
        ],
    }
    if annual:
        a = report.annual
        out["annual"] = {
            "stars": a.top_stars,
            "k": a.k,
            "quota": a.quota,
            "named": _named_ids(a),
            "candidates": [
                {"id": c.id, "name": c.name, "org": c.org, "total": c.points, "rank": c.rank, "named": c.named}
                for c in a.candidates
            ],
        }
    return out


def _named_ids(x: QuarterStars | AnnualStars) -> list[str]:
    out: list[str] = []
    for n in x.named:
        if n.member not in out:
            out.append(n.member)
    return out


def honours_rows(report: HonoursReport, *, annual: bool = True) -> tuple[list[str], list[list[Any]]]:
    header = ["award", "quarter", "org", "quota", "rank", "id", "name", "points", "months", "named"]
    rows: list[list[Any]] = []
    for q in report.quarters:
        for c in q.candidates:
            rows.append(["quarter", q.quarter, q.org, q.quota, c.rank, c.id, c.name, c.points, c.months, c.named])
    if annual:
        a = report.annual
        for c in a.candidates:
            rows.append(["annual", None, c.org, a.quota, c.rank, c.id, c.name, c.points, c.months, c.named])
    return header, rows


def honours_csv(report: HonoursReport, *, annual: bool = True) -> str:
    return to_csv(*honours_rows(report, annual=annual))


def _formula(n: int, share: Fraction, minimum: int | None) -> str:
    if minimum is not None and n < minimum:
        return f"{n} < {minimum}"
    return f"max(1, floor({n} × {percent_of(share)}))"


def render_honours_table(report: HonoursReport, out: Console, *, lang: str | None = None, annual: bool = True) -> None:
    lang = lang or current_lang()
    plain = not out.is_terminal
    labels: dict[str, str] = {}
    L = lambda key: labels.get(key) or labels.setdefault(key, label(key, lang))  # noqa: E731
    line = sayer(out)
    current: int | None = None
    for q in report.quarters:
        if q.quarter != current:
            current = q.quarter
            months = quarter_months(report.year, q.quarter)
            line("")
            line(
                Text(
                    L("honours_quarter_title").format(year=report.year, quarter=q.quarter, first=months[0], last=months[-1]),
                    style="bold",
                ),
            )
        if report.count_scored:
            head = L("honours_branch").format(org=q.org_name, id=q.org, n=q.n, quota=q.quota)
        else:
            head = tr(N_("{org} ({id}): {n} members, quota {quota}"), lang, org=q.org_name, id=q.org, n=q.n, quota=q.quota)
        head += f"  [{_formula(q.n, report.quarter_share, report.min_members)}]"
        named = [c.name for c in q.candidates if c.named] + [
            n.member for n in q.named if n.member not in {c.id for c in q.candidates}
        ]
        style = "bold red" if q.over_quota else "bold"
        if q.quota == 0 and not named:
            line(Text(head + semicolon(lang) + L("honours_none_allowed"), style="dim"))
            continue
        head += semicolon(lang) + colon(L("honours_named"), _names(named, lang) if named else L("honours_none_named"), lang)
        line(Text(head, style=style))
        headers = [L("honours_rank"), L("name"), L("honours_quarter_points"), L("months"), L("honours_named")]
        rows = [[str(c.rank), f"{c.name} ({c.id})", str(c.points), str(c.months), "★" if c.named else ""] for c in q.candidates]
        _table(out, grid_text(headers, rows, {0, 2, 3}, plain=plain))
    if annual:
        render_annual(report, out, lang=lang)


def _names(names: list[str], lang: str) -> str:
    return ("、" if lang != "en" else ", ").join(names)


def render_annual(report: HonoursReport, out: Console, *, lang: str | None = None) -> None:
    lang = lang or current_lang()
    L = lambda key: label(key, lang)  # noqa: E731
    a = report.annual
    say(out, "")
    head = L("honours_annual_title").format(year=report.year, stars=a.top_stars, k=a.k, quota=a.quota)
    if a.k:
        head += f"  [{_formula(a.k, report.annual_share, None)}]"
    named = [c.name for c in a.candidates if c.named] + [
        n.member for n in a.named if n.member not in {c.id for c in a.candidates}
    ]
    head += semicolon(lang) + colon(L("honours_named"), _names(named, lang) if named else L("honours_none_named"), lang)
    say(out, Text(head, style="bold red" if a.over_quota else "bold"))
    if not a.candidates:
        return
    headers = [L("honours_rank"), L("name"), L("org"), L("year_total"), L("honours_named")]
    rows = [[str(c.rank), f"{c.name} ({c.id})", c.org, str(c.points), "★" if c.named else ""] for c in a.candidates]
    _table(out, grid_text(headers, rows, {0, 3}, plain=not out.is_terminal))


def _table(out: Console, table: Text | str) -> None:
    """A table made by :func:`~pingyi.render.score.grid_text`: plain text as it is when
    piped."""
    if isinstance(table, Text):
        out.print(table, soft_wrap=True)
    else:
        write_plain(out, table)


class HonoursOutput:
    """``pingyi honours`` (and ``score --quarter``) on the :class:`~pingyi.report.Report`
    protocol; ``annual``: with the star of the year."""

    title = N_("Stars of the quarter and of the year")

    def __init__(self, report: HonoursReport, *, annual: bool = True) -> None:
        self.report = report
        self.annual = annual

    def to_json(self) -> Any:
        return honours_json(self.report, annual=self.annual)

    def to_csv_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        """The scripts' CSV on stdout: English codes."""
        return honours_rows(self.report, annual=self.annual)

    def to_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        """The people's form (``-o`` CSV and workbook): names of the columns and of the
        awards in the language in force."""
        _header, rows = honours_rows(self.report, annual=self.annual)
        header = [label("award"), gettext("Quarter"), label("org"), label("quota"), label("honours_rank")]
        header += [label("id"), label("name"), label("score"), label("months"), label("honours_named")]
        award = {"quarter": label("quarter_star"), "annual": label("annual_star")}
        return header, [[award[r[0]], *r[1:9], label("yes") if r[9] else ""] for r in rows]

    def render_table(self, out: Console) -> None:
        render_honours_table(self.report, out, annual=self.annual)


__all__ = ["HonoursOutput", "honours_csv", "honours_json", "honours_rows", "render_annual", "render_honours_table"]
