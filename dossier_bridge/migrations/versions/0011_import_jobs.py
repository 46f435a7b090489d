"""import jobs of the staff page; the name as exported when the import split it

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 17:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.Enum('queued', 'analysing', 'analysed', 'import_queued', 'importing', 'imported',
                                'refused', 'failed', 'cancelled', name='import_status', native_enum=False,
                                length=20), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('progress_done', sa.Integer(), nullable=False),
    sa.Column('progress_total', sa.Integer(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('staff_sub', sa.String(length=64), nullable=False),
    sa.Column('staff_username', sa.String(length=100), nullable=False),
    sa.Column('confirmed_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_import_job_status'), 'import_job', ['status'], unique=False)
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('name_as_exported', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.drop_column('name_as_exported')
    op.drop_index(op.f('ix_import_job_status'), table_name='import_job')
    op.drop_table('import_job')
