"""Golden figures: a small ledger made through the services, every report's figures worked
out by hand in the comments beside them.

The ledger (tax 0 unless said):
  2025-03-15  bill to 甲 (30 days): 螺丝 5 @ 4.00 = 20.00        (last year; stock goes to −5 at
              the cost price 2.00)
  2026-03-01  PO to 丙 promising 03-05: 螺丝 100 @ 2.00, 电钻 10 @ 100.00; received 03-04 and
              billed 03-04 (1,200.00, supplier terms 0 days: due 03-04)
  2026-03-10  bill to 甲: 螺丝 40 @ 5.00 = 200.00; 电钻 2 @ 113.00 with 13 % tax included =
              226.00 (net 200.00)                 → 426.00, due 04-09
  2026-03-20  bill to 乙 (terms 0): 电钻 1 @ 90.00 → 90.00, below the 100.00 it cost, due 03-20
  2026-03-25  甲 returns 螺丝 10 of the 03-10 bill → 50.00
  2026-03-30  甲 pays 100.00: 20.00 to the 2025 bill, 80.00 to the 03-10 bill
Stock: 螺丝 −5 + 100 − 40 + 10 = 65 at 2.00 = 130.00; 电钻 10 − 2 − 1 = 7 at 100.00 = 700.00.
"""

from __future__ import annotations

from datetime import date

from desktop.reports import ReportParams, run
from desktop.services import receivables, statements
from tests.helpers import D

