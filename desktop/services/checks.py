"""``zhangfang check``: SQLite integrity plus the ledger's own invariants.

Each check is a function returning problems in plain words; none writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session

from desktop.codes import BuyerStatus, StockShown
from desktop.labels import KIND, STATUS, name
from desktop.models import (
    Account,
    Allocation,
    CreditPolicy,
    DocKind,
    DocStatus,
    Document,
    DocumentLine,
    FapiaoDirection,
    FapiaoKind,
    FapiaoStatus,
    ImportState,
    NegativeStock,
    OutboxState,
    Party,
    PartyBalance,
    PartyEntry,
    Product,
    ProductUnit,
    Role,
    StockBalance,
    StockMove,
    TermsKind,
)
from desktop.money import ZERO, line_amounts
from desktop.services.costing import position_average
from desktop.services.flow_kinds import FLOW_OF_KIND, PURCHASE, SALES, entry_sign
from desktop.services.lifecycle import LIFECYCLES, states
from desktop.services.open_amounts import open_amount_sql
from desktop.services.unbilled import marked_but_unbilled

POSTED = (DocStatus.POSTED, DocStatus.REVERSED)


@dataclass(frozen=True)
class Problem:
    code: str
    zh: str
    en: str


def run_checks(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(session))
    return problems


def integrity(session: Session) -> Iterator[Problem]:
    for (row,) in session.execute(text("PRAGMA integrity_check")):
        if row != "ok":
            yield Problem("sqlite", f"数据库文件损坏：{row}", f"SQLite integrity: {row}")
    for row in session.execute(text("PRAGMA foreign_key_check")):
        yield Problem(
            "foreign_key",
            f"表 {row[0]} 有指向不存在记录的引用。",
            f"Table {row[0]} has a reference to a missing row.",
        )


def stock_matches_moves(session: Session) -> Iterator[Problem]:
    moves = _sums(session, StockMove.product_id, StockMove.qty)
    cached = dict(session.execute(select(StockBalance.product_id, StockBalance.qty)).all())
    for product_id in set(moves) | set(cached):
        a, b = moves.get(product_id, ZERO), cached.get(product_id, ZERO)
        if a != b:
            yield Problem(
                "stock",
                f"商品 {_product_label(session, product_id)} 的库存 {b} 与出入库记录合计 {a} 不符。",
                f"Stock of {_product_label(session, product_id)} is {b} but its moves add up to {a}.",
            )


def averages_match_positions(session: Session) -> Iterator[Problem]:
    """The stored average cost is the one the posting rules give for the position."""
    rows = session.execute(
        select(StockBalance.product_id, StockBalance.qty, StockBalance.value, StockBalance.avg_cost)
    )
    for product_id, qty, value, stored in rows:
        expected = position_average(qty, value)
        if stored != expected:
            yield Problem(
                "avg_cost",
                f"商品 {_product_label(session, product_id)} 记录的平均成本 {stored} "
                f"与库存数量和金额算出的 {expected} 不符。",
                f"The average cost stored for {_product_label(session, product_id)} is {stored}, "
                f"but its quantity and value give {expected}.",
            )


def balances_match_entries(session: Session) -> Iterator[Problem]:
    sums = {
        (r[0], r[1]): r[2]
        for r in session.execute(
            select(PartyEntry.party_id, PartyEntry.account, func.sum(PartyEntry.amount)).group_by(
                PartyEntry.party_id, PartyEntry.account
            )
        )
    }
    cached = {(r.party_id, r.account): r.balance for r in session.scalars(select(PartyBalance))}
    for key in set(sums) | set(cached):
        a, b = sums.get(key, ZERO), cached.get(key, ZERO)
        if a != b:
            yield Problem(
                "balance",
                f"往来单位 {_party_label(session, key[0])} 的 {key[1]} 余额 {b} 与明细合计 {a} 不符。",
                f"{key[1]} balance of {_party_label(session, key[0])} is {b} but its entries add up to {a}.",
            )


def documents_balance(session: Session) -> Iterator[Problem]:
    """Totals equal Σ lines, and each line's figures follow the rounding policy."""
    sums: dict[object, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    rows = session.execute(
        select(
            DocumentLine.document_id,
            DocumentLine.qty,
            DocumentLine.unit_price,
            DocumentLine.tax_rate,
            DocumentLine.discount_rate,
            DocumentLine.net_amount,
            DocumentLine.tax_amount,
            DocumentLine.total_amount,
            Document.prices_include_tax,
            Document.number,
        ).join(Document, Document.id == DocumentLine.document_id)
    )
    for doc_id, qty, price, rate, disc, net, tax, total, incl, number in rows:
        expected = line_amounts(qty, price, rate, disc, incl)
        if (expected.net, expected.tax, expected.total) != (net, tax, total):
            yield Problem(
                "line",
                f"单据 {number} 有一行金额与数量×单价不符。",
                f"A line of {number} does not match quantity × price.",
            )
        acc = sums[doc_id]
        acc[0] += net
        acc[1] += tax
        acc[2] += total
    for doc in session.execute(
        select(
            Document.id, Document.number, Document.net_total, Document.tax_total, Document.total
        )  # every document, not IN (all ids): SQLite caps bound variables
    ):
        if doc.id in sums and list(sums[doc.id]) != [doc.net_total, doc.tax_total, doc.total]:
            yield Problem(
                "totals",
                f"单据 {doc.number} 的合计与明细合计不符。",
                f"Totals of {doc.number} do not equal the sum of its lines.",
            )


def entries_match_documents(session: Session) -> Iterator[Problem]:
    entries = _sums(session, PartyEntry.document_id, PartyEntry.amount)
    # a history bill (closed) never moved a balance, nor does it once reversed
    history = set(
        session.scalars(
            select(Document.reverses_id).where(
                Document.status == DocStatus.CLOSED, Document.reverses_id.is_not(None)
            )
        )
    )
    for doc in session.scalars(select(Document).where(Document.status.in_(POSTED))):
        sign = entry_sign(doc.kind)
        if not sign or doc.party_id is None or doc.id in history:
            continue
        expected = sign * doc.total
        found = entries.get(doc.id, ZERO)
        if found != expected:
            yield Problem(
                "entry",
                f"单据 {doc.number} 的往来账 {found} 应为 {expected}。",
                f"{doc.number} posted {found} to the balance; expected {expected}.",
            )
    unposted = session.scalar(
        select(func.count())
        .select_from(PartyEntry)
        .join(Document, Document.id == PartyEntry.document_id)
        .where(Document.status.not_in(POSTED))
    )
    if unposted:
        yield Problem(
            "entry_unposted",
            f"有 {unposted} 笔往来账属于未过账的单据。",
            f"{unposted} balance entries belong to unposted documents.",
        )


def allocations_within_amounts(session: Session) -> Iterator[Problem]:
    effects = _sums(session, PartyEntry.document_id, PartyEntry.amount)
    to = _sums(session, Allocation.to_document_id, Allocation.amount)
    frm = _sums(session, Allocation.from_document_id, Allocation.amount)
    for doc_id in set(to) | set(frm):
        effect = effects.get(doc_id, ZERO)
        applied_to, applied_from = to.get(doc_id, ZERO), frm.get(doc_id, ZERO)
        debit_ok = applied_to == 0 or (effect > 0 and 0 <= applied_to <= effect)
        credit_ok = (
            applied_from == 0
            or 0 <= applied_from <= -effect
            or (effect > 0 and applied_from <= effect)
        )
        if not (debit_ok and credit_ok):
            yield Problem(
                "allocation",
                f"单据 {_document_label(session, doc_id)} 的核销金额超出其金额。",
                f"Allocations of {_document_label(session, doc_id)} exceed its amount.",
            )


def orders_within_limits(session: Session) -> Iterator[Problem]:
    """Per order line: delivered ≤ ordered (unless closed) and billed ≤ delivered."""
    counted: dict[tuple[object, str], Decimal] = defaultdict(lambda: ZERO)
    rows = session.execute(
        select(
            DocumentLine.source_line_id, Document.kind, DocumentLine.qty, DocumentLine.unit_factor
        )
        .join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.source_line_id.is_not(None), Document.status.in_(POSTED))
    )
    for source, kind, qty, factor in rows:
        counted[(source, kind)] += qty * factor
    orders = session.execute(
        select(
            DocumentLine.id,
            DocumentLine.qty,
            DocumentLine.unit_factor,
            Document.kind,
            Document.number,
        )
        .join(Document, Document.id == DocumentLine.document_id)
        .where(Document.kind.in_((DocKind.SALES_ORDER, DocKind.PURCHASE_ORDER)))
    )
    for line_id, qty, factor, kind, number in orders:
        flow = FLOW_OF_KIND[kind]
        fulfilled = counted.get((line_id, flow.fulfil), ZERO)
        billed = counted.get((line_id, flow.bill), ZERO)
        if fulfilled > qty * factor or billed > fulfilled:
            yield Problem(
                "order_line",
                f"订单 {number} 有一行发货或开单数量超出。",
                f"An order line of {number} is over-delivered or over-billed.",
            )


