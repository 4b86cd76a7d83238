"""The rows of the workbook's ledgers (台账, FORMAT §12) as plain values: text, numbers,
dates and codes (``closed``, ``overdue``, ``active``, ``excellent`` …).

:func:`pingyi.compute.ledgers.compute_ledgers` makes them from the results the report
commands use; the writer (:mod:`pingyi.render.xlsx`) translates and lays them out, and
takes nothing else. This module sits between the two: it imports nothing from
:mod:`pingyi.compute` or :mod:`pingyi.render`, and computes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .numbers import ShownPoints

Rate = Fraction | None
#: The four coverage measures, in the order the workbook shows them.
MEASURES = ("orgs", "secretaries_reviewed", "secretaries_reviewing", "members")


@dataclass(frozen=True, slots=True)
class ReviewProblem:
    problem: str
    measure: str | None
    owner_name: str | None
    due: dt.date | None
    state: str  # open | closed | overdue


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A review (点评台账): who reviewed whom, when, how, and its problems."""

    round_name: str
    reviewer_name: str
    subject_names: tuple[str, ...]
    date: dt.date
    mode: str | None
    content: str | None
    problems: tuple[ReviewProblem, ...]


@dataclass(frozen=True, slots=True)
class RectifyRow:
    """A problem of the rectification ledger (整改台账), as ``pingyi rectify`` lists it."""

    round_name: str
    date: dt.date
    reviewer_name: str
    subject_names: tuple[str, ...]
    problem: str
    measure: str | None
    owner_name: str | None
    due: dt.date | None
    closed: dt.date | None  # only when closed as of the day
    state: str
    days_overdue: int
    evidence: str | None


@dataclass(frozen=True, slots=True)
class Counted:
    """reviewed / out of → rate (a coverage measure), or made, withdrawn, done → rate."""

    cells: tuple[int, ...]
    rate: Rate


@dataclass(frozen=True, slots=True)
class OrgRow:
    """An org's row of a by-org table (coverage, fulfilment): ``total`` marks the row
    that adds up the scope."""

    id: str
    name: str
    depth: int
    counts: tuple[Counted, ...]
    total: bool = False


@dataclass(frozen=True, slots=True)
class MissingRow:
    measure: str  # one of MEASURES
    id: str
    name: str
    org_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    id: str | None
    owner_name: str
    org_name: str
    type: str  # basic | creative
    text: str
    made: dt.date | None
    due: dt.date | None
    status: str
    overdue: bool
    done: dt.date | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class SurveyRow:
    id: str
    name: str
    subject_name: str
    date: dt.date | None
    counts: tuple[tuple[str, int], ...]
    total: int
    positive: int
    rate: Rate
    suggestions: int | None
    subtotal: bool = False


@dataclass(frozen=True, slots=True)
class PointsRow(ShownPoints):
    """A member's row of 积分汇总, as ``pingyi score`` reports it. Its numbers are kept
    as the integers they are rounded to (``rounded``: the items, then base, democratic,
    adjustment and total, in units of ``10**-decimals``; None for an exempt member), and
    given as Decimals by :attr:`items`, :attr:`base`, :attr:`democratic`,
    :attr:`adjustment` and :attr:`total` (a county's would be a quarter of a million)."""

    org_name: str
    id: str
    name: str
    status: str
    months: int | None
    rounded: tuple[int, ...] | None
    decimals: int
    stars: int | None
    unrated: str | None  # unrated | score_not_graded when there are no stars
    grade: str | None
    rank: int | None
    ranked: int
    rated: tuple[int | None, str] | None  # (computed stars, reason) when the branch rated

    def _places(self) -> int | None:
        return self.decimals


@dataclass(frozen=True, slots=True)
class CardMonth:
    month: str
    values: tuple[int | Decimal | Fraction, ...] | None  # None: not scored
    total: int | Decimal | Fraction | None
    scored_by: str | None  # the org that scored the month, when not the member's own


