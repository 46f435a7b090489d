"""No silent links: a link made with an e-mail the registry does not know is told to the dossier's
adults, who can report it; staff see it flagged and undo it in one recorded decision."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.keycloak_users import AccountState
from dossier_bridge.models import (
    AccountLink, KeycloakSync, LinkConfirmation, LinkDecision, LinkReport, LinkStatus, OutboxMail, Person, ReportStatus,
)
from dossier_bridge.registry.csv_format import read_dossier_file
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.review import link_decisions
from dossier_bridge.review.decisions import StaffMember
from dossier_bridge.verification import link_notices
from dossier_bridge.verification.activation import reconcile_pending_links
from dossier_bridge.web.context import install, services

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv"
SECRET = "unit-test-secret-for-links-0123456789"
STAFF = StaffMember("sub-agent", "agent.test")


class Directory:
    """Every account verified (unit tests may stub I/O)."""

    def __init__(self):
        self.updates = []

    def get(self, user_id):
        return AccountState(user_id, True, {})

    def set_attributes(self, user_id, values):
        self.updates.append((user_id, dict(values)))

    def awaiting_activation(self):
        return set()


@pytest.fixture
def app(database_url):
    app = create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": SECRET,
                                        "BRIDGE_PUBLIC_URL": "https://portail.example"}))
    install(app, replace(services(app), directory=Directory()))
    with transaction(services(app).sessions) as session:
        import_dossiers(session, read_dossier_file(SAMPLE))
    return app


def link_and_activate(app, first_name: str, email: str, user: str = "kc-new") -> int:
    """A pending link for the adult of dossier 104233 with this first name, then the worker's round."""
    svc = services(app)
    with transaction(svc.sessions) as session:
        person = session.scalars(select(Person).where(Person.first_name == first_name)).one()
        link = AccountLink(dossier_id=person.dossier_id, person_id=person.id, keycloak_user_id=user, email=email)
        session.add(link)
        session.flush()
        reconcile_pending_links(session, Directory(), dt.timedelta(hours=72), on_activated=lambda s, l:
                                link_notices.confirm(s, svc.mail, l, svc.settings.link_report_url, SECRET))
        return link.id


def mails(app) -> list[OutboxMail]:
    with services(app).sessions() as session:
        return list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_a_link_made_with_the_registry_email_is_confirmed_silently(app):
    link_id = link_and_activate(app, "Camille", "Camille.Lefevre@example.org ")
    with services(app).sessions() as session:
        assert session.get(AccountLink, link_id).confirmation is LinkConfirmation.EMAIL_MATCH
    assert mails(app) == []


def test_a_link_made_with_another_email_is_told_to_every_known_address(app):
    link_id = link_and_activate(app, "Camille", "someone.else@example.org")
    sent = mails(app)
    assert sorted(m.recipient for m in sent) == ["camille.lefevre@example.org", "thomas.lefevre@example.org"]
    assert all("vient d'être rattaché" in m.subject for m in sent)
    assert all("104233" in m.text_body and "https://portail.example/signalement/" in m.text_body for m in sent)
    with services(app).sessions() as session:
        assert session.get(AccountLink, link_id).confirmation is LinkConfirmation.NOTICE_SENT


def test_a_dossier_without_any_address_flags_the_link_for_staff(app, sign_in_staff):
    with transaction(services(app).sessions) as session:
        for person in session.scalars(select(Person).where(Person.email.is_not(None))):
            person.email = None
    link_and_activate(app, "Camille", "someone.else@example.org")
    assert mails(app) == []
    client = app.test_client()
    sign_in_staff(client)
    page = client.get("/review/rattachements/").get_data(as_text=True)
    assert "someone.else@example.org" in page and "Aucune adresse à prévenir" in page


def _report_link(app, recipient: str) -> str:
    mail = next(m for m in mails(app) if m.recipient == recipient)
    return re.search(r"https://portail\.example(/signalement/\S+)", mail.text_body).group(1)


