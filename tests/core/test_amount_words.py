"""大写 amounts against hand-checked examples of the bank rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.amount_words import amount_in_words

CASES = [
    ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
    ("1005", "壹仟零伍元整"),
    ("10030", "壹万零叁拾元整"),
    ("100000", "壹拾万元整"),
    ("10", "壹拾元整"),
    ("5.08", "伍元零捌分"),
    ("0", "零元整"),
    ("0.00", "零元整"),
    ("100000000.00", "壹亿元整"),
    ("100000001.01", "壹亿零壹元零壹分"),
    ("10.10", "壹拾元壹角"),
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("0.56", "伍角陆分"),
    ("1010.00", "壹仟零壹拾元整"),
    ("1000000.50", "壹佰万元伍角"),
    ("-1234.5", "负壹仟贰佰叁拾肆元伍角"),
    # examples printed in the 支付结算办法 rules
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    # group boundaries and inner zeros
    ("100010001", "壹亿零壹万零壹元整"),
    ("1001000", "壹佰万壹仟元整"),
    ("1000100", "壹佰万零壹佰元整"),
    ("110000", "壹拾壹万元整"),
    ("20000000", "贰仟万元整"),
    ("120000000", "壹亿贰仟万元整"),
    ("1000010000", "壹拾亿零壹万元整"),
    ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("10.01", "壹拾元零壹分"),
    ("1.00", "壹元整"),
    ("0.01", "壹分"),
    ("30000.30", "叁万元叁角"),
    ("100000000.10", "壹亿元壹角"),
]


@pytest.mark.parametrize(("amount", "words"), CASES)
def test_hand_checked(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_prefix_and_negative_prefix_order() -> None:
    assert amount_in_words(Decimal("1005"), prefix="人民币") == "人民币壹仟零伍元整"
    assert amount_in_words(Decimal("-0.05"), prefix="人民币") == "人民币负伍分"


def test_rounds_half_up_to_fen() -> None:
    assert amount_in_words(Decimal("12.345")) == "壹拾贰元叁角伍分"
    assert amount_in_words(Decimal("0.004")) == "零元整"
    assert amount_in_words(Decimal("0.005")) == "壹分"


def test_negative_zero_has_no_sign() -> None:
    assert amount_in_words(Decimal("-0.00")) == "零元整"
    assert amount_in_words(Decimal("-0.001")) == "零元整"


def test_int_and_str_accepted_float_refused() -> None:
    assert amount_in_words(10030) == "壹万零叁拾元整"
    assert amount_in_words("5.08") == "伍元零捌分"
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", "1000000000000"])
def test_bad_or_too_large_raises(bad: str) -> None:
    with pytest.raises(ValueError):
        amount_in_words(bad)


def test_same_words_as_cn2an_over_many_amounts() -> None:
    """The wording was cn2an's (``an2cn(text, "rmb")``) before it was written here: every
    amount up to 100,000 yuan, every fen below 1,000 yuan, and amounts up to 9999亿 with
    many zeros (the group and 零 rules) give the same words."""
    import random

    an2cn = pytest.importorskip("cn2an").an2cn
    rng = random.Random(18)
    amounts = [Decimal(i) for i in range(20_001)]
    amounts += [Decimal(i) / 100 for i in range(1, 20_000)]
    for _ in range(20_000):
        digits = "".join(rng.choice("0000123456789") for _ in range(rng.randint(1, 12)))
        amounts.append(Decimal(int(digits)) + Decimal(rng.randint(0, 99)) / 100)
    wrong = [
        (a, amount_in_words(a), an2cn(f"{a:.2f}", "rmb"))
        for a in amounts
        if a > 0 and amount_in_words(a) != an2cn(f"{a:.2f}", "rmb")
    ]
    assert wrong == []
