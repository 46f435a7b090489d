"""Driving Keycloak's real login form without a browser: authorization code + PKCE."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlparse

import requests
from authlib.common.security import generate_token
from authlib.jose import JsonWebKey, jwt
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from bs4 import BeautifulSoup

KEYCLOAK_URL = "http://localhost:8080"
REALM = "portail-famille"
ISSUER = f"{KEYCLOAK_URL}/realms/{REALM}"


@dataclass
class LoginPage:
    session: requests.Session
    response: requests.Response

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.response.text, "html.parser")

    def form_action(self, form_id: str | None = None) -> str:
        form = self.soup.find("form", id=form_id) if form_id else self.soup.find("form")
        assert form is not None, f"no form on {self.response.url}"
        return urljoin(self.response.url, form["action"])


class BrowserLikeSession(requests.Session):
    """A requests session that treats http://localhost as a secure context, as browsers do.

    Keycloak marks its cookies Secure; Chromium still sends them to localhost,
    requests would not.
    """

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def browser_like_session() -> requests.Session:
    return BrowserLikeSession()


def open_login(client_id: str, redirect_uri: str, scope: str = "openid") -> tuple[LoginPage, str, str]:
    """Open the authorization endpoint; returns the page, the PKCE verifier and the state."""
    session = browser_like_session()
    verifier = generate_token(64)
    state = secrets.token_urlsafe(16)
    answer = session.get(
        f"{ISSUER}/protocol/openid-connect/auth",
        params={
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": scope,
            "state": state,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        },
        timeout=10,
    )
    answer.raise_for_status()
    return LoginPage(session, answer), verifier, state


def open_registration(page: LoginPage) -> LoginPage:
    """Follow the login page's sign-up link, in the same browser session."""
    link = page.soup.find("a", href=lambda h: h and "login-actions/registration" in h)
    assert link is not None, "no sign-up link on the login page"
    answer = page.session.get(urljoin(page.response.url, link["href"]), timeout=10)
    answer.raise_for_status()
    return LoginPage(page.session, answer)


def submit_login(page: LoginPage, username: str, password: str) -> requests.Response:
    return page.session.post(
        page.form_action("kc-form-login"),
        data={"username": username, "password": password, "credentialId": ""},
        allow_redirects=False,
        timeout=10,
    )


def code_from_redirect(answer: requests.Response, redirect_uri: str, state: str) -> str:
    assert answer.status_code in (302, 303), f"expected a redirect, got {answer.status_code}: {answer.text[:500]}"
    location = answer.headers["Location"]
    assert location.startswith(redirect_uri), location
    query = parse_qs(urlparse(location).query)
    assert query["state"] == [state]
    return query["code"][0]


def exchange_code(client_id: str, redirect_uri: str, code: str, verifier: str, client_secret: str | None = None) -> dict:
    data = {
        "grant_type": "authorization_code",
        "client_id": client_id,
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    if client_secret:
        data["client_secret"] = client_secret
    answer = requests.post(f"{ISSUER}/protocol/openid-connect/token", data=data, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def login_with_password(client_id: str, redirect_uri: str, username: str, password: str, scope: str = "openid") -> dict:
    page, verifier, state = open_login(client_id, redirect_uri, scope)
    code = code_from_redirect(submit_login(page, username, password), redirect_uri, state)
    return exchange_code(client_id, redirect_uri, code, verifier)


def validate_token(token: str, audience: str | None = None) -> dict:
    """Check signature, issuer and expiry against the realm's published keys."""
    keys = JsonWebKey.import_key_set(requests.get(f"{ISSUER}/protocol/openid-connect/certs", timeout=10).json())
    claims = jwt.decode(token, keys, claims_options={"iss": {"essential": True, "value": ISSUER}})
    claims.validate()
    if audience:
        aud = claims.get("aud")
        assert audience == claims.get("azp") or audience in (aud if isinstance(aud, list) else [aud])
    return dict(claims)
