"""Alembic environment of the server's database: run on a connection ``marketplace.db``
hands over."""

from __future__ import annotations

from alembic import context

from marketplace.db import include_object
from marketplace.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used by the alembic command line
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///server.db"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=include_object,
    version_table="alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
