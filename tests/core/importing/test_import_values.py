"""Cell parsers: codes stay text, money is exact, dates are never guessed silently."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.importing.errors import ValueProblem
from desktop.importing.values import (
    cell_to_text,
    column_is_text,
    detect_date_order,
    floats_to_decimals,
    infer_column_type,
    is_empty,
    parse_amount,
    parse_bool,
    parse_code,
    parse_date,
    parse_percent,
    parse_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00123", "00123"),
        (" 00123 ", "00123"),
        ("００１２３", "00123"),
        (123.0, "123"),
        (123, "123"),
        (6901234567890.0, "6901234567890"),
        ("6.90123456789E+12", "6901234567890"),
        ("6.90123456789e+12", "6901234567890"),
        ("1E3", "1E3"),
        ("A-001", "A-001"),
        (12.5, "12.5"),
        (None, None),
        ("", None),
        ("—", None),
    ],
)
def test_parse_code(raw: object, expected: str | None) -> None:
    assert parse_code(raw) == expected


@pytest.mark.parametrize("raw", ["6.90123E+12", 1.23456789012345e17, "1.2E+3"])
def test_parse_code_refuses_lost_digits(raw: object) -> None:
    with pytest.raises(ValueProblem) as exc:
        parse_code(raw)
    assert "15" in exc.value.message_zh


def test_parse_code_refuses_excel_made_dates() -> None:
    with pytest.raises(ValueProblem, match="date"):
        parse_code(datetime(2023, 1, 2))


@given(st.integers(min_value=0, max_value=10**14))
def test_parse_code_float_round_trip(n: int) -> None:
    assert parse_code(float(n)) == str(n)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_parse_code_digit_text_is_kept(digits: str) -> None:
    assert parse_code(digits) == digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¥1,234.50", Decimal("1234.5")),
        ("￥1，234.50", Decimal("1234.5")),
        ("$ 12", Decimal("12")),
        ("RMB 1 234.5", Decimal("1234.5")),
        ("1234元", Decimal("1234")),
        ("(12.30)", Decimal("-12.3")),
        ("（12.30）", Decimal("-12.3")),
        ("12.3-", Decimal("-12.3")),
        ("-12.3", Decimal("-12.3")),
        ("−5", Decimal("-5")),
        ("1.5万", Decimal("15000")),
        ("1.5万元", Decimal("15000")),
        ("2亿", Decimal("200000000")),
        ("1.234.567,89", Decimal("1234567.89")),
        (12.300000000000001, Decimal("12.3")),
        (0.1 + 0.2, Decimal("0.3")),
        (33.599999999999994, Decimal("33.6")),
        (100, Decimal("100")),
        (1e10, Decimal("10000000000")),
        ("NA", None),
        (None, None),
    ],
)
def test_parse_amount(raw: object, expected: Decimal | None) -> None:
    result = parse_amount(raw)
    assert result == expected
    if result is not None:
        assert "E" not in str(result)


@pytest.mark.parametrize("raw", ["abc", "12,34", "1.2.3", True, "5%", "--5"])
def test_parse_amount_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_amount(raw)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_parse_amount_round_trips_formatted_text(d: Decimal) -> None:
    text = f"¥{d:,.2f}"
    assert parse_amount(text) == d
    assert parse_amount(f"{abs(d):,.2f}-") == -abs(d)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_parse_amount_round_trips_excel_floats(d: Decimal) -> None:
    assert parse_amount(float(d)) == d


_COLUMN_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-(10**12), max_value=10**12, places=2).map(float),
    st.integers(-(10**16), 10**16).map(float),
    st.floats(min_value=-1e-6, max_value=1e-6),
    st.sampled_from([0.0, -0.0, 1e15, -1e15, 999999999999999.9, 0.1 + 0.2, 1 / 3, 12.0]),
)


@given(st.lists(_COLUMN_FLOATS, max_size=30))
def test_a_column_of_floats_parses_as_each_float_does(values: list[float]) -> None:
    """The whole-column shortcut gives parse_amount's answer for every value, or declines."""
    values = list(dict.fromkeys(values))
    at_once = floats_to_decimals(values)
    if at_once is None:
        return
    one_by_one = [parse_amount(v) for v in values]
    assert at_once == one_by_one
    assert [str(d) for d in at_once] == [str(d) for d in one_by_one]  # same exponents too


