"""Points and stars at year end (年终总评, 评星定格): FORMAT §6–7, split by idea.

* :mod:`.arithmetic` — exact numbers and the one computation of a member's points;
* :mod:`.index` — the year's points documents filed by member (monthly scores in a
  member × month × item grid of integers);
* :mod:`.period` — the months counted (the whole year, or the year to date);
* :mod:`.report` — :func:`compute_score`, its result types, and the :class:`Scoring` of a
  period the workspace keeps once made;
* :mod:`.warnings` — the year-end warnings, as diagnostics.

May import the model, the workspace and the diagnostics; never the command line or the
renderers.
"""

from .arithmetic import Arithmetic, Points, Value, column_sums, compute_points, exact_sum, exact_text, round_half_up, round_ratio
from .index import AdjustmentLine, DemocraticSource, MonthGrid, MonthScores, Rating, adjust, build_index
from .period import Period, months_elapsed, resolve_period
from .report import (
    MemberScore,
    ScoreItem,
    ScoreReport,
    Scoring,
    all_scores,
    compute_score,
    member_scores,
    ordered_members,
    quiet_gc,
    rank,
    scoring,
    tree_order,
)
from .warnings import year_end_warnings

__all__ = [
    "AdjustmentLine",
    "Arithmetic",
    "DemocraticSource",
    "MemberScore",
    "MonthGrid",
    "MonthScores",
    "Period",
    "Points",
    "Rating",
    "ScoreItem",
    "ScoreReport",
    "Scoring",
    "Value",
    "adjust",
    "all_scores",
    "build_index",
    "column_sums",
    "compute_points",
    "compute_score",
    "exact_sum",
    "exact_text",
    "member_scores",
    "months_elapsed",
    "ordered_members",
    "quiet_gc",
    "rank",
    "resolve_period",
    "round_half_up",
    "round_ratio",
    "scoring",
    "tree_order",
    "year_end_warnings",
]
