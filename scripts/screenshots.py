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

from shots_common import settle, shoot, wait_for  # noqa: E402
from shots_reports import chart_shots, statement_shots  # noqa: E402
from shots_sync import sign_in_for_shots, start_sync_server, sync_shots  # noqa: E402


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


def messy_customers(folder: Path) -> Path:
    """A customers workbook as offices keep them: a title, a blank line, a bad row, 合计."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "某某贸易有限公司 客户资料（2023年底）"
    ws.append([])
    ws.append(["客户名称", "联系人", "联系电话", "地址", "期初应收", "备注"])
    rows = [
        ("华东五金机电有限公司", "陈经理", "13800000001", "上海市闵行区", 12000.5, ""),
        ("宏达建材商行", "刘总", "021-66668888", "杭州市余杭区", 3000, "老客户"),
        ("金盛贸易", "王", "13900002222", "", "一千二", ""),
        ("", "", "", "", "", "只有备注"),
        ("鑫源水暖", "赵", "13700001111", "苏州", 880, ""),
    ]
    for row in rows:
        ws.append(list(row))
    ws.append(["合计", None, None, None, 15880.5])
    path = folder / "老账-客户.xlsx"
    wb.save(path)
    return path


def messy_history(folder: Path, ctx: Any) -> Path:
    """A sales ledger export with 折扣 and amounts, on this ledger's customer and products."""
    from openpyxl import Workbook
    from sqlalchemy import select

    from desktop.models import Party, Product

    with ctx.ledger.read() as session:
        party = session.scalars(select(Party).where(Party.is_customer).limit(1)).one()
        codes = list(session.scalars(select(Product.code).limit(3)))
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "2023 年销售明细（旧系统导出）"
    ws.append(["单据编号", "日期", "客户名称", "商品编码", "数量", "单价", "折扣", "金额", "备注"])
    ws.append(["XS2023-001", "2023-03-02", party.name, codes[0], 10, 25, "9折", 225, ""])
    ws.append(["XS2023-001", "2023-03-02", party.name, codes[1], 5, 12.8, 1, 64, ""])
    ws.append(["XS2023-002", "2023/3/5", party.name, codes[2], 20, 8, 0.95, 152, "老客户"])
    ws.append(["XS2023-003", "2023-03-09", party.name, codes[0], 0, 25, None, 0, "数量为 0"])
    ws.append(["合计", None, None, None, 35, None, None, 441])
    path = folder / "老账-销售明细.xlsx"
    wb.save(path)
    return path


def some_people(ctx: Any) -> None:
    """A firm of four (the demo keeps none): the owner, the accountant with a password, a
    clerk and a warehouse keeper who left."""
    from desktop.services import people

    with ctx.ledger.unit() as uow:
        people.add_person(uow, "王建国", "owner")
        accountant = people.add_person(uow, "刘会计", "accountant")
        people.set_password(uow, accountant.id, "liu-mima-2026")
        people.add_person(uow, "小张", "clerk")
        gone = people.add_person(uow, "老陈", "warehouse")
        people.update_person(uow, gone.id, active=False)
    ctx.prefs.operator = "小张"


def import_shots(
    window: Any, app: Any, out: Path, prefix: str, source: Path, history: Path
) -> None:
    """The import wizard's mapping and preview pages (a customer list and a sales ledger
    with discounts), and the export dialog."""
    for path, first in ((source, 30), (history, 33)):
        wizard = window.import_excel(path)
        wizard.resize(wizard.sizeHint())
        wait_for(app, lambda wizard=wizard: wizard.idle() and wizard.analysis is not None)
        wizard.next()
        wait_for(app, wizard.idle)
        shoot(wizard, out, f"{prefix}-{first}-import-mapping", app)
        wizard.next()
        wait_for(app, lambda wizard=wizard: wizard.idle() and wizard.report is not None)
        shoot(wizard, out, f"{prefix}-{first + 1}-import-preview", app)
        wizard.close()
    customers = window.show_screen("customers")
    from desktop.views.importer.export import export_list

    dialog = export_list(customers)
    shoot(dialog, out, f"{prefix}-32-export-dialog", app)
    dialog.close()


