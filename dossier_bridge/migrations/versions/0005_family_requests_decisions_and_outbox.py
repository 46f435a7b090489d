"""family requests, decisions and outbox

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 16:48:02.128125
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    counter = op.create_table('dossier_counter',
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    # Dossiers created by staff are numbered from 500001 on.
    op.bulk_insert(counter, [{"name": "dossier", "value": 500000}])
    op.create_table('outbox_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key')
    )
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_mail_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mail_status'), ['status'], unique=False)

    op.create_table('family_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('keycloak_user_id', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('pending_review', 'info_requested', 'attached', 'created', name='request_status', native_enum=False, length=30), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('account_email', sa.String(length=254), nullable=False),
    sa.Column('account_last_name', sa.String(length=100), nullable=False),
    sa.Column('account_first_name', sa.String(length=100), nullable=False),
    sa.Column('submitted', sa.JSON(), nullable=False),
    sa.Column('staff_message', sa.Text(), nullable=True),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key')
    )
    with op.batch_alter_table('family_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_request_keycloak_user_id'), ['keycloak_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_request_status'), ['status'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('create_dossier', 'attach_dossier', 'request_info', name='decision_action', native_enum=False, length=30), nullable=False),
    sa.Column('staff_sub', sa.String(length=64), nullable=False),
    sa.Column('staff_username', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['family_request.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_request_id'), ['request_id'], unique=False)

    op.create_table('keycloak_sync',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('keycloak_user_id', sa.String(length=64), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('keycloak_sync', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keycloak_sync_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_keycloak_sync_keycloak_user_id'), ['keycloak_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_keycloak_sync_status'), ['status'], unique=False)

    op.create_table('proposed_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], ),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('proposed_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposed_update_dossier_id'), ['dossier_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('proposed_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposed_update_dossier_id'))

    op.drop_table('proposed_update')
    with op.batch_alter_table('keycloak_sync', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keycloak_sync_status'))
        batch_op.drop_index(batch_op.f('ix_keycloak_sync_keycloak_user_id'))
        batch_op.drop_index(batch_op.f('ix_keycloak_sync_decision_id'))

    op.drop_table('keycloak_sync')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_request_id'))

    op.drop_table('decision')
    with op.batch_alter_table('family_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_request_status'))
        batch_op.drop_index(batch_op.f('ix_family_request_keycloak_user_id'))
        batch_op.drop_index(batch_op.f('ix_family_request_created_at'))

    op.drop_table('family_request')
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mail_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_mail_next_attempt_at'))

    op.drop_table('outbox_mail')
    op.drop_table('dossier_counter')
