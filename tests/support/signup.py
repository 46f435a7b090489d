"""Signing up through Keycloak's real registration form, and activating from the e-mail."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

from tests.support import maildev, oidc
from tests.support.users import PASSWORD, unique

PORTAIL_REDIRECT = "http://localhost:5000/famille/retour"
_ACTIVATION_LINK = re.compile(r'href="(http[^"]+login-actions/action-token[^"]+)"')


@dataclass
class Family:
    last_name: str
    first_name: str
    dossier_number: str = ""
    username: str = field(default_factory=lambda: unique("famille"))
    password: str = PASSWORD

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"

    def form(self) -> dict[str, str]:
        return {
            "firstName": self.first_name, "lastName": self.last_name, "email": self.email,
            "username": self.username, "password": self.password, "password-confirm": self.password,
            "dossierNumber": self.dossier_number,
        }


def open_registration_form() -> oidc.LoginPage:
    page, _, _ = oidc.open_login("portail", PORTAIL_REDIRECT)
    return oidc.open_registration(page)


def submit(page: oidc.LoginPage, family: Family) -> oidc.LoginPage:
    answer = page.session.post(page.form_action("kc-register-form"), data=family.form(), timeout=15)
    return oidc.LoginPage(page.session, answer)


def register(family: Family) -> oidc.LoginPage:
    return submit(open_registration_form(), family)


def field_error(page: oidc.LoginPage, name: str) -> str:
    node = page.soup.find(id=f"input-error-{name}")
    return node.get_text(" ", strip=True) if node else ""


def activation_link(email: str) -> str:
    mail = maildev.wait_for_mail(email)[-1]
    match = _ACTIVATION_LINK.search(mail.html)
    assert match, f"no activation link in {mail.subject!r}"
    return match.group(1).replace("&amp;", "&")


def activate(email: str) -> requests.Response:
    """Open the activation link in a fresh browser, as a parent opening the e-mail elsewhere."""
    session = oidc.browser_like_session()
    answer = session.get(activation_link(email), timeout=15)
    # Keycloak may ask to confirm before it consumes the link.
    confirm = oidc.LoginPage(session, answer).soup.find(
        "a", href=lambda h: h and "action-token" in h and "kc_locale=" not in h
    )
    if confirm is not None:
        answer = session.get(urljoin(answer.url, confirm["href"]), timeout=15)
    return answer
