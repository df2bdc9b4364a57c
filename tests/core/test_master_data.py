"""Parties and products: validation, pinyin search, codes as text, units and price policy."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.services import credit, documents, parties, products
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product, row_counts


def test_pinyin_initials_find_a_customer(ledger) -> None:
    customer(ledger, "张三五金", phone="13800138000")
    customer(ledger, "华强电子有限公司")
    with ledger.read() as s:
        assert [p.name for p in parties.find_parties(s, "zs")] == ["张三五金"]
        assert [p.name for p in parties.find_parties(s, "huaqiang")] == ["华强电子有限公司"]
        assert [p.name for p in parties.find_parties(s, "138001")] == ["张三五金"]
        assert [p.name for p in parties.find_parties(s, "五金")] == ["张三五金"]


def test_party_validation_messages(ledger) -> None:
    before = row_counts(ledger)
    cases = [
        ({"name": " "}, "名称不能为空"),
        ({"name": "甲", "credit_limit": "-5"}, "信用额度不能小于"),
        ({"name": "甲", "terms_days": 400}, "账期天数"),
        ({"name": "甲", "invoice_tax_id": "123"}, "纳税人识别号"),
        ({"name": "甲", "is_customer": False}, "至少选择"),
    ]
    for values, message in cases:
        with ledger.unit() as uow, pytest.raises(ValidationError, match=message):
            parties.create_party(uow, **values)
    assert row_counts(ledger) == before


def test_duplicate_codes_and_names_are_refused(ledger) -> None:
    customer(ledger, "张三五金", code="C001")
    with ledger.unit() as uow, pytest.raises(ValidationError, match="已被其他往来单位使用"):
        parties.create_party(uow, name="李四", code="C001")
    with ledger.unit() as uow, pytest.raises(ValidationError, match="同名"):
        parties.create_party(uow, name="张三五金")


def test_updates_bump_the_version_and_keep_search_current(ledger) -> None:
    pid = customer(ledger, "张三五金")
    with ledger.unit() as uow:
        party = parties.update_party(uow, pid, name="王五建材", contacts=[{"name": "王经理"}])
        assert party.version == 2
    with ledger.read() as s:
        assert [p.name for p in parties.find_parties(s, "ww")] == ["王五建材"]
        assert parties.get_party(s, pid).contacts[0].name == "王经理"


def test_product_codes_stay_text(ledger) -> None:
    product(ledger, code="000123")
    with ledger.read() as s:
        assert products.get_product(s, "000123").code == "000123"
    with ledger.unit() as uow, pytest.raises(ValidationError, match="必须是文字"):
        products.create_product(uow, code=123, name="数字编码")
    with ledger.unit() as uow, pytest.raises(ValidationError, match="已存在"):
        products.create_product(uow, code="000123", name="重复")


def test_units_and_unknown_unit(ledger) -> None:
    pid = product(ledger, units=[{"unit": "箱", "factor": 24}, {"unit": "包", "factor": 6}])
    with ledger.read() as s:
        item = products.get_product(s, pid)
        assert products.unit_factor(item, "箱") == ("箱", D(24))
        assert products.unit_factor(item, None) == ("个", D(1))
        with pytest.raises(ValidationError, match="没有单位“桶”"):
            products.unit_factor(item, "桶")
    with ledger.unit() as uow, pytest.raises(ValidationError, match="重复"):
        products.create_product(
            uow,
            code="X1",
            name="x",
            units=[{"unit": "箱", "factor": 12}, {"unit": "箱", "factor": 24}],
        )


def test_price_policy_level_then_tier_then_last_then_retail(ledger) -> None:
    vip = customer(ledger, "贵宾客户", price_level=1)
    plain = customer(ledger, "普通客户")
    pid = product(
        ledger, retail_price="1.00", tiers=[{"min_qty": 100, "price": "0.90"}], levels={1: "0.80"}
    )
    with ledger.read() as s:
        item = products.get_product(s, pid)
        vip_p, plain_p = parties.get_party(s, vip), parties.get_party(s, plain)
        assert products.suggest_price(s, item, vip_p, D(1)).source == "level"
        assert products.suggest_price(s, item, plain_p, D(100)).price == D("0.90")
        assert products.suggest_price(s, item, plain_p, D(5)).source == "retail"
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, "sales_order", plain, [LineInput(pid, 2, "箱", "22.80")], date(2026, 5, 1)
        )
        credit.confirm_order(uow, order.id)
    with ledger.read() as s:
        suggestion = products.suggest_price(
            s, products.get_product(s, pid), parties.get_party(s, plain), D(5)
        )
        assert suggestion.source == "last" and suggestion.price == D("0.95")
        assert suggestion.last_price == D("0.95")


def test_archived_records_cannot_be_used(ledger) -> None:
    cust = customer(ledger)
    with ledger.unit() as uow:
        parties.update_party(uow, cust, archived=True)
    product(ledger)
    with ledger.unit() as uow, pytest.raises(ValidationError, match="已停用"):
        documents.create_draft(uow, "sales_order", cust, [LineInput("000123", 1)])


def test_update_units_keeps_the_units_that_stay(ledger) -> None:
    """Adding a unit to those a product has (or changing a size) used to re-insert the
    existing unit before deleting it and hit the (product, unit) uniqueness."""
    pid = product(ledger, "000123", "螺丝", units=[{"unit": "箱", "factor": 24}])
    with ledger.unit() as uow:
        products.update_product(
            uow, pid, units=[{"unit": "箱", "factor": 24}, {"unit": "盒", "factor": 6}]
        )
    with ledger.unit() as uow:
        products.update_product(uow, pid, units=[{"unit": "箱", "factor": 20}])
    with ledger.read() as s:
        from desktop.models import Product

        found = s.get(Product, pid)
        assert {u.unit: u.factor for u in found.units} == {"箱": D(20)}


def _pypinyin_keys(text: str) -> tuple[str, str]:
    """The two keys as pypinyin's own styles give them (what search_keys replaced)."""
    from pypinyin import Style, lazy_pinyin

    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    full = lazy_pinyin(text, errors="default")
    return (
        "".join(initials).lower().replace(" ", ""),
        "".join(full).lower().replace(" ", ""),
    )


_CHARS = "张三五金重庆长江行乐不锈钢螺丝母垫圈有限公司商贸二〇（）()-/ ×MmAa0169 　，。"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=14))
def test_search_keys_match_pypinyin_styles(text: str) -> None:
    from desktop.search_keys import pinyin_pair

    assert pinyin_pair(text) == _pypinyin_keys(text)
