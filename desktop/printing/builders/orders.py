"""Quotes, sales order confirmations and purchase orders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.codes import DocKind
from desktop.printing.builders.common import BuildOptions, LinesSpec, build_lines_document
from desktop.printing.model import PrintDocument

if TYPE_CHECKING:  # the ORM's rows, or the plain ones read for one print (``plain_print``)
    from desktop.models import Document, Firm

SPECS = {
    DocKind.QUOTE: LinesSpec(
        title="报价单",
        party_ship_to=True,
        party_label="客户",
        date_label="报价日期",
        signatures=("报价人", "审核", "客户确认"),
    ),
    DocKind.SALES_ORDER: LinesSpec(
        title="销售订单确认书",
        party_ship_to=True,
        party_label="客户",
        date_label="订单日期",
        signatures=("制单", "审核", "客户确认（盖章）"),
        source_label="报价单号",
    ),
    DocKind.PURCHASE_ORDER: LinesSpec(
        title="采购订单",
        party_label="供应商",
        date_label="订单日期",
        signatures=("采购员", "审核", "供应商确认（盖章）"),
        ship_label="送货地址",
    ),
}


def build(firm: Firm, doc: Document, opts: BuildOptions) -> PrintDocument:
    out = build_lines_document(firm, doc, SPECS[DocKind(doc.kind)], opts)
    if doc.kind == DocKind.PURCHASE_ORDER and out.party_block and not out.party_block.ship_to:
        out.party_block.ship_to = firm.address  # the supplier delivers to us
    return out
