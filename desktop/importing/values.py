"""Pure parsers that turn one spreadsheet cell into the value a ledger field needs.

Each parser returns the value (None for an empty cell, so the caller decides what is required)
or raises ``ValueProblem`` with a message a clerk understands.  Codes stay text ("00123" is
never 123), money is Decimal (never float), and nothing is guessed silently: an ambiguous date
or a barcode whose digits Excel already lost is reported, not invented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, NamedTuple

from desktop.importing.errors import ValueProblem

DateOrder = Literal["year_first", "day_first", "month_first"]
DATE_ORDERS: tuple[DateOrder, ...] = ("year_first", "day_first", "month_first")

EMPTY_TOKENS = frozenset(
    {"", "na", "n/a", "#n/a", "null", "none", "nil", "空", "无", "-", "--", "—", "——", "missing"}
)
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31


def _half_width(s: str) -> str:
    return s.translate(_FULLWIDTH)


def _clean(s: str) -> str:
    """Half-width, trimmed text (NBSP and ideographic spaces count as spaces)."""
    return _half_width(s).replace("\u00a0", " ").strip()


def blank_to_none(cells: list[Any]) -> list[Any]:
    """A row as the importer sees it: blank text cells (empty or spaces only) become None,
    and empty cells at the end are dropped."""
    cells = [None if v.__class__ is str and not v.strip() else v for v in cells]
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    del cells[end:]
    return cells


def is_empty(value: Any) -> bool:
    """True for None, blank text and the placeholders people type for "nothing"."""
    if value is None:
        return True
    if isinstance(value, str):
        return _clean(value).lower() in EMPTY_TOKENS
    return isinstance(value, float) and math.isnan(value)


def _tidy(d: Decimal) -> Decimal:
    """Drop trailing zeros without ever producing exponent notation for whole numbers."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def float_to_decimal(x: float) -> Decimal:
    """Excel's binary float as the decimal the user typed: 12.300000000000001 → 12.3."""
    if math.isnan(x) or math.isinf(x):
        raise ValueProblem("不是有效的数字。", "Not a valid number.")
    return _tidy(Decimal(repr(round(x, 10))))


