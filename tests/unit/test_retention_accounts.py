"""Keycloak accounts never activated, and accounts unused for years (warned first), on a clock the test sets."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from dossier_bridge.branding import Branding
from dossier_bridge.data_protection import RetentionPeriods
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.keycloak_users import AccountSummary
from dossier_bridge.mail_outbox import MailTemplates
from dossier_bridge.models import AccountActivity, AccountErasure, KeycloakEventCursor, OutboxMail
from dossier_bridge.personal_data import accounts
from dossier_bridge.personal_data.erasure import BY_STAFF, erase_account
from dossier_bridge.personal_data.keycloak_events import USER_EVENTS

MAIL = MailTemplates(Branding())
PERIODS = RetentionPeriods()
NOW = dt.datetime(2031, 6, 15, 12, 0, tzinfo=dt.timezone.utc)
SECOND = dt.timedelta(seconds=1)
WARN_AFTER = PERIODS.period("inactive_accounts_days") - PERIODS.period("inactive_notice_days")
NOTICE = PERIODS.period("inactive_notice_days")


def ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


class FakeStore:
    """Keycloak's family accounts, as the service account lists and deletes them (unit tests may stub I/O)."""

    def __init__(self, *summaries: AccountSummary):
        self.users = {s.user_id: s for s in summaries}
        self.deleted: list[str] = []

    def accounts(self, *, email_verified=None):
        return iter([u for u in self.users.values() if email_verified is None or u.email_verified == email_verified])

    def delete(self, user_id):
        self.deleted.append(user_id)
        return self.users.pop(user_id, None) is not None


def account(user_id: str, created: dt.datetime, verified: bool = True, email: str | None = "x@example.org"):
    return AccountSummary(user_id, email and f"{user_id}@example.org", "Léa", "Martin", verified, ms(created))


@pytest.fixture
def sessions(database_url):
    return make_session_factory(make_engine(database_url))


def erased(sessions) -> dict[str, str]:
    with sessions() as session:
        return dict(session.execute(select(AccountErasure.keycloak_user_id, AccountErasure.source)).all())


def test_an_account_never_activated_is_deleted_once_its_period_has_passed_not_before(sessions):
    limit = NOW - PERIODS.period("unactivated_accounts_days")
    store = FakeStore(account("old", limit - SECOND, verified=False), account("young", limit + SECOND, verified=False),
                      account("active", limit - dt.timedelta(days=400), verified=True))
    assert accounts.purge_unactivated(sessions, store, PERIODS, NOW) == 1
    assert store.deleted == ["old"] and erased(sessions) == {"old": "retention"}


def sign_ins(sessions, **last: dt.datetime):
    with transaction(sessions) as session:
        for user, moment in last.items():
            session.merge(AccountActivity(keycloak_user_id=user, last_sign_in_at=moment))


def warnings(sessions) -> dict[str, str]:
    with sessions() as session:
        return {m.keycloak_user_id: m.status for m in session.scalars(
            select(OutboxMail).where(OutboxMail.dedup_key.like("inactive-%")))}


def mark_sent(sessions, at: dt.datetime):
    with transaction(sessions) as session:
        session.execute(update(OutboxMail).where(OutboxMail.dedup_key.like("inactive-%"))
                        .values(status="sent", sent_at=at))


def test_an_unused_account_is_warned_once_its_period_minus_the_notice_has_passed(sessions):
    long_ago = NOW - dt.timedelta(days=4000)
    store = FakeStore(account("due", long_ago), account("not-yet", long_ago), account("new", NOW - WARN_AFTER + SECOND))
    sign_ins(sessions, due=NOW - WARN_AFTER - SECOND, **{"not-yet": NOW - WARN_AFTER + SECOND})
    report = accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW)
    assert (report.warned, report.inactive_deleted) == (1, 0)
    assert warnings(sessions) == {"due": "pending"} and store.deleted == []
    with sessions() as session:
        mail = session.scalars(select(OutboxMail)).one()
    assert mail.recipient == "due@example.org" and "sera supprimé le 15/07/2031" in mail.text_body
    # The next rounds send no second warning for the same period of inactivity.
    accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW + dt.timedelta(days=1))
    with sessions() as session:
        assert len(session.scalars(select(OutboxMail).where(OutboxMail.keycloak_user_id == "due")).all()) == 1


