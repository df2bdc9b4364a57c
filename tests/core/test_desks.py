"""Desk codes, and codes and numbers that two desks can never both hand out."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.errors import ValidationError
from desktop.importing.kinds.records import create_records
from desktop.models import DocKind, Document, Party, Product
from desktop.services import parties, products
from desktop.services.desks import set_desk, validate_desk_code
from desktop.services.documents import new_document
from desktop.services.ledger import Ledger
from desktop.services.numbering import CODE_PREFIX, PREFIX


@pytest.mark.parametrize(
    ("given", "kept"), [("A", "A"), ("b", "B"), (" b2 ", "B2"), ("XY12", "XY12")]
)
def test_good_desk_codes_are_kept_upper_case(given: str, kept: str) -> None:
    assert validate_desk_code(given) == kept


@pytest.mark.parametrize("bad", ["", "  ", "1", "2A", "ABCDE", "A-B", "A B", "甲", "!!", None])
def test_bad_desk_codes_are_refused_with_what_is_allowed(bad: object) -> None:
    with pytest.raises(ValidationError) as err:
        validate_desk_code(bad)
    assert err.value.code == "bad_desk_code"
    assert err.value.zh == "工作站代码须为 1 到 4 位大写字母或数字，并以字母开头，例如 A 或 B2。"
    assert err.value.en.startswith("A desk code is 1 to 4 capital letters or digits")


def test_no_way_around_the_check(ledger: Ledger) -> None:
    with pytest.raises(ValidationError):
        ledger.set_local_setting("desk_code", "a-b")
    assert ledger.desk == "A" and ledger.local_setting("desk_code") is None


def test_code_series_never_meet_document_series() -> None:
    assert not set(CODE_PREFIX.values()) & set(PREFIX.values())


def _make_everything(ledger: Ledger) -> tuple[set[str], set[str]]:
    """Customers, suppliers and products by the services and by the bulk import path."""
    with ledger.unit() as uow:
        for i in range(3):
            parties.create_party(uow, name=f"{ledger.desk}客户{i}")
            parties.create_party(
                uow, name=f"{ledger.desk}供应商{i}", is_customer=False, is_supplier=True
            )
            products.create_product(uow, name=f"{ledger.desk}商品{i}", base_unit="个")
    with ledger.unit() as uow:
        create_records(
            uow,
            "party",
            {
                1: {"name": f"{ledger.desk}导入客户"},
                2: {"name": f"{ledger.desk}导入供应商", "is_customer": False, "is_supplier": True},
            },
        )
        create_records(uow, "product", {1: {"name": f"{ledger.desk}导入商品", "base_unit": "个"}})
        party = uow.session.scalars(select(Party)).first()
        doc = new_document(uow, DocKind.SALES_ORDER, party, date(2026, 11, 5))
        number = doc.number
    with ledger.read() as session:
        codes = set(session.scalars(select(Party.code))) | set(
            session.scalars(select(Product.code))
        )
    return codes, {number}


def test_two_desks_make_no_code_and_no_number_in_common(ledger_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "desk-b.zhangfang"
    shutil.copyfile(ledger_path, other)
    desk_a = Ledger.open(ledger_path, actor="a")
    desk_b = Ledger.open(other, actor="b")
    set_desk(desk_b, "B")
    try:
        codes_a, numbers_a = _make_everything(desk_a)
        codes_b, numbers_b = _make_everything(desk_b)
    finally:
        desk_a.close()
        desk_b.close()
    assert len(codes_a) == len(codes_b) == 12
    assert not codes_a & codes_b and not numbers_a & numbers_b
    assert {"C-A-0001", "C-A-0004", "S-A-0001", "S-A-0004", "SP-A-0001", "SP-A-0004"} <= codes_a
    assert {"C-B-0001", "S-B-0004", "SP-B-0004"} <= codes_b
    assert numbers_a == {"XD-A-2611-0001"} and numbers_b == {"XD-B-2611-0001"}


def test_codes_given_are_kept_and_taken_codes_skipped(ledger: Ledger) -> None:
    with ledger.unit() as uow:
        typed = parties.create_party(uow, name="张三五金", code="C-A-0001")
        own = parties.create_party(uow, name="老客户", code="007")
        given = products.create_product(uow, name="螺丝", code="000123", base_unit="个")
        products.create_product(uow, name="螺母", code="SP-A-0001", base_unit="个")
        auto = parties.create_party(uow, name="李四建材")
        auto_product = products.create_product(uow, name="垫片", base_unit="个")
        assert (typed.code, own.code, given.code) == ("C-A-0001", "007", "000123")
        assert auto.code == "C-A-0002" and auto_product.code == "SP-A-0002"
    with ledger.unit() as uow:
        ids = create_records(
            uow,
            "party",
            {
                1: {"name": "无码"},
                2: {"name": "导入的", "code": "0042"},
                3: {"name": "自带新式编码", "code": "C-A-0003"},  # given after, kept all the same
            },
        )
        stored = {k: uow.session.get(Party, i).code for k, i in ids.items()}  # type: ignore[union-attr]
    assert stored == {1: "C-A-0004", 2: "0042", 3: "C-A-0003"}


def test_a_code_is_never_handed_out_twice(ledger: Ledger) -> None:
    """A row count repeats codes once records are deleted; the series does not."""
    with ledger.unit() as uow:
        first = parties.create_party(uow, name="甲")
        second = parties.create_party(uow, name="乙")
    with ledger.unit() as uow:
        uow.session.delete(uow.session.get(Party, second.id))
        parties.update_party(uow, first.id, archived=True)
    with ledger.unit() as uow:
        third = parties.create_party(uow, name="丙")
    assert (first.code, second.code, third.code) == ("C-A-0001", "C-A-0002", "C-A-0003")


def test_changing_the_desk_changes_only_new_numbers(ledger: Ledger) -> None:
    with ledger.unit() as uow:
        quote = new_document(uow, DocKind.QUOTE, None, date(2026, 11, 5))
        party = parties.create_party(uow, name="甲")
        before, party_id = quote.id, party.id
    set_desk(ledger, "b7")
    with ledger.unit() as uow:
        after = new_document(uow, DocKind.QUOTE, None, date(2026, 11, 5))
        assert after.number == "BJ-B7-2611-0001" and after.desk == "B7"
        assert uow.session.get(Document, before).number == "BJ-A-2611-0001"  # type: ignore[union-attr]
        assert uow.session.get(Party, party_id).code == "C-A-0001"  # type: ignore[union-attr]
        assert parties.create_party(uow, name="乙").code == "C-B7-0001"
    reopened = Ledger.open(ledger.path)
    try:
        assert reopened.desk == "B7"
    finally:
        reopened.close()


def test_init_with_a_desk_through_the_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "b.zhangfang"
    assert main(["init", "--firm", "宁波分店", "--desk", "B", "--ledger", str(path)]) == 0
    sheet = tmp_path / "customers.csv"
    sheet.write_text("客户名称,电话\n张三五金,13800001111\n李四建材,13900002222\n", "utf-8")
    assert main(["import", str(sheet), "--kind", "customer", "--ledger", str(path)]) == 0
    goods = tmp_path / "products.csv"
    goods.write_text("商品名称,单位,条码\n螺丝,个,\n螺母,个,6901234567892\n", "utf-8")
    assert main(["import", str(goods), "--kind", "product", "--ledger", str(path)]) == 0
    capsys.readouterr()
    ledger = Ledger.open(path)
    try:
        assert ledger.desk == "B"
        with ledger.unit() as uow:
            party = parties.get_party(uow.session, "张三五金")
            doc = new_document(uow, DocKind.SALES_BILL, party, date(2026, 11, 5))
            assert doc.number == "XS-B-2611-0001"
        with ledger.read() as session:
            assert set(session.scalars(select(Party.code))) == {"C-B-0001", "C-B-0002"}
            assert set(session.scalars(select(Product.code))) == {"SP-B-0001", "6901234567892"}
    finally:
        ledger.close()
