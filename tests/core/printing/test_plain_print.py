"""One document printed without the ORM (``plain_print``) prints and records what the
full way (``jobs.print_document``) does: the same print data, layout and PDF text, the
same count and the same outbox row; what it cannot read plainly it leaves to the full way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.printing import PAPERS, jobs
from desktop.printing.builders import LINE_KINDS, build_for, build_with
from desktop.printing.layouts import pick_layout
from desktop.printing.plain_print import print_plain, read_document, read_firm
from desktop.services.documents import get_document
from desktop.services.print_layouts import get_layout, save_layout
from tests.core.printing.layout_samples import three_part
from tests.core.printing.printing_ledger import Trade, set_up
from tests.core.printing.printing_pdftools import needs_poppler, page_texts


def _numbers(t: Trade) -> list[str]:
    return [t.quote, t.order, t.delivery, t.bill, t.purchase_order, t.goods_receipt]


@pytest.mark.parametrize("paper", ["a4", "c241x93"])
@pytest.mark.parametrize("prices", [True, False])
def test_plain_rows_build_the_same_print_data(ledger, paper: str, prices: bool) -> None:
    t = set_up(ledger)
    on = PAPERS[paper]
    with ledger.read() as session, sqlite3.connect(ledger.path) as conn:
        firm = read_firm(conn)
        for number in _numbers(t):
            doc = get_document(session, number)
            plain = read_document(conn, number)
            assert plain is not None and plain.kind in LINE_KINDS
            full = build_for(session, doc, prices=prices, reprint_count=2, paper=on)
            mine = build_with(firm, plain, prices=prices, reprint_count=2, paper=on)  # type: ignore[arg-type]
            assert mine == full, number
            assert plain.print_count == doc.print_count


def test_a_saved_layout_is_picked_the_same_way(ledger) -> None:
    from desktop.printing.plain_print import _saved_layout

    with ledger.unit() as uow:
        save_layout(uow, three_part("sales_bill", "a4"))
    with ledger.read() as session, sqlite3.connect(ledger.path) as conn:
        for name in (None, "三联"):
            full = get_layout(session, "sales_bill", "a4", name)
            assert pick_layout("sales_bill", "a4", name, _saved_layout(conn)) == full
        assert get_layout(session, "sales_bill", "a4", "三联").name == "三联"


def _outbox(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT actor, intent, args, state, result, length(id), length(at) FROM outbox "
            "WHERE intent = 'document.print' ORDER BY seq"
        ).fetchall()


@needs_poppler
def test_a_plain_print_writes_and_records_what_the_full_one_does(ledger, tmp_path: Path) -> None:
    t = set_up(ledger)
    with ledger.unit() as uow:
        save_layout(uow, three_part("sales_bill", "a4"))
    ledger.set_local_setting("print.offset.a4", "2,-1.5")
    twin = tmp_path / "twin.zhangfang"
    with sqlite3.connect(ledger.path) as source, sqlite3.connect(twin) as copy:
        source.backup(copy)
    paper = PAPERS["a4"]
    for round_ in (1, 2):  # the second copy of each is marked 补打
        full_out, plain_out = tmp_path / f"full{round_}.pdf", tmp_path / f"plain{round_}.pdf"
        setup = jobs.printer_setup(ledger, paper)
        full = jobs.print_document(ledger, t.bill, full_out, setup, layout="三联")
        got = print_plain(twin, t.bill, plain_out, paper, layout="三联", actor=ledger.actor)
        assert got is not None
        plain, plain_setup = got
        with ledger.read() as session:
            data = build_for(session, get_document(session, t.bill), paper=setup.paper)
            assert plain_setup == jobs.laid_out(session, "sales_bill", data, setup, "三联")[1]
        assert (plain.number, plain.pages, plain.print_count, plain.reprint) == (
            full.number,
            full.pages,
            full.print_count,
            full.reprint,
        )
        assert page_texts(plain_out) == page_texts(full_out)
    assert plain.print_count == 2 and plain.reprint
    assert _outbox(twin) == _outbox(ledger.path)
    with sqlite3.connect(twin) as a, sqlite3.connect(ledger.path) as b:
        sql = "SELECT print_count, length(updated_at) FROM document WHERE number = ?"
        assert a.execute(sql, (t.bill,)).fetchone() == b.execute(sql, (t.bill,)).fetchone()


def test_what_it_cannot_read_plainly_goes_the_full_way(ledger, tmp_path: Path) -> None:
    t = set_up(ledger)
    paper = PAPERS["a4"]
    for number in (t.receipt, "XS-NO-SUCH-1"):  # a receipt reads its allocations
        out = tmp_path / "x.pdf"
        assert print_plain(Path(ledger.path), number, out, paper) is None
        assert not out.exists()
    with ledger.read() as session:
        assert get_document(session, t.receipt).print_count == 0
    assert _outbox(Path(ledger.path)) == []
    missing = tmp_path / "none.zhangfang"
    assert print_plain(missing, t.bill, tmp_path / "y.pdf", paper) is None
    assert not missing.exists()
