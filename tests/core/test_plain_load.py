"""An order read with one plain statement (``services.plain_load``) is what the ORM loads:
every column of the document, its party and its lines, of the same types, and objects
the session works with as with its own (a change flushes, unloaded relations load)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, update
from sqlalchemy.orm import joinedload

from desktop.models import Document, Party
from desktop.services import documents, parties
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.plain_load import by_id, document_with_party
from tests.helpers import customer, product


def _columns(obj: Any) -> dict[str, Any]:
    return {
        prop.key: (type(getattr(obj, prop.key)), getattr(obj, prop.key))
        for prop in inspect(obj).mapper.column_attrs
    }


def _order(ledger: Ledger, party: uuid.UUID | None = None, lines: int = 3) -> uuid.UUID:
    who = party or customer(ledger, credit_limit="5000", terms_days=30)
    items = [product(ledger, code=f"P{n}", name=f"商品{n}") for n in range(lines)]
    with ledger.unit() as uow:
        doc = documents.create_draft(
            uow,
            "sales_order",
            who,
            [
                LineInput(p, n + 1, "箱" if n % 2 else "个", Decimal("12.5"))
                for n, p in enumerate(items)
            ],
            None,
            notes="加急",
        )
        return doc.id


def test_the_plain_read_gives_what_the_orm_loads(ledger: Ledger) -> None:
    oid = _order(ledger)
    with ledger.read() as s:
        orm = s.get(Document, oid, options=[joinedload(Document.party), joinedload(Document.lines)])
        assert orm is not None
        want = (_columns(orm), _columns(orm.party), [_columns(x) for x in orm.lines])
    with ledger.unit() as uow:
        doc = document_with_party(uow.session, oid)
        assert doc is not None and inspect(doc).persistent and not uow.session.dirty
        got = (_columns(doc), _columns(doc.party), [_columns(x) for x in doc.lines])
        assert got == want
        assert [line.line_no for line in doc.lines] == [1, 2, 3]
        assert doc.lines[0].product.code == "P0"  # not read: loads on access
        assert doc.lines[0].document is doc
        assert documents.get_document(uow.session, oid, with_party=True) is doc


def test_a_change_to_the_plain_read_order_is_written(ledger: Ledger) -> None:
    oid = _order(ledger, lines=2)
    with ledger.unit() as uow:
        doc = documents.get_document(uow.session, oid, with_party=True)
        doc.notes = "改过"
        doc.lines[1].notes = "第二行"
        doc.party.phone = "13800000000"
    with ledger.read() as s:
        again = s.get(Document, oid)
        assert again is not None
        assert again.notes == "改过" and again.lines[1].notes == "第二行"
        assert again.party is not None and again.party.phone == "13800000000"


def test_an_order_without_lines_or_party_and_one_not_there(ledger: Ledger) -> None:
    oid = _order(ledger, lines=1)
    with ledger.unit() as uow:
        uow.session.execute(update(Document).where(Document.id == oid).values(party_id=None))
    with ledger.unit() as uow:
        from desktop.models import DocumentLine

        uow.session.query(DocumentLine).filter(DocumentLine.document_id == oid).delete()
    with ledger.unit() as uow:
        doc = document_with_party(uow.session, oid)
        assert doc is not None and doc.party is None and doc.lines == []
        assert document_with_party(uow.session, uuid.uuid4()) is None


def test_a_row_by_id_is_what_the_orm_loads(ledger: Ledger) -> None:
    who = customer(ledger, credit_limit="5000", terms_days=30, phone="021-1234")
    with ledger.read() as s:
        party = s.get(Party, who)
        assert party is not None
        want = _columns(party)
    with ledger.unit() as uow:
        got = by_id(uow.session, Party, who)
        assert _columns(got) == want and inspect(got).persistent
        assert by_id(uow.session, Party, who) is got is parties.get_party(uow.session, who)
        assert by_id(uow.session, Party, uuid.uuid4()) is None
        got.phone = "021-9999"
    with ledger.read() as s:
        again = s.get(Party, who)
        assert again is not None and again.phone == "021-9999"
