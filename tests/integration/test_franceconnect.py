"""Signing in with FranceConnect (its local stand-in) through Keycloak's identity brokering, end to end."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urljoin, urlparse

import requests

from devstack.services import BRIDGE_URL, KEYCLOAK_URL
from tests.support import family_info, oidc
from tests.support import franceconnect as fc
from tests.support.signup import PORTAIL_REDIRECT
from tests.support.staff import review_session, text_of
from tests.support.users import make_family_user

UNKNOWN_OR_MISMATCH = "Numéro de dossier inconnu, ou nom différent de celui du dossier. Vérifiez votre facture."
BROKER = f"{KEYCLOAK_URL}/realms/portail-famille/broker/franceconnect/endpoint"


def lefevre_dossier(add_dossier) -> str:
    """A dossier like the sample 104233: two parents whose birth dates the registry knows."""
    return add_dossier(("responsable", "LEFEVRE", "Camille", "14/05/1986"), ("responsable", "LEFEVRE", "Thomas", "02/09/1984"),
                       ("enfant", "LEFEVRE", "Léa", "12/03/2016"))


def account_of(kc_admin, person: fc.Person) -> dict:
    found = kc_admin.get_users({"username": f"franceconnect.{person.sub}", "exact": True})
    assert len(found) == 1, f"no account for the FranceConnect identity {person.id}"
    return kc_admin.get_user(found[0]["id"])


def give_dossier_number(page: oidc.LoginPage, number: str) -> requests.Response:
    form = page.soup.find("form", id="kc-family-dossier-form")
    assert form is not None, f"no dossier step on {page.response.url}: {fc.text(page)[:400]}"
    return page.session.post(urljoin(page.response.url, form["action"]),
                             data={"dossierNumber": number, "action": "dossier-number"}, allow_redirects=False, timeout=20)


def wait_for(check, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.5)
    return result


def test_the_realm_sends_franceconnects_authorization_request(kc_admin):
    """acr_values=eidas1, a nonce and a state of FranceConnect's minimum length: the stand-in refuses anything less."""
    login, _, _ = fc.open_portail_login()
    href = login.soup.find("a", id="social-franceconnect")["href"]
    answer = login.session.get(urljoin(login.response.url, href), allow_redirects=False, timeout=15)
    query = parse_qs(urlparse(answer.headers["Location"]).query)
    assert query["acr_values"] == ["eidas1"]
    assert query["scope"] == ["openid given_name family_name preferred_username birthdate email"]
    assert len(query["nonce"][0]) >= 22 and len(query["state"][0]) >= 22
    assert query["redirect_uri"] == [BROKER]
    # The same request without acr_values: FranceConnect (and its stand-in) refuse it.
    stripped = answer.headers["Location"].replace("acr_values=eidas1&", "")
    assert requests.get(stripped, timeout=10).status_code == 400


def test_without_franceconnect_enabled_there_is_no_button(kc_admin):
    """Off unless configured: a realm whose FranceConnect provider is disabled shows no button anywhere."""
    idp = kc_admin.get_idp("franceconnect")
    assert idp["enabled"]  # the dev and test stacks set FRANCECONNECT_ENABLED=true
    kc_admin.update_idp("franceconnect", {**idp, "enabled": False})
    try:
        login, _, _ = fc.open_portail_login()
        assert login.soup.find("a", id="social-franceconnect") is None
        assert login.soup.find(id="pf-franceconnect-or") is None
        assert oidc.open_registration(login).soup.find("a", id="social-franceconnect") is None
    finally:
        kc_admin.update_idp("franceconnect", idp)
    assert fc.open_portail_login()[0].soup.find("a", id="social-franceconnect") is not None