def _token(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_the_adult_reports_the_link_and_staff_undo_it_in_one_recorded_action(app, sign_in_staff):
    link_id = link_and_activate(app, "Camille", "ex.partner@example.org", user="kc-intruder")
    path = _report_link(app, "camille.lefevre@example.org")
    family = app.test_client()
    form = family.get(path)
    assert form.status_code == 200 and "104233" in form.get_data(as_text=True)
    sent = family.post(path, data={"csrf_token": _token(family, path), "comment": "Je n'ai pas créé ce compte."})
    assert sent.status_code == 200 and "transmis" in sent.get_data(as_text=True)
    family.post(path, data={"csrf_token": _token(family, path)})  # sent twice: one report
    with services(app).sessions() as session:
        assert len(session.scalars(select(LinkReport)).all()) == 1

    staff = app.test_client()
    sign_in_staff(staff)
    listing = staff.get("/review/rattachements/").get_data(as_text=True)
    assert "ex.partner@example.org" in listing and "Rattachements signalés" in listing
    detail = f"/review/rattachements/{link_id}"
    assert "Je n&#39;ai pas créé ce compte." in staff.get(detail).get_data(as_text=True)
    undone = staff.post(f"{detail}/annuler", data={"csrf_token": _token(staff, detail), "reason": "Signalé par la mère."})
    assert undone.status_code == 303
    with services(app).sessions() as session:
        link = session.get(AccountLink, link_id)
        assert link.status is LinkStatus.RELEASED and link.release_reason == "undone_by_staff"
        decision = session.scalars(select(LinkDecision)).one()
        assert (decision.staff_username, decision.action.value, decision.message) == (
            "agent.test", "undo_link", "Signalé par la mère.")
        assert decision.before["status"] == "active" and decision.after["status"] == "released"
        assert session.scalars(select(LinkReport)).one().status is ReportStatus.UNDONE
        sync = session.scalars(select(KeycloakSync).where(KeycloakSync.keycloak_user_id == "kc-intruder")).one()
        assert sync.attributes == {"dossierNumber": None, "dossierStatus": None} and sync.status == "done"
    assert ("kc-intruder", {"dossierNumber": None, "dossierStatus": None}) in services(app).directory.updates
    told = {m.recipient: m.subject for m in mails(app)}
    assert "n'est plus rattaché" in told["ex.partner@example.org"]
    assert "a été traité" in told["camille.lefevre@example.org"]


def test_undone_twice_at_once_records_one_decision(app):
    link_id = link_and_activate(app, "Thomas", "stranger@example.org")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def act():
        barrier.wait()
        try:
            with transaction(services(app).sessions) as session:
                link_decisions.undo(session, services(app).mail, link_id, STAFF, "Deux agents.")
            outcomes.append("done")
        except link_decisions.NotUndoable:
            outcomes.append("refused")

    threads = [threading.Thread(target=act) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    with services(app).sessions() as session:
        assert len(session.scalars(select(LinkDecision)).all()) == 1


def test_a_report_closed_keeps_the_link_and_answers_the_reporter(app):
    link_id = link_and_activate(app, "Thomas", "stranger@example.org")
    with transaction(services(app).sessions) as session:
        filed = link_notices.report(session, link_notices.ReportTicket(link_id, "camille.lefevre@example.org"), None)
        link_decisions.dismiss(session, services(app).mail, filed.id, STAFF, "C'est le beau-père, il a l'autorité.")
    with services(app).sessions() as session:
        assert session.get(AccountLink, link_id).status is LinkStatus.ACTIVE
    kept = next(m for m in mails(app) if m.dedup_key.startswith("link-report-"))
    assert kept.recipient == "camille.lefevre@example.org" and "beau-père" in kept.text_body


def test_a_forged_or_expired_report_link_is_refused(app):
    client = app.test_client()
    assert client.get("/signalement/forged-token").status_code == 404
    assert client.post("/signalement/forged-token", data={}).status_code in (400, 404)


def test_only_staff_see_and_undo_links(app, sign_in_staff):
    link_id = link_and_activate(app, "Thomas", "stranger@example.org")
    client = app.test_client()
    assert client.get("/review/rattachements/").status_code == 302
    sign_in_staff(client, roles=["default-roles-portail-famille"])
    assert client.get("/review/rattachements/").status_code == 403
    assert client.post(f"/review/rattachements/{link_id}/annuler", data={"reason": "x"}).status_code in (400, 403)
    with services(app).sessions() as session:
        assert session.get(AccountLink, link_id).status is LinkStatus.ACTIVE
