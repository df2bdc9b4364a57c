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


def test_cn2an_loaded_in_part_words_as_the_whole_package_does() -> None:
    """Only cn2an's an2cn module is loaded (its package ``__init__`` compiles parsers 大写
    never uses), in a fresh interpreter: the words equal the whole package's for every
    kind of amount, and the package is not left half-loaded for a later import."""
    probe = """
import random, sys
from desktop.amount_words import amount_in_words
rng = random.Random(18)
amounts = [f"{rng.randrange(10 ** rng.randrange(1, 12))}.{rng.randrange(100):02d}"
           for _ in range(20000)] + ["0.05", "10", "100010001", "999999999999.99"]
ours = [amount_in_words(a) for a in amounts]
assert "cn2an" not in sys.modules and "cn2an.an2cn" not in sys.modules
import cn2an
assert cn2an.__version__ and callable(cn2an.cn2an) and callable(cn2an.transform)
theirs = ["零元整" if float(a) == 0 else cn2an.an2cn(a, "rmb") for a in amounts]
assert ours == theirs, [(a, o, t) for a, o, t in zip(amounts, ours, theirs) if o != t][:5]
print(len(amounts))
"""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "20004"
