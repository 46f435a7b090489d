"""Family requests and staff decisions on a real database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dossier_bridge.branding import Branding
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.family_requests import service
from dossier_bridge.mail_outbox import MailTemplates
from dossier_bridge.models import (
    AccountLink, Decision, Dossier, FamilyRequest, KeycloakSync, OutboxMail, ProposedUpdate, RequestStatus,
)
from dossier_bridge.registry.csv_format import read_dossier_file
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.review import decisions

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv"
STAFF = decisions.StaffMember("staff-sub-1", "agent.demo")
MAIL = MailTemplates(Branding())
FAMILY = {
    "address": "12 rue du Bourg", "postal_code": "28000", "town": "Chartres", "phone": "02 37 11 22 33",
    "second_parent": {"last_name": "LEFEVRE", "first_name": "Thomas", "email": "", "phone": ""},
    "children": [{"last_name": "LEFEVRE", "first_name": "Léa", "birth_date": "12/03/2016", "school": ""}],
}


@pytest.fixture
def sessions(database_url):
    factory = make_session_factory(make_engine(database_url))
    with transaction(factory) as session:
        import_dossiers(session, read_dossier_file(SAMPLE))
    return factory


def submit(sessions, user="kc-1", key="key-1", family=FAMILY, last="Lefèvre", first="Camille"):
    account = service.Account(user, f"{user}@example.org", last, first)
    with transaction(sessions) as session:
        request, created = service.submit(session, MAIL, account, key, family)
        return request.id, created


def count(sessions, model, *where) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def version_of(sessions, request_id) -> int:
    with sessions() as session:
        return session.get(FamilyRequest, request_id).version


def test_a_double_submit_stores_one_request_and_one_mail(sessions):
    first = submit(sessions)
    second = submit(sessions)
    assert first == (first[0], True) and second == (first[0], False)
    assert count(sessions, FamilyRequest) == 1
    assert count(sessions, OutboxMail) == 1


def test_invalid_family_stores_nothing(sessions):
    with pytest.raises(service.Invalid) as caught:
        submit(sessions, family={**FAMILY, "children": []})
    assert [e.field for e in caught.value.errors] == ["children"]
    assert count(sessions, FamilyRequest) == 0 and count(sessions, OutboxMail) == 0


def test_create_a_new_dossier(sessions):
    request_id, _ = submit(sessions)
    with transaction(sessions) as session:
        decision = decisions.create_dossier(session, MAIL, request_id, version_of(sessions, request_id), STAFF)
        number = decision.dossier.number
        persons = sorted((p.role.value, p.first_name) for p in decision.dossier.persons)
    assert int(number) > 500000
    assert persons == [("enfant", "Léa"), ("responsable", "Camille"), ("responsable", "Thomas")]
    with sessions() as session:
        stored = session.get(Decision, decision.id)
        assert (stored.staff_username, stored.action.value, stored.after["dossier_number"]) == ("agent.demo", "create_dossier", number)
        assert stored.before["status"] == "pending_review" and stored.after["status"] == "created"
        sync = session.scalars(select(KeycloakSync)).one()
        assert sync.attributes == {"dossierNumber": number, "dossierStatus": "linked"}
        mails = {m.subject for m in session.scalars(select(OutboxMail))}
        assert any("terminée" in s for s in mails)
    assert count(sessions, AccountLink, AccountLink.keycloak_user_id == "kc-1") == 1


def test_attach_keeps_the_submitted_details_as_a_proposed_update(sessions):
    request_id, _ = submit(sessions)
    with transaction(sessions) as session:
        decisions.attach_to_dossier(session, MAIL, request_id, version_of(sessions, request_id), "104233", STAFF)
    with sessions() as session:
        proposal = session.scalars(select(ProposedUpdate)).one()
        assert proposal.data["children"][0]["first_name"] == "Léa"
        link = session.scalars(select(AccountLink)).one()
        assert link.person.first_name == "Camille"
        assert session.get(FamilyRequest, request_id).status is RequestStatus.ATTACHED


FRANCECONNECT_CAMILLE = {"source": "franceconnect", "given_names": "Marie Camille", "family_name": "LEFEVRE",
                         "usage_name": "", "birth_date": "1986-05-14"}


def test_a_franceconnect_request_gives_the_new_dossier_its_adults_birth_date(sessions):
    request_id, _ = submit(sessions, family={**FAMILY, "identity": FRANCECONNECT_CAMILLE})
    with transaction(sessions) as session:
        decision = decisions.create_dossier(session, MAIL, request_id, version_of(sessions, request_id), STAFF)
        born = {p.first_name: p.birth_date for p in decision.dossier.persons}
    assert born["Camille"] == dt.date(1986, 5, 14)
    assert born["Thomas"] is None


def test_attach_finds_the_franceconnect_adult_by_any_given_name_and_birth_date(sessions):
    # "Marie Camille": the registry's Camille is the second given name; the account's own names say nothing.
    request_id, _ = submit(sessions, first="Marie", family={**FAMILY, "identity": FRANCECONNECT_CAMILLE})
    with transaction(sessions) as session:
        decisions.attach_to_dossier(session, MAIL, request_id, version_of(sessions, request_id), "104233", STAFF)
    with sessions() as session:
        assert session.scalars(select(AccountLink)).one().person.first_name == "Camille"


def test_attach_links_no_adult_whose_birth_date_disagrees(sessions):
    thomas_born = {**FRANCECONNECT_CAMILLE, "birth_date": "1984-09-02"}
    request_id, _ = submit(sessions, family={**FAMILY, "identity": thomas_born})
    with transaction(sessions) as session:
        decisions.attach_to_dossier(session, MAIL, request_id, version_of(sessions, request_id), "104233", STAFF)
    assert count(sessions, AccountLink) == 0
    assert count(sessions, FamilyRequest, FamilyRequest.status == RequestStatus.ATTACHED) == 1


ACTIONS = {
    "create": lambda session, request_id, version, staff: decisions.create_dossier(session, MAIL, request_id, version,
                                                                                    staff),
    "attach": lambda session, request_id, version, staff: decisions.attach_to_dossier(session, MAIL, request_id, version,
                                                                                      "104233", staff),
    "info": lambda session, request_id, version, staff: decisions.request_info(session, MAIL, request_id, version,
                                                                               "Merci de préciser.", staff),
}
ACTION_RECORDED = {"create": "create_dossier", "attach": "attach_dossier", "info": "request_info"}


@pytest.mark.parametrize("first, second", [("create", "attach"), ("attach", "info"), ("info", "create"),
                                           ("create", "create")])
def test_two_agents_at_once_one_wins(sessions, first, second):
    """Two agents decide on the same request at the same moment (threads released together), several times over."""
    agents = {"agent.a": (first, decisions.StaffMember("sub-a", "agent.a")),
              "agent.b": (second, decisions.StaffMember("sub-b", "agent.b"))}
    created_by_winners = 0
    for round_ in range(5):
        request_id, _ = submit(sessions, user=f"kc-race-{round_}", key=f"race-{round_}")
        version = version_of(sessions, request_id)
        barrier = threading.Barrier(len(agents))
        outcomes: dict[str, str] = {}

        def decide(username: str) -> None:
            action, staff = agents[username]
            barrier.wait()
            try:
                with transaction(sessions) as session:
                    ACTIONS[action](session, request_id, version, staff)
                outcomes[username] = "won"
            except decisions.Conflict:
                outcomes[username] = "conflict"
            except Exception as exc:  # noqa: BLE001 - anything else is a failure, shown by the assertion
                outcomes[username] = repr(exc)

        threads = [threading.Thread(target=decide, args=(username,)) for username in agents]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes.values()) == ["conflict", "won"], (round_, outcomes)
        winner = next(name for name, outcome in outcomes.items() if outcome == "won")
        with sessions() as session:
            recorded = session.scalars(select(Decision).where(Decision.request_id == request_id)).all()
            assert [(d.staff_username, d.action.value) for d in recorded] == [(winner, ACTION_RECORDED[agents[winner][0]])]
            assert session.get(FamilyRequest, request_id).version == version + 1
        created_by_winners += agents[winner][0] == "create"
    # The loser's work is rolled back whole: no dossier of its own.
    assert count(sessions, Dossier, Dossier.source == "review") == created_by_winners


def test_twenty_concurrent_decisions_allocate_twenty_distinct_numbers(sessions):
    ids = [submit(sessions, user=f"kc-{i}", key=f"key-{i}", first=f"Parent{i}")[0] for i in range(20)]
    numbers: list[str] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(20)

    def decide(request_id: int) -> None:
        barrier.wait()
        try:
            with transaction(sessions) as session:
                numbers.append(decisions.create_dossier(session, MAIL, request_id, 1, STAFF).dossier.number)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=decide, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == 20 and len(set(numbers)) == 20


def test_asking_for_details_then_the_family_answers(sessions):
    request_id, _ = submit(sessions)
    with transaction(sessions) as session:
        decisions.request_info(session, MAIL, request_id, 1, "Merci d'indiquer la date de naissance de Léa.", STAFF)
    with sessions() as session:
        request = session.get(FamilyRequest, request_id)
        assert request.status is RequestStatus.INFO_REQUESTED and "Léa" in request.staff_message
    again, created = submit(sessions, key="key-2", family={**FAMILY, "town": "Lèves"})
    assert (again, created) == (request_id, False)
    with sessions() as session:
        request = session.get(FamilyRequest, request_id)
        assert request.status is RequestStatus.PENDING_REVIEW and request.submitted["town"] == "Lèves"
    assert count(sessions, OutboxMail) == 3  # received, details requested, details received


def test_an_empty_message_is_refused(sessions):
    request_id, _ = submit(sessions)
    with pytest.raises(decisions.EmptyMessage):
        with transaction(sessions) as session:
            decisions.request_info(session, MAIL, request_id, 1, "   ", STAFF)
    assert count(sessions, Decision) == 0


def test_a_decided_request_cannot_be_resubmitted(sessions):
    request_id, _ = submit(sessions)
    with transaction(sessions) as session:
        decisions.create_dossier(session, MAIL, request_id, 1, STAFF)
    with pytest.raises(service.AlreadyDecided):
        submit(sessions, key="key-3")
