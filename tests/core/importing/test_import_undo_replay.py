"""An import that was undone replays: another copy of the ledger, given the desk's outbox,
makes the import and takes it back exactly as the desk did, for every kind of import and
every combination of the history options undo supports; ``zhangfang check`` passes on both
copies."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.importing.undo import undo_batch
from desktop.models import Document, OutboxEntry, Product, StockBalance
from desktop.services import documents, fapiao, parties, products, trade
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.uow import ReplayMismatch
from desktop.sync.intents import apply_intent, replay
from tests.core.importing.history_files import history_xlsx
from tests.core.importing.test_import_history_paths import _random_history
from tests.core.importing.undo_files import HEADER, cli, lived_in, xlsx
from tests.replay import assert_same_books, outgoing, replay_into_empty

ON = ImportOptions(opening_date=date(2023, 12, 31), create_missing=True)

PACKS = ["包装单位", "换算比例", "包装单位2", "换算比例2", "阶梯价"]
#: master data and opening figures: (kind, the file's rows, options)
RECORDS: dict[str, tuple[str, list[list[Any]], ImportOptions]] = {
    "customers": (
        "customer",
        [
            ["编码", "名称", "电话", "期初应收"],
            ["K8", "己公司", "123", 80],  # new, with an opening balance
            ["K2", "乙公司", "9", ""],  # an existing one's phone changed
            ["K9", "辛公司", "", ""],  # new, used by nothing: deleted by the undo
        ],
        ON,
    ),
    "suppliers": ("supplier", [["编码", "名称", "期初应付"], ["G9", "庚供应商", 60]], ON),
    "products": (
        "product",
        [
            [*["商品编码", "商品名称", "基本单位", "进价", "期初库存"], *PACKS],
            ["000900", "垫片", "个", 0.35, 40],  # new, with opening stock: archived
            ["000901", "弹簧", "个", 0.5, "", "盒", 10],  # new, used by nothing: deleted
            ["000123", "螺丝 M6（新）", "个", 2.6],  # an existing one renamed
            # an existing one: a unit added, one changed, its tiers replaced
            ["000124", "螺母 M6", "个", "", "", "盒", 10, "箱", 100, "100+:0.7"],
        ],
        ON,
    ),
    "opening_balances": (
        "opening_balance",
        [["往来单位编码", "往来单位", "期初应收"], ["", "丁公司", 120], ["", "戊公司", -45.5]],
        ON,
    ),
    "opening_stock": (
        "opening_stock",
        [["商品编码", "商品名称", "期初数量", "成本单价"], ["000125", "垫圈 M6", 3, 1.1]],
        ON,
    ),
    "payments": (
        "payment",
        [
            ["单号", "日期", "往来单位编码", "往来单位", "金额"],
            ["R1", "2024-02-01", "K1", "甲公司", 300],
        ],
        ImportOptions(flow="sales", auto_allocate=True),
    ),
}


def _replays(ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The ledger's outbox replayed into an empty ledger gives the same books, and
    ``zhangfang check`` passes on both."""
    copy = tmp_path / "copy.zhangfang"
    replay_into_empty(ledger, copy)
    ledger.close()
    assert_same_books(ledger.path, copy)
    for books in (ledger.path, copy):
        code, out, err = cli(capsys, "check", "--ledger", str(books), "--json")
        assert code == 0 and json.loads(out)["ok"], (books, out, err)


