"""The family-space and privacy pages in Chromium: axe-core finds nothing, in French and English, with the keyboard only."""

from __future__ import annotations

import os
import uuid

import pytest
import requests
from playwright.sync_api import Page

from tests.browser.conftest import BRIDGE, browser_page, open_login
from tests.browser.test_keyboard import tab_to
from tests.support.users import make_family_user

AGENT = (os.environ.get("AGENT_DEMO_USERNAME", "agent.demo"), os.environ.get("AGENT_DEMO_PASSWORD", "Agent-Demo-2026!"))


def sign_in(page: Page, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#kc-login")


def with_request(bridge_env, user_id: str) -> None:
    """The account's family request, so that "Mon espace" shows contact details and children."""
    answer = requests.post(
        f"{BRIDGE}/api/v1/family-requests", timeout=10,
        headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"},
        json={"keycloak_user_id": user_id, "idempotency_key": uuid.uuid4().hex,
              "account": {"last_name": "Testeur", "first_name": "Camille", "email": f"{uuid.uuid4().hex[:8]}@example.org"},
              "address": "12 rue du Bourg", "postal_code": "28000", "town": "Chartres", "phone": "02 37 11 22 33",
              "second_parent": {}, "children": [{"last_name": "Testeur", "first_name": "Léa", "birth_date": "12/03/2016"}]},
    )
    assert answer.status_code == 201, answer.text


def signed_in_space(page: Page, kc_admin, bridge_env) -> tuple[str, str]:
    username, password, user_id = make_family_user(kc_admin, prefix="espace")
    with_request(bridge_env, user_id)
    open_login(page)
    sign_in(page, username, password)
    page.wait_for_url(f"{BRIDGE}/famille/**")
    page.wait_for_selector("#known-heading")
    return username, password


@pytest.mark.parametrize("lang, heading, sent", [
    ("fr", "J'ai perdu mon numéro de dossier", "Demande enregistrée"),
    ("en", "I have lost my family file number", "Request recorded"),
])
def test_lost_number_pages(page, assert_accessible, lang, heading, sent):
    page.goto(f"{BRIDGE}/numero-de-dossier-perdu?lang={lang}")
    assert page.inner_text("h1").strip() == heading
    assert_accessible(page, f"the lost number form ({lang})")
    page.fill("#email", "pas-une-adresse")
    page.click("#lost-number-submit")
    page.wait_for_selector("#error-summary")
    assert page.get_attribute("#email", "aria-invalid") == "true"
    assert_accessible(page, f"the lost number form with an error ({lang})")
    address = f"navigateur.{uuid.uuid4().hex[:8]}@example.org"
    for _ in range(3):
        page.fill("#email", address)
        page.click("#lost-number-submit")
        page.wait_for_selector("h1")
        assert page.inner_text("h1").strip() == sent
        page.goto(f"{BRIDGE}/numero-de-dossier-perdu")
    assert_accessible(page, f"the lost number confirmation ({lang})")
    page.fill("#email", address)
    page.click("#lost-number-submit")
    page.wait_for_selector(".error-summary")
    assert_accessible(page, f"the lost number 429 page ({lang})")


@pytest.mark.parametrize("lang, heading", [("fr", "Données personnelles et confidentialité"),
                                           ("en", "Personal data and privacy")])
def test_privacy_notice(page, assert_accessible, lang, heading):
    page.goto(f"{BRIDGE}/confidentialite?lang={lang}")
    assert page.inner_text("h1").strip() == heading
    assert page.locator("#privacy-retention tbody tr").count() >= 10
    assert_accessible(page, f"the privacy notice ({lang})")


def test_lost_number_with_the_keyboard_only_from_the_registration_form(page):
    from tests.browser.conftest import open_registration

    open_registration(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "pf-lost-number-link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{BRIDGE}/numero-de-dossier-perdu**")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "email")
    page.keyboard.type(f"clavier.{uuid.uuid4().hex[:8]}@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{BRIDGE}/numero-de-dossier-perdu/envoye")


def test_family_space_correction_and_deletion_pages(page, assert_accessible, kc_admin, bridge_env):
    signed_in_space(page, kc_admin, bridge_env)
    assert "Léa" in page.inner_text("main") and "12 rue du Bourg" in page.inner_text("main")
    assert_accessible(page, "Mon espace with what the city knows")
    page.click("#report-error-link")
    page.wait_for_selector("#message")
    assert_accessible(page, "the correction form")
    page.click("#correction-submit")
    page.wait_for_selector("#error-summary")
    assert page.get_attribute("#message", "aria-invalid") == "true"
    assert_accessible(page, "the correction form with an error")
    page.goto(f"{BRIDGE}/famille/?lang=en")
    assert page.inner_text("h2#known-heading").strip() == "What the city knows about you"
    assert_accessible(page, "Mon espace in English")
    page.click("#delete-account-link")
    page.wait_for_selector("#delete-account-submit")
    assert_accessible(page, "the account deletion page in English")
    page.goto(f"{BRIDGE}/famille/supprimer-mon-compte?lang=fr")
    assert page.inner_text("h1").strip() == "Supprimer mon compte"
    assert_accessible(page, "the account deletion page")


