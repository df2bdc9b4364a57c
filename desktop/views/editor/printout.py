"""The printed form of the document in the editor, as plain print data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.views import labels
from desktop.views.editor.panels import words

if TYPE_CHECKING:
    from desktop.printing import PrintDocument
    from desktop.views.editor.window import DocumentEditor


def build(ed: DocumentEditor) -> PrintDocument:
    from desktop.printing import Column, LabeledValue, Letterhead, PartyBlock, PrintDocument

    st = ed.state
    assert st is not None
    columns = [
        Column("code", QCoreApplication.translate("Print", "编码"), 1.2),
        Column("name", QCoreApplication.translate("Print", "品名规格"), 3.0),
        Column("unit", QCoreApplication.translate("Print", "单位"), 0.7),
        Column("qty", QCoreApplication.translate("Print", "数量"), 1.0, "qty"),
        Column("price", QCoreApplication.translate("Print", "单价"), 1.1, "price"),
        Column("amount", QCoreApplication.translate("Print", "金额"), 1.3, "money"),
    ]
    rows = []
    for item in st.items:
        got = item.amounts(ed.firm.prices_include_tax)
        assert item.product is not None
        rows.append(
            {
                "code": item.product.code,
                "name": f"{item.product.name} {item.product.spec}".strip(),
                "unit": item.unit,
                "qty": item.qty,
                "price": item.price,
                "amount": got.total if got else None,
            }
        )
    party_label = (
        QCoreApplication.translate("Print", "供应商")
        if ed.kind.startswith("purchase")
        else QCoreApplication.translate("Print", "客户")
    )
    return PrintDocument(
        title=labels.kind(st.kind),
        letterhead=Letterhead(firm_name=ed.firm.name),
        columns=columns,
        rows=rows,
        number=st.number,
        number_label=QCoreApplication.translate("Print", "单号"),
        reprint=st.print_count > 0,
        party_block=PartyBlock(party_label, st.party.name if st.party else "", ship_to=st.ship_to),
        meta=[LabeledValue(QCoreApplication.translate("Print", "日期"), st.doc_date.isoformat())],
        totals=[
            LabeledValue(QCoreApplication.translate("Print", "不含税金额"), st.net),
            LabeledValue(QCoreApplication.translate("Print", "税额"), st.tax),
            LabeledValue(QCoreApplication.translate("Print", "价税合计"), st.total),
        ],
        amount_in_words=words(st.total),
        amount_in_words_label=QCoreApplication.translate("Print", "金额大写"),
        notes=st.notes,
        signature_boxes=[
            QCoreApplication.translate("Print", "制单"),
            QCoreApplication.translate("Print", "审核"),
            QCoreApplication.translate("Print", "收货人签字"),
        ],
    )
