"""Sales bills (销售单, with the tax breakdown and 大写), supplier bills and returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.codes import DocKind
from desktop.printing.builders.common import BuildOptions, LinesSpec, build_lines_document
from desktop.printing.model import PrintDocument

if TYPE_CHECKING:  # the ORM's rows, or the plain ones read for one print (``plain_print``)
    from desktop.models import Document, Firm

SPECS = {
    DocKind.SALES_BILL: LinesSpec(
        title="销售单",
        party_ship_to=True,
        party_label="客户",
        date_label="开单日期",
        signatures=("制单", "审核", "送货", "客户签收"),
        with_due=True,
        source_label="订单号",
    ),
    DocKind.SUPPLIER_BILL: LinesSpec(
        title="采购账单",
        party_label="供应商",
        date_label="账单日期",
        signatures=("制单", "审核"),
        with_due=True,
        source_label="采购单号",
    ),
    DocKind.SALES_RETURN: LinesSpec(
        title="销售退货单",
        party_label="客户",
        date_label="退货日期",
        signatures=("制单", "仓管", "客户签字"),
        with_terms=False,
        source_label="原销售单",
        words_label="退货金额大写",
    ),
    DocKind.PURCHASE_RETURN: LinesSpec(
        title="采购退货单",
        party_label="供应商",
        date_label="退货日期",
        signatures=("制单", "仓管", "供应商签字"),
        with_terms=False,
        source_label="原采购账单",
        words_label="退货金额大写",
    ),
    DocKind.STOCKTAKE: LinesSpec(
        title="盘点单",
        party_label="",
        date_label="盘点日期",
        signatures=("盘点人", "复核"),
        with_terms=False,
    ),
}


def build(firm: Firm, doc: Document, opts: BuildOptions) -> PrintDocument:
    return build_lines_document(firm, doc, SPECS[DocKind(doc.kind)], opts)
