"""Undoing an import nets what it wrote with reversal entries (红冲) and never deletes or
changes an append-only row: every combination of the history options, every other import
kind, the command line a user runs, and imports that later documents already used."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.errors import StockError
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.importing.undo import undo_batch
from desktop.models import (
    Document,
    Fapiao,
    Party,
    Product,
    StockBalance,
)
from desktop.services import documents, firm, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.reversal import reverse
from tests.core.importing.history_files import history_xlsx
from tests.core.importing.test_import_history_paths import _random_history
from tests.core.importing.undo_files import (
    HEADER,
    append_only_counts,
    assert_grew,
    cli,
    lived_in,
    position,
    undo_and_compare,
    xlsx,
)
from tests.helpers import customer, product


def test_cli_undo_of_history_that_moved_stock_without_balances(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, ledger_path: Path, tmp_path: Path
) -> None:
    """The reported crash: "记入库存" without "记入应收应付", then undo, raised IntegrityError."""
    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    rows = [
        HEADER,
        ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 10, 2, 20],
        ["S2", "2024-01-06", "K1", "甲公司", "000123", "螺丝 M6", "个", 3, 2, 6],
    ]
    path = history_xlsx(tmp_path / "sales.xlsx", rows)
    before, counts = position(ledger), append_only_counts(ledger)
    ledger.close()
    books = str(ledger_path)
    code, out, err = cli(
        capsys, "import", str(path), "--kind", "sales_history", "--move-stock",
        "--ledger", books, "--json",
    )  # fmt: skip
    assert code == 0, err
    batch = json.loads(out)["batch"]
    code, out, err = cli(capsys, "import", "--undo", batch[:13], "--ledger", books, "--json")
    assert code == 0 and "Traceback" not in err, err
    assert len(json.loads(out)["reversed"]) == 2
    code, out, _ = cli(capsys, "check", "--ledger", books, "--json")
    assert code == 0 and json.loads(out)["ok"], out
    reopened = Ledger.open(ledger_path, actor="tester")
    try:
        assert position(reopened) == before
        assert_grew(counts, append_only_counts(reopened))
    finally:
        reopened.close()


@pytest.mark.parametrize("flow", ["sales", "purchase"])
@pytest.mark.parametrize("post_balances", [False, True])
@pytest.mark.parametrize("move_stock", [False, True])
def test_history_undo_every_combination(
    ledger: Ledger, tmp_path: Path, flow: str, post_balances: bool, move_stock: bool
) -> None:
    """Sales and purchase history × 记入应收应付 × 记入库存, on a messy file (odd decimals,
    pack units, new customers and products): after undo the ledger is as before, and the same
    file imports again as new."""
    lived_in(ledger)
    kind = f"{flow}_history"
    who = "客户" if flow == "sales" else "供应商"
    path = history_xlsx(tmp_path / "h.xlsx", _random_history(7, 150, who))
    options = ImportOptions(create_missing=True, post_balances=post_balances, move_stock=move_stock)
    undo_and_compare(ledger, path, kind, options)
    with ledger.read() as s:
        imported = s.scalars(select(Document).where(Document.notes.like("历史单据%"))).all()
        reds = s.scalars(select(Document).where(Document.reverses_id.is_not(None))).all()
        if post_balances:
            assert {d.status for d in imported} == {"reversed"}
            assert {d.status for d in reds} == {"posted"}
        elif move_stock:  # closed records that moved stock: netted by closed records
            assert {d.status for d in imported} == {"reversed"}
            assert {d.status for d in reds} == {"closed"} and len(reds) == len(imported)
        else:  # nothing points to them: gone, as if never imported
            assert imported == [] and reds == []
        assert all(d.external_ref is None for d in imported)
    again = run_import(ledger, path, kind=kind, options=options)
    assert again.counts["unchanged"] == 0 and again.counts["new"], again.summary("en")
    with ledger.read() as s:
        assert run_checks(s) == []


def test_opening_balances_stock_and_master_data_undo(ledger: Ledger, tmp_path: Path) -> None:
    """Opening balances (bills and, for credits, receipts), opening stock, customers and
    suppliers with opening balances, products with opening stock: each undone to the ledger
    as before, and each importable again afterwards."""
    lived_in(ledger)
    on = ImportOptions(opening_date=date(2023, 12, 31), create_missing=True)
    files: list[tuple[str, list[list[Any]]]] = [
        (
            "opening_balance",
            [["往来单位编码", "往来单位", "期初应收"], ["", "丁公司", 120], ["", "戊公司", -45.5]],
        ),
        (
            "opening_stock",
            [["商品编码", "商品名称", "期初数量", "成本单价"], ["000125", "垫圈 M6", 3, 1.1]],
        ),
        (
            "customer",
            [
                ["编码", "名称", "电话", "期初应收"],
                ["K8", "己公司", "123", 80],
                ["K2", "乙公司", "9", ""],
            ],
        ),
        ("supplier", [["编码", "名称", "期初应付"], ["G9", "庚供应商", 60]]),
        (
            "product",
            [
                ["商品编码", "商品名称", "基本单位", "进价", "期初库存"],
                ["000900", "垫片", "个", 0.35, 40],
                ["000123", "螺丝 M6（新）", "个", 2.6, ""],
            ],
        ),
    ]
    for n, (kind, rows) in enumerate(files):
        path = xlsx(tmp_path / f"{n}.xlsx", rows)
        with ledger.read() as s:
            names = sorted(s.scalars(select(Party.name).where(Party.archived.is_(False))))
            products = sorted(s.scalars(select(Product.name).where(Product.archived.is_(False))))
        report = undo_and_compare(ledger, path, kind, on)
        with ledger.read() as s:  # what nothing else uses is gone; changed fields restored
            assert sorted(s.scalars(select(Party.name).where(Party.archived.is_(False)))) == names
            live = s.scalars(select(Product.name).where(Product.archived.is_(False)))
            assert sorted(live) == products
        again = run_import(ledger, path, kind=kind, options=on)
        assert again.counts["new"] + again.counts["updated"] == (
            report.counts["new"] + report.counts["updated"]
        ), (kind, again.summary("en"))
        undo_batch(ledger, str(again.batch_id))
        with ledger.read() as s:
            assert run_checks(s) == []


def test_payment_and_fapiao_undo(ledger: Ledger, tmp_path: Path) -> None:
    """Payments applied to open bills (allocations released by the undo) and fapiao."""
    made = lived_in(ledger)
    with ledger.read() as s:
        bill_number = s.get(Document, made["bill"]).number
    payments_file = xlsx(
        tmp_path / "p.xlsx",
        [
            ["单号", "日期", "往来单位编码", "往来单位", "金额"],
            ["R1", "2024-02-01", "K1", "甲公司", 300],
        ],
    )
    report = undo_and_compare(
        ledger, payments_file, "payment", ImportOptions(flow="sales", auto_allocate=True)
    )
    assert report.counts["new"] == 1
    fapiao_file = xlsx(
        tmp_path / "f.xlsx",
        [
            ["发票号码", "开票日期", "金额", "税额", "购方名称", "关联单号"],
            ["12345678", "2024-01-05", 17.7, 2.3, "甲公司", bill_number],
        ],
    )
    before = _count(ledger, Fapiao)
    undo_and_compare(ledger, fapiao_file, "fapiao", ImportOptions(direction="out"))
    assert _count(ledger, Fapiao) == before


def _count(ledger: Ledger, model: Any) -> int:
    with ledger.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# --- later documents used what the import brought in ------------------------------------------


def test_undo_refused_while_a_return_stands_against_an_imported_bill(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, ledger_path: Path, tmp_path: Path
) -> None:
    lived_in(ledger)
    rows = [HEADER, ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 10, 4, 40]]
    path = history_xlsx(tmp_path / "s.xlsx", rows)
    before = position(ledger)
    options = ImportOptions(post_balances=True, move_stock=True)
    report = run_import(ledger, path, kind="sales_history", options=options)
    with ledger.unit() as uow:
        bill = uow.session.scalars(select(Document).where(Document.external_ref.is_not(None))).one()
        ret = trade.return_goods(uow, bill.id, {bill.lines[0].id: Decimal(2)}, date(2024, 2, 1))
    counts = append_only_counts(ledger)
    ledger.close()
    code, _, err = cli(
        capsys, "import", "--undo", str(report.batch_id), "--ledger", str(ledger_path)
    )
    assert code == 1 and "Traceback" not in err
    assert f"已有退货单 {ret.number}，请先红冲退货单，再撤销这批导入" in err
    reopened = Ledger.open(ledger_path, actor="tester")
    try:
        assert append_only_counts(reopened) == counts  # nothing written
        with reopened.unit() as uow:
            reverse(uow, ret.id, "退货录错")
        undo_batch(reopened, str(report.batch_id))
        with reopened.read() as s:
            assert run_checks(s) == []
        assert position(reopened) == before
    finally:
        reopened.close()


def test_undo_of_goods_already_sold_follows_the_negative_stock_setting(
    ledger: Ledger, tmp_path: Path
) -> None:
    """Purchase history that brought goods in (closed records), then a sale of some: with
    negative stock blocked the undo is refused and says why; allowed, it goes through and the
    sale's goods are what is missing."""
    made = lived_in(ledger)
    rows = [
        [
            "单号",
            "日期",
            "供应商编码",
            "供应商名称",
            "商品编码",
            "商品名称",
            "单位",
            "数量",
            "单价",
        ],
        ["P1", "2024-01-05", "K2", "乙公司", "000125", "垫圈 M6", "个", 10, 3],
    ]
    path = history_xlsx(tmp_path / "p.xlsx", rows)
    before = position(ledger)
    options = ImportOptions(move_stock=True)
    report = run_import(ledger, path, kind="purchase_history", options=options)
    with ledger.unit() as uow:
        firm.update_firm(uow, negative_stock="block")
        sale = documents.create_draft(
            uow,
            "sales_bill",
            made["k1"],
            [LineInput("000125", 4, unit_price="5")],
            date(2024, 2, 1),
        )
        trade.post(uow, sale.id)
    counts = append_only_counts(ledger)
    with pytest.raises(StockError) as refused:
        undo_batch(ledger, str(report.batch_id))
    assert "垫圈 M6 10" in refused.value.zh and "只有 6" in refused.value.zh
    assert "later documents used the rest" in refused.value.en
    assert append_only_counts(ledger) == counts
    with ledger.unit() as uow:
        firm.update_firm(uow, negative_stock="allow")
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert run_checks(s) == []
        washers = s.scalars(select(Product).where(Product.code == "000125")).one()
        stock = s.get(StockBalance, washers.id)
        assert stock is not None and stock.qty == -4
    after = position(ledger)
    assert after["stock"].pop(washers.id)[0] == -4
    assert after["stock"] == before["stock"]


