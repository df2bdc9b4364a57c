"""Pieces every document builder shares: letterhead, party block, lines, totals.

Builders read the ledger (models and read-only services) and return plain
``PrintDocument`` data; nothing here draws or writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.amount_words import amount_in_words
from desktop.codes import DocStatus
from desktop.labels import KIND_ZH, STATUS_ZH
from desktop.money import ZERO, fmt_money, fmt_qty
from desktop.printing.model import (
    BillingInfo,
    CellValue,
    Column,
    ExtraSection,
    LabeledValue,
    Letterhead,
    PartyBlock,
    PrintDocument,
)
from desktop.services.terms import describe

if TYPE_CHECKING:  # the ORM's rows, or the plain ones read for one print (``plain_print``)
    from desktop.models import Document, DocumentLine, Firm, Party

WORDS_PREFIX = "人民币"
#: statuses whose copy is marked in its title as not a valid final document
MARKED = (DocStatus.DRAFT, DocStatus.CANCELLED, DocStatus.REVERSED)


@dataclass(frozen=True)
class BuildOptions:
    """What the person printing chose: prices shown, who is printing."""

    prices: bool = True
    reprint_count: int = 0  # prints so far; > 0 marks the copy 补打
    #: small paper (continuous forms, A5) has no room for extra tables: the tax per
    #: rate joins the totals line instead of a 税额明细 table
    compact: bool = False


def letterhead(firm: Firm) -> Letterhead:
    """Our firm at the top; empty fields are simply left out by the renderer."""
    return Letterhead(
        firm_name=(firm.legal_name or firm.name or "").strip() or firm.name,
        logo_path=firm.logo_path or None,
        address=firm.address,
        phone=firm.phone,
        tax_id=firm.tax_id,
        bank=firm.bank,
        account=firm.bank_account,
    )


def billing(party: Party) -> BillingInfo | None:
    """The party's 开票信息, or None when none of it is filled in."""
    info = BillingInfo(
        legal_name=party.invoice_name,
        tax_id=party.invoice_tax_id,
        address=party.invoice_address or party.bill_to,
        phone=party.invoice_phone,
        bank=party.invoice_bank,
        account=party.invoice_account,
    )
    filled = (info.legal_name, info.tax_id, info.address, info.phone, info.bank, info.account)
    return info if any(filled) else None


def party_block(
    party: Party | None, label: str, ship_to: str = "", ship_label: str = "收货地址"
) -> PartyBlock | None:
    if party is None:
        return None
    return PartyBlock(
        label, party.name, billing(party), ship_to, ship_label, party.contact, party.phone
    )


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def title_for(doc: Document, base: str) -> str:
    """The title, marked when the copy is not a valid final document (草稿, 红冲)."""
    if doc.reverses_id is not None:
        base = f"{base}（红冲）"
    mark = STATUS_ZH[doc.status] if doc.status in MARKED else None
    return f"{base}（{mark}）" if mark else base


def meta_pairs(pairs: Sequence[tuple[str, str]]) -> list[LabeledValue]:
    """Label/value pairs, dropping the empty ones."""
    return [LabeledValue(k, v) for k, v in pairs if v]


def terms_pairs(doc: Document, with_due: bool) -> list[tuple[str, str]]:
    if doc.party is None:
        return []
    pairs = [("付款条件", describe(doc.party))]
    if with_due:
        due = doc.due_date
        if due is None and doc.status == DocStatus.DRAFT:
            from desktop.services.terms import due_date

            due = due_date(doc.party, doc.doc_date)
        pairs.append(("到期日", day(due)))
    return pairs


def source_number(doc: Document) -> str:
    if doc.source_id is None:
        return ""
    known = getattr(doc, "source_number", None)  # read with it when printed without the ORM
    if known is not None:
        return str(known)
    from sqlalchemy.orm import object_session

    from desktop.models import Document

    session = object_session(doc)
    src = session.get(Document, doc.source_id) if session is not None else None
    return src.number if src is not None else ""


def line_columns(lines: Sequence[DocumentLine], prices: bool, include_tax: bool) -> list[Column]:
    """序号 编码 品名 规格 单位 数量 [单价 折扣 金额] 备注."""
    cols = [
        Column("no", "序号", 0.45, "text", "center", hideable=False),
        Column("code", "编码", 0.95),
        Column("name", "品名", 2.3, hideable=False),
        Column("spec", "规格", 1.15),
        Column("unit", "单位", 0.55, align="center"),
        Column("qty", "数量", 0.85, "qty", hideable=False),
    ]
    if prices:
        cols.append(Column("price", "单价（含税）" if include_tax else "单价", 1.0, "price"))
        if any(x.discount_rate for x in lines):
            cols.append(Column("discount", "折扣", 0.6, align="right", summable=False))
        cols.append(Column("amount", "金额", 1.25, "money", hideable=False))
    cols.append(Column("remark", "备注", 1.0))
    return cols


def line_rows(lines: Sequence[DocumentLine], include_tax: bool) -> list[dict[str, CellValue]]:
    rows: list[dict[str, CellValue]] = []
    for i, x in enumerate(lines, start=1):
        product = x.product
        rows.append(
            {
                "no": str(i),
                "code": product.code if product else "",
                "name": product.name if product else "",
                "spec": product.spec if product else "",
                "unit": x.unit,
                "qty": x.qty,
                "price": x.unit_price,
                "discount": _discount(x.discount_rate),
                "amount": x.total_amount if include_tax else x.net_amount,
                "remark": x.notes,
            }
        )
    return rows


