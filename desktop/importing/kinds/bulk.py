"""Bulk writing of imported bills: what ``trade.post`` does, for hundreds of thousands of lines.

Rows go in with ``executemany`` on the unit of work's own connection (same transaction), as
the scaled integers the model types store. The consequences match the services exactly:
numbers from the same series (``numbering``), line figures from ``money.line_amounts``, party
entries and the balance cache as ``posting.post_entry`` writes them, stock moves at moving
average as ``posting.post_moves`` values them. One audit entry per document carries the batch
id so the import can be undone; one outbox entry announces the batch to sync.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from desktop.ids import new_id
from desktop.importing.kinds.base import Context
from desktop.models import DocKind, NumberSeries, Party, PartyBalance, Product, StockBalance
from desktop.models.base import utcnow
from desktop.money import PRICE_SCALE, ZERO, quantize
from desktop.services.firm import get_firm
from desktop.services.numbering import PREFIX
from desktop.services.terms import due_date as terms_due
from desktop.services.uow import UnitOfWork

Line = tuple[Any, str, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]
CHUNK = 20_000


@dataclass
class DocSpec:
    """One bill to write: header values and its lines
    (product, unit, factor, qty, price, rate, net, tax, total)."""

    ref: str
    party_id: uuid.UUID
    doc_date: date
    number: str = ""
    salesperson: str = ""
    notes: str = ""
    lines: list[Line] = field(default_factory=list)


def _i(value: Decimal, scale: int) -> int:
    return int(value.scaleb(scale).to_integral_value())


def write_documents(uow: UnitOfWork, flow: str, docs: list[DocSpec], ctx: Context) -> None:
    if not docs:
        return
    session = uow.session
    session.flush()
    firm = get_firm(session)
    kind = DocKind.SALES_BILL if flow == "sales" else DocKind.SUPPLIER_BILL
    account = "AR" if flow == "sales" else "AP"
    post = ctx.options.post_balances
    status = "posted" if post else "closed"
    now = utcnow().isoformat(sep=" ")
    docs.sort(key=lambda d: (d.doc_date, d.ref))
    numbers = _numbers(uow, kind, [d.doc_date for d in docs])
    parties = {
        p.id: p
        for p in session.scalars(select(Party).where(Party.id.in_({d.party_id for d in docs})))
    }
    prefix_note = "历史单据（导入）" if not post else "历史单据（导入，已过账）"
    doc_rows: list[tuple[Any, ...]] = []
    line_rows: list[tuple[Any, ...]] = []
    audit_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[Any, ...]] = []
    moves: list[tuple[Any, ...]] = []  # (date, product, doc id, line id, base qty, net)
    balances: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    batch = ctx.batch_id.hex if ctx.batch_id else None
    for doc, number in zip(docs, numbers, strict=True):
        doc_id = new_id()
        net = sum((ln[6] for ln in doc.lines), ZERO)
        tax = sum((ln[7] for ln in doc.lines), ZERO)
        total = sum((ln[8] for ln in doc.lines), ZERO)
        party = parties[doc.party_id]
        due = terms_due(party, doc.doc_date) if post else None
        notes = "；".join(x for x in (prefix_note, doc.notes) if x)
        doc_rows.append(
            (
                doc_id.hex,
                now,
                now,
                kind,
                number,
                status,
                doc.party_id.hex,
                doc.doc_date.isoformat(),
                due.isoformat() if due else None,
                doc.salesperson or party.salesperson,
                firm.currency,
                1 if firm.prices_include_tax else 0,
                _i(net, 2),
                _i(tax, 2),
                _i(total, 2),
                "",
                doc.number[:120],
                "",
                notes,
                uow.actor,
                uow.desk,
                now if post else None,
                0,
                doc.ref,
            )
        )
        for no, (product, unit, factor, qty, price, rate, l_net, l_tax, l_total) in enumerate(
            doc.lines, 1
        ):
            line_id = new_id()
            line_rows.append(
                (
                    line_id.hex,
                    doc_id.hex,
                    no,
                    product.hex,
                    unit,
                    _i(factor, 4),
                    _i(qty, 4),
                    _i(price, 6),
                    0,
                    _i(rate, 6),
                    _i(l_net, 2),
                    _i(l_tax, 2),
                    _i(l_total, 2),
                    "",
                )
            )
            if ctx.options.move_stock:
                moves.append((doc.doc_date, product, doc_id, line_id, qty * factor, l_net))
        if post and total:
            entry_rows.append(
                (
                    new_id().hex,
                    doc.party_id.hex,
                    account,
                    doc_id.hex,
                    doc.doc_date.isoformat(),
                    due.isoformat() if due else None,
                    _i(total, 2),
                    now,
                )
            )
            balances[doc.party_id] += total
        after = {
            "kind": kind,
            "number": number,
            "reference": doc.number,
            "external_ref": doc.ref,
            "status": status,
            "total": str(total),
            "lines": len(doc.lines),
        }
        audit_rows.append(
            (
                now,
                uow.actor,
                uow.desk,
                "document",
                str(doc_id),
                "insert",
                None,
                json.dumps(after, ensure_ascii=False),
                batch,
            )
        )
    conn = session.connection()
    _many(
        conn,
        "INSERT INTO document (id, created_at, updated_at, kind, number, status, party_id, "
        "doc_date, due_date, salesperson, currency, prices_include_tax, net_total, tax_total, "
        "total, method, reference, ship_to, notes, created_by, desk, posted_at, print_count, "
        "external_ref) VALUES (" + ",".join("?" * 24) + ")",
        doc_rows,
    )
    _many(
        conn,
        "INSERT INTO document_line (id, document_id, line_no, product_id, unit, unit_factor, "
        "qty, unit_price, discount_rate, tax_rate, net_amount, tax_amount, total_amount, notes) "
        "VALUES (" + ",".join("?" * 14) + ")",
        line_rows,
    )
    _many(
        conn,
        "INSERT INTO party_entry (id, party_id, account, document_id, entry_date, due_date, "
        "amount, created_at) VALUES (?,?,?,?,?,?,?,?)",
        entry_rows,
    )
    _many(
        conn,
        "INSERT INTO audit_log (at, actor, desk, entity, entity_id, action, before, after, "
        "batch_id) VALUES (?,?,?,?,?,?,?,?,?)",
        audit_rows,
    )
    for party_id, amount in balances.items():
        row = session.get(PartyBalance, (party_id, account))
        if row is None:
            session.add(PartyBalance(party_id=party_id, account=account, balance=amount))
        else:
            row.balance += amount
        uow.touch("balance", party_id)
    if moves:
        _write_moves(uow, flow, moves, now)
    uow.touch("document")
    uow.record(
        "import.documents",
        {
            "batch": ctx.batch_id,
            "kind": kind,
            "status": status,
            "documents": len(docs),
            "lines": len(line_rows),
            "moves_stock": ctx.options.move_stock,
        },
    )


def _many(conn: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.exec_driver_sql(sql, rows[start : start + CHUNK])


def _numbers(uow: UnitOfWork, kind: str, dates: list[date]) -> list[str]:
    """Take numbers from the same series ``numbering.next_number`` uses, in date order."""
    session = uow.session
    prefix = PREFIX[kind]
    series: dict[str, NumberSeries] = {
        s.period: s
        for s in session.scalars(
            select(NumberSeries).where(NumberSeries.prefix == prefix, NumberSeries.desk == uow.desk)
        )
    }
    out: list[str] = []
    for on in dates:
        period = on.strftime("%y%m")
        s = series.get(period)
        if s is None:
            s = series[period] = NumberSeries(prefix=prefix, desk=uow.desk, period=period, last=0)
            session.add(s)
        s.last += 1
        out.append(f"{prefix}-{uow.desk}-{period}-{s.last:04d}")
    return out


def _write_moves(uow: UnitOfWork, flow: str, moves: list[tuple[Any, ...]], now: str) -> None:
    """Stock moves in date order at moving-average cost, as ``posting.post_moves`` values them."""
    session = uow.session
    sign = -1 if flow == "sales" else 1
    products = {m[1] for m in moves}
    cache = {
        b.product_id: b
        for b in session.scalars(select(StockBalance).where(StockBalance.product_id.in_(products)))
    }
    costs = dict(
        session.execute(
            select(Product.id, Product.cost_price).where(Product.id.in_(products))
        ).all()
    )
    rows: list[tuple[Any, ...]] = []
    moves.sort(key=lambda m: m[0])
    for on, product, doc_id, line_id, base_qty, net in moves:
        bal = cache.get(product)
        if bal is None:
            bal = cache[product] = StockBalance(product_id=product, qty=ZERO, value=ZERO)
            session.add(bal)
        qty = sign * base_qty
        if sign > 0:
            cost = quantize(net / base_qty, PRICE_SCALE) if base_qty else ZERO
        else:
            avg = bal.value / bal.qty if bal.qty else ZERO
            cost = quantize(avg, PRICE_SCALE) if avg > 0 else costs.get(product, ZERO)
        new_qty = bal.qty + qty
        bal.value = ZERO if new_qty == 0 else quantize(bal.value + qty * cost, 4)
        bal.qty = new_qty
        rows.append(
            (
                new_id().hex,
                product.hex,
                doc_id.hex,
                line_id.hex,
                on.isoformat(),
                _i(qty, 4),
                _i(cost, 6),
                now,
            )
        )
        uow.touch("stock", product)
    _many(
        session.connection(),
        "INSERT INTO stock_move (id, product_id, document_id, line_id, "
        "move_date, qty, unit_cost, created_at) VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )
