"""Each derived figure has one definition, and every screen, command and export reads it.

Found before: at negative stock the stock screen (its own SQL) showed the product's cost
price while the service and ``zhangfang stock`` showed the moving average.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from desktop.cli.main import main
from desktop.exporting.reports import _stock as stock_sheet_rows
from desktop.queries import lists
from desktop.queries.db import connect
from desktop.services import documents, stock, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product, supplier


def _sell_below_zero(ledger) -> None:
    """Cost price 10; 10 bought at 8 each; 15 sold: −5 on hand, the average stays 8."""
    product(ledger, code="P1", name="铜阀门", cost_price="10", units=[])
    li, zhang = supplier(ledger), customer(ledger)
    with ledger.unit() as uow:
        bought = documents.create_draft(
            uow,
            "supplier_bill",
            li,
            [LineInput("P1", 10, "个", "8", tax_rate="0")],
            date(2026, 3, 1),
        )
        trade.post(uow, bought.id)
        sold = documents.create_draft(
            uow,
            "sales_bill",
            zhang,
            [LineInput("P1", 15, "个", "12", tax_rate="0")],
            date(2026, 3, 2),
        )
        trade.post(uow, sold.id)


def test_average_cost_is_the_same_everywhere_at_negative_stock(ledger, capsys) -> None:
    _sell_below_zero(ledger)
    with ledger.read() as s:
        [row] = stock.stock_list(s)
        assert (row.qty, row.avg_cost, row.value) == (D(-5), D(8), D(-40))
        [sheet] = list(stock_sheet_rows(s))
        assert sheet[5] == D(8) and sheet[6] == D("-40.00")
        assert run_checks(s) == []
        from desktop.reports import ReportParams, run

        for as_of in (None, date(2026, 3, 2)):  # the stored position, and the moves replayed
            [report] = run(s, "stock", ReportParams(as_of=as_of)).rows
            assert (report.cells["qty"], report.cells["avg_cost"], report.cells["value"]) == (
                D(-5),
                D(8),
                D("-40.00"),
            )
    conn = connect(ledger.path)
    try:
        [screen] = lists.fetch_page(conn, lists.STOCK)
    finally:
        conn.close()
    values = dict(zip([c.key for c in lists.STOCK.columns], screen.values, strict=True))
    assert (values["on_hand"], values["avg_cost"], values["stock_value"]) == (
        D(-5),
        D(8),
        D("-40.00"),
    )
    ledger.close()
    assert main(["stock", "--ledger", str(ledger.path), "--json"]) == 0
    [cli] = json.loads(capsys.readouterr().out)["products"]
    assert (cli["qty"], D(cli["avg_cost"])) == ("-5", D(8))


def test_a_stored_average_that_disagrees_is_found_by_check(ledger, capsys) -> None:
    import sqlite3

    _sell_below_zero(ledger)
    ledger.close()
    path: Path = ledger.path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE stock_balance SET avg_cost = 10000000")
    assert main(["check", "--ledger", str(path)]) == 1
    assert "平均成本" in capsys.readouterr().out


def test_open_amounts_agree_in_lists_services_and_dashboard(ledger) -> None:
    """Bills partly paid, one returned in part, one reversed: every reader gives one answer."""
    from desktop.queries import dashboard
    from desktop.services import payments, receivables, reversal

    product(ledger, code="P1", name="铜阀门", cost_price="10", units=[])
    zhang = customer(ledger, terms_days=10)
    bills = []
    with ledger.unit() as uow:
        for day, qty in ((1, 100), (2, 50), (3, 20)):
            bill = documents.create_draft(
                uow, "sales_bill", zhang, [LineInput("P1", qty, "个", "12")], date(2026, 3, day)
            )
            trade.post(uow, bill.id)
            bills.append(bill.id)
    with ledger.unit() as uow:
        payments.record_payment(uow, zhang, "700", doc_date=date(2026, 3, 5))
        second = documents.get_document(uow.session, bills[1])
        trade.return_goods(uow, bills[1], {second.lines[0].id: D(5)}, date(2026, 3, 6))
        reversal.reverse(uow, bills[2], "开错了", date(2026, 3, 7))
    today = date(2026, 6, 1)
    with ledger.read() as s:
        services = {b: receivables.open_amount(s, b) for b in bills}
        items = {i.document_id: i.open for i in receivables.open_items(s, zhang)}
        assert services == {bills[0]: D(500), bills[1]: D(540), bills[2]: D(0)}
        assert {b: items.get(b, D(0)) for b in bills} == services
        assert sum(items.values()) == receivables.balance(s, zhang)
    conn = connect(ledger.path)
    try:
        keys = [c.key for c in lists.SALES_BILLS.columns]
        screen = {
            r.id: r.values[keys.index("open")] for r in lists.fetch_page(conn, lists.SALES_BILLS)
        }
        board = dashboard.full(conn, today)
    finally:
        conn.close()
    from desktop.queries.db import uid

    assert {b: screen[uid(b)] for b in bills} == services
    assert board.overdue_total == D(1040)