def test_correction_and_deletion_with_the_keyboard_only(page, assert_accessible, kc_admin, bridge_env):
    username, password = signed_in_space(page, kc_admin, bridge_env)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "report-error-link")
    page.keyboard.press("Enter")
    page.wait_for_selector("#message")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "message")
    page.keyboard.type("Notre téléphone a changé : 02 37 99 88 77.")
    tab_to(page, lambda s: s["id"] == "correction-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#corrections-heading")
    assert "Notre téléphone a changé" in page.inner_text("main")

    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "delete-account-link", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_selector("#delete-account-submit")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "delete-account-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#password")  # Keycloak asks for the password again
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "Keycloak's re-authentication before deletion")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "password")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_selector("#kc-deleteaccount-form")
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "Keycloak's deletion confirmation")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "kc-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Votre compte a été supprimé")
    assert_accessible(page, "Keycloak's page after the deletion")
    assert kc_admin.get_users({"username": username, "exact": True}) == []
    page.goto(f"{BRIDGE}/famille/")
    page.wait_for_url(f"{BRIDGE}/famille/compte-supprime")
    assert page.inner_text("h1").strip() == "Votre compte a été supprimé"
    assert_accessible(page, "the bridge's page after the deletion")


def test_keycloak_deletion_confirmation_in_english(browser, assert_accessible, kc_admin, bridge_env):
    with browser_page(browser, "en-GB") as page:
        username, password, user_id = make_family_user(kc_admin, prefix="english")
        kc_admin.update_user(user_id, {**kc_admin.get_user(user_id), "attributes": {"locale": ["en"]}})
        open_login(page)
        sign_in(page, username, password)
        page.wait_for_url(f"{BRIDGE}/famille/**")
        page.goto(f"{BRIDGE}/famille/supprimer-mon-compte?lang=en")
        page.click("#delete-account-submit")
        page.wait_for_selector("#password", timeout=30000)  # Keycloak asks for the password again
        assert page.query_selector("#social-franceconnect") is None  # a password account has no other way
        page.fill("#password", password)
        page.click("#kc-login")
        page.wait_for_selector("#kc-deleteaccount-form")
        page.wait_for_load_state("networkidle")
        assert "Delete your account and erase what the portal keeps for it" in page.inner_text("main")
        assert_accessible(page, "Keycloak's deletion confirmation in English")
        page.click("#kc-cancel")  # the family changes its mind: back in its space, account kept
        page.wait_for_url(f"{BRIDGE}/famille/**")
        page.wait_for_selector("#known-heading")
        assert kc_admin.get_user(user_id)["id"] == user_id


def test_staff_correction_queue_and_answer(page, assert_accessible, kc_admin, bridge_env):
    signed_in_space(page, kc_admin, bridge_env)
    page.click("#report-error-link")
    tag = uuid.uuid4().hex[:8]
    page.fill("#message", f"Erreur de date de naissance {tag}")
    page.click("#correction-submit")
    page.wait_for_selector("#corrections-heading")
    page.context.clear_cookies()
    page.goto(f"{BRIDGE}/review/corrections/")
    page.wait_for_selector("#kc-form-login")
    sign_in(page, *AGENT)
    page.wait_for_url(f"{BRIDGE}/review/corrections/**")
    assert page.inner_text("h1").strip() == "Signalements d'erreur des familles"
    assert_accessible(page, "the staff correction queue")
    page.click(f"tr:has-text('{tag}') a")
    page.wait_for_selector("#answer")
    detail = page.url
    assert_accessible(page, "a correction request for staff")
    page.click("#correction-answer-submit")
    page.wait_for_selector("#error-summary")
    assert_accessible(page, "a correction answer with an error")
    page.goto(f"{detail}?lang=en")
    assert page.inner_text("#answer-heading").strip() == "Answer the family"
    assert_accessible(page, "a correction request for staff in English")
    # Answered with the keyboard only.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "answer", limit=80)
    page.keyboard.type("The date is corrected.")
    tab_to(page, lambda s: s["id"] == "correction-answer-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#correction-answer")
    assert page.inner_text("#correction-answer").strip() == "The date is corrected."
    assert_accessible(page, "an answered correction request in English")
    page.goto(f"{BRIDGE}/review/corrections/?statut=answered&lang=en")
    assert page.inner_text("h1").strip() == "Families' error reports"
    assert_accessible(page, "the staff correction queue in English")


@pytest.mark.parametrize("lang, heading", [("fr", "Votre compte a été supprimé"),
                                           ("en", "Your account has been deleted")])
def test_the_page_after_a_deletion(page, assert_accessible, lang, heading):
    page.goto(f"{BRIDGE}/famille/compte-supprime?lang={lang}")
    assert page.inner_text("h1").strip() == heading
    assert_accessible(page, f"the bridge's page after a deletion ({lang})")


def test_correction_form_in_english(page, assert_accessible, kc_admin, bridge_env):
    signed_in_space(page, kc_admin, bridge_env)
    page.goto(f"{BRIDGE}/famille/signaler-une-erreur?lang=en")
    assert page.inner_text("h1").strip() == "Report an error in your family file"
    page.click("#correction-submit")
    page.wait_for_selector("#error-summary")
    assert_accessible(page, "the correction form with an error in English")
