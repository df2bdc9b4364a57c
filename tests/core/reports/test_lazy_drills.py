"""A report's rows keep only what identifies them; the documents behind a figure (the drill)
are made from that when first read — by the window's drill-down or ``--json`` — and are the
same drill the row would have carried."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.codes import DocKind
from desktop.reports import ReportParams, run
from desktop.reports.table import Drill, ReportColumn, ReportRow, ReportTable
from tests.core.reports.test_reports_golden import MARCH


class CountingSource:
    def __init__(self) -> None:
        self.asked: list[Any] = []

    def drills_of(self, key: Any) -> tuple[Drill | None, dict[str, Drill]]:
        self.asked.append(key)
        drill = Drill(("sales_bill",), date(2026, 3, 1), date(2026, 3, 31), category=key)
        return drill, {"last_year": drill.with_dates(date(2025, 3, 1), date(2025, 3, 31))}


def test_a_lazy_row_makes_its_drills_once_when_read() -> None:
    source = CountingSource()
    rows = [ReportRow.lazy({"name": k, "net": 1}, source, k) for k in ("紧固件", "电动工具")]
    table = ReportTable("t", "表", "T", [ReportColumn("net", "净额", "Net", "int", True)], rows)
    assert table.totals == {"net": 2} and [r.cells["name"] for r in rows] == ["紧固件", "电动工具"]
    assert source.asked == []  # cells and totals never need the drills

    first = rows[0].drill_for("last_year")
    assert first is not None and (first.category, first.date_from) == ("紧固件", date(2025, 3, 1))
    assert rows[0].drill is not None and rows[0].drill.date_from == date(2026, 3, 1)
    assert rows[0].drills["last_year"] == first
    assert source.asked == ["紧固件"]  # made once, for the row read only

    dumped = table.as_json()["rows"]
    assert dumped[1]["drill"]["category"] == "电动工具"
    assert dumped[1]["drills"]["last_year"]["date_to"] == date(2025, 3, 31)
    assert source.asked == ["紧固件", "电动工具"]


def test_a_row_given_its_drill_keeps_it() -> None:
    drill = Drill(("sales_bill",), document_number="XS-1")
    row = ReportRow({"name": "x"}, drill, flags=("overdue",))
    assert (row.drill, row.drills, row.drill_for("name"), row.flags) == (
        drill,
        {},
        drill,
        ("overdue",),
    )
    row.drill = None
    assert row.drill is None


def test_sales_and_aging_rows_drill_to_their_own_documents(books) -> None:
    with books.read() as s:
        sales = run(s, "sales", MARCH)
        monthly = run(s, "sales", ReportParams(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31),
                                               by="product", period="month"))  # fmt: skip
        aged = run(s, "aging", ReportParams(as_of=date(2026, 3, 31)))
        ids = dict(s.execute(_party_ids()).all())
    kinds = (DocKind.SALES_BILL, DocKind.SALES_RETURN)
    for row in sales.rows:
        assert row.drill == Drill(
            kinds, date(2026, 3, 1), date(2026, 3, 31), party_id=ids[row.cells["name"]]
        )
        assert row.drills == {
            "last_year": row.drill.with_dates(date(2025, 3, 1), date(2025, 3, 31))
        }
    assert {r.drill.product_id for r in monthly.rows if r.drill} == set(
        _product_ids(books).values()
    )
    assert all(r.drill and r.drill.date_to == date(2026, 3, 31) for r in monthly.rows)
    for row in aged.rows:
        assert row.drill == Drill(
            (DocKind.SALES_BILL, DocKind.SALES_RETURN, DocKind.RECEIPT),
            None,
            date(2026, 3, 31),
            party_id=ids[row.cells["name"]],
            open_only=True,
        )


def _party_ids() -> Any:
    from sqlalchemy import select

    from desktop.models import Party

    return select(Party.name, Party.id)


def _product_ids(books: Any) -> dict[str, Any]:
    from sqlalchemy import select

    from desktop.models import Product

    with books.read() as s:
        return dict(s.execute(select(Product.name, Product.id)).all())
