"""The preview's "read as" beside a raw value: shown only when the reading differs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from desktop.importing.read_as import read_as


def test_same_value_shows_nothing_more() -> None:
    assert read_as("12.50", Decimal("12.5")) is None
    assert read_as(12.5, Decimal("12.5")) is None
    assert read_as("张三五金", "张三五金") is None
    assert read_as(datetime(2024, 1, 5), date(2024, 1, 5)) is None
    assert read_as("x", None) is None


def test_a_different_reading_is_shown() -> None:
    assert read_as("2024/1/5", date(2024, 1, 5)) == "2024-01-05"
    assert read_as("1,234.5", Decimal("1234.5")) == "1234.5"
    assert read_as("¥1,200", Decimal("1200")) == "1200"
    assert read_as("00123.0", "00123") == "00123"
    assert read_as(" 张三 ", "张三") is None  # spaces around are not a different reading
    assert read_as("13%", Decimal("0.13")) == "0.13"
