"""What a newcomer sees after `make run`: every service answers."""

import requests

from devstack.services import BRIDGE_URL, KEYCLOAK_URL, MAILDEV_URL, REALM


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
