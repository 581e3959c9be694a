"""the agenda an outcome was made from, kept to check the outcome against

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Null for every outcome already there: none of them kept the agenda it may have come from.
    op.add_column("outcomes", sa.Column("agenda", sa.JSON(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): rebuilding the table instead would, with
    # foreign keys on, take every item of every outcome with it.
    op.drop_column("outcomes", "agenda")
