"""Realistic Chinese print documents shared by the printing tests and benchmark."""

from __future__ import annotations

from decimal import Decimal

from desktop.amount_words import amount_in_words
from desktop.printing.model import (
    BillingInfo,
    CellValue,
    Column,
    ExtraSection,
    LabeledValue,
    Letterhead,
    PartyBlock,
    PrintDocument,
    StampBox,
)

PRODUCTS = [
    ("00123", "不锈钢六角螺栓", "M8×30", "盒", Decimal("12.50")),
    ("00456", "镀锌平垫圈", "M10", "包", Decimal("3.20")),
    ("01789", "尼龙扎带（黑色）", "4×200mm", "包", Decimal("8.80")),
    ("02001", "PPR热熔管件 弯头", "DN25", "个", Decimal("1.35")),
    ("03055", "电动工具锂电池组", "20V 4.0Ah", "块", Decimal("268.00")),
]

SALES_COLUMNS = [
    Column("no", "序号", 0.5, "text", "center", hideable=False),
    Column("code", "编码", 0.9),
    Column("name", "品名", 2.4, hideable=False),
    Column("spec", "规格", 1.2),
    Column("unit", "单位", 0.55, align="center"),
    Column("qty", "数量", 0.9, "qty"),
    Column("price", "单价", 1.0, "price"),
    Column("amount", "金额", 1.3, "money"),
    Column("remark", "备注", 1.0),
]


def sales_rows(n: int) -> list[dict[str, CellValue]]:
    rows: list[dict[str, CellValue]] = []
    for i in range(n):
        code, name, spec, unit, price = PRODUCTS[i % len(PRODUCTS)]
        qty = Decimal(10 + (i * 7) % 90)
        rows.append(
            {
                "no": str(i + 1),
                "code": code,
                "name": name,
                "spec": spec,
                "unit": unit,
                "qty": qty,
                "price": price,
                "amount": (qty * price).quantize(Decimal("0.01")),
                "remark": "加急" if i % 9 == 0 else "",
            }
        )
    return rows


def sales_doc(n_rows: int = 20, logo: str | None = None, **overrides: object) -> PrintDocument:
    rows = sales_rows(n_rows)
    net = sum((r["amount"] for r in rows), Decimal(0))  # type: ignore[misc]
    tax = (net * Decimal("0.13")).quantize(Decimal("0.01"))
    qty = sum((r["qty"] for r in rows), Decimal(0))  # type: ignore[misc]
    doc = PrintDocument(
        title="销售单",
        number="XS-20240601-0007",
        letterhead=Letterhead(
            firm_name="广州市恒泰五金贸易有限公司",
            logo_path=logo,
            address="广州市白云区石井街道五金城A区12号",
            phone="020-8888 6666",
            tax_id="91440101MA5XXXXX1K",
            bank="中国工商银行广州石井支行",
            account="3602 0012 3456 7890 123",
        ),
        party_block=PartyBlock(
            label="客户",
            name="张三五金店",
            billing=BillingInfo(
                legal_name="佛山市南海区张三五金建材经营部",
                tax_id="92440605MA4YYYYY2P",
                address="佛山市南海区桂城街道南海大道北88号",
                phone="0757-8620 1234",
                bank="中国农业银行南海支行",
                account="4450 0101 0400 1234 5",
            ),
            ship_to="佛山市南海区桂城仓库 李四 138 0000 1234",
        ),
        meta=[
            LabeledValue("日期", "2024-06-01"),
            LabeledValue("交货日期", "2024-06-03"),
            LabeledValue("业务员", "王五"),
            LabeledValue("付款条件", "月结30天"),
            LabeledValue("到期日", "2024-07-31"),
        ],
        columns=SALES_COLUMNS,
        rows=list(rows),
        totals=[
            LabeledValue("合计数量", f"{qty:,}"),
            LabeledValue("不含税金额", net),
            LabeledValue("税额", tax),
            LabeledValue("价税合计", net + tax),
        ],
        amount_in_words=amount_in_words(net + tax, prefix="人民币"),
        notes="货物当面点清，如有质量问题请于七日内提出。",
        signature_boxes=["制单", "审核", "送货", "客户签收"],
    )
    for key, value in overrides.items():
        setattr(doc, key, value)
    return doc


STATEMENT_COLUMNS = [
    Column("date", "日期", 1.0),
    Column("kind", "单据类型", 0.9),
    Column("number", "单号", 1.6),
    Column("memo", "摘要", 2.2),
    Column("debit", "应收金额", 1.2, "money"),
    Column("credit", "已收金额", 1.2, "money"),
    Column("balance", "余额", 1.3, "money", summable=False),
]


def statement_doc(n_rows: int = 1000) -> PrintDocument:
    balance = Decimal("12000.00")
    opening = balance
    rows: list[dict[str, CellValue]] = []
    debit_total = credit_total = Decimal(0)
    for i in range(n_rows):
        day = 1 + i % 28
        if i % 4 == 3:
            debit, credit = Decimal(0), Decimal(1500 + i % 7 * 100)
            kind, memo = "收款", "银行转账 收款"
        else:
            debit, credit = Decimal(800 + (i * 37) % 5000) + Decimal("0.35"), Decimal(0)
            kind, memo = "销售", f"{PRODUCTS[i % 5][1]} 等{1 + i % 6}项"
        balance += debit - credit
        debit_total += debit
        credit_total += credit
        rows.append(
            {
                "date": f"2024-05-{day:02d}",
                "kind": kind,
                "number": f"XS-202405{day:02d}-{i:04d}",
                "memo": memo,
                "debit": debit or None,
                "credit": credit or None,
                "balance": balance,
            }
        )
    return PrintDocument(
        title="对账单",
        number="DZ-202405-0031",
        letterhead=Letterhead(firm_name="广州市恒泰五金贸易有限公司", phone="020-8888 6666"),
        party_block=PartyBlock(label="客户", name="张三五金店"),
        meta=[LabeledValue("对账期间", "2024-05-01 至 2024-05-31")],
        columns=STATEMENT_COLUMNS,
        rows=rows,
        totals=[
            LabeledValue("期初余额", opening),
            LabeledValue("本期应收", debit_total),
            LabeledValue("本期已收", credit_total),
            LabeledValue("期末余额", balance),
        ],
        amount_in_words=amount_in_words(balance, prefix="人民币"),
        extra_sections=[
            ExtraSection(pairs=[LabeledValue("期初余额", opening)], position="before_table"),
            ExtraSection(
                title="账龄分析",
                columns=[
                    Column("b0", "未到期", kind="money"),
                    Column("b30", "1-30天", kind="money"),
                    Column("b60", "31-60天", kind="money"),
                    Column("b90", "61-90天", kind="money"),
                    Column("b90p", "90天以上", kind="money"),
                ],
                rows=[
                    {
                        "b0": balance / 2,
                        "b30": balance / 4,
                        "b60": balance / 8,
                        "b90": balance / 16,
                        "b90p": balance / 16,
                    }
                ],
            ),
        ],
        stamp_box=StampBox("以上对账无误，请盖章确认。如有不符，请于收到后七日内提出。"),
        signature_boxes=["制单", "审核"],
    )
