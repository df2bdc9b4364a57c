"""The owner's month end (journey 4): statements for October 2026, figure by figure.

Customers:
- 张三五金 (30 days): 期初 3,000.00 on 30 Sep; in October a bill of 2,040.00, a receipt
  of 3,000.00 (pays the 期初) and a return of 102.00 → closing 1,938.00, not yet due.
- 李记建材 (cash terms): a bill of 1,200.00 on 15 Aug, nothing in October → a statement
  anyway, opening = closing = 1,200.00, 77 days overdue (61-90天).
- 王氏贸易 (30 days): 2,400.00 billed 1 Sep less 400.00 paid → 2,000.00 overdue 30 days;
  in October a bill of 240.00 and a bill of 24.00 reversed (红冲) → closing 2,240.00.
- 赵六商行: billed and paid in September → no balance, no activity, no statement.
- 钱七五金: billed and paid in October → closing 0 but movements to confirm.
- 孙八建材: paid 500.00 ahead → closing −500.00 (预收).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.printing import jobs
from desktop.services import documents, payments, receivables, reversal, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from desktop.services.opening import opening_balance
from desktop.services.statements import parties_with_balance, statement
from tests.core.printing.printing_pdftools import fonts_embedded, needs_poppler, page_texts
from tests.helpers import D, customer, product

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


def _bill(ledger, cust, boxes: int, price: str, on: date) -> str:
    with ledger.unit() as uow:
        doc = documents.create_draft(
            uow, "sales_bill", cust, [LineInput("000123", boxes, "箱", price)], on
        )
        trade.post(uow, doc.id)
        return doc.number


def _pay(ledger, cust, amount: str, on: date) -> str:
    with ledger.unit() as uow:
        return payments.record_payment(uow, cust, amount, doc_date=on, method="银行转账").number


def _month(ledger) -> dict[str, object]:
    product(ledger)
    zhang = customer(ledger, "张三五金", terms_days=30)
    li = customer(ledger, "李记建材")
    wang = customer(ledger, "王氏贸易", terms_days=30)
    zhao = customer(ledger, "赵六商行")
    qian = customer(ledger, "钱七五金")
    sun = customer(ledger, "孙八建材")
    with ledger.unit() as uow:
        opening_balance(uow, zhang, "3000.00", date(2026, 9, 30))
    zhang_bill = _bill(ledger, zhang, 100, "20.40", date(2026, 10, 5))
    _pay(ledger, zhang, "3000.00", date(2026, 10, 20))
    with ledger.unit() as uow:
        bill = documents.get_document(uow.session, zhang_bill)
        trade.return_goods(uow, bill.id, {bill.lines[0].id: D(5)}, date(2026, 10, 25))
    _bill(ledger, li, 50, "24", date(2026, 8, 15))
    _bill(ledger, wang, 100, "24", date(2026, 9, 1))
    _pay(ledger, wang, "400", date(2026, 9, 20))
    _bill(ledger, wang, 10, "24", date(2026, 10, 10))
    wrong = _bill(ledger, wang, 1, "24", date(2026, 10, 12))
    with ledger.unit() as uow:
        reversal.reverse(uow, wrong, "单价开错", date(2026, 10, 13))
    _bill(ledger, zhao, 10, "24", date(2026, 9, 5))
    _pay(ledger, zhao, "240", date(2026, 9, 25))
    _bill(ledger, qian, 20, "24", date(2026, 10, 3))
    _pay(ledger, qian, "480", date(2026, 10, 28))
    _pay(ledger, sun, "500", date(2026, 10, 15))
    return {"zhang": zhang, "li": li, "wang": wang, "zhao": zhao, "qian": qian, "sun": sun}


def test_statements_for_october(ledger) -> None:
    who = _month(ledger)
    with ledger.read() as s:
        due = [p.name for p in parties_with_balance(s, OCT1, OCT31)]
        assert due == ["张三五金", "李记建材", "王氏贸易", "钱七五金", "孙八建材"]

        zhang = statement(s, who["zhang"], OCT1, OCT31)
        assert zhang.opening == D("3000.00")
        assert [
            (x.entry_date.day, x.kind_label, x.debit, x.credit, x.balance) for x in zhang.lines
        ] == [
            (5, "销售单", D("2040.00"), D(0), D("5040.00")),
            (20, "收款单", D(0), D("3000.00"), D("2040.00")),
            (25, "销售退货单", D(0), D("102.00"), D("1938.00")),
        ]
        assert zhang.closing == D("1938.00") == receivables.balance(s, who["zhang"], as_of=OCT31)
        assert zhang.aging["未到期"] == D("1938.00") and zhang.overdue == 0

        li = statement(s, who["li"], OCT1, OCT31)
        assert li.lines == [] and li.opening == li.closing == D("1200.00")
        assert li.aging["61-90天"] == D("1200.00") and li.max_overdue_days == 77

        wang = statement(s, who["wang"], OCT1, OCT31)
        assert wang.opening == D("2000.00")
        assert [(x.kind_label, x.amount, x.balance) for x in wang.lines] == [
            ("销售单", D("240.00"), D("2240.00")),
            ("销售单", D("24.00"), D("2264.00")),
            ("红冲销售单", D("-24.00"), D("2240.00")),
        ]
        assert wang.lines[2].debit == D("-24.00") and wang.lines[2].credit == 0
        assert (wang.total_debit, wang.total_credit) == (D("240.00"), D(0))
        assert wang.closing == D("2240.00")
        assert wang.aging["1-30天"] == D("2000.00") and wang.aging["未到期"] == D("240.00")
        assert wang.max_overdue_days == 30

        qian = statement(s, who["qian"], OCT1, OCT31)
        assert qian.opening == 0 and qian.closing == 0 and len(qian.lines) == 2

        sun = statement(s, who["sun"], OCT1, OCT31)
        assert sun.closing == D("-500.00") and sun.unapplied == D("500.00")
        assert sum(sun.aging.values()) - sun.unapplied == sun.closing

        for st in (zhang, li, wang, qian, sun):
            assert st.closing == receivables.balance(s, st.party_id, as_of=OCT31)
            assert sum(st.aging.values()) - st.unapplied == st.closing
        assert run_checks(s) == []


@needs_poppler
def test_batch_print_of_the_month(ledger, tmp_path: Path) -> None:
    _month(ledger)
    seen: list[tuple[int, int]] = []
    result = jobs.print_statements(
        ledger, OCT1, OCT31, tmp_path / "十月", progress=lambda d, t: seen.append((d, t))
    )
    assert result.count == 5 and not result.cancelled
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert result.combined is not None and result.combined.is_file()
    assert result.combined_pages == sum(f.pages for f in result.files)
    combined = page_texts(result.combined)
    assert len(combined) == result.combined_pages
    assert all(embedded for _, embedded in fonts_embedded(result.combined))

    by_name = {f.party_name: f for f in result.files}
    text = "".join("".join(page_texts(by_name["张三五金"].path)).split())
    for expected in (
        "客户对账单",
        "期初余额：3,000.00",
        "2,040.00",
        "3,000.00",
        "102.00",
        "期末余额：1,938.00",
        "期末余额大写：人民币壹仟玖佰叁拾捌元整",
        "盖章",
    ):
        assert expected in text, expected
    li = "".join("".join(page_texts(by_name["李记建材"].path)).split())
    assert "本期无往来发生额" in li and "期末余额：1,200.00" in li
    assert "人民币壹仟贰佰元整" in li and "61-90天" in li
    sun = "".join("".join(page_texts(by_name["孙八建材"].path)).split())
    assert "人民币负伍佰元整" in sun and "预收（未核销）" in sun
    wang = "".join("".join(page_texts(by_name["王氏贸易"].path)).split())
    assert "红冲销售单" in wang and "人民币贰仟贰佰肆拾元整" in wang
    # the combined file holds every statement, in code order
    joined = "".join("".join(combined).split())
    order = [joined.index(f"客户：{n}") for n in ("张三五金", "李记建材", "王氏贸易")]
    assert order == sorted(order)
