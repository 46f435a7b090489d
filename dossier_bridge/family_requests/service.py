"""Storing a family request (idempotently) and reading it back for the family's form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier_bridge.family_requests.validation import FieldError, parse_date, validate
from dossier_bridge.mail_outbox import MailTemplates, queue_mail
from dossier_bridge.models import FamilyRequest, RequestStatus
from dossier_bridge.verification.identity import Claimant


class AlreadyDecided(Exception):
    """Staff already created or attached this family's dossier."""


class KeyOfAnotherAccount(Exception):
    """The idempotency key was first used by another account: its answer is not this caller's."""


class Invalid(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__(f"{len(errors)} invalid field(s)")
        self.errors = errors


@dataclass(frozen=True)
class Account:
    keycloak_user_id: str
    email: str
    last_name: str
    first_name: str


def submit(session: Session, mail: MailTemplates, account: Account, idempotency_key: str, payload: Mapping[str, Any],
           today: dt.date | None = None) -> tuple[FamilyRequest, bool]:
    """Store the request; returns it and whether this call created it."""
    replay = session.scalars(select(FamilyRequest).where(FamilyRequest.idempotency_key == idempotency_key)).first()
    if replay is not None:
        if replay.keycloak_user_id != account.keycloak_user_id:
            raise KeyOfAnotherAccount()
        return replay, False
    data, errors = validate(payload, today)
    if errors:
        raise Invalid(errors)
    current = latest_for_account(session, account.keycloak_user_id)
    if current is not None and current.status.decided:
        raise AlreadyDecided()
    if current is not None:
        _resubmit(session, mail, current, idempotency_key, data, account)
        return current, False
    request = FamilyRequest(
        keycloak_user_id=account.keycloak_user_id, idempotency_key=idempotency_key,
        status=RequestStatus.PENDING_REVIEW, version=1, account_email=account.email,
        account_last_name=account.last_name, account_first_name=account.first_name, submitted=data,
    )
    session.add(request)
    session.flush()
    queue_mail(session, mail, f"request-{request.id}-received", account.email, "request_received",
               first_name=account.first_name, last_name=account.last_name, request_id=request.id)
    return request, True


def _resubmit(session: Session, mail: MailTemplates, request: FamilyRequest, key: str, data: dict,
              account: Account) -> None:
    answered_info_request = request.status is RequestStatus.INFO_REQUESTED
    request.idempotency_key = key
    request.submitted = data
    request.status = RequestStatus.PENDING_REVIEW
    request.version += 1
    request.submitted_at = dt.datetime.now(dt.timezone.utc)
    session.flush()
    if answered_info_request:
        queue_mail(session, mail, f"request-{request.id}-answered-v{request.version}", account.email, "request_answered",
                   first_name=account.first_name, last_name=account.last_name, request_id=request.id)


def latest_for_account(session: Session, keycloak_user_id: str) -> FamilyRequest | None:
    query = (
        select(FamilyRequest).where(FamilyRequest.keycloak_user_id == keycloak_user_id)
        .order_by(FamilyRequest.id.desc()).limit(1)
    )
    return session.scalars(query).first()


def account_adult(request: FamilyRequest) -> Claimant:
    """The account's adult as the request names them: the identity FranceConnect vouched for, when there is one."""
    identity = request.submitted.get("identity")
    if not identity:
        return Claimant(last_name=request.account_last_name, first_name=request.account_first_name)
    return Claimant(last_name=identity["family_name"], first_name=identity["given_names"],
                    usage_name=identity.get("usage_name", ""), birth_date=parse_date(identity.get("birth_date", "")),
                    source=identity["source"])
