"""The demo business, simulated day by day with the services' own rules.

Every figure comes from the same pure rules the services use — line amounts
from ``money.line_amounts``, due dates from ``terms.due_date``, entry signs from
``trade.entry_sign``, stock moves valued and posted by ``costing.post_move`` (as
``posting.post_moves`` does), order statuses as ``trade.refresh_order_status`` sets them, allocations as
``payments.record_payment`` and ``trade.return_goods`` make them — so the rows
are the ones the services would have written, only without a round trip per row.

Each simulated action is also recorded as the intent the service records for it
(``sales_order.create``, ``sales_order.deliver``, ``receipt.record`` …, see
``desktop.sync.intents``), with the keys of the rows it made: the demo's outbox,
applied again through the services to an empty ledger, makes the same books — the
proof, run by the tests, that the simulation and the services agree. (Without the
``posted`` figures the services add to prove a copy posts the same: the tests compare
the whole books instead, and leaving them out keeps the demo's cost down.)
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from itertools import accumulate
from typing import Any

from desktop.models import DocStatus, FapiaoDirection, FapiaoKind, FapiaoStatus
from desktop.money import line_amounts
from desktop.services import costing
from desktop.services import demo_names as nm
from desktop.services.demo_rows import (
    Ids,
    Made,
    RowSink,
    SimDoc,
    SimLine,
    SimParty,
    SimProduct,
)
from desktop.services.flow_kinds import PURCHASE, SALES, Flow, entry_sign
from desktop.services.numbering import PREFIX

ZERO = Decimal(0)
Q6, Q4, Q2, HUNDRED = Decimal("0.000001"), Decimal("0.0001"), Decimal("0.01"), Decimal(100)
POSTED, CONFIRMED, PARTIAL, FULFILLED = (
    DocStatus.POSTED,
    DocStatus.CONFIRMED,
    DocStatus.PARTIAL,
    DocStatus.FULFILLED,
)
OPEN_ORDER = (CONFIRMED, PARTIAL, FULFILLED)
#: line spec: product, unit, factor, qty, unit price, discount, tax rate, source line
Spec = tuple[SimProduct, str, Decimal, Decimal, Decimal, Decimal, Decimal, SimLine | None]


class SimBase:
    """State and bookkeeping rules shared by every simulated action."""

    def __init__(
        self,
        rng: random.Random,
        ids: Ids,
        sink: RowSink,
        customers: list[SimParty],
        suppliers: list[SimParty],
        products: list[SimProduct],
        weights: list[float],
        start: date,
        end: date,
        actor: str,
        desk: str,
    ) -> None:
        self.rng, self.ids, self.sink = rng, ids, sink
        self.customers, self.suppliers, self.products = customers, suppliers, products
        self.cum = list(accumulate(weights))
        self.start, self.end, self.actor, self.desk = start, end, actor, desk
        self.series: dict[tuple[str, str], int] = {}
        self.events: list[tuple[int, int, Callable[..., None], tuple[Any, ...]]] = []
        self.seq = 0
        self.today = start
        self.watch: dict[int, SimProduct] = {}
        self.seen: dict[str, int] = {}
        #: the last day's counter sales (``id`` of the order): delivered and billed at once
        self.walk_ins: set[int] = set()
        self.force_from = start + timedelta(days=20)
        self.fapiao_seq = 0

    # ---------------------------------------------------------------- plumbing
    def at(self, day: date, fn: Callable[..., None], *args: Any) -> None:
        self.seq += 1
        heapq.heappush(self.events, (max(day, self.today).toordinal(), self.seq, fn, args))

    def chance(self, feature: str, p: float) -> bool:
        """True with probability ``p``; forced once after the first weeks so every demo has it."""
        return self.rng.random() < p or (
            self.seen.get(feature, 0) == 0 and self.today >= self.force_from
        )

    def record(self, intent: str, args: dict[str, Any], made: Made | None = None) -> None:
        """The intent the service records for the action just simulated (see module doc)."""
        self.sink.record(self.ids, self.today, self.actor, intent, args, made or [])

    # The recorders below write ids as hex and decimals and dates as text themselves: the
    # JSON encoder then never calls back into Python, which halves the cost of an intent.

    def record_draft(self, doc: SimDoc, header: dict[str, Any]) -> None:
        """``documents.create_draft``: a new document with its lines."""
        row = doc.row
        self.record(
            f"{row['kind']}.create",
            {
                "id": row["id"].hex,
                "number": row["number"],
                "party": doc.party.id.hex,
                "date": doc.day.isoformat(),
                "header": header,
                "lines": [line_args(x) for x in doc.lines],
            },
            made_of(doc),
        )

    def record_child(
        self, intent: str, doc: SimDoc, source: SimDoc, header: dict[str, Any]
    ) -> None:
        """``trade._record_child``: a delivery, bill or return made from ``source``."""
        quantities: dict[str, Decimal] = {}
        for x in doc.lines:
            assert x.source is not None
            key = x.source.id.hex
            quantities[key] = quantities.get(key, ZERO) + x.qty
        self.record(
            intent,
            {
                "source": source.row["id"].hex,
                "quantities": {k: str(q) for k, q in quantities.items()},
                "date": doc.day.isoformat(),
                "header": header,
            },
            made_of(doc),
        )

    def happened(self, feature: str) -> None:
        self.seen[feature] = self.seen.get(feature, 0) + 1

    def number(self, kind: str, day: date) -> str:
        key = (PREFIX[kind], day.strftime("%y%m"))
        last = self.series.get(key, 0) + 1
        self.series[key] = last
        return f"{key[0]}-{self.desk}-{key[1]}-{last:04d}"

    def doc(
        self,
        kind: str,
        party: SimParty,
        day: date,
        specs: list[Spec],
        status: str,
        source: SimDoc | None = None,
        **extra: Any,
    ) -> SimDoc:
        """A numbered document with its lines, totals as Σ line figures (recompute_totals)."""
        ids = self.ids
        doc_id = ids.new(day)
        stamp = ids.clock(day)
        lines: list[SimLine] = []
        net = tax = total = ZERO
        rows = self.sink.rows["document_line"]
        for no, (product, unit, factor, qty, price, disc, rate, src) in enumerate(specs, 1):
            a = line_amounts(qty, price, rate, disc, True)
            line = SimLine(
                ids.new(day),
                product,
                unit,
                factor,
                qty,
                price,
                disc,
                rate,
                a.net,
                a.tax,
                a.total,
                src,
            )
            lines.append(line)
            rows.append(
                {
                    "id": line.id,
                    "document_id": doc_id,
                    "line_no": no,
                    "product_id": product.id,
                    "unit": unit,
                    "unit_factor": factor,
                    "qty": qty,
                    "unit_price": price,
                    "discount_rate": disc,
                    "tax_rate": rate,
                    "net_amount": a.net,
                    "tax_amount": a.tax,
                    "total_amount": a.total,
                    "source_line_id": src.id if src else None,
                    "notes": "",
                }
            )
            net += a.net
            tax += a.tax
            total += a.total
        row: dict[str, Any] = {
            "id": doc_id,
            "created_at": stamp,
            "updated_at": stamp,
            "kind": kind,
            "number": self.number(kind, day),
            "status": status,
            "party_id": party.id,
            "doc_date": day,
            "due_date": None,
            "source_id": source.row["id"] if source else None,
            "reverses_id": None,
            "salesperson": party.salesperson,
            "currency": "CNY",
            "prices_include_tax": True,
            "net_total": net,
            "tax_total": tax,
            "total": total,
            "method": "",
            "reference": "",
            "ship_to": "",
            "notes": "",
            "created_by": self.actor,
            "desk": self.desk,
            "posted_at": stamp if status == POSTED else None,
            "print_count": 0,
            "external_ref": None,
            "buyer_id": None,
        }
        row.update(extra)
        doc = SimDoc(row, party, day, lines, row["total"])
        self.sink.docs.append(doc)
        return doc

    def move(
        self,
        doc: SimDoc,
        product: SimProduct,
        qty: Decimal,
        unit_cost: Decimal | None,
        line: SimLine | None,
        taking_back: bool = False,
    ) -> None:
        """One stock move, valued and posted by the posting rules (``services.costing``);
        ``taking_back``: it negates an earlier move at its cost (a reversal, as
        ``posting.post_moves`` takes one back)."""
        if taking_back and unit_cost is not None:
            cost = unit_cost
            costing.take_back(product, -qty, cost)
        else:
            cost = costing.post_move(product, qty, unit_cost, product.cost)
        product.moved = True
        doc.moves.append((product, qty, cost))
        self.sink.rows["stock_move"].append(
            {
                "id": self.ids.new(doc.day),
                "product_id": product.id,
                "document_id": doc.row["id"],
                "line_id": line.id if line else None,
                "move_date": doc.day,
                "qty": qty,
                "unit_cost": cost,
                "created_at": doc.row["created_at"],
            }
        )

    def entry(self, doc: SimDoc, flow: Flow, amount: Decimal, due: date | None = None) -> None:
        if amount == 0:
            return
        self.sink.rows["party_entry"].append(
            {
                "id": self.ids.new(doc.day),
                "party_id": doc.party.id,
                "account": flow.account,
                "document_id": doc.row["id"],
                "entry_date": doc.day,
                "due_date": due,
                "amount": amount,
                "created_at": doc.row["created_at"],
            }
        )
        doc.party.balance += amount
        doc.party.has_balance = True

    def allocate(self, frm: SimDoc, to: SimDoc, amount: Decimal, day: date) -> None:
        if amount == 0:
            return
        self.sink.rows["allocation"].append(
            {
                "id": self.ids.new(day),
                "from_document_id": frm.row["id"],
                "to_document_id": to.row["id"],
                "alloc_date": day,
                "amount": amount,
                "created_at": self.ids.clock(day),
            }
        )

    def refresh(self, order: SimDoc, day: date) -> None:
        """trade.refresh_order_status: confirmed ↔ partial ↔ fulfilled by delivered quantity."""
        if order.status not in OPEN_ORDER:
            return
        lines = order.lines
        if all(x.done >= x.qty * x.factor for x in lines):
            status = FULFILLED
        elif any(x.done != 0 for x in lines):
            status = PARTIAL
        else:
            status = CONFIRMED
        if status != order.status:
            self.sink.change(order, self.ids.clock(day), status=status)

    def days(self, lo: int, hi: int) -> timedelta:
        return timedelta(days=self.rng.randint(lo, hi))


class MoneySim(SimBase):
    """Money and paperwork: receipts, payments, red documents, fapiao."""

    def redo(self, doc: SimDoc, day: date, reason: str) -> SimDoc:
        """The red document itself (红冲): negated lines and totals, original marked reversed."""
        row = doc.row
        specs: list[Spec] = [
            (x.product, x.unit, x.factor, -x.qty, x.price, x.disc, x.rate, x.source)
            for x in doc.lines
        ]
        red = self.doc(
            row["kind"],
            doc.party,
            day,
            specs,
            POSTED,
            None,
            source_id=row["source_id"],
            reverses_id=row["id"],
            notes=f"红冲 {row['number']}：{reason}",
            method=row["method"],
            reference=row["reference"],
        )
        if not specs:
            red.row.update(
                net_total=-row["net_total"], tax_total=-row["tax_total"], total=-row["total"]
            )
            red.total = red.row["total"]
        self.sink.change(doc, red.row["created_at"], status=DocStatus.REVERSED)
        self.record(
            "document.reverse",
            {"id": row["id"], "reason": reason, "date": day},
            made_of(red),
        )
        return red

    # ---------------------------------------------------------------- money
    def pay_bill(self, bill: SimDoc, how: str) -> None:
        if bill.open <= 0 or bill.status != POSTED:
            return
        amount = bill.open
        if how == "half":
            half = (bill.total / 2 / HUNDRED).to_integral_value(ROUND_FLOOR) * HUNDRED
            amount = min(amount, half) if half > 0 else amount
        self.receive(bill.party, [(bill, amount)])

    def settle(self, c: SimParty) -> None:
        """月结: pay the bills due by now in one receipt, oldest first (slow payers pay part)."""
        day = self.today
        due = sorted(
            (b for b in c.bills if b.open > 0 and b.row["due_date"] <= day),
            key=lambda b: (b.row["due_date"], b.row["number"]),
        )
        total = sum((b.open for b in due), ZERO)
        if total <= 0:
            return
        share = {"prompt": None, "installments": Decimal("0.6"), "slow": Decimal("0.4")}[
            c.behaviour
        ]
        amount = total
        if share is not None and total > 1000:
            amount = (total * share / HUNDRED).to_integral_value(ROUND_FLOOR) * HUNDRED
        plan = []
        for b in due:
            part = min(amount, b.open)
            if part <= 0:
                break
            plan.append((b, part))
            amount -= part
        self.receive(c, plan)

    def receive(self, party: SimParty, plan: list[tuple[SimDoc, Decimal]]) -> None:
        """payments.record_payment with explicit allocations (receipt or payment)."""
        day, rng = self.today, self.rng
        flow = SALES if party.customer else PURCHASE
        value = sum((part for _, part in plan), ZERO)
        method = rng.choice(nm.METHODS)
        reference = f"{rng.randint(10**11, 10**12 - 1)}" if method == "银行转账" else ""
        header: dict[str, Any] = {
            "method": method,
            "reference": reference,
            "net_total": value,
            "total": value,
            "posted_at": None,
        }
        doc = self.doc(flow.pay, party, day, [], POSTED, **header)
        doc.total = value
        self.entry(doc, flow, entry_sign(flow.pay) * value)
        for bill, part in plan:
            self.allocate(doc, bill, part, day)
            bill.open -= part
        self.record_payment(doc, flow, plan)
        if flow is SALES and self.chance("reverse_receipt", 0.004):
            twin = self.doc(flow.pay, party, day, [], POSTED, **header)
            twin.total = value
            self.entry(twin, flow, entry_sign(flow.pay) * value)
            self.record_payment(twin, flow, [])
            self.at(day + self.days(1, 2), self.reverse_receipt, twin)

    def record_payment(self, doc: SimDoc, flow: Flow, plan: list[tuple[SimDoc, Decimal]]) -> None:
        """``payments.record_payment`` with explicit allocations."""
        row = doc.row
        self.record(
            f"{flow.pay}.record",
            {
                "id": row["id"],
                "number": row["number"],
                "party": doc.party.id,
                "amount": doc.total,
                "date": doc.day,
                "method": row["method"],
                "reference": row["reference"],
                "notes": "",
                "allocations": [(bill.row["id"], part) for bill, part in plan],
            },
            [["document", row["id"].hex, row["number"]]],
        )

    def reverse_receipt(self, twin: SimDoc) -> None:
        """A receipt entered twice is reversed: entry back, the pair netted by an allocation."""
        day = self.today
        self.happened("reverse_receipt")
        red = self.redo(twin, day, "重复录入")
        self.entry(red, SALES, -entry_sign(SALES.pay) * twin.total)
        self.allocate(twin, red, twin.total, day)

    # ---------------------------------------------------------------- fapiao
    def fapiao_row(
        self,
        bill: SimDoc,
        day: date,
        kind: str,
        direction: str,
        net: Decimal,
        tax: Decimal,
        status: str,
        **extra: Any,
    ) -> dict[str, Any]:
        self.fapiao_seq += 1
        yy = day.strftime("%y")
        if direction == FapiaoDirection.IN:
            code, number = f"{3100 + bill.party.index:04d}{yy}1130", f"{self.fapiao_seq:08d}"
        elif kind == FapiaoKind.DIGITAL:
            code, number = "", f"{yy}44{self.fapiao_seq:016d}"
        else:
            code = f"4400{yy}{'1130' if kind == FapiaoKind.SPECIAL else '2320'}"
            number = f"{self.fapiao_seq:08d}"
        stamp = self.ids.clock(day)
        row = {
            "id": self.ids.new(day),
            "created_at": stamp,
            "updated_at": stamp,
            "number": number,
            "code": code,
            "issue_date": day,
            "kind": kind,
            "direction": direction,
            "party_id": bill.party.id,
            "net_amount": net,
            "tax_amount": tax,
            "total_amount": net + tax,
            "status": status,
            "red_of_id": None,
            "notes": "",
            **extra,
        }
        self.sink.rows["fapiao"].append(row)
        self.sink.rows["fapiao_link"].append(
            {
                "id": self.ids.new(day),
                "fapiao_id": row["id"],
                "document_id": bill.row["id"],
                "amount": net + tax,
            }
        )
        self.happened("fapiao_" + status)
        return row

    def issue_fapiao(self, bill: SimDoc, direction: str) -> None:
        """fapiao.record_fapiao for what is still un-invoiced (once in a while 作废 and redone)."""
        if bill.status != POSTED or bill.invoiced:
            return
        day = self.today
        kind = bill.party.fapiao_kind if direction == FapiaoDirection.OUT else FapiaoKind.SPECIAL
        net, tax = bill.row["net_total"] - bill.ret_net, bill.row["tax_total"] - bill.ret_tax
        if net + tax <= 0:
            return
        if direction == FapiaoDirection.OUT and self.chance("fapiao_cancelled", 0.01):
            reason = "购方税号填写有误"
            wrong = self.fapiao_row(
                bill,
                day,
                kind,
                direction,
                net,
                tax,
                FapiaoStatus.CANCELLED,
                notes=f"作废原因：{reason}",
            )
            self.record_fapiao(wrong, bill)
            self.record("fapiao.cancel", {"id": wrong["id"], "reason": reason})
        row = self.fapiao_row(bill, day, kind, direction, net, tax, FapiaoStatus.VALID)
        self.record_fapiao(row, bill)
        bill.invoiced.append((row, net + tax))

    def record_fapiao(self, row: dict[str, Any], bill: SimDoc) -> None:
        """``fapiao.record_fapiao`` of a fapiao covering ``bill`` in full."""
        self.record(
            "fapiao.record",
            {
                "id": row["id"],
                "number": row["number"],
                "code": row["code"],
                "party": row["party_id"],
                "date": row["issue_date"],
                "net": row["net_amount"],
                "tax": row["tax_amount"],
                "kind": row["kind"],
                "direction": row["direction"],
                "links": [(bill.row["id"], row["total_amount"])],
                "notes": "",
            },
            [["fapiao", row["id"].hex, ""]],
        )

    def red_fapiao(self, bill: SimDoc, day: date) -> None:
        """fapiao.red_fapiao after a return: offset the fapiao in full, issue the net anew."""
        for row, _amount in bill.invoiced:
            red = self.fapiao_row(
                bill,
                day,
                row["kind"],
                row["direction"],
                -row["net_amount"],
                -row["tax_amount"],
                FapiaoStatus.RED,
                red_of_id=row["id"],
            )
            self.record(
                "fapiao.red",
                {"original": row["id"], "number": red["number"], "date": day, "code": red["code"]},
                [["fapiao", red["id"].hex, ""]],
            )
        bill.invoiced = []
        self.issue_fapiao(bill, row["direction"])


def made_of(doc: SimDoc) -> Made:
    """The keys a new document makes, in the order ``new_document``/``set_lines`` take them."""
    return [
        ["document", doc.row["id"].hex, doc.row["number"]],
        *(["document_line", x.id.hex, ""] for x in doc.lines),
    ]


def line_args(x: SimLine) -> dict[str, Any]:
    """A line as ``documents._line_args`` records it (its id is in ``made``; no source
    line and no notes are left out, as ``intents._lines`` reads them)."""
    return {
        "product": x.product.id.hex,
        "unit": x.unit,
        "qty": str(x.qty),
        "unit_price": str(x.price),
        "discount_rate": str(x.disc),
        "tax_rate": str(x.rate),
    }
