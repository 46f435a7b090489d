"""Family requests from sign-ups without a dossier number, and staff decisions on them."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier_bridge.db import Base
from dossier_bridge.keycloak_attributes import DossierStatus
from dossier_bridge.models.links import _enum
from dossier_bridge.models.registry import Dossier


class RequestStatus(str, enum.Enum):
    # The two open states carry the name of the account status the family
    # sees meanwhile (`dossierStatus`), so that one word means one thing.
    PENDING_REVIEW = DossierStatus.PENDING_REVIEW.value
    INFO_REQUESTED = DossierStatus.INFO_REQUESTED.value
    ATTACHED = "attached"
    CREATED = "created"
    # The account was deleted before or after a decision: the request is closed and anonymised.
    WITHDRAWN = "withdrawn"

    @property
    def decided(self) -> bool:
        return self in (RequestStatus.ATTACHED, RequestStatus.CREATED)

    @property
    def closed(self) -> bool:
        return self.decided or self is RequestStatus.WITHDRAWN


class DecisionAction(str, enum.Enum):
    CREATE_DOSSIER = "create_dossier"
    ATTACH_DOSSIER = "attach_dossier"
    REQUEST_INFO = "request_info"


class FamilyRequest(Base):
    __tablename__ = "family_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    keycloak_user_id: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[RequestStatus] = mapped_column(_enum(RequestStatus, "request_status"), index=True)
    # Bumped by every change: a staff decision names the version it was made on,
    # so that of two agents acting at once only the first one wins.
    version: Mapped[int] = mapped_column(Integer, default=1)
    account_email: Mapped[str] = mapped_column(String(254))
    account_last_name: Mapped[str] = mapped_column(String(100))
    account_first_name: Mapped[str] = mapped_column(String(100))
    submitted: Mapped[dict[str, Any]] = mapped_column(JSON)
    staff_message: Mapped[str | None] = mapped_column(Text)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    dossier: Mapped[Dossier | None] = relationship()
    decisions: Mapped[list["Decision"]] = relationship(back_populates="request", order_by="Decision.id")


class Decision(Base):
    """Who decided what on which request, when, with the state before and after."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("family_request.id"), index=True)
    action: Mapped[DecisionAction] = mapped_column(_enum(DecisionAction, "decision_action"))
    staff_sub: Mapped[str] = mapped_column(String(64))
    staff_username: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"))
    message: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)

    request: Mapped[FamilyRequest] = relationship(back_populates="decisions")
    dossier: Mapped[Dossier | None] = relationship()


class ProposedUpdate(Base):
    """Details a family submitted for a dossier that already existed, kept for staff to apply."""

    __tablename__ = "proposed_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DossierCounter(Base):
    """The last number handed out to a dossier created by staff (one row)."""

    __tablename__ = "dossier_counter"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
