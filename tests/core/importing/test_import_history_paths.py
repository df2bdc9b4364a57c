"""History imports: the integer fast path against the row path on random files, discounts,
deferred indexes in bulk writes, and the wizard's progress and Cancel."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import prepare, run_import
from desktop.models import Document, Party, Product
from desktop.services.checks import run_checks
from tests.core.importing.history_files import ROWS, classic_commit, classic_outcomes, history_xlsx
from tests.helpers import customer, product, supplier


def _random_history(seed: int, lines: int, who: str = "客户") -> list[list[Any]]:
    """A messy sales history: multi-line bills, rows without numbers (some identical), pack
    units, unknown units, zero quantities, prices from amounts, odd decimals, disagreeing
    amounts, tax rates, a bill whose later line has another date, new customers/products."""
    import random

    rnd = random.Random(seed)
    rows: list[list[Any]] = [
        [
            "单号",
            "日期",
            f"{who}编码",
            f"{who}名称",
            "商品编码",
            "商品名称",
            "单位",
            "数量",
            "单价",
            "金额",
            "税率",
            "业务员",
            "备注",
            "折扣",
        ]
    ]
    parties = [
        ("K1", "甲公司"),
        ("K2", "乙公司"),
        ("K7", "新客户七"),
        ("", "无编码客户"),
        ("", ""),  # a walk-in sale (sales), a missing supplier (purchases)
        ("8801", ""),  # known only by an ID
    ]
    goods = [("000123", "螺丝 M6"), ("000124", "螺母 M6"), ("000777", "新商品"), ("", "无码商品")]
    n = 0
    while n < lines:
        # some numbers are invoices, some cancel one of them (C prefix, see history_returns)
        number = rnd.choice([f"S{rnd.randrange(60)}", f"{rnd.randrange(40)}", None, None])
        back = rnd.random() < 0.1  # a cancellation: its quantities negative
        if back and number and number[0] != "S":
            number = "C" + number
        day = date(2024, 1, 1 + rnd.randrange(20))
        pcode, pname = rnd.choice(parties)
        for _ in range(rnd.choice([1, 1, 2, 3])):
            code, name = rnd.choice(goods)
            unit = rnd.choice(["个", "个", "箱", None, "盒"])
            qty: Any = rnd.choice([1, 2, 10, 0, 1.5, 1.23456, 3, "2"])
            if back or rnd.random() < 0.03:  # a cancellation, or one line taken back
                qty = -float(qty)
            price: Any = rnd.choice([2, 2.5, 0.333, 1.2345678, None, "¥3.10"])
            amount: Any = rnd.choice([None, "match", "match", 99])
            if amount == "match":
                q = float(qty)
                amount = round(q * float(str(price).strip("¥")), 2) if price is not None else q
            rate = rnd.choice([None, None, "13%", 0.09, 0])
            when = day if rnd.random() > 0.05 else date(2024, 2, 1)
            rows.append(
                [
                    number,
                    when,
                    pcode,
                    pname,
                    code,
                    name,
                    unit,
                    qty,
                    price,
                    amount,
                    rate,
                    rnd.choice(["王五", None, "\u3000"]),  # spaces only: blank
                    rnd.choice(["", "加急", " \u3000 "]),
                    rnd.choice([None, None, 1, 0, "9折", 0.9, "10%", 0.1, "95折", "x", 1.5]),
                ]
            )
            n += 1
        if rnd.random() < 0.03:  # a row of spaces only: a blank row inside the data
            rows.append(["\u3000", None, " \u3000", None, "\u3000"])
    return rows


def _line_figures(ledger: Any) -> list[tuple[Any, ...]]:
    from desktop.models import DocumentLine

    with ledger.read() as s:
        return sorted(
            (
                d.external_ref,
                d.doc_date,
                d.total,
                d.notes,
                d.salesperson,
                ln.line_no,
                ln.unit,
                ln.unit_factor,
                ln.qty,
                ln.unit_price,
                ln.tax_rate,
                ln.net_amount,
                ln.tax_amount,
                ln.total_amount,
            )
            for d, ln in s.execute(
                select(Document, DocumentLine).join(
                    DocumentLine, DocumentLine.document_id == Document.id
                )
            )
        )


def _standing(ledger: Any) -> tuple[list[Any], list[Any]]:
    """Balances by party name and stock by product code (ids differ between twin ledgers)."""
    from desktop.models import PartyBalance, StockBalance

    with ledger.read() as s:
        balances = s.execute(
            select(Party.name, PartyBalance.account, PartyBalance.balance).join(
                Party, Party.id == PartyBalance.party_id
            )
        ).all()
        stock = s.execute(
            select(Product.code, StockBalance.qty, StockBalance.value).join(
                Product, Product.id == StockBalance.product_id
            )
        ).all()
    return sorted(map(tuple, balances)), sorted(map(tuple, stock))


@pytest.mark.parametrize(
    ("kind", "posting", "reader"),
    [
        ("sales_history", {}, "here"),
        ("purchase_history", {"post_balances": True, "move_stock": True}, "here"),
        ("sales_history", {}, "process"),
    ],
)
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**20), walk_in=st.sampled_from([None, True, False]))
@example(seed=1, walk_in=None)
def test_streamed_fast_path_matches_row_path_on_random_files(
    ledger_path: Path,
    tmp_path_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    posting: dict[str, bool],
    reader: str,
    seed: int,
    walk_in: bool | None,
) -> None:
    """The streamed import works ordinary lines out on integers and sends the rest through
    the row path; on random messy files it must decide and write exactly what the
    whole-grid path does (also when a reader process reads and parses the file). The
    preview's counts, per-row outcomes and notices are what the import then does, and a
    second run finds every line unchanged."""
    import shutil

    from desktop.importing import parsed_stream, plan
    from desktop.importing.kinds.history_stream import HistoryStream
    from desktop.services.ledger import Ledger

    monkeypatch.setattr(plan, "CHUNK_ROWS", 64)  # several chunks: caches carried across
    if reader == "process":
        monkeypatch.setattr(parsed_stream, "READER_PROCESS_BYTES", 0)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    lines, row_path = HistoryStream._chunk_lines, HistoryStream._row_path
    taken = [0, 0]  # lines worked out on the plain path, all lines

    def counting(self: HistoryStream, parsed: Any) -> Any:
        out = lines(self, parsed)
        taken[0] += len(out)
        taken[1] += len(out)
        return out

    def slow(self: HistoryStream, parsed: Any, j: int) -> Any:
        taken[0] -= 1
        return row_path(self, parsed, j)

    monkeypatch.setattr(HistoryStream, "_chunk_lines", counting)
    monkeypatch.setattr(HistoryStream, "_row_path", slow)

    tmp_path = tmp_path_factory.mktemp("random")
    base_path = tmp_path / "base.zhangfang"
    shutil.copyfile(ledger_path, base_path)
    base = Ledger.open(base_path, actor="tester")
    party, who = (customer, "客户") if kind == "sales_history" else (supplier, "供应商")
    party(base, "甲公司", code="K1")
    party(base, "乙公司", code="K2")
    product(base, "000123", "螺丝 M6")
    product(base, "000124", "螺母 M6", tax_rate="0.06")
    base.close()
    # a fresh pair per file: created parties get other ids in each ledger
    paths = [tmp_path / "s.zhangfang", tmp_path / "c.zhangfang"]
    for copy in paths:
        shutil.copyfile(base_path, copy)
    streamed_ledger, classic_ledger = (Ledger.open(p, actor="tester") for p in paths)
    try:
        path = history_xlsx(tmp_path / "r.xlsx", _random_history(seed, 400, who))
        for options in (ImportOptions(walk_in=walk_in), ImportOptions(create_missing=True)):
            preview = run_import(streamed_ledger, path, kind=kind, dry_run=True, options=options)
            streamed = [(r.excel_row, r.outcome, r.reason("en")) for r in preview.rows]
            assert streamed == classic_outcomes(streamed_ledger, path, options, kind)
        options = ImportOptions(create_missing=True, walk_in=walk_in, **posting)
        preview = run_import(streamed_ledger, path, kind=kind, dry_run=True, options=options)
        said = [(r.excel_row, r.outcome, r.reason("en")) for r in preview.rows]
        report = run_import(streamed_ledger, path, kind=kind, backup=False, options=options)
        assert report.aborted is None
        # the preview told the truth: the same outcome and reason on every row, the same
        # counts and the same notices (walk-in, customers from IDs, rounding)
        assert [(r.excel_row, r.outcome, r.reason("en")) for r in report.rows] == said
        assert report.counts == preview.counts
        assert [n.en for n in report.notes] == [n.en for n in preview.notes]
        classic = classic_commit(classic_ledger, path, options, kind)
        assert report.counts == classic
        assert report.counts["new"] > 30 and report.counts["error"] > 10
        assert _line_figures(streamed_ledger) == _line_figures(classic_ledger)
        assert _standing(streamed_ledger) == _standing(classic_ledger)
        if posting:  # balances and stock did move, so the comparison says something
            assert all(_standing(streamed_ledger))
        with streamed_ledger.read() as s:
            assert run_checks(s) == []
        # a second run: every line imported is found, nothing is written
        before = _line_figures(streamed_ledger)
        for dry_run in (True, False):
            again = run_import(
                streamed_ledger, path, kind=kind, backup=False, options=options, dry_run=dry_run
            )
            assert again.counts["new"] == 0 and again.batch_id is None
            assert again.counts["unchanged"] == report.counts["new"]
            assert not again.notes
        assert _line_figures(streamed_ledger) == before
    finally:
        streamed_ledger.close()
        classic_ledger.close()
    # the integer path took its share (most random lines are odd on purpose)
    assert taken[0] > 50


def _indexes(ledger: Any) -> list[tuple[str, str]]:
    with ledger.read() as s:
        return sorted(
            s.connection()
            .exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
            .all()
        )


def _big_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.importing.kinds import bulk

    monkeypatch.setattr(bulk, "DEFER_INDEX_ROWS", 5)  # as if the file were big
    monkeypatch.setattr(bulk, "SLICE_DOCS", 3)  # several slices


def test_bulk_write_rebuilds_the_indexes_it_defers(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _big_enough(monkeypatch)
    before = _indexes(ledger)
    rows = [ROWS[0]] + [
        [
            f"X{i}",
            "2024-02-01",
            f"C{i % 3}",
            f"客户{i % 3}",
            f"P{i % 4}",
            f"商品{i % 4}",
            "个",
            1,
            2,
            2,
        ]
        for i in range(40)
    ]
    path = history_xlsx(tmp_path / "big.xlsx", rows)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.counts["new"] == 40
    assert _indexes(ledger) == before
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 40
        assert run_checks(s) == []


def test_bulk_write_error_rolls_everything_back_indexes_included(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.importing.kinds import bulk

    _big_enough(monkeypatch)
    monkeypatch.setattr(bulk.LINE, "sql", bulk.LINE.sql.replace("notes)", "no_such_column)"))
    before = _indexes(ledger)
    rows = [ROWS[0]] + [
        [f"X{i}", "2024-02-01", "C1", "客户1", "P1", "商品1", "个", 1, 2, 2] for i in range(20)
    ]
    path = history_xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises((OperationalError, sqlite3.OperationalError)):
        run_import(ledger, path, kind="sales_history", options=ImportOptions(create_missing=True))
    assert _indexes(ledger) == before
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert s.scalar(select(func.count()).select_from(Party)) == 0


def test_deferred_indexes_come_back_even_before_any_write(
    ledger: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sqlite3 driver opens a transaction only before a write: dropping the indexes as
    the first statement must still belong to the transaction a failure rolls back."""
    from desktop.importing.kinds import bulk

    _big_enough(monkeypatch)
    before = _indexes(ledger)
    with pytest.raises(RuntimeError), ledger.unit() as uow:
        conn = uow.session.connection()
        assert bulk.defer_indexes(conn, {"document": 10, "document_line": 10})
        raise RuntimeError("the import fails")
    assert _indexes(ledger) == before


