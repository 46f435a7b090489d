"""matching keys: blocking keys of the duplicate detection engine

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 17:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matching_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", "key", name="uq_matching_key_dossier_key"),
    )
    with op.batch_alter_table("matching_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matching_key_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index("ix_matching_key_key", ["key"], unique=False)
    # Dossiers imported before this revision get their keys now, so that the
    # duplicate search sees the whole registry from the first request on.
    from dossier_bridge.matching.index import rebuild_keys_on

    rebuild_keys_on(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("matching_key", schema=None) as batch_op:
        batch_op.drop_index("ix_matching_key_key")
        batch_op.drop_index(batch_op.f("ix_matching_key_dossier_id"))
    op.drop_table("matching_key")
