"""Money: Decimal amounts with at most four decimals, currencies, ``Money`` values."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from custreg.domain.values import Money
from custreg.testing.strategies.primitives import CURRENCIES


@st.composite
def amounts(
    draw: st.DrawFn, min_value: Decimal | int | None = None, max_value: Decimal | int | None = None
) -> Decimal:
    """Exact decimals with 0-4 places, below 10^14 in size (what Money keeps exactly).

    The exponent varies (``Decimal("1.50")`` and ``Decimal("1.5")`` both occur), so adapters are
    checked to keep amounts, not just their value.
    """
    places = draw(st.integers(0, 4))
    bound = 10 ** (14 + places) - 1
    scale = Decimal(10) ** places
    low = -bound if min_value is None else max(-bound, int(Decimal(min_value) * scale))
    high = bound if max_value is None else min(bound, int(Decimal(max_value) * scale))
    return Decimal(draw(st.integers(low, high))).scaleb(-places)


def currencies() -> st.SearchStrategy[str]:
    """One of the currency codes of ``CURRENCIES``."""
    return st.sampled_from(CURRENCIES)


def money(
    currency: str | None = None,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (or a random one)."""
    code = st.just(currency) if currency else currencies()
    return st.builds(Money, amounts(min_value, max_value), code)
