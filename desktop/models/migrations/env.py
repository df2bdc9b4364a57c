"""Alembic environment: always run on a connection handed over by ``desktop.models.db``."""

from __future__ import annotations

from alembic import context

from desktop.models import Base
from desktop.models.db import described_by_models

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used by the alembic command line
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///dev.zhangfang"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
    compare_type=True,
    include_name=described_by_models,
)
with context.begin_transaction():
    context.run_migrations()
