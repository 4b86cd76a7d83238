"""Every word of the workbook and the score template that is the workbook's own, as
catalog entries (domain ``workbook``); words shared with the tables (编号, 姓名, 星级 …)
come from :mod:`pingyi.render.labels`. :func:`L` gives either, in a language, filled in."""

from __future__ import annotations

import functools

from ...i18n import N_, gettext
from ..labels import label

WORDS: dict[str, str] = {
    "xlsx_title": N_("{workspace} · {ledger} {year}"),
    "xlsx_continued": N_("{sheet} ({n})"),
    "xlsx_continued_note": N_("continued from the sheet {sheet} (a sheet holds at most {rows} rows)"),
    "xlsx_continued_pages": N_("continued from the sheet {sheet} (a sheet holds at most {pages} printed pages)"),
    "xlsx_reviews": N_("Reviews"),
    "xlsx_coverage": N_("Coverage"),
    "xlsx_missing": N_("Not reviewed"),
    "xlsx_rectify": N_("Rectifications"),
    "xlsx_commitments": N_("Commitments ledger"),
    "xlsx_fulfilment": N_("Fulfilment"),
    "xlsx_score": N_("Points"),
    "xlsx_cards": N_("Score cards"),
    "xlsx_survey": N_("Surveys"),
    "xlsx_quarter": N_("Quarter stars"),
    "xlsx_annual": N_("Annual stars"),
    "xlsx_charts": N_("Charts"),
    "xlsx_template": N_("Scores"),
    "xlsx_signature": N_("Prepared by: ________________    Checked by: ________________    Date: ____________"),
    "xlsx_seq": N_("No."),
    "xlsx_mode": N_("Mode"),  # 点评方式, as the review forms say
    "xlsx_content": N_("Content"),
    "xlsx_month": N_("Month"),
    "xlsx_month_total": N_("Month total"),
    "xlsx_item_scores": N_("Rated items"),
    "xlsx_sum": N_("Sum Σ"),
    "xlsx_monthly_row": N_("A = Σ ÷ {divisor}"),
    "xlsx_democratic_row": N_("D (democratic)"),
    "xlsx_items_row": N_("I = A×{wm} + D×{wd}"),
    "xlsx_card_title": N_("{name} ({id}) · {org} · {status}"),
    "xlsx_card_total": N_("Year total"),
    "xlsx_card_rank": N_("Rank in the org"),
    "xlsx_rank_of": N_("{rank} of {n}"),
    "xlsx_scored_by": N_("scored by {org}"),
    "xlsx_cards_note": N_(
        "One card per member, one card per printed page: the twelve months by item, their sum Σ, "
        "the monthly part A (the sum divided as the rules say), the democratic evaluation D, "
        "the item points I, then the parts of the year total, the stars and the grade, as pingyi explain shows them."
    ),
    "xlsx_made_on": N_("Made"),
    "xlsx_commitment_due": N_("Due"),
    "xlsx_done_on": N_("Done on"),
    "xlsx_commitments_note": N_(
        "As of {as_of}: org commitments fulfilled {orgs}, member commitments fulfilled {members}, {overdue} overdue"
    ),
    "xlsx_empty": N_("Nothing to list"),
    "xlsx_rounds_note": N_("Rounds: {rounds}"),
    "xlsx_as_of_note": N_("As of {as_of}"),
    "xlsx_total_of": N_("{name} (total)"),
    "xlsx_overdue_status": N_("{status} ({overdue})"),
    "xlsx_rated_reason": N_("rated by the branch (computed: {computed}): {reason}"),
    "xlsx_quarter_note": N_(
        "Ranked by the sum of the quarter's three months; quota = max(1, floor(scored members × {share})); "
        "orgs with fewer than {min} scored members name none (not listed). Who was named comes first, the other candidates after."
    ),
    "xlsx_annual_note": N_("Chosen among {stars}-star members: {k} of them, quota {quota}."),
    "xlsx_candidates": N_("Candidates"),
    "xlsx_quarter_col": N_("Quarter"),
    "xlsx_star_chart": N_("Distribution of stars"),
    "xlsx_coverage_chart": N_("Review coverage by org"),
    "xlsx_coverage_chart_top": N_("Review coverage by org (the {n} orgs of the first level; the coverage sheet lists every org)"),
    "xlsx_n_stars": N_("{n} stars"),
    "xlsx_share": N_("Share"),
    "xlsx_template_title": N_("Monthly scores: {org}, {month}"),
    "xlsx_template_month": N_("{month}"),
    "xlsx_template_note": N_("Org: {org} ({id})    Month: {month}    each item 0–{max}"),
    "xlsx_instructions": N_("Instructions"),
    "xlsx_template_help": N_(
        "1. Give every member a score from 0 to {max} for every item; decimals are fine. Leave no cell blank; no formulas, no text.\n"
        "2. The id and name columns and the headers are locked: do not change them, and do not add or delete rows, columns or sheets. The total column is for checking only.\n"
        "3. Scores already recorded are filled in; changing one needs --force when importing.\n"
        "4. Save as .xlsx and run in the workspace: pingyi import scores FILE.xlsx (--dry-run shows what would change)."
    ),
    "xlsx_dv_error_title": N_("Score out of range"),
    "xlsx_dv_error": N_("Type a number from 0 to {max}."),
    "xlsx_dv_prompt_title": N_("Score"),  # 得分, as the appraisal says
    "xlsx_dv_prompt": N_("0 to {max}"),
    "xlsx_saving": N_("saving the file"),
    "xlsx_score_note": N_(
        "item = monthly average × monthly weight + democratic × democratic weight; total = Σ items + adjustment, "
        "rounded half-up to {decimals} decimals; stars follow the rounded total"
    ),
    "xlsx_page": N_("Page &P of &N"),
    "xlsx_wrote": N_("wrote {file} ({kb} KB, the ledgers of {year})"),
}


def L(key: str, lang: str, **fields: object) -> str:
    """The workbook's word ``key`` (or the table label ``key``) in ``lang``, filled in.
    Looked up once per word and language: a county's workbook asks for some words a
    hundred thousand times (on every card, every row)."""
    text = _word(key, lang) if lang is not None else _lookup(key, lang)
    return text.format(**fields) if fields else text


def _lookup(key: str, lang: str | None) -> str:
    msgid = WORDS.get(key)
    return gettext(msgid, lang) if msgid is not None else label(key, lang)


_word = functools.lru_cache(maxsize=4096)(_lookup)


def title(name: str, year: int | None, sheet: str, lang: str) -> str:
    """A sheet's title: ``江城市教育局党委2024年度点评台账``."""
    return L("xlsx_title", lang, workspace=name, year=year if year is not None else "", ledger=sheet)


__all__ = ["WORDS", "L", "title"]