def settled_marks_hold(session: Session) -> Iterator[Problem]:
    """What is marked settled (``Document.settled_on``) has nothing open: a bill nothing
    left to pay, an order nothing left to bill (the credit check skips them). And nothing
    of it is dated after its mark: the readers of open amounts as of a day skip what was
    settled by then (``open_amounts.maybe_open_sql``), which holds only if its open amount
    stays 0 from the mark on."""
    rows = session.execute(
        text(
            "SELECT d.number FROM document d WHERE d.settled_on IS NOT NULL"
            " AND d.kind NOT IN ('sales_order', 'purchase_order')"
            f" AND ({open_amount_sql('d')} != 0"
            " OR EXISTS (SELECT 1 FROM party_entry e WHERE e.document_id = d.id"
            "  AND e.entry_date > d.settled_on)"
            " OR EXISTS (SELECT 1 FROM allocation a WHERE a.to_document_id = d.id"
            "  AND a.alloc_date > d.settled_on)"
            " OR EXISTS (SELECT 1 FROM allocation b WHERE b.from_document_id = d.id"
            "  AND b.alloc_date > d.settled_on))"
        )
    ).all()
    for (number,) in rows:
        yield Problem(
            "settled_mark",
            f"单据 {number} 标记为已结清，但仍有未结金额。",
            f"{number} is marked settled but still has an open amount.",
        )
    for flow in (SALES, PURCHASE):
        if marked_but_unbilled(session, flow) != 0:
            yield Problem(
                "settled_mark",
                "有订单标记为已全部开单，但仍有未开单的部分。",
                "An order marked fully billed still has a part not billed.",
            )


