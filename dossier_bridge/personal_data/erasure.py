"""Erasing what the bridge holds for a deleted Keycloak account, keeping only the administrative record.

Called for every deletion the worker learns about (the family's own, staff's
in the admin console, the retention jobs'), and again if it learns twice:
erasing is idempotent. What stays, and why, is documented in
docs/personal-data.md ("What an erasure keeps"):

- the dossier registry (the city's own file, a copy of the billing system),
  which the account never owned;
- staff decisions (who decided what, when, on which dossier), without the
  message they sent the family;
- the account's family requests and correction requests as empty shells
  (status and dates), because decisions point to them;
- its released links (which dossier adult the account held, and when),
  without its e-mail, until the released-links retention ends;
- an erasure record: the account id, who deleted it, when, and counts.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from dossier_bridge.models import (
    AccountActivity, AccountErasure, AccountLink, CorrectionRequest, Decision, FamilyRequest, KeycloakSync,
    LinkStatus, NumberReminder, OutboxMail, ProposedUpdate, RequestStatus, SignInSession, VerificationAttempt,
)

log = logging.getLogger(__name__)

# Who deleted the account (AccountErasure.source).
BY_FAMILY, BY_STAFF, BY_RETENTION, FOUND_MISSING = "family", "staff", "retention", "found_missing"
ACCOUNT_DELETED = "account_deleted"


def anonymise_request(request: FamilyRequest) -> None:
    """Keep the request's status and dates (decisions point to it), drop everything the family typed."""
    request.account_email = ""
    request.account_last_name = ""
    request.account_first_name = ""
    request.submitted = {}
    request.staff_message = None
    # Unique, and no longer the family's: a replay of the old key finds nothing.
    request.idempotency_key = f"erased-{request.id}"


def anonymise_correction(correction: CorrectionRequest) -> None:
    correction.account_email = ""
    correction.account_name = ""
    correction.message = ""
    correction.answer = None


def is_erased(session: Session, keycloak_user_id: str) -> bool:
    query = select(AccountErasure.id).where(AccountErasure.keycloak_user_id == keycloak_user_id)
    return session.scalars(query).first() is not None


def erase_account(session: Session, keycloak_user_id: str, source: str, deleted_at: dt.datetime | None = None,
                  now: dt.datetime | None = None) -> AccountErasure:
    """Erase (or anonymise) every row the bridge holds for this account; returns the erasure record."""
    now = now or dt.datetime.now(dt.timezone.utc)
    addresses = _addresses_of(session, keycloak_user_id)
    summary = {
        "links": _release_links(session, keycloak_user_id, now),
        "family_requests": _close_requests(session, keycloak_user_id, now),
        "corrections": _anonymise_corrections(session, keycloak_user_id),
        "keycloak_updates": session.execute(
            delete(KeycloakSync).where(KeycloakSync.keycloak_user_id == keycloak_user_id)).rowcount,
        "mails": _delete_mails(session, keycloak_user_id, addresses),
        "audit_addresses": _forget_addresses(session, addresses),
        "activity": session.execute(
            delete(AccountActivity).where(AccountActivity.keycloak_user_id == keycloak_user_id)).rowcount,
        # Its sign-ins to the bridge hold its names and dossier claims (and Keycloak has ended them anyway).
        "sign_ins": session.execute(
            delete(SignInSession).where(SignInSession.subject == keycloak_user_id)).rowcount,
    }
    record = session.scalars(select(AccountErasure).where(AccountErasure.keycloak_user_id == keycloak_user_id)).first()
    first = record is None
    if first:
        record = AccountErasure(keycloak_user_id=keycloak_user_id, source=source, deleted_at=deleted_at,
                                erased_at=now, summary=summary)
        session.add(record)
    else:
        # Learnt twice (the family's event and the sweep): the first record stands, counts add up.
        record.summary = {key: record.summary.get(key, 0) + value for key, value in summary.items()}
        if source == BY_RETENTION and record.source == BY_STAFF:
            # The job's own deletion is an admin event too, which a follower may have read first:
            # the job knows first-hand that it deleted the account.
            record.source = BY_RETENTION
    session.flush()
    # The follower reads each deletion again for a minute: only an erasure that did something is news.
    level = logging.INFO if first or any(summary.values()) else logging.DEBUG
    log.log(level, "account %s erased (%s): %s", keycloak_user_id, source, summary)
    return record