def test_a_warned_account_is_deleted_only_a_full_notice_after_the_warning_went_out(sessions):
    store = FakeStore(account("idle", NOW - dt.timedelta(days=4000)))
    sign_ins(sessions, idle=NOW - WARN_AFTER - SECOND)
    accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW)
    # Not sent yet (SMTP down): no deletion, whatever the time.
    accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW + NOTICE * 3)
    assert store.deleted == []
    sent = NOW + dt.timedelta(days=2)
    mark_sent(sessions, sent)
    accounts.handle_inactive(sessions, store, MAIL, PERIODS, sent + NOTICE - SECOND)
    assert store.deleted == []
    report = accounts.handle_inactive(sessions, store, MAIL, PERIODS, sent + NOTICE)
    assert report.inactive_deleted == 1 and store.deleted == ["idle"]
    assert erased(sessions) == {"idle": "retention"}


def test_a_sign_in_after_the_warning_keeps_the_account(sessions):
    store = FakeStore(account("back", NOW - dt.timedelta(days=4000)))
    sign_ins(sessions, back=NOW - WARN_AFTER - SECOND)
    accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW)
    mark_sent(sessions, NOW)
    sign_ins(sessions, back=NOW + dt.timedelta(days=3))
    report = accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW + NOTICE + SECOND)
    assert report.inactive_deleted == 0 and store.deleted == []


def test_no_account_looks_older_than_the_day_the_bridge_began_following_sign_ins(sessions):
    """At deployment no sign-in history exists: accounts are judged from that day, not from their creation."""
    store = FakeStore(account("veteran", NOW - dt.timedelta(days=4000)))
    with transaction(sessions) as session:
        session.add(KeycloakEventCursor(name=USER_EVENTS, last_time_ms=0, started_at=NOW - WARN_AFTER + SECOND))
    assert accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW).warned == 0


def test_an_account_without_an_address_is_never_deleted_for_inactivity(sessions):
    store = FakeStore(account("silent", NOW - dt.timedelta(days=4000), email=None))
    for days in (0, 40, 400):
        accounts.handle_inactive(sessions, store, MAIL, PERIODS, NOW + dt.timedelta(days=days))
    assert store.deleted == [] and warnings(sessions) == {}


class FollowerFirst(FakeStore):
    """Another worker's event follower reads the admin event of the job's deletion before the job records it."""

    def __init__(self, sessions, *summaries):
        super().__init__(*summaries)
        self.sessions = sessions

    def delete(self, user_id):
        deleted = super().delete(user_id)
        with transaction(self.sessions) as session:
            erase_account(session, user_id, BY_STAFF)
        return deleted


def test_the_jobs_own_deletion_is_recorded_as_the_jobs_even_when_its_admin_event_was_read_first(sessions):
    limit = NOW - PERIODS.period("unactivated_accounts_days")
    store = FollowerFirst(sessions, account("old", limit - SECOND, verified=False))
    assert accounts.purge_unactivated(sessions, store, PERIODS, NOW) == 1
    assert erased(sessions) == {"old": "retention"}


def test_an_account_someone_else_deleted_first_is_not_claimed_by_the_job(sessions):
    """Listed by the job, deleted by staff before the job's turn: the erasure stays staff's."""
    limit = NOW - PERIODS.period("unactivated_accounts_days")
    store = FakeStore(account("old", limit - SECOND, verified=False))
    listed = list(store.accounts(email_verified=False))
    store.users.clear()
    with transaction(sessions) as session:
        erase_account(session, "old", BY_STAFF)
    store.accounts = lambda **_: iter(listed)
    accounts.purge_unactivated(sessions, store, PERIODS, NOW)
    assert erased(sessions) == {"old": "staff"}
