"""axe-core reports no WCAG 2.1 A/AA violation on the pages families and staff meet."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import BRIDGE, REALM_URL, open_login, open_registration
from tests.browser.rgaa.sample import POST_FORM
from tests.support.users import unique

AGENT = (os.environ.get("AGENT_DEMO_USERNAME", "agent.demo"), os.environ.get("AGENT_DEMO_PASSWORD", "Agent-Demo-2026!"))


def sign_in(page, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#kc-login")


def test_login_page(page, assert_accessible):
    open_login(page)
    assert_accessible(page, "the login page")


def test_login_page_with_wrong_password(page, assert_accessible):
    open_login(page)
    sign_in(page, "personne-inconnue", "mauvais-mot-de-passe")
    page.wait_for_selector("#input-error-username")
    assert_accessible(page, "the login page with an error")


def test_login_page_in_english(page, assert_accessible):
    open_login(page)
    page.click("a.pf-lang[lang='en']")
    page.wait_for_selector("html[lang='en']")
    assert_accessible(page, "the login page in English")


def test_registration_empty(page, assert_accessible):
    open_registration(page)
    assert_accessible(page, "the empty registration form")


def test_registration_with_errors(page, assert_accessible):
    open_registration(page)
    page.fill("#dossierNumber", "12")
    page.click("#kc-register-form [type=submit]")
    page.wait_for_selector("[aria-invalid='true']")
    assert_accessible(page, "the registration form with errors")


def test_reset_password(page, assert_accessible):
    open_login(page)
    page.click("text=Mot de passe oublié ?")
    page.wait_for_selector("#kc-reset-password-form")
    assert_accessible(page, "the reset password page")


def test_verify_email_page(page, assert_accessible):
    open_registration(page)
    username = unique("axe")
    page.fill("#firstName", "Camille")
    page.fill("#lastName", "Testeur")
    page.fill("#email", f"{username}@example.org")
    page.fill("#username", username)
    page.fill("#password", "Famille-Test-2026!")
    page.fill("#password-confirm", "Famille-Test-2026!")
    page.click("#kc-register-form [type=submit]")
    page.wait_for_selector("text=Activez votre compte")
    assert_accessible(page, "the verify e-mail page")


def test_error_page(page, assert_accessible):
    page.goto(f"{REALM_URL}/login-actions/action-token?key=lien-invalide")
    page.wait_for_selector("#kc-error-message")
    assert_accessible(page, "the error page")


def test_login_page_expired(page, assert_accessible):
    open_login(page)
    login_action = page.get_attribute("#kc-form-login", "action")
    page.click("text=Mot de passe oublié ?")
    page.wait_for_selector("#kc-reset-password-form")
    # The sign-in form posted after the flow moved on (a tab left on the old page): Keycloak's page-expired screen.
    page.evaluate(POST_FORM, [login_action, {"username": "quelqu-un", "password": "un-mot-de-passe"}])
    page.wait_for_selector("#loginRestartLink")
    assert page.inner_text("#kc-page-title").strip() == "Cette page a expiré"
    assert page.locator("#loginContinueLink").count() == 1
    assert_accessible(page, "the page-expired screen")


def test_sign_in_after_the_cookies_were_cleared(page, assert_accessible):
    open_login(page)
    page.context.clear_cookies()
    sign_in(page, "quelqu-un", "un-mot-de-passe")
    page.wait_for_selector("#kc-error-message")
    assert "Cookie de redémarrage de la connexion non trouvé" in page.inner_text("#kc-error-message")
    assert_accessible(page, "the error page shown when the sign-in cookies are gone")


@pytest.mark.parametrize("path, heading", [
    ("/aide", "Aide : se connecter et s'inscrire au portail famille"),
    ("/accessibilite", "Déclaration d'accessibilité"),
    ("/actualites", "Actualités du portail famille"),
    ("/aide?lang=en", "Help: signing in and signing up to the family portal"),
])
def test_bridge_public_pages(page, assert_accessible, path, heading):
    answer = page.goto(f"{BRIDGE}{path}")
    assert answer is not None and answer.status == 200
    assert page.inner_text("h1").strip() == heading
    assert_accessible(page, path)


def test_family_space(page, assert_accessible, family_user):
    username, password, _ = family_user
    open_login(page)
    sign_in(page, username, password)
    page.wait_for_url(f"{BRIDGE}/famille/**")
    assert page.inner_text("h1").strip() == "Mon espace famille"
    assert_accessible(page, "the family space /famille")


def test_review_queue_and_news_admin(page, assert_accessible):
    page.goto(f"{BRIDGE}/review/")
    page.wait_for_selector("#kc-form-login")
    sign_in(page, *AGENT)
    page.wait_for_url(f"{BRIDGE}/review/**")
    assert page.inner_text("h1").strip() == "Demandes d'inscription à vérifier"
    assert_accessible(page, "the review queue")
    page.goto(f"{BRIDGE}/review/actualites/")
    assert page.inner_text("h1").strip() == "Actualités de la page de connexion"
    assert_accessible(page, "the news management page")
    page.goto(f"{BRIDGE}/review/actualites/nouvelle")
    assert page.inner_text("h1").strip() == "Nouvelle actualité"
    page.fill("#title", "")
    page.fill("#link_url", "pas-une-adresse")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert_accessible(page, "the news form with errors")


def test_family_information_form_empty_and_with_errors(page, assert_accessible, kc_admin):
    from tests.support.users import make_family_user

    username, password, user_id = make_family_user(kc_admin)
    kc_admin.update_user(user_id, {**kc_admin.get_user(user_id), "requiredActions": ["family-info"]})
    open_login(page)
    sign_in(page, username, password)
    page.wait_for_selector("#kc-family-info-form")
    assert_accessible(page, "the family information form")
    page.fill("#postalCode", "2800")
    page.click("#family-submit")
    page.wait_for_selector("#input-error-postalCode")
    assert_accessible(page, "the family information form with errors")


def test_review_request_page_with_candidates(page, assert_accessible, bridge_env):
    import uuid

    import requests

    answer = requests.post(
        f"{BRIDGE}/api/v1/family-requests",
        headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"},
        json={"keycloak_user_id": f"axe-{uuid.uuid4().hex[:12]}", "idempotency_key": uuid.uuid4().hex,
              "account": {"last_name": "Lefèvre", "first_name": "Camille", "email": f"{uuid.uuid4().hex[:8]}@example.org"},
              "address": "12 rue du Bourg", "postal_code": "28000", "town": "Chartres", "phone": "02 37 11 22 33",
              "second_parent": {}, "children": [{"last_name": "Lefèvre", "first_name": "Léa", "birth_date": "12/03/2016"}]},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    page.goto(f"{BRIDGE}/review/demandes/{answer.json()['id']}")
    page.wait_for_selector("#kc-form-login")
    sign_in(page, *AGENT)
    page.wait_for_selector(".candidate")
    assert_accessible(page, "a review request with its candidates")
    page.goto(f"{BRIDGE}/review/doublons")
    assert page.inner_text("h1").strip() == "Dossiers du registre qui pourraient être la même famille"
    assert_accessible(page, "the registry duplicates report")


def test_link_report_and_staff_link_pages(page, assert_accessible, add_dossier):
    """The notice's report page (before and after sending) and the staff pages of flagged links."""
    import re

    from tests.support import maildev
    from tests.support.signup import Family, activate, register
    from tests.support.users import unique

    registry_email = f"{unique('axe-parent')}@example.org"
    number = add_dossier(("responsable", "AXELINK", "Maud", "", registry_email), ("enfant", "AXELINK", "Noé", "05/07/2016"))
    intruder = Family("Axelink", "Maud", number)
    register(intruder)
    activate(intruder.email)
    notice = maildev.wait_for_mail(registry_email, "vient d'être rattaché")[0]
    report_url = re.search(r"(http://localhost:5000/signalement/\S+)", notice.text).group(1)
    page.goto(report_url)
    assert page.inner_text("h1").strip() == "Signaler un rattachement à votre dossier"
    assert_accessible(page, "the report page of a link")
    page.fill("#comment", "Ce n'est pas moi.")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Votre signalement a été transmis")
    assert_accessible(page, "the report received page")
    page.goto(f"{BRIDGE}/review/rattachements/")
    page.wait_for_selector("#kc-form-login")
    sign_in(page, *AGENT)
    page.wait_for_url(f"{BRIDGE}/review/rattachements/**")
    assert page.inner_text("h1").strip() == "Rattachements de comptes à vérifier"
    assert_accessible(page, "the staff list of flagged links")
    page.click(f"text={number}")
    page.wait_for_selector("#undo-reason")
    assert_accessible(page, "a link's staff page")
    page.click("form[action$='/annuler'] button[type=submit]")  # no reason typed: the browser asks for one
    assert page.evaluate("document.querySelector('#undo-reason').validity.valueMissing")