def test_undo_of_products_a_later_sale_uses_archives_them(ledger: Ledger, tmp_path: Path) -> None:
    made = lived_in(ledger)
    path = xlsx(
        tmp_path / "p.xlsx",
        [
            ["商品编码", "商品名称", "基本单位", "零售价"],
            ["000901", "弹簧垫", "个", 1],
            ["000902", "平垫", "个", 1],
        ],
    )
    report = run_import(ledger, path, kind="product")
    with ledger.unit() as uow:
        sale = documents.create_draft(
            uow, "sales_bill", made["k1"], [LineInput("000901", 3)], date(2024, 2, 1)
        )
        trade.post(uow, sale.id)
    undone = undo_batch(ledger, str(report.batch_id))
    assert undone.archived == ["000901 弹簧垫"] and undone.deleted == {"product": 1}
    with ledger.read() as s:
        assert run_checks(s) == []
        assert s.scalars(select(Product.archived).where(Product.code == "000901")).one()


def test_undo_leaves_a_bill_reversed_by_hand_alone(ledger: Ledger, tmp_path: Path) -> None:
    lived_in(ledger)
    rows = [
        HEADER,
        ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 10, 4, 40],
        ["S2", "2024-01-06", "K2", "乙公司", "000124", "螺母 M6", "个", 3, 2, 6],
    ]
    path = history_xlsx(tmp_path / "s.xlsx", rows)
    before = position(ledger)
    options = ImportOptions(post_balances=True, move_stock=True)
    report = run_import(ledger, path, kind="sales_history", options=options)
    with ledger.unit() as uow:
        first = uow.session.scalars(select(Document).where(Document.reference == "S1")).one()
        reverse(uow, first.id, "录错")
    undone = undo_batch(ledger, str(report.batch_id))
    assert len(undone.reversed) == 1
    with ledger.read() as s:
        assert run_checks(s) == []
    assert position(ledger) == before


