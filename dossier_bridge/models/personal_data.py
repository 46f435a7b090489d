"""Tables of the family's own space and of the personal-data duties: corrections, lost numbers, erasures, activity."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier_bridge.db import Base
from dossier_bridge.models.links import _enum
from dossier_bridge.models.registry import Dossier


class CorrectionStatus(str, enum.Enum):
    OPEN = "open"
    ANSWERED = "answered"


class CorrectionRequest(Base):
    """"Signaler une erreur": a family says what the registry holds wrong; staff answer it."""

    __tablename__ = "correction_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    keycloak_user_id: Mapped[str] = mapped_column(String(64), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"))
    account_email: Mapped[str] = mapped_column(String(254))
    account_name: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[CorrectionStatus] = mapped_column(_enum(CorrectionStatus, "correction_status"), index=True,
                                                    default=CorrectionStatus.OPEN)
    # Bumped by the answer: of two agents answering at once, only the first one wins.
    version: Mapped[int] = mapped_column(Integer, default=1)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_sub: Mapped[str | None] = mapped_column(String(64))
    answered_by_username: Mapped[str | None] = mapped_column(String(100))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)

    dossier: Mapped[Dossier | None] = relationship()


class NumberReminder(Base):
    """"J'ai perdu mon numéro de dossier": stored as asked, looked up and answered by the worker.

    The page answers the same whatever the address; the lookup happens later,
    so that neither the answer nor its timing says whether the registry knows it.
    The address is cleared once the request has been handled.
    """

    __tablename__ = "number_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254))
    client_ip: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    mails_queued: Mapped[int | None] = mapped_column(Integer)


class AccountErasure(Base):
    """The record that a deleted account's data was erased: when, why, and how much (counts only)."""

    __tablename__ = "account_erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    keycloak_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    # Who deleted the account: the family itself, staff (admin console or API), or the retention jobs.
    source: Mapped[str] = mapped_column(String(30))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class KeycloakEventCursor(Base):
    """How far the worker has read one of Keycloak's persisted event logs (milliseconds, Keycloak's clock)."""

    __tablename__ = "keycloak_event_cursor"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    last_time_ms: Mapped[int] = mapped_column(BigInteger)
    # When the bridge began following: sign-ins before it are unknown, so no account looks older than this.
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AccountActivity(Base):
    """The last sign-in seen for an account, and whether it was warned before deletion for inactivity."""

    __tablename__ = "account_activity"

    keycloak_user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    warned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
