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
    """``value`` rounded half away from zero to ``places`` decimals, exactly."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    value = Fraction(value)
    scale = 10**places
    n, d = value.numerator * scale, value.denominator
    q = (2 * abs(n) + d) // (2 * d)
    return Decimal(-q if n < 0 else q).scaleb(-places)


def rate4(rate: Fraction | None) -> Decimal | None:
    """A rate for JSON: 0..1 with 4 decimals, half-up from the exact value; ``None`` stays
    ``None``."""
    return None if rate is None else half_up(rate, 4)


__all__ = ["half_up", "rate4", "ratio"]