def test_the_proof_of_work_on_the_registration_form(page, assert_accessible, add_dossier, bridge_env, kc_admin):
    """A family whose number someone else locked: the widget shows, is accessible, works with the keyboard."""
    import requests

    from tests.support.users import unique

    number = add_dossier(("responsable", "AXEPOW", "Anne", ""), ("enfant", "AXEPOW", "Loïc", "05/07/2016"))
    for attempt in range(5):
        requests.post(f"{BRIDGE}/api/v1/dossiers/verify", timeout=10,
                      headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"},
                      json={"dossier_number": number, "last_name": f"Inconnu{attempt}", "first_name": "X",
                            "client_ip": "203.0.113.201"})
    username = unique("pow")
    open_registration(page)

    def fill_and_send():
        page.fill("#firstName", "Anne")
        page.fill("#lastName", "Axepow")
        page.fill("#email", f"{username}@example.org")
        page.fill("#username", username)
        page.fill("#password", "Famille-Test-2026!")
        page.fill("#password-confirm", "Famille-Test-2026!")
        page.fill("#dossierNumber", number)
        page.click("#kc-register-form input[type=submit]")

    fill_and_send()
    page.wait_for_selector("altcha-widget")
    page.wait_for_function("() => customElements.get('altcha-widget') !== undefined")
    assert "Beaucoup d'essais" in page.inner_text("#input-error-dossierNumber")
    assert_accessible(page, "the registration form with the proof-of-work challenge")
    box = page.locator("altcha-widget input[type=checkbox]")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('altcha-widget').getState() === 'verified'", timeout=60000)
    fill_and_send()
    page.wait_for_load_state("networkidle")
    assert page.locator("#kc-register-form").count() == 0, page.inner_text("body")[:1500]
    assert kc_admin.get_users({"username": username, "exact": True}), "the account was not created"
