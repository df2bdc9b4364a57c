"""Language switch, text size up to 200 % without clipped labels, high contrast."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QPushButton, QWidget

from desktop.views import i18n
from desktop.views.editor.window import DocumentEditor
from desktop.views.settings_dialog import apply_ui_prefs
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def nav_texts(window: Any) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text needs more room than they were given."""
    problems = []
    for widget in root.findChildren(QLabel) + root.findChildren(QPushButton):
        if not widget.isVisibleTo(root) or not widget.text():
            continue
        hint = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                problems.append(
                    f"{widget.text()!r}: height {widget.height()} < "
                    f"{widget.heightForWidth(widget.width())}"
                )
        elif hint.width() > widget.width() or hint.height() > widget.height():
            problems.append(
                f"{widget.text()!r}: {widget.width()}x{widget.height()} < "
                f"{hint.width()}x{hint.height()}"
            )
    for box in root.findChildren(QGroupBox):
        need = box.fontMetrics().horizontalAdvance(box.title()) + 16
        if box.isVisibleTo(root) and box.width() < need:
            problems.append(f"group {box.title()!r}: {box.width()} < {need}")
    return problems


def clipped_headers(view: Any) -> list[str]:
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    out = []
    for section in range(header.count()):
        text = str(view.model().headerData(section, header.orientation()))
        if (
            not header.isSectionHidden(section)
            and header.sectionSize(section) < metrics.horizontalAdvance(text) + 8
        ):
            out.append(text)
    return out


def order_editor(qtbot: Any, ctx: Any) -> DocumentEditor:
    from desktop.services import documents
    from desktop.services.documents import LineInput

    box: list[Any] = []
    ctx.write(
        lambda u: (
            documents.create_draft(
                u, "sales_order", "张三五金", [LineInput("00123", 100, "箱"), LineInput("00456", 5)]
            ).id
        ),
        box.append,
    )
    wait_idle(qtbot, ctx)
    editor = DocumentEditor(ctx, doc_id=box[0])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    QApplication.processEvents()
    return editor


def test_language_switch_rebuilds_the_window(qtbot: Any, window: Any, ctx: Any) -> None:
    assert nav_texts(window)[0] == "工作台"
    window.show_screen("customers")
    ctx.prefs.language = "en"
    apply_ui_prefs(ctx)
    assert i18n.language() == "en"
    texts = nav_texts(window)
    assert texts[0] == "Dashboard" and "Customers" in texts and "Stock" in texts
    assert "Sales" in texts and "Purchasing" in texts  # group heads: the flows' names
    assert window.current_key() == "customers"
    screen = window.screens["customers"]
    assert (
        screen.model.headerData(1, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
        == "Name"
    )
    assert "pinyin" in screen.filter.placeholderText()
    assert window.menuBar().actions()[0].text() == "&File"
    editor = order_editor(qtbot, ctx)
    assert editor.windowTitle().startswith("Sales order")
    assert editor.header.status.text() == "Draft"  # from the core's labels table
    assert editor.credit.title() == "Credit" and "Save (Ctrl+S)" in [
        b.text() for b in editor.buttons.values()
    ]
    ctx.prefs.language = "zh"
    apply_ui_prefs(ctx)
    assert nav_texts(window)[0] == "工作台"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_text_175_percent_leaves_nothing_clipped_in_order_editor(
    qtbot: Any, ctx: Any, qapp: Any, language: str
) -> None:
    base = qapp.font().pointSizeF()
    ctx.prefs.language = language
    ctx.prefs.text_scale = 175
    apply_ui_prefs(ctx)
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.75, rel=0.01)
    editor = order_editor(qtbot, ctx)
    assert editor.font().pointSizeF() == pytest.approx(base * 1.75, rel=0.01)
    assert clipped(editor) == []
    assert clipped_headers(editor.view) == []


def test_text_200_percent_main_window(qtbot: Any, window: Any, ctx: Any) -> None:
    ctx.prefs.text_scale = 200
    apply_ui_prefs(ctx)
    window.show_screen("sales_bills")
    QApplication.processEvents()
    nav = window.nav
    widest = max(nav.fontMetrics().horizontalAdvance(t) for t in nav_texts(window))
    assert nav.viewport().width() >= widest
    assert clipped(window.statusBar()) == []


def test_high_contrast(qtbot: Any, window: Any, ctx: Any, qapp: Any) -> None:
    ctx.prefs.high_contrast = True
    apply_ui_prefs(ctx)
    palette = qapp.palette()
    assert palette.color(QPalette.ColorRole.Base).lightness() == 0
    assert palette.color(QPalette.ColorRole.Text).lightness() == 255
    ctx.prefs.high_contrast = False
    apply_ui_prefs(ctx)


def _drawn_red(label: QLabel) -> bool:
    """Whether some of the label's text is drawn in a red (not a grey of antialiasing)."""
    image = label.grab().toImage()
    return any(
        (c := image.pixelColor(x, y)).red() > c.green() + 80 and c.red() > c.blue() + 80
        for x in range(image.width())
        for y in range(image.height())
    )


def test_roles_keep_their_look_without_a_sheet_on_the_whole_app(
    qtbot: Any, window: Any, ctx: Any, qapp: Any
) -> None:
    """The role colours (an error in red) are each marked widget's own style sheet: the
    application has none in the normal look (a sheet on the app slows every table's
    painting), and switching to high contrast restyles labels that already exist."""
    from desktop.views.theme import mark

    error = QLabel("金额不能为负")
    mark(error, "error")
    qtbot.addWidget(error)
    error.show()
    assert qapp.styleSheet() == ""
    assert _drawn_red(error)
    plain = QLabel("金额不能为负")
    qtbot.addWidget(plain)
    plain.show()
    assert not _drawn_red(plain)

    ctx.prefs.high_contrast = True
    apply_ui_prefs(ctx)
    try:
        assert "#ff6b6b" in error.styleSheet() and ":focus" in qapp.styleSheet()
    finally:
        ctx.prefs.high_contrast = False
        apply_ui_prefs(ctx)
    assert "#c62828" in error.styleSheet() and qapp.styleSheet() == ""


def test_the_main_window_module_loads_without_sqlalchemy_or_reportlab() -> None:
    """The window paints from plain sqlite3 first; the ORM and the PDF library load later.
    (Enums imported from desktop.models instead of desktop.codes once doubled start-up.)"""
    import subprocess
    import sys

    code = (
        "import sys, desktop.views.main_window;"
        "print([m for m in sys.modules if m.startswith(('sqlalchemy', 'reportlab'))])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_one_icon_set_from_the_style(qtbot: Any, window: Any) -> None:
    """Buttons take their pictures from the style's standard icons (views.icons), never
    glyph arrows drawn from a font beside them."""
    from PySide6.QtWidgets import QPushButton

    from desktop.views.icons import STANDARD, icon

    assert all(not icon(name).isNull() for name in STANDARD)
    screen = window.show_screen("customers")
    buttons = screen.findChildren(QPushButton)
    pictured = [b for b in buttons if not b.icon().isNull()]
    assert {b.objectName() for b in pictured} >= {
        "new_customers",
        "import_customers",
        "export_customers",
    }
    glyphs = set("◀▶◁▷←→⬅➡✚✖")
    for b in window.findChildren(QPushButton):
        assert not glyphs & set(b.text()), b.text()
