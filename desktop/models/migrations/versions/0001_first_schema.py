"""first schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("desk", sa.String(length=8), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "firm",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("legal_name", sa.String(length=200), nullable=False),
        sa.Column("tax_id", sa.String(length=40), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=80), nullable=False),
        sa.Column("bank", sa.String(length=200), nullable=False),
        sa.Column("bank_account", sa.String(length=80), nullable=False),
        sa.Column("logo_path", sa.Text(), nullable=False),
        sa.Column("default_tax_rate", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("prices_include_tax", sa.Boolean(), nullable=False),
        sa.Column("negative_stock", sa.String(length=10), nullable=False),
        sa.Column("credit_policy", sa.String(length=10), nullable=False),
        sa.Column("credit_overdue_days", sa.Integer(), nullable=False),
        sa.Column("owner_password_hash", sa.Text(), nullable=False),
        sa.Column("price_level_names", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firm")),
    )
    op.create_table(
        "local_setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_setting")),
    )
    op.create_table(
        "number_series",
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("desk", sa.String(length=8), nullable=False),
        sa.Column("period", sa.String(length=4), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "desk", "period", name=op.f("pk_number_series")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("intent", sa.String(length=60), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("id", name=op.f("uq_outbox_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "party",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=80), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("is_customer", sa.Boolean(), nullable=False),
        sa.Column("is_supplier", sa.Boolean(), nullable=False),
        sa.Column("contact", sa.String(length=80), nullable=False),
        sa.Column("phone", sa.String(length=80), nullable=False),
        sa.Column("bill_to", sa.Text(), nullable=False),
        sa.Column("ship_to", sa.Text(), nullable=False),
        sa.Column("invoice_name", sa.String(length=200), nullable=False),
        sa.Column("invoice_tax_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_address", sa.Text(), nullable=False),
        sa.Column("invoice_phone", sa.String(length=80), nullable=False),
        sa.Column("invoice_bank", sa.String(length=200), nullable=False),
        sa.Column("invoice_account", sa.String(length=80), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=True),
        sa.Column("terms_kind", sa.String(length=10), nullable=False),
        sa.Column("terms_days", sa.Integer(), nullable=False),
        sa.Column("price_level", sa.Integer(), nullable=False),
        sa.Column("salesperson", sa.String(length=80), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("qualification", sa.Text(), nullable=False),
        sa.Column("quality_score", sa.Integer(), nullable=True),
        sa.Column("on_time_score", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
        sa.UniqueConstraint("code", name=op.f("uq_party_code")),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_name"), ["name"], unique=False)
        batch_op.create_index("ix_party_search", ["search_key"], unique=False)

    op.create_table(
        "product",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("barcode", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("spec", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("base_unit", sa.String(length=20), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("retail_price", sa.BigInteger(), nullable=False),
        sa.Column("cost_price", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate", sa.BigInteger(), nullable=True),
        sa.Column("min_order_qty", sa.BigInteger(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
        sa.UniqueConstraint("code", name=op.f("uq_product_code")),
    )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_barcode"), ["barcode"], unique=False)
        batch_op.create_index(batch_op.f("ix_product_name"), ["name"], unique=False)
        batch_op.create_index("ix_product_search", ["search_key"], unique=False)

    op.create_table(
        "document",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=True),
        sa.Column("doc_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("source_id", sa.Uuid(), nullable=True),
        sa.Column("reverses_id", sa.Uuid(), nullable=True),
        sa.Column("salesperson", sa.String(length=80), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("prices_include_tax", sa.Boolean(), nullable=False),
        sa.Column("net_total", sa.BigInteger(), nullable=False),
        sa.Column("tax_total", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("ship_to", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("desk", sa.String(length=8), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("print_count", sa.Integer(), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_document_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["document.id"], name=op.f("fk_document_reverses_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["document.id"], name=op.f("fk_document_source_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("external_ref", name=op.f("uq_document_external_ref")),
        sa.UniqueConstraint("number", name=op.f("uq_document_number")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index("ix_document_kind_date", ["kind", "doc_date"], unique=False)
        batch_op.create_index("ix_document_party_kind", ["party_id", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_source_id"), ["source_id"], unique=False)

    op.create_table(
        "fapiao",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("net_amount", sa.BigInteger(), nullable=False),
        sa.Column("tax_amount", sa.BigInteger(), nullable=False),
        sa.Column("total_amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("red_of_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_fapiao_party_id_party")),
        sa.ForeignKeyConstraint(
            ["red_of_id"], ["fapiao.id"], name=op.f("fk_fapiao_red_of_id_fapiao")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fapiao")),
        sa.UniqueConstraint("code", "number", "direction", name=op.f("uq_fapiao_code")),
    )
    with op.batch_alter_table("fapiao", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fapiao_party_id"), ["party_id"], unique=False)

    op.create_table(
        "party_balance",
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("account", sa.String(length=2), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_party_balance_party_id_party")
        ),
        sa.PrimaryKeyConstraint("party_id", "account", name=op.f("pk_party_balance")),
    )
    op.create_table(
        "party_contact",
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("phone", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_party_contact_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_contact")),
    )
    with op.batch_alter_table("party_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_contact_party_id"), ["party_id"], unique=False)

    op.create_table(
        "product_price",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("min_qty", sa.BigInteger(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_product_price_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_price")),
    )
    with op.batch_alter_table("product_price", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_price_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "product_unit",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("factor", sa.BigInteger(), nullable=False),
        sa.Column("barcode", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_product_unit_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_unit")),
        sa.UniqueConstraint("product_id", "unit", name=op.f("uq_product_unit_product_id")),
    )
    with op.batch_alter_table("product_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_unit_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "stock_balance",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_stock_balance_product_id_product")
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_stock_balance")),
    )
    op.create_table(
        "allocation",
        sa.Column("from_document_id", sa.Uuid(), nullable=False),
        sa.Column("to_document_id", sa.Uuid(), nullable=False),
        sa.Column("alloc_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_document_id"],
            ["document.id"],
            name=op.f("fk_allocation_from_document_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["to_document_id"], ["document.id"], name=op.f("fk_allocation_to_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation")),
    )
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_allocation_from_document_id"), ["from_document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_allocation_to_document_id"), ["to_document_id"], unique=False
        )

    op.create_table(
        "credit_override",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("policy", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("owner_approved", sa.Boolean(), nullable=False),
        sa.Column("order_total", sa.BigInteger(), nullable=False),
        sa.Column("available", sa.BigInteger(), nullable=False),
        sa.Column("overdue_days", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_credit_override_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_credit_override_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_override")),
    )
    with op.batch_alter_table("credit_override", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_override_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_credit_override_party_id"), ["party_id"], unique=False)

    op.create_table(
        "document_line",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_factor", sa.BigInteger(), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("discount_rate", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate", sa.BigInteger(), nullable=False),
        sa.Column("net_amount", sa.BigInteger(), nullable=False),
        sa.Column("tax_amount", sa.BigInteger(), nullable=False),
        sa.Column("total_amount", sa.BigInteger(), nullable=False),
        sa.Column("source_line_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_line_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_document_line_product_id_product")
        ),
        sa.ForeignKeyConstraint(
            ["source_line_id"],
            ["document_line.id"],
            name=op.f("fk_document_line_source_line_id_document_line"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_line")),
    )
    with op.batch_alter_table("document_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_line_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_line_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_line_source_line_id"), ["source_line_id"], unique=False
        )

    op.create_table(
        "fapiao_link",
        sa.Column("fapiao_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_fapiao_link_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["fapiao_id"], ["fapiao.id"], name=op.f("fk_fapiao_link_fapiao_id_fapiao")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fapiao_link")),
    )
    with op.batch_alter_table("fapiao_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fapiao_link_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fapiao_link_fapiao_id"), ["fapiao_id"], unique=False)

    op.create_table(
        "party_entry",
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("account", sa.String(length=2), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_party_entry_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_party_entry_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_entry")),
    )
    with op.batch_alter_table("party_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_entry_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            "ix_party_entry_party_date", ["party_id", "account", "entry_date"], unique=False
        )

    op.create_table(
        "stock_move",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("line_id", sa.Uuid(), nullable=True),
        sa.Column("move_date", sa.Date(), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_stock_move_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["document_line.id"], name=op.f("fk_stock_move_line_id_document_line")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_stock_move_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_move")),
    )
    with op.batch_alter_table("stock_move", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_move_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_move_line_id"), ["line_id"], unique=False)
        batch_op.create_index(
            "ix_stock_move_product_date", ["product_id", "move_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("stock_move", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_move_product_date")
        batch_op.drop_index(batch_op.f("ix_stock_move_line_id"))
        batch_op.drop_index(batch_op.f("ix_stock_move_document_id"))

    op.drop_table("stock_move")
    with op.batch_alter_table("party_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_party_entry_party_date")
        batch_op.drop_index(batch_op.f("ix_party_entry_document_id"))

    op.drop_table("party_entry")
    with op.batch_alter_table("fapiao_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fapiao_link_fapiao_id"))
        batch_op.drop_index(batch_op.f("ix_fapiao_link_document_id"))

    op.drop_table("fapiao_link")
    with op.batch_alter_table("document_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_line_source_line_id"))
        batch_op.drop_index(batch_op.f("ix_document_line_product_id"))
        batch_op.drop_index(batch_op.f("ix_document_line_document_id"))

    op.drop_table("document_line")
    with op.batch_alter_table("credit_override", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_override_party_id"))
        batch_op.drop_index(batch_op.f("ix_credit_override_document_id"))

    op.drop_table("credit_override")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_to_document_id"))
        batch_op.drop_index(batch_op.f("ix_allocation_from_document_id"))

    op.drop_table("allocation")
    op.drop_table("stock_balance")
    with op.batch_alter_table("product_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_unit_product_id"))

    op.drop_table("product_unit")
    with op.batch_alter_table("product_price", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_price_product_id"))

    op.drop_table("product_price")
    with op.batch_alter_table("party_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_contact_party_id"))

    op.drop_table("party_contact")
    op.drop_table("party_balance")
    with op.batch_alter_table("fapiao", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fapiao_party_id"))

    op.drop_table("fapiao")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_source_id"))
        batch_op.drop_index("ix_document_party_kind")
        batch_op.drop_index("ix_document_kind_date")

    op.drop_table("document")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index("ix_product_search")
        batch_op.drop_index(batch_op.f("ix_product_name"))
        batch_op.drop_index(batch_op.f("ix_product_barcode"))

    op.drop_table("product")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index("ix_party_search")
        batch_op.drop_index(batch_op.f("ix_party_name"))

    op.drop_table("party")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))

    op.drop_table("outbox")
    op.drop_table("number_series")
    op.drop_table("local_setting")
    op.drop_table("firm")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))

    op.drop_table("audit_log")
