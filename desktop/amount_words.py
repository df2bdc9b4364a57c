"""Capital Chinese amounts (大写金额) as banks and printed bills require.

The wording comes from cn2an (``an2cn(text, "rmb")``), which follows the bank rules
below. Around it we do what it does not: round half-up to the fen (cn2an truncates:
``12.345`` → 叁角肆分), write zero as 零元整 and negatives with 负 (it prints 负零元整
for ``-0``), refuse floats and absurd sizes, and import it only when first needed
(see :func:`_an2cn`). The tests check the result against hand-checked
bank examples.

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

import importlib
import importlib.util
import sys
import threading
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

_LIMIT = Decimal(10) ** 12
_FEN = Decimal("0.01")


_LOADING = threading.Lock()


@cache
def _an2cn() -> Any:
    """cn2an's ``an2cn``, from its own module (``cn2an/an2cn.py``, class ``An2Cn``).

    The package's ``__init__`` builds all three of its converters on import; the two that
    read Chinese numerals compile some twenty large regular expressions (0.25–0.4 s, the
    largest part of printing one document once the ORM was gone) that writing 大写 never
    uses. Unless the package is loaded already, its ``an2cn`` module is imported under the
    package's namespace with ``__init__`` not run, and that namespace is taken out of
    ``sys.modules`` again, so any later ``import cn2an`` loads the whole package as usual.
    (Nothing else in the app imports cn2an; the lock keeps two first prints apart.)
    """
    with _LOADING:
        spec = None if "cn2an" in sys.modules else importlib.util.find_spec("cn2an")
        if spec is None or not spec.submodule_search_locations:
            from cn2an import an2cn

            return an2cn
        sys.modules["cn2an"] = importlib.util.module_from_spec(spec)  # __init__ not run
        try:
            module = importlib.import_module("cn2an.an2cn")
        finally:
            for name in [n for n in sys.modules if n == "cn2an" or n.startswith("cn2an.")]:
                del sys.modules[name]
        return module.An2Cn().an2cn


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
    return prefix + sign + str(_an2cn()(f"{rounded:.2f}", "rmb"))
