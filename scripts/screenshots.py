"""Screenshots of every main screen at 100 % and 175 % text, in Chinese and English.

    .venv/bin/python scripts/screenshots.py OUT_DIR [--ledger PATH]

Starts the real main window under Xvfb (re-running itself through ``xvfb-run``
when there is no display) on a demo ledger, and saves PNGs named
``{lang}-{scale}-{nn}-{screen}.png`` into OUT_DIR.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def under_display(argv: list[str]) -> None:
    """Re-run under a virtual X server when there is no display."""
    if os.environ.get("DISPLAY") or os.environ.get("ZF_SCREENSHOTS_CHILD"):
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("needs a display or xvfb-run")
    env = dict(os.environ, ZF_SCREENSHOTS_CHILD="1", QT_QPA_PLATFORM="xcb")
    cmd = [xvfb, "-a", "-s", "-screen 0 1920x1200x24", sys.executable, *argv]
    sys.exit(subprocess.call(cmd, env=env))


def make_ledger(home: Path) -> Path:
    from desktop.services.demo import generate_demo
    from desktop.services.ledger import Ledger

    path = home / "demo.zhangfang"
    ledger = Ledger.open(path, create=True, actor="demo")
    generate_demo(ledger, customers=60, products=300, months=12, seed=1)
    ledger.close()
    return path


def settle(app: Any, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(widget: Any, out: Path, name: str, app: Any) -> None:
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    print("saved", name)


def draft_order(window: Any, app: Any) -> Any:
    """A new sales order with a customer and two lines, typed through the real editor."""
    editor = window.new_record("sales_order")
    settle(app)
    catalog = editor.catalog
    customers = catalog.find_parties("", "customer")
    editor.header.set_party(customers[0][1])
    for _label, product_id in catalog.find_products("")[:3]:
        row = len(editor.model.items) - 1
        editor.model.set_product(row, product_id)
        editor.model.setData(editor.model.index(row, 3), "12")
    return editor


def run(out: Path, ledger: Path | None) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.app import start
    from desktop.views import nav
    from desktop.views.forms.party_form import PartyForm
    from desktop.views.settings_dialog import SettingsDialog, apply_ui_prefs

    home = Path(tempfile.mkdtemp(prefix="zf-shots-"))
    os.environ["ZHANGFANG_HOME"] = str(home)
    path = ledger or make_ledger(home)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = start(path, app)
    ctx = window.ctx
    ctx.prefs.backup_hours = 0
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        for scale in (100, 175):
            ctx.prefs.language, ctx.prefs.text_scale = lang, scale
            apply_ui_prefs(ctx)
            window.resize(1600, 1000)
            prefix = f"{lang}-{scale}"
            for n, item in enumerate(nav.ITEMS, start=1):
                screen = window.show_screen(item.key)
                if item.key == "reports":
                    screen.run()
                    settle(app, 1.5)
                shoot(window, out, f"{prefix}-{n:02d}-{item.key}", app)
            editor = draft_order(window, app)
            editor.resize(1500, 950)
            shoot(editor, out, f"{prefix}-20-order-editor", app)
            editor.dirty = False
            editor.close()
            orders = window.show_screen("sales_orders")
            editor = window.open_record("document", orders.model.row_id(0))
            editor.resize(1500, 950)
            shoot(editor, out, f"{prefix}-21-order-open", app)
            editor.close()
            customers = window.show_screen("customers")
            form = PartyForm(ctx, __import__("uuid").UUID(customers.model.row_id(0)), parent=window)
            form.show()
            shoot(form, out, f"{prefix}-22-party-form", app)
            form.close()
            dialog = SettingsDialog(ctx, window)
            dialog.show()
            shoot(dialog, out, f"{prefix}-23-settings", app)
            dialog.close()
    ctx.prefs.language, ctx.prefs.text_scale = "zh", 100
    window.close()
    ctx.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--ledger", type=Path)
    args = parser.parse_args(argv[1:])
    under_display(argv)
    run(args.out.resolve(), args.ledger)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
