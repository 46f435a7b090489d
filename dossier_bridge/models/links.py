"""Accounts linked to dossiers, and the audit trail of dossier number checks."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, Enum, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier_bridge.db import Base
from dossier_bridge.models.registry import Dossier, Person


class LinkStatus(str, enum.Enum):
    PENDING_ACTIVATION = "pending_activation"
    ACTIVE = "active"
    RELEASED = "released"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e], native_enum=False, length=30)


class AccountLink(Base):
    """One Keycloak account claiming one responsible adult of a dossier."""

    __tablename__ = "account_link"
    __table_args__ = (
        # A responsible adult has at most one live account; a released claim frees the slot.
        Index(
            "uq_account_link_live_person", "person_id", unique=True,
            sqlite_where=text("status != 'released'"), postgresql_where=text("status != 'released'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    keycloak_user_id: Mapped[str] = mapped_column(String(64), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[LinkStatus] = mapped_column(_enum(LinkStatus, "link_status"), default=LinkStatus.PENDING_ACTIVATION)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    activated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    released_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    release_reason: Mapped[str | None] = mapped_column(String(100))

    dossier: Mapped[Dossier] = relationship()
    person: Mapped[Person] = relationship()


class VerificationAttempt(Base):
    """Who asked to check which number, from where, and what was answered.

    Deliberately holds no password and no request body: only what an audit
    of enumeration attempts needs.
    """

    __tablename__ = "verification_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    dossier_number: Mapped[str] = mapped_column(String(40), index=True)
    client_ip: Mapped[str | None] = mapped_column(String(45), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    result: Mapped[str] = mapped_column(String(30))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
