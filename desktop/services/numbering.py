"""Human document numbers and record codes, unique per firm and safe to assign offline.

Documents: ``{prefix}-{desk}-{yymm}-{n:04d}``, e.g. ``XS-A-2611-0001``. New customers,
suppliers and products: ``{prefix}-{desk}-{n:04d}``, e.g. ``C-A-0001``, ``S-B-0012``,
``SP-A-0305``. The desk code makes numbers from different desks distinct without asking
a server, and the dashes keep them distinct whatever the lengths (without them desk ``A1``'s
first customer and desk ``A``'s ten-thousand-and-first would both be ``CA10001``). Each
series only counts up, so a code is never handed out twice even after records are archived
or deleted; gaps are allowed (a cancelled draft keeps its number). Codes an owner types or
imports are kept exactly as given; a series skips any code already taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from desktop.models import DocKind, NumberSeries, Party, Product
from desktop.services.raw_sql import RawStatement

PREFIX: dict[str, str] = {
    DocKind.QUOTE: "BJ",
    DocKind.SALES_ORDER: "XD",
    DocKind.DELIVERY: "FH",
    DocKind.SALES_BILL: "XS",
    DocKind.SALES_RETURN: "XT",
    DocKind.PURCHASE_ORDER: "CD",
    DocKind.GOODS_RECEIPT: "RK",
    DocKind.SUPPLIER_BILL: "CG",
    DocKind.PURCHASE_RETURN: "CT",
    DocKind.RECEIPT: "SK",
    DocKind.PAYMENT: "FK",
    DocKind.STOCKTAKE: "PD",
}

#: the series of new records' codes (no period: codes never restart); none is a PREFIX
CODE_PREFIX: dict[str, str] = {"customer": "C", "supplier": "S", "product": "SP"}


def next_number(session: Session, kind: str, desk: str, on: date) -> str:
    """Take the next number of ``kind`` for ``desk`` in the month of ``on``."""
    return _take_number(session, PREFIX[kind], desk, on.strftime("%y%m"))


def _take_number(session: Session, prefix: str, desk: str, period: str) -> str:
    """The series' next number, taken with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``
    (the series made at its first number); through the session's object instead when the
    session holds that series already (``observe`` moved it), so the two never disagree."""
    key = identity_key(NumberSeries, (prefix, desk, period))
    series = session.identity_map.get(key)
    if series is None and not any(isinstance(o, NumberSeries) for o in session.new):
        if session.autoflush:  # what is pending goes first, as reading the series flushed it
            session.flush()
        last = _TAKE.scalar(session.connection(), {"p": prefix, "d": desk, "n": period})
        return f"{prefix}-{desk}-{period}-{last:04d}"
    if series is None:
        series = session.get(NumberSeries, (prefix, desk, period))
    if series is None:
        series = NumberSeries(prefix=prefix, desk=desk, period=period, last=0)
        session.add(series)
    series.last += 1
    return f"{prefix}-{desk}-{period}-{series.last:04d}"


#: take a series' next number in one statement (the series made at 1 when new)
_TAKE = RawStatement(
    text(
        "INSERT INTO number_series (prefix, desk, period, last) VALUES (:p, :d, :n, 1)"
        " ON CONFLICT (prefix, desk, period) DO UPDATE SET last = last + 1 RETURNING last"
    )
)


def party_code_kind(is_customer: object, is_supplier: object) -> str:
    """Which code series a new party takes: suppliers only → supplier, else customer."""
    return "supplier" if is_supplier and not is_customer else "customer"


def codes_for(
    session: Session, what: str, desk: str, taken: Callable[[str], bool] | None = None
) -> Iterator[str]:
    """Fresh codes of ``what`` (customer, supplier, product) for ``desk``, one per ``next``.

    Each code taken moves the desk's series on in ``session`` (so it commits, or not, with
    the records). ``taken(code)`` says a code is in use already (by default: a record has
    it); such codes are skipped. Bulk writers pass their own set of codes, seen and planned.
    """
    prefix = CODE_PREFIX[what]
    if taken is None:
        model = Product if what == "product" else Party
        taken = lambda code: (  # noqa: E731
            session.scalar(select(model.id).where(model.code == code).limit(1)) is not None
        )
    series = session.get(NumberSeries, (prefix, desk, ""))
    if series is None:
        series = NumberSeries(prefix=prefix, desk=desk, period="", last=0)
        session.add(series)
    while True:
        series.last += 1
        code = f"{prefix}-{desk}-{series.last:04d}"
        if not taken(code):
            yield code


def next_code(
    session: Session, what: str, desk: str, taken: Callable[[str], bool] | None = None
) -> str:
    """The next free code of a new customer, supplier or product made at ``desk``."""
    return next(codes_for(session, what, desk, taken))


_NUMBER = re.compile(r"^([A-Z]+)-([A-Z][A-Z0-9]{0,3})-(?:(\d{4})-)?(\d+)$")


def observe(session: Session, number: str) -> None:
    """A number or code made elsewhere (an intent applied again): its series moves past it,
    so this copy of the ledger never hands it out a second time."""
    match = _NUMBER.match(number)
    if match is None:
        return
    prefix, desk, n = match.group(1), match.group(2), int(match.group(4))
    period = match.group(3) or ""
    series = session.get(NumberSeries, (prefix, desk, period))
    if series is None:
        session.add(NumberSeries(prefix=prefix, desk=desk, period=period, last=n))
    elif series.last < n:
        series.last = n


def series_desk(number: str) -> str | None:
    """The desk whose series ``number`` was taken from (None: not a series number, e.g. a
    code an owner typed)."""
    match = _NUMBER.match(number)
    return match.group(2) if match else None


def renumbered(session: Session, number: str, desk: str) -> str | None:
    """The next number of ``number``'s series (same kind, same month) taken at ``desk``
    instead: for a copied ledger's unsent records, which took numbers of the original's
    series (``desktop.sync.renumber``). None when ``number`` is not one a series handed out."""
    match = _NUMBER.match(number)
    if match is None:
        return None
    prefix, period = match.group(1), match.group(3)
    if period is None:
        what = {p: w for w, p in CODE_PREFIX.items()}.get(prefix)
        return None if what is None else next_code(session, what, desk)
    if prefix not in PREFIX.values():
        return None
    return _take_number(session, prefix, desk, period)
