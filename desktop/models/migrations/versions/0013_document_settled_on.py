"""documents settled: a bill fully paid, an order fully billed

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

The credit check asked, at every order, for the customer's oldest overdue bill and unbilled
orders by reading the customer's whole history: a customer's ten-thousandth order took
close to a second (issue 18). ``document.settled_on`` marks what is settled, kept by the
posting rules (``services.posting.settle``, ``services.trade.refresh_order_status``); with
the index ``(party_id, kind, settled_on)`` those questions read only what is still open.
Existing ledgers get it here as the rules would have set it: a document with allocations
whose open amount is 0, as of the date of its last entry or allocation; an order something
was delivered or billed from with no unbilled part left, at its own date.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

OPEN = (
    "(COALESCE((SELECT SUM(e.amount) FROM party_entry e WHERE e.document_id = document.id), 0)"
    " - COALESCE((SELECT SUM(a.amount) FROM allocation a"
    " WHERE a.to_document_id = document.id), 0)"
    " + COALESCE((SELECT SUM(b.amount) FROM allocation b"
    " WHERE b.from_document_id = document.id), 0))"
)
LAST = (
    "(SELECT MAX(d) FROM (SELECT entry_date AS d FROM party_entry WHERE document_id = document.id"
    " UNION ALL SELECT alloc_date FROM allocation WHERE to_document_id = document.id"
    " UNION ALL SELECT alloc_date FROM allocation WHERE from_document_id = document.id))"
)
UNBILLED = (
    "(SELECT COALESCE(SUM(MAX(0, l.total_amount - (SELECT COALESCE(SUM(bl.total_amount), 0)"
    " FROM document_line bl JOIN document b ON b.id = bl.document_id"
    " WHERE bl.source_line_id = l.id AND b.kind = CASE document.kind"
    " WHEN 'sales_order' THEN 'sales_bill' ELSE 'supplier_bill' END"
    " AND b.status IN ('posted', 'reversed')))), 0)"
    " FROM document_line l WHERE l.document_id = document.id)"
)


#: the marks of an existing ledger, as the posting rules would have set them
BACKFILL = (
    f"UPDATE document SET settled_on = CASE WHEN {OPEN} = 0 THEN {LAST} END"
    " WHERE id IN (SELECT to_document_id FROM allocation"
    " UNION SELECT from_document_id FROM allocation)",
    "UPDATE document SET settled_on = doc_date"
    " WHERE kind IN ('sales_order', 'purchase_order')"
    " AND EXISTS (SELECT 1 FROM document c WHERE c.source_id = document.id"
    " AND c.kind IN ('delivery', 'sales_bill', 'goods_receipt', 'supplier_bill'))"
    f" AND {UNBILLED} = 0",
)


def upgrade() -> None:
    op.add_column("document", sa.Column("settled_on", sa.Date(), nullable=True))
    op.create_index("ix_document_party_open", "document", ["party_id", "kind", "settled_on"])
    for statement in BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    op.drop_index("ix_document_party_open", "document")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("settled_on")
