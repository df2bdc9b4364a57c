"""Capital Chinese amounts (大写金额) as banks and printed bills require.

Written here by the bank rules below, in a few lines, rather than by cn2an (whose
``an2cn(text, "rmb")`` gives the same words but takes 0.3–0.5 s to load: most of the time
``zhangfang print`` of one bill had). Amounts are rounded half-up to the fen, zero is
零元整, negatives take 负, floats and absurd sizes are refused. The tests check the result
against hand-checked bank examples and against cn2an over many amounts.

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

_LIMIT = Decimal(10) ** 12
_FEN = Decimal("0.01")
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("仟", "佰", "拾", "")
_GROUPS = ("", "万", "亿")


def _group(value: int) -> str:
    """A group of four digits (below 10,000, not zero): inner zeros as one 零, none after."""
    words: list[str] = []
    zero = False
    for digit, place in zip(f"{value:04d}", _PLACES, strict=True):
        if digit == "0":
            zero = bool(words)
            continue
        if zero:
            words.append("零")
            zero = False
        words.append(_DIGITS[int(digit)] + place)
    return "".join(words)


def _yuan(value: int) -> str:
    """The whole yuan (above zero) in groups of four: 亿, 万, then the units. One 零 before a
    group whose thousands digit is zero, after a higher group (壹亿零壹万, 壹万零叁拾); none
    when it is not (壹亿壹仟: the 万 position is zero, the 千 one not, the rules' choice)."""
    words: list[str] = []
    for index in reversed(range(len(_GROUPS))):
        group = value // 10 ** (4 * index) % 10_000
        if group == 0:
            continue
        if words and group < 1000:
            words.append("零")
        words.append(_group(group) + _GROUPS[index])
    return "".join(words) + "元"


def _words(rounded: Decimal) -> str:
    """大写 of a positive amount already rounded to the fen and below the limit."""
    fen_total = int(rounded * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    head = _yuan(yuan) if yuan else ""
    if not jiao and not fen:
        return head + "整"
    tail = (_DIGITS[jiao] + "角") if jiao else ("零" if yuan else "")
    return head + tail + (_DIGITS[fen] + "分" if fen else "")


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
    rounded = value.copy_abs().quantize(_FEN, rounding=ROUND_HALF_UP)
    if rounded >= _LIMIT:
        raise ValueError(f"amount too large for 大写 (limit 9999亿): {amount}")
    if rounded == 0:
        return prefix + "零元整"
    sign = "负" if value < 0 else ""
    return prefix + sign + _words(rounded)
