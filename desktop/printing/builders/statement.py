"""The statement (对账单): opening balance, every movement, closing balance, aging, stamp."""

from __future__ import annotations

from desktop.models import Account, Firm, Party
from desktop.printing.builders.common import billing, day, letterhead, meta_pairs, words
from desktop.printing.model import (
    CellValue,
    Column,
    ExtraSection,
    LabeledValue,
    PartyBlock,
    PrintDocument,
    StampBox,
)
from desktop.services.receivables import BUCKETS
from desktop.services.statements import Statement

AR_TEXTS = (
    "客户对账单",
    "客户",
    "应收金额",
    "收款/退货",
    "本期应收",
    "本期收款/退货",
    "预收（未核销）",
)
AP_TEXTS = (
    "供应商对账单",
    "供应商",
    "应付金额",
    "付款/退货",
    "本期应付",
    "本期付款/退货",
    "预付（未核销）",
)


def columns(debit: str, credit: str) -> list[Column]:
    return [
        Column("date", "日期", 0.95, hideable=False),
        Column("kind", "单据类型", 1.0),
        Column("number", "单号", 1.55, hideable=False),
        Column("memo", "摘要", 2.1),
        Column("debit", debit, 1.2, "money"),
        Column("credit", credit, 1.2, "money"),
        Column("balance", "余额", 1.3, "money", summable=False, hideable=False, carried=True),
    ]


def stamp_text(firm_name: str, st: Statement) -> str:
    return (
        f"致{firm_name}：以上截至 {st.date_to} 的往来明细及余额经核对无误，特此确认。"
        "如有不符，请于收到本对账单后七日内提出，逾期视为确认。"
    )


def build(firm: Firm, party: Party, st: Statement) -> PrintDocument:
    title, party_label, debit, credit, sum_debit, sum_credit, unapplied_label = (
        AR_TEXTS if st.account == Account.AR else AP_TEXTS
    )
    rows: list[dict[str, CellValue]] = [
        {
            "date": day(x.entry_date),
            "kind": x.kind_label,
            "number": x.number,
            "memo": x.memo,
            "debit": x.debit or None,
            "credit": x.credit or None,
            "balance": x.balance,
        }
        for x in st.lines
    ]
    aging_cols = [Column(f"b{i}", label, 1.0, "money") for i, (_, label) in enumerate(BUCKETS)]
    aging_row: dict[str, CellValue] = {
        f"b{i}": st.aging.get(label) for i, (_, label) in enumerate(BUCKETS)
    }
    if st.unapplied:
        aging_cols.append(Column("unapplied", unapplied_label, 1.1, "money"))
        aging_row["unapplied"] = -st.unapplied
    aging_cols.append(Column("total", "合计", 1.1, "money"))
    aging_row["total"] = st.closing
    lh = letterhead(firm)
    contact = "　".join(t for t in (party.contact, party.phone) if t)
    return PrintDocument(
        title=title,
        letterhead=lh,
        columns=columns(debit, credit),
        rows=rows,
        number=f"{st.date_from} 至 {st.date_to}",
        number_label="对账期间",
        party_block=PartyBlock(party_label, party.name, billing(party)),
        meta=meta_pairs(
            [
                ("编码", party.code),
                ("联系人", contact),
                ("付款条件", st.terms),
                ("业务员", st.salesperson),
            ]
        ),
        totals=[
            LabeledValue("期初余额", st.opening),
            LabeledValue(sum_debit, st.total_debit),
            LabeledValue(sum_credit, st.total_credit),
            LabeledValue("期末余额", st.closing, grand=True),
        ],
        amount_in_words=words(st.closing),
        amount_in_words_label="期末余额大写",
        extra_sections=[
            ExtraSection(pairs=[LabeledValue("期初余额", st.opening)], position="before_table"),
            ExtraSection(
                title=f"账龄分析（截至 {st.date_to}，按逾期天数）",
                columns=aging_cols,
                rows=[aging_row],
            ),
        ],
        stamp_box=StampBox(stamp_text(lh.firm_name, st)),
        signature_boxes=["制单", "审核"],
        empty_text="（本期无往来发生额）",
    )
