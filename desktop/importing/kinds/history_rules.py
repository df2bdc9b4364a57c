"""Rules both history paths apply (the whole grid in ``history.py``, the streamed file in
``history_stream.py``), written once here so that a preview and the import it announces,
and a small file and a big one, decide alike.

* **Fingerprint** of a line without a document number: a hash of the values the line was
  read as (date, party code and name, product code, barcode, name and spec, unit, quantity,
  unit price, amount, discount), plus how many identical lines came before it in the same
  file. It is stored as the bill's ``external_ref`` (``imp:<flow>:r:<hash>:<n>``, unique and
  indexed), so a second run of the same file finds every line and changes nothing, and
  undoing the import (which deletes the bill or clears the reference of its reversal)
  forgets it. Two identical lines in one file are two sales (the count tells them apart);
  the same line in a later file is the same sale, already imported. The hash is of the
  values, not of the records they resolve to: a customer created by the first run must
  not make the second run's lines look new. The column layout is not hashed on its own:
  what a column contributes is in the values, and the same data under other headers or in
  another column order is the same data.
* **Walk-in sales** (散客): a sales line without a customer is booked to one walk-in
  customer (code ``WALKIN``, name 散客, made once) when the owner says so, and by default
  when the file has no customer at all (a shop's till log) or names one on at least half
  of its lines (the blanks are the odd counter sale). A customer column filled on fewer
  than half the lines looks like the wrong column or a file that needs a look: those
  lines are refused, with a word on how to book them to 散客. Purchases always need a
  supplier. Choosing 散客 is choosing to have it: it is made even when missing records
  are not to be created.
* **Customers known only by an ID** (``CustomerID`` 17850, no name column): when missing
  records are to be created, one is made with the ID as code and name (a later line that
  names it gives the name), said once in the report; suppliers alike.
* **Rounding**: a line whose quantity × price (less discount) is not whole fen is rounded
  to the fen (``money.line_amounts``); the report counts such lines and the total
  difference.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from decimal import Decimal
from typing import Any

from desktop.importing.rows import Issue
from desktop.importing.values import DiscountCell

WALK_IN_CODE = "WALKIN"
WALK_IN_NAME = "散客"
#: the key a walk-in customer to be created goes by until it has an id
WALK_IN_KEY = "new:walk-in"
#: keys of customers to be created from an ID alone start with this
ID_ONLY_PREFIX = "new:id:"


def _text(value: Any) -> str:
    """A value as the same text however the file wrote it (10, 10.0, "10.00" → 10), kept
    for the next line that has it: values repeat down a ledger, and equal values (Decimal
    10 and 10.0, a discount of 0.9 and 0.90) share an entry, so the canonical text is made
    once per distinct value."""
    hit = _TEXTS.get(value)
    if hit is None:
        if isinstance(value, Decimal):
            hit = str(value.normalize())
        elif isinstance(value, DiscountCell):
            hit = f"{value.ratio.normalize()}:{value.paid}"
        else:
            hit = str(value)
        if len(_TEXTS) >= 200_000:
            _TEXTS.clear()
        _TEXTS[value] = hit
    return hit


_TEXTS: dict[Any, str] = {}


def fingerprint(
    on: Any,
    party: tuple[Any, Any],
    product: tuple[Any, ...],
    unit: Any,
    qty: Any,
    price: Any,
    amount: Any,
    discount: Any,
) -> str:
    """The hash of a numberless line's values (see the module docstring)."""
    t = _text
    key = "|".join((t(on), t(party), t(product), t(unit), t(qty), t(price), t(amount), t(discount)))
    return hashlib.sha1(key.encode()).hexdigest()[:24]


def product_part(
    code: Any, barcode: Any, name: Any, spec: Any, color: Any = None, size: Any = None
) -> tuple[Any, ...]:
    """A line's product in its fingerprint; colour and size join it only when the line has
    them, so the lines of files without them keep the prints they had."""
    base = (code, barcode, name, spec)
    return (*base, color, size) if color or size else base


def values_fingerprint(v: dict[str, Any]) -> str:
    """:func:`fingerprint` of a row's parsed values."""
    return fingerprint(
        v.get("doc_date"),
        (v.get("party_code"), v.get("party")),
        product_part(
            v.get("product_code"),
            v.get("barcode"),
            v.get("product_name"),
            v.get("spec"),
            v.get("color"),
            v.get("size"),
        ),
        v.get("unit"),
        v.get("qty"),
        v.get("unit_price"),
        v.get("amount"),
        v.get("discount"),
    )


class Occurrences:
    """The bill reference of each numberless line: its fingerprint and how many identical
    lines came before it in this file."""

    def __init__(self, flow: str) -> None:
        self.head = f"imp:{flow}:r:"
        self.seen: Counter[str] = Counter()

    def ref(self, base: str) -> str:
        self.seen[base] += 1
        return f"{self.head}{base}:{self.seen[base]}"

    def take_back(self, ref: str) -> None:
        """A line handed back (rows found to be the next table's title)."""
        if ref.startswith(self.head):
            self.seen[ref[len(self.head) :].rsplit(":", 1)[0]] -= 1


def walk_in_wanted(choice: bool | None, blank: int, lines: int) -> bool:
    """Whether lines without a customer go to 散客: the owner's ``choice``, else by how
    much of the file names a customer (see the module docstring)."""
    if choice is not None:
        return choice
    named = lines - blank
    return named == 0 or 2 * named >= lines


def no_customer(row_fail: Any) -> None:
    """Refuse a sales line without a customer when walk-in sales are not wanted."""
    row_fail(
        "缺少客户。要把没有客户的行记在“散客”名下，请选择“散客”（命令行 --walk-in）。",
        "The customer is missing. To book lines without a customer to a walk-in customer "
        "(散客), choose so (--walk-in).",
        None,
        "party",
    )


def rounded_by(exact: Decimal, total: Decimal) -> Decimal | None:
    """What rounding to the fen changed on a line (None: nothing)."""
    return None if exact == total else total - exact


def notices(
    walk_in_lines: int,
    walk_in_made: bool,
    id_only: list[str],
    rounded: list[Decimal],
    who: tuple[str, str] = ("客户", "customer"),
) -> list[Issue]:
    """What the report says once about the new lines, instead of on every row."""
    out: list[Issue] = []
    if walk_in_lines:
        made_zh = "（新建客户 散客，编码 WALKIN）" if walk_in_made else ""
        made_en = " (new customer 散客, code WALKIN)" if walk_in_made else ""
        out.append(
            Issue(
                f"{walk_in_lines} 行没有客户，记在“散客”名下{made_zh}。",
                f"{walk_in_lines} lines without a customer are booked to the walk-in "
                f"customer 散客{made_en}.",
            )
        )
    if id_only:
        shown = "、".join(id_only[:5]) + ("…" if len(id_only) > 5 else "")
        shown_en = ", ".join(id_only[:5]) + ("…" if len(id_only) > 5 else "")
        out.append(
            Issue(
                f"{len(id_only)} 个{who[0]}只有编号，已新建，编号同时作为名称：{shown}。",
                f"{len(id_only)} {who[1]}s known only by an ID were created with the ID as "
                f"code and name: {shown_en}.",
            )
        )
    if rounded:
        diff = f"{sum(rounded, Decimal(0)).normalize():f}"  # exact: -0.006, not -0.01
        out.append(
            Issue(
                f"{len(rounded)} 行金额超过两位小数，已逐行四舍五入到分，合计差额 {diff} 元。",
                f"{len(rounded)} lines had amounts beyond the fen and were rounded line by "
                f"line; total difference {diff}.",
            )
        )
    return out
