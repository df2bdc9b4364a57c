"""The wizard's pipeline on a big history file: the first pages read only the first rows;
preview and import stream the file with the header row, mapping and date order the user
settled, and give what the whole-sheet path gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from desktop.importing import wizard as pipeline
from desktop.importing.kinds.base import ImportOptions
from desktop.services.ledger import Ledger
from tests.core.importing.history_files import ROWS, history_xlsx
from tests.core.importing.test_import_history_paths import (
    _line_figures,
    _random_history,
    _standing,
)
from tests.helpers import customer, product, row_counts


def _plan(path: Path, ledger: Any, big: bool, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Any:
    from desktop.importing import parsed_stream

    monkeypatch.setattr(pipeline, "STREAM_BYTES", 0 if big else 1 << 40)
    # as for a file of many MB: its first rows, and then its lines, come from a reader process
    monkeypatch.setattr(parsed_stream, "READER_PROCESS_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    book = pipeline.read(path)
    assert book.partial == big
    analysis = pipeline.analyse(book)
    assert analysis.kind == "sales_history" and analysis.mapping is not None
    plan = pipeline.Plan(analysis, analysis.mapping, ImportOptions(create_missing=True), **kw)
    assert plan.streamed == big
    return plan


def _recorder(steps: list[int]) -> Any:
    return lambda percent, _text="": steps.append(percent)


def _outcomes(report: Any) -> list[tuple[int, str, str]]:
    return [(r.excel_row, r.outcome, r.reason("zh")) for r in report.rows]


def test_big_history_file_previews_and_imports_as_the_whole_sheet_does(
    ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = Ledger.open(ledger_path, actor="tester")
    customer(base, "甲公司", code="K1")
    product(base, "000123", "螺丝 M6")
    base.close()
    path = history_xlsx(tmp_path / "big.xlsx", _random_history(4, 300))
    results = []
    for big in (True, False):
        copy = tmp_path / f"{big}.zhangfang"
        shutil.copyfile(ledger_path, copy)
        ledger = Ledger.open(copy, actor="tester")
        try:
            plan = _plan(path, ledger, big, monkeypatch)
            steps: list[int] = []
            preview = pipeline.preview(ledger, plan, _recorder(steps))
            size = copy.stat().st_size
            report, changes = pipeline.commit(ledger, plan)
            assert report.batch_id is not None and changes is not None
            if big:  # the import's pages were copied from the log into the file at once
                assert copy.stat().st_size > size
            assert steps == sorted(steps) and steps[-1] >= 85
            results.append(
                (
                    _outcomes(preview),
                    report.counts,
                    [(s.excel_row, s.reason) for s in report.skipped_rows],
                    _line_figures(ledger),
                    _standing(ledger),
                )
            )
        finally:
            ledger.close()
    assert results[0] == results[1]
    assert results[0][1]["new"] > 30 and results[0][1]["error"] > 10


def test_the_chosen_date_order_reads_the_streamed_file_too(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [ROWS[0]] + [
        [f"S{i}", f"0{1 + i % 9}-06-24", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 2, 2]
        for i in range(20)
    ]
    path = history_xlsx(tmp_path / "dates.xlsx", rows)
    plan = _plan(path, ledger, True, monkeypatch, date_order="day_first")
    assert "doc_date" in plan.analysis.ambiguous_dates
    report = pipeline.preview(ledger, plan)
    assert report.counts["error"] == 0 and report.counts["new"] == 20
    unordered = _plan(path, ledger, True, monkeypatch)
    assert pipeline.preview(ledger, unordered).counts["error"] == 20


def test_stopping_a_streamed_import_writes_nothing(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.importing import plan as plan_module

    monkeypatch.setattr(plan_module, "CHUNK_ROWS", 5)
    path = history_xlsx(tmp_path / "stop.xlsx", _random_history(5, 200))
    plan = _plan(path, ledger, True, monkeypatch)

    class Stop(Exception):
        pass

    def step(percent: int, _text: str = "") -> None:
        if percent >= 30:
            raise Stop

    before = row_counts(ledger)
    with pytest.raises(Stop):
        pipeline.commit(ledger, plan, step)
    assert row_counts(ledger) == before


def test_a_big_file_of_another_kind_is_read_whole_when_previewed(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["客户名称", "联系电话"])
    for i in range(150):
        ws.append([f"客户{i:03d}", f"138{i:08d}"])
    path = tmp_path / "customers.xlsx"
    wb.save(path)
    monkeypatch.setattr(pipeline, "STREAM_BYTES", 0)
    book = pipeline.read(path, None)
    assert book.partial and len(book.rows) < 151 and book.row_count == 151
    analysis = pipeline.analyse(book)
    assert analysis.kind == "customer" and analysis.mapping is not None
    plan = pipeline.Plan(analysis, analysis.mapping, ImportOptions())
    assert not plan.streamed
    report, _changes = pipeline.commit(ledger, plan)
    assert report.counts["new"] == 150
