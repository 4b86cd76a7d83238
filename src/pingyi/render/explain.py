"""``pingyi explain MEMBER``: the points card (积分卡) as text, JSON or CSV. Formats a
:class:`~pingyi.compute.explain.PointsCard` only."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.explain import PointsCard
from ..compute.score import AdjustmentLine, exact_text, round_half_up
from ..i18n import N_, current_lang, tr
from ..model import AdjustmentPolicy, AdjustmentType, AverageOver
from ..model.rules import Rounding
from .labels import colon, label, paren
from .output import table_width, text_width, to_csv
from .score import grid, grid_width, percent_of, provisional_note, signed, stars_text, warning_json


def _r(card: PointsCard, value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_up(value, card.decimals)


def _value(value: Fraction | int | Decimal) -> Decimal:
    """A score as it was written (scores are exact decimals; a repeating one, which only a
    bug could give, is shown to 6 places)."""
    text = exact_text(value)
    return round_half_up(value, 6) if "…" in text else Decimal(text)


# --------------------------------------------------------------------------- json


def explain_json(card: PointsCard, lang: str | None = None) -> dict[str, Any]:
    """The card as data. ``base``, ``democratic``, ``adjustment``, ``total``, the stars and
    the grade are the numbers of ``pingyi score``; ``*_exact`` are the exact values as
    decimal text (an ellipsis marks a repeating decimal). ``adds_up`` says whether the
    displayed items and adjustment add up to the displayed total, ``note`` why not."""
    m = card.member
    items = []
    for k, item in enumerate(card.items):
        entry: dict[str, Any] = {"id": item.id, "name": item.name}
        if m.scored:
            assert m.sums is not None and m.monthly is not None and m.democratic_items is not None and m.items is not None
            assert m.items_exact is not None
            entry |= {
                "sum": _value(m.sums[k]),
                "monthly": _r(card, m.monthly[k]),
                "democratic": _r(card, m.democratic_items[k]),
                "score": m.items[k],
                "monthly_exact": exact_text(m.monthly[k]),
                "democratic_exact": exact_text(m.democratic_items[k]),
                "score_exact": exact_text(m.items_exact[k]),
            }
        items.append(entry)
    src = m.democratic_source
    return {
        "year": card.year,
        "member": {"id": m.id, "name": m.name, "org": m.org, "org_name": card.org_name, "status": m.status.value},
        "rules": {
            "weights": {"monthly": _value(card.weights[0]), "democratic": _value(card.weights[1])},
            "average_over": card.average_over.value,
            "adjustment_policy": card.adjustment_policy.value,
            "decimals": card.decimals,
            "rounding": card.rounding.value,
        },
        "through": card.through,
        "provisional": card.provisional,
        "scored": m.scored,
        "months": [
            {
                "month": ms.month,
                "org": ms.org,
                "scores": [_value(v) for v in ms.values] if ms.values is not None else None,
                "sum": _value(ms.total) if ms.total is not None else None,
            }
            for ms in m.month_scores
        ],
        "months_scored": m.months,
        "missing_months": list(m.missing_months) if m.scored else [],
        "divisor": m.divisor,
        "items": items,
        "democratic_source": None
        if src is None
        else {
            "org": src.org,
            "source": src.source,
            "ballots": src.ballots,
            "ballots_total": src.ballots_total,
            "participants": src.participants,
        },
        "adjustments": [
            {
                "type": line.type.value,
                "level": line.level.value,
                "points": _points(line),
                "counted": line.counted,
                "date": line.date,
                "note": line.note,
            }
            for line in m.adjustments
        ],
        "base": m.base,
        "democratic": m.democratic,
        "adjustment": m.adjustment,
        "total": m.total,
        "base_exact": _exact(m.base_exact),
        "democratic_exact": _exact(m.democratic_exact),
        "adjustment_exact": _exact(m.adjustment_exact),
        "total_exact": _exact(m.total_exact),
        "band": None if m.band is None else {"min": m.band.min, "stars": m.band.stars, "grade": m.band.grade.value},
        "computed_stars": m.computed_stars,
        "stars": m.stars,
        "grade": m.grade.value if m.grade else None,
        "rating": None if m.rating is None else {"stars": m.rating.stars, "reason": m.rating.reason},
        "rank": m.rank,
        "ranked": m.ranked,
        "adds_up": card.adds_up,
        "note": None if card.adds_up else adds_up_note(card, lang),
        "warnings": [warning_json(w, lang) for w in card.warnings],
    }


def adds_up_note(card: PointsCard, lang: str | None = None) -> str:
    """Under ``rounding: total``, why the items shown do not add up to the total shown."""
    m = card.member
    assert m.items is not None and m.adjustment is not None
    shown = sum(m.items, Decimal(0)) + m.adjustment
    return tr(
        N_(
            "The items shown add up to {sum}, the total is {total}: each is rounded on its own, and the total once "
            "from the exact sum (rules: rounding: total; with rounding: items the card adds up by hand)."
        ),
        lang,
        sum=shown,
        total=m.total,
    )


def _points(line: AdjustmentLine) -> Decimal | None:
    return None if line.points is None else _value(line.signed)


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else exact_text(value)


# --------------------------------------------------------------------------- csv


def explain_csv(card: PointsCard) -> str:
    """The twelve months by item (the 积分卡 grid): month, org, item ids, sum."""
    return to_csv(*explain_rows(card))


# --------------------------------------------------------------------------- text


def _months_table(card: PointsCard, out: Console, lang: str) -> None:
    """The months by item, the sums, A, D and I: item names as headers when they fit,
    else the item numbers with a legend; box-drawn only when that fits too."""
    m = card.member
    assert m.sums is not None and m.monthly is not None and m.democratic_items is not None and m.items is not None
    L = lambda key: label(key, lang)  # noqa: E731
    n = len(card.items)
    rows: list[list[str]] = []
    for ms in m.month_scores:
        if ms.values is None:
            rows.append([ms.month, L("explain_missing"), *[""] * n])
            continue
        month = ms.month if ms.org == m.org else f"{ms.month} ({ms.org})"
        rows.append([month, *(str(_value(v)) for v in ms.values), str(_value(ms.total or Fraction(0)))])
    rows.append([L("explain_sum"), *(str(_value(v)) for v in m.sums), str(_value(sum(m.sums, Fraction(0))))])
    rows.append([f"A = Σ ÷ {m.divisor}", *(str(_r(card, v)) for v in m.monthly), ""])
    rows.append(["D", *(str(_r(card, v)) for v in m.democratic_items), ""])
    rows.append(["I", *(str(v) for v in m.items), str(sum(m.items, Decimal(0)))])
    names = [item.id if lang == "en" else item.name for item in card.items]
    headers = [L("explain_month"), *names, L("total")]
    right = set(range(1, n + 2))
    width = table_width(out) or 10**6
    legend = None
    if grid_width(headers, rows) > width:
        headers = [L("explain_month"), *(str(k) for k in range(1, n + 1)), L("total")]
        legend = "  ".join(f"{k}={name}" for k, name in enumerate(names, start=1))
    plain = not out.is_terminal or grid_width(headers, rows) > width
    out.print(Text(L("explain_months"), style="bold"), width=text_width(out))
    out.print(grid(headers, rows, right, plain=plain), soft_wrap=True)
    if legend:
        out.print(Text(legend, style="dim"), width=text_width(out))


def render_explain(card: PointsCard, out: Console, *, lang: str | None = None) -> None:
    lang = lang or current_lang()
    m = card.member
    L = lambda key: label(key, lang)  # noqa: E731
    out.print(Text(L("explain_title").format(workspace=card.workspace, year=card.year), style="bold"), width=text_width(out))
    out.print(
        Text(f"{m.name} ({m.id}) · {card.org_name} ({m.org}) · {L(m.status.value)}"),
        width=text_width(out),
    )
    if card.provisional:
        out.print(Text(provisional_note(card.through, lang), style="yellow"), width=text_width(out))
    out.print()
    if not m.scored:
        out.print(Text(L("explain_exempt")), width=text_width(out))
        _final(card, out, lang)
        return

    assert m.sums is not None and m.monthly is not None and m.democratic_items is not None and m.items is not None
    w_monthly, w_democratic = card.weights
    # 1. the months
    _months_table(card, out, lang)
    out.print(Text(f"I = A×{percent_of(w_monthly)} + D×{percent_of(w_democratic)}"), width=text_width(out))
    missing = m.missing_months
    if missing:
        out.print(
            Text(
                L("explain_missing_months").format(months="、".join(missing) if lang != "en" else ", ".join(missing), n=m.months),
                style="yellow",
            ),
            width=text_width(out),
        )
    if card.average_over is AverageOver.TWELVE and m.divisor != 12:
        divisor_text = tr(N_("the sum of the months ÷ the {n} months counted (a month not scored counts 0)"), lang, n=m.divisor)
    elif card.average_over is AverageOver.TWELVE:
        divisor_text = L("explain_divisor_12")
    else:
        divisor_text = L("explain_divisor_scored").format(n=m.divisor)
    out.print(Text(colon("A", divisor_text, lang)), width=text_width(out))

    # 2. the democratic evaluation
    src = m.democratic_source
    if src is None:
        out.print(Text(colon("D", L("explain_no_evaluation"), lang), style="yellow"), width=text_width(out))
    elif src.source == "ballots":
        ballots = L("explain_ballots").format(org=src.org, n=src.ballots, total=src.ballots_total)
        out.print(Text(colon("D", ballots, lang)), width=text_width(out))
        if src.blanks and src.blank.value == "zero":
            out.print(
                Text(
                    "   "
                    + tr(
                        N_("{n} blank ballots count as 0 (rules: democratic_blank: zero): D = Σ ÷ {total}"),
                        lang,
                        n=src.blanks,
                        total=src.ballots_total,
                    )
                ),
                width=text_width(out),
            )
    else:
        out.print(Text(colon("D", L("explain_averages").format(org=src.org, n=src.participants), lang)), width=text_width(out))
    out.print()

    # 3. the parts
    out.print(
        Text(
            f"{L('score_monthly')} = Σ A × {percent_of(w_monthly)} = {m.base}"
            + paren(f"{L('explain_exact')} {_exact(m.base_exact)}", lang)
        ),
        width=text_width(out),
    )
    out.print(
        Text(
            f"{L('score_democratic')} = Σ D × {percent_of(w_democratic)} = {m.democratic}"
            + paren(f"{L('explain_exact')} {_exact(m.democratic_exact)}", lang)
        ),
        width=text_width(out),
    )
    out.print()

    # 4. adjustments
    policy = L("explain_policy_highest") if card.adjustment_policy is AdjustmentPolicy.HIGHEST else L("explain_policy_sum")
    out.print(Text(L("adjustment") + paren(policy, lang), style="bold"), width=text_width(out))
    if not m.adjustments:
        out.print(Text(f"  {L('none')}"), width=text_width(out))
    for line in m.adjustments:
        mark = "✓" if line.counted else "✗"
        what = f"{L(line.type.value)} · {L(line.level.value)}"
        if line.date:
            what += f" · {line.date.isoformat()}"
        if line.note:
            what += f" · {line.note}"
        points = "—" if line.points is None else signed(_value(line.signed))
        status = L("explain_counted") if line.counted else L("explain_not_counted")
        out.print(Text(f"  {mark} {points:>6}  {what}  [{status}]", style="" if line.counted else "dim"), width=text_width(out))
    plus = sum((line.signed for line in m.adjustments if line.counted and line.type is AdjustmentType.AWARD), Fraction(0))
    minus = -sum((line.signed for line in m.adjustments if line.counted and line.type is not AdjustmentType.AWARD), Fraction(0))
    out.print(Text(f"  {L('adjustment')} = {_exact(plus)} - {_exact(minus)} = {signed(m.adjustment)}"), width=text_width(out))
    out.print()

    # 5. the total and the band
    assert m.total_exact is not None and m.base_exact is not None and m.democratic_exact is not None
    if card.rounding is Rounding.ITEMS:
        adj = m.adjustment or Decimal(0)
        adj_text = f"+ {adj}" if adj >= 0 else f"- {-adj}"
        out.print(
            Text(f"{L('year_total')} = Σ I {adj_text} = {sum(m.items, Decimal(0))} {adj_text} = {m.total}", style="bold"),
            width=text_width(out),
        )
        out.print(
            Text(
                tr(
                    N_("(each item rounded half-up to {d} decimals first, then added up: rules: rounding: items)"),
                    lang,
                    d=card.decimals,
                )
            ),
            width=text_width(out),
        )
    else:
        exact_adj = m.adjustment_exact or Fraction(0)
        adj_text = f"+ {_exact(exact_adj)}" if exact_adj >= 0 else f"- {_exact(-exact_adj)}"
        out.print(
            Text(
                f"{L('year_total')} = {_exact(m.base_exact)} + {_exact(m.democratic_exact)} {adj_text} "
                f"= {_exact(m.total_exact)} → {m.total}",
                style="bold",
            ),
            width=text_width(out),
        )
        out.print(Text(L("explain_rounding").format(d=card.decimals)), width=text_width(out))
        if not card.adds_up:
            out.print(Text(tr(N_("Note: {text}"), lang, text=adds_up_note(card, lang)), style="yellow"), width=text_width(out))
    _final(card, out, lang)


def band_reason(card: PointsCard, lang: str) -> str:
    """``93.34: 90 ≤ 93.34 < 95 → 9 stars, qualified``."""
    m = card.member
    band = m.band
    if band is None or m.total is None:
        return ""
    lo, hi = _plain(band.min), (_plain(card.next_band.min) if card.next_band else None)
    if m.total < band.min:
        where = f"{m.total} < {hi}"
    elif hi is None:
        where = f"{m.total} ≥ {lo}"
    else:
        where = f"{lo} ≤ {m.total} < {hi}"
    return f"{where} → " + label("explain_stars", lang).format(stars=band.stars, grade=label(band.grade.value, lang))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _final(card: PointsCard, out: Console, lang: str) -> None:  # the band, rating, stars and rank
    m = card.member
    L = lambda key: label(key, lang)  # noqa: E731
    if m.scored and m.band is not None:
        line = colon(L("explain_band"), band_reason(card, lang), lang)
        if m.computed_stars is None and m.rating is None:
            line += "  " + L("explain_not_graded")
        out.print(Text(line, style="bold"), width=text_width(out))
    if m.rating is not None:
        grade = label(card.rated_band.grade.value, lang) if card.rated_band else "—"
        out.print(
            Text(L("explain_rating").format(stars=m.rating.stars, grade=grade, reason=m.rating.reason), style="bold"),
            width=text_width(out),
        )
    elif not m.scored:
        out.print(Text(L("explain_unrated"), style="yellow"), width=text_width(out))
    shown = f"{stars_text(m.stars)} ({m.stars})" if m.stars is not None else L("unrated")
    grade = L(m.grade.value) if m.grade else "—"
    if card.provisional and m.grade and not m.rated:
        grade = tr(N_("{grade} (provisional)"), lang, grade=grade)
    out.print(Text(f"{colon(L('stars'), shown, lang)}  {colon(L('grade'), grade, lang)}"), width=text_width(out))
    if m.rank is not None:
        out.print(Text(L("explain_rank").format(rank=m.rank, n=m.ranked, org=card.org_name)), width=text_width(out))


def explain_rows(card: PointsCard) -> tuple[list[str], list[list[Any]]]:
    """The twelve months by item (the CSV form)."""
    header = ["month", "org", *(i.id for i in card.items), "sum"]
    rows: list[list[Any]] = []
    for ms in card.member.month_scores:
        values = [_value(v) for v in ms.values] if ms.values is not None else [None] * len(card.items)
        rows.append([ms.month, ms.org, *values, _value(ms.total) if ms.total is not None else None])
    return header, rows


class ExplainOutput:
    """``pingyi explain`` on the :class:`~pingyi.report.Report` protocol."""

    title = N_("Points card")

    def __init__(self, card: PointsCard, objections: Sequence[Any] = ()) -> None:
        self.card = card
        #: Pending objections on the member's year result (公示, FORMAT §13).
        self.objections = tuple(objections)

    def to_json(self) -> Any:
        data = explain_json(self.card)
        data["disputed"] = bool(self.objections)
        data["objections"] = [
            {"id": o.id, "received": o.received.isoformat(), "state": o.state, "overdue": o.overdue, "text": o.text}
            for o in self.objections
        ]
        return data

    def to_csv_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        """The scripts' CSV on stdout: English codes and item ids."""
        return explain_rows(self.card)

    def to_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        """The people's form (``-o`` CSV and workbook): the months by item under the items'
        names."""
        _header, rows = explain_rows(self.card)
        header = [label("explain_month"), label("org"), *(i.name for i in self.card.items), label("total")]
        return header, rows

    def render_table(self, out: Console) -> None:
        render_explain(self.card, out)
        for o in self.objections:
            out.print(
                tr(
                    N_("Objection pending on the year's public notice, received {received}: {text}"),
                    None,
                    received=o.received,
                    text=o.text or "—",
                )
            )


__all__ = ["ExplainOutput", "adds_up_note", "band_reason", "explain_csv", "explain_json", "explain_rows", "render_explain"]
