"""Following linked accounts until they are activated, or releasing them.

An account that claimed a dossier at sign-up but never follows its
activation link must not hold the responsible adult's place forever: after
the configured delay the claim is released and the account loses its
dossier attributes, so the real parent can sign up.

The worker learns of an activation from Keycloak's events (the e-mail
verified, a sign-in), and asks Keycloak about that one account; a sweep of
every pending link, much less often, releases the expired ones and catches
anything the events missed. The sweep asks Keycloak for one listing of the
accounts still waiting (unconfirmed, with a linked dossier), a page per
hundred, and asks about single accounts only for the links missing from it
(activated or deleted since): one request per waiting account would be
thousands every round during a city's enrolment weeks.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable, Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier_bridge.db import utc
from dossier_bridge.keycloak_attributes import DOSSIER_NUMBER, DOSSIER_STATUS
from dossier_bridge.keycloak_users import DirectoryUnavailable, UserDirectory
from dossier_bridge.models import AccountLink, LinkStatus

log = logging.getLogger(__name__)


@dataclass
class ReconcileReport:
    activated: int = 0
    released: int = 0
    waiting: int = 0
    unreachable: int = 0


OnActivated = Callable[[Session, AccountLink], object]


def reconcile_pending_links(session: Session, directory: UserDirectory, ttl: dt.timedelta,
                            now: dt.datetime | None = None, on_activated: OnActivated | None = None,
                            user_ids: Collection[str] | None = None) -> ReconcileReport:
    """Every pending link (the sweep), or only those of `user_ids` (accounts Keycloak reports in use).

    `on_activated` runs in the same transaction for each link that becomes active (the notices).
    A link another worker is reconciling at the same moment is skipped, not handled twice.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    report = ReconcileReport()
    waiting: set[str] = set()
    if user_ids is None:
        try:
            waiting = directory.awaiting_activation()
        except DirectoryUnavailable as exc:
            log.warning("link sweep skipped: Keycloak unreachable (%s); will retry", exc)
            report.unreachable = _count_pending(session)
            return report
    query = select(AccountLink).where(AccountLink.status == LinkStatus.PENDING_ACTIVATION)
    if user_ids is not None:
        query = query.where(AccountLink.keycloak_user_id.in_(user_ids))
    pending = session.scalars(query.order_by(AccountLink.id).with_for_update(skip_locked=True))
    for link in pending:
        try:
            if link.keycloak_user_id in waiting:
                _still_waiting(link, directory, ttl, now, report)
            elif _reconcile(link, directory, ttl, now, report) and on_activated is not None:
                on_activated(session, link)
        except DirectoryUnavailable as exc:
            # Keycloak is down: leave the link as it is and try again next round.
            report.unreachable += 1
            log.warning("link %s: Keycloak unreachable (%s); will retry", link.id, exc)
    return report


def _count_pending(session: Session) -> int:
    query = select(func.count()).select_from(AccountLink).where(
        AccountLink.status == LinkStatus.PENDING_ACTIVATION)
    return session.scalar(query) or 0


def _reconcile(link: AccountLink, directory: UserDirectory, ttl: dt.timedelta, now: dt.datetime,
               report: ReconcileReport) -> bool:
    """Move the link on after asking Keycloak about its account; True when it has just become active."""
    account = directory.get(link.keycloak_user_id)
    if account is None:
        _release(link, now, "account_deleted")
        report.released += 1
    elif account.email_verified:
        link.status = LinkStatus.ACTIVE
        link.activated_at = now
        report.activated += 1
        return True
    else:
        _still_waiting(link, directory, ttl, now, report)
    return False


def _still_waiting(link: AccountLink, directory: UserDirectory, ttl: dt.timedelta, now: dt.datetime,
                   report: ReconcileReport) -> None:
    """An account not activated yet: released once the delay is over, left waiting before."""
    if utc(link.created_at) + ttl <= now:
        directory.set_attributes(link.keycloak_user_id, {DOSSIER_NUMBER: None, DOSSIER_STATUS: None})
        _release(link, now, "never_activated")
        report.released += 1
    else:
        report.waiting += 1


def _release(link: AccountLink, now: dt.datetime, reason: str) -> None:
    link.status = LinkStatus.RELEASED
    link.released_at = now
    link.release_reason = reason
    log.info("link %s of dossier %s released: %s", link.id, link.dossier_id, reason)

