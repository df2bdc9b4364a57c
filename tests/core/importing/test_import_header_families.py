"""Headers people actually have, the kind guessed from headers and values, delimiters.

Each family is a small file made here (as the export it imitates lays it out) and imported
through ``zhangfang import`` with no ``--map`` and no ``--kind``, as a user would.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.cli.main import main
from desktop.importing.header_words import split_header
from desktop.importing.mapping import auto_map, guess_kind, normalize_header
from desktop.models import Document, DocumentLine, Party, Product
from desktop.services.ledger import Ledger

D = Decimal


def xlsx(path: Path, rows: list[list[Any]], title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        ws.append([])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def text_file(path: Path, rows: list[list[str]], delimiter: str, encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(delimiter.join(r) for r in rows) + "\n", encoding=encoding)
    return path


def cli_import(
    capsys: pytest.CaptureFixture[str], path: Path, ledger: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    code = main(["import", str(path), "--ledger", str(ledger), "--json", *extra])
    out, err = capsys.readouterr()
    assert out, err
    return code, json.loads(out)


def mapped(summary: dict[str, Any]) -> dict[str, str]:
    """field → header text, from the JSON summary."""
    return {f: v["header"] for f, v in summary["mapping"].items()}


# --- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "entity", "role"),
    [
        ("客户 ID", "customer", "code"),
        ("Customer_ID", "customer", "code"),
        ("ＣｕｓｔｏｍｅｒＩＤ", "customer", "code"),
        ("客户代号*", "customer", "code"),
        ("StockCode", "product", "code"),
        ("产品 ID", "product", "code"),
        ("宝贝标题", "product", "name"),
        ("收货人姓名", "customer", "name"),
        ("订单 ID", "order", "code"),
        ("Invoice", "order", "code"),
        ("订单创建时间", "order", "date"),
        ("单价(元)", "", "price"),
        ("实付金额（元）", "", "amount"),
    ],
)
def test_a_header_is_an_entity_and_a_role(header: str, entity: str, role: str) -> None:
    found = split_header(normalize_header(header))
    assert found is not None and found[:2] == (entity, role)


@pytest.mark.parametrize("header", ["Ship Name", "Postal Code", "Row ID", "XX路18号", "Discount"])
def test_stems_of_unknown_words_are_not_headers(header: str) -> None:
    assert split_header(normalize_header(header)) is None


def test_an_id_header_maps_to_the_code_and_a_descriptive_one_to_the_name() -> None:
    headers = ["订单号", "下单时间", "付款时间", "客户编号", "客户名称", "商品编号", "商品名称"]
    fields = auto_map(headers, "sales_history").fields
    assert fields == {
        "doc_number": 0,
        "doc_date": 1,  # the order's time, not the payment's
        "party_code": 3,
        "party": 4,
        "product_code": 5,
        "product_name": 6,
    }
    assert auto_map(["客户 ID", "姓名", "联系手机"], "customer").fields == {
        "code": 0,
        "name": 1,
        "mobile": 2,
    }


# --- families through the command line ------------------------------------------------------


def test_english_order_export_imports_as_sales_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    """Superstore/Northwind style: Order ID, Customer ID, Product ID, Sales; Ship Date too."""
    path = text_file(
        tmp_path / "orders.csv",
        [
            [
                "Row ID",
                "Order ID",
                "Order Date",
                "Ship Date",
                "Customer ID",
                "Customer Name",
                "Product ID",
                "Product Name",
                "Quantity",
                "Unit Price",
                "Sales",
            ],
            [
                "1",
                "CA-1",
                "2024-03-01",
                "2024-03-04",
                "C-17",
                "Acme Trading",
                "P-001",
                "Steel bolt M8",
                "10",
                "2.50",
                "25.00",
            ],
            [
                "2",
                "CA-1",
                "2024-03-01",
                "2024-03-04",
                "C-17",
                "Acme Trading",
                "P-002",
                "Washer 8mm",
                "100",
                "0.10",
                "10.00",
            ],
            [
                "3",
                "CA-2",
                "2024-03-02",
                "2024-03-05",
                "C-18",
                "Bright Co",
                "P-001",
                "Steel bolt M8",
                "4",
                "2.50",
                "10.00",
            ],
        ],
        ",",
    )
    code, summary = cli_import(capsys, path, ledger_path, "--create-missing")
    assert code == 0, summary
    assert summary["kind"] == "sales_history"
    assert mapped(summary) == {
        "doc_number": "Order ID",
        "doc_date": "Order Date",
        "party_code": "Customer ID",
        "party": "Customer Name",
        "product_code": "Product ID",
        "product_name": "Product Name",
        "qty": "Quantity",
        "unit_price": "Unit Price",
        "amount": "Sales",
    }
    assert summary["counts"]["new"] == 3
    ledger = Ledger.open(ledger_path)
    try:
        with ledger.read() as s:
            acme = s.scalars(select(Party).where(Party.code == "C-17")).one()
            assert acme.name == "Acme Trading"
            bolt = s.scalars(select(Product).where(Product.code == "P-001")).one()
            assert bolt.name == "Steel bolt M8"
            bills = s.scalars(select(Document).where(Document.party_id == acme.id)).all()
            assert [b.total for b in bills] == [D("35.00")]
            assert bills[0].doc_date.isoformat() == "2024-03-01"
            assert s.scalar(select(DocumentLine.qty).where(DocumentLine.product_id == bolt.id))
    finally:
        ledger.close()


def test_online_retail_layout_maps_without_help(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    path = xlsx(
        tmp_path / "online_retail.xlsx",
        [
            [
                "InvoiceNo",
                "StockCode",
                "Description",
                "Quantity",
                "InvoiceDate",
                "UnitPrice",
                "CustomerID",
                "Country",
            ],
            [
                536365,
                "85123A",
                "WHITE HANGING HEART T-LIGHT HOLDER",
                6,
                "2010-12-01 08:26",
                2.55,
                17850,
                "United Kingdom",
            ],
            [
                536365,
                71053,
                "WHITE METAL LANTERN",
                6,
                "2010-12-01 08:26",
                3.39,
                17850,
                "United Kingdom",
            ],
        ],
    )
    _code, summary = cli_import(capsys, path, ledger_path, "--dry-run")
    assert summary["kind"] == "sales_history"
    assert mapped(summary) == {
        "doc_number": "InvoiceNo",
        "product_code": "StockCode",
        "product_name": "Description",
        "qty": "Quantity",
        "doc_date": "InvoiceDate",
        "unit_price": "UnitPrice",
        "party_code": "CustomerID",
    }


def test_marketplace_order_report_maps_its_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    """淘宝 订单报表 in GBK, as the seller centre exports it."""
    path = text_file(
        tmp_path / "ExportOrderList.csv",
        [
            [
                "订单编号",
                "买家会员名",
                "买家实际支付金额",
                "订单状态",
                "收货人姓名",
                "联系手机",
                "订单创建时间",
                "订单付款时间",
                "宝贝标题",
                "商家编码",
                "购买数量",
                "商品单价",
            ],
            [
                "2038123",
                "tb_zhang",
                "25.00",
                "交易成功",
                "张三",
                "13800138000",
                "2024-05-01 10:00:01",
                "2024-05-01 10:02:13",
                "不锈钢螺丝 M8",
                "LS-M8",
                "10",
                "2.50",
            ],
            [
                "2038124",
                "tb_li",
                "12.00",
                "交易成功",
                "李四",
                "13900139000",
                "2024-05-02 11:00:00",
                "2024-05-02 11:01:00",
                "平垫片 8mm",
                "DP-8",
                "120",
                "0.10",
            ],
        ],
        ",",
        "gbk",
    )
    code, summary = cli_import(capsys, path, ledger_path, "--create-missing")
    assert summary["kind"] == "sales_history"
    assert mapped(summary) == {
        "doc_number": "订单编号",
        "party": "买家会员名",
        "amount": "买家实际支付金额",
        "doc_date": "订单创建时间",
        "product_name": "宝贝标题",
        "product_code": "商家编码",
        "qty": "购买数量",
        "unit_price": "商品单价",
    }
    assert code == 0 and summary["counts"]["new"] == 2


def test_erp_customer_list_under_a_title_with_marks_and_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    """管家婆/T+ style: a merged title, `*` marks, full-width brackets, 代号 and 全称."""
    path = xlsx(
        tmp_path / "客户资料.xlsx",
        [
            ["客户代号*", "客户全称*", "联系人", "联系手机", "地址（详细）"],
            ["K0012", "张三五金店", "张三", "13800138000", "上海市长宁路1号"],
            ["K0013", "李四建材", "李四", "13900139000", "上海市延安路2号"],
        ],
        title="往来单位资料（客户）",
    )
    code, summary = cli_import(capsys, path, ledger_path)
    assert code == 0, summary
    assert summary["kind"] == "customer" and summary["header_row"] == 3
    assert mapped(summary)["code"] == "客户代号*" and mapped(summary)["name"] == "客户全称*"
    ledger = Ledger.open(ledger_path)
    try:
        with ledger.read() as s:
            p = s.scalars(select(Party).where(Party.code == "K0012")).one()
            assert p.name == "张三五金店" and p.contact == "张三"
    finally:
        ledger.close()


def test_member_list_names_people_by_xingming(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    path = text_file(
        tmp_path / "members.txt",
        [["会员编号", "姓名", "手机号码"], ["M001", "王小明", "13700137000"]],
        "\t",
    )
    code, summary = cli_import(capsys, path, ledger_path)
    assert code == 0 and summary["kind"] == "customer"
    assert mapped(summary) == {"code": "会员编号", "name": "姓名", "phone": "手机号码"}


def test_kingdee_product_list_with_units_in_brackets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    """金蝶 KIS / 用友 存货档案: 存货编码, 存货名称, 规格型号, 主计量单位, 零售价(元)."""
    path = xlsx(
        tmp_path / "存货档案.xlsx",
        [
            ["存货编码", "存货名称", "规格型号", "主计量单位", "零售价(元)", "参考进价(元)"],
            ["010203", "膨胀螺丝", "M8*80", "个", 0.8, 0.35],
            ["010204", "膨胀螺丝", "M10*100", "个", 1.2, 0.5],
        ],
    )
    code, summary = cli_import(capsys, path, ledger_path)
    assert code == 0, summary
    assert summary["kind"] == "product"
    ledger = Ledger.open(ledger_path)
    try:
        with ledger.read() as s:
            p = s.scalars(select(Product).where(Product.code == "010203")).one()
            assert (p.name, p.spec, p.base_unit) == ("膨胀螺丝", "M8*80", "个")
            assert p.retail_price == D("0.8") and p.cost_price == D("0.35")
    finally:
        ledger.close()


# --- guessing the kind ----------------------------------------------------------------------


def test_pharmacy_sales_log_is_a_sales_history_never_opening_stock(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    rows: list[list[Any]] = [["日期", "商品名称", "规格", "数量", "单价", "金额"]]
    for day in range(1, 9):
        rows.append([f"2024-06-{day:02d}", "阿莫西林胶囊", "0.25g*24粒", day, 12.5, 12.5 * day])
    path = xlsx(tmp_path / "药店销售.xlsx", rows)
    _code, summary = cli_import(capsys, path, ledger_path, "--dry-run")
    assert summary["kind"] == "sales_history"
    assert summary["runner_up"] != "opening_stock"
    headers = rows[0]
    assert guess_kind(headers, rows[1:]) == "sales_history"


def test_restaurant_order_log_is_a_sales_history_not_customers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    rows = [["订单ID", "下单时间", "菜品名称", "数量", "价格"]]
    for n in range(1, 7):
        rows.append([str(400 + n), f"2016-08-0{n} 11:05:36", "蒜蓉生蚝", str(n), "49"])
    path = text_file(tmp_path / "meal_orders.csv", rows, ",")
    code = main(["import", str(path), "--ledger", str(ledger_path), "--dry-run"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert out.splitlines()[0].startswith("看起来是销售历史（次选：")
    assert "按销售历史导入" in out


def test_financial_sample_is_sales_not_products() -> None:
    headers = ["Segment", "Country", "Product", "Units Sold", "Manufacturing Price"]
    headers += ["Sale Price", "Gross Sales", "Discounts", " Sales", "COGS", "Profit", "Date"]
    rows = [
        [
            "Government",
            "Canada",
            "Carretera",
            1618.5,
            3,
            20,
            32370,
            0,
            32370,
            16185,
            16185,
            f"2014-0{m}-01",
        ]
        for m in range(1, 7)
    ]
    assert guess_kind(headers, rows) == "sales_history"


def test_the_values_decide_between_kinds_with_the_same_headers() -> None:
    """名称/数量/单价: a list of names with numbers is stock; add dates and it is sales."""
    headers = ["日期", "名称", "数量", "单价"]
    stock = [["", "螺丝", 5, 1.2], ["", "垫片", 9, 0.1]]
    sales = [["2024-01-02", "螺丝", 5, 1.2], ["2024-01-03", "垫片", 9, 0.1]]
    assert guess_kind(headers[1:], [r[1:] for r in stock]) == "opening_stock"
    assert guess_kind(headers, sales) == "sales_history"


# --- delimiters -----------------------------------------------------------------------------


def test_a_big_file_given_no_kind_is_guessed_from_its_head_and_streamed(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    ledger_path: Path,
) -> None:
    from desktop.importing import plan, streamed

    monkeypatch.setattr(plan, "STREAM_BYTES", 0)  # every file counts as big
    kinds: list[str] = []
    real = streamed.run_streamed

    def spy(*args: Any, **kwargs: Any) -> Any:
        kinds.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(streamed, "run_streamed", spy)
    opened: list[Path] = []  # the guess's stream is the one imported: the file opens once
    real_open = streamed.open_parsed_stream

    def opening(path: Any, *args: Any) -> Any:
        opened.append(Path(path))
        return real_open(path, *args)

    monkeypatch.setattr(streamed, "open_parsed_stream", opening)
    rows = [["单号", "日期", "客户", "商品名称", "数量", "单价"]]
    rows += [[f"XS{n}", f"2024-02-0{n}", "张三五金", "螺丝", str(n), "1.5"] for n in range(1, 5)]
    code, summary = cli_import(
        capsys, text_file(tmp_path / "sales.csv", rows, ","), ledger_path, "--create-missing"
    )
    assert kinds == ["sales_history"]
    assert code == 0 and summary["kind"] == "sales_history"
    assert summary["runner_up"] == "purchase_history" and summary["counts"]["new"] == 4
    assert opened == [tmp_path / "sales.csv"]
    customers = text_file(tmp_path / "c.csv", [["客户名称", "电话"], ["李四", "1"]], ",")
    code, summary = cli_import(capsys, customers, ledger_path)
    assert kinds == ["sales_history"] and summary["kind"] == "customer"  # read whole
    assert len(opened) == 2  # the guess's stream, closed: not a history


def test_a_selling_price_beside_a_wholesale_price_is_the_retail_one() -> None:
    """A shop's POS export: 进货价, 销售价 and 批发价 each feed their own field."""
    both = auto_map(["名称（必填）", "进货价（必填）", "销售价（必填）", "批发价"], "product")
    assert both.fields == {"name": 0, "cost": 1, "retail_price": 2, "wholesale_price": 3}
    alone = auto_map(["名称", "销售价"], "product")
    assert alone.fields == {"name": 0, "wholesale_price": 1}


