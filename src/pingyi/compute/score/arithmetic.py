"""The arithmetic of the year-end points (年终总评), FORMAT §6: one computation from which
both the exact values (``pingyi explain``) and the rounded report (``pingyi score``) come.

For member m and item i, with the months counted and ``divisor`` decided by the caller:

* A_i = Σ score_i / divisor
* D_i = Σ ballots naming m / number of ballots counted (or the tally sheet's average)
* I_i = A_i × w.monthly + D_i × w.democratic
* base = Σ A_i × w.monthly, democratic = Σ D_i × w.democratic
* total = Σ I_i + adjustment

:func:`compute_points` writes every one of these as an integer numerator over an integer
denominator, once. The exact values are those fractions; the reported numbers are the same
fractions rounded half-up, once (``rounding: total``), or the items rounded first and the
total made of the rounded items (``rounding: items``). Nothing is computed twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ...model.rules import Rounding
from ...numbers import half_up as round_half_up
from ...numbers import round_ratio

ZERO = Fraction(0)

Value = int | Decimal
"""A score as read: a whole number as ``int``, anything else as an exact ``Decimal``."""


# --------------------------------------------------------------------------- numbers


def exact_sum(values: Iterable[Value | Fraction]) -> int | Fraction:
    """The exact sum: an ``int`` when every value is one, else a ``Fraction`` (a Decimal
    sum would round once it has more digits than the context's precision)."""
    values = tuple(values)
    total = sum(values)
    if type(total) is int:  # every value was an int: the sum is exact
        return total
    return sum((Fraction(v) for v in values), ZERO)


def exact_text(value: Fraction | Value, places: int = 8) -> str:
    """An exact value as a decimal: all its digits when it terminates (94.995), else the
    first ``places`` decimals followed by an ellipsis (94.41666666…)."""
    value = Fraction(value)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    if den == 1:
        digits = ""
        while rest:
            rest *= 10
            d, rest = divmod(rest, value.denominator)
            digits += str(d)
        return f"{sign}{whole}" + (f".{digits}" if digits else "")
    truncated = (rest * 10**places) // value.denominator
    return f"{sign}{whole}.{truncated:0{places}d}…"


def column_sums(rows: Iterable[Sequence[Value]], n: int) -> tuple[int | Fraction, ...]:
    """Σ of each item over the rows, exactly."""
    rows = list(rows)
    if not rows:
        return (0,) * n
    return tuple(exact_sum(col) for col in zip(*rows))


# --------------------------------------------------------------------------- points


def _fraction(num: int, den: int) -> int | Fraction:
    """``num / den`` exactly: an ``int`` when whole."""
    whole, rest = divmod(num, den)
    return whole if not rest else Fraction(num, den)


def _rounded(numerator: int, denominator: int, decimals: int) -> int:
    """numerator / denominator (denominator > 0) rounded half-up (half away from zero) to
    ``decimals`` places, as the integer of those places (9500 for 95.00)."""
    q, r = divmod(abs(numerator) * 10**decimals, denominator)
    if 2 * r >= denominator:
        q += 1
    return -q if numerator < 0 else q


@dataclass(frozen=True, slots=True)
class Points:
    """A scored member's year-end points, exact and rounded, from one computation.

    What it keeps are integers: Σ score_i = ``sum_nums[i] / sum_den`` over the counted
    months, Σ ballot_i = ``democratic_nums_raw[i] / democratic_raw_den`` over the ballots
    counted (``democratic_count``; the averages themselves for a tally sheet), and the
    rounded numbers as integers of ``decimals`` places. A_i = ``monthly_nums[i] /
    monthly_den``, D_i = ``democratic_nums[i] / democratic_den`` and I_i = ``item_nums[i] /
    den`` follow from them; the exact values (``monthly``, ``democratic_items``,
    ``items_exact``, ``base_exact``, ``democratic_exact``, ``total_exact``) are those
    fractions, and the rounded ones (``items``, ``base``, ``democratic``, ``adjustment``,
    ``total``) the same fractions rounded to the rules' decimals, once.
    """

    divisor: int
    sum_nums: tuple[int, ...]
    sum_den: int
    democratic_nums_raw: tuple[int, ...]
    democratic_raw_den: int
    democratic_count: int
    weights: tuple[Fraction, Fraction]
    adjustment_exact: Fraction
    rounding: Rounding
    decimals: int
    rounded: tuple[int, ...]
    """The items, then base, democratic, adjustment and total, in integers of ``decimals``
    places."""

    # ----------------------------------------------------------- the exact integers

    @property
    def sums(self) -> tuple[int | Fraction, ...]:
        """Σ over the counted months of each item."""
        return tuple(_fraction(x, self.sum_den) for x in self.sum_nums)

    @property
    def democratic_sums(self) -> tuple[int | Fraction, ...]:
        """Σ over the ballots counted for the member of each item (the averages themselves
        for a tally sheet); divided by ``democratic_count`` this is D_i."""
        return tuple(_fraction(x, self.democratic_raw_den) for x in self.democratic_nums_raw)

    @property
    def monthly_nums(self) -> tuple[int, ...]:
        return self.sum_nums if self.divisor else (0,) * len(self.sum_nums)

    @property
    def monthly_den(self) -> int:
        return self.sum_den * self.divisor if self.divisor else 1

    @property
    def democratic_nums(self) -> tuple[int, ...]:
        return self.democratic_nums_raw if self.democratic_count else (0,) * len(self.sum_nums)

    @property
    def democratic_den(self) -> int:
        return self.democratic_raw_den * self.democratic_count if self.democratic_count else 1

    @property
    def item_nums(self) -> tuple[int, ...]:
        """I_i × ``den``: (a·pm·ld + b·pd·lm) with lm = A's denominator × qm, ld = D's × qd."""
        (pm, qm), (pd, qd) = ((w.numerator, w.denominator) for w in self.weights)
        lm, ld = self.monthly_den * qm, self.democratic_den * qd
        return tuple(a * pm * ld + b * pd * lm for a, b in zip(self.monthly_nums, self.democratic_nums))

    @property
    def den(self) -> int:
        return self.monthly_den * self.weights[0].denominator * self.democratic_den * self.weights[1].denominator

    # ----------------------------------------------------------- the exact values

    @property
    def monthly(self) -> tuple[Fraction, ...]:
        """A_i = Σ item i over the counted months / divisor."""
        return tuple(Fraction(x, self.monthly_den) for x in self.monthly_nums)

    @property
    def democratic_items(self) -> tuple[Fraction, ...]:
        """D_i: the democratic evaluation's average of item i (0 without one)."""
        return tuple(Fraction(x, self.democratic_den) for x in self.democratic_nums)

    @property
    def items_exact(self) -> tuple[Fraction, ...]:
        """I_i = A_i × w.monthly + D_i × w.democratic."""
        den = self.den
        return tuple(Fraction(x, den) for x in self.item_nums)

    @property
    def base_exact(self) -> Fraction:
        return Fraction(sum(self.monthly_nums), self.monthly_den) * self.weights[0]

    @property
    def democratic_exact(self) -> Fraction:
        return Fraction(sum(self.democratic_nums), self.democratic_den) * self.weights[1]

    @property
    def total_exact(self) -> Fraction:
        return Fraction(sum(self.item_nums), self.den) + self.adjustment_exact

    # ----------------------------------------------------------- the rounded values

    def _decimal(self, k: int) -> Decimal:
        return Decimal(self.rounded[k]).scaleb(-self.decimals)

    @property
    def items(self) -> tuple[Decimal, ...]:
        return tuple(self._decimal(k) for k in range(len(self.sum_nums)))

    @property
    def base(self) -> Decimal:
        return self._decimal(-4)

    @property
    def democratic(self) -> Decimal:
        return self._decimal(-3)

    @property
    def adjustment(self) -> Decimal:
        return self._decimal(-2)

    @property
    def total(self) -> Decimal:
        return self._decimal(-1)

    @property
    def adds_up(self) -> bool:
        """Whether the displayed items and adjustment add up to the displayed total (they
        always do under ``rounding: items``; under ``total`` a card may be a cent off)."""
        r = self.rounded
        return sum(r[:-4]) + r[-2] == r[-1]


class Arithmetic:
    """:func:`compute_points` for one set of weights, decimals and rounding, many members:
    the denominators and factors of each combination of divisors met are worked out once,
    and an item of a non-negative numerator is rounded half-up by one integer division
    (⌊(2·x·10^d + den) / (2·den)⌋, which is ``_rounded`` for x ≥ 0)."""

    __slots__ = ("weights", "decimals", "rounding", "_pm", "_qm", "_pd", "_qd", "_factors")

    def __init__(self, weights: tuple[Fraction, Fraction], decimals: int, rounding: Rounding = Rounding.TOTAL) -> None:
        self.weights = weights
        self.decimals = decimals
        self.rounding = rounding
        (self._pm, self._qm), (self._pd, self._qd) = ((w.numerator, w.denominator) for w in weights)
        self._factors: dict[tuple[int, int], tuple[int, int, int, int, int, int, int]] = {}

    def _factor(self, a_den: int, d_den: int) -> tuple[int, int, int, int, int, int, int]:
        """(lm, ld, den, pm·ld, pd·lm, 2·10^d, 2·den) for A's and D's denominators."""
        found = self._factors.get((a_den, d_den))
        if found is None:
            lm, ld = a_den * self._qm, d_den * self._qd
            den = lm * ld
            found = (lm, ld, den, self._pm * ld, self._pd * lm, 2 * 10**self.decimals, 2 * den)
            self._factors[(a_den, d_den)] = found
        return found

    def rounded(
        self,
        sum_nums: Sequence[int],
        sum_den: int,
        divisor: int,
        democratic_nums: Sequence[int],
        democratic_den: int,
        democratic_count: int,
        adjustment: Fraction,
    ) -> tuple[int, ...]:
        """The reported numbers of one member (:attr:`Points.rounded`): the items, then
        base, democratic, adjustment and total, in integers of ``decimals`` places."""
        n = len(sum_nums)
        sn = sum_nums if divisor else (0,) * n
        tn = democratic_nums if democratic_count else (0,) * n
        a_den = sum_den * divisor if divisor else 1
        d_den = democratic_den * democratic_count if democratic_count else 1
        lm, ld, den, cm, cd, two_places, two_den = self._factor(a_den, d_den)
        nums = [a * cm + b * cd for a, b in zip(sn, tn)]
        d = self.decimals
        if nums and min(nums) >= 0:
            items = [(x * two_places + den) // two_den for x in nums]
        else:
            items = [_rounded(x, den, d) for x in nums]
        an, ad = adjustment.numerator, adjustment.denominator
        adjustment_r = an * 10**d if ad == 1 else _rounded(an, ad, d)
        if self.rounding is Rounding.ITEMS:
            pm, pd = self._pm, self._pd
            total = sum(items) + adjustment_r
            base = sum(_rounded(a * pm, lm, d) for a in sn)
            democratic = sum(_rounded(b * pd, ld, d) for b in tn)
        else:
            total = _rounded(sum(nums) * ad + an * den, den * ad, d)
            base = _rounded(sum(sn) * self._pm, lm, d)
            democratic = _rounded(sum(tn) * self._pd, ld, d)
        return (*items, base, democratic, adjustment_r, total)

    def rounded_many(
        self, many: Sequence[tuple[Sequence[int], int, int, Sequence[int], int, int, Fraction]]
    ) -> list[tuple[int, ...]]:
        """:meth:`rounded` of many members (each the arguments of :meth:`rounded`), the
        same numbers. Members with months, an evaluation and no adjustment (nearly all) are
        taken in groups of equal denominators, each group's items in one pass over its
        cells: with non-negative numerators every half-up rounding is one floor division,
        and a member's total is the rounding of (Σ sn)·pm·ld + (Σ tn)·pd·lm over the
        common denominator. The rest one by one."""
        out: list[tuple[int, ...] | None] = [None] * len(many)
        groups: dict[tuple[int, int], list[int]] = {}
        simple = self.rounding is Rounding.TOTAL and self._pm >= 0 and self._pd >= 0
        for j, (sn, sd, divisor, tn, td, count, adjustment) in enumerate(many):
            if simple and divisor and count and not adjustment:
                groups.setdefault((sd * divisor, td * count), []).append(j)
            else:
                out[j] = self.rounded(sn, sd, divisor, tn, td, count, adjustment)
        for (a_den, d_den), js in groups.items():
            sums = [x for j in js for x in many[j][0]]
            democratic = [x for j in js for x in many[j][3]]
            if (sums and min(sums) < 0) or (democratic and min(democratic) < 0) or len(sums) != len(democratic):
                for j in js:
                    out[j] = self.rounded(*many[j])
                continue
            lm, ld, den, cm, cd, two_places, two_den = self._factor(a_den, d_den)
            items = [((a * cm + b * cd) * two_places + den) // two_den for a, b in zip(sums, democratic)]
            n = len(sums) // len(js) if js else 0
            pm_places, pd_places = self._pm * two_places, self._pd * two_places
            for k, j in enumerate(js):
                s, t = sum(many[j][0]), sum(many[j][3])
                out[j] = (
                    *items[k * n : (k + 1) * n],
                    (s * pm_places + lm) // (2 * lm),
                    (t * pd_places + ld) // (2 * ld),
                    0,
                    ((s * cm + t * cd) * two_places + den) // two_den,
                )
        return out  # type: ignore[return-value]  # every member was given its numbers

    def points(
        self,
        sum_nums: Sequence[int],
        sum_den: int,
        divisor: int,
        democratic_nums: Sequence[int],
        democratic_den: int,
        democratic_count: int,
        adjustment: Fraction,
        rounded: tuple[int, ...] | None = None,
    ) -> Points:
        """The points of one member (see :func:`compute_points`); ``rounded``: what
        :meth:`rounded` gave for the same numbers, when already known."""
        if rounded is None:
            rounded = self.rounded(sum_nums, sum_den, divisor, democratic_nums, democratic_den, democratic_count, adjustment)
        return Points(
            divisor,
            tuple(sum_nums),
            sum_den,
            tuple(democratic_nums),
            democratic_den,
            democratic_count,
            self.weights,
            adjustment,
            self.rounding,
            self.decimals,
            rounded,
        )


def compute_points(
    sum_nums: Sequence[int],
    sum_den: int,
    divisor: int,
    democratic_nums: Sequence[int],
    democratic_den: int,
    democratic_count: int,
    weights: tuple[Fraction, Fraction],
    adjustment: Fraction,
    decimals: int,
    rounding: Rounding = Rounding.TOTAL,
) -> Points:
    """The points of one member (see the module's formulas), in integers: with
    Σ score_i = sn_i / sd, A_i = sn_i / (sd·divisor), D_i = tn_i / (td·count) and the
    weights pm/qm, pd/qd, I_i = (sn_i·pm·ld + tn_i·pd·lm) / (lm·ld) where lm = sd·divisor·qm,
    ld = td·count·qd; each reported number is one such ratio rounded once. Many members:
    :class:`Arithmetic`."""
    return Arithmetic(weights, decimals, rounding).points(
        sum_nums, sum_den, divisor, democratic_nums, democratic_den, democratic_count, adjustment
    )


__all__ = [
    "Arithmetic",
    "Points",
    "Value",
    "column_sums",
    "compute_points",
    "exact_sum",
    "exact_text",
    "round_half_up",
    "round_ratio",
]
