"""The layout editor's preview: a real document of the ledger printed with a layout that
is not saved yet, exactly as ``jobs`` would print it (same builder, same renderer).

Why a sample from the ledger: the owner judges a layout on his own bills (long names, his
customers' 开票信息), not on made-up data; the newest document of the kind is the one he
most likely has in mind. Read only: nothing is counted or stored.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import DocStatus, Document
from desktop.printing import jobs
from desktop.printing.apply_layout import apply_layout
from desktop.printing.builders import build_for, build_statement
from desktop.printing.layout_catalog import STATEMENT, kind_title
from desktop.printing.layouts import Layout, paper_of, validate
from desktop.printing.sources import Rendered
from desktop.services.ledger import Ledger


def _sample(ledger: Ledger, kind: str) -> Document | None:
    """The newest non-draft document of ``kind`` (a draft when there is nothing else);
    for statements, the newest document that has a party."""
    with ledger.read() as session:
        query = select(Document).order_by(Document.doc_date.desc(), Document.number.desc())
        if kind == STATEMENT:
            query = query.where(Document.party_id.is_not(None))
        else:
            query = query.where(Document.kind == kind)
        found = list(session.scalars(query.limit(20)))
        for doc in found:
            if doc.status != DocStatus.DRAFT:
                session.expunge(doc)
                return doc
        if found:
            session.expunge(found[0])
            return found[0]
        return None


def render_layout(ledger: Ledger, layout: Layout) -> Rendered:
    """A PDF of a real document printed with ``layout`` (validated first: a layout that
    cannot print raises its plain ValidationError)."""
    layout = validate(layout)
    setup = jobs.printer_setup(ledger, paper_of(layout.paper))
    sample = _sample(ledger, layout.kind)
    if sample is None:
        zh, en = kind_title(layout.kind)
        raise ValidationError(
            "layout_no_sample",
            f"账本里还没有{zh}，保存后即可使用；有了单据就能预览。",
            f"The ledger has no {en} yet to preview; the layout can still be saved.",
        )
    with ledger.read() as session:
        if layout.kind == STATEMENT:
            assert sample.party_id is not None
            start = date(sample.doc_date.year, sample.doc_date.month, 1)
            _st, data = build_statement(session, sample.party_id, start, sample.doc_date)
        else:
            doc = session.get(Document, sample.id)
            assert doc is not None
            data = build_for(session, doc, paper=setup.paper)
    data, paper = apply_layout(data, layout, setup.paper)
    pdf, result = jobs.render_bytes(data, jobs.PrinterSetup(paper, setup.offset, setup.warnings))
    return Rendered(pdf, result.pages, list(result.warnings))