def test_yonyou_u9_sales_order_layout_bare_customer_is_the_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    """用友 U9 销售订单 export: 客户 (the code) beside 客户名称, 货号/品名, dotted line headers."""
    headers = ["行状态", "ID", "单据类型", "单号", "日期", "客户", "客户名称", "价格含税"]
    headers += ["业务员", "部门", "单行.行状态", "行号", "料品", "品牌", "货号", "品名", "规格"]
    headers += ["单价", "数量", "销售订单行.价税合计", "销售订单行.税组合", "交期"]
    row = ["开立", 1, "标准销售", "SO-0001", "2024-04-01", "C001", "张三五金", "是", "王五"]
    row += ["销售部", "开立", 10, "L-1", "品牌甲", "HH-01", "膨胀螺丝", "M8", 0.8, 100, 80.0]
    row += ["13%", "2024-04-10"]
    path = xlsx(tmp_path / "销售订单.xlsx", [headers, row])
    _code, summary = cli_import(capsys, path, ledger_path, "--dry-run")
    assert summary["kind"] == "sales_history"
    assert mapped(summary) == {
        "doc_number": "单号",
        "doc_date": "日期",
        "party_code": "客户",
        "party": "客户名称",
        "salesperson": "业务员",
        "product_code": "货号",
        "product_name": "品名",
        "spec": "规格",
        "unit_price": "单价",
        "qty": "数量",
        "amount": "销售订单行.价税合计",
    }
    assert auto_map(["客户名称", "客户"], "sales_history").fields == {"party": 0, "party_code": 1}
    assert auto_map(["客户", "客户名称"], "customer").fields == {"code": 0, "name": 1}