@dataclass(frozen=True, slots=True)
class Card:
    """A member's score card (积分卡) as ``pingyi explain`` shows it: the months by item,
    their sums, the monthly part A_i, the democratic part D_i, the item points I_i, then
    the parts of the total, stars, grade and rank.

    Its numbers are kept as the exact integers they are computed from, no fraction made
    (a county has twenty thousand cards): month k's item scores are ``scores[k]`` over
    ``10**scale`` (None: not scored), Σ_i = ``sum_nums[i] / sum_den``, A_i =
    ``monthly_nums[i] / monthly_den``, D_i = ``democratic_nums[i] / democratic_den`` and
    I_i = ``item_nums[i] / item_den``; :attr:`months`, :attr:`sums`, :attr:`monthly`,
    :attr:`democratic_items` and :attr:`items` give them as exact numbers."""

    org_name: str
    id: str
    name: str
    status: str
    month_names: tuple[str, ...]  # the months counted, YYYY-MM
    scores: tuple[tuple[int, ...] | None, ...]  # by month: the item scores × 10**scale
    scale: int
    scored_by: tuple[str | None, ...]  # by month: the org that scored it, when not the member's own
    sum_nums: tuple[int, ...] | None
    sum_den: int
    divisor: int | None
    monthly_nums: tuple[int, ...] | None  # None: no divisor (no month counted)
    monthly_den: int
    democratic_nums: tuple[int, ...] | None
    democratic_den: int
    item_nums: tuple[int, ...] | None
    item_den: int
    weights: tuple[Fraction, Fraction]
    summary: PointsRow

    @property
    def months(self) -> tuple[CardMonth, ...]:
        den = 10**self.scale
        return tuple(
            CardMonth(month, None, None, by)
            if values is None
            else CardMonth(month, tuple(_exact(v, den) for v in values), _exact(sum(values), den), by)
            for month, values, by in zip(self.month_names, self.scores, self.scored_by)
        )

    @property
    def sums(self) -> tuple[int | Fraction, ...] | None:
        return None if self.sum_nums is None else tuple(_exact(x, self.sum_den) for x in self.sum_nums)

    @property
    def monthly(self) -> tuple[Fraction, ...] | None:  # A_i
        return None if self.monthly_nums is None else tuple(Fraction(x, self.monthly_den) for x in self.monthly_nums)

    @property
    def democratic_items(self) -> tuple[Fraction, ...] | None:  # D_i
        return None if self.democratic_nums is None else tuple(Fraction(x, self.democratic_den) for x in self.democratic_nums)

    @property
    def items(self) -> tuple[Fraction, ...] | None:  # I_i
        return None if self.item_nums is None else tuple(Fraction(x, self.item_den) for x in self.item_nums)


def _exact(num: int, den: int) -> int | Fraction:
    """``num / den`` exactly: an ``int`` when whole."""
    whole, rest = divmod(num, den)
    return whole if not rest else Fraction(num, den)


@dataclass(frozen=True, slots=True)
class StarRow:
    """A candidate for a quarter's or the year's star, as ``pingyi honours`` ranks them."""

    rank: int
    id: str
    name: str
    org_name: str
    points: Decimal
    months: int | None
    stars: int | None
    named: bool


@dataclass(frozen=True, slots=True)
class QuarterBlock:
    quarter: int
    org_name: str
    n: int
    quota: int
    named: tuple[StarRow, ...]  # who was named (in rank order)
    candidates: tuple[StarRow, ...]  # the other candidates, in rank order


@dataclass(frozen=True)
class Honours:
    quarter_share: Fraction
    min_members: int
    #: a sequence that may be made block by block as it is read (:func:`~pingyi.compute.ledgers.ledgers_by_sheet`)
    quarters: Sequence[QuarterBlock]
    top_stars: int
    k: int
    quota: int
    annual: tuple[StarRow, ...]


@dataclass(frozen=True, slots=True)
class AppraisalMemberRow:
    """A member's row of the 民主评议 sheet: votes and shares in the order of the vote
    grades (优秀, 合格, 基本合格, 不合格), the grade codes, the reason and the flag codes."""

    id: str
    name: str
    votes: tuple[int, ...] | None
    shares: tuple[Fraction, ...] | None
    top: str | None  # the grade with the most votes
    grade: str | None  # the decided grade
    reason: str | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AppraisalOrgRow:
    """An org's appraisal: its line (full members, ballots, the 优秀 quota and the grades
    decided, ``none`` for the undecided), then its members."""

    id: str
    name: str
    full_members: int
    participants: int
    share: Fraction
    excellent_quota: int
    grades: dict[str, int]
    members: tuple[AppraisalMemberRow, ...]


