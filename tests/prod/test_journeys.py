"""The families' and staff's journeys through the proxy, on https, against the production build."""

from __future__ import annotations

import uuid

import requests

from tests.support import family_info, maildev, oidc
from tests.support.signup import Family, activate, field_error, register
from tests.support.staff import csrf_token, request_version, review_session, text_of


def test_the_public_entries_are_https_with_hsts_and_the_local_ca(site):
    for url in (f"{site.keycloak}/realms/portail-famille/.well-known/openid-configuration", f"{site.bridge}/healthz"):
        answer = requests.get(url, timeout=10)  # verified against CA_FILE (REQUESTS_CA_BUNDLE)
        assert answer.status_code == 200
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    discovery = requests.get(f"{site.keycloak}/realms/portail-famille/.well-known/openid-configuration", timeout=10).json()
    assert discovery["issuer"] == f"{site.keycloak}/realms/portail-famille"
    assert discovery["authorization_endpoint"].startswith(f"{site.keycloak}/")


def test_keycloaks_machine_api_is_not_published(site):
    answer = requests.post(f"{site.bridge}/api/v1/dossiers/verify", headers=site.api_headers(), json={}, timeout=10)
    assert answer.status_code == 404


def test_the_family_entry_sends_a_signed_out_family_to_keycloak_on_https(site):
    session = oidc.browser_like_session()
    answer = session.get(site.family_entry, timeout=15)
    assert answer.status_code == 200
    assert answer.url.startswith(f"{site.keycloak}/realms/portail-famille/protocol/openid-connect/auth")
    assert "redirect_uri=https%3A%2F%2Flocalhost%3A5443%2F" in answer.url
    assert oidc.LoginPage(session, answer).soup.find("form", id="kc-form-login") is not None


def test_sign_up_with_a_dossier_number(site, add_dossier):
    number = add_dossier(("responsable", "ROUSSEAU", "Inès", ""), ("enfant", "ROUSSEAU", "Nour", "03/03/2017"))
    family = Family("Rousseau", "Inès", number)
    page = register(family)
    assert page.response.status_code == 200 and not field_error(page, "dossierNumber")
    assert activate(family.email).status_code == 200
    tokens = oidc.login_with_password("portail", site.family_entry, family.username, family.password,
                                      scope="openid dossier")
    claims = oidc.validate_token(tokens["access_token"])
    assert claims["dossier_number"] == number and claims["dossier_status"] == "linked"


def test_sign_up_without_a_dossier_number_then_a_staff_decision(site, staff_account):
    tag = uuid.uuid4()
    surname = "Quéméner" + tag.hex[:6]
    family = Family(surname, "Maël")
    register(family)
    activate(family.email)
    page, _, _ = family_info.sign_in(family)
    # A phone of its own: the stack's database may hold earlier runs' families.
    phone = "06 " + " ".join(f"{tag.int % 10**8:08d}"[i:i + 2] for i in range(0, 8, 2))
    fields = family_info.family_fields([{"LastName": surname, "FirstName": "Lou", "BirthDate": "09/09/2018"}],
                                       phone=phone)
    answer = family_info.submit(page, fields)
    assert answer.status_code in (302, 303) and answer.headers["Location"].startswith(site.family_entry)
    assert maildev.wait_for_mail(family.email, "va être vérifié", timeout=60)

    staff, landed = review_session(*staff_account)
    assert landed.status_code == 200 and landed.url.startswith(f"{site.bridge}/review")
    queue = staff.get(f"{site.bridge}/api/v1/review/requests", params={"q": family.email}, timeout=10).json()
    request_id = queue["requests"][0]["id"]
    detail = staff.get(f"{site.bridge}/review/demandes/{request_id}", timeout=10).text
    assert surname in text_of(detail)
    # On https Flask-WTF also checks that the form comes from the bridge's own pages, as a browser's Referer says.
    decided = staff.post(f"{site.bridge}/review/demandes/{request_id}/creer",
                         data={"csrf_token": csrf_token(detail), "version": request_version(detail)},
                         headers={"Referer": f"{site.bridge}/review/demandes/{request_id}"}, timeout=20)
    assert decided.status_code == 200 and "La décision est enregistrée" in text_of(decided.text)

    complete = maildev.wait_for_mail(family.email, "terminée", timeout=60)
    tokens = oidc.login_with_password("portail", site.family_entry, family.username, family.password,
                                      scope="openid dossier")
    claims = oidc.validate_token(tokens["access_token"])
    assert claims["dossier_status"] == "linked" and claims["dossier_number"] in complete[0].text
