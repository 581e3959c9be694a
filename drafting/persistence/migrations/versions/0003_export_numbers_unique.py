"""one export number per outcome

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exports") as batch_op:
        batch_op.create_unique_constraint("uq_exports_outcome_number", ["outcome_id", "number"])


def downgrade() -> None:
    with op.batch_alter_table("exports") as batch_op:
        batch_op.drop_constraint("uq_exports_outcome_number", type_="unique")