#: (table, column, its closed set, what the column holds in Chinese and English)
CLOSED_COLUMNS: tuple[tuple[str, str, type[StrEnum], str, str], ...] = (
    ("document", "kind", DocKind, "单据类型", "document kind"),
    ("party_entry", "account", Account, "往来账户", "balance account"),
    ("party_balance", "account", Account, "往来账户", "balance account"),
    ("fapiao", "kind", FapiaoKind, "发票类型", "fapiao kind"),
    ("fapiao", "direction", FapiaoDirection, "发票方向", "fapiao direction"),
    ("fapiao", "status", FapiaoStatus, "发票状态", "fapiao status"),
    ("outbox", "state", OutboxState, "同步状态", "sync state"),
    ("import_batch", "state", ImportState, "导入状态", "import state"),
    ("firm", "negative_stock", NegativeStock, "负库存规则", "negative-stock rule"),
    ("firm", "credit_policy", CreditPolicy, "信用控制规则", "credit policy"),
    ("credit_override", "policy", CreditPolicy, "信用控制规则", "credit policy"),
    ("party", "terms_kind", TermsKind, "账期方式", "payment terms"),
    ("person", "role", Role, "人员角色", "person's role"),
    ("buyer", "status", BuyerStatus, "网店买家状态", "marketplace buyer's status"),
    ("listing", "show_stock", StockShown, "网店库存显示方式", "how stock is shown online"),
)


