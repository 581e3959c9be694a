"""Migration environment: runs on the connection the application hands over."""

from __future__ import annotations

from alembic import context

from drafting.persistence.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through drafting.persistence.database.upgrade")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
