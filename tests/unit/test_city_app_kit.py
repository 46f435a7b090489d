"""The sample city applications (examples/): what they show, whom they refuse, and Keycloak's logout tokens.

Keycloak is a stand-in (its published keys and endpoints); the same apps
against the real Keycloak: tests/integration/test_city_apps.py.
"""

from __future__ import annotations

import sys
import time
from urllib.parse import parse_qs, urlparse

import pytest
from joserfc.jwk import RSAKey

from devstack.paths import EXAMPLES
from tests.support.keycloak_standin import ISSUER, StandInKeycloak

sys.path.insert(0, str(EXAMPLES))
from city_app import AppSettings, create_app  # noqa: E402

BASE = "http://localhost:5100"


@pytest.fixture
def keycloak() -> StandInKeycloak:
    return StandInKeycloak()


@pytest.fixture
def app(keycloak):
    settings = AppSettings("ecole_des_sports", "ecole-des-sports", "secret", BASE, ISSUER,
                           "http://localhost:5000/famille/", b"k" * 32)
    app = create_app(settings)
    # Keycloak's discovery document and keys, as authlib caches them after its first read.
    client = app.extensions["authlib.integrations.flask_client"].create_client("keycloak")
    client.server_metadata.update({**keycloak.metadata(), "jwks": keycloak.jwks(), "_loaded_at": time.time()})
    return app


def signed_in(app, status="linked", sid="sid-1"):
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["family"] = {"sub": "sub-agent.test", "sid": sid, "at": time.time(), "name": "Camille Lefèvre",
                             "dossier_number": "104233", "dossier_status": status}
        session["id_token"] = "the-id-token"
    return browser


def test_a_linked_family_sees_its_name_and_dossier_number(app):
    page = signed_in(app).get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="dossier-number">104233<' in html and "Camille Lefèvre" in html and '<html lang="fr">' in html


@pytest.mark.parametrize("status", ["pending_review", "info_requested", "rejected", None])
def test_a_family_without_a_linked_dossier_is_sent_to_its_family_space(app, status):
    page = signed_in(app, status).get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 403 and "pas encore rattaché" in html and "104233" not in html
    assert 'href="http://localhost:5000/famille/"' in html
    english = signed_in(app, status).get("/?lang=en").get_data(as_text=True)
    assert "not linked yet" in english and '<html lang="en">' in english


def test_a_signed_out_family_is_sent_to_keycloak_with_pkce(app):
    answer = app.test_client().get("/")
    location = urlparse(answer.headers["Location"])
    query = parse_qs(location.query)
    assert answer.status_code == 302 and location.path.endswith("/protocol/openid-connect/auth")
    assert query["redirect_uri"] == [f"{BASE}/auth/callback"] and query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["openid profile dossier"]


def test_sign_out_ends_keycloaks_session_and_comes_back_to_the_goodbye_page(app):
    answer = signed_in(app).get("/deconnexion")
    query = parse_qs(urlparse(answer.headers["Location"]).query)
    assert query["id_token_hint"] == ["the-id-token"] and query["client_id"] == ["ecole-des-sports"]
    assert query["post_logout_redirect_uri"] == [f"{BASE}/au-revoir"]


def test_keycloaks_logout_token_ends_the_session_it_names_once(app, keycloak):
    browser, other = signed_in(app, sid="sid-1"), signed_in(app, sid="sid-2")
    token = keycloak.logout_token("ecole-des-sports", "sid-1")
    assert app.test_client().post("/backchannel-logout", data={"logout_token": token}).status_code == 200
    assert browser.get("/").status_code == 302
    assert other.get("/").status_code == 200
    assert app.test_client().post("/backchannel-logout", data={"logout_token": token}).status_code == 400


@pytest.mark.parametrize("case", ["another key", "another client", "no event", "no sid or sub"])
def test_a_logout_token_keycloak_did_not_send_ends_nothing(app, keycloak, case):
    browser = signed_in(app, sid="sid-1")
    forged = RSAKey.generate_key(2048, parameters={"kid": "realm-key"}, private=True)
    token = {
        "another key": lambda: keycloak.sign({"aud": "ecole-des-sports", "sid": "sid-1", "jti": "j",
                                              "events": {"http://schemas.openid.net/event/backchannel-logout": {}}},
                                             key=forged),
        "another client": lambda: keycloak.logout_token("restauration-scolaire", "sid-1"),
        "no event": lambda: keycloak.logout_token("ecole-des-sports", "sid-1", events={}),
        "no sid or sub": lambda: keycloak.logout_token("ecole-des-sports", None, sub=None),
    }[case]()
    assert app.test_client().post("/backchannel-logout", data={"logout_token": token}).status_code == 400
    assert browser.get("/").status_code == 200
