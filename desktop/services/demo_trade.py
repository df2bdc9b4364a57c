"""The demo's trade: monthly order plans, weekly purchasing, orders, deliveries, bills.

Orders follow ``trade``'s rules: deliveries and receipts copy the order lines
(``trade.fulfil``), bills take what is delivered and not billed (``trade.bill_order``)
with the due date of the party's terms, returns go against a posted bill
(``trade.return_goods``) and are applied to it; a wrong delivery or goods receipt is
reversed (红冲) before it is billed, never after (``reversal`` refuses that).
"""

from __future__ import annotations

import heapq
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from desktop.models import CreditPolicy, DocKind, DocStatus, FapiaoDirection, TermsKind
from desktop.services import demo_names as nm
from desktop.services.demo_rows import SimDoc, SimParty, SimProduct
from desktop.services.demo_sim import (
    CONFIRMED,
    FULFILLED,
    HUNDRED,
    OPEN_ORDER,
    PARTIAL,
    POSTED,
    Q2,
    Q6,
    ZERO,
    MoneySim,
    Spec,
    made_of,
)
from desktop.services.flow_kinds import PURCHASE, SALES, entry_sign
from desktop.services.terms import due_date

#: customers who order at the counter on the demo's last day and take the goods with them
WALK_INS = 3