def _undone_intents(ledger: Ledger) -> list[str]:
    with ledger.read() as s:
        return [r.intent for r in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


@pytest.mark.parametrize("case", sorted(RECORDS))
def test_an_undone_import_of_records_replays(
    ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    made = lived_in(ledger)
    with ledger.unit() as uow:  # tiers for an import to replace
        products.update_product(uow, made["nuts"], tiers=[{"min_qty": "50", "price": "0.8"}])
    kind, rows, options = RECORDS[case]
    report = run_import(ledger, xlsx(tmp_path / "f.xlsx", rows), kind=kind, options=options)
    assert report.batch_id is not None, report.summary("en")
    undo_batch(ledger, str(report.batch_id))
    assert "import.undo" in _undone_intents(ledger)
    with ledger.read() as s:  # the tiers the product import replaced are back
        nuts = products.get_product(s, made["nuts"])
        assert [(p.min_qty, p.price) for p in nuts.prices] == [(50, Decimal("0.8"))]
        assert [(u.unit, u.factor) for u in nuts.units] == [("箱", 24)]
    _replays(ledger, tmp_path, capsys)


def test_an_undone_import_of_fapiao_replays(
    ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fapiao recorded (one linked to a bill, one recorded as cancelled: both deleted by the
    undo) and one recorded before, cancelled by the import (restored by the undo)."""
    made = lived_in(ledger)
    with ledger.unit() as uow:
        bill = uow.session.get(Document, made["bill"])
        assert bill is not None
        number = bill.number
        fapiao.record_fapiao(
            uow,
            number="12345670",
            party=made["k1"],
            issue_date=date(2024, 1, 4),
            net_amount="8.85",
            tax_amount="1.15",
        )
    rows = [
        ["发票号码", "开票日期", "金额", "税额", "购方名称", "关联单号", "状态"],
        ["12345678", "2024-01-05", 17.7, 2.3, "甲公司", number, ""],
        ["12345679", "2024-01-06", 10, 1.3, "乙公司", "", "作废"],
        ["12345670", "2024-01-04", 8.85, 1.15, "甲公司", "", "作废"],
    ]
    options = ImportOptions(direction="out")
    report = run_import(ledger, xlsx(tmp_path / "f.xlsx", rows), kind="fapiao", options=options)
    assert (report.counts["new"], report.counts["updated"]) == (2, 1), report.summary("en")
    undone = undo_batch(ledger, str(report.batch_id))
    assert undone.deleted == {"fapiao": 2} and undone.restored, undone.as_dict()
    _replays(ledger, tmp_path, capsys)


@pytest.mark.slow
@pytest.mark.parametrize("flow", ["sales", "purchase"])
@pytest.mark.parametrize("post_balances", [False, True])
@pytest.mark.parametrize("move_stock", [False, True])
def test_an_undone_history_import_replays(
    ledger: Ledger,
    ledger_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flow: str,
    post_balances: bool,
    move_stock: bool,
) -> None:
    """Sales and purchase history × 记入应收应付 × 记入库存 (new customers and products
    created), imported and undone with the command a user runs."""
    lived_in(ledger)
    who = "客户" if flow == "sales" else "供应商"
    path = history_xlsx(tmp_path / "h.xlsx", _random_history(7, 60, who))
    ledger.close()
    books = str(ledger_path)
    argv = ["import", str(path), "--kind", f"{flow}_history", "--create-missing"]
    argv += ["--move-stock"] * move_stock + ["--post-balances"] * post_balances
    _, out, err = cli(capsys, *argv, "--ledger", books, "--json")
    batch = json.loads(out)["batch"]  # rows with errors are left out (exit code 1)
    assert batch, err
    code, out, err = cli(capsys, "import", "--undo", batch[:13], "--ledger", books, "--json")
    assert code == 0, err
    reopened = Ledger.open(ledger_path, actor="tester")
    try:
        undo = [args for intent, args, _ in outgoing(reopened) if intent == "import.undo"]
        # closed records nothing points to are deleted: the import's intent, still in the
        # outbox, carries them from the audit trail; the others are reversed
        assert bool(undo[0]["documents"]) == (not move_stock and not post_balances)
        assert bool(undo[0]["unref"]) == (move_stock or post_balances)
        _replays(reopened, tmp_path, capsys)
    finally:
        reopened.close()


def test_the_copy_takes_stock_back_to_the_same_value(
    ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sales whose reversal rounds a unit off the value they started from (7 nuts worth
    9.3333): the desk takes the batch back newest first to 9.3333 exactly, and so does the
    copy, applying the reversals one by one in the order they were recorded."""
    made = lived_in(ledger)
    rows = [HEADER] + [
        [f"S{i}", f"2024-01-{5 + i:02d}", "K1", "甲公司", "000124", "螺母 M6", "个", qty, 2]
        for i, qty in enumerate((1.5, 1.5, 2))
    ]
    path = history_xlsx(tmp_path / "h.xlsx", rows)
    report = run_import(ledger, path, kind="sales_history", options=ImportOptions(move_stock=True))
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        nuts = s.get(StockBalance, made["nuts"])
        assert nuts is not None and (nuts.qty, nuts.value) == (7, Decimal("9.3333"))
    _replays(ledger, tmp_path, capsys)


# --- a copy whose state does not allow the undo refuses it -----------------------------------


def _up_to_the_undo(ledger: Ledger, path: Path) -> tuple[Ledger, dict[str, Any]]:
    """A copy given everything ``ledger`` recorded before its ``import.undo``; that intent's
    arguments."""
    intents = outgoing(ledger)
    at = [intent for intent, _, _ in intents].index("import.undo")
    copy = Ledger.open(path, create=True, actor="server")
    replay(copy, intents[:at], ledger.desk)
    return copy, intents[at][1]


def test_a_copy_where_a_record_to_delete_is_used_refuses_the_undo(
    ledger: Ledger, tmp_path: Path
) -> None:
    made = lived_in(ledger)
    rows = [["商品编码", "商品名称", "基本单位"], ["000901", "弹簧垫", "个"]]
    report = run_import(ledger, xlsx(tmp_path / "p.xlsx", rows), kind="product")
    assert undo_batch(ledger, str(report.batch_id)).deleted == {"product": 1}
    copy, args = _up_to_the_undo(ledger, tmp_path / "copy.zhangfang")
    try:
        with copy.unit() as uow:  # on the copy, a sale of the product came first
            sale = documents.create_draft(
                uow, "sales_bill", made["k1"], [LineInput("000901", 3)], date(2024, 2, 1)
            )
            trade.post(uow, sale.id)
        with pytest.raises(ReplayMismatch, match=r"product .* is used here"), copy.unit() as uow:
            apply_intent(uow, "import.undo", args)
        with copy.read() as s:  # nothing of the refused undo was written
            product = s.scalars(select(Product).where(Product.code == "000901")).one()
            assert not product.archived
    finally:
        copy.close()


def test_a_copy_where_a_restored_field_was_edited_refuses_the_undo(
    ledger: Ledger, tmp_path: Path
) -> None:
    made = lived_in(ledger)
    rows = [["编码", "名称", "电话"], ["K2", "乙公司", "9"]]
    report = run_import(ledger, xlsx(tmp_path / "c.xlsx", rows), kind="customer")
    assert undo_batch(ledger, str(report.batch_id)).restored
    copy, args = _up_to_the_undo(ledger, tmp_path / "copy.zhangfang")
    try:
        with copy.unit() as uow:
            parties.update_party(uow, made["k2"], phone="777")
        with pytest.raises(ReplayMismatch, match=r"party\.phone was changed"), copy.unit() as uow:
            apply_intent(uow, "import.undo", args)
        with copy.read() as s:
            assert parties.get_party(s, "K2").phone == "777"
    finally:
        copy.close()
