"""an index on pack units' barcodes

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07

A scan and the rule that a barcode names one product (``services.products.barcode_clash``)
look a pack unit up by its barcode. The index is not unique: an old ledger may already hold
a barcode twice (``zhangfang check`` lists them), and its upgrade must not fail.
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("product_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_unit_barcode"), ["barcode"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("product_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_unit_barcode"))
