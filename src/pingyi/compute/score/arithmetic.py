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

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ...model.rules import Rounding

ZERO = Fraction(0)

Value = int | Decimal
"""A score as read: a whole number as ``int``, anything else as an exact ``Decimal``."""


# --------------------------------------------------------------------------- numbers


def round_half_up(value: Fraction | Decimal | int, decimals: int) -> Decimal:
    """Round an exact value once, half away from zero (四舍五入), to ``decimals`` places.

    ``round_half_up(Fraction("94.995"), 2) == Decimal("95.00")``."""
    value = Fraction(value)
    return round_ratio(value.numerator, value.denominator, decimals)


def round_ratio(numerator: int, denominator: int, decimals: int) -> Decimal:
    """numerator / denominator (denominator > 0) rounded half-up to ``decimals`` places,
    in integer arithmetic."""
    q, r = divmod(abs(numerator) * 10**decimals, denominator)
    if 2 * r >= denominator:
        q += 1
    digits = str(q)
    if decimals:
        digits = digits.rjust(decimals + 1, "0")
        digits = f"{digits[:-decimals]}.{digits[-decimals:]}"
    return Decimal(f"-{digits}" if numerator < 0 and q else digits)


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


def _common(values: tuple[Value | Fraction, ...]) -> tuple[tuple[int, ...], int]:
    """Integer numerators over one common denominator (exact: ``as_integer_ratio``)."""
    if all(type(v) is int for v in values):
        return values, 1  # type: ignore[return-value]
    ratios = [v.as_integer_ratio() for v in values]
    den = math.lcm(*(r[1] for r in ratios))
    return tuple(num * (den // d) for num, d in ratios), den


# --------------------------------------------------------------------------- points


@dataclass(frozen=True, slots=True)
class Points:
    """A scored member's year-end points, exact and rounded, from one computation.

    A_i = ``monthly_nums[i] / monthly_den``, D_i = ``democratic_nums[i] / democratic_den``
    and I_i = ``item_nums[i] / den`` are the integers :func:`compute_points` worked out;
    the exact values (``monthly``, ``democratic_items``, ``items_exact``, ``base_exact``,
    ``democratic_exact``, ``total_exact``) are those fractions, and the rounded ones
    (``items``, ``base``, ``democratic``, ``adjustment``, ``total``) the same fractions
    rounded to the rules' decimals.
    """

    divisor: int
    sums: tuple[int | Fraction, ...]
    """Σ over the counted months of each item."""
    democratic_sums: tuple[Value | Fraction, ...]
    """Σ over the ballots counted for the member of each item (the averages themselves for
    a tally sheet); divided by ``democratic_count`` this is D_i."""
    democratic_count: int
    weights: tuple[Fraction, Fraction]
    adjustment_exact: Fraction
    rounding: Rounding
    monthly_nums: tuple[int, ...]
    monthly_den: int
    democratic_nums: tuple[int, ...]
    democratic_den: int
    item_nums: tuple[int, ...]
    den: int
    items: tuple[Decimal, ...]
    base: Decimal
    democratic: Decimal
    adjustment: Decimal
    total: Decimal

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
        return tuple(Fraction(x, self.den) for x in self.item_nums)

    @property
    def base_exact(self) -> Fraction:
        return Fraction(sum(self.monthly_nums), self.monthly_den) * self.weights[0]

    @property
    def democratic_exact(self) -> Fraction:
        return Fraction(sum(self.democratic_nums), self.democratic_den) * self.weights[1]

    @property
    def total_exact(self) -> Fraction:
        return Fraction(sum(self.item_nums), self.den) + self.adjustment_exact

    @property
    def adds_up(self) -> bool:
        """Whether the displayed items and adjustment add up to the displayed total (they
        always do under ``rounding: items``; under ``total`` a card may be a cent off)."""
        return sum(self.items, Decimal(0)) + self.adjustment == self.total


def compute_points(
    sums: tuple[int | Fraction, ...],
    divisor: int,
    democratic_sums: tuple[Value | Fraction, ...],
    democratic_count: int,
    weights: tuple[Fraction, Fraction],
    adjustment: Fraction,
    decimals: int,
    rounding: Rounding = Rounding.TOTAL,
) -> Points:
    """The points of one member (see the module's formulas), in integers: with
    A_i = sn_i / (sd·divisor), D_i = tn_i / (td·count) and the weights pm/qm, pd/qd,
    I_i = (sn_i·pm·ld + tn_i·pd·lm) / (lm·ld) where lm = sd·divisor·qm, ld = td·count·qd."""
    n = len(sums)
    (pm, qm), (pd, qd) = ((w.numerator, w.denominator) for w in weights)
    sn, sd = _common(sums) if divisor else ((0,) * n, 1)
    tn, td = _common(democratic_sums) if democratic_count else ((0,) * n, 1)
    a_den = sd * (divisor or 1)
    d_den = td * (democratic_count or 1)
    lm, ld = a_den * qm, d_den * qd
    den = lm * ld
    nums = tuple(a * pm * ld + b * pd * lm for a, b in zip(sn, tn))
    an, ad = adjustment.numerator, adjustment.denominator
    d = decimals
    items = tuple(round_ratio(x, den, d) for x in nums)
    adjustment_r = round_ratio(an, ad, d)
    if rounding is Rounding.ITEMS:
        total = sum(items, Decimal(0)) + adjustment_r
        base = sum((round_ratio(a * pm, lm, d) for a in sn), Decimal(0))
        democratic = sum((round_ratio(b * pd, ld, d) for b in tn), Decimal(0))
    else:
        total = round_ratio(sum(nums) * ad + an * den, den * ad, d)
        base = round_ratio(sum(sn) * pm, lm, d)
        democratic = round_ratio(sum(tn) * pd, ld, d)
    return Points(
        divisor=divisor,
        sums=sums,
        democratic_sums=democratic_sums,
        democratic_count=democratic_count,
        weights=weights,
        adjustment_exact=adjustment,
        rounding=rounding,
        monthly_nums=tuple(sn),
        monthly_den=a_den,
        democratic_nums=tuple(tn),
        democratic_den=d_den,
        item_nums=nums,
        den=den,
        items=items,
        base=base,
        democratic=democratic,
        adjustment=adjustment_r,
        total=total,
    )


__all__ = [
    "Points",
    "Value",
    "column_sums",
    "compute_points",
    "exact_sum",
    "exact_text",
    "round_half_up",
    "round_ratio",
]