def print_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    """Print preview (A4 bill, 241×93 delivery note), batch statements, fapiao, offsets."""
    from desktop.views.forms.fapiao_form import FapiaoForm
    from desktop.views.printing.offsets import PrinterOffsetsDialog
    from desktop.views.printing.preview import open_document
    from desktop.views.printing.statements import BatchStatementsDialog

    ctx = window.ctx
    for n, (screen_key, paper) in enumerate(
        (("sales_bills", "a4"), ("deliveries", "241x93")), start=24
    ):
        screen = window.show_screen(screen_key)
        settle(app)
        preview = open_document(window, ctx, screen.model.row_id(0), paper)
        preview.resize(1366, 768)
        end = time.monotonic() + 30
        while preview.last is None and time.monotonic() < end:
            settle(app, 0.1)
        shoot(preview, out, f"{prefix}-{n}-preview-{paper}-{screen_key}", app)
        preview.close()
    batch = BatchStatementsDialog(ctx, window)
    batch.show()
    shoot(batch, out, f"{prefix}-26-batch-statements", app)
    batch.close()
    catalog_party = FapiaoForm(ctx, "out", None, None, window)
    with ctx.ledger.read() as session:
        from desktop.services.fapiao import uninvoiced_bills

        open_bills = uninvoiced_bills(session)
        code = open_bills[-1].bill.party.code if open_bills else ""
    party = catalog_party.catalog.find_parties(code, "customer") if code else []
    if party:
        catalog_party.set_party(party[0][1])
    catalog_party.show()
    settle(app, 1.0)
    shoot(catalog_party, out, f"{prefix}-27-fapiao-form", app)
    catalog_party.close()
    offsets = PrinterOffsetsDialog(ctx, window)
    offsets.show()
    shoot(offsets, out, f"{prefix}-28-printer-offsets", app)
    offsets.close()


def layout_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    """The print layout editor: the default A4 bill, then a 三联 layout on 241×93 paper
    with hidden columns, wording and tinted copies, each with its live preview."""
    from desktop.views.printing.layout_editor import LayoutEditor

    editor = LayoutEditor(window.ctx, "sales_bill", window)
    editor.resize(1366, 768)
    editor.show()

    def rendered() -> None:
        settle(app, 0.5)
        end = time.monotonic() + 30
        while editor.timer.isActive() or (
            editor.document.property("generation") != editor._generation and time.monotonic() < end
        ):
            settle(app, 0.1)

    rendered()
    shoot(editor, out, f"{prefix}-50-layout-editor-a4", app)
    editor.paper.setCurrentIndex(editor.paper.findData("c241x93"))
    rendered()
    from PySide6.QtCore import Qt

    editor.columns.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    editor.columns.table.item(9, 0).setCheckState(Qt.CheckState.Unchecked)
    editor.header.setPlainText("温馨提示：货物当面点清，过后概不负责")
    editor.footer.setPlainText("开户行：工商银行　账号：1001 2345 6789")
    editor.copies.count.setValue(3)
    editor.copies.table.cellWidget(1, 1).setCurrentIndex(1)
    editor.copies.table.cellWidget(2, 1).setCurrentIndex(2)
    rendered()
    shoot(editor, out, f"{prefix}-51-layout-editor-241x93", app)
    editor.columns.table.item(2, 2).setText("400")
    rendered()
    shoot(editor, out, f"{prefix}-52-layout-editor-refused", app)
    editor.close()


def market_data(ctx: Any, app: Any) -> str:
    """Publish a few products (one with a picture) and let two buyers send an inquiry and
    an order, through the services; returns the id of the product with the picture."""
    import uuid

    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage
    from sqlalchemy import select

    from desktop.models import Product
    from desktop.services import market

    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    png = bytes(buffer.data().data())
    with ctx.ledger.read() as session:
        ids = list(session.scalars(select(Product.id).order_by(Product.code).limit(12)))

    def write(uow: Any) -> None:
        for n, ident in enumerate(ids):
            market.publish(uow, ident, safety_buffer=5, show_stock="level" if n % 3 else "figure")
        market.set_pictures(uow, ids[0], [("image/png", png), ("image/png", png)])
        wang = market.BuyerInfo(uuid.uuid4(), "王五", "王五建材有限公司", "13800000000")
        li = market.BuyerInfo(uuid.uuid4(), "李四", "", "", "li@example.com")
        market.receive_request(
            uow,
            market.MarketRequest(uuid.uuid4(), "inquiry", li, [(ids[1], "", "200")], "请报价"),
        )
        free = market.availability(uow.session, ids[:3])
        lines = [(i, "", "1") for i in ids[:3] if free[i].figure >= 1]
        if lines:
            market.receive_request(uow, market.MarketRequest(uuid.uuid4(), "order", wang, lines))

    ctx.write(write)
    wait_for(app, ctx.writer.idle)
    return str(ids[0])


