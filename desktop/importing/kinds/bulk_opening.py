"""Opening balances (期初) for many customers or suppliers at once, written the way
``opening.opening_balance`` posts them one by one (a test compares the two)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from desktop.ids import new_hex
from desktop.importing.kinds.bulk import (
    add_balances,
    audit_row,
    bill_numbers,
    dashed,
    doc_row,
    execute_many,
)
from desktop.importing.kinds.bulk_rows import AUDIT, DOC, ENTRY, AuditRow, DocRow, EntryRow
from desktop.models import DocStatus, Party
from desktop.models.base import utcnow
from desktop.money import ZERO, to_scaled
from desktop.services.firm import get_firm
from desktop.services.terms import due_date as terms_due
from desktop.services.uow import UnitOfWork


def write_opening_balances(
    uow: UnitOfWork,
    flow: str,
    items: list[tuple[uuid.UUID, Decimal, date, str]],
    batch_id: Any,
) -> None:
    """``opening.opening_balance`` for many parties at once: a posted bill (or, for a credit,
    a posted receipt/payment) marked 期初 per party, its balance entry and due date from the
    party's terms, the balance cache, an audit entry per document (tagged with the batch, so
    undo red-reverses them) and the same sync intent each. ``items``: (party, amount, date,
    notes)."""
    from desktop.services.flow_kinds import FLOWS
    from desktop.services.opening import OPENING

    if not items:
        return
    session = uow.session
    session.flush()
    chosen = FLOWS[flow]
    firm = get_firm(session)
    parties = {
        p.id: p
        for start in range(0, len(items), 500)
        for p in session.scalars(
            select(Party).where(Party.id.in_([item[0] for item in items[start : start + 500]]))
        )
    }
    now = utcnow().isoformat(sep=" ")
    batch = batch_id.hex if batch_id else None
    doc_rows: list[DocRow] = []
    entry_rows: list[EntryRow] = []
    audit_rows: list[AuditRow] = []
    intents: list[dict[str, Any]] = []
    made: list[list[list[str]]] = []
    balances: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for kind, group in (
        (chosen.bill, [item for item in items if item[1] > 0]),
        (chosen.pay, [item for item in items if item[1] < 0]),
    ):
        numbers = bill_numbers(uow, kind, [item[2] for item in group])
        for (party_id, amount, on, notes), number in zip(group, numbers, strict=True):
            party = parties[party_id]
            doc_id = new_hex()
            due = terms_due(party, on) if amount > 0 else None
            cents = to_scaled(abs(amount), 2)
            doc_rows.append(
                doc_row(
                    uow,
                    firm,
                    now,
                    doc_id,
                    kind,
                    number,
                    DocStatus.POSTED,
                    party,
                    on,
                    due,
                    (cents, 0, cents),
                    reference=OPENING,
                    notes=notes or f"{OPENING}余额",
                )
            )
            entry_rows.append(
                EntryRow(
                    id=new_hex(),
                    party_id=party_id.hex,
                    account=chosen.account,
                    document_id=doc_id,
                    entry_date=on.isoformat(),
                    due_date=due.isoformat() if due else None,
                    amount=to_scaled(amount, 2),
                    created_at=now,
                )
            )
            balances[party_id] += amount
            after = {
                "kind": kind,
                "number": number,
                "reference": OPENING,
                "status": DocStatus.POSTED,
                "total": str(abs(amount)),
            }
            audit_rows.append(audit_row(uow, now, batch, "document", dashed(doc_id), after))
            made.append([["document", doc_id, number]])
            intents.append(
                {
                    "id": dashed(doc_id),
                    "number": number,
                    "party": party_id,
                    "amount": amount,
                    "date": on,
                    "flow": flow,
                    "due": due,
                    "reference": OPENING,
                    "notes": notes,
                }
            )
    conn = session.connection()
    execute_many(conn, DOC, doc_rows)
    execute_many(conn, ENTRY, entry_rows)
    execute_many(conn, AUDIT, audit_rows)
    add_balances(uow, chosen.account, balances)
    uow.touch("document")  # these three are written with raw SQL above
    uow.touch("party_entry")
    uow.record_many("opening.balance", intents, made)