def test_a_new_family_links_its_dossier_when_franceconnects_birth_date_agrees(kc_admin, add_dossier, bridge_api):
    number = lefevre_dossier(add_dossier)
    camille = fc.Person("Camille Marie", "LEFEVRE", "1986-05-14", preferred_username="LEFEVRE").register()
    login, verifier, state = fc.open_portail_login()
    confirmation = fc.choose(fc.press_button(login), camille)

    # Her identity is shown to be confirmed, not typed.
    shown = {dt.get_text(strip=True): dd.get_text(strip=True)
             for dt, dd in zip(confirmation.soup.select("#pf-idp-identity dt"), confirmation.soup.select("#pf-idp-identity dd"))}
    assert shown == {"Prénoms": "Camille Marie", "Nom de naissance": "LEFEVRE", "Date de naissance": "14/05/1986",
                     "Adresse e-mail": camille.email}
    assert not confirmation.soup.select("#kc-idp-review-profile-form input:not([type=hidden])")
    step = fc.confirm_identity(confirmation)

    # The dossier step, with her identity as FranceConnect gave it.
    assert step.soup.find("input", id="adultBirthDate")["value"] == "14/05/1986"
    answer = give_dossier_number(step, number)
    code = oidc.code_from_redirect(answer, PORTAIL_REDIRECT, state)
    token = oidc.validate_token(oidc.exchange_code("portail", PORTAIL_REDIRECT, code, verifier)["access_token"])
    assert (token["dossier_number"], token["dossier_status"]) == (number, "linked")

    account = account_of(kc_admin, camille)
    assert (account["firstName"], account["lastName"], account["email"]) == ("Camille Marie", "LEFEVRE", camille.email)
    assert account["emailVerified"]
    assert account["attributes"]["franceconnectBirthdate"] == ["1986-05-14"]
    assert [(i["identityProvider"], i["userId"]) for i in kc_admin.get_user_social_logins(account["id"])] == \
        [("franceconnect", camille.sub)]
    # The bridge's link is active at once: FranceConnect's e-mail needs no activation.
    link = wait_for(lambda: next((l for l in bridge_api(f"/api/v1/dossiers/{number}/links")["links"]
                                  if l["keycloak_user_id"] == account["id"] and l["status"] == "active"), None))
    assert link is not None and link["person"]["first_name"] == "Camille"


def test_another_adults_birth_date_is_refused_like_any_mismatch(kc_admin, add_dossier):
    number = lefevre_dossier(add_dossier)
    # Same names as the dossier's Camille, but Thomas's birth date.
    namesake = fc.Person("Camille", "LEFEVRE", "1984-09-02").register()
    step, _, _ = fc.first_sign_in(namesake)
    refused = fc.page_of(step.session, give_dossier_number(step, number))
    assert refused.response.status_code == 200
    assert family_info.field_error(refused, "dossierNumber") == UNKNOWN_OR_MISMATCH
    unknown = fc.page_of(step.session, give_dossier_number(refused, "99999999"))
    assert family_info.field_error(unknown, "dossierNumber") == UNKNOWN_OR_MISMATCH
    attributes = account_of(kc_admin, namesake).get("attributes", {})
    assert "dossierNumber" not in attributes and "dossierStatus" not in attributes


def test_without_a_dossier_the_family_form_has_the_adults_identity_and_reaches_staff(kc_admin, stack_env):
    julien = fc.Person("Julien Pierre", "ROUSSEAU", "1988-07-21").register()
    step, verifier, state = fc.first_sign_in(julien)
    identity = {name: step.soup.find("input", id=name)["value"] for name in ("adultFamilyName", "adultGivenNames", "adultBirthDate")}
    assert identity == {"adultFamilyName": "ROUSSEAU", "adultGivenNames": "Julien Pierre", "adultBirthDate": "21/07/1988"}
    children = [{"LastName": "ROUSSEAU", "FirstName": "Nina", "BirthDate": "03/02/2019"}]
    answer = family_info.submit(step, family_info.family_fields(children))
    oidc.code_from_redirect(fc.follow(step.session, answer).response, PORTAIL_REDIRECT, state)
    account = account_of(kc_admin, julien)
    assert account["attributes"]["dossierStatus"] == ["pending_review"]

    session, _ = review_session(stack_env["AGENT_DEMO_USERNAME"], stack_env["AGENT_DEMO_PASSWORD"])
    queue = session.get(f"{BRIDGE_URL}/api/v1/review/requests", params={"q": julien.email}, timeout=10).json()
    assert [r["account"]["email"] for r in queue["requests"]] == [julien.email]
    assert queue["requests"][0]["family"]["identity"]["birth_date"] == "21/07/1988"
    request_page = session.get(f"{BRIDGE_URL}/review/demandes/{queue['requests'][0]['id']}", timeout=10)
    assert "Identité vérifiée par FranceConnect : Julien Pierre ROUSSEAU, né(e) le 21/07/1988" in text_of(request_page.text)
    assert "Nina" in text_of(request_page.text)