@given(st.lists(st.decimals(min_value=-(10**12), max_value=10**12, places=2), min_size=1))
def test_ordinary_prices_take_the_column_shortcut(values: list[Decimal]) -> None:
    floats = [float(d) for d in values if d]
    assert floats_to_decimals(floats) == [parse_amount(f) for f in floats]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2023, 5, 6), date(2023, 5, 6)),
        (datetime(2023, 5, 6, 10, 30), date(2023, 5, 6)),
        (45052, date(2023, 5, 6)),
        (45052.75, date(2023, 5, 6)),
        (25180.0, date(1968, 12, 8)),
        ("2023-05-06", date(2023, 5, 6)),
        ("2023/5/6", date(2023, 5, 6)),
        ("2023.5.6", date(2023, 5, 6)),
        ("2023年5月6日", date(2023, 5, 6)),
        ("2023 年 5 月 6 日", date(2023, 5, 6)),
        ("20230506", date(2023, 5, 6)),
        (20230506, date(2023, 5, 6)),
        ("2018-01-01 星期五", date(2018, 1, 1)),
        ("2018-01-01（周一）", date(2018, 1, 1)),
        ("2020-1-1 1:01", date(2020, 1, 1)),
        ("2020/1/1 1:01 上午", date(2020, 1, 1)),
        ("2023-05-06T08:00:00", date(2023, 5, 6)),
        ("25/12/2023", date(2023, 12, 25)),
        ("12/25/2023", date(2023, 12, 25)),
        ("5-Jan-2020", date(2020, 1, 5)),
        ("", None),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


def test_parse_date_ambiguous_needs_an_order() -> None:
    with pytest.raises(ValueProblem, match="ambiguous"):
        parse_date("05-06-23")
    assert parse_date("05-06-23", "year_first") == date(2005, 6, 23)
    assert parse_date("05-06-23", "day_first") == date(2023, 6, 5)
    assert parse_date("05-06-23", "month_first") == date(2023, 5, 6)
    with pytest.raises(ValueProblem):
        parse_date("5/6/2023")
    assert parse_date("5/6/2023", "day_first") == date(2023, 6, 5)


@pytest.mark.parametrize("raw", ["2023-02-30", "hello", "13/13/2023", True, 0])
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_date(raw)


def test_detect_date_order() -> None:
    assert detect_date_order(["05-06-23", "23-02-31"]) == ["day_first"]
    assert detect_date_order(["05-06-2023", "25-12-2023"]) == ["day_first"]
    assert detect_date_order(["12/25/23", "01/02/23"]) == ["month_first"]
    assert detect_date_order(["05-06-23", "07-08-23"]) == ["year_first", "day_first", "month_first"]
    assert detect_date_order(["2023-05-06", date(2023, 1, 1), None]) == list(
        ("year_first", "day_first", "month_first")
    )
    assert detect_date_order(["not a date"]) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13%", Decimal("0.13")),
        ("13 ％", Decimal("0.13")),
        (0.13, Decimal("0.13")),
        (13, Decimal("0.13")),
        ("13", Decimal("0.13")),
        (7.0, Decimal("0.07")),
        (0, Decimal("0")),
        ("5‰", Decimal("0.005")),
        (None, None),
    ],
)
def test_parse_percent(raw: object, expected: Decimal | None) -> None:
    assert parse_percent(raw) == expected


def test_parse_percent_outside_rate_column_keeps_number() -> None:
    assert parse_percent(13, rate_column=False) == Decimal("13")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("yes", True),
        ("FALSE", False),
        (1, True),
        (0.0, False),
        ("√", True),
        ("×", False),
        (True, True),
        ("MISSING", None),
        ("", None),
    ],
)
def test_parse_bool(raw: object, expected: bool | None) -> None:
    assert parse_bool(raw) is expected


def test_parse_bool_rejects() -> None:
    with pytest.raises(ValueProblem):
        parse_bool("maybe")


@pytest.mark.parametrize(
    "raw", ["", "  ", "NA", "n/a", "N/A", "空", "无", "-", "—", "——", "MISSING", None]
)
def test_is_empty(raw: object) -> None:
    assert is_empty(raw)


