"""Rounds that list every family account run once per interval, whichever worker runs them."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from dossier_bridge import worker
from dossier_bridge.data_protection import RetentionPeriods
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.keycloak_users import AccountSummary
from dossier_bridge.schedule import claim_round
from tests.unit.test_retention_accounts import MAIL, FakeStore, account

NOW = dt.datetime(2031, 6, 15, 12, 0, tzinfo=dt.timezone.utc)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def sessions(database_url):
    return make_session_factory(make_engine(database_url))


def test_a_round_is_claimed_once_per_interval(sessions):
    assert claim_round(sessions, "retention", HOUR, NOW)
    assert not claim_round(sessions, "retention", HOUR, NOW + dt.timedelta(minutes=59))
    assert claim_round(sessions, "link sweep", HOUR, NOW)  # each round has its own clock
    assert claim_round(sessions, "retention", HOUR, NOW + HOUR)


def test_two_workers_asking_at_the_same_moment_run_the_round_once(database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serves the development stack, which runs one worker")
    workers = [make_session_factory(make_engine(database_url)) for _ in range(4)]
    claim_round(workers[0], "retention", HOUR, NOW - 2 * HOUR)  # a row exists: both paths, first and later rounds
    for moment in (NOW, NOW + 2 * HOUR):
        start, claims = threading.Barrier(len(workers)), []

        def ask(factory):
            start.wait()
            claims.append(claim_round(factory, "retention", HOUR, moment))

        threads = [threading.Thread(target=ask, args=(f,)) for f in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(claims) == [False, False, False, True]


class CountingStore(FakeStore):
    """Keycloak's accounts, counting the listings asked for (each costs Keycloak a page per hundred accounts)."""

    def __init__(self, *summaries: AccountSummary):
        super().__init__(*summaries)
        self.listings = 0

    def accounts(self, *, email_verified=None, attributes=None):
        self.listings += 1
        return super().accounts(email_verified=email_verified)

    def get(self, user_id):
        return None if user_id not in self.users else object()


def test_a_retention_round_lists_the_accounts_once_for_all_its_jobs(sessions):
    periods = RetentionPeriods()
    stale = NOW - periods.period("unactivated_accounts_days") - HOUR
    store = CountingStore(account("never-activated", stale, verified=False), account("in-use", NOW - HOUR),
                          account("recent", NOW - HOUR, verified=False))
    report = worker._retention(sessions, store, MAIL, periods, NOW)
    assert store.listings == 1
    assert report["never activated"] == 1 and store.deleted == ["never-activated"]
