"""Cancelled invoices in a sales history posted as the app posts bills (``--move-stock
--post-balances``) are returns made as the app makes a return against a bill: lines that
point at the bill's lines, no more taken back than the bill has left (billed less returned
before), the credit set against what the bill is owed. A cancellation whose bill is missing
stays an unlinked return; one taking back too much is an error on its row and writes
nothing. Re-runs change nothing. On the whole-sheet path and the streamed one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.cli.main import main
from desktop.models import Allocation, Document, DocumentLine
from desktop.services.ledger import Ledger
from desktop.services.receivables import open_amount
from desktop.services.trade import return_goods
from tests.core.importing.test_import_history_reruns import (
    RETAIL,
    _checked,
    _csv,
    _import,
    english,
    way,
)
from tests.replay import assert_same_books, replay_into_empty

__all__ = ["english", "way"]  # fixtures of the re-run tests: the same two paths

POSTING = ["--create-missing", "--move-stock", "--post-balances"]
BILL = [
    ["536365", "2010-12-01", "17850", "85123A", "WHITE HANGING HEART", 6, "2.55"],
    ["536365", "2010-12-01", "17850", "71053", "WHITE METAL LANTERN", 6, "3.39"],
]


def _returns(ledger: Path) -> list[dict[str, Any]]:
    """Each return: its number in the file, its bill's, the bill lines its lines take back
    (product code, quantity), what it set against its bill and what the bill still owes."""
    books = Ledger.open(ledger, actor="tester")
    out = []
    try:
        with books.read() as s:
            for doc in s.scalars(
                select(Document).where(Document.kind == "sales_return").order_by(Document.reference)
            ):
                bill = s.get(Document, doc.source_id) if doc.source_id else None
                taken = []
                for line in doc.lines:
                    source = (
                        s.get(DocumentLine, line.source_line_id) if line.source_line_id else None
                    )
                    assert source is None or source.document_id == doc.source_id
                    assert source is None or source.product_id == line.product_id
                    taken.append((line.product.code, line.qty, source is not None))
                credited = sum(
                    s.scalars(
                        select(Allocation.amount).where(Allocation.from_document_id == doc.id)
                    ),
                    Decimal(0),
                )
                out.append(
                    {
                        "number": doc.reference,
                        "bill": bill.reference if bill else None,
                        "lines": taken,
                        "credited": credited,
                        "owed": open_amount(s, bill.id) if bill else None,
                    }
                )
    finally:
        books.close()
    return out


def test_a_cancellation_of_an_invoice_in_the_same_file(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    rows = [*BILL, ["C536365", "2010-12-02", "17850", "85123A", "WHITE HANGING HEART", -2, "2.55"]]
    file = _csv(tmp_path / "retail.csv", rows, RETAIL)
    code, summary = _import(capsys, ledger_path, file, *POSTING, *way)
    assert code == 0 and summary["counts"]["new"] == 3, summary
    assert summary["notes"][-1] == (
        "1 documents with only negative quantities (cancelled invoices) are imported as "
        "sales returns, 1 linked to their bill."
    )
    assert _returns(ledger_path) == [
        {
            "number": "C536365",
            "bill": "536365",
            "lines": [("85123A", Decimal(2), True)],
            "credited": Decimal("5.10"),
            "owed": Decimal("35.64") - Decimal("5.10"),
        }
    ]
    _checked(capsys, ledger_path)
    code, again = _import(capsys, ledger_path, file, *POSTING, *way)
    assert again["counts"]["unchanged"] == 3 and again["batch"] is None
    assert len(_returns(ledger_path)) == 1


def test_a_cancellation_of_an_invoice_an_earlier_run_imported(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    earlier = _csv(tmp_path / "november.csv", BILL, RETAIL)
    assert _import(capsys, ledger_path, earlier, *POSTING, *way)[0] == 0
    rows = [["C536365", "2010-12-02", "17850", "71053", "WHITE METAL LANTERN", -6, "3.39"]]
    file = _csv(tmp_path / "december.csv", rows, RETAIL)
    code, summary = _import(capsys, ledger_path, file, *POSTING, *way)
    assert code == 0 and summary["counts"]["new"] == 1, summary
    assert _returns(ledger_path) == [
        {
            "number": "C536365",
            "bill": "536365",
            "lines": [("71053", Decimal(6), True)],
            "credited": Decimal("20.34"),
            "owed": Decimal("15.30"),
        }
    ]
    _checked(capsys, ledger_path)
    code, again = _import(capsys, ledger_path, file, *POSTING, *way)
    assert again["counts"]["unchanged"] == 1 and again["batch"] is None


def test_a_cancellation_whose_invoice_is_missing_stays_unlinked(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    rows = [*BILL, ["C536999", "2010-12-02", "17850", "71053", "WHITE METAL LANTERN", -1, "3.39"]]
    file = _csv(tmp_path / "retail.csv", rows, RETAIL)
    code, summary = _import(capsys, ledger_path, file, *POSTING, *way)
    assert code == 0 and summary["counts"]["new"] == 3, summary
    assert summary["notes"][-1] == (
        "1 documents with only negative quantities (cancelled invoices) are imported as "
        "sales returns, 0 linked to their bill; 1 name no bill found in the file or the "
        "ledger, unlinked: C536999."
    )
    assert _returns(ledger_path) == [
        {
            "number": "C536999",
            "bill": None,
            "lines": [("71053", Decimal(1), False)],
            "credited": Decimal(0),
            "owed": None,
        }
    ]
    _checked(capsys, ledger_path)
    code, again = _import(capsys, ledger_path, file, *POSTING, *way)
    assert again["counts"]["unchanged"] == 3 and again["batch"] is None


def test_a_cancellation_taking_back_more_than_was_billed_is_an_error_on_its_row(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    rows = [
        *BILL,
        ["C536365", "2010-12-02", "17850", "71053", "WHITE METAL LANTERN", -1, "3.39"],
        ["C536365", "2010-12-02", "17850", "85123A", "WHITE HANGING HEART", -7, "2.55"],
    ]
    file = _csv(tmp_path / "retail.csv", rows, RETAIL)
    _code, preview = _import(capsys, ledger_path, file, *POSTING, "--dry-run", *way)
    _code, summary = _import(capsys, ledger_path, file, *POSTING, *way)
    outcomes = {r["row"]: (r["outcome"], r["reason"]) for r in summary["rows"]}
    assert outcomes == {r["row"]: (r["outcome"], r["reason"]) for r in preview["rows"]}
    assert [outcomes[n][0] for n in (2, 3, 4, 5)] == ["new", "new", "error", "error"]
    assert "at most 6" in outcomes[5][1] and "returns 7" in outcomes[5][1]
    assert "Row 5" in outcomes[4][1]
    assert _returns(ledger_path) == []  # nothing of it written; the bill is
    _checked(capsys, ledger_path)


def test_what_was_returned_before_counts_as_the_app_counts_it(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    """A return made in the app against the imported bill leaves 2 of 6 lanterns."""
    earlier = _csv(tmp_path / "november.csv", BILL, RETAIL)
    assert _import(capsys, ledger_path, earlier, *POSTING, *way)[0] == 0
    books = Ledger.open(ledger_path, actor="tester")
    try:
        with books.unit() as uow:
            bill = uow.session.scalar(select(Document).where(Document.reference == "536365"))
            assert bill is not None
            lantern = next(x for x in bill.lines if x.product.code == "71053")
            return_goods(uow, bill.id, {lantern.id: Decimal(4)})
    finally:
        books.close()
    too_many = ["C536365", "2010-12-02", "17850", "71053", "WHITE METAL LANTERN", -3, "3.39"]
    file = _csv(tmp_path / "december.csv", [too_many], RETAIL)
    code, summary = _import(capsys, ledger_path, file, *POSTING, *way)
    assert summary["counts"]["error"] == 1 and "at most 2" in summary["rows"][0]["reason"]
    file = _csv(tmp_path / "december2.csv", [[*too_many[:5], -2, "3.39"]], RETAIL)
    code, summary = _import(capsys, ledger_path, file, *POSTING, *way)
    assert code == 0 and summary["counts"]["new"] == 1, summary
    made = [r for r in _returns(ledger_path) if r["number"] == "C536365"]
    assert made[0]["lines"] == [("71053", Decimal(2), True)]
    assert made[0]["owed"] == Decimal("35.64") - 6 * Decimal("3.39")
    _checked(capsys, ledger_path)


def test_a_cancellation_at_other_prices_is_linked_to_its_bill_only(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    rows = [*BILL, ["C536365", "2010-12-02", "17850", "85123A", "WHITE HANGING HEART", -1, "2.00"]]
    file = _csv(tmp_path / "retail.csv", rows, RETAIL)
    code, summary = _import(capsys, ledger_path, file, *POSTING, *way)
    assert code == 0 and summary["counts"]["new"] == 3, summary
    assert "1 of those do not match their bill's products, units or prices" in summary["notes"][-1]
    assert _returns(ledger_path) == [
        {
            "number": "C536365",
            "bill": "536365",
            "lines": [("85123A", Decimal(1), False)],
            "credited": Decimal(0),
            "owed": Decimal("35.64"),
        }
    ]
    code, again = _import(capsys, ledger_path, file, *POSTING, *way)
    assert again["counts"]["unchanged"] == 3 and again["batch"] is None


def test_the_returns_an_import_made_replay_on_another_copy_and_undo_with_it(
    capsys: Any, ledger_path: Path, tmp_path: Path
) -> None:
    """The desk's outbox (the bills, then each return as ``trade.return_goods`` records it)
    gives another copy the same books, before and after the import is undone."""
    earlier = _csv(tmp_path / "november.csv", [["536300", *BILL[1][1:]]], RETAIL)
    assert _import(capsys, ledger_path, earlier, *POSTING)[0] == 0
    rows = [
        *BILL,
        ["C536365", "2010-12-02", "17850", "85123A", "WHITE HANGING HEART", -2, "2.55"],
        ["C536300", "2010-12-02", "17850", "71053", "WHITE METAL LANTERN", -1, "3.39"],
    ]
    file = _csv(tmp_path / "retail.csv", rows, RETAIL)
    code, summary = _import(capsys, ledger_path, file, *POSTING)
    assert code == 0 and summary["counts"]["new"] == 4, summary
    assert [r["credited"] for r in _returns(ledger_path)] == [Decimal("3.39"), Decimal("5.10")]

    def replays(name: str) -> None:
        books = Ledger.open(ledger_path, actor="tester")
        try:
            replay_into_empty(books, tmp_path / name)
        finally:
            books.close()
        assert_same_books(ledger_path, tmp_path / name)

    replays("copy.zhangfang")
    assert main(["import", "--undo", summary["batch"], "--ledger", str(ledger_path)]) == 0
    capsys.readouterr()
    _checked(capsys, ledger_path)
    books = Ledger.open(ledger_path, actor="tester")
    try:
        with books.read() as s:
            kinds = select(Document.status).where(
                Document.kind == "sales_return", Document.reverses_id.is_(None)
            )
            assert sorted(s.scalars(kinds)) == ["reversed", "reversed"]  # red-reversed
    finally:
        books.close()
    replays("copy2.zhangfang")
    code, third = _import(capsys, ledger_path, file, *POSTING)
    assert code == 0 and third["counts"]["new"] == 4, third["rows"]
    _checked(capsys, ledger_path)
