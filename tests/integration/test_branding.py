"""Branding is configuration: another city name, colours and contact change every page, no template edited.

Keycloak reads the branding from theme properties, themselves filled from the
environment (`${env.PORTAIL_CITY_NAME:Ville de Chartres}`...). A running
Keycloak's environment cannot change inside a test, so the Keycloak test uses
the other configuration route the theme supports: a theme made of a
`theme.properties` only, whose parent is `portail-famille`, assigned to a
throw-away realm. The bridge test sets the environment variables themselves.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator

import pytest
import requests
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from devstack.paths import THEMES
from devstack.services import KEYCLOAK_URL

OTHER_CITY = "Ville de Lucé-les-Tests"
OTHER_PRIMARY = "#2a5d1f"
OTHER_ACCENT = "#8b1a6b"


@pytest.fixture
def other_city_realm(kc_admin) -> Iterator[str]:
    name = f"branding-{uuid.uuid4().hex[:8]}"
    theme = THEMES / name
    for kind in ("login", "email"):
        (theme / kind).mkdir(parents=True)
        (theme / kind / "theme.properties").write_text(
            "parent=portail-famille\n"
            + ("import=common/keycloak\n" if kind == "login" else "")
            + f"pfCityName={OTHER_CITY}\npfColorPrimary={OTHER_PRIMARY}\npfColorAccent={OTHER_ACCENT}\n"
            "pfContactPhone=01 23 45 67 89\n",
            encoding="utf-8",
        )
    kc_admin.create_realm({
        "realm": name, "enabled": True, "loginTheme": name, "emailTheme": name, "registrationAllowed": True,
        "internationalizationEnabled": True, "supportedLocales": ["fr", "en"], "defaultLocale": "fr",
    })
    try:
        yield name
    finally:
        kc_admin.delete_realm(name)
        shutil.rmtree(theme, ignore_errors=True)


def _account_login_page(realm: str) -> str:
    """The realm's login page, reached through its built-in account console client."""
    answer = requests.get(f"{KEYCLOAK_URL}/realms/{realm}/protocol/openid-connect/auth", params={
        "client_id": "account-console", "redirect_uri": f"{KEYCLOAK_URL}/realms/{realm}/account/",
        "response_type": "code", "scope": "openid", "code_challenge_method": "S256",
        "code_challenge": create_s256_code_challenge(generate_token(48)),
    }, timeout=15)
    answer.raise_for_status()
    return answer.text


def test_the_default_branding_is_chartres():
    page = _account_login_page("portail-famille")
    assert "Ville de Chartres" in page
    assert "--pf-primary: #14325c" in page


def test_keycloak_pages_follow_the_configured_city(other_city_realm):
    page = _account_login_page(other_city_realm)
    assert OTHER_CITY in page
    assert f"--pf-primary: {OTHER_PRIMARY}" in page
    assert f"--pf-accent: {OTHER_ACCENT}" in page
    assert "01 23 45 67 89" in page
    assert "Ville de Chartres" not in page
    # Same templates: the city frame and the sign-in panel are there.
    assert 'id="kc-form-login"' in page and 'id="pf-city-name"' in page


def test_bridge_pages_follow_the_environment(tmp_path):
    from dossier_bridge.app import create_app
    from dossier_bridge.config import Settings
    from dossier_bridge.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'bridge.sqlite3'}"
    upgrade(url)
    # The whole environment goes through Settings, branding included.
    app = create_app(Settings.from_env({
        "BRIDGE_DATABASE_URL": url,
        "PORTAIL_CITY_NAME": OTHER_CITY,
        "PORTAIL_COLOR_PRIMARY": OTHER_PRIMARY,
        "PORTAIL_COLOR_ACCENT": OTHER_ACCENT,
        "PORTAIL_CONTACT_PHONE": "01 23 45 67 89",
    }))
    client = app.test_client()
    for path in ("/aide", "/accessibilite", "/actualites"):
        page = client.get(path).get_data(as_text=True)
        assert OTHER_CITY in page, path
        assert f"--pf-blue: {OTHER_PRIMARY}" in page and f"--pf-red: {OTHER_ACCENT}" in page, path
        assert "01 23 45 67 89" in page, path
        assert "Ville de Chartres" not in page, path


def test_bridge_refuses_a_colour_that_is_not_a_colour():
    from dossier_bridge.config import Settings

    assert Settings.from_env({"PORTAIL_COLOR_PRIMARY": "red;} body{display:none"}).branding.color_primary == "#14325c"


def test_keycloak_emails_carry_the_city_frame_in_html_and_text():
    from tests.support import maildev, signup

    family = signup.Family(last_name="Cadre", first_name="Camille")
    signup.register(family)
    mail = maildev.wait_for_mail(family.email)[-1]
    assert mail.subject == "Activez votre compte portail famille"
    assert "Ville de Chartres" in mail.html and "Activer mon compte" in mail.html
    assert "Ville de Chartres" in mail.text and "login-actions/action-token" in mail.text
    assert "ne pas y répondre" in mail.text
