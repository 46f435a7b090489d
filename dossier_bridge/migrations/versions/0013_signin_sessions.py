"""server-side sign-in sessions and used logout tokens

Revision ID: 0013
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'signin_session',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('client', sa.Enum('family', 'staff', name='signin_client', native_enum=False, length=20),
                  nullable=False),
        sa.Column('keycloak_sid', sa.String(length=64), nullable=True),
        sa.Column('subject', sa.String(length=64), nullable=False),
        sa.Column('profile', sa.JSON(), nullable=False),
        sa.Column('refresh_token', sa.Text(), nullable=True),
        sa.Column('id_token', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('validated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('signin_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signin_session_keycloak_sid'), ['keycloak_sid'], unique=False)
        batch_op.create_index(batch_op.f('ix_signin_session_subject'), ['subject'], unique=False)
        batch_op.create_index(batch_op.f('ix_signin_session_expires_at'), ['expires_at'], unique=False)

    op.create_table(
        'logout_token_use',
        sa.Column('jti', sa.String(length=200), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('jti'),
    )
    with op.batch_alter_table('logout_token_use', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logout_token_use_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_table('logout_token_use')
    op.drop_table('signin_session')
