"""Keys come from one public UUIDv7 generator: time-ordered, bulk and single alike."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.ids import new_hex, new_id
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.models import Document, DocumentLine, Party
from tests.core.importing.history_files import ROWS, history_xlsx
from tests.helpers import customer


def test_keys_are_version_7_and_stdlib_uuids() -> None:
    key = new_id()
    assert isinstance(key, uuid.UUID)
    assert key.version == 7 and key.variant == uuid.RFC_4122
    h = new_hex()
    assert len(h) == 32 and uuid.UUID(hex=h).version == 7


def test_bulk_and_single_keys_sort_in_the_order_they_were_made() -> None:
    made = []
    for i in range(60_000):  # many per millisecond: the counter keeps them in order
        made.append(new_hex() if i % 7 else new_id().hex)
    after = new_id()
    assert made == sorted(made) and len(set(made)) == len(made)
    assert after.hex > made[-1]


def test_a_big_batch_does_not_push_the_clock_ahead() -> None:
    """The old bulk generator moved the time field on by one millisecond per key (a
    700,000-line import made keys 12 minutes in the future)."""
    for _ in range(60_000):
        last = new_hex()
    key_ms = int(last[:12], 16)
    assert key_ms <= time.time_ns() // 1_000_000 + 1_000


def test_imported_rows_sort_before_what_is_made_after(ledger: Any, tmp_path: Path) -> None:
    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.counts["new"]
    later = customer(ledger, "导入之后")
    with ledger.read() as s:
        docs = list(s.scalars(select(Document.id)))
        lines = list(s.scalars(select(DocumentLine.id)))
        parties = [p for p in s.scalars(select(Party.id)) if p != later]
    imported = [*docs, *lines, *parties]
    assert imported and all(k.version == 7 for k in imported)
    assert max(k.hex for k in imported) < later.hex
