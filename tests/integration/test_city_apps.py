"""The city's other applications on the same accounts: single sign-on, logout everywhere, only the claims asked for.

The two sample applications of examples/ run as `make run` starts them
(5100 and 5101), beside the bridge's "Mon espace", against the real Keycloak.
"""

from __future__ import annotations

import random

import requests
from bs4 import BeautifulSoup

from tests.support import oidc
from tests.support.city_apps import (
    ECOLE_DES_SPORTS, FAMILY_SPACE, RESTAURATION_SCOLAIRE, asks_to_sign_in, passed_through_keycloak, shown, sign_in,
)
from tests.support.users import make_family_user


def linked_family(kc_admin, status: str = "linked") -> tuple[str, str, str]:
    number = str(random.randint(100_000, 999_999))
    username, password, _ = make_family_user(kc_admin, attributes={"dossierNumber": [number], "dossierStatus": [status]})
    return username, password, number


def test_one_sign_in_opens_both_apps_and_each_shows_the_dossier_number(kc_admin):
    username, password, number = linked_family(kc_admin)
    browser = oidc.browser_like_session()
    first = sign_in(browser, ECOLE_DES_SPORTS, username, password)
    assert first.url == f"{ECOLE_DES_SPORTS}/" and shown(first.text, "dossier-number") == number
    assert "Camille Testeur" in first.text

    second = browser.get(f"{RESTAURATION_SCOLAIRE}/", timeout=15)  # no password typed
    assert second.url == f"{RESTAURATION_SCOLAIRE}/" and not asks_to_sign_in(second)
    assert passed_through_keycloak(second)
    assert shown(second.text, "dossier-number") == number and "Restauration scolaire" in second.text

    space = browser.get(FAMILY_SPACE, timeout=15)
    assert space.url == FAMILY_SPACE and shown(space.text, "dossier-number") == number


def test_signing_out_of_one_app_ends_the_other_apps_and_the_family_space(kc_admin):
    username, password, number = linked_family(kc_admin)
    browser = oidc.browser_like_session()
    sign_in(browser, ECOLE_DES_SPORTS, username, password)
    assert shown(browser.get(f"{RESTAURATION_SCOLAIRE}/", timeout=15).text, "dossier-number") == number
    assert shown(browser.get(FAMILY_SPACE, timeout=15).text, "dossier-number") == number

    out = browser.get(f"{ECOLE_DES_SPORTS}/deconnexion", timeout=15)
    assert out.url == f"{ECOLE_DES_SPORTS}/au-revoir" and "Vous êtes déconnecté" in out.text

    # Each app's own cookie is still in the browser: only Keycloak's back-channel logout can have ended them.
    again = browser.get(f"{RESTAURATION_SCOLAIRE}/", timeout=15)
    assert asks_to_sign_in(again), again.url
    space = browser.get(FAMILY_SPACE, timeout=15)
    assert asks_to_sign_in(space), space.url


def test_signing_out_of_the_family_space_ends_the_apps(kc_admin):
    username, password, _ = linked_family(kc_admin)
    browser = oidc.browser_like_session()
    sign_in(browser, RESTAURATION_SCOLAIRE, username, password)
    assert not asks_to_sign_in(browser.get(FAMILY_SPACE, timeout=15))
    browser.get(f"{FAMILY_SPACE}deconnexion", timeout=15)
    assert asks_to_sign_in(browser.get(f"{RESTAURATION_SCOLAIRE}/", timeout=15))


def test_a_family_whose_dossier_is_not_linked_yet_is_sent_to_its_family_space(kc_admin):
    username, password, _ = linked_family(kc_admin, status="pending_review")
    browser = oidc.browser_like_session()
    answer = sign_in(browser, ECOLE_DES_SPORTS, username, password)
    assert answer.status_code == 403
    assert "Votre dossier famille n'est pas encore rattaché" in BeautifulSoup(answer.text, "html.parser").h1.get_text()
    assert "Votre compte ne l'est pas encore" in shown(answer.text, "not-linked")
    assert 'href="http://localhost:5000/famille/"' in answer.text
    english = browser.get(f"{ECOLE_DES_SPORTS}/?lang=en", timeout=15)
    assert english.status_code == 403 and "not linked yet" in english.text


def test_an_app_gets_only_the_claims_its_scopes_ask_for(kc_admin, stack_env):
    """`openid` alone: no dossier, no e-mail, no name, in the ID token, the access token or userinfo."""
    username, password, _ = linked_family(kc_admin)
    redirect = f"{ECOLE_DES_SPORTS}/auth/callback"
    page, verifier, state = oidc.open_login("ecole-des-sports", redirect, scope="openid")
    code = oidc.code_from_redirect(oidc.submit_login(page, username, password), redirect, state)
    tokens = oidc.exchange_code("ecole-des-sports", redirect, code, verifier, stack_env["ECOLE_DES_SPORTS_CLIENT_SECRET"])
    userinfo = requests.get(f"{oidc.ISSUER}/protocol/openid-connect/userinfo",
                            headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10).json()
    for claims in (oidc.validate_token(tokens["id_token"]), oidc.validate_token(tokens["access_token"]), userinfo):
        assert not {"dossier_number", "dossier_status", "email", "given_name", "family_name", "name",
                    "realm_access", "realm_roles", "address", "phone_number"} & set(claims), claims
    # Asked for, the dossier comes (and nothing more).
    page, verifier, state = oidc.open_login("ecole-des-sports", redirect, scope="openid dossier")
    code = oidc.code_from_redirect(oidc.submit_login(page, username, password), redirect, state)
    tokens = oidc.exchange_code("ecole-des-sports", redirect, code, verifier, stack_env["ECOLE_DES_SPORTS_CLIENT_SECRET"])
    claims = oidc.validate_token(tokens["id_token"])
    assert claims["dossier_status"] == "linked" and "email" not in claims
