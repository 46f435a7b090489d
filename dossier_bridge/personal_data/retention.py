"""The purge jobs: each kind of personal data leaves the bridge when its retention period has passed.

Every job takes the time to judge by (``now``), so that tests move the clock
instead of waiting, and removes exactly the rows older than ``now`` minus
the period, nothing younger. The periods are settings
(``RetentionPeriods``); docs/personal-data.md lists each table, its period
and why. Jobs on Keycloak accounts (never activated, inactive) live in
``personal_data.accounts``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from dossier_bridge.data_protection import RetentionPeriods
from dossier_bridge.keycloak_users import DirectoryUnavailable, FamilyAccounts
from dossier_bridge.models import (
    AccountErasure, AccountLink, CorrectionRequest, CorrectionStatus, Decision, Dossier, FamilyRequest, KeycloakSync,
    LinkDecision, LinkReport, LinkStatus, NumberReminder, OutboxMail, ProposedUpdate, ReportStatus, RequestStatus,
    VerificationAttempt,
)
from dossier_bridge.personal_data.erasure import FOUND_MISSING, anonymise_correction, anonymise_request, erase_account

log = logging.getLogger(__name__)

_CLOSED_REQUESTS = (RequestStatus.ATTACHED, RequestStatus.CREATED, RequestStatus.WITHDRAWN)
_OPEN_REQUESTS = (RequestStatus.PENDING_REVIEW, RequestStatus.INFO_REQUESTED)
_LIVE_LINKS = (LinkStatus.PENDING_ACTIVATION, LinkStatus.ACTIVE)


@dataclass
class PurgeReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count


def purge_verification_log(session: Session, periods: RetentionPeriods, now: dt.datetime) -> int:
    """Dossier checks and lost-number requests (with their addresses) older than the security-log period."""
    limit = now - periods.period("verification_attempts_days")
    attempts = session.execute(delete(VerificationAttempt).where(VerificationAttempt.created_at < limit)).rowcount
    # A request not handled yet is kept whatever its age: the family is owed its answer.
    reminders = session.execute(
        delete(NumberReminder).where(NumberReminder.created_at < limit, NumberReminder.processed_at.is_not(None))
    ).rowcount
    return attempts + reminders


def purge_mail_bodies(session: Session, periods: RetentionPeriods, now: dt.datetime) -> int:
    """The text of e-mails sent long enough ago; the record that they were sent stays."""
    limit = now - periods.period("mail_body_days")
    return session.execute(
        update(OutboxMail)
        .where(OutboxMail.status == "sent", OutboxMail.sent_at < limit, OutboxMail.text_body != "")
        .values(text_body="", html_body="")
    ).rowcount


def purge_mail_records(session: Session, periods: RetentionPeriods, now: dt.datetime) -> int:
    """Sent e-mails past the record period, and e-mails that could never be delivered in that time."""
    limit = now - periods.period("mail_record_days")
    sent = and_(OutboxMail.status == "sent", OutboxMail.sent_at < limit)
    stuck = and_(OutboxMail.status != "sent", OutboxMail.created_at < limit)
    return session.execute(delete(OutboxMail).where(or_(sent, stuck))).rowcount


def purge_released_links(session: Session, periods: RetentionPeriods, now: dt.datetime) -> int:
    """Released claims on a dossier; one that staff undid stays (without its address) as long as their decision."""
    limit = now - periods.period("released_links_days")
    released = and_(AccountLink.status == LinkStatus.RELEASED, AccountLink.released_at < limit)
    decided = exists().where(LinkDecision.link_id == AccountLink.id)
    deleted = session.execute(delete(AccountLink).where(released, ~decided)).rowcount
    emptied = session.execute(
        update(AccountLink).where(released, decided, AccountLink.email.is_not(None)).values(email=None)
    ).rowcount
    return deleted + emptied


def purge_decided_requests(session: Session, periods: RetentionPeriods, now: dt.datetime) -> int:
    """What families typed in requests decided (or corrections answered) long enough ago; the shells stay."""
    limit = now - periods.period("decided_requests_days")
    count = 0
    requests = session.scalars(select(FamilyRequest).where(
        FamilyRequest.status.in_(_CLOSED_REQUESTS), FamilyRequest.decided_at < limit,
        FamilyRequest.idempotency_key.not_like("erased-%"),
    ))
    for request in requests:
        anonymise_request(request)
        count += 1
    corrections = session.scalars(select(CorrectionRequest).where(
        CorrectionRequest.status == CorrectionStatus.ANSWERED, CorrectionRequest.answered_at < limit,
        CorrectionRequest.account_email != "",
    ))
    for correction in corrections:
        anonymise_correction(correction)
        count += 1
    # What an adult wrote when reporting a link, once staff closed the report.
    count += session.execute(
        update(LinkReport).where(LinkReport.status != ReportStatus.OPEN, LinkReport.closed_at < limit,
                                 LinkReport.comment.is_not(None)).values(comment=None)
    ).rowcount
    # Details proposed for an existing dossier: staff had the period to apply them.
    count += session.execute(delete(ProposedUpdate).where(ProposedUpdate.created_at < limit)).rowcount
    # Keycloak updates carried out (or impossible) long ago: the decision they came from keeps the trace.
    count += session.execute(
        delete(KeycloakSync).where(KeycloakSync.status != "pending", KeycloakSync.created_at < limit)
    ).rowcount
    return count


def purge_administrative_record(session: Session, periods: RetentionPeriods, now: dt.datetime) -> int:
    """Decisions, closed requests, answered corrections and erasure records past the administrative period."""
    limit = now - periods.period("administrative_record_days")
    old_decisions = select(Decision.id).where(Decision.created_at < limit)
    count = session.execute(delete(KeycloakSync).where(KeycloakSync.decision_id.in_(old_decisions))).rowcount
    count += session.execute(delete(ProposedUpdate).where(ProposedUpdate.decision_id.in_(old_decisions))).rowcount
    count += session.execute(delete(Decision).where(Decision.created_at < limit)).rowcount
    has_decision = exists().where(Decision.request_id == FamilyRequest.id)
    count += session.execute(
        delete(FamilyRequest).where(FamilyRequest.status.in_(_CLOSED_REQUESTS), FamilyRequest.decided_at < limit,
                                    ~has_decision)
    ).rowcount
    count += session.execute(
        delete(CorrectionRequest).where(CorrectionRequest.status == CorrectionStatus.ANSWERED,
                                        CorrectionRequest.answered_at < limit)
    ).rowcount
    count += session.execute(delete(AccountErasure).where(AccountErasure.erased_at < limit)).rowcount
    count += session.execute(delete(LinkDecision).where(LinkDecision.created_at < limit)).rowcount
    count += session.execute(
        delete(LinkReport).where(LinkReport.status != ReportStatus.OPEN, LinkReport.closed_at < limit)
    ).rowcount
    return count


def purge_registry(session: Session, periods: RetentionPeriods, now: dt.datetime) -> int:
    """Dossiers the billing system stopped exporting long ago, that no account holds and nobody is asking about."""
    limit = now - periods.period("registry_days")
    last_seen = func.coalesce(Dossier.last_imported_at, Dossier.created_at)
    held = exists().where(AccountLink.dossier_id == Dossier.id, AccountLink.status.in_(_LIVE_LINKS))
    asked = exists().where(FamilyRequest.dossier_id == Dossier.id, FamilyRequest.status.in_(_OPEN_REQUESTS))
    corrected = exists().where(CorrectionRequest.dossier_id == Dossier.id,
                               CorrectionRequest.status == CorrectionStatus.OPEN)
    stale = list(session.scalars(select(Dossier.id).where(last_seen < limit, ~held, ~asked, ~corrected)))
    for start in range(0, len(stale), 500):
        ids = stale[start:start + 500]
        # Records that name the dossier keep their own meaning without it.
        session.execute(update(FamilyRequest).where(FamilyRequest.dossier_id.in_(ids)).values(dossier_id=None))
        session.execute(update(Decision).where(Decision.dossier_id.in_(ids)).values(dossier_id=None))
        session.execute(delete(ProposedUpdate).where(ProposedUpdate.dossier_id.in_(ids)))
        # Persons, their matching keys and released links go with the dossier (ON DELETE CASCADE).
        session.execute(delete(Dossier).where(Dossier.id.in_(ids)))
    return len(stale)


TABLE_JOBS = (
    ("verification log", purge_verification_log),
    ("mail bodies", purge_mail_bodies),
    ("mail records", purge_mail_records),
    ("released links", purge_released_links),
    ("decided requests", purge_decided_requests),
    ("administrative record", purge_administrative_record),
    ("registry", purge_registry),
)


def purge_tables(session: Session, periods: RetentionPeriods, now: dt.datetime) -> PurgeReport:
    report = PurgeReport()
    for name, job in TABLE_JOBS:
        report.add(name, job(session, periods, now))
    return report


def known_accounts(session: Session) -> set[str]:
    """Every account the bridge still holds something for."""
    found: set[str] = set()
    for column, where in (
        (AccountLink.keycloak_user_id, or_(AccountLink.email.is_not(None), AccountLink.status.in_(_LIVE_LINKS))),
        (FamilyRequest.keycloak_user_id, FamilyRequest.idempotency_key.not_like("erased-%")),
        (CorrectionRequest.keycloak_user_id, CorrectionRequest.account_email != ""),
        (OutboxMail.keycloak_user_id, OutboxMail.keycloak_user_id.is_not(None)),
    ):
        found.update(session.scalars(select(column).where(where).distinct()))
    erased = set(session.scalars(select(AccountErasure.keycloak_user_id)))
    return found - erased


def sweep_deleted_accounts(session: Session, directory: FamilyAccounts, now: dt.datetime) -> int:
    """Erase accounts Keycloak no longer has, whatever the events said: the net under the event log.

    One listing of the family accounts (a hundred per call) finds the candidates;
    each is confirmed gone one by one before anything is erased.
    """
    held = known_accounts(session)
    if not held:
        return 0
    erased = 0
    try:
        existing = {account.user_id for account in directory.accounts()}
        for user_id in sorted(held - existing):
            if directory.get(user_id) is None:
                erase_account(session, user_id, FOUND_MISSING, now=now)
                erased += 1
    except DirectoryUnavailable as exc:
        log.warning("account sweep stopped: Keycloak unavailable (%s); the next round starts again", exc)
    return erased
