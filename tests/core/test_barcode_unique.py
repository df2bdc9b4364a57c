"""A barcode names one product and one of its units: the product service refuses another
(create, update, pack units), the import says so on the row, sync notes two desks' clash
for a person, and ``zhangfang check`` lists the duplicates an old ledger already holds."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select, update

from desktop.cli.main import main
from desktop.errors import ValidationError
from desktop.importing.plan import run_import
from desktop.models import OutboxEntry, Product, ProductUnit, SyncProblem
from desktop.services import products
from desktop.services.desks import set_desk
from desktop.services.ledger import Ledger
from tests.helpers import product, row_counts

PIECE = "6901234567892"
CARTON = "6901234567809"
OTHER = "96385074"


def _two(ledger: Ledger) -> tuple[Any, Any]:
    first = product(
        ledger,
        "T1",
        "大白兔奶糖",
        barcode=PIECE,
        units=[{"unit": "箱", "factor": 24, "barcode": CARTON}],
    )
    second = product(ledger, "T2", "旺仔牛奶", units=[])
    return first, second


def test_create_refuses_another_products_barcode_and_names_it(ledger: Ledger) -> None:
    _two(ledger)
    before = row_counts(ledger)
    for code in (PIECE, CARTON):
        with ledger.unit() as uow, pytest.raises(ValidationError) as err:
            products.create_product(uow, code="T3", name="新糖", barcode=code)
        assert err.value.code == "duplicate_barcode"
        assert "T1 大白兔奶糖" in err.value.zh and "T1 大白兔奶糖" in err.value.en
    assert "（箱）" in err.value.zh  # the carton's code: the unit that holds it is named
    with ledger.unit() as uow, pytest.raises(ValidationError, match="T1 大白兔奶糖"):
        products.create_product(
            uow, code="T3", name="新糖", units=[{"unit": "包", "factor": 10, "barcode": PIECE}]
        )
    assert row_counts(ledger) == before


def test_update_refuses_a_taken_barcode_but_keeps_its_own(ledger: Ledger) -> None:
    first, second = _two(ledger)
    with ledger.unit() as uow, pytest.raises(ValidationError, match="大白兔奶糖"):
        products.update_product(uow, second, barcode=CARTON)
    with ledger.unit() as uow:  # its own barcode again, and a free one: fine
        products.update_product(uow, first, barcode=PIECE, retail_price="3")
        products.update_product(uow, second, barcode=OTHER)
    with ledger.read() as s:
        assert s.get(Product, second).barcode == OTHER


def test_unit_barcodes_are_one_per_unit(ledger: Ledger) -> None:
    first, second = _two(ledger)
    # the same product's carton may not carry its piece's code ...
    with ledger.unit() as uow, pytest.raises(ValidationError) as err:
        products.update_product(uow, first, units=[{"unit": "箱", "factor": 24, "barcode": PIECE}])
    assert err.value.code == "duplicate_barcode" and "箱" in err.value.zh
    # ... nor another product's unit the first one's carton code
    with ledger.unit() as uow, pytest.raises(ValidationError, match="T1 大白兔奶糖"):
        products.update_product(
            uow, second, units=[{"unit": "箱", "factor": 12, "barcode": CARTON}]
        )
    with ledger.unit() as uow:  # the units as they are, with a factor changed: fine
        products.update_product(uow, first, units=[{"unit": "箱", "factor": 30, "barcode": CARTON}])


def _old_duplicates(ledger: Ledger) -> tuple[Any, Any]:
    """Two products sharing a barcode, as a ledger from before the rule may hold them."""
    first, second = _two(ledger)
    with ledger.session() as s:
        s.execute(update(Product).where(Product.id == second).values(barcode=PIECE))
        s.commit()
    return first, second


def test_an_old_duplicate_never_blocks_another_edit(ledger: Ledger) -> None:
    _first, second = _old_duplicates(ledger)
    with ledger.unit() as uow:
        products.update_product(uow, second, retail_price="4.50", barcode=PIECE)
    with ledger.read() as s:
        assert s.get(Product, second).retail_price == Decimal("4.50")


def test_check_lists_old_duplicates(ledger: Ledger, capsys: Any) -> None:
    _old_duplicates(ledger)
    with ledger.session() as s:  # and a pack unit holding a base unit's code
        unit = s.scalar(select(ProductUnit).where(ProductUnit.barcode == CARTON))
        assert unit is not None
        s.execute(update(Product).where(Product.code == "T2").values(barcode=PIECE))
        s.commit()
    path = ledger.path
    ledger.close()
    code = main(["check", "--ledger", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and not out["ok"]
    dupes = [p for p in out["problems"] if p["code"] == "duplicate_barcode"]
    assert len(dupes) == 1
    assert PIECE in dupes[0]["message"] and "T1 大白兔奶糖" in dupes[0]["message"]
    assert "T2 旺仔牛奶" in dupes[0]["message"]
    code = main(["check", "--ledger", str(path)])
    assert code == 1 and "同时属于" in capsys.readouterr().out


def test_cli_import_says_which_product_holds_the_barcode(
    ledger: Ledger, tmp_path: Path, capsys: Any
) -> None:
    _two(ledger)
    wb = Workbook()
    ws = wb.active
    ws.append(["商品编码", "商品名称", "条码", "单位"])
    ws.append(["N1", "新到果汁", CARTON, "个"])
    sheet = tmp_path / "new.xlsx"
    wb.save(sheet)
    path = ledger.path
    ledger.close()
    code = main(["import", str(sheet), "--kind", "product", "--ledger", str(path), "--rows"])
    out, err = capsys.readouterr()
    assert code != 0 and "Traceback" not in out + err
    assert "T1 大白兔奶糖" in out + err and CARTON in out + err


def test_import_row_names_the_product_holding_the_barcode(ledger: Ledger, tmp_path: Path) -> None:
    _two(ledger)
    wb = Workbook()
    ws = wb.active
    ws.append(["商品编码", "商品名称", "条码", "单位"])
    ws.append(["N1", "新到果汁", CARTON, "个"])  # the T1 carton's code
    ws.append(["N2", "新到可乐", PIECE, "瓶"])  # T1's piece code, in another unit
    ws.append(["T2", "旺仔牛奶", CARTON, "个"])  # an update taking the carton's code
    ws.append(["N3", "新到汽水", "6920000000005", "个"])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    report = run_import(ledger, path)
    assert [r.outcome for r in report.rows] == ["error", "error", "error", "new"]
    for bad in report.rows[:3]:
        assert "T1 大白兔奶糖" in bad.reason("zh") and "T1 大白兔奶糖" in bad.reason("en")
        assert bad.errors[0].field == "barcode"


def test_import_batch_refuses_one_barcode_twice(ledger: Ledger) -> None:
    from desktop.importing.kinds.records import RecordRejected, create_records

    before = row_counts(ledger)
    with ledger.unit() as uow, pytest.raises(RecordRejected) as err:
        create_records(
            uow,
            "product",
            {
                1: {"code": "A1", "name": "甲", "barcode": OTHER},
                2: {
                    "code": "A2",
                    "name": "乙",
                    "units": [{"unit": "箱", "factor": 6, "barcode": OTHER}],
                },
            },
        )
    assert err.value.key == 2 and "A1 甲" in err.value.zh
    assert row_counts(ledger) == before


def test_two_desks_giving_one_barcode_stand_with_a_problem(
    ledger_path: Path, tmp_path: Path
) -> None:
    """Offline, each desk gave a new product the same barcode: sync applies both (each
    desk decided on what it saw) and notes a ``duplicate_barcode`` problem for a person."""
    from desktop.sync.apply import apply_mutations
    from desktop.sync.outbox import next_batch
    from desktop.sync.protocol import ResultStatus

    opened = []
    for name, desk in (("server", "S"), ("a", "A"), ("b", "B")):
        path = tmp_path / f"{name}.zhangfang"
        shutil.copyfile(ledger_path, path)
        copy = Ledger.open(path, actor=name)
        with copy.session() as s:
            s.execute(update(OutboxEntry).values(state="applied"))
            s.commit()
        set_desk(copy, desk)
        opened.append(copy)
    server, a, b = opened
    try:
        product(a, "A1", "甲糖", barcode=PIECE, units=[])
        product(b, "B1", "乙糖", barcode=PIECE, units=[])
        statuses = []
        for desk in (a, b):
            with desk.read() as s:
                batch = next_batch(s, desk.desk, limit=100)
            results = apply_mutations(server, batch.desk, batch.mutations)
            statuses += [r.status for r in results]
        assert statuses == [ResultStatus.APPLIED, ResultStatus.APPLIED]
        with server.read() as s:
            kinds = [p.kind for p in s.scalars(select(SyncProblem))]
            assert kinds == ["duplicate_barcode"]
            assert len(s.scalars(select(Product).where(Product.barcode == PIECE)).all()) == 2
    finally:
        for copy in opened:
            copy.close()
