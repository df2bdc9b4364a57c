"""The windows' small reads (desktop.queries.lookups) and the printer setup they share with
the print jobs, without Qt."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.printing.jobs import paper_named, printer_setup, save_setup, saved_setup
from desktop.queries import db
from desktop.queries.lookups import (
    fapiao_number,
    firm_name,
    local_settings,
    needs_setup,
    pending_changes,
)
from desktop.services.fapiao import record_fapiao
from desktop.sync.outbox import pending_count
from tests.helpers import customer


def test_reads_through_the_plain_connection(ledger: Any) -> None:
    party = customer(ledger)
    with ledger.unit() as uow:
        fapiao = record_fapiao(
            uow,
            number="04412345",
            party=party,
            issue_date=date(2026, 11, 30),
            net_amount=Decimal(100),
            tax_amount=Decimal(13),
        )
    ledger.set_local_setting("print.offset.a4", "1,2")
    ledger.set_local_setting("print_other", "x")  # "_" is not a wildcard here
    ledger.set_local_setting("paper", "a5")
    conn = db.connect(ledger.path)
    try:
        assert firm_name(conn) == "上海测试商贸有限公司"
        assert fapiao_number(conn, fapiao.id) == "04412345"
        assert fapiao_number(conn, party) == ""
        with ledger.read() as session:
            assert pending_changes(conn) == pending_count(session) > 0
        assert local_settings(conn, "print.") == {"print.offset.a4": "1,2"}
    finally:
        conn.close()


def test_an_old_ledger_without_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.zhangfang"
    sqlite3.connect(path).close()
    assert needs_setup(path)  # empty file: nothing set up yet
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE firm (name TEXT)")
    conn.commit()
    try:
        assert firm_name(conn) == "" and local_settings(conn, "print.") == {}
        assert needs_setup(path)
        conn.execute("INSERT INTO firm VALUES ('甲')")
        conn.commit()
        assert firm_name(conn) == "甲" and not needs_setup(path)
    finally:
        conn.close()
    assert needs_setup(tmp_path / "missing.zhangfang")
    (tmp_path / "junk.zhangfang").write_bytes(b"not a database at all, not at all")
    assert not needs_setup(tmp_path / "junk.zhangfang")  # opening it says what is wrong


def test_the_dialog_and_the_print_read_the_same_setup(ledger: Any) -> None:
    a4, strip = paper_named("a4"), paper_named("241x93")
    assert saved_setup(ledger.local_setting, a4) == saved_setup(lambda _k: None, a4)
    save_setup(ledger, "241x93", 2.5, -1.0, 4)
    ledger.set_local_setting(f"print.offset.{strip.key}", "9,9")  # the short name wins
    got = saved_setup(ledger.local_setting, strip)
    assert (got.x, got.y, got.rows, got.warnings) == (2.5, -1.0, 4, ())
    setup = printer_setup(ledger, strip)
    assert (setup.offset.x_mm, setup.offset.y_mm, setup.paper.rows_per_page) == (2.5, -1.0, 4)

    save_setup(ledger, "241x93", 0, 0, 0)  # 0 rows: as many as fit
    assert saved_setup(ledger.local_setting, strip).rows is None
    ledger.set_local_setting("print.offset.a4", "left")
    ledger.set_local_setting("print.rows.a4", "many")
    bad = saved_setup(ledger.local_setting, a4)
    assert (bad.x, bad.y, bad.rows) == (0.0, 0.0, None) and len(bad.warnings) == 2
    assert printer_setup(ledger, a4).warnings == bad.warnings


def test_a_stored_id_reads_as_uuid_writes_it() -> None:
    import uuid

    from desktop.queries.db import dashed

    for _ in range(200):
        value = uuid.uuid4()
        assert dashed(value.hex) == str(value)
        assert dashed(str(value)) == str(value)
        assert dashed(value.hex.upper()) == str(value)