def market_shots(window: Any, app: Any, out: Path, prefix: str, product: str) -> None:
    import uuid

    from desktop.views.forms.product_form import ProductForm

    dashboard = window.show_screen("dashboard")
    shoot(window, out, f"{prefix}-40-dashboard-market-inbox", app)
    dashboard.tabs.setCurrentIndex(1)
    wait_for(app, lambda: dashboard.charts.charts is not None)
    shoot(window, out, f"{prefix}-44-dashboard-charts", app)
    dashboard.tabs.setCurrentIndex(0)
    inbox = dashboard.inbox
    inbox.pages.setCurrentIndex(1)
    shoot(inbox, out, f"{prefix}-42-market-buyers", app)
    inbox.pages.setCurrentIndex(0)
    inbox.drafts.selectRow(inbox.drafts.rowCount() - 1)
    inbox.open_selected()
    settle(app, 1.0)
    editor = window.windows[-1]
    editor.resize(1366, 768)
    shoot(editor, out, f"{prefix}-43-market-order-editor", app)
    editor.close()
    form = ProductForm(window.ctx, uuid.UUID(product), parent=window)
    form.tabs.setCurrentWidget(form.listing)
    form.show()
    shoot(form, out, f"{prefix}-41-product-marketplace", app)
    form.close()


