"""Minimum stock: set on the product, read from an import's header, flagged by the stock
report with the shortfall, and listed by ``below-minimum`` (the golden ledger's stock:
螺丝 65, 电钻 7 on 2026-03-31)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ValidationError
from desktop.importing.mapping import auto_map
from desktop.reports import ReportParams, run
from desktop.services import products
from tests.helpers import D, product

END = ReportParams(as_of=date(2026, 3, 31), date_from=date(2026, 3, 1))


def _set_min(ledger, code: str, qty: str) -> None:  # type: ignore[no-untyped-def]
    with ledger.unit() as uow:
        products.update_product(uow, products.get_product(uow.session, code).id, min_stock=qty)


def test_stock_report_flags_products_under_their_minimum(books) -> None:
    _set_min(books, "P1", "80")  # 65 on hand: 15 short
    _set_min(books, "P2", "7")  # 7 on hand: at the minimum, not under it
    product(books, "P3", "垫片", units=[], min_stock="20")  # never stocked: 20 short
    with books.read() as s:
        st = {r.cells["code"]: r for r in run(s, "stock", END).rows}
        below = run(s, "below-minimum", END)
    assert (st["P1"].cells["min_stock"], st["P1"].cells["shortfall"]) == (D(80), D(15))
    assert "below_minimum" in st["P1"].flags
    assert st["P2"].cells["shortfall"] is None and "below_minimum" not in st["P2"].flags
    assert st["P3"].cells["qty"] == 0 and st["P3"].cells["shortfall"] == D(20)
    # the biggest shortfall first; the total is what to reorder
    assert [r.cells["code"] for r in below.rows] == ["P3", "P1"]
    assert below.totals["shortfall"] == D(35)
    assert below.rows[1].drill is not None and below.rows[1].drill.product_id is not None


def test_min_stock_is_kept_and_checked(ledger) -> None:  # type: ignore[no-untyped-def]
    pid = product(ledger, "P9", "扳手", min_stock="12.5")
    with ledger.read() as s:
        assert products.get_product(s, pid).min_stock == D("12.5")
        assert run(s, "below-minimum", ReportParams()).rows[0].cells["shortfall"] == D("12.5")
    with pytest.raises(ValidationError), ledger.unit() as uow:
        products.update_product(uow, pid, min_stock="很多")


@pytest.mark.parametrize(
    "header", ["最低库存", "安全库存", "库存下限", "Min Stock", "Reorder Level", "min stock"]
)
def test_importer_reads_minimum_stock_headers(header: str) -> None:
    mapping = auto_map(["编码", "名称", "库存", header], "product")
    assert mapping.fields["min_stock"] == 3 and mapping.fields["opening_stock"] == 2
