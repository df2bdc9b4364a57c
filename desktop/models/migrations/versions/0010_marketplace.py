"""the marketplace: published products, their pictures, buyers, and drafts from buyers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

Issue 17. ``listing``: a product as buyers see it (published or not, the name and spec
shown, stock as a figure or a level, a safety buffer), with ``listing_picture`` rows.
``buyer``: a marketplace buyer account (the server's id), pending until a clerk accepts it
and links it to a customer. ``document.buyer_id``: the buyer an inquiry or order came from
(a draft from a buyer who is not a customer yet has no party). New tables and a nullable
column: existing ledgers keep working unchanged.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listing",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("spec", sa.String(length=200), nullable=False),
        sa.Column("show_stock", sa.String(length=10), nullable=False),
        sa.Column("safety_buffer", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_listing_product_id_product")
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_listing")),
    )
    op.create_table(
        "listing_picture",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["listing.product_id"],
            name=op.f("fk_listing_picture_product_id_listing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_picture")),
        sa.UniqueConstraint("product_id", "position", name=op.f("uq_listing_picture_product_id")),
    )
    op.create_index(
        op.f("ix_listing_picture_product_id"), "listing_picture", ["product_id"], unique=False
    )
    op.create_table(
        "buyer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_buyer_party_id_party")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyer")),
    )
    op.create_index(op.f("ix_buyer_party_id"), "buyer", ["party_id"], unique=False)
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("buyer_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_document_buyer_id_buyer"), "buyer", ["buyer_id"], ["id"]
        )
        batch.create_index(batch.f("ix_document_buyer_id"), ["buyer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_index(batch.f("ix_document_buyer_id"))
        batch.drop_constraint(batch.f("fk_document_buyer_id_buyer"), type_="foreignkey")
        batch.drop_column("buyer_id")
    op.drop_index(op.f("ix_buyer_party_id"), table_name="buyer")
    op.drop_table("buyer")
    op.drop_index(op.f("ix_listing_picture_product_id"), table_name="listing_picture")
    op.drop_table("listing_picture")
    op.drop_table("listing")