def _addresses_of(session: Session, user_id: str) -> set[str]:
    """Every e-mail address the bridge knows this account by (lower case)."""
    found: set[str] = set()
    for column, owner in ((AccountLink.email, AccountLink.keycloak_user_id),
                          (FamilyRequest.account_email, FamilyRequest.keycloak_user_id),
                          (CorrectionRequest.account_email, CorrectionRequest.keycloak_user_id),
                          (OutboxMail.recipient, OutboxMail.keycloak_user_id)):
        found.update(a.strip().lower() for a in session.scalars(select(column).where(owner == user_id)) if a)
    return found


def _release_links(session: Session, user_id: str, now: dt.datetime) -> int:
    live = session.execute(
        update(AccountLink)
        .where(AccountLink.keycloak_user_id == user_id, AccountLink.status != LinkStatus.RELEASED)
        .values(status=LinkStatus.RELEASED, released_at=now, release_reason=ACCOUNT_DELETED)
    ).rowcount
    session.execute(update(AccountLink).where(AccountLink.keycloak_user_id == user_id).values(email=None))
    return live


def _close_requests(session: Session, user_id: str, now: dt.datetime) -> int:
    requests = list(session.scalars(select(FamilyRequest).where(FamilyRequest.keycloak_user_id == user_id)))
    # Counted: the requests that still held something of the family (a second erasure finds none).
    held = sum(1 for r in requests if r.submitted or r.account_email or r.staff_message or not r.status.closed)
    for request in requests:
        if not request.status.closed:
            request.status = RequestStatus.WITHDRAWN
            request.version += 1
            request.decided_at = now
        anonymise_request(request)
    decision_ids = [d for r in requests for d in session.scalars(select(Decision.id).where(Decision.request_id == r.id))]
    if decision_ids:
        # What staff wrote to the family may quote it; the decision itself (who, what, when) stays.
        session.execute(update(Decision).where(Decision.id.in_(decision_ids)).values(message=None))
        # Details the family gave for an existing dossier, not yet applied by staff.
        session.execute(delete(ProposedUpdate).where(ProposedUpdate.decision_id.in_(decision_ids)))
    return held


def _anonymise_corrections(session: Session, user_id: str) -> int:
    corrections = list(session.scalars(select(CorrectionRequest).where(CorrectionRequest.keycloak_user_id == user_id)))
    held = sum(1 for c in corrections if c.account_email or c.account_name or c.message or c.answer)
    for correction in corrections:
        anonymise_correction(correction)
    return held


def _delete_mails(session: Session, user_id: str, addresses: set[str]) -> int:
    # The account's own e-mails, and those sent to its addresses for no account (a lost number).
    owned = OutboxMail.keycloak_user_id == user_id
    to_address = OutboxMail.keycloak_user_id.is_(None) & func.lower(OutboxMail.recipient).in_(addresses)
    return session.execute(delete(OutboxMail).where(or_(owned, to_address) if addresses else owned)).rowcount


def _forget_addresses(session: Session, addresses: set[str]) -> int:
    """The security logs keep what was asked and when, no longer by whom."""
    if not addresses:
        return 0
    attempts = session.execute(
        update(VerificationAttempt).where(func.lower(VerificationAttempt.email).in_(addresses)).values(email=None)
    ).rowcount
    reminders = session.execute(
        update(NumberReminder).where(func.lower(NumberReminder.email).in_(addresses)).values(email=None)
    ).rowcount
    return attempts + reminders
