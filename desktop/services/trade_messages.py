"""What the trade flows say when quantities taken from an order or bill do not fit.

One whole sentence per way of taking them (deliver, receive, bill, return) in each
language, instead of a verb glued into a shared frame: a translator sees every sentence,
and a return names the bill it comes from, not an "order".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from desktop.errors import ValidationError

Sentence = tuple[str, str]  # (Chinese, English), with {placeholders}


@dataclass(frozen=True)
class QtyWording:
    """The sentences for one way of taking quantities; placeholders in brackets."""

    unknown_line: Sentence  # {number}
    bad_qty: Sentence  # {line}
    too_much: Sentence  # {line} {name} {code} {left} {unit} {qty}
    nothing_left: Sentence  # {number}
    over_source: Sentence  # {name} {code} {left} {unit} {qty}
    no_order: Sentence | None = None  # {number}: a fulfilment made without its order


WORDING: dict[str, QtyWording] = {
    "deliver": QtyWording(
        unknown_line=("订单 {number} 没有这些明细行。", "Order {number} has no such lines."),
        bad_qty=(
            "第 {line} 行发货数量必须大于 0。",
            "Line {line}: the quantity to deliver must be above 0.",
        ),
        too_much=(
            "第 {line} 行（{name}）最多还能发货 {left} {unit}，不能发货 {qty}。",
            "Line {line} ({code}): at most {left} {unit} left to deliver, not {qty}.",
        ),
        nothing_left=(
            "订单 {number} 没有可发货的数量了。",
            "Order {number} has nothing left to deliver.",
        ),
        over_source=(
            "{name}：最多还能发货 {left} {unit}，本单为 {qty} {unit}。",
            "{code}: at most {left} {unit} left to deliver, this document has {qty}.",
        ),
        no_order=("{number} 须根据订单发货。", "Delivery {number} must be made from an order."),
    ),
    "receive": QtyWording(
        unknown_line=("订单 {number} 没有这些明细行。", "Order {number} has no such lines."),
        bad_qty=(
            "第 {line} 行收货数量必须大于 0。",
            "Line {line}: the quantity to receive must be above 0.",
        ),
        too_much=(
            "第 {line} 行（{name}）最多还能收货 {left} {unit}，不能收货 {qty}。",
            "Line {line} ({code}): at most {left} {unit} left to receive, not {qty}.",
        ),
        nothing_left=(
            "订单 {number} 没有可收货的数量了。",
            "Order {number} has nothing left to receive.",
        ),
        over_source=(
            "{name}：最多还能收货 {left} {unit}，本单为 {qty} {unit}。",
            "{code}: at most {left} {unit} left to receive, this document has {qty}.",
        ),
        no_order=(
            "{number} 须根据订单收货。",
            "Goods receipt {number} must be made from an order.",
        ),
    ),
    "bill": QtyWording(
        unknown_line=("订单 {number} 没有这些明细行。", "Order {number} has no such lines."),
        bad_qty=(
            "第 {line} 行开单数量必须大于 0。",
            "Line {line}: the quantity to bill must be above 0.",
        ),
        too_much=(
            "第 {line} 行（{name}）最多还能开单 {left} {unit}，不能开单 {qty}。",
            "Line {line} ({code}): at most {left} {unit} left to bill, not {qty}.",
        ),
        nothing_left=(
            "订单 {number} 没有可开单的数量了。",
            "Order {number} has nothing left to bill.",
        ),
        over_source=(
            "{name}：最多还能开单 {left} {unit}，本单为 {qty} {unit}。"
            "（开单数量不能超过已发货数量）",
            "{code}: at most {left} {unit} left to bill, this document has {qty}; "
            "no more can be billed than was delivered.",
        ),
    ),
    "return": QtyWording(
        unknown_line=("单据 {number} 没有这些明细行。", "Bill {number} has no such lines."),
        bad_qty=(
            "第 {line} 行退货数量必须大于 0。",
            "Line {line}: the quantity to return must be above 0.",
        ),
        too_much=(
            "第 {line} 行（{name}）最多还能退货 {left} {unit}，不能退货 {qty}。",
            "Line {line} ({code}): at most {left} {unit} left to return, not {qty}.",
        ),
        nothing_left=(
            "单据 {number} 没有可退货的数量了。",
            "Bill {number} has nothing left to return.",
        ),
        over_source=(
            "{name}：最多还能退货 {left} {unit}，本单为 {qty} {unit}。",
            "{code}: at most {left} {unit} left to return, this document has {qty}.",
        ),
    ),
}


def refused(
    code: str, sentence: Sentence, details: dict[str, Any], /, **values: Any
) -> ValidationError:
    """A :class:`ValidationError` from one of the sentences above, filled in."""
    zh, en = sentence
    return ValidationError(code, zh.format(**values), en.format(**values), **details)


# billing goods received (purchases) is billing, except that the limit is what was received
WORDING["bill_received"] = replace(
    WORDING["bill"],
    over_source=(
        "{name}：最多还能开单 {left} {unit}，本单为 {qty} {unit}。（开单数量不能超过已收货数量）",
        "{code}: at most {left} {unit} left to bill, this document has {qty}; "
        "no more can be billed than was received.",
    ),
)
