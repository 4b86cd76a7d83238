"""Numbers and rounding, in one place: exact ratios, and half-up rounding done once.

Computations keep exact values (:class:`~fractions.Fraction`, :class:`~decimal.Decimal`,
integers); a value is rounded only when it is shown or written, half away from zero
(四舍五入), from the exact value.

This module imports nothing of pingyi: every layer may use it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def ratio(part: int, whole: int) -> Fraction | None:
    """``part / whole`` exactly; ``None`` when ``whole`` is 0 (nothing to count)."""
    return None if whole == 0 else Fraction(part, whole)


def half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded once, half away from zero (四舍五入), to ``places`` decimals,
    exactly: ``half_up(Fraction("94.995"), 2) == Decimal("95.00")``. The one rounding of
    pingyi: scores, rates and shares are all shown through it."""
    if isinstance(value, Decimal):
        shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return shown.copy_abs() if not shown else shown  # never "-0.00"
    value = Fraction(value)
    return round_ratio(value.numerator, value.denominator, places)


def round_ratio(numerator: int, denominator: int, places: int) -> Decimal:
    """``numerator / denominator`` (``denominator > 0``) rounded half away from zero to
    ``places`` decimals, in integer arithmetic (the score report's fast path)."""
    q, r = divmod(abs(numerator) * 10**places, denominator)
    if 2 * r >= denominator:
        q += 1
    digits = str(q)
    if places:
        digits = digits.rjust(places + 1, "0")
        digits = f"{digits[:-places]}.{digits[-places:]}"
    return Decimal(f"-{digits}" if numerator < 0 and q else digits)


def rate4(rate: Fraction | None) -> Decimal | None:
    """A rate for JSON: 0..1 with 4 decimals, half-up from the exact value; ``None`` stays
    ``None``."""
    return None if rate is None else half_up(rate, 4)


__all__ = ["half_up", "rate4", "ratio", "round_ratio"]


class ShownPoints:
    """The numbers of a member's points as they are shown, made from the integers they were
    rounded to: ``rounded`` holds the items, then base, democratic, adjustment and total in
    units of ``10**-places`` (None for an exempt member), and :meth:`_places` says how many
    places (None: nothing to show). Shared by the score report and the workbook's rows;
    each Decimal is made only when asked for."""

    __slots__ = ()

    rounded: tuple[int, ...] | None

    def _places(self) -> int | None:
        raise NotImplementedError

    def _shown(self, k: int) -> Decimal | None:
        places = self._places()
        if self.rounded is None or places is None:
            return None
        return Decimal(self.rounded[k]).scaleb(-places)

    @property
    def items(self) -> tuple[Decimal, ...] | None:
        places = self._places()
        if self.rounded is None or places is None:
            return None
        return tuple(Decimal(q).scaleb(-places) for q in self.rounded[:-4])

    @property
    def base(self) -> Decimal | None:
        return self._shown(-4)

    @property
    def democratic(self) -> Decimal | None:
        return self._shown(-3)

    @property
    def adjustment(self) -> Decimal | None:
        return self._shown(-2)

    @property
    def total(self) -> Decimal | None:
        return self._shown(-1)
