"""Screens reload from what a write changed: only those that show a touched table."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.services import parties, payments
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def _screens(window: Any, *keys: str) -> dict[str, Any]:
    """Build the screens (the last one is left showing) and count their reloads."""
    screens: dict[str, Any] = {}
    for key in keys:
        screen = window.show_screen(key)
        screens[key] = screen.list if key == "sync" else screen  # its list of intents
    QApplication.processEvents()
    for screen in screens.values():
        screen.reloads = 0
        screen.stale = False
        original = screen.refresh

        def counted(screen: Any = screen, original: Any = original) -> None:
            screen.reloads += 1
            original()

        screen.refresh = counted
    return screens


def _settle(qtbot: Any, ctx: Any) -> None:
    wait_idle(qtbot, ctx)
    QApplication.processEvents()


def _party_id(ctx: Any, code: str) -> Any:
    with ctx.ledger.read() as session:
        return parties.get_party(session, code).id


def test_a_party_write_reloads_the_customers_not_the_stock(
    qtbot: Any, window: Any, ctx: Any
) -> None:
    s = _screens(window, "stock", "products", "dashboard", "customers")
    zs = _party_id(ctx, "C001")
    ctx.write(lambda uow: parties.update_party(uow, zs, phone="13800009999"))
    _settle(qtbot, ctx)
    assert s["customers"].reloads == 1
    assert (s["stock"].reloads, s["stock"].stale) == (0, False)
    assert (s["products"].reloads, s["products"].stale) == (0, False)
    assert s["dashboard"].stale  # overdue customers are shown by name: reloads when shown
    window.show_screen("stock")
    QApplication.processEvents()
    assert s["stock"].reloads == 0


def test_a_payment_reloads_receipts_balances_and_dashboard_not_products(
    qtbot: Any, window: Any, ctx: Any
) -> None:
    s = _screens(window, "products", "stock", "customers", "dashboard", "receipts")
    zs = _party_id(ctx, "C001")
    ctx.write(
        lambda uow: payments.record_payment(uow, zs, "100", doc_date=date.today(), method="现金")
    )
    _settle(qtbot, ctx)
    assert s["receipts"].reloads == 1
    assert s["customers"].stale and s["dashboard"].stale  # hidden: reload when shown
    assert (s["products"].reloads, s["products"].stale) == (0, False)
    assert (s["stock"].reloads, s["stock"].stale) == (0, False)
    window.show_screen("dashboard")
    QApplication.processEvents()
    assert s["dashboard"].reloads == 1 and not s["dashboard"].stale
    window.show_screen("customers")
    QApplication.processEvents()
    assert s["customers"].reloads == 1
    assert s["receipts"].model.rowCount() == 1


def test_an_import_reloads_what_it_touched(
    qtbot: Any, window: Any, ctx: Any, tmp_path: Path
) -> None:
    from desktop.importing.plan import run_import

    s = _screens(window, "customers", "suppliers", "stock", "sync", "products")
    sheet = tmp_path / "products.csv"
    sheet.write_text("商品编码,商品名称,单位\nN1,新到货螺栓,个\nN2,新到货垫片,个\n", "utf-8")
    done: list[Any] = []
    ctx.writer.job(lambda ledger, _p: run_import(ledger, sheet, kind="product"), done.append)
    _settle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(done))
    assert done[0].counts["new"] == 2
    assert s["products"].reloads == 1
    assert s["stock"].stale and s["sync"].stale  # new products; queued intents
    for key in ("customers", "suppliers"):
        assert (s[key].reloads, s[key].stale) == (0, False), key
    assert s["products"].model.rowCount() == 4
