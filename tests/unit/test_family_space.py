"""The family's own space without the stack: what an account may see, its export, lost numbers, corrections, pages."""

from __future__ import annotations

import dataclasses
import json

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from dossier_bridge.app import create_app
from dossier_bridge.branding import Branding
from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.family_space import corrections, lost_number
from dossier_bridge.family_space.export import account_export
from dossier_bridge.family_space.knowledge import what_the_city_knows
from dossier_bridge.keycloak_attributes import DOSSIER_NUMBER_CLAIM, DOSSIER_STATUS_CLAIM
from dossier_bridge.keycloak_users import DirectoryUnavailable
from dossier_bridge.mail_outbox import MailTemplates
from dossier_bridge.models import (
    AccountErasure, AccountLink, CorrectionRequest, CorrectionStatus, Dossier, LinkStatus, NumberReminder, OutboxMail,
    Person, PersonRole, SignInClient,
)
from dossier_bridge.web.context import install, services

MAIL = MailTemplates(Branding())
A = {"email": "claire.bertin@example.org", "phone": "06 11 11 11 11", "address": "3 rue des Lices"}
B = {"email": "julien.moreau@example.org", "phone": "06 22 22 22 22", "address": "18 avenue Jean Mermoz"}


@pytest.fixture
def sessions(database_url):
    return make_session_factory(make_engine(database_url))


def separated_family(sessions) -> None:
    """One dossier, two parents at two addresses, each with an account; and another family's account."""
    with transaction(sessions) as session:
        d = Dossier(number="731000")
        for key, last, first, data in (("a", "BERTIN", "Claire", A), ("b", "MOREAU", "Julien", B)):
            d.persons.append(Person(role=PersonRole.RESPONSABLE, person_key=key, last_name=last, first_name=first,
                                    last_name_key=last.lower(), town="Chartres", postal_code="28000", **data))
        d.persons.append(Person(role=PersonRole.ENFANT, person_key="c", last_name="BERTIN-MOREAU", first_name="Lina",
                                last_name_key="bertinmoreau"))
        other = Dossier(number="731001")
        other.persons.append(Person(role=PersonRole.RESPONSABLE, person_key="o", last_name="ROUX", first_name="Inès",
                                    last_name_key="roux", email="ines.roux@example.org", phone="06 33 33 33 33"))
        session.add_all([d, other])
        session.flush()
        for user, person in (("kc-a", d.persons[0]), ("kc-b", d.persons[1]), ("kc-o", other.persons[0])):
            session.add(AccountLink(dossier_id=person.dossier_id, person_id=person.id, keycloak_user_id=user,
                                    email=f"{user}@example.org", status=LinkStatus.ACTIVE))
        for user in ("kc-a", "kc-b", "kc-o"):
            corrections.submit(session, MAIL, corrections.Requester(user, f"{user}@example.org", "X", "Y"), None,
                               f"Correction de {user}")


def test_each_parent_sees_its_own_details_and_the_children_never_the_others(sessions):
    separated_family(sessions)
    with sessions() as session:
        mine, theirs = what_the_city_knows(session, "kc-a"), what_the_city_knows(session, "kc-b")
    assert mine.dossier_number == theirs.dossier_number == "731000"
    assert (mine.contact.email, mine.contact.phone, mine.contact.address) == (A["email"], A["phone"], A["address"])
    assert [c.first_name for c in mine.children] == [c.first_name for c in theirs.children] == ["Lina"]
    for value in B.values():
        assert value not in repr(mine)
    for value in A.values():
        assert value not in repr(theirs)


def test_the_export_holds_the_accounts_own_rows_and_nothing_of_another_adult_or_family(sessions):
    separated_family(sessions)
    with sessions() as session:
        data = account_export(session, "kc-a", {"account": {"id": "kc-a"}}, "Portail Famille")
    dumped = json.dumps(data, ensure_ascii=False)
    assert A["email"] in dumped and "Lina" in dumped and "Correction de kc-a" in dumped
    assert [m["objet"] for m in data["courriels"]] == ["Portail Famille : votre signalement d'erreur a bien été reçu"]
    for foreign in (*B.values(), "kc-b", "kc-o", "ines.roux@example.org", "Correction de kc-o"):
        assert foreign not in dumped
    assert "agent" not in dumped


def limiter(per_email="3 per day", per_address="10 per hour", overall="500 per hour"):
    return lost_number.LostNumberRateLimiter("memory://", lost_number.LostNumberBudgets(per_email, per_address, overall))


def stored(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(NumberReminder))


def test_lost_number_requests_are_counted_before_any_work_per_address_typed(sessions):
    budget = limiter()
    with transaction(sessions) as session:
        answers = [lost_number.ask(session, budget, "Claire.Bertin@Example.org ", "192.0.2.1") for _ in range(4)]
    assert answers == [True, True, True, False]
    assert stored(sessions) == 3  # the refused request stored nothing


