"""Sign-up with a numéro de dossier through Keycloak's real registration form."""

from __future__ import annotations

import time

import pytest

from devstack import process
from devstack.services import SERVICES
from tests.support import oidc
from tests.support.signup import PORTAIL_REDIRECT, Family, activate, field_error, register, submit, open_registration_form

UNKNOWN_OR_MISMATCH = "Numéro de dossier inconnu, ou nom différent de celui du dossier. Vérifiez votre facture."
UNAVAILABLE = ("Le service de vérification est momentanément indisponible. Réessayez dans quelques minutes, "
               "ou inscrivez-vous sans numéro de dossier.")


def family_dossier(add_dossier, last="MARTIN-DUPONT", parents=("Sophie", "Karim")) -> str:
    persons = [("responsable", last, first, "") for first in parents]
    return add_dossier(*persons, ("enfant", last, "Jules", "05/07/2015"))


def user_exists(kc_admin, family: Family) -> bool:
    return bool(kc_admin.get_users({"username": family.username, "exact": True}))


def links_of(bridge_api, number: str) -> dict[str, dict]:
    return {l["keycloak_user_id"]: l for l in bridge_api(f"/api/v1/dossiers/{number}/links")["links"]}


def wait_for_link_status(bridge_api, number: str, user_id: str, status: str, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        link = links_of(bridge_api, number).get(user_id, {})
        if link.get("status") == status or time.monotonic() > deadline:
            return link
        time.sleep(0.5)


def assert_signed_up_and_linked(kc_admin, bridge_api, page, family: Family, number: str, person: str) -> str:
    """The sign-up went through, the bridge holds the link, and after activation the account carries the dossier.

    `person` is the first name of the dossier's responsible adult, as the registry spells it.
    Returns the account's id.
    """
    assert page.response.status_code == 200
    assert page.soup.find("form", id="kc-register-form") is None, (
        f"still on the registration form: {page.soup.get_text(' ', strip=True)[:400]}")
    accounts = kc_admin.get_users({"username": family.username, "exact": True})
    assert len(accounts) == 1, f"no Keycloak account {family.username}"
    user_id = accounts[0]["id"]
    # Keycloak asks for the link just after the sign-up is committed, not during the family's request.
    link = wait_for_link_status(bridge_api, number, user_id, "pending_activation")
    assert link, f"the bridge recorded no link of {family.username} to dossier {number}"
    assert (link["status"], link["person"]["first_name"]) == ("pending_activation", person)
    assert activate(family.email).status_code == 200
    assert wait_for_link_status(bridge_api, number, user_id, "active").get("status") == "active"
    account = kc_admin.get_user(user_id)
    assert account["emailVerified"]
    attributes = account.get("attributes", {})
    assert (attributes.get("dossierNumber"), attributes.get("dossierStatus")) == ([number], ["linked"])
    return user_id


def assert_no_family_form_left(kc_admin, user_id: str) -> None:
    """After the first sign-in (which showed no form: the tokens came straight back), nothing is left to ask."""
    account = kc_admin.get_user(user_id)
    assert "family-info" not in account.get("requiredActions", [])
    assert "dossierPendingLink" not in account.get("attributes", {})


def test_valid_number_links_the_account_after_activation(kc_admin, add_dossier, bridge_api):
    number = family_dossier(add_dossier)
    family = Family("Martin Dupont", "Sophie", number)
    after_submit = register(family)
    assert not field_error(after_submit, "dossierNumber")
    assert_signed_up_and_linked(kc_admin, bridge_api, after_submit, family, number, "Sophie")
    tokens = oidc.login_with_password("portail", PORTAIL_REDIRECT, family.username, family.password)
    claims = oidc.validate_token(tokens["access_token"])
    assert claims["dossier_number"] == number and claims["dossier_status"] == "linked"
    assert_no_family_form_left(kc_admin, claims["sub"])
    link = wait_for_link_status(bridge_api, number, claims["sub"], "active")
    assert link["status"] == "active" and link["person"]["first_name"] == "Sophie"


def test_a_family_that_activates_and_signs_in_at_once_has_its_dossier(kc_admin, add_dossier, bridge_api):
    """Keycloak records the link a second after the sign-up; a family faster than that is linked at sign-in."""
    number = family_dossier(add_dossier)
    family = Family("Martin Dupont", "Karim", number)
    assert not field_error(register(family), "dossierNumber")
    assert activate(family.email).status_code == 200
    tokens = oidc.login_with_password("portail", PORTAIL_REDIRECT, family.username, family.password)
    claims = oidc.validate_token(tokens["access_token"])
    assert (claims["dossier_number"], claims["dossier_status"]) == (number, "linked")
    assert_no_family_form_left(kc_admin, claims["sub"])
    assert links_of(bridge_api, number)[claims["sub"]]["person"]["first_name"] == "Karim"


@pytest.mark.parametrize("wrong", ["unknown number", "wrong name"])
def test_refusals_look_the_same_and_create_no_user(kc_admin, add_dossier, wrong):
    number = family_dossier(add_dossier)
    family = Family("Durand", "Sophie", "19999999") if wrong == "unknown number" else Family("Durand", "Sophie", number)
    page = register(family)
    assert page.response.status_code == 200
    assert field_error(page, "dossierNumber") == UNKNOWN_OR_MISMATCH
    assert not user_exists(kc_admin, family)
    # Everything typed is kept, except the passwords.
    form = {i["name"]: i.get("value", "") for i in page.soup.select("#kc-register-form input[name]")}
    assert form["lastName"] == "Durand" and form["email"] == family.email and form["dossierNumber"] == family.dossier_number
    assert form.get("password", "") == ""


def test_bridge_answers_for_unknown_and_mismatch_are_identical(bridge_env, add_dossier):
    import requests

    number = family_dossier(add_dossier)
    headers = {"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"}
    answers = [
        requests.post("http://127.0.0.1:5000/api/v1/dossiers/verify", headers=headers, timeout=10, json={
            "dossier_number": n, "last_name": "Durand", "first_name": "Sophie", "email": "x@example.org",
            "client_ip": "192.0.2.200"})
        for n in ("18888888", number)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].content == answers[1].content
    assert answers[0].headers["Content-Type"] == answers[1].headers["Content-Type"]


def test_second_parent_links_too_but_a_stranger_cannot(kc_admin, add_dossier, bridge_api):
    number = family_dossier(add_dossier)
    for first in ("Sophie", "Karim"):
        family = Family("MARTIN-DUPONT", first, number)
        page = register(family)
        assert not field_error(page, "dossierNumber"), first
        assert_signed_up_and_linked(kc_admin, bridge_api, page, family, number, first)
    stranger = Family("Lambert", "Karim", number)
    assert field_error(register(stranger), "dossierNumber") == UNKNOWN_OR_MISMATCH
    assert not user_exists(kc_admin, stranger)
    linked = [l["person"]["first_name"] for l in bridge_api(f"/api/v1/dossiers/{number}/links")["links"]]
    assert sorted(linked) == ["Karim", "Sophie"]


def test_a_second_account_for_the_same_parent_is_pointed_to_password_reset(kc_admin, add_dossier, bridge_api):
    number = family_dossier(add_dossier)
    first = Family("MARTIN-DUPONT", "Sophie", number)
    page = register(first)
    assert not field_error(page, "dossierNumber")
    assert_signed_up_and_linked(kc_admin, bridge_api, page, first, number, "Sophie")
    second = Family("Martin-Dupont", "Sophie", number)
    message = field_error(register(second), "dossierNumber")
    assert "Mot de passe oublié ?" in message
    assert not user_exists(kc_admin, second)


def test_too_many_failures_close_the_number_behind_a_proof_of_work(kc_admin, add_dossier):
    number = family_dossier(add_dossier)
    for attempt in range(5):
        assert field_error(register(Family(f"Inconnu{attempt}", "Paul", number)), "dossierNumber") == UNKNOWN_OR_MISMATCH
    # Even the right name is refused now, unless a person solves the proof of work (tests/integration/test_challenge.py).
    family = Family("MARTIN-DUPONT", "Sophie", number)
    page = register(family)
    assert field_error(page, "dossierNumber").startswith("Beaucoup d'essais ont été faits avec ce numéro de dossier")
    assert page.soup.find("altcha-widget") is not None
    assert not user_exists(kc_admin, family)


@pytest.mark.parametrize("variant", ["lefevre", "LEFÈVRE", "Lefèvre", "Le Fèvre"])
def test_spelling_variants_of_the_family_name_link(kc_admin, add_dossier, bridge_api, variant):
    number = add_dossier(("responsable", "LEFEVRE", "Camille", ""), ("enfant", "LEFEVRE", "Léa", "12/03/2016"))
    family = Family(variant, "Camille", number)
    page = register(family)
    assert not field_error(page, "dossierNumber")
    assert_signed_up_and_linked(kc_admin, bridge_api, page, family, number, "Camille")


def test_compound_name_with_a_space_links(kc_admin, add_dossier, bridge_api):
    number = add_dossier(("responsable", "DE LA FONTAINE", "Marie-Hélène", ""), ("enfant", "DE LA FONTAINE", "Côme", "17/01/2012"))
    family = Family("de la Fontaine", "Marie Hélène", number)
    page = register(family)
    assert not field_error(page, "dossierNumber")
    assert_signed_up_and_linked(kc_admin, bridge_api, page, family, number, "Marie-Hélène")


def test_bridge_down_keeps_the_form_and_the_same_submission_succeeds_later(kc_admin, add_dossier, bridge_api, stack,
                                                                          stack_env):
    if "bridge" not in stack.started:
        pytest.skip("the bridge was not started by this test session, so the test will not stop it")
    number = family_dossier(add_dossier)
    family = Family("MARTIN-DUPONT", "Karim", number)
    page = open_registration_form()
    process.stop("bridge")
    try:
        refused = submit(page, family)
        assert field_error(refused, "dossierNumber") == UNAVAILABLE
        assert not user_exists(kc_admin, family)
        kept = {i["name"]: i.get("value", "") for i in refused.soup.select("#kc-register-form input[name]")}
        assert kept["username"] == family.username and kept["dossierNumber"] == number
    finally:
        bridge = SERVICES["bridge"]
        proc = bridge.start(stack_env)
        process.wait_until(bridge.ready, "bridge", bridge.timeout, proc)
    accepted = submit(refused, family)
    assert not field_error(accepted, "dossierNumber")
    assert user_exists(kc_admin, family)
    assert_signed_up_and_linked(kc_admin, bridge_api, accepted, family, number, "Karim")
