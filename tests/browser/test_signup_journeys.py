"""The two sign-up journeys end to end in headless Chromium, through the real forms."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import BRIDGE, open_registration
from tests.support import maildev, oidc
from tests.support.signup import PORTAIL_REDIRECT, activation_link
from tests.support.users import PASSWORD, unique


def unique_surname() -> str:
    return "Kerlann" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6])


def fill_registration(page: Page, last: str, first: str, username: str, dossier_number: str = "") -> None:
    page.fill("#firstName", first)
    page.fill("#lastName", last)
    page.fill("#email", f"{username}@example.org")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.fill("#password-confirm", PASSWORD)
    page.fill("#dossierNumber", dossier_number)
    page.locator("#kc-register-form [type=submit]").last.click()


def follow_activation(page: Page, email: str) -> None:
    page.goto(activation_link(email))
    proceed = page.locator("a[href*='action-token']:not([href*='kc_locale'])")
    if proceed.count():
        proceed.first.click()


def test_sign_up_with_a_dossier_number(page: Page, add_dossier):
    surname = unique_surname()
    number = add_dossier(("responsable", surname.upper(), "Hélène", ""), ("enfant", surname.upper(), "Noah", "02/02/2017"))
    username = unique("chromium")
    open_registration(page)
    fill_registration(page, surname.lower(), "Helene", username, number)
    expect(page.locator("body")).to_contain_text("courriel")
    follow_activation(page, f"{username}@example.org")
    page.goto(f"{BRIDGE}/famille/connexion")
    if page.locator("#kc-form-login").count():
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.locator("#kc-form-login [type=submit]").first.click()
    expect(page.locator("#dossier-number")).to_have_text(number)
    tokens = oidc.login_with_password("portail", PORTAIL_REDIRECT, username, PASSWORD)
    claims = oidc.validate_token(tokens["access_token"])
    assert (claims["dossier_number"], claims["dossier_status"]) == (number, "linked")


def test_sign_up_without_number_then_staff_attach(browser, add_dossier):
    surname = unique_surname()
    number = add_dossier(("responsable", surname.upper(), "Maëlle", ""), ("enfant", surname.upper(), "Tom", "14/09/2015"))
    username = unique("chromium")
    email = f"{username}@example.org"
    family = browser.new_context(locale="fr-FR")
    page = family.new_page()
    open_registration(page)
    fill_registration(page, surname, "Maëlle", username)
    follow_activation(page, email)
    page.goto(f"{BRIDGE}/famille/connexion")
    if page.locator("#kc-form-login").count():
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.locator("#kc-form-login [type=submit]").first.click()
    page.get_by_label("Adresse", exact=True).fill("5 rue des Lisses")
    page.get_by_label("Code postal", exact=True).fill("28000")
    page.get_by_label("Ville", exact=True).fill("Chartres")
    page.get_by_label("Téléphone", exact=True).first.fill("06 12 34 56 78")
    page.get_by_label("Nom de l'enfant", exact=True).fill(surname)
    page.get_by_label("Prénom de l'enfant", exact=True).fill("Tom")
    page.get_by_label("Date de naissance", exact=True).fill("14/09/2015")
    page.locator("#family-submit").click()
    expect(page.locator("body")).to_contain_text("vérifi")
    assert maildev.wait_for_mail(email, "va être vérifié")
    family.close()

    staff = browser.new_context(locale="fr-FR").new_page()
    staff.goto(f"{BRIDGE}/review/")
    staff.fill("#username", "agent.demo")
    staff.fill("#password", "Agent-Demo-2026!")
    staff.locator("#kc-form-login [type=submit]").first.click()
    staff.get_by_role("link", name=re.compile(surname)).click()
    first = staff.locator(".candidate").first
    expect(first).to_contain_text(number)
    expect(first).to_contain_text("même enfant")
    first.get_by_role("button", name="Rattacher à ce dossier").click()
    expect(staff.locator("#request-status")).to_have_text("Rattachée à un dossier")

    complete = maildev.wait_for_mail(email, "terminée")
    assert number in complete[0].text
    tokens = oidc.login_with_password("portail", PORTAIL_REDIRECT, username, PASSWORD)
    claims = oidc.validate_token(tokens["access_token"])
    assert (claims["dossier_number"], claims["dossier_status"]) == (number, "linked")
