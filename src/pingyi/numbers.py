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
