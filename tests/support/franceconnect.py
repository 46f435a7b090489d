"""Signing in with the FranceConnect stand-in, without a browser, as a family would click through it."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

from devstack.services import FRANCECONNECT_STANDIN_ISSUER
from tests.support import oidc
from tests.support.signup import PORTAIL_REDIRECT

STANDIN = FRANCECONNECT_STANDIN_ISSUER.removesuffix("/api/v2")


@dataclass
class Person:
    """A fictitious FranceConnect identity, made for one test (the stand-in accepts new ones)."""

    given_name: str
    family_name: str
    birthdate: str
    preferred_username: str | None = None
    email: str = ""
    id: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    sub: str = ""

    def register(self) -> "Person":
        self.email = self.email or f"{self.id}@example.org"
        claims = {"id": self.id, "given_name": self.given_name, "family_name": self.family_name,
                  "birthdate": self.birthdate, "email": self.email}
        if self.preferred_username:
            claims["preferred_username"] = self.preferred_username
        answer = requests.post(f"{STANDIN}/_test/identities", data=json.dumps(claims), timeout=10)
        assert answer.status_code == 201, answer.text
        self.sub = answer.json()["sub"]
        return self


def page_of(session: requests.Session, answer: requests.Response) -> oidc.LoginPage:
    return oidc.LoginPage(session, answer)


def open_portail_login() -> tuple[oidc.LoginPage, str, str]:
    """The families' login page, as the portail client opens it; returns it, the PKCE verifier and the state."""
    return oidc.open_login("portail", PORTAIL_REDIRECT)


def press_button(page: oidc.LoginPage) -> oidc.LoginPage:
    """The FranceConnect button of a login or sign-up page: a plain link to Keycloak's broker, then the stand-in."""
    button = page.soup.find("a", id="social-franceconnect")
    assert button is not None, f"no FranceConnect button on {page.response.url}"
    answer = page.session.get(urljoin(page.response.url, button["href"]), timeout=15)
    assert answer.url.startswith(STANDIN), f"the button led to {answer.url}: {answer.text[:300]}"
    return page_of(page.session, answer)


def choose(page: oidc.LoginPage, person: Person) -> oidc.LoginPage:
    """Pick the person on the stand-in's page; follows the redirects back to Keycloak."""
    form = page.soup.find("form")
    assert form is not None and page.soup.find("input", attrs={"name": "identity", "value": person.id}) is not None, \
        f"{person.id} is not offered on {page.response.url}"
    answer = page.session.post(urljoin(page.response.url, form["action"]), data={"identity": person.id}, timeout=20)
    return page_of(page.session, answer)


def confirm_identity(page: oidc.LoginPage) -> oidc.LoginPage:
    """The confirmation page of a first sign-in: its hidden fields as they are, then "Confirmer"."""
    form = page.soup.find("form", id="kc-idp-review-profile-form")
    assert form is not None, f"no identity confirmation on {page.response.url}: {text(page)[:400]}"
    data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    answer = page.session.post(urljoin(page.response.url, form["action"]), data=data, allow_redirects=False, timeout=20)
    return follow(page.session, answer)


def follow(session: requests.Session, answer: requests.Response, stop_at: str = PORTAIL_REDIRECT) -> oidc.LoginPage:
    """Follow redirects, stopping before the portail's own page (its code is the test's to read)."""
    while answer.status_code in (301, 302, 303, 307) and not answer.headers["Location"].startswith(stop_at):
        answer = session.get(urljoin(answer.url, answer.headers["Location"]), allow_redirects=False, timeout=20)
    return page_of(session, answer)


def first_sign_in(person: Person) -> tuple[oidc.LoginPage, str, str]:
    """From the login page to the page after the identity confirmation (the dossier step, or a link question)."""
    login, verifier, state = open_portail_login()
    confirmation = choose(press_button(login), person)
    return confirm_identity(confirmation), verifier, state


def text(page: oidc.LoginPage) -> str:
    return page.soup.get_text(" ", strip=True)


def end_sessions() -> list[dict]:
    answer = requests.get(f"{STANDIN}/_test/end-sessions", timeout=10)
    answer.raise_for_status()
    return answer.json()


def jwt_claims(token: str) -> dict:
    """The payload of a JWT, unverified (the stand-in's own token, read back by the test)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
