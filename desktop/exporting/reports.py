"""The lists and reports that can be exported, as :class:`Sheet` objects.

Headers are the Chinese words our importer maps, so an exported list imports back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.exporting.table import Column, Sheet
from desktop.labels import FAPIAO_KIND, FAPIAO_STATUS, STATUS, name
from desktop.models import (
    Account,
    DocKind,
    DocStatus,
    Document,
    DocumentLine,
    Fapiao,
    Party,
    Product,
    StockBalance,
)
from desktop.money import fmt_qty
from desktop.services import receivables
from desktop.services.costing import stock_value, stored_average
from desktop.services.firm import get_firm

C = Column
_PARTY_COLS = [
    C("编码", "code"),
    C("名称"),
    C("简称"),
    C("联系人"),
    C("电话", "code"),
    C("地址"),
    C("纳税人识别号", "code"),
    C("开户行"),
    C("银行账号", "code"),
    C("信用额度", "money"),
    C("账期天数", "int"),
    C("余额", "money", total=True),
    C("备注"),
]


def _parties(session: Session, role: str) -> Iterator[list[Any]]:
    account = Account.AR if role == "customer" else Account.AP
    balances = {p.id: b for p, b in receivables.balances(session, account)}
    flag = Party.is_customer if role == "customer" else Party.is_supplier
    for p in session.scalars(select(Party).where(flag.is_(True)).order_by(Party.code)):
        yield [
            p.code,
            p.name,
            p.short_name,
            p.contact,
            p.phone,
            p.bill_to,
            p.invoice_tax_id,
            p.invoice_bank,
            p.invoice_account,
            p.credit_limit,
            p.terms_days,
            balances.get(p.id, Decimal("0.00")),
            p.notes,
        ]


_PRODUCT_COLS = [
    C("商品编码", "code"),
    C("条码", "code"),
    C("商品名称"),
    C("规格"),
    C("类别"),
    C("基本单位"),
    C("包装单位"),
    C("换算比例", "qty"),
    C("零售价", "price"),
    C("批发价", "price"),
    C("进价", "price"),
    C("税率", "rate"),
    C("阶梯价", width=24),
    C("库存", "qty", total=True),
    C("备注"),
]


def _products(session: Session) -> Iterator[list[Any]]:
    from desktop.importing.kinds.products import format_tiers

    stock = dict(session.execute(select(StockBalance.product_id, StockBalance.qty)).all())
    for p in session.scalars(select(Product).order_by(Product.code)):
        pack = p.units[0] if p.units else None
        levels = {x.level: x.price for x in p.prices if x.kind == "level"}
        tiers = sorted(
            ({"min_qty": x.min_qty, "price": x.price} for x in p.prices if x.kind == "tier"),
            key=lambda t: t["min_qty"],
        )
        yield [
            p.code,
            p.barcode,
            p.name,
            p.spec,
            p.category,
            p.base_unit,
            pack.unit if pack else None,
            pack.factor if pack else None,
            p.retail_price,
            levels.get(1),
            p.cost_price,
            p.tax_rate,
            format_tiers(tiers) or None,
            stock.get(p.id, Decimal(0)),
            p.notes,
        ]


_STOCK_COLS = [
    C("商品编码", "code"),
    C("商品名称"),
    C("规格"),
    C("单位"),
    C("库存数量", "qty"),
    C("平均成本", "price"),
    C("金额", "money", total=True),
]


def _stock(session: Session) -> Iterator[list[Any]]:
    rows = session.execute(
        select(Product, StockBalance)
        .join(StockBalance, StockBalance.product_id == Product.id)
        .order_by(Product.code)
    )
    for p, b in rows:
        yield [
            p.code,
            p.name,
            p.spec,
            p.base_unit,
            b.qty,
            stored_average(b.avg_cost, p.cost_price),
            stock_value(b.value),
        ]


def _balances(session: Session, account: str, as_of: date | None) -> Iterator[list[Any]]:
    day = as_of or date.today()
    for p, bal in receivables.balances(session, account, as_of):
        yield [p.code, p.name, bal, receivables.overdue_days(session, p.id, day, account)]


_LINE_COLS = [
    C("日期", "date"),
    C("单号"),
    C("原单号"),
    C("往来单位编码", "code"),
    C("往来单位"),
    C("商品编码", "code"),
    C("商品名称"),
    C("规格"),
    C("单位"),
    C("数量", "qty", total=True),
    C("单价", "price"),
    C("税率", "rate"),
    C("不含税金额", "money", total=True),
    C("税额", "money", total=True),
    C("价税合计", "money", total=True),
    C("状态"),
]


def _lines(
    session: Session, kinds: tuple[str, ...], start: date | None, end: date | None
) -> Iterator[list[Any]]:

    query = (
        select(Document, DocumentLine, Party, Product)
        .join(DocumentLine, DocumentLine.document_id == Document.id)
        .join(Product, Product.id == DocumentLine.product_id)
        .outerjoin(Party, Party.id == Document.party_id)
        .where(
            Document.kind.in_(kinds), Document.status.not_in((DocStatus.DRAFT, DocStatus.CANCELLED))
        )
    )
    if start:
        query = query.where(Document.doc_date >= start)
    if end:
        query = query.where(Document.doc_date <= end)
    query = query.order_by(Document.doc_date, Document.number, DocumentLine.line_no)
    for d, x, party, p in session.execute(query).yield_per(5000):
        yield [
            d.doc_date,
            d.number,
            d.reference,
            party.code if party else "",
            party.name if party else "",
            p.code,
            p.name,
            p.spec,
            x.unit,
            x.qty,
            x.unit_price,
            x.tax_rate,
            x.net_amount,
            x.tax_amount,
            x.total_amount,
            name(STATUS, d.status),
        ]


_PAY_COLS = [
    C("日期", "date"),
    C("单号"),
    C("类型"),
    C("往来单位编码", "code"),
    C("往来单位"),
    C("结算方式"),
    C("参考号"),
    C("金额", "money", total=True),
    C("备注"),
]


def _payments(session: Session, start: date | None, end: date | None) -> Iterator[list[Any]]:
    query = (
        select(Document, Party)
        .join(Party, Party.id == Document.party_id)
        .where(
            Document.kind.in_((DocKind.RECEIPT, DocKind.PAYMENT)),
            Document.status == DocStatus.POSTED,
        )
    )
    if start:
        query = query.where(Document.doc_date >= start)
    if end:
        query = query.where(Document.doc_date <= end)
    for d, party in session.execute(query.order_by(Document.doc_date, Document.number)):
        yield [
            d.doc_date,
            d.number,
            "收款" if d.kind == DocKind.RECEIPT else "付款",
            party.code,
            party.name,
            d.method,
            d.reference,
            d.total,
            d.notes,
        ]


_FAPIAO_COLS = [
    C("发票号码", "code"),
    C("发票代码", "code"),
    C("开票日期", "date"),
    C("发票类型"),
    C("发票状态"),
    C("购方名称"),
    C("购方税号", "code"),
    C("金额", "money", total=True),
    C("税额", "money", total=True),
    C("价税合计", "money", total=True),
    C("备注"),
]


def _fapiao(session: Session, start: date | None, end: date | None) -> Iterator[list[Any]]:
    query = select(Fapiao, Party).join(Party, Party.id == Fapiao.party_id)
    if start:
        query = query.where(Fapiao.issue_date >= start)
    if end:
        query = query.where(Fapiao.issue_date <= end)
    for f, party in session.execute(query.order_by(Fapiao.issue_date, Fapiao.number)):
        yield [
            f.number,
            f.code,
            f.issue_date,
            name(FAPIAO_KIND, f.kind),
            name(FAPIAO_STATUS, f.status),
            party.name,
            party.invoice_tax_id,
            f.net_amount,
            f.tax_amount,
            f.total_amount,
            f.notes,
        ]


Builder = Callable[[Session, date | None, date | None], tuple[str, list[Column], Any]]
REPORTS: dict[str, Builder] = {
    "customers": lambda s, a, b: ("客户列表", _PARTY_COLS, _parties(s, "customer")),
    "suppliers": lambda s, a, b: ("供应商列表", _PARTY_COLS, _parties(s, "supplier")),
    "products": lambda s, a, b: ("商品列表", _PRODUCT_COLS, _products(s)),
    "stock": lambda s, a, b: ("库存表", _STOCK_COLS, _stock(s)),
    "receivables": lambda s, a, b: (
        "应收余额表",
        [C("编码", "code"), C("名称"), C("应收余额", "money", total=True), C("逾期天数", "int")],
        _balances(s, Account.AR, b),
    ),
    "payables": lambda s, a, b: (
        "应付余额表",
        [C("编码", "code"), C("名称"), C("应付余额", "money", total=True), C("逾期天数", "int")],
        _balances(s, Account.AP, b),
    ),
    "sales": lambda s, a, b: (
        "销售明细",
        _LINE_COLS,
        _lines(s, (DocKind.SALES_BILL, DocKind.SALES_RETURN), a, b),
    ),
    "purchases": lambda s, a, b: (
        "采购明细",
        _LINE_COLS,
        _lines(s, (DocKind.SUPPLIER_BILL, DocKind.PURCHASE_RETURN), a, b),
    ),
    "payments": lambda s, a, b: ("收付款明细", _PAY_COLS, _payments(s, a, b)),
    "fapiao": lambda s, a, b: ("发票登记表", _FAPIAO_COLS, _fapiao(s, a, b)),
}


def aging_rows(session: Session, account: str, as_of: date | None) -> list[tuple[Any, ...]]:
    """The 报表 screen's aging table, one row per party: code, name, balance, the open amount
    in each of ``receivables.BUCKETS`` in order, unapplied credit, most days overdue."""
    return [
        (
            a.party.code,
            a.party.name,
            a.balance,
            *(a.buckets[label] for _limit, label in receivables.BUCKETS),
            a.unapplied,
            a.max_overdue_days,
        )
        for a in receivables.aging(session, account, as_of)
    ]


def build_sheet(
    session: Session, kind: str, start: date | None = None, end: date | None = None
) -> Sheet:
    title, columns, rows = REPORTS[kind](session, start, end)
    firm = get_firm(session)
    dated = kind in ("sales", "purchases", "payments", "fapiao", "receivables", "payables")
    return Sheet(title, columns, rows, firm.name, start if dated else None, end if dated else None)


_ = fmt_qty