def test_deleted_history_bills_keep_their_rows_in_entries_stored_as_the_orm_stores_them(
    ledger: Ledger, tmp_path: Path
) -> None:
    """The undo writes one audit entry per deleted bill in one insert: the same columns and
    the same text an ``AuditEntry`` flushed by the session has (JSON as the JSON type writes
    it, the time with its microseconds), and the bill's rows as they were stored."""
    from uuid import UUID

    from desktop.importing.deleted_bills import deleted_bills, stored_bills
    from desktop.models import AuditEntry

    path = history_xlsx(tmp_path / "h.xlsx", _random_history(3, 40, "客户"))
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.batch_id is not None
    with ledger.read() as s:
        ids = [d.hex for d in s.scalars(select(Document.id).where(Document.status == "closed"))]
        rows_before = stored_bills(s.connection(), ids)
    undo_batch(ledger, str(report.batch_id))
    with ledger.unit() as uow:  # an entry as the session writes one, to compare with
        uow.session.add(
            AuditEntry(
                actor="x",
                desk="A",
                entity="document",
                entity_id="-",
                action="delete",
                before={"number": "数字", "reason": "撤销"},
                after=None,
            )
        )
    with ledger.read() as s:
        raw = s.connection().connection.driver_connection
        written = raw.execute(
            "SELECT at, actor, desk, entity_id, before, after, batch_id FROM audit_log "
            "WHERE entity = 'document' AND action = 'delete' ORDER BY seq"
        ).fetchall()
        assert deleted_bills(s.connection(), ids) == rows_before  # read back from the entries
    orm, undone = written[-1], written[:-1]
    assert sorted(r[3] for r in undone) == sorted(str(UUID(hex=i)) for i in ids)
    assert all(len(r[0]) == len(orm[0]) == 26 for r in undone)  # 2026-12-07 10:54:27.279588
    assert all(r[5] == orm[5] and r[6] is None for r in undone)  # after: as the ORM writes None
    assert json.dumps(json.loads(orm[4])) == orm[4]  # the JSON type's text: json.dumps
    for r in undone:
        assert json.dumps(json.loads(r[4])) == r[4]
        assert json.loads(r[4])["reason"].startswith("撤销导入")
