"""A streamed history's lines go in while the file is read, before their bills
(``history_stream_early``), in a unit whose references are checked at commit
(``new_row_refs``). What ends in the ledger is what the import decides, line for line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from desktop.importing import plan
from desktop.importing.kinds import history_stream_early
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.models import Document, DocumentLine
from desktop.services.checks import run_checks
from tests.core.importing.history_files import ROWS, history_xlsx

HEAD = ROWS[0]


def _line(number: str, day: int, qty: Any, code: str = "P1", customer: str = "K1") -> list[Any]:
    return [number, f"2024-03-{day:02d}", customer, f"客户{customer}", code, f"商品{code}", "个",
            qty, 2, None]  # fmt: skip


@pytest.fixture
def early_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Chunks of two rows (so a bill's first lines go in before its last ones are read);
    records how many lines each flush inserted."""
    monkeypatch.setattr(plan, "CHUNK_ROWS", 2)
    inserted: list[int] = []
    real = history_stream_early.EarlyLines.flush

    def flush(self: Any) -> None:
        inserted.append(len(self.pending))
        real(self)

    monkeypatch.setattr(history_stream_early.EarlyLines, "flush", flush)
    return inserted


def _line_indexes(ledger: Any) -> set[str]:
    query = "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='document_line'"
    with ledger.read() as s:
        return set(s.execute(text(query)).scalars())


def _books(ledger: Any) -> list[tuple[str, int, int]]:
    """Every bill's reference with its line count and the sum of its lines' quantities."""
    with ledger.read() as s:
        rows = s.execute(
            select(Document.reference, func.count(DocumentLine.id), func.sum(DocumentLine.qty))
            .join(DocumentLine, DocumentLine.document_id == Document.id)
            .group_by(Document.id)
            .order_by(Document.reference)
        ).all()
        assert run_checks(s) == []
        orphans = s.scalar(
            select(func.count())
            .select_from(DocumentLine)
            .where(~DocumentLine.document_id.in_(select(Document.id)))
        )
        assert orphans == 0
    return [(str(r), int(n), int(q)) for r, n, q in rows]


def test_lines_of_a_bill_found_bad_later_are_taken_out(
    ledger: Any, tmp_path: Path, early_writes: list[int]
) -> None:
    """B2's first lines go in early; a later line under the same number has another date, so
    the whole bill is left out, and its early lines with it. A return (all quantities
    negative) and a bill with one negative line come in whole."""
    rows = [HEAD]
    rows += [_line("B1", 1, 5), _line("B2", 2, 1), _line("B2", 2, 2), _line("B1", 1, 3)]
    rows += [_line("B3", 3, 4), _line("B3", 3, -1), _line("R1", 4, -2), _line("R1", 4, -1)]
    rows += [_line("B2", 9, 7)]  # B2 under another date: an error, the bill is left out
    path = history_xlsx(tmp_path / "h.xlsx", rows)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.counts["new"] == 6 and report.counts["error"] == 3
    assert sum(early_writes) >= 4, "no line went in early"
    # B3's negative line and the return's lines go in with their bills at the end
    assert _books(ledger) == [("B1", 2, 8), ("B3", 2, 3), ("R1", 2, 3)]


def test_a_second_run_writes_no_line_early(
    ledger: Any, tmp_path: Path, early_writes: list[int]
) -> None:
    rows = [HEAD, _line("B1", 1, 5), _line("B1", 1, 3), _line("B2", 2, 1), _line("B3", 3, 2)]
    path = history_xlsx(tmp_path / "h.xlsx", rows)
    options = ImportOptions(create_missing=True)
    first = run_import(ledger, path, kind="sales_history", options=options)
    assert first.counts["new"] == 4 and sum(early_writes) == 4
    before = _books(ledger)
    early_writes.clear()
    again = run_import(ledger, path, kind="sales_history", options=options)
    assert again.counts["unchanged"] == 4 and again.batch_id is None
    assert sum(early_writes) == 0 and _books(ledger) == before


def test_a_big_import_drops_the_line_indexes_and_builds_them_again(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.importing.kinds import bulk

    monkeypatch.setattr(history_stream_early, "DEFER_INDEX_ROWS", 3)
    monkeypatch.setattr(bulk, "DEFER_INDEX_ROWS", 3)
    dropped: list[list[str]] = []
    real = history_stream_early.defer_indexes

    def spy(conn: Any, adding: dict[str, int]) -> list[str]:
        dropped.append(real(conn, adding))
        return dropped[-1]

    monkeypatch.setattr(history_stream_early, "defer_indexes", spy)
    rows = [HEAD] + [_line(f"B{i}", 1 + i % 9, 1 + i) for i in range(12)]
    path = history_xlsx(tmp_path / "h.xlsx", rows)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.counts["new"] == 12
    assert dropped and any("document_line" in sql for sql in dropped[0])
    names = _line_indexes(ledger)
    assert {"ix_document_line_document_id", "ix_document_line_product_id"} <= names
    assert len(_books(ledger)) == 12


def test_a_failed_import_leaves_nothing_and_foreign_keys_on(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the bills fails after every line went in early: nothing stays, and the
    ledger's connections check foreign keys again afterwards."""
    from desktop.importing.kinds import bulk

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(bulk, "write_documents", broken)
    rows = [HEAD, _line("B1", 1, 5), _line("B2", 2, 1)]
    path = history_xlsx(tmp_path / "h.xlsx", rows)
    with pytest.raises(RuntimeError, match="disk gone"):
        run_import(ledger, path, kind="sales_history", options=ImportOptions(create_missing=True))
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(DocumentLine)) == 0
    for _ in range(3):  # whichever pooled connection a unit gets
        with ledger.unit(checkpoint_later=True) as uow:
            assert uow.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_failed_index_rebuild_stops_the_import(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The indexes are built again in a thread while the bills are checked; its failure is
    the import's: nothing is written."""
    from desktop.importing.kinds import bulk

    monkeypatch.setattr(history_stream_early, "DEFER_INDEX_ROWS", 3)
    monkeypatch.setattr(bulk, "DEFER_INDEX_ROWS", 3)
    real = history_stream_early.defer_indexes

    def dropped_and_one_broken(conn: Any, adding: dict[str, int]) -> list[str]:
        return [*real(conn, adding), "CREATE INDEX ix_broken ON no_such_table (x)"]

    monkeypatch.setattr(history_stream_early, "defer_indexes", dropped_and_one_broken)
    rows = [HEAD] + [_line(f"B{i}", 1 + i % 9, 1 + i) for i in range(6)]
    path = history_xlsx(tmp_path / "h.xlsx", rows)
    with pytest.raises(Exception, match="no_such_table"):
        run_import(ledger, path, kind="sales_history", options=ImportOptions(create_missing=True))
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(DocumentLine)) == 0
    assert "ix_document_line_product_id" in _line_indexes(ledger)  # the rollback restored it