@pytest.mark.parametrize(
    ("discount", "amount", "off", "total"),
    [
        (0.9, 90, "0.1", "90.00"),  # share paid, the amount agrees
        ("10%", 90, "0.1", "90.00"),  # share off, the amount agrees
        (0.1, 90, "0.1", "90.00"),
        (0.9, None, "0.1", "90.00"),  # no amount: more than half reads as the share paid
        (0.1, None, "0.1", "90.00"),  # ... and less as the share taken off
        ("9折", None, "0.1", "90.00"),
        ("95折", 95, "0.05", "95.00"),
        (0.9, 100, "0", "100.00"),  # the price already had it: the amount says so
        (1, None, "0", "100.00"),
        (0, None, "0", "100.00"),
    ],
)
def test_history_discounts_are_read_as_the_file_means_them(
    ledger: Any, tmp_path: Path, discount: Any, amount: Any, off: str, total: str
) -> None:
    from decimal import Decimal

    from desktop.models import DocumentLine

    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    rows = [
        ["单号", "日期", "客户名称", "商品编码", "数量", "单价", "折扣", "金额"],
        ["S1", "2024-01-05", "甲公司", "000123", 10, 10, discount, amount],
    ]
    report = run_import(ledger, history_xlsx(tmp_path / "d.xlsx", rows), kind="sales_history")
    assert report.counts["new"] == 1, report.summary("en")["rows"]
    assert not report.rows[0].notes
    with ledger.read() as s:
        line = s.scalars(select(DocumentLine)).one()
        assert line.discount_rate == Decimal(off)
        assert line.total_amount == Decimal(total)


