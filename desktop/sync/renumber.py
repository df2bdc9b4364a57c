"""A copied ledger's unsent records renumbered under its own new desk code.

A ledger copied (or restored) from desk A's goes on handing out A's numbers: the copy's new
customer takes ``C-A-0002``, the code the original also takes for its next one. The server
tells the copy it is a copy (``diverged_desk``) before applying anything it sent; the copy
enrols anew as another desk (B). Before its first push there, each customer, supplier,
product and document that its **unsent** changes made under A's series gets the next code
of B's series (same kind, same month), in the ledger and in those outbox rows' arguments
alike, and the audit trail says so.

Rewriting the outbox is safe only because those rows never reached the server: a push that
answered ``diverged_desk`` applied none of its mutations, and nothing is pushed between
learning it and enrolling anew. (A change made before the ledger was copied, still unsent
in both, is one mutation id in two ledgers: the copy's renumbered one then differs from the
original's, and whichever arrives second is answered ``diverged`` for a person to see.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from desktop.ids import new_id
from desktop.models import AuditEntry, Document, OutboxEntry, OutboxState, Party, Product
from desktop.services.ledger import Ledger
from desktop.services.numbering import renumbered, series_desk
from desktop.services.parties import party_search_key
from desktop.services.products import product_search_key

#: the local setting naming the desk code this ledger had when the server said it is a copy
COPIED_FROM = "sync.copied_from"
#: the rows an intent makes that carry a series number or code (``UnitOfWork.new_key``)
_NUMBERED = ("party", "product", "document")


def note_copy(ledger: Ledger) -> None:
    """The server said this ledger is a copy: remember whose series its unsent records use
    (kept across a restart, until the next enrolment renumbers them)."""
    if not ledger.local_setting(COPIED_FROM):
        ledger.set_local_setting(COPIED_FROM, ledger.desk)


def renumber_unsent(ledger: Ledger) -> dict[str, str]:
    """After enrolling anew: the unsent records numbered in the old desk's series take the
    new desk's. Returns ``{old: new}`` (empty when there was nothing to do). Doing it again
    finds nothing left to do."""
    old, new = ledger.local_setting(COPIED_FROM) or "", ledger.desk
    if not old or old == new:
        if old:
            ledger.set_local_setting(COPIED_FROM, "")
        return {}
    with ledger.unit() as uow:
        session = uow.session
        rows = list(
            session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.state == OutboxState.PENDING)
                .order_by(OutboxEntry.seq)
            )
        )
        mapping: dict[str, str] = {}
        for row in rows:
            for table, _ident, text in row.args.get("made") or []:
                if table in _NUMBERED and text not in mapping and series_desk(text) == old:
                    fresh = renumbered(session, text, new)
                    if fresh is not None:
                        mapping[text] = fresh
        if mapping:
            _rename_records(session, mapping, new)
            for row in rows:
                row.args = _rewritten(row.args, mapping.get)
            session.add(
                AuditEntry(
                    actor=uow.actor,
                    desk=new,
                    entity="outbox",
                    entity_id=str(new_id()),
                    action="renumber",
                    before={"desk": old, "numbers": list(mapping)},
                    after={"desk": new, "numbers": list(mapping.values())},
                )
            )
    ledger.set_local_setting(COPIED_FROM, "")
    return mapping


def _rename_records(session: Any, mapping: dict[str, str], desk: str) -> None:
    """The records themselves take their new numbers (audited as updates by the unit)."""
    olds = list(mapping)
    for party in session.scalars(select(Party).where(Party.code.in_(olds))):
        party.code = mapping[party.code]
        party.search_key = party_search_key(party)
    for product in session.scalars(select(Product).where(Product.code.in_(olds))):
        product.code = mapping[product.code]
        product.search_key = product_search_key(product)
    for doc in session.scalars(select(Document).where(Document.number.in_(olds))):
        doc.number = mapping[doc.number]
        doc.desk = desk


def _rewritten(value: Any, new: Callable[[str], str | None]) -> Any:
    """``value`` with every string that is an old number replaced by its new one."""
    if isinstance(value, str):
        return new(value) or value
    if isinstance(value, list):
        return [_rewritten(v, new) for v in value]
    if isinstance(value, dict):
        return {k: _rewritten(v, new) for k, v in value.items()}
    return value
