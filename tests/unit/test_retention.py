"""Each purge job removes exactly what has passed its retention period, judged on a clock the test sets."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dossier_bridge.data_protection import RetentionPeriods
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.models import (
    AccountErasure, AccountLink, CorrectionRequest, CorrectionStatus, Decision, DecisionAction, Dossier,
    FamilyRequest, KeycloakSync, LinkAction, LinkDecision, LinkReport, LinkStatus, NumberReminder, OutboxMail, Person,
    PersonRole, ProposedUpdate, ReportStatus, RequestStatus, VerificationAttempt,
)
from dossier_bridge.personal_data import retention

NOW = dt.datetime(2031, 6, 15, 12, 0, tzinfo=dt.timezone.utc)
PERIODS = RetentionPeriods()
SECOND = dt.timedelta(seconds=1)


def just_past(name: str) -> dt.datetime:
    return NOW - PERIODS.period(name) - SECOND


def not_yet(name: str) -> dt.datetime:
    return NOW - PERIODS.period(name) + SECOND


@pytest.fixture
def sessions(database_url):
    return make_session_factory(make_engine(database_url))


def add(sessions, *rows):
    with transaction(sessions) as session:
        for row in rows:
            session.add(row)
            session.flush()
    return rows


def ids(sessions, model, *where) -> set:
    with sessions() as session:
        key = model.__mapper__.primary_key[0]
        return set(session.scalars(select(key).where(*where)))


def run(sessions, job) -> int:
    with transaction(sessions) as session:
        return job(session, PERIODS, NOW)


def dossier(number: str, seen: dt.datetime | None = None) -> Dossier:
    d = Dossier(number=number, last_imported_at=seen or NOW)
    d.persons.append(Person(role=PersonRole.RESPONSABLE, person_key=f"a-{number}", last_name="MARTIN",
                            first_name="Léa", last_name_key="martin"))
    return d


def request(user: str, status=RequestStatus.CREATED, decided_at=None, key=None) -> FamilyRequest:
    return FamilyRequest(keycloak_user_id=user, idempotency_key=key or f"k-{user}", status=status, version=2,
                         account_email=f"{user}@example.org", account_last_name="Martin", account_first_name="Léa",
                         submitted={"phone": "06 11 22 33 44", "children": []}, decided_at=decided_at)


def mail(key: str, status: str, sent_at=None, created_at=None) -> OutboxMail:
    return OutboxMail(dedup_key=key, recipient=f"{key}@example.org", subject="Objet", text_body="texte",
                      html_body="<p>texte</p>", status=status, sent_at=sent_at, created_at=created_at or NOW)


def test_verification_attempts_and_answered_lost_number_requests_leave_after_their_period(sessions):
    old, young = (VerificationAttempt(dossier_number="1234", client_ip="192.0.2.1", email="a@example.org",
                                      result="no_match", created_at=moment)
                  for moment in (just_past("verification_attempts_days"), not_yet("verification_attempts_days")))
    old_reminder, young_reminder, unanswered = (
        NumberReminder(email=None, client_ip="192.0.2.1", created_at=just_past("verification_attempts_days"),
                       processed_at=NOW - dt.timedelta(days=900)),
        NumberReminder(email=None, client_ip="192.0.2.1", created_at=not_yet("verification_attempts_days"),
                       processed_at=NOW),
        NumberReminder(email="x@example.org", created_at=just_past("verification_attempts_days")),
    )
    add(sessions, old, young, old_reminder, young_reminder, unanswered)
    assert run(sessions, retention.purge_verification_log) == 2
    assert ids(sessions, VerificationAttempt) == {young.id}
    assert ids(sessions, NumberReminder) == {young_reminder.id, unanswered.id}


def test_sent_mail_bodies_are_emptied_after_their_period_and_the_record_stays(sessions):
    old = mail("old", "sent", sent_at=just_past("mail_body_days"))
    young = mail("young", "sent", sent_at=not_yet("mail_body_days"))
    unsent = mail("unsent", "pending", created_at=just_past("mail_body_days"))
    add(sessions, old, young, unsent)
    assert run(sessions, retention.purge_mail_bodies) == 1
    with sessions() as session:
        bodies = {m.dedup_key: (m.text_body, m.html_body, m.subject) for m in session.scalars(select(OutboxMail))}
    assert bodies == {"old": ("", "", "Objet"), "young": ("texte", "<p>texte</p>", "Objet"),
                      "unsent": ("texte", "<p>texte</p>", "Objet")}
    assert run(sessions, retention.purge_mail_bodies) == 0


def test_mail_records_leave_after_their_period_and_so_do_mails_never_delivered(sessions):
    old = mail("old", "sent", sent_at=just_past("mail_record_days"))
    young = mail("young", "sent", sent_at=not_yet("mail_record_days"))
    stuck = mail("stuck", "pending", created_at=just_past("mail_record_days"))
    trying = mail("trying", "pending", created_at=not_yet("mail_record_days"))
    add(sessions, old, young, stuck, trying)
    assert run(sessions, retention.purge_mail_records) == 2
    assert ids(sessions, OutboxMail) == {young.id, trying.id}


def test_released_links_leave_after_their_period_and_live_ones_stay(sessions):
    [d] = add(sessions, dossier("5001"))
    person = d.persons[0].id
    rows = [AccountLink(dossier_id=d.id, person_id=person, keycloak_user_id=user, email=f"{user}@example.org",
                        status=LinkStatus.RELEASED, released_at=moment)
            for user, moment in (("old", just_past("released_links_days")), ("young", not_yet("released_links_days")))]
    live = AccountLink(dossier_id=d.id, person_id=person, keycloak_user_id="live", status=LinkStatus.ACTIVE,
                       created_at=NOW - dt.timedelta(days=5000))
    add(sessions, *rows, live)
    assert run(sessions, retention.purge_released_links) == 1
    assert ids(sessions, AccountLink) == {rows[1].id, live.id}


def test_decided_requests_and_answered_corrections_are_emptied_after_their_period(sessions):
    old = request("old", decided_at=just_past("decided_requests_days"))
    young = request("young", decided_at=not_yet("decided_requests_days"))
    waiting = request("waiting", status=RequestStatus.PENDING_REVIEW)
    waiting.submitted_at = NOW - dt.timedelta(days=3000)
    answered_old, answered_young, still_open = (
        CorrectionRequest(keycloak_user_id=user, account_email=f"{user}@example.org", account_name="Léa Martin",
                          message="Mauvaise adresse", status=status, answer="Corrigé" if answered_at else None,
                          answered_at=answered_at, created_at=NOW - dt.timedelta(days=3000))
        for user, status, answered_at in (
            ("c-old", CorrectionStatus.ANSWERED, just_past("decided_requests_days")),
            ("c-young", CorrectionStatus.ANSWERED, not_yet("decided_requests_days")),
            ("c-open", CorrectionStatus.OPEN, None),
        )
    )
    add(sessions, old, young, waiting, answered_old, answered_young, still_open)
    assert run(sessions, retention.purge_decided_requests) == 2
    with sessions() as session:
        emptied = {r.keycloak_user_id: r.submitted == {} and r.account_email == ""
                   for r in session.scalars(select(FamilyRequest))}
        corrections = {c.keycloak_user_id: c.message == "" and c.answer is None
                       for c in session.scalars(select(CorrectionRequest))}
    assert emptied == {"old": True, "young": False, "waiting": False}
    assert corrections == {"c-old": True, "c-young": False, "c-open": False}


def test_proposed_updates_and_finished_keycloak_updates_leave_with_the_decided_requests(sessions):
    [d] = add(sessions, dossier("5002"))
    [r] = add(sessions, request("u"))
    [decision] = add(sessions, Decision(request_id=r.id, action=DecisionAction.ATTACH_DOSSIER, staff_sub="s",
                                        staff_username="agent", dossier_id=d.id, before={}, after={}, created_at=NOW))
    old, young = (ProposedUpdate(dossier_id=d.id, decision_id=decision.id, data={"phone": "0611"}, created_at=moment)
                  for moment in (just_past("decided_requests_days"), not_yet("decided_requests_days")))
    done_old, done_young, pending_old = (
        KeycloakSync(keycloak_user_id="u", decision_id=decision.id, attributes={}, status=status, created_at=moment)
        for status, moment in (("done", just_past("decided_requests_days")), ("done", not_yet("decided_requests_days")),
                               ("pending", just_past("decided_requests_days")))
    )
    add(sessions, old, young, done_old, done_young, pending_old)
    assert run(sessions, retention.purge_decided_requests) == 2
    assert ids(sessions, ProposedUpdate) == {young.id}
    assert ids(sessions, KeycloakSync) == {done_young.id, pending_old.id}


def test_the_administrative_record_leaves_after_its_period(sessions):
    old_request = request("old", decided_at=just_past("administrative_record_days"), key="erased-1")
    young_request = request("young", decided_at=not_yet("administrative_record_days"), key="erased-2")
    add(sessions, old_request, young_request)
    old_decision, young_decision = (
        Decision(request_id=r.id, action=DecisionAction.CREATE_DOSSIER, staff_sub="s", staff_username="agent",
                 before={}, after={}, created_at=moment)
        for r, moment in ((old_request, just_past("administrative_record_days")),
                          (young_request, not_yet("administrative_record_days")))
    )
    sync = KeycloakSync(keycloak_user_id="old", attributes={}, status="done", created_at=NOW)
    add(sessions, old_decision, young_decision)
    sync.decision_id = old_decision.id
    erasures = [AccountErasure(keycloak_user_id=user, source="family", erased_at=moment, summary={})
                for user, moment in (("e-old", just_past("administrative_record_days")),
                                     ("e-young", not_yet("administrative_record_days")))]
    add(sessions, sync, *erasures)
    run(sessions, retention.purge_administrative_record)
    assert ids(sessions, Decision) == {young_decision.id}
    assert ids(sessions, FamilyRequest) == {young_request.id}
    assert ids(sessions, KeycloakSync) == set()
    assert ids(sessions, AccountErasure) == {erasures[1].id}


def test_registry_dossiers_leave_once_unexported_for_the_period_unless_held_or_asked_about(sessions):
    gone, recent, held, asked = add(
        sessions, dossier("6001", just_past("registry_days")), dossier("6002", not_yet("registry_days")),
        dossier("6003", just_past("registry_days")), dossier("6004", just_past("registry_days")),
    )
    add(sessions, AccountLink(dossier_id=held.id, person_id=held.persons[0].id, keycloak_user_id="h",
                              status=LinkStatus.ACTIVE),
        AccountLink(dossier_id=gone.id, person_id=gone.persons[0].id, keycloak_user_id="r",
                    status=LinkStatus.RELEASED, released_at=NOW),
        FamilyRequest(keycloak_user_id="q", idempotency_key="q", status=RequestStatus.INFO_REQUESTED, version=1,
                      account_email="q@example.org", account_last_name="Q", account_first_name="Q", submitted={},
                      dossier_id=asked.id),
        CorrectionRequest(keycloak_user_id="h", dossier_id=gone.id, account_email="", account_name="",
                          message="", status=CorrectionStatus.ANSWERED, answered_at=NOW))
    assert run(sessions, retention.purge_registry) == 1
    assert ids(sessions, Dossier) == {recent.id, held.id, asked.id}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Person).where(Person.dossier_id == gone.id)) == 0
        assert session.scalar(select(func.count()).select_from(AccountLink).where(AccountLink.dossier_id == gone.id)) == 0
        assert session.scalars(select(CorrectionRequest.dossier_id)).one() is None


def test_every_purge_job_is_harmless_on_an_empty_database_and_when_run_twice(sessions):
    with transaction(sessions) as session:
        first = retention.purge_tables(session, PERIODS, NOW)
    with transaction(sessions) as session:
        second = retention.purge_tables(session, PERIODS, NOW)
    assert set(first.counts) == {name for name, _ in retention.TABLE_JOBS}
    assert all(count == 0 for count in (*first.counts.values(), *second.counts.values()))


def test_an_import_marks_the_dossiers_the_billing_system_still_exports_at_most_once_a_day(sessions):
    """What the registry's retention counts from: the same file twice in a day changes nothing."""
    from pathlib import Path

    from dossier_bridge.db import utc
    from dossier_bridge.registry.csv_format import read_dossier_file
    from dossier_bridge.registry.importer import import_dossiers

    records = read_dossier_file(Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv")
    day = dt.datetime(2031, 1, 10, 8, 0, tzinfo=dt.timezone.utc)

    def marks() -> list[dt.datetime]:
        with sessions() as session:
            return sorted(utc(m) for m in session.scalars(select(Dossier.last_imported_at)))

    with transaction(sessions) as session:
        import_dossiers(session, records, now=day)
    assert marks() == [day] * len(records)
    with transaction(sessions) as session:
        import_dossiers(session, records[:2], now=day + dt.timedelta(hours=20))
    assert marks() == [day] * len(records)
    later = day + dt.timedelta(days=3)
    with transaction(sessions) as session:
        import_dossiers(session, records[:2], now=later)
    assert marks() == [day] * (len(records) - 2) + [later] * 2


def test_a_link_staff_undid_outlives_the_released_links_period_without_its_address(sessions):
    [d] = add(sessions, dossier("5003"))
    undone, plain = add(sessions, *[
        AccountLink(dossier_id=d.id, person_id=d.persons[0].id, keycloak_user_id=user, email=f"{user}@example.org",
                    status=LinkStatus.RELEASED, released_at=just_past("released_links_days")) for user in ("u", "p")])
    add(sessions, LinkDecision(link_id=undone.id, action=LinkAction.UNDO, staff_sub="s", staff_username="agent",
                               before={}, after={}, created_at=just_past("released_links_days")))
    run(sessions, retention.purge_released_links)
    assert ids(sessions, AccountLink) == {undone.id}
    with sessions() as session:
        assert session.get(AccountLink, undone.id).email is None


def test_link_reports_lose_their_comment_then_leave_with_the_administrative_record(sessions):
    [d] = add(sessions, dossier("5004"))
    [link] = add(sessions, AccountLink(dossier_id=d.id, person_id=d.persons[0].id, keycloak_user_id="u",
                                       status=LinkStatus.ACTIVE))
    closed_long_ago, closed_recently, still_open = add(sessions, *[
        LinkReport(link_id=link.id, reporter_email="parent@example.org", comment="Ce n'est pas moi", status=status,
                   closed_at=closed) for status, closed in (
            (ReportStatus.DISMISSED, just_past("decided_requests_days")),
            (ReportStatus.DISMISSED, not_yet("decided_requests_days")),
            (ReportStatus.OPEN, None))])
    old_decision, young_decision = add(sessions, *[
        LinkDecision(link_id=link.id, action=LinkAction.DISMISS_REPORT, staff_sub="s", staff_username="agent",
                     before={}, after={}, created_at=moment)
        for moment in (just_past("administrative_record_days"), not_yet("administrative_record_days"))])
    run(sessions, retention.purge_decided_requests)
    with sessions() as session:
        comments = {r.id: r.comment for r in session.scalars(select(LinkReport))}
    assert comments == {closed_long_ago.id: None, closed_recently.id: "Ce n'est pas moi",
                        still_open.id: "Ce n'est pas moi"}
    with transaction(sessions) as session:
        session.get(LinkReport, closed_long_ago.id).closed_at = just_past("administrative_record_days")
    run(sessions, retention.purge_administrative_record)
    assert ids(sessions, LinkReport) == {closed_recently.id, still_open.id}
    assert ids(sessions, LinkDecision) == {young_decision.id}
