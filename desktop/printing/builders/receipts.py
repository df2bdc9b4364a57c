"""Receipts (收款收据) and payments (付款单), listing the bills the money paid."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from desktop.models import DocKind, Document, Firm
from desktop.money import ZERO
from desktop.printing.builders.common import (
    BuildOptions,
    day,
    letterhead,
    meta_pairs,
    party_block,
    title_for,
    words,
)
from desktop.printing.model import CellValue, Column, LabeledValue, PrintDocument
from desktop.services.posting import allocations_of
from desktop.services.statements import kind_label

TEXTS = {
    DocKind.RECEIPT: (
        "收款收据",
        "客户",
        "收款日期",
        "收款金额",
        "预收（未核销）",
        "交款人",
        "收款人",
    ),
    DocKind.PAYMENT: (
        "付款单",
        "供应商",
        "付款日期",
        "付款金额",
        "预付（未核销）",
        "经办人",
        "收款人",
    ),
}

COLUMNS = [
    Column("no", "序号", 0.45, "text", "center", hideable=False),
    Column("number", "单号", 1.7, hideable=False),
    Column("kind", "单据类型", 1.0),
    Column("date", "单据日期", 1.0),
    Column("due", "到期日", 1.0),
    Column("total", "单据金额", 1.2, "money", summable=False),
    Column("applied", "本次核销", 1.2, "money", hideable=False),
]


def build(firm: Firm, doc: Document, opts: BuildOptions) -> PrintDocument:
    title, party_label, date_label, amount_label, unapplied_label, payer, payee = TEXTS[
        DocKind(doc.kind)
    ]
    session = object_session(doc)
    assert isinstance(session, Session)
    applied = allocations_of(session, doc.id)
    bills = {
        d.id: d
        for d in session.scalars(select(Document).where(Document.id.in_([a for a, _ in applied])))
    }
    rows: list[dict[str, CellValue]] = []
    ordered = sorted(applied, key=lambda a: (bills[a[0]].doc_date, bills[a[0]].number))
    for i, (bill_id, amount) in enumerate(ordered, start=1):
        bill = bills[bill_id]
        rows.append(
            {
                "no": str(i),
                "number": bill.number,
                "kind": kind_label(bill),
                "date": day(bill.doc_date),
                "due": day(bill.due_date),
                "total": bill.total,
                "applied": amount,
            }
        )
    total_applied = sum((a for _, a in applied), ZERO)
    meta = [
        (date_label, day(doc.doc_date)),
        ("方式", doc.method),
        ("凭证号", doc.reference),
        ("经办", doc.created_by),
    ]
    totals = [
        LabeledValue(amount_label, doc.total, grand=True),
        LabeledValue("核销合计", total_applied),
    ]
    if doc.total - total_applied:
        totals.append(LabeledValue(unapplied_label, doc.total - total_applied))
    return PrintDocument(
        title=title_for(doc, title),
        letterhead=letterhead(firm),
        columns=COLUMNS,
        rows=rows,
        number=doc.number,
        reprint=opts.reprint_count > 0,
        print_count=opts.reprint_count + 1,
        party_block=party_block(doc.party, party_label),
        meta=meta_pairs(meta),
        totals=totals,
        amount_in_words=words(doc.total),
        amount_in_words_label=f"{amount_label}大写",
        notes=doc.notes,
        signature_boxes=[payer, payee, "审核"],
        empty_text="（本次未核销具体单据，全额作为预收/预付款）",
    )