def cell_to_text(value: Any) -> str:
    """A cell as the text the user sees: 123.0 → "123", dates in ISO form, None → ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return format(float_to_decimal(value), "f")
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        total = int(value.total_seconds())
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return str(value)


# --- codes and text -------------------------------------------------------------------------

_EXCEL_SCI = re.compile(r"^([0-9])\.([0-9]+)E\+([0-9]{1,2})$", re.IGNORECASE)


def parse_code(value: Any) -> str | None:
    """A code or barcode as exact text: "00123" stays, 123.0 → "123", 6.9E+12 → all digits."""
    if value.__class__ is str and value.isascii() and value.isalnum():
        # the common case: nothing to trim or fold, and no scientific notation (no "." or "+")
        return None if value.lower() in EMPTY_TOKENS else value
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("编码不能是“是/否”值。", "A code cannot be a yes/no value.")
    if isinstance(value, datetime | date):
        raise ValueProblem(
            f"编码被 Excel 自动变成了日期（{cell_to_text(value)}）。请把该列设为文本格式后重新输入。",
            f"Excel turned this code into a date ({cell_to_text(value)}). Format the column as "
            "Text and type the code again.",
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if abs(value) >= 1e15:
            raise _lost_digits(cell_to_text(value))
        return cell_to_text(value)
    text = _clean(str(value))
    m = _EXCEL_SCI.match(text)
    if m:
        mantissa_digits = len(m.group(1) + m.group(2).rstrip("0"))
        total_digits = int(m.group(3)) + 1
        if total_digits - mantissa_digits > 1 or total_digits > 15:
            raise _lost_digits(text)
        return format(Decimal(text).quantize(Decimal(1)), "f")
    return text


def _lost_digits(shown: str) -> ValueProblem:
    return ValueProblem(
        f"编码“{shown}”是科学计数法或超过 15 位的数字，Excel 已丢失部分位数。请把该列设为文本格式后"
        "重新输入完整编码。",
        f"The code '{shown}' is in scientific notation or longer than 15 digits, so Excel has "
        "already lost digits. Format the column as Text and type the full code again.",
    )


def parse_text(value: Any) -> str | None:
    """Free text, trimmed; numbers and dates rendered as the user sees them."""
    if value is None:
        return None
    text = cell_to_text(value).replace("\u00a0", " ").strip().strip("\u3000")
    return text or None


# --- dates ----------------------------------------------------------------------------------

_WEEKDAY = re.compile(
    r"[\s(（]*(星期|周|礼拜)[一二三四五六日天][)）]?\s*$"
    r"|[\s,(]*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)?\s*$",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(r"[T\s]+(?:上午|下午|AM|PM)?\s*\d{1,2}[:时].*$", re.IGNORECASE)
_YMD_CN = re.compile(r"^(\d{2,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_THREE_PARTS = re.compile(r"^(\d{1,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ENGLISH_FORMATS = ("%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%b %d, %Y", "%B %d, %Y", "%d %B %Y")


def _year(y: int, digits: int) -> int:
    if digits <= 2:
        return 2000 + y if y < 70 else 1900 + y
    return y


def _make_date(y: int, m: int, d: int, raw: str) -> date:
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise ValueProblem(
            f"“{raw}”不是存在的日期。", f"'{raw}' is not a real calendar date."
        ) from exc


def _serial_to_date(serial: float, raw: str) -> date:
    if not 1 <= serial <= _MAX_SERIAL:
        raise ValueProblem(f"“{raw}”不是日期。", f"'{raw}' is not a date.")
    days = int(serial)
    if days < 61:  # Excel's phantom 1900-02-29: serials below it are one day off
        days += 1
    return _EXCEL_EPOCH + timedelta(days=days)


def _ambiguous(raw: str) -> ValueProblem:
    return ValueProblem(
        f"日期“{raw}”的年、月、日顺序不明确，请在“类型和列对应”一步选择日期顺序"
        "（命令行：--date-order）。",
        f"The order of year, month and day in '{raw}' is ambiguous; choose the date order on "
        "the columns page (--date-order on the command line).",
    )


def parse_date(value: Any, order: DateOrder | None = None) -> date | None:
    """A date from a date cell, an Excel serial number or text in the common Chinese forms.

    ``order`` settles forms like 05-06-23 or 5/6/2023; without it they raise ValueProblem
    (unless one part is above 12), so the preview can ask the user once for the whole column.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("这不是日期。", "This is not a date.")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        if isinstance(value, int) or value.is_integer():
            compact = _COMPACT.match(str(int(value)))
            if compact:
                y, mo, d = (int(g) for g in compact.groups())
                return _make_date(y, mo, d, str(int(value)))
        return _serial_to_date(float(value), cell_to_text(value))
    raw = str(value)
    text = _clean(raw)
    text = _WEEKDAY.sub("", text).strip()
    text = _TIME_TAIL.sub("", text).strip() if not _COMPACT.match(text) else text
    if m := _YMD_CN.match(text):
        return _make_date(_year(int(m[1]), len(m[1])), int(m[2]), int(m[3]), raw)
    if m := _COMPACT.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _THREE_PARTS.match(text):
        return _three_parts(m[1], m[2], m[3], order, raw)
    for fmt in _ENGLISH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueProblem(
        f"无法识别日期“{raw}”。请使用 2023-05-06 这样的格式。",
        f"Cannot read the date '{raw}'. Use a form like 2023-05-06.",
    )


def _three_parts(a: str, b: str, c: str, order: DateOrder | None, raw: str) -> date:
    ia, ib, ic = int(a), int(b), int(c)
    if len(a) >= 3:  # 2023-5-6: the year is first, whatever the order setting says
        return _make_date(ia, ib, ic, raw)
    if len(c) >= 3:  # 6/5/2023 or 5/6/2023
        if order is None or order == "year_first":
            if ia > 12 >= ib:
                order = "day_first"
            elif ib > 12 >= ia:
                order = "month_first"
            elif ia == ib:
                order = "day_first"
            else:
                raise _ambiguous(raw)
        if order == "day_first":
            return _make_date(ic, ib, ia, raw)
        return _make_date(ic, ia, ib, raw)
    if order is None:
        raise _ambiguous(raw)
    if order == "year_first":
        return _make_date(_year(ia, len(a)), ib, ic, raw)
    if order == "day_first":
        return _make_date(_year(ic, len(c)), ib, ia, raw)
    return _make_date(_year(ic, len(c)), ia, ib, raw)


