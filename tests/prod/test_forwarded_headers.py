"""Keycloak and the bridges believe X-Forwarded-* headers from the proxy only (issue 10, point 3).

The proxy connects from 127.0.0.2 and replaces whatever forwarded headers a
client sends; anyone else reaching a node or a bridge directly is taken at
its own address, whatever it claims.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.prod.site import wait_for
from tests.support import oidc
from tests.support.signup import Family, open_registration_form

FORGED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https",
          "Forwarded": "for=203.0.113.9;host=evil.example;proto=https"}


def recorded_address(site, email: str) -> str:
    # The bridge writes a check's audit row just after answering Keycloak: give it a moment.
    rows = wait_for(lambda: site.bridge_sql(f"SELECT client_ip FROM verification_attempt WHERE email = '{email}' ORDER BY id"),
                    5, f"the dossier check of {email} to be recorded", interval=0.1)
    return rows[-1][0]


def test_through_the_proxy_the_family_address_counts_not_a_forged_header(site, add_dossier):
    number = add_dossier(("responsable", "BERNARD", "Yanis", ""))
    family = Family("Intrus", "Yanis", number)  # wrong name: a counted failure
    page = open_registration_form()
    page.session.post(page.form_action("kc-register-form"), data=family.form(), headers=FORGED, timeout=15)
    # Not 127.0.0.2 (the proxy itself), not the forged one: the address the proxy saw.
    assert recorded_address(site, family.email) == "127.0.0.1"


def test_a_node_reached_directly_ignores_forwarded_headers(site, add_dossier):
    node = site.urls["KEYCLOAK_NODE_1_URL"].replace("127.0.0.1", "localhost")
    number = add_dossier(("responsable", "BERNARD", "Yanis", ""))
    family = Family("Intrus", "Yanis", number)
    session = oidc.browser_like_session()
    login = session.get(f"{node}/realms/portail-famille/protocol/openid-connect/auth", timeout=15, params={
        "client_id": "portail", "redirect_uri": site.family_return, "response_type": "code", "scope": "openid"})
    page = oidc.LoginPage(session, login)
    registration = oidc.open_registration(page)
    action = registration.form_action("kc-register-form").replace(site.keycloak, node)
    session.post(action, data=family.form(), headers=FORGED, timeout=15)
    assert recorded_address(site, family.email) == "127.0.0.1"


def test_a_bridge_reached_directly_builds_its_urls_from_its_own_address(site):
    bridge = site.urls["BRIDGE_1_URL"]
    answer = oidc.browser_like_session().get(f"{bridge}/review/connexion", headers=FORGED, allow_redirects=False,
                                             timeout=10)
    redirect_uri = parse_qs(urlparse(answer.headers["Location"]).query)["redirect_uri"][0]
    assert redirect_uri.startswith(f"{bridge}/"), redirect_uri


def test_through_the_proxy_the_bridge_builds_public_https_urls(site):
    answer = oidc.browser_like_session().get(f"{site.bridge}/review/connexion", headers=FORGED,
                                             allow_redirects=False, timeout=10)
    redirect_uri = parse_qs(urlparse(answer.headers["Location"]).query)["redirect_uri"][0]
    assert redirect_uri.startswith(f"{site.bridge}/"), redirect_uri
