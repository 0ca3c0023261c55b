"""Review decisions on relations: the analysts' relations a decision came from, and the gold relation it made.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("relation_sources", sa.JSON, nullable=True))
        batch.add_column(sa.Column("gold_relation_id", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("gold_relation_id")
        batch.drop_column("relation_sources")