def test_an_existing_account_is_linked_only_after_its_password(kc_admin):
    username, password, user_id = make_family_user(kc_admin, prefix="existant")
    email = f"{username}@example.org"
    person = fc.Person("Camille", "TESTEUR", "1990-01-31", email=email).register()
    question, _, state = fc.first_sign_in(person)
    assert question.soup.find("button", id="linkAccount") is not None, fc.text(question)[:400]
    assert f"Un compte du portail famille existe déjà pour {email}." in fc.text(question)
    assert kc_admin.get_user_social_logins(user_id) == []

    # "Relier": the account's password is asked, nothing is linked yet.
    form = question.soup.find("form", id="kc-register-form")
    password_page = fc.page_of(question.session, question.session.post(
        urljoin(question.response.url, form["action"]), data={"submitAction": "linkAccount"}, timeout=20))
    assert password_page.soup.find("input", id="username")["value"] == username
    assert password_page.soup.find("a", id="social-franceconnect") is None  # not offered while linking
    assert kc_admin.get_user_social_logins(user_id) == []

    wrong = oidc.submit_login(password_page, username, "Pas-le-bon-mot-de-passe-1")
    assert wrong.status_code == 200 and kc_admin.get_user_social_logins(user_id) == []
    again = oidc.LoginPage(question.session, wrong)
    right = fc.follow(question.session, oidc.submit_login(again, username, password))
    assert [(i["identityProvider"], i["userId"]) for i in kc_admin.get_user_social_logins(user_id)] == \
        [("franceconnect", person.sub)]
    # No dossier yet on that account: the dossier step follows, with FranceConnect's identity.
    assert right.soup.find("form", id="kc-family-dossier-form") is not None, fc.text(right)[:400]
    assert kc_admin.get_users({"username": f"franceconnect.{person.sub}", "exact": True}) == []


def test_an_abandoned_link_links_nothing(kc_admin):
    username, _, user_id = make_family_user(kc_admin, prefix="abandon")
    person = fc.Person("Camille", "TESTEUR", "1990-01-31", email=f"{username}@example.org").register()
    question, _, _ = fc.first_sign_in(person)
    cancel = question.soup.find("a", id="pf-link-cancel")
    back = question.session.get(urljoin(question.response.url, cancel["href"]), timeout=15)
    assert oidc.LoginPage(question.session, back).soup.find("form", id="kc-form-login") is not None
    assert kc_admin.get_user_social_logins(user_id) == []
    assert kc_admin.get_users({"username": f"franceconnect.{person.sub}", "exact": True}) == []


def test_signing_out_of_the_family_space_ends_the_franceconnect_session(kc_admin, add_dossier, stack_env):
    number = lefevre_dossier(add_dossier)
    camille = fc.Person("Camille", "LEFEVRE", "1986-05-14").register()
    session = oidc.browser_like_session()
    login = oidc.LoginPage(session, session.get(f"{BRIDGE_URL}/famille/connexion", timeout=20))
    confirmation = fc.choose(fc.press_button(login), camille)
    step = fc.confirm_identity(confirmation)
    space = session.get(urljoin(step.response.url, give_dossier_number(step, number).headers["Location"]), timeout=20)
    assert space.url.startswith(f"{BRIDGE_URL}/famille") and number in space.text
    user_id = account_of(kc_admin, camille)["id"]
    assert kc_admin.get_sessions(user_id)
    before = len(fc.end_sessions())

    # The family space's sign-out: Keycloak, then FranceConnect's end-session endpoint with the id token.
    logout_page = fc.page_of(session, session.get(f"{BRIDGE_URL}/famille/deconnexion", timeout=20))
    assert logout_page.response.url.startswith(fc.STANDIN)
    calls = fc.end_sessions()[before:]
    assert len(calls) == 1
    hint = fc.jwt_claims(calls[0]["id_token_hint"])
    assert (hint["sub"], hint["aud"]) == (camille.sub, stack_env["FRANCECONNECT_CLIENT_ID"])
    assert calls[0]["post_logout_redirect_uri"] == f"{BROKER}/logout_response" and calls[0]["state"]

    # The stand-in's page posts itself (a button without JavaScript); back to Keycloak, then to the portal.
    form = logout_page.soup.find("form", id="op.logoutForm")
    data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    back = session.post(urljoin(logout_page.response.url, form["action"]), data=data, timeout=20)
    assert back.url.startswith(KEYCLOAK_URL) and oidc.LoginPage(session, back).soup.find("form", id="kc-form-login")
    assert kc_admin.get_sessions(user_id) == []
    # Signed out at FranceConnect too: its next sign-in asks who again.
    again = fc.press_button(oidc.LoginPage(session, back))
    assert again.soup.find("input", attrs={"name": "identity"}) is not None


def test_cancelling_at_franceconnect_comes_back_to_the_login_page():
    person = fc.Person("Annulé", "PERSONNE", "1980-02-02").register()
    login, _, _ = fc.open_portail_login()
    chooser = fc.press_button(login)
    form = chooser.soup.find("form")
    back = chooser.session.post(urljoin(chooser.response.url, form["action"]), data={"identity": person.id, "cancel": "1"},
                                timeout=20)
    page = oidc.LoginPage(chooser.session, back)
    assert back.url.startswith(KEYCLOAK_URL) and page.soup.find("form", id="kc-form-login") is not None