@pytest.mark.parametrize("raw", ["0", 0, "a", False, "无锡"])
def test_is_not_empty(raw: object) -> None:
    assert not is_empty(raw)


def test_column_is_text() -> None:
    assert column_is_text(["12209", "05021", 12345.0])
    assert column_is_text(["WA1 1DP", 98122.0])
    assert not column_is_text([1.0, "2", 3, None, "NA"])
    assert infer_column_type([1.0, 2]) == "number"
    assert infer_column_type(["a", 2]) == "text"
    assert infer_column_type([date(2020, 1, 1), None]) == "date"
    assert infer_column_type([None, ""]) == "empty"


def test_text_rendering() -> None:
    assert cell_to_text(13000000000.0) == "13000000000"
    assert cell_to_text(datetime(2020, 1, 1)) == "2020-01-01"
    assert parse_text("  张三五金  ") == "张三五金"
    assert parse_text(2001.0) == "2001"
    assert parse_text("   ") is None


@pytest.mark.parametrize(
    "text", ["00123", "NA", "na", "None", "missing", "A1", "X00001", "6E12", "nil", "abc"]
)
def test_plain_ascii_codes_take_the_short_way_with_the_same_answer(text: str) -> None:
    """Plain letters-and-digits codes skip trimming and folding; the answer must be the
    one the full path gives (placeholders such as NA still mean empty)."""
    from desktop.importing import values

    full = values.parse_code(" " + text + " ")  # spaces force the full path
    assert values.parse_code(text) == full


def _amount_by_rounding(value: float) -> Decimal:
    """The float reading as it was first written: round to 10 places, then the text."""
    r = round(value, 10)
    if r.is_integer():
        return Decimal(int(r))
    return Decimal(repr(r))


@given(
    st.one_of(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, exclude_min=True),
        st.integers(-(10**9), 10**9).map(lambda n: n / 100),
        st.integers(-(10**12), 10**12).map(lambda n: n / 10**6),
    )
)
def test_float_amounts_read_as_before(value: float) -> None:
    """The quicker reading of float cells (their shortest text) gives exactly what
    rounding to 10 places gave, exponent included."""
    r = round(value, 10)
    if not r or value in (1e15, -1e15) or "e" in repr(r):
        return  # not a quick reading, then or now
    got, want = parse_amount(value), _amount_by_rounding(value)
    assert got == want and str(got) == str(want)


def test_cell_problems_leave_no_garbage_behind() -> None:
    """A big import pauses the cyclic garbage collector: a cell's problem must not hold its
    column's whole parse (through the traceback's frames) until the collector runs."""
    import gc

    from desktop.importing.header import DataRow
    from desktop.importing.mapping import Mapping
    from desktop.importing.rows import FieldSpec, parse_columns

    fields = (FieldSpec("qty", "amount", "数量", "Quantity"),)
    rows = [DataRow(i + 2, [v]) for i, v in enumerate([1.5, "abc", 2, "x?", 3])]
    mapping = Mapping("sales_history", {"qty": 0}, ["数量"])
    parse_columns(rows, mapping, fields)  # first use: what it imports is not the point here
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage to look at
    try:
        parsed = parse_columns(rows, mapping, fields)
        assert sorted(parsed.problems) == [1, 3]
        gc.collect()
        # only this parse's leftovers count: a thread another test left running (a server,
        # a sync engine) may make garbage of its own while the collector is paused
        frames = [
            o
            for o in gc.garbage
            if type(o).__name__ == "frame" and "desktop/importing" in o.f_code.co_filename
        ]
        assert frames == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_rows_with_the_same_problem_share_it() -> None:
    """A big file with one problem on many lines keeps its texts once."""
    from desktop.importing.rows import Row

    rows = [Row(i, {}) for i in range(3)]
    for row in rows:
        row.fail("找不到客户“甲”。", "No customer '甲'.", 3, "party")
    rows[2].fail("找不到商品“乙”。", "No product '乙'.", 5, "product")
    assert rows[0].errors[0] is rows[1].errors[0] is rows[2].errors[0]
    assert rows[2].errors[1] is not rows[0].errors[0]
    assert rows[1].reason() == "找不到客户“甲”。"
