"""The rounding policy and exact storage."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.models.types import ScaledDecimal
from desktop.money import fmt_money, fmt_qty, line_amounts, line_cents, round_money, to_decimal


def test_half_up_to_the_fen() -> None:
    assert round_money(D("0.005")) == D("0.01")
    assert round_money(D("-0.005")) == D("-0.01")
    assert round_money(D("2.675")) == D("2.68")  # a float would give 2.67


def test_tax_included_line_splits_exactly() -> None:
    a = line_amounts(D(3), D("33.33"), D("0.13"))
    assert (a.total, a.net, a.tax) == (D("99.99"), D("88.49"), D("11.50"))
    assert a.net + a.tax == a.total


def test_tax_excluded_line_and_discount() -> None:
    a = line_amounts(D(10), D("9.99"), D("0.13"), D("0.05"), prices_include_tax=False)
    # 99.90 less 5% = 94.905 → 94.91 (half up); the discount is what that took off
    assert a.discount == D("4.99")
    assert (a.net, a.tax, a.total) == (D("94.91"), D("12.34"), D("107.25"))


@given(
    st.decimals(min_value=-10000, max_value=10000, places=4),
    st.decimals(min_value=0, max_value=100000, places=6),
    st.sampled_from([D(0), D("0.03"), D("0.09"), D("0.13")]),
    st.booleans(),
)
def test_lines_always_reconcile_and_negate(qty, price, rate, incl) -> None:
    a = line_amounts(qty, price, rate, D(0), incl)
    assert a.net + a.tax == a.total
    b = line_amounts(-qty, price, rate, D(0), incl)
    assert (b.net, b.tax, b.total) == (-a.net, -a.tax, -a.total)


def test_scaled_storage_is_exact_and_refuses_extra_decimals() -> None:
    money = ScaledDecimal(2)
    assert money.process_bind_param(D("12345678901.23"), None) == 1234567890123
    assert money.process_result_value(1234567890123, None) == D("12345678901.23")
    with pytest.raises(ValueError):
        money.process_bind_param(D("0.001"), None)


def test_formatting_and_parsing() -> None:
    assert fmt_money(D("1234567.5")) == "1,234,567.50"
    assert fmt_qty(D("24.0000")) == "24" and fmt_qty(D("1.5000")) == "1.5"
    assert to_decimal(0.1) == D("0.1") and to_decimal("1,200.50") == D("1200.50")
    with pytest.raises(ValueError):
        to_decimal("abc")


@settings(max_examples=400, deadline=None)
@given(
    qty4=st.integers(-(10**10), 10**10),
    price6=st.integers(0, 10**13),
    rate6=st.sampled_from([0, 10_000, 30_000, 60_000, 90_000, 130_000, 170_000, 123_457]),
)
def test_line_cents_equals_decimal_line_amounts(qty4: int, price6: int, rate6: int) -> None:
    """The integer path of bulk imports gives the Decimal policy's figures, fen for fen."""
    figures = line_amounts(D(qty4).scaleb(-4), D(price6).scaleb(-6), D(rate6).scaleb(-6))
    net, tax, total = line_cents(qty4, price6, rate6)
    assert (D(net).scaleb(-2), D(tax).scaleb(-2), D(total).scaleb(-2)) == (
        figures.net,
        figures.tax,
        figures.total,
    )


def test_line_cents_half_up_away_from_zero() -> None:
    assert line_cents(10_000, 5_000, 0) == (1, 0, 1)  # 1 × 0.005 → 0.01
    assert line_cents(-10_000, 5_000, 0) == (-1, 0, -1)
    assert line_cents(30_000, 33_330_000, 130_000) == (8849, 1150, 9999)
