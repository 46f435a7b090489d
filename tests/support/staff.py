"""A staff member (or anyone) signing in to the bridge's review screens through Keycloak."""

from __future__ import annotations

import requests
from bs4 import BeautifulSoup

from tests.support import oidc

BRIDGE = "http://localhost:5000"


def review_session(username: str, password: str) -> tuple[requests.Session, requests.Response]:
    """Signs in through /review/connexion; returns the session and the page it lands on."""
    session = oidc.browser_like_session()
    return session, sign_in(session, username, password)


def sign_in(session: requests.Session, username: str, password: str) -> requests.Response:
    """Signs in to the review screens in this browser; returns the page it lands on."""
    login = session.get(f"{BRIDGE}/review/connexion", timeout=15)
    page = oidc.LoginPage(session, login)
    return session.post(page.form_action("kc-form-login"), data={"username": username, "password": password},
                        timeout=15)


def sign_out(session: requests.Session) -> None:
    """The review screens' sign-out link: the bridge forgets the agent and Keycloak ends its session."""
    answer = session.get(f"{BRIDGE}/review/deconnexion", timeout=15)
    assert answer.status_code == 200, answer.text[:300]
    assert "kc-form-login" in answer.text or "connexion" in answer.url, answer.url


def csrf_token(html: str) -> str:
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, "no CSRF token on the page"
    return field["value"]


def request_version(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("input", attrs={"name": "version"})["value"]


def first_candidate(html: str) -> str:
    node = BeautifulSoup(html, "html.parser").select_one(".candidate input[name=dossier_number]")
    return node["value"] if node else ""


def text_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def decision_history(html: str) -> list[str]:
    """The lines of a request page's "decisions" section (empty when none was taken)."""
    section = BeautifulSoup(html, "html.parser").find("section", attrs={"aria-labelledby": "history-heading"})
    return [li.get_text(" ", strip=True) for li in section.find_all("li")] if section else []


def request_status(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find(id="request-status").get_text(strip=True)
