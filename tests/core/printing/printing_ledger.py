"""A small trading history in a test ledger, for the print builders, jobs and CLI tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.services import credit, documents, payments, quotes, trade
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from tests.helpers import customer, product, supplier


@dataclass
class Trade:
    customer: object
    supplier: object
    quote: str
    order: str
    delivery: str
    bill: str
    receipt: str
    purchase_order: str
    goods_receipt: str


def set_up(ledger: Ledger) -> Trade:
    """One supplier, one customer with full 开票信息, two products at 13% and 9% VAT.

    Figures (prices include tax): the quote/order/delivery/bill hold 100 箱 of
    000123 at 20.40 (2,040.00) and 50 个 of 000456 at 0.50 less 10% (22.50):
    2,062.50 in all; the receipt is 1,000.00 applied to the bill.
    """
    cust = customer(
        ledger,
        "张三五金店",
        terms_kind="month_end",
        terms_days=30,
        salesperson="王五",
        invoice_name="佛山市南海区张三五金建材经营部",
        invoice_tax_id="92440605MA4YYYYY2P",
        invoice_address="佛山市南海区桂城街道南海大道北88号",
        invoice_phone="0757-8620 1234",
        invoice_bank="中国农业银行南海支行",
        invoice_account="4450 0101 0400 1234 5",
        ship_to="佛山市南海区桂城仓库 李四 138 0000 1234",
        contact="李四",
        phone="138 0000 1234",
    )
    supp = supplier(ledger)
    product(ledger, "000123", "不锈钢螺丝", spec="M6×20")
    product(ledger, "000456", "镀锌平垫圈", spec="M10", tax_rate="0.09")
    with ledger.unit() as uow:
        po = documents.create_draft(
            uow,
            "purchase_order",
            supp,
            [LineInput("000123", 200, "箱", "18"), LineInput("000456", 100, "个", "0.3")],
            date(2026, 10, 1),
        )
        credit.confirm_order(uow, po.id)
        gr = trade.fulfil(uow, po.id, doc_date=date(2026, 10, 2))
        quote = documents.create_draft(
            uow,
            "quote",
            cust,
            [
                LineInput("000123", 100, "箱", "20.40"),
                LineInput("000456", 50, "个", "0.50", discount_rate="0.1"),
            ],
            date(2026, 10, 3),
        )
        order = quotes.order_from_quote(uow, quote.id, date(2026, 10, 3))
        credit.confirm_order(uow, order.id, as_of=date(2026, 10, 3))
        delivery = trade.fulfil(uow, order.id, doc_date=date(2026, 10, 4))
        bill = trade.bill_order(uow, order.id, doc_date=date(2026, 10, 5))
        receipt = payments.record_payment(
            uow,
            cust,
            "1000",
            doc_date=date(2026, 10, 20),
            method="银行转账",
            reference="流水 88231",
        )
        return Trade(
            cust,
            supp,
            quote.number,
            order.number,
            delivery.number,
            bill.number,
            receipt.number,
            po.number,
            gr.number,
        )
