"""Capital Chinese amounts (大写金额) as banks and printed bills require.

Why our own converter instead of calling ``cn2an.an2cn(s, "rmb")`` directly:
cn2an truncates rather than rounds (``12.345`` → 叁角肆分), prints ``负零元整``
for ``-0``, and costs ~0.25 s to import. Its *wording* does follow the bank
rules, and the tests cross-check this module against it on thousands of amounts.

Rules (中国人民银行《支付结算办法》附件一 "正确填写票据和结算凭证的基本规定"):

* Amounts are rounded half-up to the fen first.
* ``…元整`` when there is neither jiao nor fen; no 整 after 角 or 分
  (the rules allow omitting it after 角; we always omit it).
* A leading ten is written 壹拾 (壹拾万元整, 壹拾元整), the bank form — never a
  bare 拾.
* Zeros inside the integer part collapse to a single 零 (壹仟零伍元整,
  壹万零叁拾元整, 壹亿零壹元). A whole zero group followed by a non-zero
  group gets one 零 (壹亿零壹万元整); a group below a thousand after a higher
  group gets 零 (壹万零叁拾元). When the 万 or 元 position is zero but the
  next lower digit (千位 / 角位) is not, the rules allow either form; we write
  no 零 there (壹拾万柒仟元, 壹仟陆佰捌拾元叁角贰分), as cn2an and most banks do.
* 角 zero but 分 not: 零 between 元 and 分 (伍元零捌分); below one yuan just
  伍分 / 伍角.
* Zero is 零元整; negatives are prefixed 负 (after the optional 人民币 prefix).
* Supported up to 9999亿 (below 10^12 yuan); beyond that a ValueError.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_GROUP_UNITS = ("仟", "佰", "拾", "")
_GROUP_UNITS = ("亿", "万", "")  # highest group first
_LIMIT = Decimal(10) ** 12
_FEN = Decimal("0.01")


def _group_words(n: int) -> str:
    """Words for 1..9999 without a leading zero; inner zeros collapse to one 零."""
    text = ""
    pending_zero = False
    for unit, digit in zip(_IN_GROUP_UNITS, f"{n:04d}", strict=True):
        d = int(digit)
        if d == 0:
            pending_zero = bool(text)
            continue
        if pending_zero:
            text += "零"
            pending_zero = False
        text += DIGITS[d] + unit
    return text


def _integer_words(n: int) -> str:
    """Words for a positive integer below 10^12 (no 元)."""
    groups = [(n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    out = ""
    zero_pending = False
    for group, unit in zip(groups, _GROUP_UNITS, strict=True):
        if group == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or group < 1000):
            out += "零"
        out += _group_words(group) + unit
        zero_pending = False
    return out


def amount_in_words(amount: Decimal | int | str, prefix: str = "") -> str:
    """Return the 大写 form of ``amount`` (e.g. 壹万贰仟叁佰肆拾伍元陆角柒分).

    ``prefix`` is put in front, typically "人民币". Floats are refused because
    money in this app is always Decimal; strings are parsed as Decimal.
    """
    if isinstance(amount, float):
        raise TypeError("amount_in_words needs a Decimal, not a float")
    try:
        value = Decimal(amount)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    fen_total = int(value.copy_abs().quantize(_FEN, rounding=ROUND_HALF_UP) * 100)
    if fen_total >= _LIMIT * 100:
        raise ValueError(f"amount too large for 大写 (limit 9999亿): {amount}")
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    sign = "负" if value < 0 and fen_total else ""

    if fen_total == 0:
        words = "零元整"
    else:
        words = _integer_words(yuan) + "元" if yuan else ""
        if jiao == 0 and fen == 0:
            words += "整"
        else:
            if jiao:
                words += DIGITS[jiao] + "角"
            elif yuan:
                words += "零"
            if fen:
                words += DIGITS[fen] + "分"
    return prefix + sign + words
