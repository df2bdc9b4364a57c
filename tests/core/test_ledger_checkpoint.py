"""A big write can leave its pages in the write-ahead log; the copy into the file comes later."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.services.ledger import Ledger

ROWS = 3000  # about 6 MB of settings rows: well over SQLite's 1000-page automatic checkpoint


def _write_many(ledger: Ledger, checkpoint_later: bool, fail: bool = False) -> None:
    with ledger.unit(checkpoint_later=checkpoint_later) as uow:
        uow.session.execute(
            text("INSERT INTO local_setting (key, value) VALUES (:k, :v)"),
            [{"k": f"bulk{i}", "v": "x" * 2000} for i in range(ROWS)],
        )
        if fail:
            raise RuntimeError("stop")


def _autocheckpoint(ledger: Ledger) -> int:
    with ledger.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() or 0)


def test_a_big_commit_leaves_the_copy_for_later(ledger: Ledger, ledger_path: Path) -> None:
    before = ledger_path.stat().st_size
    _write_many(ledger, checkpoint_later=True)
    assert ledger_path.stat().st_size == before  # everything is still in the log
    with ledger.read() as session:
        assert (
            session.execute(
                text("SELECT count(*) FROM local_setting WHERE key LIKE 'bulk%'")
            ).scalar()
            == ROWS
        )
    assert _autocheckpoint(ledger) == 1000  # the next ordinary commit would copy it
    assert ledger.checkpoint() is True
    assert ledger_path.stat().st_size > before + ROWS * 2000


def test_an_ordinary_big_commit_copies_at_once(ledger: Ledger, ledger_path: Path) -> None:
    before = ledger_path.stat().st_size
    _write_many(ledger, checkpoint_later=False)
    assert ledger_path.stat().st_size > before + ROWS * 2000


def test_a_failed_big_write_leaves_nothing_and_restores_the_setting(ledger: Ledger) -> None:
    with pytest.raises(RuntimeError):
        _write_many(ledger, checkpoint_later=True, fail=True)
    with ledger.read() as session:
        assert (
            session.execute(
                text("SELECT count(*) FROM local_setting WHERE key LIKE 'bulk%'")
            ).scalar()
            == 0
        )
    assert _autocheckpoint(ledger) == 1000


def test_closing_the_ledger_copies_the_log(ledger_path: Path) -> None:
    ledger = Ledger.open(ledger_path)
    before = ledger_path.stat().st_size
    _write_many(ledger, checkpoint_later=True)
    ledger.close()
    assert ledger_path.stat().st_size > before + ROWS * 2000
    assert not Path(f"{ledger_path}-wal").exists()


# --- a bulk write whose references are checked at commit (``new_row_refs``) ---------------

_LINE = (
    "INSERT INTO document_line (id, document_id, line_no, product_id, unit, unit_factor, qty, "
    "unit_price, discount_rate, tax_rate, net_amount, tax_amount, total_amount, notes) "
    "VALUES (:id, :doc, 1, :product, '个', 10000, 10000, 100, 0, 0, 100, 0, 100, '')"
)


def _dangling_line(uow: object, doc: str = "0" * 32, product: str = "f" * 32) -> None:
    from desktop.ids import new_hex

    uow.session.execute(text(_LINE), {"id": new_hex(), "doc": doc, "product": product})  # type: ignore[attr-defined]


def test_rows_pointing_at_nothing_stop_the_commit(ledger: Ledger) -> None:
    """Foreign keys are off inside the unit (an import's lines go in before their bills:
    ``test_history_early_lines``), but a row added that still points at nothing when the
    unit ends stops the commit, as SQLite would have stopped the insert; nothing is
    written."""
    from sqlalchemy.exc import IntegrityError

    unit = ledger.unit(checkpoint_later=True, refs_checked_at_commit=True)
    with pytest.raises(IntegrityError, match="document_line"), unit as uow:
        _dangling_line(uow)
    with ledger.read() as session:
        assert session.execute(text("SELECT count(*) FROM document_line")).scalar() == 0
    # the next unit checks every insert again
    with pytest.raises(IntegrityError), ledger.unit(checkpoint_later=True) as uow:
        _dangling_line(uow)


def test_the_check_needs_a_unit_that_copies_later(ledger: Ledger) -> None:
    with pytest.raises(ValueError), ledger.unit(refs_checked_at_commit=True):
        pass
