"""Header normalisation, synonyms per import kind, user overrides and layout keys."""

from __future__ import annotations

import pytest

from desktop.importing.mapping import (
    KINDS,
    SYNONYMS,
    Mapping,
    auto_map,
    guess_kind,
    layout_key,
    normalize_header,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("客户名称*", "客户名称"),
        ("＊客户名称", "客户名称"),
        (" 客户\n名称 ", "客户名称"),
        ("客户名称(必填)", "客户名称"),
        ("客户名称（必填）：", "客户名称"),
        ("税率（%）", "税率"),
        ("Customer ID", "customerid"),
        ("Ｃｕｓｔｏｍｅｒ", "customer"),
        (None, ""),
    ],
)
def test_normalize_header(raw: object, expected: str) -> None:
    assert normalize_header(raw) == expected


@pytest.mark.parametrize(
    "header", ["客户名称", "单位名称", "往来单位", "购货单位", "Customer", "客户全称*"]
)
def test_customer_name_synonyms(header: str) -> None:
    mapping = auto_map(["编号", header, "电话"], "customer")
    assert mapping.fields["name"] == 1
    assert mapping.fields["code"] == 0
    assert mapping.fields["phone"] == 2


def test_phone_and_mobile_both_kept() -> None:
    only_mobile = auto_map(["名称", "手机"], "customer")
    assert only_mobile.fields == {"name": 0, "phone": 1}
    both = auto_map(["名称", "手机号码", "联系电话"], "customer")
    assert both.fields["phone"] == 2
    assert both.fields["mobile"] == 1


def test_contained_synonym_and_unmapped() -> None:
    mapping = auto_map(["客户名称（全称）", "购货单位地址", "颜色", None, "Weird"], "customer")
    assert mapping.fields["name"] == 0
    assert mapping.fields["address"] == 1
    assert mapping.unmapped == [2, 4]


def test_product_and_fapiao_and_sales() -> None:
    product = auto_map(["货号", "条形码", "品名", "规格型号", "单位", "进价", "起批量"], "product")
    assert product.fields == {
        "code": 0,
        "barcode": 1,
        "name": 2,
        "spec": 3,
        "unit": 4,
        "cost": 5,
        "min_order_qty": 6,
    }
    fapiao = auto_map(
        [
            "发票代码",
            "发票号码",
            "开票日期",
            "购方名称",
            "金额",
            "税额",
            "价税合计",
            "发票状态",
            "发票种类",
        ],
        "fapiao",
    )
    assert [
        fapiao.fields[f]
        for f in ("code", "number", "date", "party", "amount", "tax", "total", "status", "type")
    ] == list(range(9))
    sales = auto_map(
        ["单号", "日期", "客户", "商品编码", "品名", "数量", "单价", "金额"], "sales_history"
    )
    assert sales.fields["doc_number"] == 0
    assert sales.fields["party"] == 2
    assert sales.fields["product_code"] == 3
    assert sales.fields["amount"] == 7


def test_override_and_persist() -> None:
    headers = ["名称", "备注", "地址"]
    mapping = auto_map(headers, "customer")
    moved = mapping.with_field("address", 1)
    assert moved.fields["address"] == 1
    assert "notes" not in moved.fields
    assert 2 in moved.unmapped
    dropped = moved.with_field("name", None)
    assert "name" not in dropped.fields
    saved = moved.to_dict()
    assert saved["layout"] == layout_key(headers)
    restored = Mapping.from_dict(saved, headers)
    assert restored.fields == moved.fields


def test_layout_key_is_stable_and_tolerant() -> None:
    a = layout_key(["客户名称*", "电话", None])
    assert a == layout_key(["客户名称", " 电话 "])
    assert a == layout_key([None, "＊客户名称", "电话"])
    assert a != layout_key(["电话", "客户名称"])
    assert len(a) == 20


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["名称*", "联系人", "手机号码", "期初应收", "纳税人识别号"], "customer"),
        (["名称*", "联系人", "手机号码", "期初应付", "纳税人识别号"], "supplier"),
        (["供应商名称", "联系人", "电话"], "supplier"),
        (["商品编码", "商品名称", "规格", "单位", "零售价"], "product"),
        (["发票号码", "开票日期", "金额", "税额", "价税合计"], "fapiao"),
        (["单据编号", "单据日期", "客户", "商品名称", "数量", "单价", "金额"], "sales_history"),
        (["采购单号", "采购日期", "供应商", "商品名称", "数量", "单价"], "purchase_history"),
        (["收款日期", "客户名称", "收款金额", "结算方式"], "payment"),
        (["仓库", "商品编码", "商品名称", "期初数量", "单位成本"], "opening_stock"),
        (["foo", "bar"], None),
    ],
)
def test_guess_kind(headers: list[str], kind: str | None) -> None:
    assert guess_kind(headers) == kind


def test_every_kind_has_synonyms() -> None:
    assert set(KINDS) == set(SYNONYMS)
    with pytest.raises(ValueError):
        auto_map(["a"], "nonsense")
