"""The sync screenshots (sign-in, the sync screen with problems, joining with progress),
for scripts/screenshots.py: a real server process with a demo firm."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from shots_common import shoot, wait_for

ROOT = Path(__file__).resolve().parents[1]


def start_sync_server(home: Path) -> tuple[Any, str]:
    """The real sync server (``python -m marketplace``) on a free port, firm ``demo`` with
    owner 老板 (password ``shots-pw-1``)."""
    import socket

    import httpx

    from marketplace.accounts import create_firm
    from marketplace.context import Server
    from marketplace.settings import Settings

    data = home / "server"
    setup = Server(Settings(data=data))
    try:
        create_firm(setup, "demo", "演示商行", "老板", "shots-pw-1")
    finally:
        setup.close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "marketplace", "--data", str(data), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/openapi.json", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("the sync server did not start")


def sample_problems(ledger: Any) -> None:
    """Problems as sync leaves them (through the sync core, as if pulled): a credit-limit
    conflict, stock sold below zero at two desks, and one change the server refused."""
    import uuid

    from sqlalchemy import select

    from desktop.models import OutboxEntry, Party, Product
    from desktop.sync.apply import apply_changes, sync_cursor

    with ledger.read() as session:
        party = session.scalars(select(Party).where(Party.is_customer).limit(1)).one()
        product = session.scalars(select(Product).limit(1)).one()
        pname, prod = f"{party.code} {party.name}", f"{product.code} {product.name}"
        pid, prid = str(party.id), str(product.id)
    problems = [
        {
            "id": str(uuid.uuid4()),
            "kind": "conflict",
            "message_zh": f"{pname}：「credit_limit」已被另一台电脑改为 50000.00，"
            "本次改为 80000.00 未采用，请决定取哪一个。",
            "message_en": f"{pname}: credit_limit was changed to 50000.00 at another desk; "
            "this change to 80000.00 was not taken. Decide which is right.",
            "entity": "party",
            "entity_id": pid,
            "data": {"field": "credit_limit", "kept": "50000.00", "offered": "80000.00"},
        },
        {
            "id": str(uuid.uuid4()),
            "kind": "negative_stock",
            "message_zh": f"XS-A-2612-0031：{prod} 库存不足（现有 2，本单需要 5），"
            "多台电脑离线时都已卖出，单据照常入账，请核对库存。",
            "message_en": f"XS-A-2612-0031: not enough {prod} (2 on hand, 5 needed): sold at "
            "more than one desk while offline; the document stands, check the stock.",
            "entity": "product",
            "entity_id": prid,
        },
    ]
    change = {
        "seq": sync_cursor(ledger) + 1,
        "id": str(uuid.uuid4()),
        "desk": ledger.desk,
        "intent": "party.update",
        "args": {"id": pid},
        "status": "applied",
        "result": {"problems": problems},
    }
    # the cursor stays where it is: the server's log holds no such change
    apply_changes(ledger, [change], ledger.desk, sync_cursor(ledger))
    with ledger.read() as session:  # the last change made here: refused by the server
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        entry.state = "rejected"
        entry.result = {
            "reason": "The order was already cancelled at another desk.",
            "reason_zh": "这张订单已在另一台电脑上作废。",
        }
        session.commit()


def sync_shots(window: Any, app: Any, out: Path, prefix: str, url: str) -> None:
    """The sign-in dialog (fresh, and refusing a wrong password), the password asked each
    session without a keyring, and the sync screen with its problems inbox."""
    from desktop.views import sync_menu
    from desktop.views.sync_dialog import PasswordDialog

    dialog = sync_menu.open_sign_in(window)
    dialog.server.setText(url)
    dialog.firm.setText("demo")
    dialog.user.setText("老板")
    shoot(dialog, out, f"{prefix}-40-sync-sign-in", app)
    dialog.password.setText("wrong-password")
    dialog.sign_in()
    wait_for(app, lambda: dialog.busy.error.isVisible())
    shoot(dialog, out, f"{prefix}-41-sync-sign-in-refused", app)
    dialog.reject()
    client = window.sync.client
    if client is not None and client.tokens is not None:
        from desktop.sync.credentials import NO_KEYRING

        asked = PasswordDialog(window.ctx, client, NO_KEYRING.message(window.ctx.prefs.language))
        asked.show()
        shoot(asked, out, f"{prefix}-42-sync-password", app)
        asked.close()
    window.show_screen("sync").table.selectRow(0)
    shoot(window, out, f"{prefix}-43-sync-problems", app)
    menu = window.menuBar().actions()[0].menu()  # 文件: 联网同步…, 立即同步, 退出同步登录
    menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
    shoot(menu, out, f"{prefix}-44-sync-file-menu", app)
    menu.hide()
    join_progress_shot(window, app, out, prefix)


def join_progress_shot(window: Any, app: Any, out: Path, prefix: str) -> None:
    """Joining the firm: the download's progress bar (run_task, as ``sync_join`` runs it)."""
    import threading

    from desktop.views import sync_join
    from desktop.views.worker import run_task

    hold = threading.Event()

    def downloading(progress: Any) -> None:
        title = sync_join.tr("正在下载商号的账本…")
        progress(40, title + "\n" + sync_join.figures(3_200_000, 8_000_000))
        hold.wait(30)

    bar = run_task(window, sync_join.tr("正在下载商号的账本…"), downloading)
    wait_for(app, lambda: bar.isVisible() and bar.value() == 40)
    shoot(bar, out, f"{prefix}-45-sync-join-download", app)
    hold.set()
    wait_for(app, lambda: not bar.isVisible())


def sign_in_for_shots(window: Any, app: Any, url: str) -> None:
    """Sign the demo ledger in through the dialog (its history counts as the firm's first
    state), then note the problems a person would find."""
    from sqlalchemy import update

    from desktop.models import OutboxEntry
    from desktop.views import sync_menu

    ledger = window.ctx.ledger
    with ledger.read() as session:
        session.execute(update(OutboxEntry).values(state="applied"))
        session.commit()
    sample_problems(ledger)
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information = staticmethod(lambda *a, **k: None)  # the "signed in" box
    dialog = sync_menu.open_sign_in(window)
    dialog.server.setText(url)
    dialog.firm.setText("demo")
    dialog.user.setText("老板")
    dialog.password.setText("shots-pw-1")
    dialog.sign_in()
    wait_for(app, lambda: window.sync_label is not None, 60)
    wait_for(app, lambda: "在线" in window.sync_label.text(), 60)