def test_a_discount_nobody_can_read_is_a_row_error(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    rows = [
        ["单号", "日期", "客户名称", "商品编码", "数量", "单价", "折扣"],
        ["S1", "2024-01-05", "甲公司", "000123", 10, 10, "150"],
        ["S2", "2024-01-05", "甲公司", "000123", 10, 10, "0折"],
        ["S3", "2024-01-05", "甲公司", "000123", 10, 10, -1],
        ["S4", "2024-01-05", "甲公司", "000123", 10, 10, "打折"],
    ]
    report = run_import(ledger, history_xlsx(tmp_path / "d.xlsx", rows), kind="sales_history")
    assert report.counts["error"] == 4
    assert all("折扣" in r.reason("zh") for r in report.rows)


def test_wizard_path_reports_progress_per_chunk_and_can_stop(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big history file in the wizard: progress moves chunk by chunk during evaluation,
    and stopping there (the step raises) writes nothing."""
    from desktop.importing import plan
    from desktop.importing.plan import commit_prepared
    from tests.helpers import row_counts

    monkeypatch.setattr(plan, "CHUNK_ROWS", 3)
    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    rows = [ROWS[0]] + [
        [f"S{i}", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 2, 2]
        for i in range(12)
    ]
    prepared = prepare(history_xlsx(tmp_path / "p.xlsx", rows), "sales_history")
    seen: list[int] = []

    class Stop(Exception):
        pass

    def step(percent: int, _text: str = "") -> None:
        seen.append(percent)
        if percent >= 20:
            raise Stop

    before = row_counts(ledger)
    with pytest.raises(Stop):
        commit_prepared(ledger, prepared, ImportOptions(), backup=False, step=step)
    assert seen[0] == 5 and len(seen) >= 3 and seen == sorted(seen)
    assert row_counts(ledger) == before


@given(
    st.text(),
    st.text(),
    st.one_of(st.none(), st.text()),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.integers(0, 10_000),
)
def test_a_bills_audit_text_is_what_json_writes(
    number: str, reference: str, external_ref: str | None, total: Decimal, lines: int
) -> None:
    import json

    from desktop.importing.kinds.bulk import document_after_json

    after = {
        "kind": "sales_bill",
        "number": number,
        "reference": reference,
        "external_ref": external_ref,
        "status": "posted",
        "total": str(total),
        "lines": lines,
    }
    text = document_after_json(
        "sales_bill", number, reference, external_ref, "posted", total, lines
    )
    assert text == json.dumps(after, ensure_ascii=False)
    assert json.loads(text) == after
