"""Linked accounts: activated ones become active, abandoned ones are released."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier_bridge.keycloak_users import AccountState, DirectoryUnavailable
from dossier_bridge.models import AccountLink, Dossier, LinkStatus, Person, PersonRole
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.personal_data.keycloak_events import follow_events
from dossier_bridge.verification.activation import reconcile_pending_links
from tests.support.event_log import FakeEvents

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
TTL = dt.timedelta(hours=72)


class FakeDirectory:
    """Stands in for Keycloak's admin API (unit tests may stub I/O)."""

    def __init__(self, accounts: dict[str, AccountState], down: bool = False):
        self.accounts, self.down, self.cleared = accounts, down, []
        self.asked: list[str] = []
        self.listings = 0

    def get(self, user_id):
        self.asked.append(user_id)
        if self.down:
            raise DirectoryUnavailable("connection refused")
        return self.accounts.get(user_id)

    def set_attributes(self, user_id, values):
        self.cleared.append((user_id, dict(values)))

    def awaiting_activation(self):
        self.listings += 1
        if self.down:
            raise DirectoryUnavailable("connection refused")
        return {user_id for user_id, account in self.accounts.items() if not account.email_verified}


@pytest.fixture
def sessions(database_url):
    factory = make_session_factory(make_engine(database_url))
    with transaction(factory) as session:
        dossier = Dossier(number="104233")
        for first in ("Camille", "Thomas", "Alex"):
            dossier.persons.append(Person(role=PersonRole.RESPONSABLE, person_key=first, last_name="LEFEVRE",
                                          first_name=first, last_name_key="lefevre"))
        session.add(dossier)
        session.flush()
        for person, user, age in zip(dossier.persons, ("u-verified", "u-abandoned", "u-recent"), (1, 100, 1)):
            session.add(AccountLink(dossier_id=dossier.id, person_id=person.id, keycloak_user_id=user,
                                    created_at=NOW - dt.timedelta(hours=age)))
    return factory


def statuses(factory) -> dict[str, LinkStatus]:
    with factory() as session:
        return {l.keycloak_user_id: l.status for l in session.query(AccountLink)}


def test_activation_and_release(sessions):
    directory = FakeDirectory({
        "u-verified": AccountState("u-verified", True, {}),
        "u-abandoned": AccountState("u-abandoned", False, {"dossierNumber": ["104233"]}),
        "u-recent": AccountState("u-recent", False, {}),
    })
    with transaction(sessions) as session:
        report = reconcile_pending_links(session, directory, TTL, now=NOW)
    assert (report.activated, report.released, report.waiting) == (1, 1, 1)
    assert statuses(sessions) == {
        "u-verified": LinkStatus.ACTIVE, "u-abandoned": LinkStatus.RELEASED, "u-recent": LinkStatus.PENDING_ACTIVATION,
    }
    # The abandoned account no longer carries the dossier.
    assert directory.cleared == [("u-abandoned", {"dossierNumber": None, "dossierStatus": None})]


def test_a_deleted_account_frees_its_place(sessions):
    with transaction(sessions) as session:
        reconcile_pending_links(session, FakeDirectory({}), TTL, now=NOW)
    assert set(statuses(sessions).values()) == {LinkStatus.RELEASED}


def test_keycloak_down_changes_nothing(sessions):
    with transaction(sessions) as session:
        report = reconcile_pending_links(session, FakeDirectory({}, down=True), TTL, now=NOW)
    assert report.unreachable == 3
    assert set(statuses(sessions).values()) == {LinkStatus.PENDING_ACTIVATION}


def follow_as_the_worker_does(sessions, directory, events):
    def accounts_seen(session, user_ids):
        reconcile_pending_links(session, directory, TTL, now=NOW, user_ids=user_ids)

    return follow_events(sessions, events, now=NOW, on_accounts_seen=accounts_seen)


