"""Staff pages: sign-in required, role required, and an expired session acts on nothing."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.family_requests import service
from dossier_bridge.models import Decision
from dossier_bridge.web.context import install, services
from dossier_bridge.registry.csv_format import read_dossier_file
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.web.staff_auth import IDLE_TIMEOUT_SECONDS

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv"
FAMILY = {"address": "1 rue X", "postal_code": "28000", "town": "Chartres", "phone": "0611223344",
          "children": [{"last_name": "A", "first_name": "B", "birth_date": "01/01/2018"}]}


@pytest.fixture
def app(database_url):
    app = create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": "s"}))
    app.config["WTF_CSRF_ENABLED"] = False  # this test is about the session, not the form token
    with transaction(services(app).sessions) as session:
        service.submit(session, services(app).mail, service.Account("kc-1", "a@example.org", "A", "B"), "k1", FAMILY)
    return app


def decisions(app) -> int:
    with services(app).sessions() as session:
        return session.scalar(select(func.count()).select_from(Decision))


def test_anonymous_staff_pages_redirect_to_keycloak_sign_in(app):
    answer = app.test_client().get("/review/")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/review/connexion")
    assert app.test_client().get("/api/v1/review/requests").status_code == 401


def test_a_family_account_gets_the_french_403_page(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client, roles=["default-roles-portail-famille"])
    answer = client.get("/review/demandes/1")
    assert answer.status_code == 403
    assert "réservée aux agents" in answer.get_data(as_text=True)
    assert "Chartres" not in answer.get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]


def test_an_expired_session_decides_nothing_and_asks_to_sign_in_again(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client, seen=time.time() - IDLE_TIMEOUT_SECONDS - 1)
    answer = client.post("/review/demandes/1/creer", data={"version": "1"})
    assert answer.status_code == 302 and "/review/connexion" in answer.headers["Location"]
    assert decisions(app) == 0


def test_a_form_without_its_csrf_token_is_refused(app, sign_in_staff):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    sign_in_staff(client)
    answer = client.post("/review/demandes/1/creer", data={"version": "1"})
    assert answer.status_code == 400
    assert "Votre session a expiré" in answer.get_data(as_text=True)
    assert decisions(app) == 0


def _form(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the decision form that posts to `action`, as the page rendered them."""
    form = BeautifulSoup(page, "html.parser").find("form", action=lambda a: a and a.endswith(f"/{action}"))
    assert form is not None, f"no {action} form on the page"
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


@pytest.mark.parametrize("action, typed", [
    ("creer", {}), ("rattacher", {}), ("precisions", {"message": "Merci de préciser l'école."}),
])
def test_an_account_without_the_staff_role_decides_nothing_even_with_a_valid_form(app, sign_in_staff, action, typed):
    """The role, not the form token, is what refuses: a token from a real page, the role then missing."""
    app.config["WTF_CSRF_ENABLED"] = True
    with transaction(services(app).sessions) as session:
        import_dossiers(session, read_dossier_file(SAMPLE))
        request, _ = service.submit(session, services(app).mail, service.Account("kc-2", "c@example.org", "Lefèvre", "Camille"), "k2",
                                    {**FAMILY, "children": [{"last_name": "LEFEVRE", "first_name": "Léa",
                                                             "birth_date": "12/03/2016"}]})
        path = f"/review/demandes/{request.id}"
    client = app.test_client()
    sign_in_staff(client)
    form = {**_form(client.get(path).get_data(as_text=True), action), **typed}
    # The same browser, now signed in with an account that lacks the role (or whose role was withdrawn).
    sign_in_staff(client, roles=["default-roles-portail-famille"], username="famille.test")
    refused = client.post(f"{path}/{action}", data=form)
    assert refused.status_code == 403
    assert "réservée aux agents" in refused.get_data(as_text=True)
    assert decisions(app) == 0
    # The very same form posted with the role is accepted: the token was valid, the role refused.
    sign_in_staff(client)
    accepted = client.post(f"{path}/{action}", data=form)
    assert accepted.status_code == 303
    assert decisions(app) == 1


class KeycloakDown:
    def get(self, user_id):
        from dossier_bridge.keycloak_users import DirectoryUnavailable

        raise DirectoryUnavailable("connection refused")

    def set_attributes(self, user_id, values):
        self.get(user_id)


def test_a_decision_taken_while_keycloak_is_down_is_kept_and_shown_as_pending(app, sign_in_staff):
    app.config["WTF_CSRF_ENABLED"] = False
    install(app, replace(services(app), directory=KeycloakDown()))
    client = app.test_client()
    sign_in_staff(client)
    answer = client.post("/review/demandes/1/creer", data={"version": "1"}, follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert decisions(app) == 1
    assert 'id="keycloak-pending"' in page and "sera refaite automatiquement" in page


def test_staff_see_the_registry_duplicates_with_reasons(app, sign_in_staff):
    from dossier_bridge.registry.csv_format import parse_dossier_bytes
    from dossier_bridge.registry.importer import import_dossiers

    rows = (
        "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville\n"
        "300001;responsable;LEFEVRE;Camille;;camille@example.org;06 11 22 33 44;12 rue du Bourg;28000;Chartres\n"
        "300001;enfant;LEFEVRE;Léa;12/03/2016;;;12 rue du Bourg;28000;Chartres\n"
        "300002;responsable;Lefèvre;Camille;;;0611223344;12 rue du Bourg;28000;Chartres\n"
        "300002;enfant;Lefèvre;Léa;12/03/2016;;;;28000;Chartres\n"
        "300003;responsable;DURAND;Paul;;;07 00 00 00 01;1 place des Épars;28000;Chartres\n"
        "300003;enfant;DURAND;Zoé;01/01/2019;;;;28000;Chartres\n"
    ).encode()
    with transaction(services(app).sessions) as session:
        import_dossiers(session, parse_dossier_bytes(rows))
    client = app.test_client()
    sign_in_staff(client)
    page = client.get("/review/doublons").get_data(as_text=True)
    assert "300001" in page and "300002" in page and "300003" not in page
    assert "même enfant" in page and "même téléphone" in page
