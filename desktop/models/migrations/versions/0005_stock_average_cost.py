"""store the moving-average cost with the stock position

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

The stock screen computed the average in SQL with a rule of its own (positive stock only),
so at negative stock it disagreed with the posting service and ``zhangfang stock``. The
posting rules now store the average next to the position they move, and every reader reads
that column. Existing positions get it here: value / quantity to 6 decimals (half up) when
positive, otherwise none (the product's cost price stands in), as ``services.costing`` says.
"""

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _average(qty: int, value: int) -> int | None:
    """qty ×10⁴ and value ×10⁴ stored; the average ×10⁶, or None."""
    if qty == 0:
        return None
    avg = (Decimal(value) / Decimal(qty)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return int(avg.scaleb(6)) if avg > 0 else None


def upgrade() -> None:
    with op.batch_alter_table("stock_balance") as batch:
        batch.add_column(sa.Column("avg_cost", sa.BigInteger(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT product_id, qty, value FROM stock_balance")).all()
    for product_id, qty, value in rows:
        conn.execute(
            sa.text("UPDATE stock_balance SET avg_cost = :avg WHERE product_id = :id"),
            {"avg": _average(qty, value), "id": product_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("stock_balance") as batch:
        batch.drop_column("avg_cost")
