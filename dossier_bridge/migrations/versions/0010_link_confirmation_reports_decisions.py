"""link confirmation, reports of links and staff decisions on them

Revision ID: 0010
Revises: 0005
Create Date: 2026-11-29 17:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('account_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmation', sa.Enum('email_match', 'notice_sent', 'no_known_address', 'staff',
                                                              name='link_confirmation', native_enum=False, length=30),
                                      nullable=True))
    op.create_table('link_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('reporter_email', sa.String(length=254), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('open', 'undone', 'dismissed', name='report_status', native_enum=False, length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['link_id'], ['account_link.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('link_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_report_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_report_status'), ['status'], unique=False)
    op.create_table('link_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('undo_link', 'dismiss_report', name='link_action', native_enum=False, length=30), nullable=False),
    sa.Column('staff_sub', sa.String(length=64), nullable=False),
    sa.Column('staff_username', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['account_link.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['link_report.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('link_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_decision_link_id'), ['link_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('link_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_decision_link_id'))
    op.drop_table('link_decision')
    with op.batch_alter_table('link_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_report_status'))
        batch_op.drop_index(batch_op.f('ix_link_report_link_id'))
    op.drop_table('link_report')
    with op.batch_alter_table('account_link', schema=None) as batch_op:
        batch_op.drop_column('confirmation')
