"""``pingyi score`` output: the JSON of FORMAT §11, CSV, and the table grouped by org
(积分汇总, 评星定格). Formats a :class:`~pingyi.compute.score.ScoreReport` only.

:class:`ScoreOutput` is the report on the :class:`~pingyi.report.Report` protocol. The
table is compact by default (name, 月度积分, 民主测评, 加减分, 年度总积分, 星级, 等次, 排名:
it fits 80 columns); the ten items are added with ``items=True`` or, on a terminal wide
enough for them, by themselves. Orgs follow the tree, members their rank in the org.
Piped, the table is plain text: aligned columns, no box drawing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..compute.score import MemberScore, ScoreReport, Scoring
from ..compute.score.kept import NONE
from ..compute.score.kept import WIDTH as FACT_WIDTH
from ..compute.score.report import GRADES, Reported
from ..diagnostics import Diagnostic, headed
from ..i18n import N_, current_lang, tr
from ..model import Grade, MemberStatus
from .labels import label
from .output import NumberText, plain, say, sayer, table_width, text_width, to_csv, write_plain

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# --------------------------------------------------------------------------- json


class Shown(dict[int, Any]):
    """The text (or JSON number) of each rounded number met, made once: a county's report
    shows a few thousand different numbers among half a million cells. Keys are the
    integers of ``places`` decimals that :class:`~pingyi.compute.score.Points` keeps
    (9444 for 94.44); the value is what the same number as a Decimal would show."""

    def __init__(self, places: int, form: Callable[[Decimal], Any]) -> None:
        super().__init__()
        self.places = places
        self.form = form

    def __missing__(self, q: int) -> Any:
        shown = self[q] = self.form(Decimal(q).scaleb(-self.places))
        return shown


_SHOWN: dict[tuple[str, int], Shown] = {}


def _shown(kind: str, places: int, form: Callable[[Decimal], Any]) -> Shown:
    found = _SHOWN.get((kind, places))
    if found is None:
        found = _SHOWN[(kind, places)] = Shown(places, form)
    return found


def json_numbers(places: int) -> Shown:
    """Rounded numbers as JSON numbers (:func:`~pingyi.render.output.plain` of the Decimal)."""
    return _shown("json", places, plain)


def text_numbers(places: int) -> Shown:
    """Rounded numbers as text for CSV and tables (``8.10``, ``-2.00``)."""
    return _shown("text", places, lambda d: NumberText(str(d)))


def signed_numbers(places: int) -> Shown:
    """Rounded numbers as text with the sign of an adjustment (``+2.00``)."""
    return _shown("signed", places, signed)


def score_json(report: ScoreReport, lang: str | None = None) -> dict[str, Any]:
    """FORMAT §11 ``pingyi score --format json``, plus ``org_name``, ``rank`` and
    ``missing_months`` per member, ``unrated`` in the summary, the year-end ``warnings``
    (messages in ``lang``), ``through`` (the last month counted) and ``provisional``.
    Numbers are rounded to ``rules.decimals``; codes are English."""
    data = score_json_stream(report, lang)
    data["members"] = list(data["members"])
    return data


def score_json_stream(report: ScoreReport, lang: str | None = None, disputed: frozenset[str] | None = None) -> dict[str, Any]:
    """:func:`score_json` with its members made one at a time as they are iterated (for
    :func:`~pingyi.render.output.write_json`: a county's members take 9 MB as data),
    each marked ``disputed`` when ``disputed`` is given."""
    numbers = json_numbers(report.decimals)

    def members() -> Iterator[dict[str, Any]]:
        rows = _member_rows(report)
        if rows is not None:  # from the columns, without a MemberScore each
            for data in rows:
                if disputed is not None:
                    data["disputed"] = data["id"] in disputed
                yield data
            return
        for m in report.members:
            data = member_json(m, report, numbers)
            if disputed is not None:
                data["disputed"] = m.id in disputed
            yield data

    return {
        "year": report.year,
        "through": report.through,
        "provisional": report.provisional,
        "items": [{"id": i.id, "name": i.name} for i in report.items],
        "members": members(),
        "summary": {"stars": dict(report.stars), "grades": dict(report.grades), "unrated": report.unrated},
        "warnings": [warning_json(w, lang) for w in report.warnings],
    }


def member_json(m: MemberScore, report: ScoreReport, numbers: Shown | None = None) -> dict[str, Any]:
    numbers = numbers if numbers is not None else json_numbers(report.decimals)
    if m.rounded is None:
        items = base = democratic = adjustment = total = None
    else:
        *items, base, democratic, adjustment, total = [numbers[q] for q in m.rounded]
    return {
        "id": m.id,
        "name": m.name,
        "org": m.org,
        "status": m.status.value,
        "months": m.months,
        "items": items,
        "base": base,
        "democratic": democratic,
        "adjustment": adjustment,
        "total": total,
        "computed_stars": m.computed_stars,
        "stars": m.stars,
        "grade": m.grade.value if m.grade is not None else None,
        "rating_reason": m.rating_reason,
        # additions to the contract
        "org_name": report.org_names.get(m.org, m.org),
        "rank": m.rank,
        "missing_months": list(m.missing_months) if m.scored else [],
    }


def _columns(report: ScoreReport) -> tuple[Scoring, Sequence[int]] | None:
    """The scoring and the places of the reported members when the report is read from
    the columns of a :class:`~pingyi.compute.score.Scoring` (the whole workspace or an
    org's subtree), else None."""
    members = report.members
    if isinstance(members, Reported):
        return members.scoring, members.places
    return None


def _member_rows(report: ScoreReport) -> Iterator[dict[str, Any]] | None:
    """:func:`member_json` of every reported member, made from the columns in bulk (None
    when the report has none)."""
    view = _columns(report)
    if view is None:
        return None
    scoring, places = view
    return _json_rows(report, scoring, places)


def _json_rows(report: ScoreReport, scoring: Scoring, places: Sequence[int]) -> Iterator[dict[str, Any]]:
    numbers = json_numbers(report.decimals)
    shown = numbers.__getitem__
    columns, people = scoring.columns, scoring.members
    reasons = columns.reasons
    width, flat, facts, scored = columns.width, columns.rounded, columns.facts, columns.scored
    statuses = {s: s.value for s in MemberStatus}
    grades = [g.value for g in GRADES]
    org_names = report.org_names
    none = NONE
    for k in places:
        m = people[k]
        months, rank, _ranked, computed, stars, grade, _band = facts[k * FACT_WIDTH : (k + 1) * FACT_WIDTH]
        reason = reasons.get(k)
        if scored[k]:
            *items, base, democratic, adjustment, total = map(shown, flat[k * width : (k + 1) * width])
            missing = list(columns.missing.get(k, ()))
        else:
            items = base = democratic = adjustment = total = None  # type: ignore[assignment]
            missing = []
        yield {
            "id": m.id,
            "name": m.name,
            "org": m.org,
            "status": statuses[m.status],
            "months": months,
            "items": items,
            "base": base,
            "democratic": democratic,
            "adjustment": adjustment,
            "total": total,
            "computed_stars": None if computed == none else computed,
            "stars": None if stars == none else stars,
            "grade": None if grade == none else grades[grade],
            "rating_reason": reason,
            "org_name": org_names.get(m.org, m.org),
            "rank": None if rank == none else rank,
            "missing_months": missing,
        }


def warning_json(d: Diagnostic, lang: str | None = None) -> dict[str, Any]:
    """A year-end warning in the score and explain JSON: its code, the member (or org) it
    is about, the message in ``lang``, and the months or orgs it names."""
    args = dict(d.args)
    out: dict[str, Any] = {"code": d.code, "member": args.get("member"), "message": d.message_in(lang)}
    if "member" not in args and "org" in args:
        out["org"] = args["org"]
    if args.get("months"):
        out["months"] = list(args["months"])
    if args.get("orgs"):
        out["orgs"] = list(args["orgs"])
    if "ballot" in args:
        out["ballot"] = args["ballot"]
    return out


# --------------------------------------------------------------------------- csv

CSV_TAIL = ["base", "democratic", "adjustment", "total", "computed_stars", "stars", "grade", "rank", "rating_reason"]


def score_rows(report: ScoreReport) -> tuple[list[str], list[list[Any]]]:
    """One row per member; the header carries the English codes and item ids. Numbers
    come as :class:`~pingyi.render.output.NumberText` (``8.10``: as the table shows them)."""
    header = _header(report)
    numbers = text_numbers(report.decimals)
    org_names = report.org_names
    unscored = [None] * (len(report.items) + 4)
    rows: list[list[Any]] = []
    view = _columns(report)
    if view is not None:  # from the columns, without a MemberScore each
        return header, _column_rows(report, *view)
    for m in report.members:
        rounded = m.rounded
        grade = m.grade
        rows.append(
            [
                m.org,
                org_names.get(m.org, m.org),
                m.id,
                m.name,
                m.status.value,
                m.months,
                *(unscored if rounded is None else [numbers[q] for q in rounded]),
                m.computed_stars,
                m.stars,
                grade.value if grade else None,
                m.rank,
                m.rating_reason,
            ]
        )
    return header, rows


def _column_rows(report: ScoreReport, scoring: Scoring, places: Sequence[int]) -> list[list[Any]]:
    """:func:`score_rows`' rows from the columns of ``scoring``."""
    shown = text_numbers(report.decimals).__getitem__
    columns, people = scoring.columns, scoring.members
    reasons = columns.reasons
    width, flat, facts, scored = columns.width, columns.rounded, columns.facts, columns.scored
    statuses = {s: s.value for s in MemberStatus}
    grades = [g.value for g in GRADES]
    org_names = report.org_names
    unscored = [None] * width
    none = NONE
    rows: list[list[Any]] = []
    for k in places:
        m = people[k]
        months, rank, _ranked, computed, stars, grade, _band = facts[k * FACT_WIDTH : (k + 1) * FACT_WIDTH]
        reason = reasons.get(k)
        rows.append(
            [
                m.org,
                org_names.get(m.org, m.org),
                m.id,
                m.name,
                statuses[m.status],
                months,
                *(map(shown, flat[k * width : (k + 1) * width]) if scored[k] else unscored),
                None if computed == none else computed,
                None if stars == none else stars,
                None if grade == none else grades[grade],
                None if rank == none else rank,
                reason,
            ]
        )
    return rows


#: A text that CSV writes as it is: no separator, quote or line break, and no start that
#: a spreadsheet would run as a formula (then prefixed, see render.output.cell).
_CSV_PLAIN = re.compile('[^,"\r\n=+\\-@\t][^,"\r\n]*|')


class _IntText(dict[int, str]):
    """Whole numbers as CSV text, :data:`~pingyi.compute.score.kept.NONE` as an empty
    cell, each made once."""

    def __missing__(self, value: int) -> str:
        text = self[value] = "" if value == NONE else str(value)
        return text


def score_csv(report: ScoreReport) -> str:
    """The scripts' CSV: :func:`~pingyi.render.output.to_csv` of :func:`score_rows`, the
    same text; a report read from the columns is written a line at a time from them
    (a text that needs quoting or a formula guard goes through the CSV writer itself)."""
    view = _columns(report)
    if view is None:
        return to_csv(*score_rows(report))
    scoring, places = view
    header = _header(report)
    shown = text_numbers(report.decimals).__getitem__
    columns, people = scoring.columns, scoring.members
    reasons = columns.reasons
    width, flat, facts, scored = columns.width, columns.rounded, columns.facts, columns.scored
    statuses = {s: s.value for s in MemberStatus}
    grades = [g.value for g in GRADES] + [""]  # NONE (-1): the empty cell at the end
    ints = _IntText()
    org_names = report.org_names
    unscored = "," * (width - 1)
    plain_text = _CSV_PLAIN.fullmatch
    prefixes: dict[str, str] = {}
    lines = [to_csv(header, [])]
    append = lines.append
    for k in places:
        m = people[k]
        months, rank, _ranked, computed, stars, grade, _band = facts[k * FACT_WIDTH : (k + 1) * FACT_WIDTH]
        org = m.org
        prefix = prefixes.get(org)
        if prefix is None:
            name = org_names.get(org, org)
            prefix = prefixes[org] = f"{_csv_text(org)},{_csv_text(name)},"
        said = reasons.get(k)
        reason = "" if said is None else _csv_text(said)
        member_id, member_name = m.id, m.name
        append(
            f"{prefix}{member_id if plain_text(member_id) else _csv_text(member_id)},"
            f"{member_name if plain_text(member_name) else _csv_text(member_name)},"
            f"{statuses[m.status]},{ints[months]},"
            f"{','.join(map(shown, flat[k * width : (k + 1) * width])) if scored[k] else unscored},"
            f"{ints[computed]},{ints[stars]},{grades[grade]},{ints[rank]},{reason}\n"
        )
    return "".join(lines)


def _header(report: ScoreReport) -> list[str]:
    return ["org", "org_name", "id", "name", "status", "months", *(i.id for i in report.items), *CSV_TAIL]


def _csv_text(value: str) -> str:
    """A text cell as :func:`~pingyi.render.output.to_csv` writes it."""
    return value if _CSV_PLAIN.fullmatch(value) else _one_field(value)


def _one_field(value: Any) -> str:
    """One cell as :func:`~pingyi.render.output.to_csv` writes it, in a row of more."""
    text = to_csv(["", ""], [[value, ""]])
    return text[text.index("\n") + 1 : -2]


# --------------------------------------------------------------------------- table


#: Printable ASCII and the characters of Chinese text that take two columns (CJK
#: ideographs, 、。〃〈〉《》「」『』【】, full-width forms): the usual cell, measured by
#: counting (a test holds the ranges to rich's widths).
_ASCII_AND_WIDE = re.compile("[\x20-\x7e\u3001-\u3003\u3008-\u3011\u4e00-\u9fff\uff01-\uff60]*")


def cell_width(text: str) -> int:
    """The columns ``text`` takes (a Chinese character two), as rich counts them: for
    ASCII and Chinese text the characters plus the wide ones (three bytes each in UTF-8)."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _ASCII_AND_WIDE.fullmatch(text):
        return len(text) + (len(text.encode()) - len(text)) // 2
    from rich.cells import cell_len

    return cell_len(text)


def _value_widths(rows: list[list[str]]) -> tuple[list[list[int]], list[int]]:
    """Each cell's width, and each column's widest: a column of printable ASCII (the
    numbers, ranks) measured by its lengths at once, the others cell by cell."""
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        each = [list(map(cell_width, r)) for r in rows]
        return each, [max(column) for column in zip(*each)] if each else []
    widths = []
    for column in zip(*rows):
        joined = "".join(column)
        widths.append(list(map(len if joined.isascii() and joined.isprintable() else cell_width, column)))
    return [list(r) for r in zip(*widths)], [max(w) for w in widths]


def grid(
    headers: list[str],
    rows: list[list[str]],
    right: set[int] | frozenset[int] = frozenset(),
    *,
    plain: bool = False,
    ruled: bool = False,
    gap: int = 2,
) -> Text:
    """:func:`grid_text` as a :class:`~rich.text.Text` (bold headers when box-drawn)."""
    from rich.text import Text

    made = grid_text(headers, rows, right, plain=plain, ruled=ruled, gap=gap)
    return made if isinstance(made, Text) else Text(made)


def grid_text(
    headers: list[str],
    rows: list[list[str]],
    right: set[int] | frozenset[int] = frozenset(),
    *,
    plain: bool = False,
    ruled: bool = False,
    gap: int = 2,
    _measured: tuple[list[list[int]], list[int]] | None = None,
) -> Text | str:
    """A table of thousands of rows, cheaply (rich's Table costs over a millisecond a
    row; this a few µs). Widths count a Chinese character as two columns; ``right`` are
    the indexes of right-aligned columns. Box-drawn on a terminal; ``plain``: aligned
    columns two spaces apart, one row per line, no box drawing (for pipes and files);
    ``ruled`` adds a rule under the header of a plain table (a narrow terminal); ``gap``:
    the spaces between two columns of a plain table (then given as a string)."""
    from rich.text import Text

    heads = [h.split("\n") for h in headers]  # a header may take two lines (split_headers)
    depth = max((len(h) for h in heads), default=1)
    head_rows = [[h[k] if k < len(h) else "" for h in heads] for k in range(depth)]
    each, values = _measured if _measured is not None else _value_widths(rows)
    widths = [max(cell_width(part) for part in h) for h in heads]
    widths = [max(w, v) for w, v in zip(widths, values)] + widths[len(values) :]

    def cells(cells: list[str], sizes: list[int]) -> list[str]:
        return [
            " " * (widths[k] - sizes[k]) + cell if k in right else cell + " " * (widths[k] - sizes[k])
            for k, cell in enumerate(cells)
        ]

    heading = [(h, list(map(cell_width, h))) for h in head_rows]
    if plain:
        space = " " * gap
        lines = [space.join(cells(h, sizes)).rstrip() for h, sizes in heading]
        lines += ["─" * (sum(widths) + gap * (len(widths) - 1))] if ruled else []
        return "\n".join(lines + [space.join(cells(r, sizes)).rstrip() for r, sizes in zip(rows, each)])
    text = Text()

    def line(values: list[str], sizes: list[int], bar: str) -> str:
        return bar + bar.join(f" {c} " for c in cells(values, sizes)) + bar

    def rule(left: str, mid: str, end: str, fill: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + end

    text.append(rule("┏", "┳", "┓", "━") + "\n")
    for h, sizes in heading:
        text.append(line(h, sizes, "┃") + "\n", style="bold")
    text.append(rule("┡", "╇", "┩", "━") + "\n")
    text.append("\n".join(line(r, sizes, "│") for r, sizes in zip(rows, each)) + ("\n" if rows else ""))
    text.append(rule("└", "┴", "┘", "─"))
    return text


def grid_width(
    headers: list[str], rows: list[list[str]], *, plain: bool = False, gap: int = 2, _values: list[int] | None = None
) -> int:
    """The columns :func:`grid` takes, box-drawn (or ``plain``, ``gap`` apart)."""
    values = _values if _values is not None else _value_widths(rows)[1]
    heads = [max(cell_width(part) for part in h.split("\n")) for h in headers]
    widths = [max(w, v) for w, v in zip(heads, values)] + heads[len(values) :]
    return sum(widths) + (gap * (len(widths) - 1) if plain else 3 * len(widths) + 1)


def show_grid(
    out: Console,
    headers: list[str],
    rows: list[list[str]],
    right: set[int] | frozenset[int] = frozenset(),
    *,
    limit: int | None | bool = False,
) -> None:
    """A table as fits ``out``: plain text when piped (one row per line; columns one space
    apart when that is what fits ``COLUMNS``); on a terminal box-drawn when that fits its
    width, else plain with a rule under the header, two spaces apart or one. ``limit``:
    :func:`~pingyi.render.output.table_width` of ``out`` when the caller knows it."""
    from rich.text import Text

    measured = _value_widths(rows)
    values = measured[1]
    if limit is False:
        limit = table_width(out)
    assert limit is not True
    if limit is not None and grid_width(headers, rows, plain=True, gap=1, _values=values) > limit:
        headers = split_headers(headers, rows)
    tight = limit is not None and grid_width(headers, rows, plain=True, _values=values) > limit >= grid_width(
        headers, rows, plain=True, gap=1, _values=values
    )
    gap = 1 if tight else 2
    if not out.is_terminal:
        write_plain(out, str(grid_text(headers, rows, right, plain=True, gap=gap, _measured=measured)))
    elif grid_width(headers, rows, _values=values) <= out.width:
        out.print(grid_text(headers, rows, right, _measured=measured), soft_wrap=True)
    else:
        out.print(Text(str(grid_text(headers, rows, right, plain=True, ruled=True, gap=gap, _measured=measured))), soft_wrap=True)


def split_headers(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Headers wider than their column's values put on two lines, split at the space that
    leaves the narrower column (``Grade (provisional)`` → ``Grade`` / ``(provisional)``)."""
    from rich.cells import cell_len

    result = []
    for k, h in enumerate(headers):
        values = max((cell_len(r[k]) for r in rows), default=0)
        if cell_len(h) <= values or " " not in h:
            result.append(h)
            continue
        splits = [(h[:i].rstrip(), h[i + 1 :].lstrip()) for i, ch in enumerate(h) if ch == " "]
        a, b = min(splits, key=lambda ab: max(cell_len(ab[0]), cell_len(ab[1])))
        result.append(f"{a}\n{b}")
    return result


def stars_text(stars: int | None) -> str:
    """★ drawn once per star (0 stars: ``0``)."""
    if stars is None:
        return "—"
    return "★" * stars if stars > 0 else "0"


def stars_short(stars: int) -> str:
    """The stars as a number and one ★ (``9★``): a narrow column that never cuts."""
    return f"{stars}★"


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


def provisional_note(through: str, lang: str) -> str:
    """The line that says a result is year to date (预计), counted up to ``through``."""
    months = int(through[-2:])
    return tr(
        N_(
            "Provisional: only the {n} months up to {through} count, each part divided by {n}; "
            "stars and grades may change by the end of the year."
        ),
        lang,
        n=months,
        through=through,
    )


def grade_text(m: MemberScore, report: ScoreReport, lang: str, marked: bool = False) -> str:
    """The member's grade; provisional (预计) while the year is not over unless rated or
    ``marked`` once in the header."""
    if m.grade is None:
        return "—"
    text = label(m.grade.value, lang)
    if report.provisional and not m.rated and not marked:
        text = tr(N_("{grade} (provisional)"), lang, grade=text)
    return text


class _Row:
    """A member as the score table shows them, read from the columns of the report's
    scoring (the attributes of :class:`~pingyi.compute.score.MemberScore` that the
    table reads, under the same names)."""

    __slots__ = (
        "id",
        "name",
        "org",
        "status",
        "rounded",
        "computed_stars",
        "stars",
        "grade",
        "rank",
        "rating_reason",
        "months",
        "expected_months",
        "rated",
        "scored",
    )

    def __init__(
        self,
        id: str,
        name: str,
        org: str,
        status: MemberStatus,
        rounded: tuple[int, ...] | None,
        computed_stars: int | None,
        stars: int | None,
        grade: Grade | None,
        rank: int | None,
        rating_reason: str | None,
        months: int,
        expected_months: int,
        rated: bool,
        scored: bool,
    ) -> None:
        self.id, self.name, self.org, self.status = id, name, org, status
        self.rounded, self.computed_stars, self.stars, self.grade = rounded, computed_stars, stars, grade
        self.rank, self.rating_reason, self.months, self.expected_months = rank, rating_reason, months, expected_months
        self.rated, self.scored = rated, scored


def _table_groups(report: ScoreReport) -> list[tuple[str, list[Any]]]:
    """The members by org (orgs in tree order) and by rank in each (:func:`by_rank`): from
    the columns when the report has them, without a MemberScore each."""
    view = _columns(report)
    if view is None:
        return [(org, by_rank(members)) for org, members in report.by_org()]
    scoring, places = view
    columns, people = scoring.columns, scoring.members
    reasons = columns.reasons
    width, flat, facts, scored = columns.width, columns.rounded, columns.facts, columns.scored
    expected = scoring.period.through  # the index's months
    none = NONE
    groups: dict[str, list[Any]] = {}
    for k in places:
        m = people[k]
        months, rank, _ranked, computed, stars, grade, _band = facts[k * FACT_WIDTH : (k + 1) * FACT_WIDTH]
        reason = reasons.get(k)
        row = _Row(
            m.id,
            m.name,
            m.org,
            m.status,
            tuple(flat[k * width : (k + 1) * width]) if scored[k] else None,
            None if computed == none else computed,
            None if stars == none else stars,
            None if grade == none else GRADES[grade],
            None if rank == none else rank,
            reason,
            months,
            expected,
            reason is not None,  # rated: a rating always gives its reason
            bool(scored[k]),
        )
        groups.setdefault(m.org, []).append(row)
    order = {o: j for j, o in enumerate(report.org_order)}
    ordered = sorted(groups.items(), key=lambda g: order.get(g[0], len(order)))
    return [(org, by_rank(members)) for org, members in ordered]


def by_rank(members: Sequence[MemberScore]) -> list[MemberScore]:
    """Members by rank in the org, the unranked (exempt) after them, in roster order."""
    order = {m.id: k for k, m in enumerate(members)}
    return sorted(members, key=lambda m: (m.rank is None, m.rank or 0, order[m.id]))


def _headers(report: ScoreReport, lang: str, items: bool, mark_header: bool) -> tuple[str, ...]:
    """The headers of every org's table of the report (worked out once per report)."""
    key = (lang, items, mark_header)
    found = _HEADERS.get(id(report))
    if found is not None and found[0] is report and key in found[1]:
        return found[1][key]
    if found is None or found[0] is not report:
        _HEADERS.clear()  # one report at a time: an earlier one's are let go
        found = _HEADERS[id(report)] = (report, {})
    w_monthly, w_democratic = report.weights
    headers = (
        label("name", lang),
        *(item_header(report, lang) if items else []),
        f"{label('score_monthly', lang)}×{percent_of(w_monthly)}" if items else label("score_monthly", lang),
        f"{label('score_democratic', lang)}×{percent_of(w_democratic)}" if items else label("score_democratic", lang),
        label("adjustment", lang),
        label("year_total", lang),
        label("stars", lang),
        tr(N_("{grade} (provisional)"), lang, grade=label("grade", lang)) if mark_header else label("grade", lang),
        label("rank", lang) if items else tr(N_("Ranking"), lang),
    )
    found[1][key] = headers
    return headers


_HEADERS: dict[int, tuple[ScoreReport, dict[tuple[str, bool, bool], tuple[str, ...]]]] = {}


def _table_rows(
    report: ScoreReport, members: list[MemberScore], lang: str, items: bool, *, mark_header: bool = False
) -> tuple[list[str], list[list[str]], set[int], list[str]]:
    """Headers, rows, right-aligned columns and notes of one org's table. ``mark_header``:
    a provisional grade is marked once, in the header, not on every row (to fit)."""
    n_items = len(report.items) if items else 0
    headers = list(_headers(report, lang, items, mark_header))
    right = set(range(1, n_items + 5)) | {n_items + 7}
    if not items:
        right.add(n_items + 5)
    rows: list[list[str]] = []
    notes: list[str] = []
    numbers, signs = text_numbers(report.decimals), signed_numbers(report.decimals)
    grades: dict[tuple[Grade, bool], str] = {}
    for m in members:
        if m.stars is None:
            stars = label("unrated", lang) if not m.scored else label("score_not_graded", lang)
            if m.scored:
                notes.append(label("score_note_not_graded", lang).format(name=m.name, id=m.id))
        else:
            stars = stars_text(m.stars) if items else stars_short(m.stars)
            if m.rated:
                stars += " *"
                notes.append(rated_note(m, lang))
        if m.scored or not items:
            name = m.name
        else:
            name = f"{m.name} ({label(m.status.value, lang)})"
        if not m.scored and not items and not m.rated:
            notes.append(tr(N_("{name} ({id}): {status}"), lang, name=m.name, id=m.id, status=label(m.status.value, lang)))
        expected = m.expected_months
        if m.scored and m.months < expected:
            name += f" [{m.months}/{expected}]"
        row = [name]
        rounded = m.rounded
        if rounded is None:
            row += ["—"] * (n_items + 4)
        else:
            if items:
                row += [numbers[q] for q in rounded[:-4]]
            row += [numbers[rounded[-4]], numbers[rounded[-3]], signs[rounded[-2]], numbers[rounded[-1]]]
        if m.grade is None:
            grade = "—"
        else:
            key = (m.grade, mark_header or m.rated)
            grade = grades.get(key) or grades.setdefault(key, grade_text(m, report, lang, mark_header))
        row += [stars, grade, str(m.rank) if m.rank is not None else "—"]
        rows.append(row)
    return headers, rows, right, notes


def render_score_table(report: ScoreReport, out: Console, *, lang: str | None = None, items: bool | None = None) -> None:
    """A table per org (orgs in tree order, members by rank), notes on rated and
    ungraded members under it, then the distribution. ``items``: show the ten items
    (None: when the terminal is wide enough for them)."""
    from rich.text import Text

    lang = lang or current_lang()
    title = label("score_title", lang).format(workspace=report.workspace, year=report.year)
    say(out, Text(title, style="bold"))
    if report.provisional:
        say(out, Text(provisional_note(report.through, lang), style="yellow"))
    groups = _table_groups(report)
    if items is None:
        items = False
        if out.is_terminal and groups:
            widest = max(grid_width(*_table_rows(report, members, lang, True)[:2]) for _, members in groups)
            items = widest <= out.width
    line = sayer(out)
    limit = table_width(out)
    for org, members in groups:
        headers, rows, right, notes = _table_rows(report, members, lang, items)
        if report.provisional and limit is not None and grid_width(headers, rows, plain=True, gap=1) > limit:
            headers, rows, right, notes = _table_rows(report, members, lang, items, mark_header=True)
        line("")
        line(Text(f"{report.org_names.get(org, org)} ({org})", style="bold"))
        show_grid(out, headers, rows, right, limit=limit)
        for note in notes:
            line(Text(note, style="dim"))
    line("")
    render_distribution(report, out, lang=lang)


def rated_note(m: MemberScore, lang: str) -> str:
    computed = str(m.computed_stars) if m.computed_stars is not None else "—"
    return label("score_note_rated", lang).format(
        name=m.name, id=m.id, stars=m.stars, computed=computed, reason=m.rating_reason or ""
    )


def render_distribution(report: ScoreReport, out: Console, *, lang: str | None = None) -> None:
    """The distribution of stars and of grades over the reported members."""
    from rich.text import Text

    lang = lang or current_lang()
    say(out, Text(label("score_distribution", lang), style="bold"))
    rows = [[f"{stars_text(int(stars))} ({stars})" if int(stars) else "0", str(count)] for stars, count in report.stars.items()]
    if report.unrated:
        rows.append([label("unrated", lang), str(report.unrated)])
    show_grid(out, [label("stars", lang), label("score_count", lang)], rows, {1})
    rows = [[label(grade, lang), str(count)] for grade, count in report.grades.items()]
    rows.append([label("total", lang), str(sum(report.grades.values()))])
    show_grid(out, [label("grade", lang), label("score_count", lang)], rows, {1})


def render_warnings(warnings: Sequence[Diagnostic], out: Console, *, lang: str | None = None) -> None:
    """Year-end warnings, one a line (``警告：…`` / ``warning: …``)."""
    from rich.text import Text

    lang = lang or current_lang()
    for w in warnings:
        out.print(Text(headed("warning", w.message_in(lang), lang), style="yellow"), width=text_width(out))


class ScoreOutput:
    """``pingyi score`` on the :class:`~pingyi.report.Report` protocol. ``items``: the ten
    items in the table (None: when the terminal is wide enough)."""

    title = N_("Points and stars")

    def __init__(self, report: ScoreReport, *, items: bool | None = None, disputed: frozenset[str] = frozenset()) -> None:
        self.report = report
        self.items = items
        #: Members whose year result has a pending objection (公示, FORMAT §13).
        self.disputed = disputed

    def to_json(self) -> Any:
        data = self.to_json_stream()
        data["members"] = list(data["members"])
        return data

    def to_json_stream(self) -> Any:
        """:meth:`to_json` with the members made as :func:`~pingyi.render.output.write_json`
        writes them."""
        return score_json_stream(self.report, disputed=self.disputed)

    def to_csv_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        """The scripts' CSV on stdout: English codes and item ids."""
        return score_rows(self.report)

    def to_csv_text(self) -> str:
        """:meth:`to_csv_rows` written as CSV (the same text as the generic writer's),
        made in bulk."""
        return score_csv(self.report)

    def to_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        """The people's form (``-o`` CSV and workbook): the same columns under their names
        in the language in force, statuses and grades as words."""
        _header, rows = score_rows(self.report)
        keys = ["org", "org_name", "id", "name", "status", "months"]
        tail = ["base", "democratic", "adjustment", "year_total", "computed_stars", "stars", "grade", "rank", "rating_reason"]
        header = [label(k) for k in keys] + [i.name for i in self.report.items] + [label(k) for k in tail]
        status, grade = 4, len(header) - 3
        words: dict[str, str] = {}
        for row in rows:  # the rows are this call's own: changed in place
            if row[status]:
                row[status] = words.get(row[status]) or words.setdefault(row[status], label(row[status]))
            if row[grade]:
                row[grade] = words.get(row[grade]) or words.setdefault(row[grade], label(row[grade]))
        return header, rows

    def render_table(self, out: Console) -> None:
        render_score_table(self.report, out, items=self.items)
        disputed = [m for m in self.report.members if m.id in self.disputed] if self.disputed else []
        if disputed:
            names = ("、" if current_lang() == "zh" else ", ").join(f"{m.name} ({m.id})" for m in disputed)
            out.print(tr(N_("Objection pending on the year's public notice (disputed): {names}"), None, names=names))


__all__ = [
    "ScoreOutput",
    "by_rank",
    "grid",
    "member_json",
    "provisional_note",
    "render_distribution",
    "render_score_table",
    "render_warnings",
    "score_csv",
    "show_grid",
    "score_json",
    "score_json_stream",
    "score_rows",
    "stars_text",
    "warning_json",
]
