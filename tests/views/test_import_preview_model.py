"""The import preview table over a big history import's lines: Rows made only when shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.importing.kinds.base import ImportOptions
from desktop.importing.kinds.history_stream_rows import LineRows
from desktop.importing.plan import run_import
from tests.core.importing.history_files import ROWS, history_xlsx

pytestmark = pytest.mark.gui


def preview(ctx: Any, path: Path) -> Any:
    """A sales history previewed as the wizard does, creating what the ledger lacks."""
    return run_import(
        ctx.ledger,
        path,
        kind="sales_history",
        dry_run=True,
        options=ImportOptions(create_missing=True),
    )


def test_history_lines_are_previewed_without_a_row_each(
    ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.views.importer.preview_model import PreviewModel, outcome_text

    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    report = preview(ctx, path)
    assert isinstance(report.rows, LineRows)
    expected = [(r.excel_row, r.outcome, r.reason("zh")) for r in report.rows]
    made = []
    original = LineRows._row
    monkeypatch.setattr(LineRows, "_row", lambda self, i: made.append(i) or original(self, i))

    model = PreviewModel()
    model.set_report(report)
    assert made == []  # nothing made up front, however many lines
    skipped = len(report.skipped_rows)
    assert model.rowCount() == len(expected) + skipped
    shown = []
    for r in range(model.rowCount()):
        row_no, outcome, reason = (model.index(r, c).data() for c in range(3))
        if model.entry(r).skip is None:
            shown.append((int(row_no), outcome, reason))
    assert shown == [(n, outcome_text(o), why) for n, o, why in expected]
    assert {o for _, o, _ in expected} >= {"new", "error"}
    assert len(made) >= len(expected)  # made as they were shown


def test_the_lines_can_be_worked_out_off_the_gui_thread(
    ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``preview_entries`` (what the wizard's worker works out) gives the table the model
    would make itself, with the cyclic collector paused while half a million entries may be
    made (a full pass on a worker thread holds the GIL: the window stops answering)."""
    import gc

    from desktop.gc_pauses import paused
    from desktop.views.importer import preview_model
    from desktop.views.importer.preview_model import PreviewModel, preview_entries

    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    report = preview(ctx, path)
    during = []
    inner = preview_model._entries
    monkeypatch.setattr(
        preview_model, "_entries", lambda r: during.append((gc.isenabled(), paused())) or inner(r)
    )
    given, own = PreviewModel(), PreviewModel()
    given.set_report(report, preview_entries(report))
    own.set_report(report)
    # no automatic collection meanwhile, and the window's scheduled one waits (gc_guard)
    assert during == [(False, True), (False, True)] and not paused()

    def table(model: PreviewModel) -> list[list[Any]]:
        return [
            [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ]

    assert given.rowCount() > 0 and table(given) == table(own)


def test_a_streamed_history_without_an_amount_column_shows_each_lines_amount(
    ctx: Any, tmp_path: Path
) -> None:
    """The page says the lines of a big history show their number, date and amount: a file
    with only quantity and unit price still gets an amount column, worked out per line."""
    from desktop.views.importer.preview_model import FIXED, PreviewModel

    rows = [r[:9] for r in ROWS[:4]]  # no 金额 column, no totals row
    path = history_xlsx(tmp_path / "no_amount.xlsx", rows)
    report = preview(ctx, path)
    assert isinstance(report.rows, LineRows) and "amount" not in report.prepared.mapping.fields
    model = PreviewModel()
    model.set_report(report)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[-1] == "金额"
    amounts = [model.index(r, model.columnCount() - 1).data() for r in range(model.rowCount())]
    assert amounts[0] in ("20", "20.00") and amounts[2] in ("1", "1.00")  # 10 × 2, 1 × 1
    assert model.columnCount() == FIXED + len(model.fields)


def test_a_value_read_otherwise_is_shown_beside_the_file_text(ctx: Any, tmp_path: Path) -> None:
    """ "50,000" in a credit-limit column reads as 50000: the preview shows both, and only
    where they differ."""
    from openpyxl import Workbook
    from PySide6.QtCore import Qt

    from desktop.views.importer.preview_model import FIXED, PreviewModel

    wb = Workbook()
    ws = wb.active
    ws.append(["客户编码", "客户名称", "信用额度"])
    ws.append(["K001", "甲五金", "50,000"])
    ws.append(["K002", "乙建材", 8000])
    path = tmp_path / "c.xlsx"
    wb.save(path)
    report = run_import(ctx.ledger, path, kind="customer", dry_run=True)
    model = PreviewModel()
    model.set_report(report)
    column = FIXED + [f[0] for f in model.fields].index("credit_limit")
    assert model.index(0, column).data() == "50,000 → 50000"
    tip = model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert "读作：50000" in tip
    assert model.index(1, column).data() == "8000"
    name = FIXED + [f[0] for f in model.fields].index("name")
    assert model.index(0, name).data() == "甲五金"
