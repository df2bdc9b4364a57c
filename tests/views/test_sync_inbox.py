"""The problems inbox on the sync screen: a real conflict made by the sync core between two
desks, settled in the window (taking the other value changes the customer's credit limit),
a refused change marked settled, the settled filter, and the screen in English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QLabel
from sqlalchemy import select

from desktop.models import OutboxEntry, OutboxState, Party
from desktop.services import parties
from tests.core.test_sync_apply import Hub, _copy
from tests.helpers import D, customer
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


@pytest.fixture
def conflicted(template_ledger: Path, ledger_path: Path, tmp_path: Path) -> Iterator[Any]:
    """Desk B (the window's ledger) changed a customer's credit limit to 8000 while desk A
    changed it to 5000; A reached the server first, so B holds a conflict for a person."""
    firm = tmp_path / "firm"
    firm.mkdir()
    hub = Hub(_copy(template_ledger, firm, "server", "S"))
    a = _copy(template_ledger, firm, "a", "A")
    ledger_path.unlink()
    b = _copy(template_ledger, ledger_path.parent, ledger_path.stem, "B")
    zhang = customer(a, "冲突五金", credit_limit="1000")
    hub.sync(a, b)
    with a.unit() as uow:
        parties.update_party(uow, zhang, credit_limit="5000")
    with b.unit() as uow:
        parties.update_party(uow, zhang, credit_limit="8000")
    hub.sync(a, b)
    hub.sync(a, b)
    refused = customer(b, "被拒的客户")
    with b.read() as session:  # the server refused B's last change (as a rule would)
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None
        entry.state = OutboxState.REJECTED
        entry.result = {"reason": "Name taken.", "reason_zh": "名称已被占用。"}
        session.commit()
    for ledger in (hub.ledger, a, b):
        ledger.close()
    yield zhang, refused


def _sync_screen(qtbot: Any, ctx: Any) -> Any:
    from desktop.views.main_window import MainWindow

    ctx.prefs.market_account = "小王@acme"  # signed in on this computer
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win, win.show_screen("sync")


def _rows(screen: Any) -> list[tuple[str, ...]]:
    table = screen.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The optional note is answered "老板确认" instead of a dialog blocking the test."""
    asked: list[str] = []

    def answer(_parent: Any, title: str, label: str, *args: Any, **kw: Any) -> Any:
        asked.append(title)
        return "老板确认", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    return asked


def test_taking_the_other_value_changes_the_credit_limit_and_leaves_the_list(
    qtbot: Any, conflicted: Any, ctx: Any, notes: list[str]
) -> None:
    zhang, _ = conflicted
    _win, screen = _sync_screen(qtbot, ctx)
    rows = _rows(screen)
    assert [r[0] for r in rows] == ["修改冲突", "被服务器拒绝"]
    assert "冲突五金" in rows[0][1] and "8000" in rows[0][1] and rows[0][3] == "B"
    assert "名称已被占用" in rows[1][1]
    assert screen.tabs.tabText(0) == "待处理的问题（2）"
    # this computer signed in with another ledger: this one says it is not signed in
    assert screen.sync_button.isEnabled() is False
    assert screen.summary.text().startswith("未登录")

    screen.table.selectRow(0)
    assert screen.take_button.isEnabled() and screen.keep_button.isEnabled()
    assert not screen.settle_button.isVisible()
    screen.take_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(screen.items) == 1)
    assert notes == ["处理同步问题"]
    with ctx.ledger.read() as session:
        assert session.get(Party, zhang).credit_limit == D("8000")
        queued = session.scalars(select(OutboxEntry.intent).order_by(OutboxEntry.seq)).all()
    assert queued[-1] == "sync_problem.resolve"  # recorded, so every desk hears of it

    screen.table.selectRow(0)  # the refused change: marked settled, on this desk only
    assert screen.settle_button.isEnabled() and not screen.take_button.isVisible()
    screen.settle_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not screen.items)
    assert screen.empty.isVisible() and screen.tabs.tabText(0) == "待处理的问题（0）"

    screen.show_settled.setChecked(True)
    settled = _rows(screen)
    assert [r[0] for r in settled] == ["修改冲突", "被服务器拒绝"]
    assert all("老板确认" in r[4] for r in settled)
    screen.table.selectRow(0)
    assert not screen.take_button.isEnabled()  # settled already


def test_keeping_this_value_leaves_the_limit_and_the_screen_speaks_english(
    qtbot: Any, qapp: Any, conflicted: Any, ctx: Any, notes: list[str]
) -> None:
    from desktop.views import i18n
    from desktop.views.theme import apply_appearance

    zhang, _ = conflicted
    i18n.set_language("en")
    apply_appearance(qapp, 100, False)
    win, screen = _sync_screen(qtbot, ctx)
    headers = [screen.table.horizontalHeaderItem(c).text() for c in range(5)]
    assert headers == ["Kind", "What happened", "When", "Desk", "Settled"]
    rows = _rows(screen)
    assert [r[0] for r in rows] == ["Conflicting change", "Refused by the server"]
    assert "was changed to 5000" in rows[0][1]
    assert screen.take_button.text() == "Take the other value"
    assert screen.keep_button.text() == "Keep this value"
    assert screen.settle_button.text() == "Mark settled"
    assert screen.tabs.tabText(0) == "Problems to settle (2)"
    assert screen.sync_button.text() == "Sync now"
    assert "Sign in to sync…" in [a.text() for a in win.menuBar().actions()[0].menu().actions()]
    screen.table.selectRow(0)
    screen.keep_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(screen.items) == 1)
    with ctx.ledger.read() as session:
        assert session.get(Party, zhang).credit_limit == D("5000")
    assert win.sync_label is not None and isinstance(win.sync_label, QLabel)
    assert "Offline (not signed in)" in win.sync_label.text()


def test_a_ledger_with_no_problems_says_so(qtbot: Any, ctx: Any) -> None:
    _win, screen = _sync_screen(qtbot, ctx)
    assert screen.items == [] and screen.empty.isVisible()
    assert not screen.take_button.isEnabled() and not screen.settle_button.isEnabled()