def test_an_activation_is_learnt_from_keycloak_s_event_and_only_that_account_is_asked(sessions):
    directory = FakeDirectory({"u-verified": AccountState("u-verified", True, {}),
                                   "u-recent": AccountState("u-recent", False, {})})
    moment = int(NOW.timestamp() * 1000)
    events = FakeEvents([{"time": moment, "type": "REGISTER", "userId": "u-recent"},
                         {"time": moment + 1, "type": "VERIFY_EMAIL", "userId": "u-verified"}])
    report = follow_as_the_worker_does(sessions, directory, events)
    assert report.activations == 1
    assert directory.asked == ["u-verified"]  # a sign-up alone is not an activation: nobody else is asked
    assert statuses(sessions)["u-verified"] is LinkStatus.ACTIVE
    assert statuses(sessions)["u-recent"] is LinkStatus.PENDING_ACTIVATION
    # Read again (the log is re-read with an overlap): the active link asks Keycloak nothing more.
    follow_as_the_worker_does(sessions, directory, events)
    assert directory.asked == ["u-verified"]


def test_a_sign_in_through_an_identity_provider_activates_an_account_verified_from_the_start(sessions):
    directory = FakeDirectory({"u-recent": AccountState("u-recent", True, {})})
    events = FakeEvents([{"time": int(NOW.timestamp() * 1000), "type": "LOGIN", "userId": "u-recent"}])
    follow_as_the_worker_does(sessions, directory, events)
    assert statuses(sessions)["u-recent"] is LinkStatus.ACTIVE
    assert directory.asked == ["u-recent"]


def test_the_sweep_still_releases_what_no_event_announced(sessions):
    # No event at all: the periodic sweep (BRIDGE_LINK_SWEEP_SECONDS) finds the expired and deleted ones.
    directory = FakeDirectory({"u-abandoned": AccountState("u-abandoned", False, {}),
                                   "u-recent": AccountState("u-recent", False, {})})
    with transaction(sessions) as session:
        report = reconcile_pending_links(session, directory, TTL, now=NOW)
    assert (report.released, report.waiting) == (2, 1)  # abandoned (expired) and u-verified (deleted)
    # The listing said who still waits; only the account missing from it was asked about.
    assert directory.asked == ["u-verified"]
    assert directory.cleared == [("u-abandoned", {"dossierNumber": None, "dossierStatus": None})]


def test_the_sweep_lists_the_waiting_accounts_once_instead_of_asking_about_each(sessions):
    # Enrolment weeks: thousands of accounts wait for their activation e-mail at once. A request per
    # account every round kept Keycloak busy without pause; the sweep costs one listing now.
    with transaction(sessions) as session:
        for n in range(40):
            dossier = Dossier(number=str(200000 + n))
            dossier.persons.append(Person(role=PersonRole.RESPONSABLE, person_key="Sam", last_name="MARTIN",
                                          first_name="Sam", last_name_key="martin"))
            session.add(dossier)
            session.flush()
            session.add(AccountLink(dossier_id=dossier.id, person_id=dossier.persons[0].id,
                                    keycloak_user_id=f"u-waiting-{n}", created_at=NOW - dt.timedelta(hours=2)))
    waiting = {f"u-waiting-{n}": AccountState(f"u-waiting-{n}", False, {}) for n in range(40)}
    directory = FakeDirectory({**waiting, "u-verified": AccountState("u-verified", True, {}),
                               "u-abandoned": AccountState("u-abandoned", False, {}),
                               "u-recent": AccountState("u-recent", False, {})})
    with transaction(sessions) as session:
        report = reconcile_pending_links(session, directory, TTL, now=NOW)
    assert (report.activated, report.released, report.waiting) == (1, 1, 41)
    assert directory.listings == 1
    assert directory.asked == ["u-verified"]


def test_an_unreachable_keycloak_during_the_listing_leaves_every_link_waiting(sessions):
    with transaction(sessions) as session:
        report = reconcile_pending_links(session, FakeDirectory({}, down=True), TTL, now=NOW)
    assert report.unreachable == 3 and report.released == 0
    assert set(statuses(sessions).values()) == {LinkStatus.PENDING_ACTIVATION}
