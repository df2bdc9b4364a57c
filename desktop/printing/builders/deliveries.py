"""Delivery notes (送货单, with or without prices, signed for on receipt) and goods receipts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.codes import DocKind
from desktop.printing.builders.common import BuildOptions, LinesSpec, build_lines_document
from desktop.printing.model import PrintDocument

if TYPE_CHECKING:  # the ORM's rows, or the plain ones read for one print (``plain_print``)
    from desktop.models import Document, Firm

SPECS = {
    DocKind.DELIVERY: LinesSpec(
        title="送货单",
        party_ship_to=True,
        party_label="收货单位",
        date_label="送货日期",
        signatures=("制单", "送货人", "收货人签收"),
        with_terms=False,
        source_label="订单号",
    ),
    DocKind.GOODS_RECEIPT: LinesSpec(
        title="入库单",
        party_label="供应商",
        date_label="入库日期",
        signatures=("制单", "仓管", "送货人"),
        with_terms=False,
        source_label="采购单号",
        ship_label="收货地址",
    ),
}

SIGN_NOTE = "收货单位签收即表示货物数量、外观无误。"


def build(firm: Firm, doc: Document, opts: BuildOptions) -> PrintDocument:
    out = build_lines_document(firm, doc, SPECS[DocKind(doc.kind)], opts)
    if doc.kind == DocKind.DELIVERY:
        out.notes = f"{out.notes}\n{SIGN_NOTE}".strip() if out.notes else SIGN_NOTE
    return out
