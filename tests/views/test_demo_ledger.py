"""Issue 14, "The demo": choosing the demo in the first-run wizard keeps the firm just typed
as the user's real (empty) ledger and opens the demo as a second file, marked 演示."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.queries import db
from desktop.queries.lookups import firm_name, is_demo, needs_setup

pytestmark = pytest.mark.gui


def _first_run_choosing_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wizard filled as a user would: the firm, then 先试用演示账本; a small demo."""
    from PySide6.QtWidgets import QWizard

    from desktop.services import demo
    from desktop.views.wizard import FirstRunWizard

    def exec_(wizard: FirstRunWizard) -> QWizard.DialogCode:
        wizard.show()
        wizard.next()
        wizard.firm.name.setText("新开五金商行")
        wizard.firm.tax_id.setText("91310000MA1FL0XX0X")
        wizard.next()
        wizard.start.demo.setChecked(True)
        wizard.hide()
        return QWizard.DialogCode.Accepted

    real = demo.generate_demo

    def small(ledger: Any, **kw: Any) -> Any:  # a fixed end: the same demo every run
        kw.update(customers=12, products=40, months=2, end=date(2026, 9, 30))
        return real(ledger, **kw)

    monkeypatch.setattr(FirstRunWizard, "exec", exec_)
    monkeypatch.setattr(demo, "generate_demo", small)


def _close(qtbot: Any, window: Any) -> None:
    from desktop.views import worker

    qtbot.waitUntil(lambda: not worker._running, timeout=20000)  # the dashboard's figures
    window.close()
    window.ctx.close()


def test_choosing_the_demo_keeps_the_firm_as_the_real_ledger(
    qtbot: Any, qapp: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import app
    from desktop.views.dashboard import DashboardScreen

    _first_run_choosing_the_demo(monkeypatch)
    real = home / "ledger.zhangfang"
    window = app.start(real, qapp)
    assert window is not None
    qtbot.addWidget(window)
    try:
        # the window shows the demo, a file of its own, clearly marked
        assert window.ctx.path == home / "demo.zhangfang"
        title = window.windowTitle()
        assert title.startswith("【演示账本】") and firm_name(window.ctx.conn) in title
        dashboard = window.screens["dashboard"]
        assert isinstance(dashboard, DashboardScreen)
        banner = dashboard.demo_banner
        assert banner is not None and not banner.isHidden()
        assert "演示账本" in banner.text() and str(real) in banner.text()
    finally:
        _close(qtbot, window)
    # the firm typed in the wizard is the real ledger: empty, not a demo, opened next time
    assert not needs_setup(real)
    conn = db.connect(real)
    try:
        assert firm_name(conn) == "新开五金商行" and not is_demo(conn)
        assert conn.execute("SELECT COUNT(*) FROM document").fetchone()[0] == 0
        assert conn.execute("SELECT tax_id FROM firm").fetchone()[0] == "91310000MA1FL0XX0X"
    finally:
        conn.close()
    window = app.start(real, qapp)
    qtbot.addWidget(window)
    try:
        assert window.windowTitle() == "新开五金商行 — 账房 Zhangfang — ledger.zhangfang"
        assert window.screens["dashboard"].demo_banner is None
    finally:
        _close(qtbot, window)
