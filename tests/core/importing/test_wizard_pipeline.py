"""The import wizard's pipeline without its pages: read, analyse (kind, header row, saved
mapping, ambiguous dates), preview, commit, list the batches and undo one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from desktop.importing import wizard
from desktop.importing.kinds.base import ImportOptions
from desktop.models import Party


def customers_book(path: Path, rows: list[tuple[Any, ...]] | None = None) -> Path:
    """A title row, a blank line, then 客户名称/联系电话/期初应收, a bad row and a 合计 row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws["A1"] = "某某贸易有限公司 客户资料（2023年底）"
    ws.append([])
    ws.append(["客户名称", "联系电话", "期初应收"])
    for row in rows or [
        ("导入测试甲五金", "13800000001", 1200.5),
        ("导入测试乙建材", "13800000002", 300),
        ("导入测试丙贸易", "13800000003", "一千二"),
    ]:
        ws.append(list(row))
    ws.append(["合计", None, 1500.5])
    wb.save(path)
    return path


def names(ledger: Any) -> set[str]:
    with ledger.read() as session:
        return set(session.scalars(select(Party.name).where(Party.archived.is_(False))))


def test_preview_commit_list_and_undo(ledger: Any, tmp_path: Path) -> None:
    book = wizard.read(customers_book(tmp_path / "老客户.xlsx"))
    analysis = wizard.analyse_saved(ledger, book)
    assert (analysis.kind, analysis.source) == ("customer", "auto")
    assert analysis.table.header_row == 3 and analysis.detected_header == 2
    assert analysis.mapping is not None
    assert analysis.mapping.fields == {"name": 0, "phone": 1, "opening_receivable": 2}
    assert wizard.missing_required(analysis, analysis.mapping) == []
    assert wizard.ranked_kinds(analysis.table.headers)[0] == "customer"
    assert sorted(wizard.ranked_kinds(analysis.table.headers)) == sorted(wizard.KINDS)

    plan = wizard.Plan(analysis, analysis.mapping, ImportOptions())
    assert not plan.streamed
    report = wizard.preview(ledger, plan)
    c = report.counts
    assert (c["new"], c["updated"], c["error"], c["skipped"]) == (2, 0, 1, 1)
    assert "导入测试甲五金" not in names(ledger)  # a preview writes nothing

    report, changes = wizard.commit(ledger, plan)
    assert report.batch_id is not None and changes is not None
    assert {"导入测试甲五金", "导入测试乙建材"} <= names(ledger)
    [batch] = wizard.batches(ledger)
    assert batch["id"] == str(report.batch_id) and batch["kind"] == "customer"
    assert batch["file"] == "老客户.xlsx" and batch["sheet"] == "客户"
    assert batch["state"] == "applied" and batch["counts"]["new"] == 2

    wizard.undo(ledger, batch["id"])
    assert not {"导入测试甲五金", "导入测试乙建材"} & names(ledger)
    [batch] = wizard.batches(ledger)
    assert batch["state"] == "undone" and "undo" not in batch["counts"]


def test_the_users_header_row_and_kind(ledger: Any, tmp_path: Path) -> None:
    book = wizard.read(customers_book(tmp_path / "c.xlsx"))
    wrong = wizard.analyse(book, "customer", header_index=3)  # a data row as the header
    assert wrong.table.header_row == 4 and wrong.detected_header == 2
    assert wrong.mapping is not None and "name" not in wrong.mapping.fields
    assert "name" in [f.name for f in wizard.missing_required(wrong, wrong.mapping)]
    right = wizard.analyse(book, None, header_index=2)
    assert (right.kind, right.table.header_row) == ("customer", 3)
    supplier = wizard.analyse(book, "supplier")
    assert supplier.kind == "supplier" and supplier.mapping is not None
    assert supplier.mapping.kind == "supplier"


def test_a_changed_mapping_is_remembered_for_the_same_headers(ledger: Any, tmp_path: Path) -> None:
    first = wizard.analyse_saved(
        ledger, wizard.read(customers_book(tmp_path / "一月.xlsx", [("映射甲", "021-1", 10)]))
    )
    assert first.mapping is not None
    partial = wizard.chosen_mapping(first, {"name": 0})
    assert (partial.kind, partial.headers, partial.unmapped) == (
        "customer",
        ["客户名称", "联系电话", "期初应收"],
        [1, 2],
    )
    mapping = wizard.chosen_mapping(first, {"name": 0, "mobile": 1, "opening_receivable": 2})
    assert mapping.unmapped == []
    first.source = "user"
    report, _changes = wizard.commit(ledger, wizard.Plan(first, mapping, ImportOptions()))
    assert report.batch_id is not None

    again = wizard.analyse_saved(
        ledger, wizard.read(customers_book(tmp_path / "二月.xlsx", [("映射乙", "021-2", 20)]))
    )
    assert again.source == "saved"
    assert again.mapping is not None and again.mapping.fields == mapping.fields
    assert wizard.analyse(again.book).source == "auto"  # without the ledger's memory


def test_unrecognised_sheet_and_ambiguous_dates(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "杂项"
    wb.active.append(["甲", "乙"])
    wb.active.append([1, 2])
    wb.save(tmp_path / "杂项.xlsx")
    analysis = wizard.analyse(wizard.read(tmp_path / "杂项.xlsx"))
    assert analysis.kind is None and analysis.mapping is None
    assert wizard.ambiguous_dates(analysis) == []
    problem = wizard.unrecognised(analysis.book)
    assert problem.code == "unrecognised" and "杂项" in str(problem)

    wb = Workbook()
    wb.active.append(["日期", "收款单号", "客户名称", "金额"])
    for n, day in enumerate(["01/02/2024", "03/04/2024"], start=1):
        wb.active.append([day, f"SK{n:03d}", "日期测试客户", 100])
    wb.save(tmp_path / "收款.xlsx")
    analysis = wizard.analyse(wizard.read(tmp_path / "收款.xlsx"), "payment")
    assert wizard.ambiguous_dates(analysis) == analysis.ambiguous_dates == ["date"]
    customers = wizard.analyse(wizard.read(customers_book(tmp_path / "c.xlsx")))
    assert customers.kind == "customer" and customers.ambiguous_dates == []  # no date field


def test_the_date_order_is_asked_only_when_the_column_cannot_tell(
    ledger: Any, tmp_path: Path
) -> None:
    """ISO dates need no order; 04-30-22 settles month first for the whole column (its
    04-05-22 too), which the preview then reads without asking."""
    for days, asked in ((["2024-01-02", "2024-03-04"], []), (["04-30-22", "04-05-22"], [])):
        wb = Workbook()
        wb.active.append(["日期", "收款单号", "客户名称", "金额"])
        for n, day in enumerate(days, start=1):
            wb.active.append([day, f"SK{n:03d}", "日期测试客户", 100])
        path = tmp_path / f"收款{days[0]}.xlsx"
        wb.save(path)
        analysis = wizard.analyse(wizard.read(path), "payment")
        assert analysis.ambiguous_dates == asked
    assert analysis.mapping is not None
    plan = wizard.Plan(analysis, analysis.mapping, ImportOptions())
    rows = plan.prepared().table.rows
    assert [str(r.get(analysis.mapping.fields["date"])) for r in rows] == [
        "2022-04-30",
        "2022-04-05",
    ]
