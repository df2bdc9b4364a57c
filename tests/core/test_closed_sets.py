"""Kinds, statuses, accounts and the other codes are closed sets with one table of names:
every path writes only members (and only states of the kind's lifecycle), ``check``
reports a row that is not, and no module keeps its own copy of the names."""

from __future__ import annotations

import ast
import enum
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select, text

from desktop import codes, labels
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.models import (
    DocKind,
    DocStatus,
    Document,
    FlowName,
    PartyEntry,
    StockMove,
)
from desktop.queries import dashboard, db
from desktop.services import (
    credit,
    documents,
    payments,
    people,
    quotes,
    reversal,
    stock,
    trade,
)
from desktop.services.checks import run_checks
from desktop.services.demo import generate_demo
from desktop.services.documents import LineInput
from desktop.services.fapiao import record_fapiao
from desktop.services.ledger import Ledger
from desktop.services.lifecycle import LIFECYCLES, states
from tests.helpers import customer, product, supplier

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
D = Decimal


def _closed_sets() -> list[type[enum.StrEnum]]:
    return [
        value
        for value in vars(codes).values()
        if isinstance(value, type) and issubclass(value, enum.StrEnum) and value is not enum.StrEnum
    ]


# ---------------------------------------------------------------- one table of names
def test_every_code_has_a_chinese_and_an_english_name() -> None:
    sets = _closed_sets()
    assert len(sets) >= 12
    assert set(labels.TABLES) == set(sets), "a closed set without its table of names"
    for members, table in labels.TABLES.items():
        for member in members:
            label = table.get(member)
            assert label is not None, f"{members.__name__}.{member.name} has no name"
            assert label.zh.strip() and label.en.strip(), member
            assert labels.name(table, member, "en") == label.en
        assert set(table) == set(members), f"{members.__name__}: names for unknown codes"
    for table in LIFECYCLES.values():
        for action in table:
            assert labels.ACTION[action].zh and labels.ACTION[action].en


def _value_texts(node: ast.expr) -> list[str]:
    """The Chinese a dict value carries: a string, or the strings of a call (tr(...))."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Call):
        return [
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
    if isinstance(node, ast.Tuple):
        return [t for e in node.elts for t in _value_texts(e)]
    return []


def _key_code(node: ast.expr | None, codes: Mapping[str, object]) -> bool:
    """A key that names a code: its value, ``Enum.MEMBER``, or a bare alias (``PO``)."""
    if isinstance(node, ast.Constant):
        return node.value in codes
    if isinstance(node, ast.Attribute):
        return node.attr.lower() in codes
    return isinstance(node, ast.Name)


def _copies_of_names(source: str) -> list[str]:
    """Dict literals mapping codes of one closed set to two or more of its Chinese names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Dict):
            continue
        texts = [t for v in node.values for t in _value_texts(v)]
        tables = {**{m.__name__: t for m, t in labels.TABLES.items()}, "actions": labels.ACTION}
        for what, table in tables.items():
            zh = {label.zh for label in table.values()}
            keys = sum(_key_code(k, table) for k in node.keys)
            if keys >= 2 and sum(t in zh for t in texts) >= 2:
                found.append(f"line {node.lineno}: {what}")
    return found


def test_the_names_are_defined_once() -> None:
    # the scanner sees the copies this project used to keep (lifecycle, views, exports)
    assert _copies_of_names('S = {D: "草稿", PO: "已过账"}')
    assert _copies_of_names('K = {"special": "专票", "normal": "普票"}')
    assert _copies_of_names(
        'def f():\n    return {"draft": tr("Status", "草稿"), "sent": tr("Status", "已发送")}'
    )
    assert _copies_of_names('K = {DocKind.QUOTE: "报价单", DocKind.DELIVERY: "送货单"}')
    assert _copies_of_names('A = {"post": "过账", "reverse": "红冲"}')
    assert not _copies_of_names('K = {"customer": "客户", "payment": "收付款"}')
    assert not _copies_of_names(
        'N = {"quotes": tr("Nav", "报价单"), "deliveries": tr("Nav", "送货单")}'
    )
    copies = {
        str(path.relative_to(DESKTOP)): found
        for path in DESKTOP.rglob("*.py")
        if path != DESKTOP / "labels.py"
        and (found := _copies_of_names(path.read_text(encoding="utf-8")))
    }
    assert copies == {}


# ---------------------------------------------------------------- every path writes members
def _statuses(ledger: Ledger) -> set[tuple[str, str]]:
    with ledger.read() as s:
        return {(k, st) for k, st in s.execute(text("SELECT DISTINCT kind, status FROM document"))}


def _outside_lifecycles(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(k, st) for k, st in pairs if k not in LIFECYCLES or st not in states(k)}


