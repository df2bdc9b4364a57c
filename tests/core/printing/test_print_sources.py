"""What a print preview shows (desktop.printing.sources), without the window: a preview is
rendered and never counted; saving a document counts it; a statement and a finished file
are never counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from desktop.printing.sources import DocumentSource, FileSource, StatementSource
from desktop.services import documents
from tests.core.printing.printing_ledger import set_up
from tests.core.printing.printing_pdftools import needs_poppler, page_count, page_texts

pytestmark = needs_poppler


def _doc(ledger: Any, number: str) -> Any:
    with ledger.read() as s:
        return documents.get_document(s, number)


def test_a_document_previews_uncounted_and_saves_counted(ledger: Any, tmp_path: Path) -> None:
    trade = set_up(ledger)
    doc = _doc(ledger, trade.delivery)
    source = DocumentSource(doc.id, doc.number, doc.kind)
    assert source.prices_optional and source.default_name() == f"{doc.number}.pdf"
    assert not DocumentSource(doc.id, doc.number, "sales_bill").prices_optional

    shown = source.render(ledger, "a4", prices=False)
    assert shown.data.startswith(b"%PDF") and shown.pages >= 1 and shown.print_count == 0
    assert _doc(ledger, trade.delivery).print_count == 0

    kept = source.save(ledger, "a4", True, tmp_path / "kept.pdf", printed=False)
    assert (kept.print_count, kept.reprint) == (0, False)  # a PDF saved to keep is no print
    assert _doc(ledger, trade.delivery).print_count == 0
    first = source.save(ledger, "241x140", True, tmp_path / "one.pdf")
    assert (first.print_count, first.reprint) == (1, False)
    assert page_count(first.path) == first.pages
    again = source.save(ledger, "a4", True, tmp_path / "two.pdf")
    assert (again.print_count, again.reprint) == (2, True)
    assert source.render(ledger, "a4", True).print_count == 2  # the preview says 补打 is due


def test_a_statement_and_a_finished_file_are_never_counted(ledger: Any, tmp_path: Path) -> None:
    trade = set_up(ledger)
    source = StatementSource(
        trade.customer, "C0001", "张三/五金", date(2026, 10, 1), date(2026, 10, 31), "AR"
    )
    assert not source.counts and source.default_name().endswith("_20261001-20261031.pdf")
    assert "/" not in source.default_name()
    shown = source.render(ledger, "a4", True)
    assert shown.pages >= 1 and shown.print_count == 0
    saved = source.save(ledger, "a4", True, tmp_path / "dz.pdf")
    assert "对账单" in "".join("".join(page_texts(saved.path)).split())
    assert saved.print_count == 0

    finished = FileSource(saved.path, "合并")
    assert finished.fixed and finished.default_name() == "dz.pdf"
    assert finished.render(ledger, "a5", False).data == saved.path.read_bytes()
    copy = finished.save(ledger, "a4", True, tmp_path / "copy.pdf")
    assert copy.path.read_bytes() == saved.path.read_bytes()
    assert finished.save(ledger, "a4", True, saved.path).path == saved.path  # onto itself
    assert saved.path.read_bytes().startswith(b"%PDF")