def qty_text(lines: Sequence[DocumentLine]) -> str:
    """Total quantity per unit: "120 箱" or "100 箱，20 个" when units differ."""
    per_unit: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for x in lines:
        per_unit[x.unit] += x.qty
    return "，".join(f"{fmt_qty(q)} {u}" for u, q in per_unit.items())


def money_totals(doc: Document, lines: Sequence[DocumentLine]) -> list[LabeledValue]:
    """合计数量, 不含税金额, 税额 (with the rate when there is one), 价税合计."""
    rates = sorted({x.tax_rate for x in lines})
    tax_label = f"税额（{_pct(rates[0])}）" if len(rates) == 1 else "税额"
    out = [LabeledValue("合计数量", qty_text(lines))] if lines else []
    out += [
        LabeledValue("不含税金额", doc.net_total),
        LabeledValue(tax_label, doc.tax_total),
        LabeledValue("价税合计", doc.total, grand=True),
    ]
    return out


def tax_breakdown(lines: Sequence[DocumentLine]) -> list[ExtraSection]:
    """Per tax rate: net, tax, total — only when the document mixes rates."""
    by_rate: dict[Decimal, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for x in lines:
        sums = by_rate[x.tax_rate]
        sums[0] += x.net_amount
        sums[1] += x.tax_amount
        sums[2] += x.total_amount
    if len(by_rate) < 2:
        return []
    cols = [
        Column("rate", "税率", 0.8, align="center"),
        Column("net", "不含税金额", 1.2, "money"),
        Column("tax", "税额", 1.2, "money"),
        Column("total", "价税合计", 1.2, "money"),
    ]
    rows: list[dict[str, CellValue]] = [
        {"rate": _pct(rate), "net": s[0], "tax": s[1], "total": s[2]}
        for rate, s in sorted(by_rate.items())
    ]
    return [ExtraSection(title="税额明细", columns=cols, rows=rows)]


def _discount(rate: Decimal) -> str:
    """A 10% discount prints the Chinese way: 9折."""
    if not rate:
        return ""
    return f"{((1 - rate) * 10).normalize():f}折"


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def words(amount: Decimal) -> str:
    """大写 with the 人民币 prefix; beyond 9999亿 the figures are spelled out instead."""
    try:
        return amount_in_words(amount, prefix=WORDS_PREFIX)
    except ValueError:
        return f"{WORDS_PREFIX}{fmt_money(amount)}元（金额过大，无法写成大写）"


def kind_zh(kind: str) -> str:
    return KIND_ZH.get(kind, kind)


def made_by(doc: Document) -> dict[str, str]:
    """制单: the person who made the document (the desk's operator when it was written), as
    receipts print 经办; nothing when unknown, so the line stays blank to sign."""
    return {"制单": doc.created_by} if doc.created_by else {}


@dataclass(frozen=True)
class LinesSpec:
    """How one kind of line document prints."""

    title: str
    party_label: str
    date_label: str
    signatures: tuple[str, ...]
    with_due: bool = False
    with_terms: bool = True
    source_label: str = ""
    ship_label: str = "收货地址"
    words_label: str = "金额大写"
    #: sales documents fall back on the customer's usual delivery address
    party_ship_to: bool = False


def build_lines_document(
    firm: Firm, doc: Document, spec: LinesSpec, opts: BuildOptions
) -> PrintDocument:
    """Any document with goods lines: header, lines, totals with tax, 大写, signatures."""
    lines = list(doc.lines)
    include_tax = doc.prices_include_tax
    meta = [(spec.date_label, day(doc.doc_date))]
    src = source_number(doc)
    if spec.source_label and src:
        meta.append((spec.source_label, src))
    if doc.reference:
        meta.append(("参考号", doc.reference))
    if doc.salesperson:
        meta.append(("业务员", doc.salesperson))
    if spec.with_terms:
        meta += terms_pairs(doc, spec.with_due)
    if doc.status == DocStatus.DRAFT:
        meta.append(("状态", "草稿，未生效"))
    ship_to = doc.ship_to
    if not ship_to and spec.party_ship_to and doc.party is not None:
        ship_to = doc.party.ship_to
    out = PrintDocument(
        title=title_for(doc, spec.title),
        letterhead=letterhead(firm),
        columns=line_columns(lines, opts.prices, include_tax),
        rows=line_rows(lines, include_tax),
        number=doc.number,
        reprint=opts.reprint_count > 0,
        print_count=opts.reprint_count + 1,
        party_block=party_block(doc.party, spec.party_label, ship_to, spec.ship_label),
        meta=meta_pairs(meta),
        notes=doc.notes,
        signature_boxes=list(spec.signatures),
        signed=made_by(doc),
    )
    if opts.prices:
        out.totals = money_totals(doc, lines)
        out.amount_in_words = words(doc.total)
        out.amount_in_words_label = spec.words_label
        breakdown = tax_breakdown(lines)
        if breakdown and opts.compact:
            out.totals[-2:-1] = [
                LabeledValue(f"税额（{row['rate']}）", row["tax"]) for row in breakdown[0].rows
            ]
        else:
            out.extra_sections = breakdown
    else:
        out.totals = [LabeledValue("合计数量", qty_text(lines))] if lines else []
    return out
