"""Annotations indexed by document and start: an article's view reads them a stretch of text at a time.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_annotations_document_start", "annotations", ["document_id", "start_offset"])


def downgrade() -> None:
    op.drop_index("ix_annotations_document_start", "annotations")
