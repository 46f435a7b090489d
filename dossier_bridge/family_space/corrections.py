""""Signaler une erreur": a family's correction request, the staff queue, and staff's answer.

The registry is a copy of the billing system: staff correct the billing
system (the next import carries the correction here) and answer the family,
who is told by e-mail. An answer is one transaction that records who and
when and queues the e-mail; the conditional UPDATE lets exactly one of two
agents answering at once win.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dossier_bridge.mail_outbox import MailTemplates, queue_mail
from dossier_bridge.models import CorrectionRequest, CorrectionStatus

MAX_MESSAGE = 2000
PAGE_SIZE = 50
RECEIVED, ANSWERED = "correction_received", "correction_answered"


@dataclass(frozen=True)
class Requester:
    keycloak_user_id: str
    email: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Answerer:
    sub: str
    username: str


class EmptyText(ValueError):
    """Nothing was written (or only spaces)."""


class TooLong(ValueError):
    pass


class Conflict(Exception):
    """Another agent answered first, or the request changed since the page was shown."""


def _text(raw: str | None) -> str:
    text = (raw or "").strip()
    if not text:
        raise EmptyText()
    if len(text) > MAX_MESSAGE:
        raise TooLong()
    return text


def submit(session: Session, mail: MailTemplates, requester: Requester, dossier_id: int | None,
           message: str | None) -> CorrectionRequest:
    correction = CorrectionRequest(
        keycloak_user_id=requester.keycloak_user_id, dossier_id=dossier_id, account_email=requester.email,
        account_name=f"{requester.first_name} {requester.last_name}".strip(), message=_text(message),
        status=CorrectionStatus.OPEN, version=1,
    )
    session.add(correction)
    session.flush()
    queue_mail(session, mail, f"correction-{correction.id}-received", requester.email, RECEIVED,
               account=requester.keycloak_user_id, first_name=requester.first_name, last_name=requester.last_name,
               correction_id=correction.id)
    return correction


def answer(session: Session, mail: MailTemplates, correction_id: int, version: int, text: str | None,
           staff: Answerer, now: dt.datetime | None = None) -> CorrectionRequest:
    reply = _text(text)
    now = now or dt.datetime.now(dt.timezone.utc)
    moved = session.execute(
        update(CorrectionRequest)
        .where(CorrectionRequest.id == correction_id, CorrectionRequest.version == version,
               CorrectionRequest.status == CorrectionStatus.OPEN)
        .values(status=CorrectionStatus.ANSWERED, version=CorrectionRequest.version + 1, answer=reply,
                answered_by_sub=staff.sub, answered_by_username=staff.username, answered_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise Conflict(correction_id)
    correction = session.get(CorrectionRequest, correction_id, populate_existing=True)
    queue_mail(session, mail, f"correction-{correction.id}-answered", correction.account_email, ANSWERED,
               account=correction.keycloak_user_id, name=correction.account_name, message=correction.message,
               answer=reply)
    return correction


@dataclass
class CorrectionQueue:
    corrections: list[CorrectionRequest]
    counts: dict[str, int]
    status: str


def queue_page(session: Session, status: str = CorrectionStatus.OPEN.value) -> CorrectionQueue:
    counts = dict(session.execute(
        select(CorrectionRequest.status, func.count()).group_by(CorrectionRequest.status)
    ).all())
    counts = {s.value: counts.get(s, 0) for s in CorrectionStatus}
    chosen = status if status in counts else CorrectionStatus.OPEN.value
    order = CorrectionRequest.created_at if chosen == CorrectionStatus.OPEN.value else CorrectionRequest.answered_at.desc()
    corrections = list(session.scalars(
        select(CorrectionRequest).where(CorrectionRequest.status == CorrectionStatus(chosen))
        .order_by(order, CorrectionRequest.id).limit(PAGE_SIZE)
    ))
    return CorrectionQueue(corrections, counts, chosen)
