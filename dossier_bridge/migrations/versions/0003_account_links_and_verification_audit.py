"""account links and verification audit

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 16:36:13.040099
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('keycloak_user_id', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.Enum('pending_activation', 'active', 'released', name='link_status', native_enum=False, length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('release_reason', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('account_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_link_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_link_keycloak_user_id'), ['keycloak_user_id'], unique=False)
        batch_op.create_index('uq_account_link_live_person', ['person_id'], unique=True, sqlite_where=sa.text("status != 'released'"), postgresql_where=sa.text("status != 'released'"))

    op.create_table('verification_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('dossier_number', sa.String(length=40), nullable=False),
    sa.Column('client_ip', sa.String(length=45), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('result', sa.String(length=30), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('verification_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_attempt_client_ip'), ['client_ip'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempt_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempt_dossier_number'), ['dossier_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('verification_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_attempt_dossier_number'))
        batch_op.drop_index(batch_op.f('ix_verification_attempt_created_at'))
        batch_op.drop_index(batch_op.f('ix_verification_attempt_client_ip'))

    op.drop_table('verification_attempt')
    with op.batch_alter_table('account_link', schema=None) as batch_op:
        batch_op.drop_index('uq_account_link_live_person', sqlite_where=sa.text("status != 'released'"), postgresql_where=sa.text("status != 'released'"))
        batch_op.drop_index(batch_op.f('ix_account_link_keycloak_user_id'))
        batch_op.drop_index(batch_op.f('ix_account_link_dossier_id'))

    op.drop_table('account_link')
