"""Erasing a deleted account, and learning about deletions and sign-ins from Keycloak's stored events."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging

import pytest
from sqlalchemy import MetaData, select
from sqlalchemy import event as sqlalchemy_event

from dossier_bridge.branding import Branding
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.family_requests import service
from dossier_bridge.family_space import corrections
from dossier_bridge.mail_outbox import MailTemplates
from dossier_bridge.models import (
    AccountActivity, AccountErasure, AccountLink, Decision, Dossier, FamilyRequest, KeycloakEventCursor, LinkStatus,
    NumberReminder, OutboxMail, Person, PersonRole, ProposedUpdate, RequestStatus, SignInClient,
    SignInSession, VerificationAttempt,
)
from dossier_bridge.personal_data import keycloak_events
from dossier_bridge.personal_data.erasure import erase_account
from dossier_bridge.review import decisions
from tests.support.event_log import FakeEvents

MAIL = MailTemplates(Branding())
STAFF = decisions.StaffMember("staff-sub", "agent.demo")
FAMILY = {
    "address": "7 impasse des Tilleuls", "postal_code": "28000", "town": "Chartres", "phone": "02 37 98 76 54",
    "second_parent": {"last_name": "FONTAINE", "first_name": "Marc", "email": "marc.fontaine@example.org",
                      "phone": "06 98 76 54 32"},
    "children": [{"last_name": "FONTAINE", "first_name": "Anatole", "birth_date": "02/02/2019", "school": ""}],
}
# What the first family typed or was written; none of it may survive the erasure.
ITS_TRACES = ("zoe.fontaine@example.org", "7 impasse des Tilleuls", "02 37 98 76 54", "Anatole",
              "marc.fontaine@example.org", "Zoé")
OTHER = {**FAMILY, "address": "1 place Billard", "phone": "02 37 11 11 11", "second_parent": {},
         "children": [{"last_name": "ROUX", "first_name": "Basile", "birth_date": "01/01/2018", "school": ""}]}


@pytest.fixture
def sessions(database_url):
    return make_session_factory(make_engine(database_url))


def everything(sessions) -> str:
    engine = sessions.kw["bind"]
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        rows = {name: [dict(r._mapping) for r in connection.execute(select(table))]
                for name, table in metadata.tables.items()}
    return json.dumps(rows, default=str, ensure_ascii=False)


def a_family_with_everything(sessions, user="kc-zoe", email="zoe.fontaine@example.org", first="Zoé", family=FAMILY,
                             decide=True):
    """A request decided by staff (with a question first), a correction, a lost-number request, a dossier check."""
    with transaction(sessions) as session:
        request, _ = service.submit(session, MAIL, service.Account(user, email, "Fontaine", first), f"key-{user}",
                                    family)
        if decide:
            decisions.request_info(session, MAIL, request.id, request.version, f"{first} : prénom mal écrit ?", STAFF)
            request.status = RequestStatus.PENDING_REVIEW
            session.flush()
            decisions.create_dossier(session, MAIL, request.id, request.version, STAFF)
        corrections.submit(session, MAIL, corrections.Requester(user, email, first, "Fontaine"), None,
                           f"{first} : le prénom de mon fils est mal écrit")
        session.add(NumberReminder(email=email, client_ip="192.0.2.7"))
        session.add(VerificationAttempt(dossier_number="123456", client_ip="192.0.2.7", email=email,
                                        result="no_match"))
        session.add(AccountActivity(keycloak_user_id=user, last_sign_in_at=dt.datetime.now(dt.timezone.utc)))
        now = dt.datetime.now(dt.timezone.utc)
        session.add(SignInSession(  # Mon espace open in a browser: the sign-in keeps the names it shows
            id=f"ref-{user}", client=SignInClient.FAMILY, keycloak_sid=f"sid-{user}", subject=user,
            profile={"first_name": first, "last_name": "Fontaine", "email": email}, refresh_token=None,
            id_token=None, created_at=now, last_seen_at=now, validated_at=now, expires_at=now + dt.timedelta(hours=8)))
    return user


def test_an_erasure_leaves_nothing_the_family_typed_or_was_sent(sessions):
    user = a_family_with_everything(sessions)
    a_family_with_everything(sessions, "kc-other", "basile.roux@example.org", "Inès", OTHER)
    before = everything(sessions)
    assert all(trace in before for trace in ITS_TRACES)
    with transaction(sessions) as session:
        erase_account(session, user, "family")
    after = everything(sessions)
    # The dossier staff created from the request is the city's registry, not the account's:
    # its persons (and their matching keys) stay; every other copy goes.
    for trace in ITS_TRACES:
        assert trace not in _without_registry(after), trace
    assert "basile.roux@example.org" in after and "1 place Billard" in after  # the other family is untouched


def _without_registry(dumped: str) -> str:
    data = json.loads(dumped)
    for table in ("person", "dossier", "matching_key"):
        data.pop(table, None)
    return json.dumps(data, ensure_ascii=False)


def test_an_erasure_keeps_the_administrative_record(sessions):
    user = a_family_with_everything(sessions)
    with transaction(sessions) as session:
        record = erase_account(session, user, "staff")
    with sessions() as session:
        [request] = session.scalars(select(FamilyRequest).where(FamilyRequest.keycloak_user_id == user))
        kept = session.scalars(select(Decision).where(Decision.request_id == request.id)).all()
        [link] = session.scalars(select(AccountLink).where(AccountLink.keycloak_user_id == user))
        assert session.scalars(select(ProposedUpdate)).all() == []
        assert session.scalars(select(OutboxMail).where(OutboxMail.keycloak_user_id == user)).all() == []
        assert session.get(AccountActivity, user) is None
        stored = session.scalars(select(AccountErasure)).one()
    assert request.status is RequestStatus.CREATED and request.submitted == {} and request.dossier_id
    assert [d.action.value for d in kept] == ["request_info", "create_dossier"]
    assert all(d.staff_username == "agent.demo" and d.message is None for d in kept)
    assert link.status is LinkStatus.RELEASED and link.release_reason == "account_deleted" and link.email is None
    assert (stored.keycloak_user_id, stored.source) == (user, "staff") and record.summary["links"] == 1


def test_an_open_request_of_a_deleted_account_leaves_the_staff_queue(sessions):
    user = a_family_with_everything(sessions, decide=False)
    with transaction(sessions) as session:
        erase_account(session, user, "family")
    with sessions() as session:
        request = session.scalars(select(FamilyRequest)).one()
    assert request.status is RequestStatus.WITHDRAWN and request.decided_at is not None


def test_erasing_twice_keeps_one_record_and_changes_nothing_more(sessions):
    user = a_family_with_everything(sessions)
    with transaction(sessions) as session:
        erase_account(session, user, "family")
    once = everything(sessions)
    with transaction(sessions) as session:
        erase_account(session, user, "staff")
    with sessions() as session:
        [record] = session.scalars(select(AccountErasure))
    assert record.source == "family"
    assert _without_erasure(everything(sessions)) == _without_erasure(once)


def _without_erasure(dumped: str) -> str:
    data = json.loads(dumped)
    data.pop("account_erasure")
    return json.dumps(data)


T0 = 1_900_000_000_000


def deletion(user, at):
    return {"time": at, "type": "DELETE_ACCOUNT", "userId": user}


def sign_in(user, at):
    return {"time": at, "type": "LOGIN", "userId": user}


def admin_delete(path, at):
    return {"time": at, "operationType": "DELETE", "resourceType": "USER", "resourcePath": path}


def test_the_family_s_own_deletion_and_staff_s_are_both_erased_with_their_source(sessions):
    a_family_with_everything(sessions, "kc-a", "a@example.org", decide=False)
    a_family_with_everything(sessions, "kc-b", "b@example.org", decide=False)
    a_family_with_everything(sessions, "kc-c", "c@example.org", decide=False)
    events = FakeEvents([deletion("kc-a", T0)], [admin_delete("users/kc-b", T0 + 5),
                                                 admin_delete("users/kc-c/role-mappings/realm", T0 + 6)])
    report = keycloak_events.follow_events(sessions, events)
    with sessions() as session:
        sources = dict(session.execute(select(AccountErasure.keycloak_user_id, AccountErasure.source)).all())
    assert sources == {"kc-a": "family", "kc-b": "staff"}  # a role mapping removed is not a deletion
    assert report.deletions == 2


def test_the_cursor_moves_on_and_events_read_again_change_nothing(sessions):
    events = FakeEvents([sign_in("kc-a", T0), deletion("kc-a", T0 + 1_000)])
    keycloak_events.follow_events(sessions, events)
    with sessions() as session:
        assert session.get(KeycloakEventCursor, keycloak_events.USER_EVENTS).last_time_ms == T0 + 1_000
        # The sign-in read before the deletion left nothing behind once the account was erased.
        assert session.get(AccountActivity, "kc-a") is None
    events.user.append(sign_in("kc-b", T0 + 2_000))
    keycloak_events.follow_events(sessions, events)
    # Read again from a minute before the cursor, never from the beginning.
    assert events.reads[-2][1] == T0 + 1_000 - keycloak_events.OVERLAP_MS
    with sessions() as session:
        assert session.scalars(select(AccountErasure.keycloak_user_id)).all() == ["kc-a"]
        assert session.get(AccountActivity, "kc-b").last_sign_in_at is not None


def test_every_page_of_events_is_read(sessions):
    many = [sign_in(f"kc-{i}", T0 + i) for i in range(keycloak_events.PAGE * 2 + 3)]
    keycloak_events.follow_events(sessions, FakeEvents(many))
    with sessions() as session:
        assert len(session.scalars(select(AccountActivity)).all()) == len(many)


@contextlib.contextmanager
def statements_run(sessions):
    """The SQL statements sent to the database inside the block."""
    statements: list[str] = []
    engine = sessions.kw["bind"]

    def record(conn, cursor, statement, *rest):
        statements.append(statement)

    sqlalchemy_event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sqlalchemy_event.remove(engine, "before_cursor_execute", record)


def test_a_page_of_sign_ins_costs_a_few_statements_not_some_per_event(sessions):
    # Every round reads the last minute again; at a busy hour that is a thousand sign-ins a round.
    page = [sign_in(f"kc-{i}", T0 + i) for i in range(keycloak_events.PAGE - 1)]
    with statements_run(sessions) as statements:
        keycloak_events.follow_events(sessions, FakeEvents(page), on_accounts_seen=lambda session, ids: None)
    assert len(statements) < 15, statements
    with sessions() as session:
        assert len(session.scalars(select(AccountActivity)).all()) == len(page)


@pytest.mark.parametrize("log", ["family", "staff"])
def test_deletions_read_again_cost_a_few_statements_not_an_erasure_each(sessions, log):
    # After a clean-up by staff the last minute holds hundreds of deletions, read again every round.
    recent = int(dt.datetime.now(dt.timezone.utc).timestamp() * 1000) - 30_000
    if log == "family":
        page = [deletion(f"kc-{i}", recent + i) for i in range(keycloak_events.PAGE - 1)]
        events = FakeEvents(page)
    else:
        page = [admin_delete(f"users/kc-{i}", recent + i) for i in range(keycloak_events.PAGE - 1)]
        events = FakeEvents(admin_events=page)
    assert keycloak_events.follow_events(sessions, events).deletions == len(page)
    with statements_run(sessions) as statements:
        again = keycloak_events.follow_events(sessions, events)
    assert again.deletions == 0 and len(statements) < 15, statements
    with sessions() as session:
        assert len(session.scalars(select(AccountErasure)).all()) == len(page)


def test_keycloak_down_moves_no_cursor_and_the_next_round_catches_up(sessions):
    a_family_with_everything(sessions, "kc-a", "a@example.org", decide=False)
    events = FakeEvents([deletion("kc-a", T0)], down=True)
    with pytest.raises(Exception):
        keycloak_events.follow_events(sessions, events)
    events.down = False
    keycloak_events.follow_events(sessions, events)
    with sessions() as session:
        assert session.scalars(select(AccountErasure.keycloak_user_id)).all() == ["kc-a"]


def test_a_later_sign_in_moves_the_last_activity_forward_and_an_older_one_does_not(sessions):
    events = FakeEvents([sign_in("kc-a", T0 + 10_000)])
    keycloak_events.follow_events(sessions, events)
    events.user.insert(0, sign_in("kc-a", T0 + 9_000))  # stored late, older
    keycloak_events.follow_events(sessions, events)
    with sessions() as session:
        seen = session.get(AccountActivity, "kc-a").last_sign_in_at
    assert int(_aware(seen).timestamp() * 1000) == T0 + 10_000


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def test_a_deleted_accounts_dossier_place_is_free_for_the_real_parent(sessions):
    with transaction(sessions) as session:
        d = Dossier(number="104233")
        d.persons.append(Person(role=PersonRole.RESPONSABLE, person_key="c", last_name="LEFEVRE", first_name="Camille",
                                last_name_key="lefevre"))
        session.add(d)
        session.flush()
        session.add(AccountLink(dossier_id=d.id, person_id=d.persons[0].id, keycloak_user_id="kc-thief",
                                email="thief@example.org", status=LinkStatus.ACTIVE))
    keycloak_events.follow_events(sessions, FakeEvents([], [admin_delete("users/kc-thief", T0)]))
    with sessions() as session:
        assert session.scalars(select(AccountLink.status)).all() == [LinkStatus.RELEASED]


class FakeKeycloak:
    """The listing and the per-account lookup of the admin API, for the sweep."""

    def __init__(self, present: set[str], down: bool = False):
        self.present, self.down = present, down

    def accounts(self, *, email_verified=None):
        if self.down:
            from dossier_bridge.keycloak_users import DirectoryUnavailable
            raise DirectoryUnavailable("connection refused")
        from dossier_bridge.keycloak_users import AccountSummary
        return iter([AccountSummary(u, None, "", "", True, 0) for u in self.present])

    def get(self, user_id):
        return object() if user_id in self.present else None


def test_the_sweep_erases_accounts_keycloak_no_longer_has_even_without_an_event(sessions):
    from dossier_bridge.personal_data.retention import sweep_deleted_accounts

    for user in ("kc-here", "kc-gone"):
        a_family_with_everything(sessions, user, f"{user}@example.org", decide=False)
    now = dt.datetime.now(dt.timezone.utc)
    with transaction(sessions) as session:
        assert sweep_deleted_accounts(session, FakeKeycloak({"kc-here"}, down=True), now) == 0
    with transaction(sessions) as session:
        assert sweep_deleted_accounts(session, FakeKeycloak({"kc-here"}), now) == 1
    with transaction(sessions) as session:
        assert sweep_deleted_accounts(session, FakeKeycloak({"kc-here"}), now) == 0  # erased accounts are not held
    with sessions() as session:
        assert dict(session.execute(select(AccountErasure.keycloak_user_id, AccountErasure.source)).all()) == {
            "kc-gone": "found_missing"}


def test_an_erasure_that_finds_nothing_more_is_not_logged_again(sessions, caplog):
    """The follower reads each deletion again for a minute: only the first erasure says so in the log."""
    user = a_family_with_everything(sessions)
    with caplog.at_level(logging.INFO, logger="dossier_bridge.personal_data.erasure"):
        with transaction(sessions) as session:
            erase_account(session, user, "family")
        with transaction(sessions) as session:
            erase_account(session, user, "family")
    assert [r.getMessage().split(":")[0] for r in caplog.records if r.levelno >= logging.INFO] == \
        [f"account {user} erased (family)"]
