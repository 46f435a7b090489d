"""Sign-ins kept on the server: Keycloak's back-channel logout, periodic re-validation, idle and absolute limits.

Keycloak is a stand-in here (its discovery document, keys and token endpoint,
answering as Keycloak 26 does); the clock of the sign-ins is moved by hand.
The same behaviour against the real Keycloak: tests/integration/test_signin_revocation.py.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import replace
from urllib.parse import parse_qs, urlparse

import pytest
from joserfc.jwk import RSAKey
from sqlalchemy import func, select

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.models import SignInClient, SignInSession
from dossier_bridge.services import Services
from dossier_bridge.signin.sessions import purge_expired, sign_ins_for
from dossier_bridge.signin.tokens import BACKCHANNEL_LOGOUT_EVENT, KeycloakTokens
from dossier_bridge.web.context import services
from tests.support.keycloak_standin import KEYCLOAK, StandInKeycloak

STAFF_CLIENT, FAMILY_CLIENT = "dossier-bridge-ui", "portail"
LOGOUT = "/oidc/backchannel-logout"


class Clock:
    def __init__(self):
        self.now = dt.datetime.now(dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def keycloak() -> StandInKeycloak:
    return StandInKeycloak()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(database_url, keycloak, clock):
    settings = Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": "s", "KEYCLOAK_URL": KEYCLOAK,
                                  "BRIDGE_UI_CLIENT_SECRET": "ui-secret", "BRIDGE_SESSION_MAX_SECONDS": "7200"})
    built = Services.from_settings(settings)
    tokens = KeycloakTokens(KEYCLOAK, settings.realm, http=keycloak)
    app = create_app(services=replace(built, signin=sign_ins_for(settings, built.session_key, tokens, clock)))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def revalidate_every(app) -> int:
    return services(app).settings.session_revalidate_seconds


def live_sign_ins(app) -> int:
    with services(app).sessions() as db:
        return db.scalar(select(func.count()).select_from(SignInSession))


def sign_in_family(app, client, keycloak) -> str:
    sid = f"sid-family-{uuid.uuid4().hex[:8]}"
    token = {"userinfo": {"sub": keycloak.subject, "sid": sid, "given_name": "Camille", "family_name": "Lefèvre",
                          "dossier_number": "104233", "dossier_status": "linked"},
             "refresh_token": "family-refresh", "id_token": "family-id-token"}
    with transaction(services(app).sessions) as db:
        ref = services(app).signin.open(db, SignInClient.FAMILY, token)
    with client.session_transaction() as session:
        session["family_signin"] = ref
    return sid


def signed_out(answer, path: str) -> bool:
    return answer.status_code == 302 and urlparse(answer.headers["Location"]).path == path


# -- back-channel logout ------------------------------------------------------------


def test_keycloaks_logout_token_ends_that_staff_sign_in_and_no_other(app, keycloak, sign_in_staff):
    agent, colleague = app.test_client(), app.test_client()
    sid = sign_in_staff(agent)
    sign_in_staff(colleague, username="agent.autre")
    assert agent.get("/review/").status_code == 200

    answer = app.test_client().post(LOGOUT, data={"logout_token": keycloak.logout_token(STAFF_CLIENT, sid)})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert signed_out(agent.get("/review/"), "/review/connexion")
    assert colleague.get("/review/").status_code == 200


def test_a_logout_token_for_portail_ends_the_family_space(app, keycloak):
    family = app.test_client()
    sid = sign_in_family(app, family, keycloak)
    page = family.get("/famille/")
    assert page.status_code == 200 and "104233" in page.get_data(as_text=True)

    assert app.test_client().post(LOGOUT, data={"logout_token": keycloak.logout_token(FAMILY_CLIENT, sid)}).status_code == 200
    assert signed_out(family.get("/famille/"), "/famille/connexion")


def test_a_logout_token_naming_only_the_user_ends_all_of_its_sign_ins_to_that_client(app, keycloak, sign_in_staff):
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        sign_in_staff(browser)
    token = keycloak.logout_token(STAFF_CLIENT, None)
    assert app.test_client().post(LOGOUT, data={"logout_token": token}).status_code == 200
    assert all(signed_out(b.get("/review/"), "/review/connexion") for b in browsers)


FORGED = RSAKey.generate_key(2048, parameters={"kid": "realm-key", "alg": "RS256"}, private=True)


@pytest.mark.parametrize("case", [
    "signed with another key", "another issuer", "another client", "two of our clients", "no logout event",
    "a nonce", "expired", "neither sid nor sub", "no jti", "an ID token", "not a JWT", "missing",
])
def test_a_logout_token_that_is_not_keycloaks_own_ends_nothing(app, keycloak, sign_in_staff, case):
    agent = app.test_client()
    sid = sign_in_staff(agent)
    now = int(time.time())
    tokens = {
        "signed with another key": lambda: keycloak.sign(
            {"aud": STAFF_CLIENT, "sid": sid, "jti": "j", "events": {BACKCHANNEL_LOGOUT_EVENT: {}}}, key=FORGED),
        "another issuer": lambda: keycloak.logout_token(STAFF_CLIENT, sid, iss="http://evil.test/realms/portail-famille"),
        "another client": lambda: keycloak.logout_token("ecole-des-sports", sid),
        "two of our clients": lambda: keycloak.logout_token([STAFF_CLIENT, FAMILY_CLIENT], sid),
        "no logout event": lambda: keycloak.logout_token(STAFF_CLIENT, sid, events={"other": {}}),
        "a nonce": lambda: keycloak.logout_token(STAFF_CLIENT, sid, nonce="n"),
        "expired": lambda: keycloak.logout_token(STAFF_CLIENT, sid, iat=now - 900, exp=now - 600),
        "neither sid nor sub": lambda: keycloak.logout_token(STAFF_CLIENT, None, sub=None),
        "no jti": lambda: keycloak.logout_token(STAFF_CLIENT, sid, jti=None),
        "an ID token": lambda: keycloak.sign({"aud": STAFF_CLIENT, "sid": sid, "sub": keycloak.subject, "jti": "i"}),
        "not a JWT": lambda: "not.a.jwt",
        "missing": lambda: "",
    }
    answer = app.test_client().post(LOGOUT, data={"logout_token": tokens[case]()})
    assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_request"
    assert agent.get("/review/").status_code == 200


def test_a_replayed_logout_token_is_refused(app, keycloak, sign_in_staff):
    sid = sign_in_staff(app.test_client())
    token = keycloak.logout_token(STAFF_CLIENT, sid)
    assert app.test_client().post(LOGOUT, data={"logout_token": token}).status_code == 200
    assert app.test_client().post(LOGOUT, data={"logout_token": token}).status_code == 400


def test_the_logout_endpoint_needs_no_form_token(app, keycloak, sign_in_staff):
    """Keycloak posts server to server: the CSRF protection of browser forms does not apply."""
    app.config["WTF_CSRF_ENABLED"] = True
    sid = sign_in_staff(app.test_client())
    answer = app.test_client().post(LOGOUT, data={"logout_token": keycloak.logout_token(STAFF_CLIENT, sid)})
    assert answer.status_code == 200


# -- re-validation ------------------------------------------------------------------


def test_a_staff_role_removed_in_keycloak_is_refused_at_the_next_revalidation(app, keycloak, clock, sign_in_staff):
    agent = app.test_client()
    sign_in_staff(agent)
    assert agent.get("/review/").status_code == 200
    keycloak.roles = ["default-roles-portail-famille"]
    clock.advance(revalidate_every(app) - 5)
    assert agent.get("/review/").status_code == 200 and keycloak.refreshes == 0  # not due yet
    clock.advance(10)
    refused = agent.get("/review/")
    assert refused.status_code == 403 and "réservée aux agents" in refused.get_data(as_text=True)
    assert agent.get("/api/v1/review/requests").status_code == 403
    # The role given back comes back at the next re-validation, without signing in again.
    keycloak.roles = ["agent-famille"]
    clock.advance(revalidate_every(app))
    assert agent.get("/review/").status_code == 200


def test_a_sign_in_keycloak_no_longer_knows_is_ended(app, keycloak, clock, sign_in_staff):
    """Keycloak refuses the refresh when its session ended or the account was disabled or deleted."""
    agent = app.test_client()
    sign_in_staff(agent)
    keycloak.session_ended = True
    clock.advance(revalidate_every(app))
    assert signed_out(agent.get("/review/"), "/review/connexion")
    assert live_sign_ins(app) == 0


def test_keycloak_out_of_reach_shows_a_french_page_and_keeps_the_sign_in(app, keycloak, clock, sign_in_staff):
    agent = app.test_client()
    sign_in_staff(agent)
    keycloak.down = True
    clock.advance(revalidate_every(app))
    answer = agent.get("/review/")
    assert answer.status_code == 503 and "Réessayez dans quelques minutes" in answer.get_data(as_text=True)
    assert agent.get("/api/v1/review/requests").status_code == 503
    keycloak.down = False
    assert agent.get("/review/").status_code == 200


def test_the_family_space_shows_the_dossier_status_keycloak_now_has(app, keycloak, clock):
    family = app.test_client()
    sign_in_family(app, family, keycloak)
    keycloak.dossier_status = "pending_review"
    clock.advance(revalidate_every(app))
    page = family.get("/famille/").get_data(as_text=True)
    assert "vérifient votre dossier" in page


def test_a_refreshed_token_for_another_user_ends_the_sign_in(app, keycloak, clock, sign_in_staff):
    agent = app.test_client()
    sign_in_staff(agent)
    keycloak.subject = "someone-else"
    clock.advance(revalidate_every(app))
    assert signed_out(agent.get("/review/"), "/review/connexion")


# -- lifetimes, sign-out, storage ----------------------------------------------------


def test_a_busy_sign_in_still_ends_at_its_absolute_lifetime(app, clock, sign_in_staff):
    agent = app.test_client()
    sign_in_staff(agent)
    lifetime = services(app).settings.session_max_seconds
    step = services(app).settings.session_idle_seconds // 2
    for _ in range(lifetime // step - 1):
        clock.advance(step)
        assert agent.get("/review/").status_code == 200
    clock.advance(step)
    assert signed_out(agent.get("/review/"), "/review/connexion")


def test_an_idle_sign_in_ends(app, clock, sign_in_staff):
    agent = app.test_client()
    sign_in_staff(agent)
    clock.advance(services(app).settings.session_idle_seconds + 1)
    assert signed_out(agent.get("/review/"), "/review/connexion")


def test_sign_out_forgets_the_sign_in_and_ends_keycloaks_session(app, sign_in_staff):
    agent = app.test_client()
    sid = sign_in_staff(agent)
    answer = agent.get("/review/deconnexion")
    location = urlparse(answer.headers["Location"])
    assert location.path.endswith("/protocol/openid-connect/logout")
    assert parse_qs(location.query)["id_token_hint"] == [f"id-token-{sid}"]
    assert live_sign_ins(app) == 0
    assert signed_out(agent.get("/review/"), "/review/connexion")


def test_the_cookie_holds_a_reference_and_the_refresh_token_is_stored_sealed(app, sign_in_staff):
    agent = app.test_client()
    sid = sign_in_staff(agent)
    with agent.session_transaction() as session:
        assert set(session) == {"staff_signin"}
    with services(app).sessions() as db:
        row = db.scalars(select(SignInSession)).one()
    assert row.keycloak_sid == sid and row.refresh_token and f"refresh-{sid}" not in row.refresh_token
    assert services(app).signin._cipher.open(row.refresh_token) == f"refresh-{sid}"


def test_the_worker_forgets_ended_sign_ins(app, clock, sign_in_staff):
    sign_in_staff(app.test_client())
    with transaction(services(app).sessions) as db:
        assert purge_expired(db, services(app).signin.policy, clock()) == 0
    later = clock() + dt.timedelta(seconds=services(app).settings.session_idle_seconds + 1)
    with transaction(services(app).sessions) as db:
        assert purge_expired(db, services(app).signin.policy, later) == 1
    assert live_sign_ins(app) == 0
