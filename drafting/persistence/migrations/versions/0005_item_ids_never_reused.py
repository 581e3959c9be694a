"""item ids never given twice (SQLite)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite gives a deleted row's id to the next row unless the table is AUTOINCREMENT, which only
    # a table made anew can become; PostgreSQL's sequences never give an id twice.
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("items", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("items", recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass
