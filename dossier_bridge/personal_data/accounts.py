"""Retention of Keycloak accounts themselves: never activated, or unused for years (warned first).

The bridge's service account may list and delete family accounts only
(fine-grained admin permissions: staff accounts are out of its reach). Each
deletion is followed at once by the erasure of the bridge's data for it; the
admin event Keycloak stores for the deletion leads to the same erasure again,
which changes nothing.

Inactivity is judged on the last sign-in the worker saw in Keycloak's events
(``keycloak_events``), never earlier than the account's creation nor than the
day the bridge began following sign-ins. As the CNIL recommends, the family
is told by e-mail before the deletion; the account is deleted only once that
e-mail has actually gone out and the notice period has passed without a
sign-in.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Iterator, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.data_protection import RetentionPeriods
from dossier_bridge.db import transaction, utc
from dossier_bridge.keycloak_users import AccountStore, AccountSummary
from dossier_bridge.mail_outbox import MailTemplates, queue_mail
from dossier_bridge.models import AccountActivity, OutboxMail
from dossier_bridge.personal_data.erasure import BY_RETENTION, FOUND_MISSING, erase_account
from dossier_bridge.personal_data.keycloak_events import following_since

log = logging.getLogger(__name__)

INACTIVE_WARNING = "inactive_account_warning"


@dataclass
class AccountsReport:
    unactivated_deleted: int = 0
    warned: int = 0
    inactive_deleted: int = 0


class ListedOnce:
    """The family accounts listed once for a whole retention round, then filtered in memory.

    Three jobs read the listing (accounts gone from Keycloak, never activated,
    inactive), and each page of it costs Keycloak a permission check per
    account: a round lists a city's tens of thousands of accounts once, not
    three times. Everything else goes to the real directory.
    """

    def __init__(self, directory):
        self._directory = directory
        self._all: list[AccountSummary] | None = None

    def accounts(self, *, email_verified: bool | None = None,
                 attributes: Mapping[str, str] | None = None) -> Iterator[AccountSummary]:
        if attributes:
            return self._directory.accounts(email_verified=email_verified, attributes=attributes)
        if self._all is None:
            self._all = list(self._directory.accounts())
        return (a for a in self._all if email_verified is None or a.email_verified == email_verified)

    def __getattr__(self, name: str):
        return getattr(self._directory, name)


def _created(account: AccountSummary) -> dt.datetime:
    return dt.datetime.fromtimestamp(account.created_ms / 1000, dt.timezone.utc)


def purge_unactivated(sessions: sessionmaker[Session], store: AccountStore, periods: RetentionPeriods,
                      now: dt.datetime) -> int:
    """Delete accounts whose e-mail was never confirmed within the period."""
    limit = now - periods.period("unactivated_accounts_days")
    stale = [a for a in store.accounts(email_verified=False) if not a.email_verified and _created(a) < limit]
    for account in stale:
        _delete(sessions, store, account.user_id, now, "never activated")
    return len(stale)


def handle_inactive(sessions: sessionmaker[Session], store: AccountStore, mail: MailTemplates,
                    periods: RetentionPeriods, now: dt.datetime) -> AccountsReport:
    """Warn accounts unused for the period minus the notice; delete those warned and still unused."""
    report = AccountsReport()
    notice = periods.period("inactive_notice_days")
    warn_after = periods.period("inactive_accounts_days") - notice
    accounts = [a for a in store.accounts(email_verified=True) if a.email_verified]
    for account in accounts:
        with transaction(sessions) as session:
            last = _last_activity(session, account)
            if last > now - warn_after:
                continue
            warning = _warning(session, account.user_id, last)
            if warning is None:
                _warn(session, mail, account, last, now, now + notice)
                report.warned += 1
                continue
            sent_at = utc(warning.sent_at) if warning.sent_at else None
        # Deleted only when the warning really went out, a full notice period ago.
        if sent_at is not None and sent_at + notice <= now:
            _delete(sessions, store, account.user_id, now, "inactive")
            report.inactive_deleted += 1
    return report


def _last_activity(session: Session, account: AccountSummary) -> dt.datetime:
    moments = [_created(account)]
    since = following_since(session)
    if since is not None:
        moments.append(since)
    activity = session.get(AccountActivity, account.user_id)
    if activity is not None and activity.last_sign_in_at is not None:
        moments.append(utc(activity.last_sign_in_at))
    return max(moments)


def _warning_key(user_id: str, last: dt.datetime) -> str:
    # One warning per period of inactivity: a sign-in starts a new period, and a new warning if needed.
    return f"inactive-{user_id}-{int(last.timestamp())}"


def _warning(session: Session, user_id: str, last: dt.datetime) -> OutboxMail | None:
    return session.scalars(select(OutboxMail).where(OutboxMail.dedup_key == _warning_key(user_id, last))).first()


def _warn(session: Session, mail: MailTemplates, account: AccountSummary, last: dt.datetime, now: dt.datetime,
          deletion: dt.datetime) -> None:
    if not account.email:
        log.warning("account %s is inactive but has no e-mail address to warn; it is kept", account.user_id)
        return
    queue_mail(session, mail, _warning_key(account.user_id, last), account.email, INACTIVE_WARNING,
               account=account.user_id, first_name=account.first_name, last_name=account.last_name,
               deletion_date=deletion.strftime("%d/%m/%Y"))
    activity = session.get(AccountActivity, account.user_id)
    if activity is None:
        session.add(AccountActivity(keycloak_user_id=account.user_id, warned_at=now))
    else:
        activity.warned_at = now


def _delete(sessions: sessionmaker[Session], store: AccountStore, user_id: str, now: dt.datetime, why: str) -> None:
    # Already gone (deleted by staff or the family since the listing): erased, but not claimed as the job's.
    source = BY_RETENTION if store.delete(user_id) else FOUND_MISSING
    with transaction(sessions) as session:
        erase_account(session, user_id, source, deleted_at=now, now=now)
    log.info("account %s deleted by the retention jobs: %s", user_id, why)
