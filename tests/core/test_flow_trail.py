"""The sync intents and the audit trail of the trade flows stay byte for byte what they were.

Other desks replay the outbox and people read the audit log, so making the flows cheaper
(issue 18) must not change one byte of either. The fixture ``flow_trail.json`` was written
from main before the flows were sped up; it holds the raw JSON text SQLite stores for each
intent and audit row of: a purchase order received and billed, a sales order delivered and
billed (the window's four buttons each), and a second sales order delivered in two parts,
billed, partly returned and paid. Ids are replaced by their order of first appearance and
timestamps by ``<ts>``; everything else is compared as stored.

Regenerate (only when a change of the trail is intended, and say so in the commit):
``ZHANGFANG_WRITE_TRAIL=1 pytest tests/core/test_flow_trail.py``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models import DocKind, Document
from desktop.services import credit, documents, payments, trade
from desktop.services.ledger import Ledger
from tests.helpers import customer, supplier
from tests.history import order_lines, setup_products

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "flow_trail.json"
ON = date(2025, 3, 3)
LATER = date(2025, 3, 5)

_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![0-9a-z])[0-9a-f]{32}(?![0-9a-z])"
)
_TS = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?")


def drive(ledger: Ledger) -> None:
    """The flows, as the window's buttons run them, each step its own unit of work."""
    setup_products(ledger)
    buyer = customer(ledger, "跟踪客户五金店", credit_limit="1000000", terms_days=30)
    seller = supplier(ledger, "跟踪供应商", terms_days=45)
    start = _last_seqs(ledger)

    for kind, party in ((DocKind.PURCHASE_ORDER, seller), (DocKind.SALES_ORDER, buyer)):
        with ledger.unit() as uow:
            order_id = documents.create_draft(
                uow, kind, party, order_lines(ledger), ON, ship_to="", notes=""
            ).id
        with ledger.unit() as uow:
            credit.confirm_order(uow, order_id, override_reason="", owner_password=None, as_of=ON)
        with ledger.unit() as uow:
            trade.fulfil(uow, order_id, None, ON)
        with ledger.unit() as uow:
            trade.bill_order(uow, order_id, doc_date=ON)

    # a second sales order: delivered in two parts, billed, partly returned, paid
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, DocKind.SALES_ORDER, buyer, order_lines(ledger), ON, salesperson="小王"
        )
        order_id, first_line = order.id, order.lines[0].id
    with ledger.unit() as uow:
        credit.confirm_order(uow, order_id, as_of=ON)
    with ledger.unit() as uow:
        trade.fulfil(uow, order_id, {first_line: Decimal(4)}, ON, notes="先发一部分")
    with ledger.unit() as uow:
        trade.fulfil(uow, order_id, None, LATER)
    with ledger.unit() as uow:
        bill = trade.bill_order(uow, order_id, doc_date=LATER)
        bill_id, bill_line = bill.id, bill.lines[0].id
    with ledger.unit() as uow:
        trade.return_goods(uow, bill_id, {bill_line: Decimal(1)}, LATER)
    with ledger.read() as s:
        owed = s.scalar(select(Document.total).where(Document.id == bill_id))
    with ledger.unit() as uow:
        payments.record_payment(uow, buyer, owed - Decimal(20), doc_date=LATER, method="转账")
    _RECORDED[ledger.path] = start


_RECORDED: dict[Path, tuple[int, int]] = {}


def _last_seqs(ledger: Ledger) -> tuple[int, int]:
    with sqlite3.connect(ledger.path) as db:
        out = db.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()[0]
        audit = db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetchone()[0]
    return out, audit


def trail(path: Path, start: tuple[int, int]) -> dict[str, list[str]]:
    """The intents and audit rows written after ``start``, as stored, normalised."""
    names: dict[str, str] = {}

    def norm(value: Any) -> str:
        text = "" if value is None else str(value)

        def ident(m: re.Match[str]) -> str:
            key = m.group(0).replace("-", "")
            return names.setdefault(key, f"<id{len(names) + 1}>")

        return _UUID.sub(ident, _TS.sub("<ts>", text))

    with sqlite3.connect(path) as db:
        intents = [
            " | ".join(norm(v) for v in row)
            for row in db.execute(
                "SELECT actor, intent, args, state FROM outbox WHERE seq > ? ORDER BY seq",
                (start[0],),
            )
        ]
        audit = [
            " | ".join(norm(v) for v in row)
            for row in db.execute(
                "SELECT actor, desk, entity, entity_id, action, before, after, batch_id"
                " FROM audit_log WHERE seq > ? ORDER BY seq",
                (start[1],),
            )
        ]
    return {"intents": intents, "audit": audit}


def recorded(ledger: Ledger) -> dict[str, list[str]]:
    drive(ledger)
    path = ledger.path
    ledger.close()
    return trail(path, _RECORDED.pop(path))


def test_flows_write_the_same_intents_and_audit_trail(ledger: Ledger) -> None:
    got = recorded(ledger)
    if os.environ.get("ZHANGFANG_WRITE_TRAIL") == "1":  # regenerating, on purpose
        FIXTURE.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
        pytest.skip(f"wrote {FIXTURE.name}")
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(got["intents"]) == len(expected["intents"])
    for n, (mine, theirs) in enumerate(zip(got["intents"], expected["intents"], strict=True)):
        assert mine == theirs, f"intent {n + 1} differs"
    assert len(got["audit"]) == len(expected["audit"])
    for n, (mine, theirs) in enumerate(zip(got["audit"], expected["audit"], strict=True)):
        assert mine == theirs, f"audit row {n + 1} differs"


def test_the_trail_names_every_step(ledger: Ledger) -> None:
    """The fixture is not empty or stale: each button's intent is there, in order."""
    got = recorded(ledger)
    kinds = [line.split(" | ")[1] for line in got["intents"]]
    assert kinds[:8] == [
        "purchase_order.create",
        "purchase_order.confirm",
        "purchase_order.deliver",
        "purchase_order.bill",
        "sales_order.create",
        "sales_order.confirm",
        "sales_order.deliver",
        "sales_order.bill",
    ]
    assert kinds[-2:] == ["sales_bill.return", "receipt.record"]
    assert sum(1 for line in got["audit"] if "| document_line |" in line) >= 5 * 9