def codes_in_closed_sets(session: Session) -> Iterator[Problem]:
    """Every stored code is one of its enum's members (the schema stores plain strings)."""
    for table, column, members, zh, en in CLOSED_COLUMNS:
        query = text(
            f"SELECT {column}, COUNT(*) FROM {table} "
            f"WHERE {column} IS NULL OR {column} NOT IN :allowed GROUP BY {column}"
        ).bindparams(bindparam("allowed", expanding=True))
        for value, count in session.execute(query, {"allowed": [m.value for m in members]}):
            yield Problem(
                "bad_code",
                f"表 {table} 中有 {count} 行的{zh}为“{value}”，这不是允许的取值。",
                f"{count} rows of table {table} have the {en} '{value}', which is not allowed.",
            )


def statuses_in_lifecycles(session: Session) -> Iterator[Problem]:
    """Every document's status is a state of its kind's lifecycle table."""
    rows = session.execute(
        select(Document.kind, Document.status, func.count()).group_by(
            Document.kind, Document.status
        )
    )
    for kind, status, count in rows:
        if kind in LIFECYCLES and status not in states(kind):
            yield Problem(
                "bad_status",
                f"有 {count} 张{name(KIND, kind)}的状态为“{name(STATUS, status)}”，"
                f"{name(KIND, kind)}不能处于这种状态。",
                f"{count} documents of kind {kind} have the status '{status}', "
                f"which a {name(KIND, kind, 'en').lower()} cannot have.",
            )


def barcodes_unique(session: Session) -> Iterator[Problem]:
    """A barcode names one product and unit (``services.products.barcode_clash``); a
    ledger from before the rule may hold one twice: each is listed with its holders."""
    holders: dict[str, list[str]] = defaultdict(list)
    for code, pcode, pname, unit in session.execute(
        select(Product.barcode, Product.code, Product.name, Product.base_unit).where(
            Product.barcode != ""
        )
    ):
        holders[code].append(f"{pcode} {pname}（{unit}）")
    for code, pcode, pname, unit in session.execute(
        select(ProductUnit.barcode, Product.code, Product.name, ProductUnit.unit)
        .join(Product, Product.id == ProductUnit.product_id)
        .where(ProductUnit.barcode != "")
    ):
        holders[code].append(f"{pcode} {pname}（{unit}）")
    for code, names in sorted(holders.items()):
        if len(names) > 1:
            yield Problem(
                "duplicate_barcode",
                f"条码 {code} 同时属于 {'、'.join(names)}：扫码时只会找到其中一个，请改正。",
                f"Barcode {code} belongs to {', '.join(names)}: a scan finds only one of "
                "them; correct it.",
            )


def _sums(session: Session, key: Any, amount: Any) -> dict[Any, Any]:
    """Σ ``amount`` per ``key`` in one grouped query."""
    return dict(session.execute(select(key, func.sum(amount)).group_by(key)).all())


def _document_label(session: Session, doc_id: object) -> str:
    doc = session.get(Document, doc_id)
    return doc.number if doc else str(doc_id)


def _product_label(session: Session, product_id: object) -> str:
    product = session.get(Product, product_id)
    return f"{product.code} {product.name}" if product else str(product_id)


def _party_label(session: Session, party_id: object) -> str:
    party = session.get(Party, party_id)
    return f"{party.code} {party.name}" if party else str(party_id)


CHECKS: list[Callable[[Session], Iterator[Problem]]] = [
    integrity,
    stock_matches_moves,
    averages_match_positions,
    balances_match_entries,
    documents_balance,
    entries_match_documents,
    allocations_within_amounts,
    orders_within_limits,
    settled_marks_hold,
    codes_in_closed_sets,
    statuses_in_lifecycles,
    barcodes_unique,
]