class Simulation(MoneySim):
    """Runs the business from ``start`` to ``end`` and feeds rows into a :class:`RowSink`."""

    def run_day(self, day: date) -> None:
        self.today = day
        if day == self.start or day.day == 1:
            self.plan_month(day)
        if day == self.start or day.weekday() == 0:
            self.review(day)
        limit = day.toordinal()
        while self.events and self.events[0][0] <= limit:
            _, _, fn, args = heapq.heappop(self.events)
            fn(*args)

    # ---------------------------------------------------------------- planning
    def plan_month(self, day: date) -> None:
        """Spread this month's orders over its working days (Sundays off, except the last day:
        the user's today shows trade); schedule 月结 settlements."""
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        begin = max(day, self.start + timedelta(days=3))
        workdays = [begin + timedelta(days=i) for i in range((last - begin).days + 1)]
        workdays = [d for d in workdays if d <= self.end and (d.weekday() != 6 or d == self.end)]
        workdays = workdays or [begin]
        rng = self.rng
        share = len(workdays) / 26
        for c in self.customers:
            rate = c.activity * share
            n = int(rate) + (rng.random() < rate - int(rate))
            for _ in range(n):
                self.at(rng.choice(workdays), self.sales_order, c)
            if c.terms.terms_kind == TermsKind.MONTH_END:
                prev_end = first - timedelta(days=1)
                delay = {"prompt": (-3, 5), "installments": (0, 10), "slow": (20, 60)}
                self.at(
                    prev_end + timedelta(days=c.terms.terms_days) + self.days(*delay[c.behaviour]),
                    self.settle,
                    c,
                )
        if first <= self.end <= last and self.customers:
            # the last day is the user's today: a few customers collect their goods at the
            # counter, so the dashboard's 今日销售 shows trade on any day the demo ends
            for c in rng.sample(self.customers, min(len(self.customers), WALK_INS)):
                self.at(self.end, self.sales_order, c, True)

    def review(self, day: date) -> None:
        """Weekly purchasing: reorder what will run short, one order per supplier (≤ 40 lines)."""
        opening = day == self.start
        todo: dict[int, tuple[SimParty, list[tuple[SimProduct, Decimal]]]] = {}
        for product in self.products if opening else list(self.watch.values()):
            projected = float(product.qty + product.on_order - product.demand)
            if not opening and projected >= 3 * product.weekly:
                continue
            target = (6 if opening else 8) * product.weekly - projected
            factor = product.packs[-1][1] if product.packs else Decimal(1)
            packs = max(1, int(target / float(factor)) + 1)
            todo.setdefault(product.supplier.index, (product.supplier, []))[1].append(
                (product, Decimal(packs))
            )
        self.watch.clear()
        for supplier, items in todo.values():
            for i in range(0, len(items), 40):
                self.purchase_order(supplier, items[i : i + 40], day)

    # ---------------------------------------------------------------- sales
    def sales_order(self, c: SimParty, walk_in: bool = False) -> None:
        """An order (20 % by way of a quote); ``walk_in``: ordered, delivered and billed today."""
        rng, day = self.rng, self.today
        n = min(25, 1 + int(rng.expovariate(0.2)))
        picked = dict.fromkeys(rng.choices(self.products, cum_weights=self.cum, k=n))
        specs: list[Spec] = []
        for p in picked:
            if p.packs and rng.random() < 0.65:
                unit, factor = p.packs[0]
                qty = Decimal(min(60, 1 + int(rng.expovariate(1 / 6))))
            else:
                unit, factor = p.base_unit, Decimal(1)
                qty = Decimal(max(1, int(p.line_base * rng.uniform(0.3, 2.0))))
            price = p.levels.get(c.level) if c.level else None
            if price is None:
                base = qty * factor
                price = p.retail
                for min_qty, tier_price in p.tiers:
                    if base >= min_qty:
                        price = tier_price
            disc = Decimal(rng.choice(("0.02", "0.03", "0.05"))) if rng.random() < 0.08 else ZERO
            specs.append((p, unit, factor, qty, price * factor, disc, p.tax, None))
        if not walk_in and self.chance("quote", 0.2):
            self.happened("quote")
            roll = rng.random()
            quote = self.doc(DocKind.QUOTE, c, day, specs, DocStatus.SENT, ship_to=c.ship_to)
            self.record_draft(quote, {"ship_to": c.ship_to})
            self.record("quote.send", {"id": quote.row["id"]})
            if roll < 0.7:
                self.at(day + self.days(1, 3), self.accept_quote, quote)
            elif roll >= 0.85:
                self.sink.change(quote, self.ids.clock(day), status=DocStatus.REJECTED)
                self.record("quote.reject", {"id": quote.row["id"], "reason": ""})
            return
        self.place_order(c, specs, walk_in=walk_in)

    def accept_quote(self, quote: SimDoc) -> None:
        """quotes.order_from_quote: the quote accepted, a draft order with its lines."""
        day = self.today
        self.sink.change(quote, self.ids.clock(day), status=DocStatus.ACCEPTED)
        specs: list[Spec] = [
            (x.product, x.unit, x.factor, x.qty, x.price, x.disc, x.rate, None) for x in quote.lines
        ]
        self.place_order(quote.party, specs, quote)

    def place_order(
        self, c: SimParty, specs: list[Spec], quote: SimDoc | None = None, walk_in: bool = False
    ) -> None:
        """A sales order saved (or made from a quote), then confirmed past the credit check."""
        rng, day = self.rng, self.today
        draft = not walk_in and day > self.end - timedelta(days=4) and rng.random() < 0.5
        if quote is None:
            header: dict[str, Any] = {"ship_to": c.ship_to}
            order = self.doc(
                DocKind.SALES_ORDER,
                c,
                day,
                specs,
                DocStatus.DRAFT if draft else CONFIRMED,
                **header,
            )
            self.record_draft(order, header)
        else:
            order = self.doc(
                DocKind.SALES_ORDER,
                c,
                day,
                specs,
                DocStatus.DRAFT if draft else CONFIRMED,
                quote,
                ship_to=quote.row["ship_to"],
                notes=quote.row["notes"],
            )
            self.record("quote.accept", {"id": quote.row["id"], "date": day}, made_of(order))
        if draft:
            return
        reason = self.credit_check(c, order, day)
        self.record(
            "sales_order.confirm",
            {
                "id": order.row["id"],
                "override_reason": reason,
                "as_of": day,
                "owner_approved": False,
            },
        )
        c.orders.append(order)
        for x in order.lines:
            x.product.demand += x.qty * x.factor
            self.watch[id(x.product)] = x.product
        roll = rng.random()
        if walk_in:
            self.walk_ins.add(id(order))
            self.at(day, self.deliver, order, "all", True, False)
        elif roll < 0.03:
            self.at(day + self.days(1, 3), self.cancel_order, order)
        elif roll < 0.09:
            self.at(day + self.days(1, 4), self.deliver, order, "part", True, True)
            self.at(day + self.days(25, 35), self.close_order, order)
        elif roll < 0.47 or self.seen.get("split", 0) == 0:
            self.happened("split")
            self.at(day + self.days(1, 4), self.deliver, order, "part", False, True)
            self.at(day + self.days(8, 20), self.deliver, order, "rest", True, True)
        else:
            self.at(day + self.days(1, 5), self.deliver, order, "all", True, True)

    def credit_check(self, c: SimParty, order: SimDoc, day: date) -> str:
        """credit.check_order as at confirmation; a breach is confirmed with a logged reason
        (returned, as the clerk gives it; empty when the order is within credit)."""
        unbilled = ZERO
        keep = []
        for o in c.orders:
            if o.status not in OPEN_ORDER:
                continue
            part = sum((max(ZERO, x.total - x.billed_amt) for x in o.lines), ZERO)
            if part or o.status != FULFILLED:
                keep.append(o)
            unbilled += part
        c.orders = keep
        c.bills = [b for b in c.bills if b.open > 0]
        overdue = max(((day - b.row["due_date"]).days for b in c.bills), default=0)
        overdue = max(0, overdue)
        available = None if c.limit is None else c.limit - c.balance - unbilled
        if (available is None or order.total <= available) and overdue <= 30:
            return ""
        self.happened("override")
        reason = self.rng.choice(nm.OVERRIDE_REASONS)
        self.sink.rows["credit_override"].append(
            {
                "id": self.ids.new(day),
                "document_id": order.row["id"],
                "party_id": c.id,
                "at": self.ids.clock(day),
                "actor": self.actor,
                "policy": CreditPolicy.OVERRIDE,
                "reason": reason,
                "owner_approved": False,
                "order_total": order.total,
                "available": available or ZERO,
                "overdue_days": overdue,
            }
        )
        return reason

    def cancel_order(self, order: SimDoc) -> None:
        if order.status != CONFIRMED or any(x.done for x in order.lines):
            return
        for x in order.lines:
            x.product.demand -= x.qty * x.factor
        reason = self.rng.choice(nm.CANCEL_REASONS)
        notes = order.row["notes"]
        self.sink.change(
            order,
            self.ids.clock(self.today),
            status=DocStatus.CANCELLED,
            notes=(notes + "\n" if notes else "") + f"作废原因：{reason}",
        )
        self.record("document.cancel", {"id": order.row["id"], "reason": reason})

    def close_order(self, order: SimDoc) -> None:
        if order.status not in OPEN_ORDER:
            return
        for x in order.lines:
            x.product.demand -= max(ZERO, x.qty * x.factor - x.done)
        reason = self.rng.choice(nm.CLOSE_REASONS)
        notes = order.row["notes"]
        self.sink.change(
            order,
            self.ids.clock(self.today),
            status=DocStatus.CLOSED,
            notes=(notes + "\n" if notes else "") + f"关闭原因：{reason}",
        )
        self.record("order.close", {"id": order.row["id"], "reason": reason})

    # ---------------------------------------------------------------- fulfilment (both flows)
    def deliver(self, order: SimDoc, how: str, final: bool, may_reverse: bool) -> None:
        """trade.fulfil: deliver (sales) or receive (purchases) part or all, then post."""
        if order.status not in (CONFIRMED, PARTIAL):
            return
        flow = SALES if order.row["kind"] == DocKind.SALES_ORDER else PURCHASE
        specs: list[Spec] = []
        for x in order.lines:
            left = (x.qty * x.factor - x.done) / x.factor
            if left <= 0:
                continue
            qty = left
            if how == "part" and x.qty >= 2:
                qty = min(left, (x.qty * Decimal("0.6")).to_integral_value(ROUND_FLOOR))
            specs.append((x.product, x.unit, x.factor, qty, x.price, x.disc, x.rate, x))
        if not specs:
            return
        day = self.today
        doc = self.doc(
            flow.fulfil, order.party, day, specs, POSTED, order, ship_to=order.row["ship_to"]
        )
        for line in doc.lines:
            base = line.qty * line.factor
            assert line.source is not None
            line.source.done += base
            if flow is SALES:
                self.move(doc, line.product, -base, None, line)
                line.product.demand -= base
            else:
                cost = (line.net / base).quantize(Q6, ROUND_HALF_UP)
                self.move(doc, line.product, base, cost, line)
                line.product.on_order -= base
        self.record_child(f"{order.row['kind']}.deliver", doc, order, {})
        self.refresh(order, day)
        if how == "part" and any(x.done < x.qty * x.factor for x in order.lines):
            self.happened("partial_" + flow.name)
        feature = "reverse_" + flow.fulfil
        if may_reverse and self.chance(feature, 0.012):
            self.at(day + self.days(1, 2), self.reverse_fulfilment, doc, order, how, final)
            return
        if id(order) in self.walk_ins:
            self.at(day, self.bill, order)
        elif final or (flow is SALES and order.party.bill_each):
            self.at(day + self.days(0, 3), self.bill, order)

    def reverse_fulfilment(self, doc: SimDoc, order: SimDoc, how: str, final: bool) -> None:
        """reversal.reverse of a delivery or goods receipt that was wrong; then do it again."""
        day = self.today
        flow = SALES if order.row["kind"] == DocKind.SALES_ORDER else PURCHASE
        self.happened("reverse_" + flow.fulfil)
        reason = self.rng.choice(nm.REVERSE_REASONS)
        red = self.redo(doc, day, reason)
        for product, qty, cost in reversed(doc.moves):  # newest first, as reversal.reverse
            self.move(red, product, -qty, cost, None, taking_back=True)
        for line in red.lines:
            product = line.product
            assert line.source is not None
            line.source.done += line.qty * line.factor
            if flow is SALES:
                product.demand -= line.qty * line.factor
            else:
                product.on_order -= line.qty * line.factor
        self.refresh(order, day)
        self.at(day + self.days(0, 2), self.deliver, order, how, final, False)

    def bill(self, order: SimDoc) -> None:
        """trade.bill_order: bill what is delivered and not billed yet; post AR/AP with due date."""
        if order.status not in OPEN_ORDER:
            return
        flow = SALES if order.row["kind"] == DocKind.SALES_ORDER else PURCHASE
        specs: list[Spec] = []
        for x in order.lines:
            left = (x.done - x.billed) / x.factor
            if left > 0:
                specs.append((x.product, x.unit, x.factor, left, x.price, x.disc, x.rate, x))
        if not specs:
            return
        day, party = self.today, order.party
        due = due_date(party.terms, day)
        doc = self.doc(
            flow.bill, party, day, specs, POSTED, order, due_date=due, ship_to=order.row["ship_to"]
        )
        for line in doc.lines:
            assert line.source is not None
            line.source.billed += line.qty * line.factor
            line.source.billed_amt += line.total
        self.entry(doc, flow, entry_sign(flow.bill) * doc.total, due)
        self.record_child(f"{order.row['kind']}.bill", doc, order, {})
        doc.open = doc.total
        party.bills.append(doc)
        rng = self.rng
        if flow is PURCHASE:
            if rng.random() < 0.2:
                self.at(due + self.days(-3, 3), self.pay_bill, doc, "half")
                self.at(due + self.days(10, 30), self.pay_bill, doc, "all")
            else:
                self.at(due + self.days(-3, 5), self.pay_bill, doc, "all")
            self.at(day + self.days(0, 10), self.issue_fapiao, doc, FapiaoDirection.IN)
            if self.chance("purchase_return", 0.012):
                self.at(day + self.days(3, 12), self.return_goods, doc)
            return
        if party.terms.terms_kind == TermsKind.DAYS:
            lo, hi = {"prompt": (-5, 3), "installments": (-3, 5), "slow": (20, 60)}[party.behaviour]
            if party.behaviour == "prompt" or party.terms.terms_days == 0:
                self.at(due + self.days(lo, hi), self.pay_bill, doc, "all")
            else:
                self.at(due + self.days(lo, hi), self.pay_bill, doc, "half")
                self.at(due + self.days(hi + 5, hi + 30), self.pay_bill, doc, "all")
        if party.fapiao_kind:
            self.at(day + self.days(0, 5), self.issue_fapiao, doc, FapiaoDirection.OUT)
        if self.chance("sales_return", 0.04):
            self.at(day + self.days(3, 12), self.return_goods, doc)

    def return_goods(self, bill: SimDoc) -> None:
        """trade.return_goods on one line of a bill: goods back, balance down, applied to the bill."""
        if bill.status != POSTED:
            return
        flow = SALES if bill.row["kind"] == DocKind.SALES_BILL else PURCHASE
        line = self.rng.choice(bill.lines)
        left = int((line.qty * line.factor - line.done) / line.factor)
        if left < 1:
            return
        qty = Decimal(self.rng.randint(1, max(1, left // 4)))
        day = self.today
        ret = self.doc(
            flow.ret,
            bill.party,
            day,
            [(line.product, line.unit, line.factor, qty, line.price, line.disc, line.rate, line)],
            POSTED,
            bill,
            ship_to=bill.row["ship_to"],
            notes="退货原因：质量问题" if flow is SALES else "退货原因：来货规格不符",
        )
        self.happened(flow.ret)
        rline = ret.lines[0]
        base = qty * line.factor
        line.done += base
        self.move(ret, line.product, base if flow is SALES else -base, None, rline)
        self.entry(ret, flow, entry_sign(flow.ret) * ret.total)
        applied = min(bill.open, ret.total)
        self.allocate(ret, bill, applied, day)
        self.record_child(f"{bill.row['kind']}.return", ret, bill, {"notes": ret.row["notes"]})
        bill.open -= applied
        bill.ret_net += rline.net
        bill.ret_tax += rline.tax
        if bill.invoiced:
            self.red_fapiao(bill, day)

    # ---------------------------------------------------------------- purchases
    def purchase_order(
        self, supplier: SimParty, items: list[tuple[SimProduct, Decimal]], day: date
    ) -> None:
        rng = self.rng
        specs: list[Spec] = []
        for product, packs in items:
            unit, factor = product.packs[-1] if product.packs else (product.base_unit, Decimal(1))
            price = (product.cost * factor * Decimal(rng.randint(96, 106)) / HUNDRED).quantize(
                Q2, ROUND_HALF_UP
            )
            specs.append((product, unit, factor, packs, price, ZERO, product.tax, None))
            product.on_order += packs * factor
        order = self.doc(DocKind.PURCHASE_ORDER, supplier, day, specs, CONFIRMED)
        self.record_draft(order, {})
        self.record(
            "purchase_order.confirm",
            {"id": order.row["id"], "override_reason": "", "as_of": day, "owner_approved": False},
        )
        if day > self.start and rng.random() < 0.15:
            self.at(day + self.days(3, 7), self.deliver, order, "part", False, True)
            self.at(day + self.days(8, 15), self.deliver, order, "rest", True, True)
        else:
            self.at(
                day + self.days(1, 3) if day == self.start else day + self.days(3, 10),
                self.deliver,
                order,
                "all",
                True,
                True,
            )
