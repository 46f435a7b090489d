"""Accounts linked to dossiers, and the audit trail of dossier number checks."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier_bridge.db import Base
from dossier_bridge.models.registry import Dossier, Person


class LinkStatus(str, enum.Enum):
    PENDING_ACTIVATION = "pending_activation"
    ACTIVE = "active"
    RELEASED = "released"


class LinkConfirmation(str, enum.Enum):
    """How an activated link was confirmed to the dossier's responsible adults."""

    # The account's e-mail is the adult's own e-mail in the registry: nothing to tell anyone.
    EMAIL_MATCH = "email_match"
    # The dossier's known addresses were told, with a way to report the link.
    NOTICE_SENT = "notice_sent"
    # Nobody could be told (no other address in the registry): staff check it.
    NO_KNOWN_ADDRESS = "no_known_address"
    # Made by staff after reviewing a family request.
    STAFF = "staff"

    @property
    def flagged(self) -> bool:
        """Links staff should look at: made by someone whose e-mail the registry does not know."""
        return self in (LinkConfirmation.NOTICE_SENT, LinkConfirmation.NO_KNOWN_ADDRESS)


class ReportStatus(str, enum.Enum):
    OPEN = "open"
    UNDONE = "undone"
    DISMISSED = "dismissed"


class LinkAction(str, enum.Enum):
    UNDO = "undo_link"
    DISMISS_REPORT = "dismiss_report"


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
    # The creation time comes back with the INSERT (RETURNING), not by a second query.
    __mapper_args__ = {"eager_defaults": True}

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
    # Set when the link becomes active (None before, and for links older than the notices).
    confirmation: Mapped[LinkConfirmation | None] = mapped_column(_enum(LinkConfirmation, "link_confirmation"))

    dossier: Mapped[Dossier] = relationship()
    person: Mapped[Person] = relationship()
    reports: Mapped[list["LinkReport"]] = relationship(back_populates="link", order_by="LinkReport.id")
    decisions: Mapped[list["LinkDecision"]] = relationship(back_populates="link", order_by="LinkDecision.id")


class LinkReport(Base):
    """An adult of the dossier saying "this link is not me", from the notice's report link."""

    __tablename__ = "link_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("account_link.id", ondelete="CASCADE"), index=True)
    # The registry address the notice went to: where the answer goes.
    reporter_email: Mapped[str] = mapped_column(String(254))
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus, "report_status"), default=ReportStatus.OPEN, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    link: Mapped[AccountLink] = relationship(back_populates="reports")


class LinkDecision(Base):
    """Who undid a link or closed a report, when, why, with the state before and after."""

    __tablename__ = "link_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("account_link.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("link_report.id", ondelete="SET NULL"))
    action: Mapped[LinkAction] = mapped_column(_enum(LinkAction, "link_action"))
    staff_sub: Mapped[str] = mapped_column(String(64))
    staff_username: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    message: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)

    link: Mapped[AccountLink] = relationship(back_populates="decisions")


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
