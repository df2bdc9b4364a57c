"""History compaction and starting over (resync), and a refresh whose answer was lost, over
the real server process: ``zhangfang-server compact`` raises the horizon, a desk that was
away past it is told ``resync_required``, downloads the firm's ledger and keeps its unsent
changes; a desk retrying a refresh within the grace window goes on signed in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop.services import credit, documents
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.sync.engine import SyncEngine
from desktop.sync.resync import resync
from tests.e2e.harness import ROOT, Desk, ServerProcess, cli_login, fresh_ledger, names, zhangfang
from tests.e2e.test_e2e_desks import add, cli_sync
from tests.helpers import D, customer, product

ON = date(2026, 12, 1)


def compact(server: ServerProcess, *more: str) -> subprocess.CompletedProcess[str]:
    """``zhangfang-server compact`` on the running server's data folder."""
    done = subprocess.run(
        [sys.executable, "-m", "marketplace", "compact", "--data", str(server.data), *more],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done


def horizon(server: ServerProcess, firm: str) -> tuple[int, int, int]:
    """(horizon, change_seq, change-log rows) of the firm."""
    ((h, seq, rows),) = server.db(
        "SELECT horizon, change_seq, (SELECT count(*) FROM change c WHERE c.firm_id = firm.id) "
        "FROM firm WHERE code = :code",
        code=firm,
    )
    return int(h), int(seq), int(rows)


def test_a_desk_away_past_the_horizon_starts_over_from_the_firms_ledger_keeping_its_changes(
    shared_server: ServerProcess, firm: str, desks: Any, _template_ledger: Path, tmp_path: Path
) -> None:
    url = shared_server.url
    away = fresh_ledger(_template_ledger, tmp_path / "away" / "books.zhangfang")
    cli_login(away, url, "出差的电脑", firm)
    b: Desk = desks(url, "柜台二", firm=firm)
    b.add_customers("甲商行")
    b.sync()
    assert cli_sync(away).returncode == 0
    add(away, "乙商行")  # made while away, not sent
    b.add_customers(*[f"客户{n}" for n in range(10)])
    b.sync()
    # the desk that was away counts as gone (not seen within the days kept: 0 here)
    compact(shared_server, "--keep-days", "0")
    h, seq, rows = horizon(shared_server, firm)
    assert h == seq and rows == 0
    done = cli_sync(away)
    assert done.returncode == 0, done.stderr
    assert "从商号账本重新开始" in done.stdout and "原来的账本保存在" in done.stdout
    assert "Traceback" not in done.stderr
    # its change arrived, and it holds the firm's books
    expected = {"甲商行", "乙商行", *[f"客户{n}" for n in range(10)]}
    assert names(shared_server.ledger_rows("SELECT name FROM party", firm=firm)) == expected
    opened = Ledger.open(away)
    try:
        with opened.read() as session:
            assert {r[0] for r in session.execute(text("SELECT name FROM party"))} == expected
            pending = session.execute(
                text("SELECT count(*) FROM outbox WHERE state = 'pending'")
            ).scalar()
            assert pending == 0
    finally:
        opened.close()
    assert b.sync().applied == 1  # 乙商行
    state = json.loads(
        zhangfang("sync", "--status", "--json", "--ledger", str(away), stdin="").stdout
    )
    assert state["state"] == "online" and state["cursor"] >= seq
    # the ledger as it was is kept
    kept = [line for line in done.stdout.splitlines() if "原来的账本保存在" in line]
    assert Path(kept[0].split("原来的账本保存在 ")[1].strip()).exists()


def test_unsent_changes_are_applied_again_after_starting_over_and_one_that_no_longer_fits_is_kept_back(
    shared_server: ServerProcess, firm: str, desks: Any
) -> None:
    a: Desk = desks(shared_server.url, "柜台一", firm=firm)
    b: Desk = desks(shared_server.url, "柜台二", firm=firm)
    zhang = customer(a.ledger)
    product(a.ledger, code="0042", name="六角螺栓 M8")
    with a.ledger.unit() as uow:
        draft = documents.create_draft(
            uow, "sales_order", zhang, [LineInput("0042", D("2"), "个", "10")], ON
        )
    a.sync()
    b.sync()
    with b.ledger.unit() as uow:  # B cancels the draft
        documents.cancel(uow, draft.id, "客户不要了")
    b.add_customers("丙商行")
    b.sync()
    with a.ledger.unit() as uow:  # A, not synced, confirms it and adds a customer
        credit.confirm_order(uow, draft.id, as_of=ON)
    a.add_customers("乙商行")
    with a.ledger.read() as session:
        found = session.execute(text("SELECT id, seq FROM outbox WHERE state = 'pending'"))
        before = {ident: seq for ident, seq in found}
    compact(shared_server, "--keep-days", "0")
    a.engine.stop()
    ledger, done = resync(a.ledger, a.client)
    a.ledger = ledger
    assert (done.carried, done.refused) == (1, 1) and done.kept is not None and done.kept.exists()
    with ledger.read() as session:
        rows = {
            ident: (seq, state)
            for ident, seq, state in session.execute(text("SELECT id, seq, state FROM outbox"))
        }
        # the unsent changes kept their own numbers; the customer is here, not yet sent
        assert {ident: rows[ident][0] for ident in before} == before
        assert sorted(state for _, state in rows.values() if state != "applied") == [
            "pending",
            "rejected",
        ]
        assert session.execute(text("SELECT count(*) FROM party WHERE name = '乙商行'")).scalar()
        # the firm's ledger: B's customer and the cancelled order
        assert session.execute(text("SELECT count(*) FROM party WHERE name = '丙商行'")).scalar()
        status = session.execute(
            text("SELECT status FROM document WHERE number = :n"), {"n": draft.number}
        ).scalar()
        assert status == "cancelled"
    engine = SyncEngine(ledger, a.client, a.settings)
    a.engine = engine
    report = engine.sync_once()
    assert (report.pushed, report.rejected) == (1, 0)
    found = json.loads(zhangfang("conflicts", "--json", "--ledger", str(a.path), stdin="").stdout)
    (refused,) = found["rejected"]
    assert refused["intent"] == "sales_order.confirm" and str(done.kept) in refused["reason_zh"]
    assert b.sync().applied == 1
    assert names(b.rows("SELECT name FROM party WHERE name = '乙商行'")) == {"乙商行"}
    # a new change numbers on after the kept ones: the server takes it
    a.add_customers("丁商行")
    assert engine.sync_once().pushed == 1
    assert b.sync().applied == 1


def test_a_refresh_whose_answer_was_lost_is_retried_within_the_grace_and_the_desk_goes_on(
    shared_server: ServerProcess, firm: str, desks: Any, proxies: Any
) -> None:
    proxy = proxies(shared_server)
    a: Desk = desks(proxy.url, "柜台一", firm=firm)
    proxy.add("/api/v1/auth/refresh", "drop")  # the server rotates; the desk never hears
    a.client.refresh()
    assert proxy.counts["/api/v1/auth/refresh"] == 2
    a.add_customers("甲商行")
    assert a.sync().pushed == 1
    reasons = shared_server.db(
        "SELECT t.revoked_reason FROM refresh_token t JOIN desk d ON d.id = t.desk_id "
        "JOIN firm f ON f.id = d.firm_id WHERE f.code = :code ORDER BY t.issued_at",
        code=firm,
    )
    assert sorted(str(r) for (r,) in reasons) == ["None", "None", "replaced"]
