"""Small pure checks shared by the services; each raises a readable ValidationError."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.errors import ValidationError
from desktop.labels import TEXT_FIELD, Label
from desktop.money import MONEY, QTY, RATE, Column

TAX_ID = re.compile(r"^[0-9A-Z]{15,20}$")

#: The dates the ledger accepts, for documents, payments and imports alike: a hundred
#: years, so the two-digit year in document numbers (XS-A-2611-0001) never names two
#: years, and the same hundred years a two-digit year in a file is read as (70-99 →
#: 1970-1999, 00-69 → 2000-2069).
FIRST_DATE = date(1970, 1, 1)
LAST_DATE = date(2069, 12, 31)

# control characters (C0, DEL, C1); tab, line feed and carriage return are allowed only in
# text that may span lines (notes, addresses)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(text: str, zh: str, en: str, *, multiline: bool = False) -> str:
    """Refuse text with control characters (NUL and the like; tab and line breaks too unless
    ``multiline``): they are invisible, break searches and exports, and are never typed."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(text)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise ValidationError(
            "control_character",
            f"{zh}含有不可见的控制字符（{code}），请删除后再试。",
            f"{en} contains an invisible control character ({code}); remove it and try again.",
            field=en,
        )
    return text


#: text that may span lines: notes and addresses keep their tabs and line breaks
MULTILINE_FIELDS = frozenset(
    {"notes", "address", "bill_to", "ship_to", "invoice_address", "qualification"}
)


def plain_texts(values: dict[str, Any]) -> None:
    """:func:`plain_text` for every text value of a record (a party's or product's fields)."""
    for key, value in values.items():
        if isinstance(value, str):
            label = TEXT_FIELD.get(key, Label(key, key))
            plain_text(value, label.zh, label.en, multiline=key in MULTILINE_FIELDS)


def required_text(value: Any, zh: str, en: str, max_len: int = 200) -> str:
    text = plain_text(str(value or "").strip(), zh, en)
    if not text:
        raise ValidationError("required", f"{zh}不能为空。", f"{en} is required.", field=en)
    if len(text) > max_len:
        raise ValidationError(
            "too_long",
            f"{zh}太长（最多 {max_len} 个字）。",
            f"{en} is too long (at most {max_len} characters).",
            field=en,
        )
    return text


def decimal_value(
    value: Any,
    zh: str,
    en: str,
    *,
    minimum: Decimal | None = Decimal(0),
    allow_zero: bool = True,
    column: Column | None = None,
) -> Decimal:
    """Parse a number exactly; reject negatives (by default) and, for a value stored in
    ``column``, what that column cannot hold (:func:`fits`)."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            "not_a_number", f"{zh}必须是数字：{value}", f"{en} must be a number: {value}", field=en
        ) from exc
    if not number.is_finite():
        raise ValidationError(
            "not_a_number", f"{zh}必须是数字：{value}", f"{en} must be a number: {value}", field=en
        )
    if minimum is not None and number < minimum:
        raise ValidationError(
            "negative",
            f"{zh}不能小于 {minimum}：{value}",
            f"{en} cannot be less than {minimum}: {value}",
            field=en,
        )
    if not allow_zero and number == 0:
        raise ValidationError("zero", f"{zh}不能为 0。", f"{en} cannot be zero.", field=en)
    if column is not None:
        fits(number, column, zh, en, shown=value)
    return number


def fits(number: Decimal, column: Column, zh: str, en: str, *, shown: Any = None) -> Decimal:
    """The one rule for a value stored in a column kind (``money.QTY``, ``PRICE``, ``MONEY``,
    ``RATE``): refused when it has more decimals than the column keeps or is not below the
    column's limit, never rounded or overflowed. Services, the import preview and the
    editors' validators all call this."""
    text = number if shown is None else shown
    if not number.is_finite() or abs(number) >= column.limit:
        limit = f"{column.limit:,}"
        raise ValidationError(
            "too_large",
            f"{zh}太大：{text}（应小于 {limit}）。",
            f"{en} is too large: {text} (it must be below {limit}).",
            field=en,
        )
    if number != number.quantize(Decimal(1).scaleb(-column.scale)):
        raise ValidationError(
            "too_precise",
            f"{zh}最多 {column.scale} 位小数：{text}",
            f"{en} allows at most {column.scale} decimals: {text}",
            field=en,
        )
    return number


def line_fits(base_qty: Decimal, total: Decimal, zh: str, en: str) -> None:
    """A document line's figures that are stored beyond what was typed: the quantity in base
    units (its stock move) and the amount. ``zh``/``en`` name the line ("第 3 行", "line 3";
    empty when the context says which)."""
    fits(base_qty, QTY, f"{zh}数量（按基本单位）", f"Quantity in base units{_on(en)}")
    fits(total, MONEY, f"{zh}金额", f"Amount{_on(en)}")


def _on(en: str) -> str:
    return f" on {en}" if en else ""


def date_value(value: date, zh: str, en: str) -> date:
    """A date the ledger accepts: from :data:`FIRST_DATE` to :data:`LAST_DATE`."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            "date_out_of_range",
            f"{zh} {value.isoformat()} 超出范围（应在 {FIRST_DATE.isoformat()} 至 "
            f"{LAST_DATE.isoformat()} 之间）。",
            f"{en} {value.isoformat()} is out of range (it must be between "
            f"{FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}).",
            field=en,
        )
    return value


def tax_id(value: Any) -> str:
    text = str(value or "").strip().upper().replace(" ", "")
    if text and not TAX_ID.match(text):
        raise ValidationError(
            "bad_tax_id",
            f"纳税人识别号格式不对（应为 15–20 位数字或大写字母）：{value}",
            f"A tax id is 15-20 digits or capital letters: {value}",
            field="tax_id",
        )
    return text


def rate_value(value: Any, zh: str, en: str) -> Decimal:
    rate = decimal_value(value, zh, en)
    if rate >= 1:
        raise ValidationError(
            "bad_rate",
            f"{zh}应小于 100%（例如 0.13 表示 13%）：{value}",
            f"{en} must be below 100% (0.13 means 13%): {value}",
            field=en,
        )
    return fits(rate, RATE, zh, en, shown=value)


def money_value(
    value: Any, zh: str, en: str, *, minimum: Decimal | None = Decimal(0), allow_zero: bool = True
) -> Decimal:
    """An amount in yuan to the fen, normalised to two decimals (12 → 12.00)."""
    number = decimal_value(value, zh, en, minimum=minimum, allow_zero=allow_zero, column=MONEY)
    return number.quantize(Decimal("0.01"))
