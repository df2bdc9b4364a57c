"""Small pure checks shared by the services; each raises a readable ValidationError."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.errors import ValidationError

TAX_ID = re.compile(r"^[0-9A-Z]{15,20}$")


def required_text(value: Any, zh: str, en: str, max_len: int = 200) -> str:
    text = str(value or "").strip()
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
    places: int | None = None,
) -> Decimal:
    """Parse a number exactly; reject negatives (by default) and too many decimals."""
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
    if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(
            "too_precise",
            f"{zh}最多 {places} 位小数：{value}",
            f"{en} allows at most {places} decimals: {value}",
            field=en,
        )
    return number


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
    rate = decimal_value(value, zh, en, places=6)
    if rate >= 1:
        raise ValidationError(
            "bad_rate",
            f"{zh}应小于 100%（例如 0.13 表示 13%）：{value}",
            f"{en} must be below 100% (0.13 means 13%): {value}",
            field=en,
        )
    return rate


def money_value(
    value: Any, zh: str, en: str, *, minimum: Decimal | None = Decimal(0), allow_zero: bool = True
) -> Decimal:
    """An amount in yuan to the fen, normalised to two decimals (12 → 12.00)."""
    number = decimal_value(value, zh, en, minimum=minimum, allow_zero=allow_zero, places=2)
    return number.quantize(Decimal("0.01"))