def detect_date_order(samples: Iterable[Any]) -> list[DateOrder]:
    """The date orders under which every non-empty sample parses, best guess first.

    One entry: the column is clear.  Several: ask the user.  None: the column is not dates.
    """
    values = [v for v in samples if not is_empty(v)]
    good: list[DateOrder] = []
    for order in DATE_ORDERS:
        try:
            for v in values:
                parse_date(v, order)
        except ValueProblem:
            continue
        good.append(order)
    return good


# --- numbers --------------------------------------------------------------------------------

_CURRENCY = re.compile(r"人民币|RMB|CNY|USD|US\$|HK\$|[¥￥$€£]|元整|元|圆", re.IGNORECASE)
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100_000_000)}
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_EURO_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_MAX_AMOUNT = Decimal("1e15")


def _not_number(raw: str) -> ValueProblem:
    return ValueProblem(
        f"“{raw}”不是有效的数字或金额。", f"'{raw}' is not a valid number or amount."
    )


def parse_amount(value: Any) -> Decimal | None:
    """Money or a quantity as Decimal, from cells like "¥1,234.50", "(12.3)", "1.5万", 12.3."""
    if value.__class__ is float and -1e15 < value < 1e15 and value:
        # the common case, as float_to_decimal + _tidy would give it. repr is the shortest
        # text that reads back as the same float: with at most 10 decimals it is already
        # what rounding to 10 places gives (12.0 → 12, 0.1 → 0.1)
        text = repr(value)
        decimals = len(text) - text.find(".") - 1
        if decimals <= 10 and "e" not in text:
            return Decimal(text[:-2] if text.endswith(".0") else text)
        r = round(value, 10)
        if r.is_integer():
            if r:
                return Decimal(int(r))
        else:
            text = repr(r)
            if "e" not in text:
                return Decimal(text)
    if is_empty(value):
        return None
    if isinstance(value, bool | date | time | timedelta):
        raise _not_number(cell_to_text(value))
    if isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = float_to_decimal(value)
    else:
        result = _parse_amount_text(str(value))
    if abs(result) >= _MAX_AMOUNT:
        raise ValueProblem(
            f"数字“{cell_to_text(value)}”过大，请检查。",
            f"The number '{cell_to_text(value)}' is too large; check it.",
        )
    return _tidy(result)


_SEP = "\x1f"
_LONG_FRACTION = re.compile(r"\.\d{11}")


def floats_to_decimals(values: list[float]) -> list[Decimal] | None:
    """:func:`parse_amount` of many floats at once (a column of prices or amounts), or None
    when one of them needs its careful path (zero, NaN, infinity, 1e15 or more, an exponent,
    more than 10 decimals): then parse them one by one.

    The same shortest-text rule as parse_amount's fast path, applied to the whole column's
    text with a few C-level scans instead of Python steps per value.
    """
    if not values:
        return []
    if 0.0 in values or not (min(values) > -1e15 and max(values) < 1e15):
        return None
    joined = _SEP.join(map(repr, values)) + _SEP
    if "e" in joined or "n" in joined or _LONG_FRACTION.search(joined):
        return None
    return list(map(Decimal, joined.replace(".0" + _SEP, _SEP)[:-1].split(_SEP)))


def _parse_amount_text(raw: str) -> Decimal:
    s = _clean(raw).replace("\u2212", "-").replace("\u3001", ",")
    negative = False
    if len(s) >= 2 and s[0] == "(" and s[-1] == ")":
        negative, s = True, s[1:-1]
    s = _CURRENCY.sub("", s)
    s = re.sub(r"\s+", "", s)
    if s.endswith("-") and not s.startswith("-"):
        negative, s = not negative, s[:-1]
    multiplier = Decimal(1)
    while s and s[-1] in _MULTIPLIERS:
        multiplier *= _MULTIPLIERS[s[-1]]
        s = s[:-1]
    if _GROUPED.match(s):
        s = s.replace(",", "")
    elif _EURO_GROUPED.match(s):
        s = s.replace(".", "").replace(",", ".")
    if not _PLAIN_NUMBER.match(s):
        raise _not_number(raw)
    try:
        result = Decimal(s) * multiplier
    except InvalidOperation as exc:
        raise _not_number(raw) from exc
    return -result if negative else result


