"""What a newcomer sees after `make run`: every service answers."""

import requests

from devstack.services import BRIDGE_URL, ECOLE_DES_SPORTS_URL, KEYCLOAK_URL, MAILDEV_URL, REALM, RESTAURATION_SCOLAIRE_URL


def test_openid_configuration_answers():
    answer = requests.get(f"{KEYCLOAK_URL}/realms/{REALM}/.well-known/openid-configuration", timeout=10)
    assert answer.status_code == 200
    assert answer.json()["issuer"] == f"{KEYCLOAK_URL}/realms/{REALM}"


def test_bridge_health_checks_the_database():
    answer = requests.get(f"{BRIDGE_URL}/healthz", timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok"}


def test_maildev_web_ui_answers():
    answer = requests.get(MAILDEV_URL, timeout=10)
    assert answer.status_code == 200
    assert "MailDev" in answer.text


def test_the_sample_city_apps_send_a_signed_out_family_to_keycloak():
    for app in (ECOLE_DES_SPORTS_URL, RESTAURATION_SCOLAIRE_URL):
        answer = requests.get(f"{app}/", allow_redirects=False, timeout=10)
        assert answer.status_code == 302
        assert answer.headers["Location"].startswith(f"{KEYCLOAK_URL}/realms/{REALM}/protocol/openid-connect/auth?")