MARCH = ReportParams(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
END = date(2026, 3, 31)


def _rows(table, key="name"):  # type: ignore[no-untyped-def]
    return {r.cells[key]: r.cells for r in table.rows}


def test_sales_by_customer_nets_returns_beside_last_year(books) -> None:
    with books.read() as s:
        t = run(s, "sales", MARCH)
    rows = _rows(t)
    jia, yi = rows["甲五金"], rows["乙建材"]
    # 甲: 426.00 billed, 50.00 back; net of tax 200 + 200 − 50; 40 + 2 − 10 pieces
    assert (jia["gross"], jia["returns"], jia["net"], jia["net_ex_tax"]) == (
        D("426.00"),
        D("50.00"),
        D("376.00"),
        D("350.00"),
    )
    assert jia["qty"] == D(32)
    assert jia["last_year"] == D("20.00") and jia["growth"] == D("17.8000")  # (376 − 20) / 20
    assert (yi["gross"], yi["net"], yi["last_year"], yi["growth"]) == (
        D("90.00"),
        D("90.00"),
        D(0),
        None,
    )
    assert t.totals["net"] == D("466.00")  # the bills 426 + 90 less the return 50
    drill = t.rows[0].drill_for("last_year")
    assert drill is not None and drill.date_from == date(2025, 3, 1)


def test_sales_by_category_region_salesperson_and_month(books) -> None:
    with books.read() as s:
        cat = _rows(
            run(s, "sales", ReportParams(date_from=MARCH.date_from, date_to=END, by="category"))
        )
        region = _rows(
            run(s, "sales", ReportParams(date_from=MARCH.date_from, date_to=END, by="region"))
        )
        who = _rows(
            run(s, "sales", ReportParams(date_from=MARCH.date_from, date_to=END, by="salesperson"))
        )
        year = run(
            s,
            "sales",
            ReportParams(date_from=date(2025, 1, 1), date_to=END, period="year", by="none"),
        )
    # 螺丝: 200 − 50; 电钻: 226 + 90
    assert cat["紧固件"]["net"] == D("150.00") and cat["电动工具"]["net"] == D("316.00")
    assert region["浙江"]["net"] == D("376.00") and region["江苏"]["net"] == D("90.00")
    assert who["王五"]["net"] == D("376.00") and who["赵六"]["net"] == D("90.00")
    assert {r.cells["period"]: r.cells["net"] for r in year.rows} == {
        "2025": D("20.00"),
        "2026": D("466.00"),
    }


def test_margin_by_product_flags_the_line_below_cost(books) -> None:
    with books.read() as s:
        t = run(s, "margin", MARCH)
        lines = run(s, "margin", ReportParams(date_from=MARCH.date_from, date_to=END, by="line"))
    rows = _rows(t)
    screw, drill = rows["螺丝"], rows["电钻"]
    # 螺丝: 200 − 50 sold; 40 out and 10 back at 2.00 → cost 60
    assert (screw["net_ex_tax"], screw["cost"], screw["margin"], screw["margin_rate"]) == (
        D("150.00"),
        D("60.00"),
        D("90.00"),
        D("0.6000"),
    )
    # 电钻: 200 + 90 sold; 3 out at 100.00 → cost 300; the 90.00 line is below cost
    assert (drill["net_ex_tax"], drill["cost"], drill["margin"], drill["below_cost"]) == (
        D("290.00"),
        D("300.00"),
        D("-10.00"),
        1,
    )
    assert t.totals["margin"] == D("80.00")
    assert [(r.cells["party"], r.cells["net"], r.cells["cost"]) for r in lines.rows] == [
        ("乙建材", D("90.00"), D("100.00"))
    ]


def test_stock_as_of_and_slow_movers(books) -> None:
    with books.read() as s:
        st = _rows(run(s, "stock", ReportParams(as_of=END, date_from=MARCH.date_from)))
        slow10 = _rows(run(s, "slow-movers", ReportParams(as_of=END, days=10)))
        slow15 = _rows(run(s, "slow-movers", ReportParams(as_of=END, days=15)))
        before = _rows(run(s, "stock", ReportParams(as_of=date(2026, 3, 5))))
    assert (st["螺丝"]["qty"], st["螺丝"]["value"]) == (D(65), D("130.00"))
    assert (st["电钻"]["qty"], st["电钻"]["value"]) == (D(7), D("700.00"))
    # 电钻 turnover: 700.00 in stock, 300.00 sold at cost over 31 days → 700 × 31 / 300 = 72
    assert st["电钻"]["turnover_days"] == 72
    assert (before["螺丝"]["qty"], before["电钻"]["value"]) == (D(95), D("1000.00"))
    # last sold: 螺丝 03-10 (21 days), 电钻 03-20 (11 days)
    assert slow10["螺丝"]["idle_days"] == 21 and slow10["电钻"]["idle_days"] == 11
    assert set(slow15) == {"螺丝"}


def test_aging_with_default_and_given_buckets(books) -> None:
    with books.read() as s:
        t = run(s, "aging", ReportParams(as_of=END))
        given = run(s, "aging", ReportParams(as_of=END, buckets=(10, 60)))
        overdue = run(s, "aging", ReportParams(as_of=END, by="document"))
        ap = run(s, "payables-aging", ReportParams(as_of=END))
    rows = _rows(t)
    # 甲: 426 − 50 − 80 = 296 not due yet (04-09); 乙: 90 due 03-20, 11 days late
    assert (rows["甲五金"]["balance"], rows["甲五金"]["b0"]) == (D("296.00"), D("296.00"))
    assert (rows["乙建材"]["b1"], rows["乙建材"]["overdue_days"]) == (D("90.00"), 11)
    assert t.totals["balance"] == D("386.00")
    assert [c.zh for c in given.columns if c.key[1:].isdigit()] == [
        "0-10天",
        "11-60天",
        "60天以上",
    ]
    assert _rows(given)["乙建材"]["b1"] == D("90.00")
    assert [(r.cells["party"], r.cells["days"], r.cells["open"]) for r in overdue.rows] == [
        ("乙建材", 11, D("90.00"))
    ]
    assert _rows(ap)["丙批发"]["b1"] == D("1200.00")  # due 03-04: 27 days late


def test_purchases_suppliers_and_cash(books) -> None:
    with books.read() as s:
        bought = _rows(
            run(s, "purchases", ReportParams(date_from=MARCH.date_from, date_to=END, by="supplier"))
        )
        rated = _rows(run(s, "suppliers", MARCH))
        cash = run(s, "cash", ReportParams(as_of=END, weeks=2))
    assert bought["丙批发"]["gross"] == D("1200.00") and bought["丙批发"]["qty"] == D(110)
    assert rated["丙批发"]["receipts"] == 1 and rated["丙批发"]["on_time_rate"] == D("1.0000")
    # 2026-03-31 is a Tuesday: overdue (乙 90, 丙 1,200), this week to 04-05, 04-06..04-12 (甲's 296)
    weeks = [(r.cells["week"], r.cells["receivable"], r.cells["payable"]) for r in cash.rows]
    assert weeks == [
        ("已逾期", D("90.00"), D("1200.00")),
        ("03-31～04-05", D(0), D(0)),
        ("04-06～04-12", D("296.00"), D(0)),
        ("以后", D(0), D(0)),
    ]


def test_kpis_beside_the_previous_period(books) -> None:
    with books.read() as s:
        t = run(s, "kpi", MARCH)
        aging_total = sum((a.balance for a in receivables.aging(s, "AR", END)), D(0))
        closing = sum((st.closing for st in statements.statements(s, MARCH.date_from, END)), D(0))
    k = {r.cells["key"]: (r.cells["value"], r.cells["previous"]) for r in t.rows}
    assert k["gmv"] == (D("516.00"), D(0))  # 426 + 90; nothing in February
    assert k["orders"] == (2, 0) and k["aov"] == (D("258.00"), None)
    # net of tax 400 − 50 + 90 = 440, cost 360 → 80 (18.18 %)
    assert k["margin"][0] == D("80.00") and k["margin_rate"][0] == D("0.1818")
    assert k["receivable"][0] == D("386.00") == aging_total == closing
    assert k["dso"][0] == 25  # 386 × 31 / 466 = 25.7
    assert k["overdue_1"][0] == D("90.00")


def test_a_figure_drills_down_to_its_documents(books) -> None:
    from desktop.reports.drill import documents

    with books.read() as s:
        sales = _rows(
            run(s, "sales", ReportParams(date_from=MARCH.date_from, date_to=END, by="category"))
        )
        t = run(s, "sales", ReportParams(date_from=MARCH.date_from, date_to=END, by="region"))
        aged = run(s, "aging", ReportParams(as_of=END))
        jiangsu = next(r for r in t.rows if r.cells["name"] == "江苏")
        by_region = documents(s, jiangsu.drill)
        by_category = documents(s, next(r for r in run(s, "sales", ReportParams(
            date_from=MARCH.date_from, date_to=END, by="category")).rows
            if r.cells["name"] == "紧固件").drill)  # fmt: skip
        last_year = documents(s, next(r for r in run(s, "sales", MARCH).rows
                                      if r.cells["name"] == "甲五金").drill_for("last_year"))  # fmt: skip
        open_jia = documents(s, next(r for r in aged.rows if r.cells["name"] == "甲五金").drill)
    assert sales["紧固件"]["net"] == D("150.00")
    assert [(d.kind, d.total) for d in by_region] == [("sales_bill", D("90.00"))]
    # 螺丝 was on the 03-10 bill and its return
    assert sorted((d.kind, d.total) for d in by_category) == [
        ("sales_bill", D("426.00")),
        ("sales_return", D("50.00")),
    ]
    assert [(d.doc_date, d.total) for d in last_year] == [(date(2025, 3, 15), D("20.00"))]
    # 甲 still owes on the 03-10 bill only (the 2025 bill was paid, the return applied)
    assert [(d.kind, d.total) for d in open_jia] == [("sales_bill", D("426.00"))]


def test_margin_by_month_keeps_the_line_below_cost_in_its_month(books) -> None:
    with books.read() as s:
        t = run(s, "margin", ReportParams(date_from=date(2025, 3, 1), date_to=END, period="month"))
    by_month = {(r.cells["period"], r.cells["name"]): r.cells for r in t.rows}
    assert by_month[("2026-03", "电钻")]["below_cost"] == 1
    # 2025-03: 螺丝 5 sold at 4.00 against the cost price 2.00 → margin 10.00
    assert by_month[("2025-03", "螺丝")]["margin"] == D("10.00")
    assert t.totals["below_cost"] == 1


def test_margin_by_customer_and_salesperson_aging_by_salesperson_and_region(books) -> None:
    """The cuts the issue names that the tests above do not: worked out from the story."""
    with books.read() as s:
        by_customer = _rows(run(s, "margin", ReportParams(date_from=MARCH.date_from,
                                                          date_to=END, by="customer")))  # fmt: skip
        by_person = _rows(run(s, "margin", ReportParams(date_from=MARCH.date_from,
                                                        date_to=END, by="salesperson")))  # fmt: skip
        aged_person = _rows(run(s, "aging", ReportParams(as_of=END, by="salesperson")))
        aged_region = run(s, "aging", ReportParams(as_of=END, by="region"))
        bought = _rows(run(s, "purchases", ReportParams(date_from=MARCH.date_from, date_to=END,
                                                        by="product")))  # fmt: skip
    # 甲: 200 + 200 − 50 = 350 net; cost 螺丝 (40 − 10) × 2.00 + 电钻 2 × 100.00 = 260 → 90
    jia = by_customer["甲五金"]
    assert (jia["net_ex_tax"], jia["cost"], jia["margin"], jia["below_cost"]) == (
        D("350.00"), D("260.00"), D("90.00"), 0)  # fmt: skip
    # 乙: 90 for a drill that cost 100 → −10, its one line flagged
    yi = by_customer["乙建材"]
    assert (yi["margin"], yi["below_cost"]) == (D("-10.00"), 1)
    assert {k: v["margin"] for k, v in by_person.items()} == {
        "王五": D("90.00"),
        "赵六": D("-10.00"),
    }
    # the receivables of 386.00: 王五's 甲 296.00 (not due), 赵六's 乙 90.00 (11 days late)
    assert (aged_person["王五"]["balance"], aged_person["赵六"]["b1"]) == (D("296.00"), D("90.00"))
    regions = {r.cells["name"]: r.cells["balance"] for r in aged_region.rows}
    assert sorted(regions.values()) == [D("90.00"), D("296.00")]
    assert any("浙江" in k for k in regions if regions[k] == D("296.00"))
    assert any("江苏" in k for k in regions if regions[k] == D("90.00"))
    # 100 screws at 2.00 and 10 drills at 100.00
    assert (bought["螺丝"]["gross"], bought["电钻"]["gross"]) == (D("200.00"), D("1000.00"))


def test_supplier_evaluation_lateness_returns_reasons_and_price_trend(books) -> None:
    """April: 丙 promises 04-03 and delivers 04-06 (3 days late) 螺丝 50 @ 2.20 — 10 % over
    March's 2.00; 5 come back as 生锈 (rusty)."""
    from desktop.services import credit, documents, trade
    from desktop.services.documents import LineInput

    with books.unit() as uow:
        po = documents.create_draft(uow, "purchase_order", "丙批发",
                                    [LineInput("P1", 50, None, "2.20", tax_rate="0")],
                                    date(2026, 4, 1), due_date=date(2026, 4, 3))  # fmt: skip
        credit.confirm_order(uow, po.id)
        trade.fulfil(uow, po.id, doc_date=date(2026, 4, 6))
        bill = trade.bill_order(uow, po.id, doc_date=date(2026, 4, 6))
    with books.unit() as uow:
        trade.return_goods(uow, bill.id, {bill.lines[0].id: D(5)}, date(2026, 4, 8), notes="生锈")
    with books.read() as s:
        rated = _rows(run(s, "suppliers", ReportParams(date_from=date(2026, 4, 1),
                                                       date_to=date(2026, 4, 30))))  # fmt: skip
    bing = rated["丙批发"]
    assert (bing["receipts"], bing["on_time_rate"], bing["days_late"]) == (1, D(0), 3)
    # returned 5 × 2.20 = 11.00 of 110.00 bought, for the reason given
    assert (bing["returns"], bing["return_count"], bing["reasons"]) == (D("11.00"), 1, "生锈")
    assert bing["return_rate"] == D("0.1000")
    # 45 kept for 99.00; at March's 2.00 they would have cost 90.00 → +10 %
    assert bing["price_trend"] == D("0.1000")
