"""A family's browser going through the sample city applications (examples/) and the bridge's "Mon espace"."""

from __future__ import annotations

import requests
from bs4 import BeautifulSoup

from tests.support import oidc

ECOLE_DES_SPORTS = "http://localhost:5100"
RESTAURATION_SCOLAIRE = "http://localhost:5101"
FAMILY_SPACE = "http://localhost:5000/famille/"


def sign_in(browser: requests.Session, app: str, username: str, password: str) -> requests.Response:
    """Open `app`, which sends a signed-out family to Keycloak's form; sign in there; the page it lands on."""
    login = browser.get(f"{app}/", timeout=15)
    assert "kc-form-login" in login.text, f"{app}/ did not ask to sign in: {login.url}"
    return browser.post(oidc.LoginPage(browser, login).form_action("kc-form-login"),
                        data={"username": username, "password": password}, timeout=15)


def asks_to_sign_in(answer: requests.Response) -> bool:
    return "kc-form-login" in answer.text


def passed_through_keycloak(answer: requests.Response) -> bool:
    """The page was reached through Keycloak's authorization endpoint (a redirect, no form)."""
    return any("/protocol/openid-connect/auth" in step.url for step in answer.history)


def shown(html: str, element_id: str) -> str:
    node = BeautifulSoup(html, "html.parser").find(id=element_id)
    return node.get_text(" ", strip=True) if node else ""
