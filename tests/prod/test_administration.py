"""Keycloak's administration goes through the proxy only from the networks the city allows.

The production-like settings allow the operator's own loopback address
(127.0.0.1); a visitor is played by another loopback address, 127.1.0.9,
which the proxy sees as any outside client.
"""

from __future__ import annotations

import requests

from tests.support.addresses import move_to

VISITOR = "127.1.0.9"
ADMINISTRATION = ("/admin/master/console/", "/admin/realms/portail-famille/users",
                  "/realms/master/.well-known/openid-configuration", "/admin")


def visitor(site) -> requests.Session:
    session = requests.Session()
    session.verify = site.ca_file
    move_to(session, VISITOR)
    return session


def test_a_visitor_gets_a_french_refusal_for_every_administration_path(site):
    session = visitor(site)
    for path in ADMINISTRATION:
        answer = session.get(f"{site.keycloak}{path}", allow_redirects=False, timeout=15)
        assert answer.status_code == 403, path
        assert "Accès réservé" in answer.text and "réseau de la ville" in answer.text, path


def test_the_same_visitor_still_signs_in_to_the_family_realm(site):
    answer = visitor(site).get(f"{site.keycloak}/realms/portail-famille/.well-known/openid-configuration", timeout=15)
    assert answer.status_code == 200 and answer.json()["issuer"].endswith("/realms/portail-famille")


def test_an_allowed_network_reaches_the_admin_console_and_api(site):
    console = requests.get(f"{site.keycloak}/admin/master/console/", verify=site.ca_file, timeout=15)
    assert console.status_code == 200
    assert site.admin().get_realm("portail-famille")["realm"] == "portail-famille"