@dataclass(frozen=True)
class Ledgers:
    """Every row the workbook shows, for one selection."""

    workspace: str
    #: the name the workbook's titles carry: the ``--org``'s name, else the workspace's
    title_name: str
    year: int
    as_of: dt.date
    scope_name: str | None
    round_names: tuple[str, ...]  # the rounds of the reviews shown
    reviews: tuple[ReviewRow, ...]
    coverage_rounds: tuple[str, ...]  # the rounds coverage counted (names)
    coverage: tuple[OrgRow, ...]
    missing: tuple[MissingRow, ...]
    rectify: tuple[RectifyRow, ...]
    commitments: tuple[CommitmentRow, ...]
    commitments_rates: tuple[Counted, Counted]  # org-owned, member-owned
    commitments_overdue: int
    fulfilment: tuple[OrgRow, ...]
    items: tuple[str, ...]  # the rule items' names
    weights: tuple[Fraction, Fraction]
    decimals: int
    points: tuple[PointsRow, ...]
    #: a sequence made card by card as it is read (see :func:`~pingyi.compute.ledgers.compute_ledgers`)
    cards: Sequence[Card]
    stars: tuple[tuple[int, int], ...]  # (stars, members), most stars first
    unrated: int
    surveys: tuple[SurveyRow, ...]
    honours: Honours | None
    #: 民主评议党员 of the year (the 民主评议 sheet), by org
    appraisal: tuple[AppraisalOrgRow, ...] | None = None

    @property
    def size(self) -> int:
        """A measure of the work of rendering (rows to lay out, then as much again to save
        the file), for progress bars."""
        return 2 * (len(self.reviews) + len(self.rectify) + len(self.commitments) + len(self.points) + len(self.cards) + 10)


class LedgersBySheet:
    """The fields of :class:`Ledgers`, each part made when it is first read and let go
    when the writer is done with it (:meth:`let_go`), so that the rows of one ledger, and
    what they are made from, are gone before the next ledger is made.

    ``head``: the fields known at once (workspace, title_name, year, as_of, scope_name);
    ``sections``: (the fields a part gives, the function making them, called once);
    ``size``: :attr:`Ledgers.size` as foreseen before any row is made. Reading a field
    after it was let go is a programming error (:class:`LookupError`)."""

    def __init__(
        self,
        head: Mapping[str, Any],
        sections: Sequence[tuple[tuple[str, ...], Callable[[], Mapping[str, Any]]]],
        *,
        size: int,
    ) -> None:
        self.__dict__.update(head)
        self.size = size
        #: field → the part giving it, until it is made
        self._parts: dict[str, tuple[tuple[str, ...], Callable[[], Mapping[str, Any]]]] = {
            name: section for section in sections for name in section[0]
        }
        self._gone: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        # called for a field not made yet (or let go)
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._gone:
            raise LookupError(f"the ledgers' {name} were let go already")
        section = self._parts.get(name)
        if section is None:
            raise AttributeError(name)
        names, make = section
        values = make()
        for field in names:
            self._parts.pop(field, None)
            if field not in self._gone:
                self.__dict__[field] = values[field]
        return values[name]

    def let_go(self, *names: str) -> None:
        """Drop these fields (made or not): their rows are freed once nothing else holds them."""
        for name in names:
            self.__dict__.pop(name, None)
            self._parts.pop(name, None)
            self._gone.add(name)

    def made(self, name: str) -> bool:
        """Whether the field is held now (made and not let go)."""
        return name in self.__dict__


# ----------------------------------------------------------------------------- the score template


@dataclass(frozen=True)
class TemplateRow:
    member: str
    name: str
    values: tuple[Decimal, ...] | None  # the scores already recorded, if any


@dataclass(frozen=True)
class ScoreTemplate:
    """What the template shows."""

    workspace: str
    org: str
    org_name: str
    month: str
    items: tuple[tuple[str, str], ...]  # (id, name)
    item_max: Decimal
    rows: tuple[TemplateRow, ...]


__all__ = [
    "MEASURES",
    "Rate",
    "AppraisalMemberRow",
    "AppraisalOrgRow",
    "Card",
    "CardMonth",
    "CommitmentRow",
    "Counted",
    "Honours",
    "Ledgers",
    "LedgersBySheet",
    "MissingRow",
    "OrgRow",
    "PointsRow",
    "QuarterBlock",
    "RectifyRow",
    "ReviewProblem",
    "ReviewRow",
    "ScoreTemplate",
    "StarRow",
    "SurveyRow",
    "TemplateRow",
]