def test_the_demo_writes_only_lifecycle_states(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path / "demo.zhangfang", create=True, actor="tester")
    try:
        generate_demo(ledger, seed=3, customers=12, products=30, months=2, end=date(2026, 9, 30))
        pairs = _statuses(ledger)
        assert _outside_lifecycles(pairs) == set()
        assert (DocKind.SALES_BILL, DocStatus.POSTED) in pairs
        with ledger.read() as s:
            assert run_checks(s) == []
    finally:
        ledger.close()


def test_the_services_write_only_lifecycle_states(ledger: Any) -> None:
    cust, supp = customer(ledger), supplier(ledger)
    item = product(ledger)
    lines = [LineInput("000123", 10, "箱", "24.00")]
    on = date(2026, 9, 1)
    with ledger.unit() as uow:
        sent = documents.create_draft(uow, DocKind.QUOTE, cust, lines, on)
        quotes.send_quote(uow, sent.id)
        rejected = documents.create_draft(uow, DocKind.QUOTE, cust, lines, on)
        quotes.reject_quote(uow, rejected.id)
        accepted = documents.create_draft(uow, DocKind.QUOTE, cust, lines, on)
        order = quotes.order_from_quote(uow, accepted.id, on)
        credit.confirm_order(uow, order.id)
        line_id = order.lines[0].id
        trade.fulfil(uow, order.id, {line_id: D(4)}, on)
        bill = trade.bill_order(uow, order.id, doc_date=on)
        trade.close_order(uow, order.id, "客户不要了")
        reversal.reverse(uow, bill.id, "开错了")
        buy = documents.create_draft(uow, DocKind.PURCHASE_ORDER, supp, lines, on)
        documents.cancel(uow, buy.id)
        payments.record_payment(uow, supp, "50", flow=FlowName.PURCHASE, doc_date=on)
        stock.stocktake(uow, {item: "3"}, on)
    pairs = _statuses(ledger)
    assert _outside_lifecycles(pairs) == set()
    assert {
        (DocKind.QUOTE, DocStatus.SENT),
        (DocKind.QUOTE, DocStatus.REJECTED),
        (DocKind.QUOTE, DocStatus.ACCEPTED),
        (DocKind.SALES_ORDER, DocStatus.CLOSED),
        (DocKind.SALES_BILL, DocStatus.REVERSED),
        (DocKind.PURCHASE_ORDER, DocStatus.CANCELLED),
    } <= pairs
    with ledger.read() as s:
        assert run_checks(s) == []


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_every_import_kind_writes_only_lifecycle_states(ledger: Any, tmp_path: Path) -> None:
    x = tmp_path
    run_import(
        ledger, _xlsx(x / "c.xlsx", [["客户编码", "客户名称"], ["K1", "甲公司"]]), kind="customer"
    )
    run_import(
        ledger, _xlsx(x / "s.xlsx", [["供应商编码", "供应商名称"], ["G1", "乙厂"]]), kind="supplier"
    )
    run_import(
        ledger,
        _xlsx(x / "p.xlsx", [["商品编码", "商品名称", "单位"], ["000123", "螺丝", "个"]]),
        kind="product",
    )
    run_import(
        ledger,
        _xlsx(x / "ob.xlsx", [["客户编码", "客户名称", "期初应收"], ["K1", "甲公司", 300]]),
        kind="opening_balance",
        options=ImportOptions(opening_date=date(2024, 1, 1)),
    )
    run_import(
        ledger,
        _xlsx(x / "os.xlsx", [["商品编码", "期初数量"], ["000123", 20]]),
        kind="opening_stock",
    )
    history = [
        ["单号", "日期", "客户", "商品编码", "数量", "单价"],
        ["S1", "2024-01-05", "甲公司", "000123", 2, 3],
    ]
    run_import(ledger, _xlsx(x / "h1.xlsx", history), kind="sales_history")
    history[1][0] = "S2"
    run_import(
        ledger,
        _xlsx(x / "h2.xlsx", history),
        kind="sales_history",
        options=ImportOptions(post_balances=True, move_stock=True),
    )
    bought = [
        ["单号", "日期", "供应商", "商品编码", "数量", "单价"],
        ["P1", "2024-01-03", "乙厂", "000123", 5, 1],
    ]
    run_import(
        ledger,
        _xlsx(x / "h3.xlsx", bought),
        kind="purchase_history",
        options=ImportOptions(move_stock=True),
    )
    run_import(
        ledger,
        _xlsx(x / "pay.xlsx", [["日期", "客户名称", "收款金额"], ["2024-02-01", "甲公司", 5]]),
        kind="payment",
    )
    run_import(
        ledger,
        _xlsx(
            x / "fp.xlsx",
            [
                ["发票号码", "开票日期", "购方名称", "金额", "税额", "价税合计"],
                ["00000001", "2024-02-02", "甲公司", 100, 13, 113],
            ],
        ),
        kind="fapiao",
    )
    pairs = _statuses(ledger)
    assert _outside_lifecycles(pairs) == set()
    assert {
        (DocKind.SALES_BILL, DocStatus.CLOSED),
        (DocKind.SALES_BILL, DocStatus.POSTED),
        (DocKind.SUPPLIER_BILL, DocStatus.CLOSED),
        (DocKind.RECEIPT, DocStatus.POSTED),
    } <= pairs
    with ledger.read() as s:
        assert run_checks(s) == []