def test_an_order_list_without_quantities_says_what_it_lacks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    """A B2B order export (one line per order, no goods): not "nothing recognisable" but
    the kind it comes closest to and the column it lacks."""
    rows = [["订单编号", "客户名称", "订单金额", "下单时间", "备货仓名称", "订单状态"]]
    rows += [["250723153600001", "甲公司", "1200.00", "2025-07-23 15:36:00", "上海仓", "完成"]]
    path = text_file(tmp_path / "订单.csv", rows, ",")
    code = main(["import", str(path), "--ledger", str(ledger_path), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2
    assert "最像销售历史" in err and "缺少必需的列：数量" in err, err
    assert "订单编号→单号" in err and "备货仓名称→商品名称" not in err


def test_a_cell_saying_sales_does_not_pass_for_the_header() -> None:
    """ "Sales" maps as an amount when it is a header, but as a department in a staff list
    it must not make its row look like the header (Northwind's Employees sheet)."""
    from desktop.importing.header import find_table

    rows: list[list[Any]] = [["Department", "Display name", "First name", "Last name", "Title"]]
    rows += [["Retail", f"Ann {n}", "Ann", str(n), "Clerk"] for n in range(10)]
    rows += [["Sales", "Isaiah Langer", "Isaiah", "Langer", "Sales Rep"]]
    assert find_table(rows).header_row == 1
    assert auto_map(["日期", "商品", "Sales"], "sales_history").fields["amount"] == 2


def test_a_stock_count_with_an_as_of_date_is_opening_stock() -> None:
    """One or two "as of" dates repeated down a long list are not a log (Northwind's
    Inventory sheet); dates that change row by row are."""
    headers = ["ProductID", "UnitsInStock", "UnitsOnOrder", "Inventory Date", "Reorder Level"]
    counted = [[n, 10 + n, 0, f"2020-0{1 + n % 2}-01", 5] for n in range(1, 61)]
    assert guess_kind(headers, counted) == "opening_stock"
    daily = [["螺丝", n, 1.5, f"2024-01-{n:02d}"] for n in range(1, 21)]
    assert guess_kind(["商品名称", "数量", "单价", "日期"], daily) == "sales_history"