def run(out: Path, ledger: Path | None, only: str = "") -> None:
    """The screenshots, with a home folder of their own that goes when they are taken."""
    home = Path(tempfile.mkdtemp(prefix="zf-shots-"))
    try:
        shots(out, ledger, only, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def shots(out: Path, ledger: Path | None, only: str, home: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.app import start
    from desktop.views import nav
    from desktop.views.forms.party_form import PartyForm
    from desktop.views.people_dialog import PeopleDialog
    from desktop.views.settings_dialog import SettingsDialog, apply_ui_prefs
    from desktop.views.wizard import FirstRunWizard

    os.environ["ZHANGFANG_HOME"] = str(home)
    path = ledger or make_ledger(home)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = start(path, app)
    ctx = window.ctx
    ctx.prefs.backup_hours = 0
    out.mkdir(parents=True, exist_ok=True)
    if only == "start":
        return each_look(window, app, out, start_shots)
    product = market_data(ctx, app)
    if only == "market":
        return each_look(window, app, out, lambda w, a, o, p: market_shots(w, a, o, p, product))
    if only == "barcodes":
        return each_look(window, app, out, barcode_shots)
    if only == "lists":
        return each_look(window, app, out, list_shots)
    source = messy_customers(home)
    history = messy_history(home, ctx)
    some_people(ctx)
    server, url = start_sync_server(home) if only != "layouts" else (None, "")
    if server is not None:
        sign_in_for_shots(window, app, url)
    for lang in ("zh", "en"):
        for scale in (100, 175):
            ctx.prefs.language, ctx.prefs.text_scale = lang, scale
            apply_ui_prefs(ctx)
            window.resize(1366, 768)  # a common laptop screen
            prefix = f"{lang}-{scale}"
            if only == "layouts":
                layout_shots(window, app, out, prefix)
                continue
            if only == "reports":
                report_shots(window, app, out, prefix)
                continue
            sync_shots(window, app, out, prefix, url)
            if only == "sync":
                continue
            market_shots(window, app, out, prefix, product)
            for n, item in enumerate(nav.ITEMS, start=1):
                screen = window.show_screen(item.key)
                if item.key == "reports":
                    screen.run()
                    settle(app, 1.5)
                shoot(window, out, f"{prefix}-{n:02d}-{item.key}", app)
                if item.key == "reports":
                    report_shots(window, app, out, prefix)
            editor = draft_order(window, app)
            editor.resize(1366, 768)
            shoot(editor, out, f"{prefix}-20-order-editor", app)
            editor.dirty = False
            editor.close()
            orders = window.show_screen("sales_orders")
            editor = window.open_record("document", orders.model.row_id(0))
            editor.resize(1366, 768)
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
            team = PeopleDialog(ctx, window)
            team.show()
            team.table.selectRow(1)
            shoot(team, out, f"{prefix}-24-people", app)
            team.close()
            wizard = FirstRunWizard(ctx.prefs, home / "new.zhangfang")
            wizard.show()
            wizard.next()  # the firm page, with this desk's code
            shoot(wizard, out, f"{prefix}-29-first-run-firm", app)
            wizard.close()
            print_shots(window, app, out, prefix)
            layout_shots(window, app, out, prefix)
            import_shots(window, app, out, prefix, source, history)
    ctx.prefs.language, ctx.prefs.text_scale = "zh", 100
    window.close()
    ctx.close()
    if server is not None:
        server.terminate()
        server.wait(15)


def list_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    """The products and customers lists as they open, then filtered with a row selected
    and the table focused (the painter's selected, focused and plain cells)."""
    for key, word in (("products", "l"), ("customers", "c0")):
        screen = window.show_screen(key)
        screen.filter.clear()
        settle(app)
        shoot(window, out, f"{prefix}-list-{key}", app)
        screen.filter.setText(word)
        screen.apply_filter()
        screen.table.setFocus()
        screen.table.selectRow(min(2, screen.model.rowCount() - 1))
        settle(app)
        shoot(window, out, f"{prefix}-list-{key}-filtered", app)
        screen.filter.clear()


def each_look(window: Any, app: Any, out: Path, shots: Any) -> None:
    """``shots(window, app, out, prefix)`` in Chinese and English at 100 % and 175 % text
    on a 1366 x 768 window, then the window closed."""
    from desktop.views.settings_dialog import apply_ui_prefs

    ctx = window.ctx
    for lang in ("zh", "en"):
        for scale in (100, 175):
            ctx.prefs.language, ctx.prefs.text_scale = lang, scale
            apply_ui_prefs(ctx)
            window.resize(1366, 768)
            shots(window, app, out, f"{lang}-{scale}")
    window.close()
    ctx.close()


def barcode_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    """The stocktake window with a few products counted, and the labels dialog for three
    products selected in the product list."""
    from PySide6.QtCore import QItemSelectionModel

    take = window.open_stocktake()
    take.resize(1366, 768)
    settle(app)
    codes = [row.code for row in take.sheet.rows[:4]]
    for code in (*codes[:3], codes[0], codes[0]):
        take.scan(code)
    take.typed(codes[3])
    shoot(take, out, f"{prefix}-50-stocktake", app)
    take.close()
    screen = window.show_screen("products")
    selection = screen.table.selectionModel()
    for r in range(3):
        selection.select(
            screen.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    dialog = screen.print_labels()
    settle(app)
    shoot(dialog, out, f"{prefix}-51-labels-dialog", app)
    dialog.close()


def start_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    """What the start and the filters show: the dashboard (its charts a tab away, loaded
    when opened), a list filtered past a page (200+), a short filter's exact count, and the
    order editor's type-ahead list."""
    from PySide6.QtTest import QTest

    dashboard = window.show_screen("dashboard")
    dashboard.tabs.setCurrentIndex(0)
    shoot(window, out, f"{prefix}-50-dashboard", app)
    dashboard.tabs.setCurrentIndex(1)
    wait_for(app, lambda: dashboard.charts is not None and dashboard.charts.charts is not None)
    shoot(window, out, f"{prefix}-51-dashboard-charts", app)
    dashboard.tabs.setCurrentIndex(0)
    for n, (key, text) in enumerate((("sales_bills", "x"), ("customers", "zh")), start=52):
        screen = window.show_screen(key)
        screen.filter.setText(text)
        screen.apply_filter()
        settle(app, 1.0)
        shoot(window, out, f"{prefix}-{n}-{key}-filtered", app)
        screen.filter.clear()
    editor = window.new_record("sales_order")
    editor.resize(1366, 768)
    settle(app)
    edit = editor.header.party_edit
    edit.setFocus()
    for ch in "zh":
        QTest.keyClick(edit, ch)
        settle(app, 0.1)
    shoot(editor, out, f"{prefix}-54-type-ahead", app)
    editor.dirty = False
    editor.close()


def report_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    """The reports screen with a few reports run, and a figure drilled down."""
    from PySide6.QtCore import QDate

    screen = window.show_screen("reports")
    start = QDate.currentDate().addMonths(-5)
    for name, by, period in (
        ("sales", "category", "month"),
        ("margin", "product", None),
        ("kpi", None, None),
        ("cash", None, None),
    ):
        screen.report.setCurrentIndex(screen.report.findData(name))
        if by:
            screen.by.setCurrentIndex(screen.by.findData(by))
        screen.period.setCurrentIndex(screen.period.findData(period))
        screen.date_from.setDate(QDate(start.year(), start.month(), 1))
        screen.result = None
        screen.run()
        settle(app, 2.0)
        shoot(window, out, f"{prefix}-40-report-{name}", app)
    screen.report.setCurrentIndex(screen.report.findData("sales"))
    screen.by.setCurrentIndex(screen.by.findData("customer"))
    screen.run()
    settle(app, 2.0)
    screen.drill(0, screen.table.columnCount() - 3)
    settle(app, 1.5)
    shoot(screen.drill_dialog, out, f"{prefix}-41-report-drill", app)
    screen.drill_dialog.close()
    statement_shots(window, app, out, prefix)
    chart_shots(window, app, out, prefix)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--ledger", type=Path)
    parser.add_argument(
        "--only",
        choices=["sync", "reports", "layouts", "market", "barcodes", "start", "lists"],
        help="only these screenshots",
    )
    args = parser.parse_args(argv[1:])
    under_display(argv)
    run(args.out.resolve(), args.ledger, args.only or "")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
