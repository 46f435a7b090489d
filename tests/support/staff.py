"""A staff member (or anyone) signing in to the bridge's review screens through Keycloak."""

from __future__ import annotations

import requests
from bs4 import BeautifulSoup

from tests.support import oidc

BRIDGE = "http://localhost:5000"


def review_session(username: str, password: str) -> tuple[requests.Session, requests.Response]:
    """Signs in through /review/connexion; returns the session and the page it lands on."""
    session = oidc.browser_like_session()
    login = session.get(f"{BRIDGE}/review/connexion", timeout=15)
    page = oidc.LoginPage(session, login)
    landed = session.post(page.form_action("kc-form-login"), data={"username": username, "password": password},
                          timeout=15)
    return session, landed


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