@pytest.mark.parametrize("budgets, addresses, allowed", [
    ({"per_address": "2 per hour"}, ["192.0.2.1"] * 3, 2),
    ({"per_address": "2 per hour"}, ["2001:db8::1", "2001:db8::2", "2001:db8::3"], 2),  # one IPv6 /64
    ({"overall": "2 per hour"}, ["192.0.2.1", "192.0.2.2", "192.0.2.3"], 2),
])
def test_lost_number_budgets_per_network_and_overall(sessions, budgets, addresses, allowed):
    budget = limiter(**budgets)
    with transaction(sessions) as session:
        answers = [lost_number.ask(session, budget, f"famille{i}@example.org", ip) for i, ip in enumerate(addresses)]
    assert answers.count(True) == allowed and answers[-1] is False


def test_the_worker_mails_the_number_only_to_a_responsible_adults_registry_address(sessions):
    separated_family(sessions)
    with transaction(sessions) as session:
        child = session.scalars(select(Person).where(Person.first_name == "Lina")).one()
        child.email = "lina@example.org"
        for typed in ("CLAIRE.BERTIN@example.org", "personne@example.org", "lina@example.org"):
            session.add(NumberReminder(email=lost_number.normalise_email(typed)))
    with transaction(sessions) as session:
        assert lost_number.answer_due(session, MAIL) == 1
    with sessions() as session:
        mails = session.scalars(select(OutboxMail).where(OutboxMail.dedup_key.like("number-reminder-%"))).all()
        reminders = session.scalars(select(NumberReminder)).all()
    assert [(m.recipient, "731000" in m.text_body, m.keycloak_user_id) for m in mails] == [(A["email"], True, None)]
    assert all(r.processed_at is not None and r.email is None for r in reminders)
    assert [r.mails_queued for r in reminders] == [1, 0, 0]


def test_of_two_agents_answering_a_correction_at_once_the_second_is_told(sessions):
    separated_family(sessions)
    staff = corrections.Answerer("s", "agent.demo")
    with transaction(sessions) as session:
        first = session.scalars(select(CorrectionRequest)).first()
        corrections.answer(session, MAIL, first.id, 1, "C'est corrigé.", staff)
    with pytest.raises(corrections.Conflict), transaction(sessions) as session:
        corrections.answer(session, MAIL, first.id, 1, "Autre réponse", staff)
    with pytest.raises(corrections.EmptyText), transaction(sessions) as session:
        corrections.answer(session, MAIL, first.id + 1, 1, "   ", staff)
    with sessions() as session:
        answered = session.get(CorrectionRequest, first.id)
        mail = session.scalars(select(OutboxMail).where(OutboxMail.dedup_key == f"correction-{first.id}-answered")).one()
    assert answered.status is CorrectionStatus.ANSWERED and answered.answer == "C'est corrigé."
    assert "C'est corrigé." in mail.text_body and mail.keycloak_user_id == answered.keycloak_user_id


# --- pages ---

class FakeDirectory:
    def __init__(self, exported=None, down=False, present=True):
        self.exported, self.down, self.present = exported, down, present

    def export(self, user_id):
        if self.down:
            raise DirectoryUnavailable("connection refused")
        return self.exported

    def get(self, user_id):
        return object() if self.present else None


@pytest.fixture
def app(database_url):
    app = create_app(Settings.from_env({
        "BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": "s",
        "PORTAIL_DPO_CONTACT": "rgpd@ville-dreux.example", "PORTAIL_DATA_CONTROLLER": "Ville de Dreux",
        "BRIDGE_RETENTION_MAIL_BODY_DAYS": "60", "BRIDGE_LOST_NUMBER_LIMIT_PER_ADDRESS": "2 per hour",
    }))
    app.config["WTF_CSRF_ENABLED"] = False
    separated_family(services(app).sessions)
    return app


def use_directory(app, directory) -> None:
    install(app, dataclasses.replace(services(app), directory=directory))


def family_client(app, user="kc-a"):
    """A browser signed in to Mon espace, the sign-in stored as the Keycloak callback stores it."""
    client = app.test_client()
    token = {"userinfo": {"sub": user, "sid": f"sid-{user}", "given_name": "Claire", "family_name": "Bertin",
                          "email": f"{user}@example.org", DOSSIER_NUMBER_CLAIM: "731000",
                          DOSSIER_STATUS_CLAIM: "linked"},
             "refresh_token": f"refresh-{user}", "id_token": f"id-token-{user}"}
    with transaction(services(app).sessions) as db:
        ref = services(app).signin.open(db, SignInClient.FAMILY, token)
    with client.session_transaction() as session:
        session["family_signin"] = ref
    return client


