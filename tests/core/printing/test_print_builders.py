"""Golden tests on the print data the builders make from ledger documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.errors import NotFound
from desktop.printing import A4_PORTRAIT, A5_LANDSCAPE, CONTINUOUS_241_93, LabeledValue
from desktop.printing.builders import BUILDERS, build_document
from desktop.services.firm import update_firm
from tests.core.printing.printing_ledger import set_up
from tests.core.printing.printing_pdftools import needs_poppler
from tests.helpers import D


def pairs(items: list[LabeledValue]) -> list[tuple[str, object]]:
    return [(p.label, p.value) for p in items]


def test_every_printable_kind_has_a_builder() -> None:
    assert set(BUILDERS) == {
        "quote",
        "sales_order",
        "delivery",
        "sales_bill",
        "sales_return",
        "purchase_order",
        "goods_receipt",
        "supplier_bill",
        "purchase_return",
        "receipt",
        "payment",
        "stocktake",
    }


def test_sales_bill_print_data(ledger) -> None:
    t = set_up(ledger)
    with ledger.read() as s:
        doc = build_document(s, t.bill, paper=A4_PORTRAIT)
    assert doc.title == "销售单" and doc.number == t.bill and not doc.reprint
    lh = doc.letterhead
    assert (lh.firm_name, lh.tax_id, lh.bank, lh.account) == (
        "上海测试商贸有限公司",
        "91310000MA1FL0XX0X",
        "工商银行浦东支行",
        "1001234567890123456",
    )
    party = doc.party_block
    assert party is not None and party.label == "客户" and party.name == "张三五金店"
    assert party.billing is not None
    assert party.billing.legal_name == "佛山市南海区张三五金建材经营部"
    assert party.billing.tax_id == "92440605MA4YYYYY2P"
    assert party.ship_to == "佛山市南海区桂城仓库 李四 138 0000 1234"
    assert (party.contact, party.contact_phone) == ("李四", "138 0000 1234")
    assert pairs(doc.meta) == [
        ("开单日期", "2026-10-05"),
        ("订单号", t.order),
        ("业务员", "王五"),
        ("付款条件", "月结30天"),
        ("到期日", "2026-11-30"),
    ]
    assert [c.key for c in doc.columns] == [
        "no",
        "code",
        "name",
        "spec",
        "unit",
        "qty",
        "price",
        "discount",
        "amount",
        "remark",
    ]
    assert [(r["code"], r["qty"], r["price"], r["discount"], r["amount"]) for r in doc.rows] == [
        ("000123", D(100), D("20.4"), "", D("2040.00")),
        ("000456", D(50), D("0.5"), "9折", D("22.50")),
    ]
    assert pairs(doc.totals) == [
        ("合计数量", "100 箱，50 个"),
        ("不含税金额", D("1825.95")),
        ("税额", D("236.55")),
        ("价税合计", D("2062.50")),
    ]
    assert doc.amount_in_words == "人民币贰仟零陆拾贰元伍角"
    [breakdown] = doc.extra_sections
    assert [(r["rate"], r["net"], r["tax"], r["total"]) for r in breakdown.rows] == [
        ("9%", D("20.64"), D("1.86"), D("22.50")),
        ("13%", D("1805.31"), D("234.69"), D("2040.00")),
    ]
    assert doc.signature_boxes == ["制单", "审核", "送货", "客户签收"]


def test_small_paper_folds_the_tax_breakdown_into_the_totals(ledger) -> None:
    t = set_up(ledger)
    with ledger.read() as s:
        for paper in (A5_LANDSCAPE, CONTINUOUS_241_93):
            doc = build_document(s, t.bill, paper=paper)
            assert doc.extra_sections == []
            assert pairs(doc.totals) == [
                ("合计数量", "100 箱，50 个"),
                ("不含税金额", D("1825.95")),
                ("税额（9%）", D("1.86")),
                ("税额（13%）", D("234.69")),
                ("价税合计", D("2062.50")),
            ]


def test_delivery_note_with_and_without_prices(ledger) -> None:
    t = set_up(ledger)
    with ledger.read() as s:
        priced = build_document(s, t.delivery)
        bare = build_document(s, t.delivery, prices=False)
    for doc in (priced, bare):
        assert doc.title == "送货单"
        assert doc.party_block is not None and doc.party_block.label == "收货单位"
        assert doc.signature_boxes[-1] == "收货人签收"
        assert "签收" in doc.notes
    assert "amount" in [c.key for c in priced.columns]
    assert priced.amount_in_words == "人民币贰仟零陆拾贰元伍角"
    assert {"price", "amount"}.isdisjoint(c.key for c in bare.columns)
    assert bare.amount_in_words == "" and pairs(bare.totals) == [("合计数量", "100 箱，50 个")]


def test_titles_and_parties_of_the_other_kinds(ledger) -> None:
    t = set_up(ledger)
    with ledger.read() as s:
        got = {
            n: build_document(s, n)
            for n in (t.quote, t.order, t.purchase_order, t.goods_receipt, t.receipt)
        }
    assert got[t.quote].title == "报价单"
    assert got[t.order].title == "销售订单确认书"
    assert ("报价单号", t.quote) in pairs(got[t.order].meta)
    po = got[t.purchase_order]
    assert po.title == "采购订单" and po.party_block is not None
    assert po.party_block.label == "供应商" and po.party_block.ship_to == "上海市浦东新区测试路1号"
    assert po.amount_in_words == "人民币叁仟陆佰叁拾元整"
    gr = got[t.goods_receipt]
    assert gr.title == "入库单" and ("采购单号", t.purchase_order) in pairs(gr.meta)


def test_receipt_lists_the_bills_it_paid(ledger) -> None:
    t = set_up(ledger)
    with ledger.read() as s:
        doc = build_document(s, t.receipt)
    assert doc.title == "收款收据"
    assert [(r["number"], r["kind"], r["total"], r["applied"]) for r in doc.rows] == [
        (t.bill, "销售单", D("2062.50"), D("1000.00"))
    ]
    assert pairs(doc.totals) == [("收款金额", D("1000.00")), ("核销合计", D("1000.00"))]
    assert doc.amount_in_words == "人民币壹仟元整"
    assert ("方式", "银行转账") in pairs(doc.meta)


def test_reprint_is_marked_with_the_count(ledger) -> None:
    t = set_up(ledger)
    with ledger.read() as s:
        first = build_document(s, t.bill)
        third = build_document(s, t.bill, reprint_count=2)
    assert not first.reprint and first.reprint_mark == ""
    assert third.reprint and third.reprint_mark == "补打（第3次打印）"


def test_drafts_are_marked_and_unknown_numbers_refused(ledger) -> None:
    t = set_up(ledger)
    from desktop.services import documents
    from desktop.services.documents import LineInput

    with ledger.unit() as uow:
        draft = documents.create_draft(uow, "sales_bill", t.customer, [LineInput("000123", 1)])
        number = draft.number
    with ledger.read() as s:
        doc = build_document(s, number)
        assert doc.title == "销售单（草稿）"
        assert ("状态", "草稿，未生效") in pairs(doc.meta)
        with pytest.raises(NotFound):
            build_document(s, "XS-NOPE")


def test_missing_firm_fields_and_huge_amounts(ledger) -> None:
    t = set_up(ledger)
    with ledger.unit() as uow:
        update_firm(uow, address="", phone="", bank="", bank_account="", tax_id="")
    from desktop.services import documents, trade
    from desktop.services.documents import LineInput

    with ledger.unit() as uow:
        big = documents.create_draft(
            uow, "sales_bill", t.customer, [LineInput("000123", 1000000, "箱", "456.78")]
        )
        trade.post(uow, big.id)
        number = big.number
    with ledger.read() as s:
        doc = build_document(s, number)
    assert doc.letterhead.address == "" and doc.letterhead.bank == ""
    assert pairs(doc.totals)[-1] == ("价税合计", Decimal("456780000.00"))
    assert doc.amount_in_words == "人民币肆亿伍仟陆佰柒拾捌万元整"


@needs_poppler
@pytest.mark.parametrize("paper", [A4_PORTRAIT, CONTINUOUS_241_93], ids=["a4", "241x93"])
def test_the_maker_prints_on_the_zhidan_line(ledger, tmp_path, paper) -> None:
    """制单 carries the person who made the document (the operator), as 经办 on receipts;
    the other boxes stay blank for a hand to sign."""
    from desktop.printing import render_pdf
    from tests.core.printing.printing_pdftools import page_texts

    t = set_up(ledger)
    with ledger.read() as s:
        doc = build_document(s, t.bill, paper=paper)
    assert doc.signed == {"制单": "tester"}
    out = tmp_path / "bill.pdf"
    render_pdf(doc, out, paper)
    text = "".join(page_texts(out)[-1].split())
    assert "制单：tester" in text
    assert "审核：tester" not in text