def parse_percent(value: Any, rate_column: bool = True) -> Decimal | None:
    """A rate as a fraction: "13%" → 0.13, 0.13 → 0.13, and 13 → 0.13 in a rate column.

    In a rate column a bare number of 1 or more is read as percent points (税率 13, 1 = 1%),
    because a 100 % or higher tax or discount rate does not occur.
    """
    if is_empty(value):
        return None
    if isinstance(value, str):
        s = _clean(value).replace(" ", "")
        if s.endswith(("%", "％")):
            number = parse_amount(s[:-1])
            return None if number is None else _tidy(number / 100)
        if s.endswith("‰"):
            number = parse_amount(s[:-1])
            return None if number is None else _tidy(number / 1000)
    number = parse_amount(value)
    if number is None:
        return None
    if rate_column and abs(number) >= 1:
        return _tidy(number / 100)
    return number


class DiscountCell(NamedTuple):
    """A 折扣 cell: ``ratio`` between 0 and 1, and whether it is the share paid (九折 = 0.9
    paid) or the share taken off (10 % off). ``paid`` is None when the cell does not say:
    the line's amount, or the size of the number, settles it (see ``history``)."""

    ratio: Decimal
    paid: bool | None


_ZHE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)折$")


def parse_discount(value: Any) -> DiscountCell | None:
    """A discount as people write it: 9折, 8.5折, 95折 (paid), 0.9, 90%, 90 (either way);
    a bare 1 is the whole price (the usual "no discount" of ledger exports)."""
    if is_empty(value):
        return None
    if isinstance(value, str):
        m = _ZHE.match(_clean(value).replace(" ", ""))
        if m:
            tenths = Decimal(m[1])
            if tenths <= 10:
                paid = tenths / 10  # 9折, 8.5折, 十折 = 10折
            elif tenths < 100 and tenths == tenths.to_integral_value():
                paid = tenths / 100  # 95折 = 0.95
            else:
                raise _bad_discount(value)
            if not 0 < paid <= 1:
                raise _bad_discount(value)
            return DiscountCell(_tidy(paid), True)
    ratio = parse_percent(value, rate_column=False)  # a bare 1 is all of it, not 1 %
    if ratio is None:
        return None
    if 1 < ratio <= 100:
        ratio = _tidy(ratio / 100)  # 90 → 90 %
    if not 0 <= ratio <= 1:
        raise _bad_discount(cell_to_text(value))
    return DiscountCell(ratio, None)


def _bad_discount(shown: str) -> ValueProblem:
    return ValueProblem(
        f"折扣“{shown}”无法识别（应为 9折、0.9、90% 或 10% 这样的值）。",
        f"The discount '{shown}' is not understood (use values like 0.9, 90% or 10%).",
    )


_TRUE = frozenset({"是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "对", "真", "有", "启用"})
_FALSE = frozenset({"否", "n", "no", "false", "f", "0", "×", "✗", "✘", "x", "错", "假", "禁用"})


def parse_bool(value: Any) -> bool | None:
    """Yes/no from 是/否, Y/N, yes/no, true/false, 1/0, √/×."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = _clean(str(value)).lower().removesuffix(".0")
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem(
        f"“{cell_to_text(value)}”不是“是/否”。请填写 是 或 否。",
        f"'{cell_to_text(value)}' is not yes/no. Enter yes or no.",
    )


# --- column types ---------------------------------------------------------------------------

_NUMERIC_TEXT = re.compile(r"^[+-]?(0|[1-9]\d*)(\.\d+)?$")


def column_is_text(values: Iterable[Any]) -> bool:
    """Whether a column must be kept as text: some cell holds a code-like string.

    A string with a leading zero ("05021"), letters or separators means the column holds codes,
    so its numeric-looking cells must be read as text too (12209.0 → "12209").
    """
    for v in values:
        if is_empty(v) or not isinstance(v, str):
            continue
        if not _NUMERIC_TEXT.match(_clean(v)):
            return True
    return False


def infer_column_type(values: Iterable[Any]) -> str:
    """ "empty", "text", "number", "date", "bool" or "mixed", for preview hints."""
    kinds: set[str] = set()
    for v in values:
        if is_empty(v):
            continue
        if isinstance(v, bool):
            kinds.add("bool")
        elif isinstance(v, datetime | date):
            kinds.add("date")
        elif isinstance(v, int | float):
            kinds.add("number")
        elif isinstance(v, str):
            kinds.add("number" if _NUMERIC_TEXT.match(_clean(v)) else "text")
        else:
            kinds.add("text")
    if not kinds:
        return "empty"
    if len(kinds) == 1:
        return kinds.pop()
    return "text" if "text" in kinds else "mixed"
