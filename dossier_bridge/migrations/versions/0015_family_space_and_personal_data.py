"""family space and personal data

Revision ID: 0015
Revises: 0010
Create Date: 2026-11-29 17:36:57.815319
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_activity',
    sa.Column('keycloak_user_id', sa.String(length=64), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('keycloak_user_id')
    )
    op.create_table('account_erasure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('keycloak_user_id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('erased_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('keycloak_user_id')
    )
    with op.batch_alter_table('account_erasure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_erasure_erased_at'), ['erased_at'], unique=False)

    op.create_table('keycloak_event_cursor',
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('last_time_ms', sa.BigInteger(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('number_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('client_ip', sa.String(length=45), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mails_queued', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('number_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_number_reminder_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_number_reminder_processed_at'), ['processed_at'], unique=False)

    op.create_table('correction_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('keycloak_user_id', sa.String(length=64), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('account_email', sa.String(length=254), nullable=False),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'answered', name='correction_status', native_enum=False, length=30), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by_sub', sa.String(length=64), nullable=True),
    sa.Column('answered_by_username', sa.String(length=100), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('correction_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_request_keycloak_user_id'), ['keycloak_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_request_status'), ['status'], unique=False)

    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_imported_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keycloak_user_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_mail_keycloak_user_id'), ['keycloak_user_id'], unique=False)

    op.create_index('ix_person_email_lower', 'person', [sa.text('lower(email)')], unique=False)
    # Dossiers already in the registry count as exported on the day of this release.
    op.execute("UPDATE dossier SET last_imported_at = CURRENT_TIMESTAMP")
    # The family-request e-mails already queued belong to the account of their request.
    op.execute(
        "UPDATE outbox_mail SET keycloak_user_id = (SELECT family_request.keycloak_user_id FROM family_request "
        "WHERE outbox_mail.dedup_key LIKE 'request-' || family_request.id || '-%')"
    )



def downgrade() -> None:
    op.drop_index('ix_person_email_lower', table_name='person')
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mail_keycloak_user_id'))
        batch_op.drop_column('keycloak_user_id')

    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('last_imported_at')

    with op.batch_alter_table('correction_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_request_status'))
        batch_op.drop_index(batch_op.f('ix_correction_request_keycloak_user_id'))
        batch_op.drop_index(batch_op.f('ix_correction_request_created_at'))

    op.drop_table('correction_request')
    with op.batch_alter_table('number_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_number_reminder_processed_at'))
        batch_op.drop_index(batch_op.f('ix_number_reminder_created_at'))

    op.drop_table('number_reminder')
    op.drop_table('keycloak_event_cursor')
    with op.batch_alter_table('account_erasure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_erasure_erased_at'))

    op.drop_table('account_erasure')
    op.drop_table('account_activity')

