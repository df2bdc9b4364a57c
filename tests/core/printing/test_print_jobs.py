"""Print jobs end to end: PDFs of ledger documents, print counts, batches, bad input."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from desktop.printing import PAPERS, Paper, jobs, render_pdf
from desktop.printing.builders import build_document
from desktop.printing.pdfmerge import PdfCombiner
from desktop.services import documents, trade
from desktop.services.documents import LineInput
from desktop.services.firm import update_firm
from desktop.services.parties import update_party
from tests.core.printing.printing_ledger import set_up
from tests.core.printing.printing_pdftools import (
    fonts_embedded,
    needs_poppler,
    page_count,
    page_texts,
)
from tests.core.printing.printing_samples import sales_doc, statement_doc

pytestmark = needs_poppler
ALL_PAPERS = list(PAPERS.values())


def flat(text: str) -> str:
    """pdftotext spreads CJK with spaces; compare without any whitespace."""
    return "".join(text.split())


def count_of(ledger, number: str) -> int:
    with ledger.read() as s:
        return documents.get_document(s, number).print_count


@pytest.mark.parametrize("paper", ALL_PAPERS, ids=lambda p: p.key)
def test_every_kind_prints_on_every_paper(ledger, tmp_path: Path, paper: Paper) -> None:
    t = set_up(ledger)
    setup = jobs.printer_setup(ledger, paper)
    numbers = [t.quote, t.order, t.delivery, t.bill, t.receipt, t.purchase_order, t.goods_receipt]
    for number in numbers:
        out = tmp_path / f"{number}.pdf"
        done = jobs.print_document(ledger, number, out, setup, record=False)
        texts = page_texts(out)
        assert page_count(out) == done.pages == len(texts) == 1, number
        assert number in flat(texts[0])
        assert all(embedded for _, embedded in fonts_embedded(out))
    bill = flat(page_texts(tmp_path / f"{t.bill}.pdf")[-1])
    assert "价税合计：2,062.50" in bill and "人民币贰仟零陆拾贰元伍角" in bill
    receipt = flat(page_texts(tmp_path / f"{t.receipt}.pdf")[-1])
    assert t.bill in receipt and "人民币壹仟元整" in receipt
    for number in (t.delivery, t.bill):  # who receives the goods, and how to reach them
        text = flat(page_texts(tmp_path / f"{number}.pdf")[0])
        assert "联系人：李四" in text, (number, paper.key, text[:300])
        assert "13800001234" in text.replace(" ", ""), (number, paper.key)


def test_printing_counts_after_writing_and_marks_reprints(ledger, tmp_path: Path) -> None:
    t = set_up(ledger)
    first = jobs.print_document(ledger, t.bill, tmp_path / "1.pdf")
    assert (first.print_count, first.reprint) == (1, False)
    assert "补打" not in flat(page_texts(tmp_path / "1.pdf")[0])
    second = jobs.print_document(ledger, t.bill, tmp_path / "2.pdf")
    assert (second.print_count, second.reprint) == (2, True)
    assert "补打（第2次打印）" in flat(page_texts(tmp_path / "2.pdf")[0])
    assert count_of(ledger, t.bill) == 2
    jobs.print_document(ledger, t.bill, tmp_path / "preview.pdf", record=False)
    assert count_of(ledger, t.bill) == 2


def test_a_failed_print_writes_nothing_and_counts_nothing(ledger, tmp_path: Path) -> None:
    t = set_up(ledger)
    with pytest.raises(jobs.PrintError, match="保存位置不存在"):
        jobs.print_document(ledger, t.bill, tmp_path / "missing" / "x.pdf")
    assert count_of(ledger, t.bill) == 0
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"old")
    with pytest.raises(ValueError):  # a broken render leaves the old file alone
        jobs.write_pdf(
            sales_doc(1, columns=[]), target, jobs.PrinterSetup(PAPERS["a4"], jobs.Offset())
        )
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if "pdf" in p.name] == ["keep.pdf"]


def test_page_totals_and_last_page_totals_match_the_document(ledger, tmp_path: Path) -> None:
    t = set_up(ledger)
    lines = [LineInput("000123", 1 + i % 7, "箱", "20.40") for i in range(60)]
    with ledger.unit() as uow:
        bill = documents.create_draft(uow, "sales_bill", t.customer, lines, date(2026, 10, 9))
        trade.post(uow, bill.id)
        number, total = bill.number, bill.total
    for paper in ALL_PAPERS:
        out = tmp_path / f"{paper.key}.pdf"
        done = jobs.print_document(
            ledger, number, out, jobs.printer_setup(ledger, paper), record=False
        )
        texts = page_texts(out)
        assert done.pages == len(texts) > 1
        for i, text in enumerate(texts, start=1):
            assert f"第{i}页/共{done.pages}页" in flat(text)
        last_with_totals = flat(texts[-1])
        assert f"价税合计：{total:,.2f}" in last_with_totals, paper.key
        assert "过次页" in flat(texts[0]) and "承前页" in flat(texts[1])


def test_printer_offset_and_rows_come_from_the_desk_settings(ledger) -> None:
    paper = jobs.paper_named("241x93")
    ledger.set_local_setting("print.offset.241x93", "1.5,-2")
    ledger.set_local_setting("print.rows.241x93", "5")
    setup = jobs.printer_setup(ledger, paper)
    assert (setup.offset.x_mm, setup.offset.y_mm) == (1.5, -2.0)
    assert setup.paper.rows_per_page == 5
    override = jobs.printer_setup(ledger, paper, offset_x=0, rows=4)
    assert (override.offset.x_mm, override.offset.y_mm) == (0.0, -2.0)
    assert override.paper.rows_per_page == 4
    ledger.set_local_setting("print.offset.241x93", "左边一点")
    assert jobs.printer_setup(ledger, paper).warnings
    with pytest.raises(Exception, match="纸张"):
        jobs.paper_named("a3")


def test_bad_input_gives_a_correct_pdf(ledger, tmp_path: Path) -> None:
    t = set_up(ledger)
    long_name = "广东省佛山市南海区桂城街道" * 8 + "五金建材经营部"
    with ledger.unit() as uow:
        update_firm(uow, logo_path=str(tmp_path / "no-logo.png"), address="", bank="")
        update_party(uow, t.customer, invoice_address="南海大道北" * 30)
        update_party(uow, t.customer, name=long_name)
        empty = documents.create_draft(uow, "quote", t.customer, [])
        number = empty.number
    for paper in ALL_PAPERS:
        out = tmp_path / f"empty_{paper.key}.pdf"
        done = jobs.print_document(
            ledger, number, out, jobs.printer_setup(ledger, paper), record=False
        )
        text = flat("".join(page_texts(out)))
        assert "(无明细)" in text and number in text
        if not paper.continuous:
            assert any("标志图片" in w for w in done.warnings)
            assert long_name in text  # wrapped, never cut on cut sheets


def test_statement_job_and_cancelled_batch(ledger, tmp_path: Path) -> None:
    set_up(ledger)
    one = jobs.print_statement(
        ledger, "张三五金店", date(2026, 10, 1), date(2026, 10, 31), tmp_path / "dz.pdf"
    )
    assert (one.opening, one.closing, one.lines) == (0, 1062.5, 2)
    text = flat("".join(page_texts(tmp_path / "dz.pdf")))
    assert "期末余额大写：人民币壹仟零陆拾贰元伍角" in text
    out = tmp_path / "batch"
    result = jobs.print_statements(
        ledger, date(2026, 10, 1), date(2026, 10, 31), out, cancel=lambda: True
    )
    assert result.cancelled and result.count == 0 and list(out.iterdir()) == []
    nothing = jobs.print_statements(ledger, date(2020, 1, 1), date(2020, 1, 31), tmp_path / "e")
    assert nothing.count == 0 and nothing.combined is None


def test_combiner_joins_multi_page_pdfs(tmp_path: Path) -> None:
    parts = []
    for doc in (sales_doc(3), statement_doc(120), sales_doc(40)):
        buf = io.BytesIO()
        render_pdf(doc, buf)
        parts.append(buf.getvalue())
    out = tmp_path / "all.pdf"
    with out.open("wb") as fh:
        joiner = PdfCombiner(fh, "合并")
        pages = [joiner.add(p, f"第{i}份") for i, p in enumerate(parts)]
        joiner.close()
    assert page_count(out) == sum(pages) > 4
    texts = page_texts(out)
    assert "销售单" in flat(texts[0]) and "对账单" in flat(texts[pages[0]])
    assert all(embedded for _, embedded in fonts_embedded(out))
    with pytest.raises(ValueError):
        PdfCombiner(io.BytesIO()).add(b"not a pdf")


def test_build_document_for_a_statement_party_by_code(ledger) -> None:
    set_up(ledger)
    from desktop.printing.builders import build_statement

    with ledger.read() as s:
        st, doc = build_statement(s, "C-A-0001", date(2026, 11, 1), date(2026, 11, 30))
        assert st.lines == [] and st.opening == st.closing == doc.totals[-1].value
        assert doc.rows == [] and doc.empty_text == "（本期无往来发生额）"
        with pytest.raises(Exception, match="对账期间"):
            build_statement(s, "C-A-0001", date(2026, 11, 30), date(2026, 11, 1))
        assert build_document(s, "XS-A-2610-0001").title == "销售单"