def main_text(answer) -> str:
    return BeautifulSoup(answer.get_data(as_text=True), "html.parser").find("main").get_text(" ", strip=True)


def test_the_lost_number_page_answers_429_in_french_once_the_network_budget_is_spent(app):
    client = app.test_client()
    answers = [client.post("/numero-de-dossier-perdu", data={"email": f"f{i}@example.org"}) for i in range(3)]
    assert [a.status_code for a in answers] == [303, 303, 429]
    assert "Trop de demandes" in main_text(answers[-1])
    assert answers[-1].headers["Content-Security-Policy"].startswith("default-src 'self'")
    form = BeautifulSoup(client.get("/numero-de-dossier-perdu").get_data(as_text=True), "html.parser")
    field = form.find("input", id="email")
    assert field["autocomplete"] == "email" and form.find("label", attrs={"for": "email"})


def test_mon_espace_shows_the_registry_and_the_rights(app):
    page = family_client(app).get("/famille/")
    text = main_text(page)
    assert A["address"] in text and A["phone"] in text and "Lina" in text
    assert B["address"] not in text and B["email"] not in text
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    assert {a.get("id") for a in soup.find_all("a")} >= {"report-error-link", "download-link", "delete-account-link"}


def test_the_download_is_a_json_attachment_and_keycloak_down_gets_a_french_page(app):
    use_directory(app, FakeDirectory(exported={"account": {"username": "claire"}}))
    answer = family_client(app).get("/famille/mes-donnees")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert "attachment" in answer.headers["Content-Disposition"] and answer.headers["Cache-Control"] == "no-store"
    assert json.loads(answer.get_data(as_text=True))["compte_keycloak"]["account"]["username"] == "claire"
    use_directory(app, FakeDirectory(down=True))
    down = family_client(app).get("/famille/mes-donnees")
    assert down.status_code == 503 and "momentanément indisponible" in main_text(down)


def test_family_pages_need_a_sign_in(app):
    client = app.test_client()
    for path in ("/famille/mes-donnees", "/famille/signaler-une-erreur", "/famille/supprimer-mon-compte"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/famille/connexion")


def test_the_sign_in_of_an_erased_account_ends_on_its_next_page(app):
    client = family_client(app)
    assert client.get("/famille/").status_code == 200
    with transaction(services(app).sessions) as session:
        session.add(AccountErasure(keycloak_user_id="kc-a", source="staff", summary={}))
    answer = client.get("/famille/")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/famille/compte-supprime")
    assert client.get("/famille/").headers["Location"].endswith("/famille/connexion")


def test_a_deletion_started_here_is_checked_with_keycloak_and_erased_at_once(app):
    client = family_client(app)
    with client.session_transaction() as session:
        session["family_deleting"] = "kc-a"
    use_directory(app, FakeDirectory(present=True))
    assert client.get("/famille/").status_code == 200  # cancelled on Keycloak's page: nothing happens
    with client.session_transaction() as session:
        assert "family_deleting" not in session
        session["family_deleting"] = "kc-a"
    use_directory(app, FakeDirectory(present=False))
    assert client.get("/famille/").headers["Location"].endswith("/famille/compte-supprime")
    with services(app).sessions() as session:
        assert session.scalars(select(AccountErasure.source)).all() == ["family"]


def test_staff_correction_screens_need_the_staff_role(app, sign_in_staff):
    client = app.test_client()
    assert client.get("/review/corrections/").status_code == 302
    sign_in_staff(client, roles=["default-roles-portail-famille"])
    assert client.get("/review/corrections/").status_code == 403
    sign_in_staff(client)
    queue = client.get("/review/corrections/")
    assert queue.status_code == 200 and "Correction de kc-a" in main_text(queue)


def test_the_privacy_notice_is_filled_from_the_settings(app):
    text = main_text(app.test_client().get("/confidentialite"))
    assert "Ville de Dreux" in text and "rgpd@ville-dreux.example" in text
    assert "2 mois" in text and "5 ans" in text and "www.cnil.fr/fr/plaintes" in text
    english = main_text(app.test_client().get("/confidentialite?lang=en"))
    assert "Personal data and privacy" in english and "2 months" in english


def test_the_privacy_notice_says_what_franceconnect_sends(app):
    """Accounts made through FranceConnect hold its identity: the notice lists it, in both languages."""
    text = main_text(app.test_client().get("/confidentialite"))
    assert "l'identité que FranceConnect nous transmet" in text and "date de naissance" in text
    english = main_text(app.test_client().get("/confidentialite?lang=en"))
    assert "the identity FranceConnect sends us" in english