# ---------------------------------------------------------------- a history bill and its reversal
def test_a_history_bill_is_reversed_without_touching_balances(
    ledger: Any, ledger_path: Path, tmp_path: Path
) -> None:
    cust = customer(ledger, "甲公司", code="K1")
    item = product(ledger, "000123", "螺丝 M6")
    day = date(2024, 1, 5)
    rows = [
        ["单号", "日期", "客户", "商品编码", "数量", "单价"],
        ["S1", day.isoformat(), "甲公司", "000123", 10, 2],
    ]
    run_import(
        ledger,
        _xlsx(tmp_path / "h.xlsx", rows),
        kind="sales_history",
        options=ImportOptions(move_stock=True),
    )
    with ledger.unit() as uow:
        bill = uow.session.scalars(
            select(Document).where(Document.external_ref == "imp:sales:S1")
        ).one()
        assert bill.status == DocStatus.CLOSED
        total = bill.total
        assert _sales_on(ledger_path, day) == total  # a history bill is a sale all the same
        red = reversal.reverse(uow, bill.id, "导入错了")
        assert (red.status, bill.status) == (DocStatus.CLOSED, DocStatus.REVERSED)
        assert red.posted_at is None and red.total == -bill.total
    with ledger.read() as s:
        assert stock.on_hand(s, item) == 0
        assert s.scalars(select(StockMove.qty).where(StockMove.document_id == red.id)).all() == [
            D(10)
        ]
        assert s.scalar(select(PartyEntry.id).where(PartyEntry.party_id == cust)) is None
        assert run_checks(s) == []
    assert total > 0 and _sales_on(ledger_path, day) == 0  # the bill and its reversal net out


def _sales_on(path: Path, day: date) -> Decimal:
    conn = db.connect(path)
    try:
        return dashboard.quick(conn, day).sales_today
    finally:
        conn.close()


# ---------------------------------------------------------------- check sees what the schema allows
#: a raw write the schema lets through, the problem ``check`` must report, a word it shows
CORRUPTIONS = [
    (
        "UPDATE document SET status = 'archived' WHERE kind = 'sales_bill'",
        "bad_status",
        "archived",
    ),
    (
        "UPDATE document SET status = 'posted' WHERE kind = 'sales_order'",
        "bad_status",
        "已过账",
    ),
    ("UPDATE document SET kind = 'invoice' WHERE kind = 'sales_bill'", "bad_code", "invoice"),
    ("UPDATE fapiao SET kind = 'paper'", "bad_code", "paper"),
    ("UPDATE fapiao SET direction = 'up'", "bad_code", "up"),
    ("UPDATE fapiao SET status = 'lost'", "bad_code", "lost"),
    ("UPDATE firm SET negative_stock = 'maybe'", "bad_code", "maybe"),
    ("UPDATE firm SET credit_policy = 'ask'", "bad_code", "ask"),
    ("UPDATE party SET terms_kind = 'weekly'", "bad_code", "weekly"),
    ("UPDATE outbox SET state = 'sent'", "bad_code", "sent"),
    ("UPDATE import_batch SET state = 'half'", "bad_code", "half"),
    ("UPDATE party_balance SET account = 'XX'", "bad_code", "XX"),
    ("UPDATE person SET role = 'boss'", "bad_code", "boss"),
]


def test_check_reports_a_code_outside_its_set(ledger: Any, tmp_path: Path) -> None:
    cust = customer(ledger, "甲公司", code="K1", invoice_tax_id="91310000MA1FL0XX0X")
    product(ledger, "000123", "螺丝 M6")
    rows = [
        ["单号", "日期", "客户", "商品编码", "数量", "单价"],
        ["S1", "2024-01-05", "甲公司", "000123", 10, 2],
    ]
    run_import(
        ledger,
        _xlsx(tmp_path / "h.xlsx", rows),
        kind="sales_history",
        options=ImportOptions(post_balances=True),
    )
    with ledger.unit() as uow:
        documents.create_draft(
            uow, DocKind.SALES_ORDER, cust, [LineInput("000123", 1)], date(2026, 9, 1)
        )
        record_fapiao(
            uow, number="1", party=cust, issue_date=date(2026, 9, 1), net_amount="1", tax_amount="0"
        )
        people.add_person(uow, "李四", "clerk")
    with ledger.read() as s:
        assert run_checks(s) == []
    for sql, code, word in CORRUPTIONS:
        with ledger.unit() as uow:
            uow.session.execute(text(sql))
        with ledger.read() as s:
            problems = [p for p in run_checks(s) if p.code == code and word in p.zh]
        assert problems, sql
        assert all(p.zh.endswith("。") and p.en.endswith(".") for p in problems)
