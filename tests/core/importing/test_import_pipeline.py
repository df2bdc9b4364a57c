"""The import pipeline end to end on messy workbooks the tests build themselves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from desktop.importing.errors import ImportFileError
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.matching import core_name, normalize_name
from desktop.importing.plan import run_import
from desktop.importing.undo import undo_batch
from desktop.models import Document, Fapiao, Party, Product
from desktop.services.checks import run_checks
from tests.helpers import customer, row_counts

D = Decimal


def xlsx(path: Path, rows: list[list[Any]], title: str | None = "往来单位资料（2024）") -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        ws.append([])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


CUSTOMERS = [
    ["客户编码", "客户名称*", "联系人", "手机号码", "纳税人识别号", "期初应收", "备注"],
    [
        "00123",
        "上海　张三五金有限责任公司",
        "张三",
        13800000000.0,
        "91310000MA1FL0XX0X",
        1200.5,
        "",
    ],
    ["00124", "李四建材", "李四", "021-5555", None, None, "老客户"],
    ["00125", "王五机电", None, None, "BAD-TAX", None, None],
    ["00124", "李四建材", "李四", "021-5555", None, None, "老客户"],
    ["合计", None, None, None, None, 1200.5, None],
]


def test_normalised_names() -> None:
    assert normalize_name("上海 张三五金有限责任公司") == normalize_name("上海张三五金有限公司")
    assert normalize_name("ＡＢＣ（上海）有限公司") == normalize_name("ABC(上海)有限公司")
    assert core_name("张三五金有限公司") == core_name("张三五金店")


def test_preview_commit_rerun_undo(ledger: Any, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", CUSTOMERS)
    before = row_counts(ledger)
    preview = run_import(ledger, path, dry_run=True)
    assert row_counts(ledger) == before
    assert preview.prepared.kind == "customer"
    assert preview.prepared.table.header_row == 3
    outcomes = {r.excel_row: r.outcome for r in preview.rows}
    assert outcomes == {4: "new", 5: "new", 6: "error", 7: "skipped"}
    bad = next(r for r in preview.rows if r.excel_row == 6)
    assert "纳税人识别号" in bad.reason("zh")
    assert preview.counts == {
        "total": 5,
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 2,
        "error": 1,
    }

    done = run_import(ledger, path)
    assert done.batch_id is not None and done.backup_path and done.backup_path.exists()
    with ledger.read() as s:
        p = s.scalar(select(Party).where(Party.code == "00123"))
        assert p.phone == "13800000000"
        assert p.invoice_tax_id == "91310000MA1FL0XX0X"
        opening = s.scalars(select(Document).where(Document.party_id == p.id)).one()
        assert opening.total == D("1200.50")
        assert run_checks(s) == []
    after = row_counts(ledger)
    again = run_import(ledger, path)
    assert again.batch_id is None and again.counts["new"] == 0 and again.counts["unchanged"] == 2
    # the repeated row is reported as on the first run: the same as row 5, skipped
    assert {r.excel_row: r.outcome for r in again.rows}[7] == "skipped"
    assert row_counts(ledger) == after

    undo_batch(ledger, str(done.batch_id))
    with ledger.read() as s:
        assert s.scalar(select(Party).where(Party.code == "00124")) is None
        kept = s.scalar(select(Party).where(Party.code == "00123"))
        assert kept.archived  # its opening bill was reversed, so it is archived, not deleted
        assert run_checks(s) == []
    with pytest.raises(Exception, match="already"):
        undo_batch(ledger, str(done.batch_id))
    again = run_import(ledger, path)  # importable again after undo
    assert (again.counts["new"], again.counts["updated"], again.aborted) == (1, 1, None)


def test_matching_by_normalised_name_update_and_undo(ledger: Any, tmp_path: Path) -> None:
    pid = customer(ledger, "上海张三五金有限公司", phone="111")
    path = xlsx(
        tmp_path / "u.xlsx",
        [["客户名称", "电话"], ["上海 张三五金有限责任公司", "222"], ["上海张三五金店", "333"]],
        title=None,
    )
    report = run_import(ledger, path)
    rows = {r.excel_row: r for r in report.rows}
    assert rows[2].outcome == "update" and rows[2].target == pid
    assert rows[3].outcome == "new" and "名称相近" in rows[3].reason()
    with ledger.read() as s:
        assert s.get(Party, pid).phone == "222"
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert s.get(Party, pid).phone == "111"
        assert s.scalar(select(Party).where(Party.name == "上海张三五金店")) is None


def test_name_match_with_other_code_is_an_error(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "李四建材", code="C9")
    path = xlsx(tmp_path / "x.xlsx", [["编码", "客户名称"], ["K1", "李四建材"]], title=None)
    row = run_import(ledger, path, dry_run=True).rows[0]
    assert row.outcome == "error" and "C9" in row.reason()


def test_products_units_tiers_opening_stock(ledger: Any, tmp_path: Path) -> None:
    rows = [
        [
            "商品编码",
            "商品名称",
            "规格",
            "单位",
            "副单位",
            "比例",
            "零售价",
            "批发价",
            "阶梯价",
            "期初库存",
            "进价",
        ],
        ["000123", "螺丝", "M6", "个", "箱", 24, 1.5, 1.2, "1-99:1.2；100+:1.0", 480, 0.8],
        ["000124", "螺母", "M6", "个", None, None, 0.5, None, "十个:1", None, None],
    ]
    path = xlsx(tmp_path / "p.xlsx", rows)
    report = run_import(ledger, path)
    assert [r.outcome for r in report.rows] == ["new", "error"]
    with ledger.read() as s:
        p = s.scalar(select(Product).where(Product.code == "000123"))
        assert {u.unit: u.factor for u in p.units} == {"箱": D(24)}
        assert sorted((x.kind, x.min_qty, x.price) for x in p.prices) == [
            ("level", D(0), D("1.2")),
            ("tier", D(1), D("1.2")),
            ("tier", D(100), D(1)),
        ]
        assert run_checks(s) == []
    assert run_import(ledger, path).counts["unchanged"] == 1


def test_products_with_two_pack_units(ledger: Any, tmp_path: Path) -> None:
    """副单位1/比例1/副单位2/比例2: both units come in; a later file adds to them."""
    header = ["商品编码", "商品名称", "单位", "副单位1", "比例1", "副单位2", "比例2"]
    rows = [
        header,
        ["000123", "螺丝", "个", "盒", 10, "箱", 240],
        ["000124", "螺母", "个", "盒", 10, "盒", 12],  # one unit, two sizes
        ["000125", "垫片", "个", "盒", None, None, None],  # a unit without its size
    ]
    path = xlsx(tmp_path / "p.xlsx", rows)
    report = run_import(ledger, path, kind="product")
    assert [r.outcome for r in report.rows] == ["new", "error", "error"]
    assert "两个不同的换算比例" in report.rows[1].reason("zh")
    assert "一起填写" in report.rows[2].reason("zh")
    with ledger.read() as s:
        p = s.scalar(select(Product).where(Product.code == "000123"))
        assert {u.unit: u.factor for u in p.units} == {"盒": D(10), "箱": D(240)}
    assert run_import(ledger, path, kind="product").counts["unchanged"] == 1
    more = xlsx(
        tmp_path / "more.xlsx",
        [header, ["000123", "螺丝", "个", "包", 5, None, None]],
    )
    assert [r.outcome for r in run_import(ledger, more, kind="product").rows] == ["update"]
    with ledger.read() as s:
        p = s.scalar(select(Product).where(Product.code == "000123"))
        assert {u.unit: u.factor for u in p.units} == {"盒": D(10), "箱": D(240), "包": D(5)}


def test_new_products_are_created_in_bulk_audited_synced_and_undone(
    ledger: Any, tmp_path: Path
) -> None:
    """New products (with units, tiers and a level price) go in with bulk inserts: each row
    gets its audit entry and the product its sync intent, as the service would write, and
    undoing the import removes the lot."""
    from sqlalchemy import func

    from desktop.models import AuditEntry, OutboxEntry, ProductPrice, ProductUnit

    before = row_counts(ledger)
    rows = [["商品编码", "商品名称", "单位", "副单位", "比例", "批发价", "阶梯价", "零售价"]]
    rows += [  # odd rows leave cells empty: the bulk insert gets rows with other keys
        [
            f"{i:05d}",
            f"螺丝{i}号",
            "个",
            "箱",
            24,
            1.2,
            "1-99:1.2；100+:1.0",
            1.5 if i % 2 else None,
        ]
        for i in range(30)
    ]
    path = xlsx(tmp_path / "p.xlsx", rows)
    report = run_import(ledger, path, kind="product")
    assert report.counts["new"] == 30
    with ledger.read() as s:
        p = s.scalar(select(Product).where(Product.code == "00007"))
        assert "ls7h" in p.search_key and {u.unit: u.factor for u in p.units} == {"箱": D(24)}
        assert len(p.prices) == 3
        audited = dict(
            s.execute(
                select(AuditEntry.entity, func.count())
                .where(AuditEntry.batch_id == report.batch_id)
                .group_by(AuditEntry.entity)
            ).all()
        )
        assert audited == {"product": 30, "product_unit": 30, "product_price": 90}
        intents = s.scalars(select(OutboxEntry).where(OutboxEntry.intent == "product.create"))
        sent = {i.args["code"]: i.args for i in intents}
        assert sent["00007"]["units"] == [{"unit": "箱", "factor": "24"}]
        assert len(sent) == 30
    undo_batch(ledger, str(report.batch_id))
    after = row_counts(ledger)
    for table in ("product", "product_unit", "product_price"):
        assert after[table] == before[table], table
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(ProductUnit)) == 0
        assert s.scalar(select(func.count()).select_from(ProductPrice)) == 0


def test_history_grouped_bills_and_options(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="K1")
    from tests.helpers import product

    product(ledger, "000123", "螺丝 M6")
    rows = [
        ["单号", "日期", "客户", "商品编码", "数量", "单价", "金额"],
        ["S1", "2024-01-05", "甲公司", "000123", 10, 2, 20],
        ["S1", "2024-01-05", "甲公司", "000123", 2, "2", 4],
        ["S2", "2024-01-06", "甲公司", "000999", 1, 1, 1],
        ["S2", "2024-01-06", "甲公司", "000123", 1, 1, 1],
    ]
    path = xlsx(tmp_path / "h.xlsx", rows, title="销售明细")
    report = run_import(ledger, path, kind="sales_history")
    assert [r.outcome for r in report.rows] == ["new", "new", "error", "error"]
    with ledger.read() as s:
        doc = s.scalars(select(Document).where(Document.external_ref == "imp:sales:S1")).one()
        assert (doc.status, doc.total, doc.reference, len(doc.lines)) == ("closed", D(24), "S1", 2)
        assert run_checks(s) == []
    assert run_import(ledger, path, kind="sales_history").batch_id is None
    undo_batch(ledger, str(report.batch_id))
    posted = run_import(
        ledger,
        path,
        kind="sales_history",
        options=ImportOptions(post_balances=True, move_stock=True),
    )
    with ledger.read() as s:
        doc = s.scalars(select(Document).where(Document.external_ref == "imp:sales:S1")).one()
        assert doc.status == "posted"
        assert run_checks(s) == []
    undo_batch(ledger, str(posted.batch_id))
    with ledger.read() as s:
        assert run_checks(s) == []


def test_payments_and_fapiao(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="K1", invoice_tax_id="91310000MA1FL0XX0X")
    pay = xlsx(
        tmp_path / "pay.xlsx",
        [
            ["日期", "客户名称", "收款金额", "结算方式"],
            ["2024-02-01", "甲公司", 500, "银行转账"],
            ["2024-02-01", "甲公司", 500, "银行转账"],
        ],
        title="收款记录",
    )
    report = run_import(ledger, pay, kind="payment")
    assert report.counts["new"] == 2
    assert run_import(ledger, pay, kind="payment").batch_id is None
    fp = xlsx(
        tmp_path / "fp.xlsx",
        [
            ["发票号码", "开票日期", "购方名称", "金额", "税额", "价税合计", "发票状态"],
            ["00000001", "2024-02-02", "甲公司", 100, 13, 113, "正常"],
            ["00000002", "2024-02-03", "甲公司", 100, 13, 113, "作废"],
            ["00000003", "2024-02-04", "甲公司", -100, -13, -113, "红冲"],
            ["00000004", "2024-02-05", "甲公司", 100, 13, 114, "正常"],
        ],
        title="发票登记",
    )
    report = run_import(ledger, fp, kind="fapiao")
    assert [r.outcome for r in report.rows] == ["new", "new", "new", "error"]
    with ledger.read() as s:
        status = dict(s.execute(select(Fapiao.number, Fapiao.status)).all())
    assert status == {"00000001": "valid", "00000002": "cancelled", "00000003": "red"}
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert s.scalar(select(Fapiao.id)) is None


def test_opening_balance_and_stock_kinds(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="K1")
    from tests.helpers import product

    product(ledger, "000123", "螺丝 M6")
    ob = xlsx(tmp_path / "ob.xlsx", [["客户编码", "客户名称", "期初应收"], ["K1", "甲公司", 300]])
    assert (
        run_import(
            ledger, ob, kind="opening_balance", options=ImportOptions(opening_date=date(2024, 1, 1))
        ).counts["new"]
        == 1
    )
    assert run_import(ledger, ob, kind="opening_balance").batch_id is None
    st = xlsx(
        tmp_path / "st.xlsx",
        [
            ["商品编码", "仓库", "期初数量", "单位"],
            ["000123", "一号库", 2, "箱"],
            ["000123", "二号库", 10, "个"],
        ],
    )
    assert run_import(ledger, st, kind="opening_stock").counts["new"] == 2
    with ledger.read() as s:
        from desktop.services.stock import stock_list

        assert [r.qty for r in stock_list(s)] == [D(58)]
        assert run_checks(s) == []


def test_error_workbook_marks_cells(ledger: Any, tmp_path: Path) -> None:
    from desktop.importing.error_workbook import write_error_workbook

    path = xlsx(tmp_path / "c.xlsx", CUSTOMERS)
    report = run_import(ledger, path, dry_run=True)
    out = tmp_path / "errors.xlsx"
    assert write_error_workbook(report, out) == 1
    ws = load_workbook(out).active
    header = [c.value for c in ws[3]]
    col = header.index("错误原因") + 1
    assert "纳税人识别号" in ws.cell(row=6, column=col).value
    assert ws.cell(row=6, column=5).fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=4, column=col).value is None


def test_csv_error_copy_is_xlsx(ledger: Any, tmp_path: Path) -> None:
    from desktop.importing.error_workbook import write_error_workbook

    csv_path = tmp_path / "c.csv"
    csv_path.write_bytes("客户名称,纳税人识别号\n甲,=1+1\n".encode("gbk"))
    report = run_import(ledger, csv_path, dry_run=True)
    write_error_workbook(report, tmp_path / "e.csv")
    ws = load_workbook(tmp_path / "e.xlsx").active
    assert ws["B2"].value == "=1+1" and ws["B2"].data_type == "s"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"PK\x03\x04garbage", "corrupt"),
        (b"\x00\x01\x02" * 100, "not_spreadsheet"),
        (b"", "empty_file"),
    ],
)
def test_bad_files_write_nothing(ledger: Any, tmp_path: Path, data: bytes, code: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    before = row_counts(ledger)
    with pytest.raises(ImportFileError) as info:
        run_import(ledger, path)
    assert info.value.code == code and info.value.message("zh")
    assert row_counts(ledger) == before


def test_nothing_recognisable(ledger: Any, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "n.xlsx", [["foo", "bar"], [1, 2]], title=None)
    with pytest.raises(ImportFileError) as info:
        run_import(ledger, path)
    assert info.value.code == "unrecognised"


def test_saved_mapping_is_reused(ledger: Any, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "m.xlsx", [["单位", "号码"], ["甲", "123"]], title=None)
    first = run_import(ledger, path, kind="customer", overrides={"name": "单位", "phone": "号码"})
    assert first.counts["new"] == 1
    again = run_import(ledger, path, kind="customer", dry_run=True)
    assert again.prepared.mapping_source == "saved" and again.counts["unchanged"] == 1


def test_new_customers_are_created_in_bulk_with_their_opening_balances(
    ledger: Any, tmp_path: Path
) -> None:
    from sqlalchemy import func

    from desktop.models import AuditEntry, OutboxEntry

    rows = [["客户编码", "客户名称", "联系人", "手机号码", "纳税人识别号", "期初应收"]]
    rows += [
        [f"K{i:03d}", f"客户{i}号", "张三" if i % 2 else None, None, None, 100 * i or None]
        for i in range(12)
    ]
    path = xlsx(tmp_path / "c.xlsx", rows)
    report = run_import(ledger, path, kind="customer")
    assert report.counts["new"] == 12
    with ledger.read() as s:
        k3 = s.scalar(select(Party).where(Party.code == "K003"))
        assert k3.contact == "张三" and "kh3h" in k3.search_key
        audited = s.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.batch_id == report.batch_id, AuditEntry.entity == "party")
        )
        assert audited == 12
        assert (
            s.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.intent == "party.create")
            )
            == 12
        )
        assert run_checks(s) == []
    from desktop.services.receivables import balance

    with ledger.read() as s:
        assert balance(s, k3.id, "AR") == D(300)
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:  # opening balances are red-reversed; unused parties go
        assert balance(s, k3.id, "AR") == 0
        assert s.scalar(select(Party).where(Party.code == "K000")) is None


def test_fapiao_register_links_to_the_bills_it_names(ledger: Any, tmp_path: Path) -> None:
    """关联单号: the fapiao covers what each named bill has left un-invoiced; unknown
    numbers are row errors; history kept as closed records and red fapiao are not linked."""
    from desktop.models import Document, FapiaoLink
    from desktop.services.fapiao import uninvoiced
    from tests.core.printing.printing_ledger import set_up

    trade = set_up(ledger)  # bill of 2,062.50 to 张三五金店
    history = xlsx(
        tmp_path / "h.xlsx",
        [
            ["单号", "日期", "客户", "商品编码", "数量", "单价"],
            ["OLD-1", "2024-01-05", "张三五金店", "000123", 1, 10],
        ],
        title=None,
    )
    assert run_import(ledger, history, kind="sales_history").counts["new"] == 1
    header = [
        "发票号码",
        "开票日期",
        "购方名称",
        "金额",
        "税额",
        "价税合计",
        "发票状态",
        "关联单号",
    ]
    rows = [
        header,
        ["00000001", "2026-10-06", "张三五金店", 1000, 130, 1130, "正常", trade.bill],
        ["00000002", "2026-10-07", "张三五金店", 1000, 130, 1130, "正常", trade.bill],
        ["00000003", "2026-10-08", "张三五金店", 10, 1.3, 11.3, "正常", "XS-NOPE-1"],
        ["00000004", "2026-10-08", "张三五金店", 10, 1.3, 11.3, "正常", "OLD-1"],
        ["00000005", "2026-10-09", "张三五金店", -10, -1.3, -11.3, "红字", trade.bill],
    ]
    path = xlsx(tmp_path / "f.xlsx", rows, title=None)
    preview = run_import(ledger, path, kind="fapiao", dry_run=True)
    outcomes = [(r.outcome, r.reason("en")) for r in preview.rows]
    assert outcomes[2][0] == "error" and "XS-NOPE-1" in outcomes[2][1]
    assert "more than the bills had un-invoiced" in outcomes[1][1]
    assert "history record" in outcomes[3][1]
    assert "not linked" in outcomes[4][1]
    rows.pop(3)  # fix the file: drop the unknown number, as the user would
    report = run_import(ledger, xlsx(tmp_path / "f2.xlsx", rows, title=None), kind="fapiao")
    assert report.counts["new"] == 4
    with ledger.read() as s:
        bill = s.scalar(select(Document).where(Document.number == trade.bill))
        assert uninvoiced(s, bill) == 0
        links = sorted(link.amount for link in s.scalars(select(FapiaoLink)))
        assert links == [D("932.50"), D("1130.00")]
        assert run_checks(s) == []
