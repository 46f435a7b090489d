"""Time limits (RGAA 13.1): warned before a page expires, kept with one key, and nothing lost if it expires anyway.

The realm's sign-in timeouts are shortened for each test (real seconds, on the
server); the page's own clock is driven by Playwright to reach the warning.
Everything is done with the keyboard.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_login, open_registration
from tests.support.users import make_family_user, unique

LIMITS = ("accessCodeLifespanLogin", "accessCodeLifespanUserAction")
# Seconds the server keeps a sign-in page in these tests; the tests wait past it for real.
SHORT = 12
TYPED = {"firstName": "Camille", "lastName": "Patiente", "username": "", "dossierNumber": ""}


@pytest.fixture
def short_sign_in_limits(kc_admin) -> Iterator[None]:
    realm = kc_admin.get_realm("portail-famille")
    kc_admin.update_realm("portail-famille", {name: SHORT for name in LIMITS})
    try:
        yield
    finally:
        kc_admin.update_realm("portail-famille", {name: realm[name] for name in LIMITS})


def fill(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.focus(f"#{name}")
        page.keyboard.press("Control+A")
        page.keyboard.type(value)


def wait_past_the_server_limit() -> None:
    time.sleep(SHORT + 3)


def test_a_family_is_warned_before_its_sign_up_page_expires_and_keeps_it_with_one_key(page, short_sign_in_limits):
    page.clock.install()
    open_registration(page)
    username = unique("patiente")
    fill(page, {"firstName": "Camille", "lastName": "Patiente", "email": f"{username}@example.org"})
    time.sleep(SHORT - 5)
    # Nearly 30 minutes without a key pressed, on the page's clock: the warning, with the focus on its button.
    page.clock.run_for("28:05")
    dialog = page.get_by_role("alertdialog", name="Cette page va bientôt expirer")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("button", name="Continuer ma saisie")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator("#email")).to_be_focused()
    page.wait_for_load_state("networkidle")
    # Past the server's limit counted from the page's first display: kept alive, the form is still the same step.
    time.sleep(8)
    fill(page, {"username": username, "password": "Famille-Test-2026!", "password-confirm": "Famille-Test-2026!"})
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#kc-page-title")).to_have_text("Activez votre compte")


def test_escape_also_keeps_the_page(page, short_sign_in_limits):
    page.clock.install()
    open_registration(page)
    page.focus("#lastName")
    page.clock.run_for("28:05")
    expect(page.get_by_role("alertdialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    expect(page.locator("#lastName")).to_be_focused()


def test_a_family_whose_sign_up_page_expired_comes_back_to_it_with_what_it_typed(page, short_sign_in_limits):
    open_registration(page)
    username = unique("patiente")
    typed = {"firstName": "Camille", "lastName": "Patiente", "email": f"{username}@example.org", "username": username}
    fill(page, {**typed, "password": "Famille-Test-2026!"})
    wait_past_the_server_limit()
    page.keyboard.press("Enter")
    # Keycloak started the sign-in again: its page says why, and offers the sign-up back.
    page.wait_for_selector("#kc-form-login")
    expect(page.locator(".pf-panel .pf-alert")).to_contain_text("la connexion reprend au début")
    resume = page.get_by_role("link", name="Reprendre mon inscription")
    resume.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#kc-register-form")
    restore = page.get_by_role("button", name="Reprendre ma saisie")
    restore.focus()
    page.keyboard.press("Enter")
    for name, value in typed.items():
        expect(page.locator(f"#{name}")).to_have_value(value)
    expect(page.locator("#password")).to_have_value("")  # never kept


def test_a_family_whose_information_page_expired_gets_every_child_back(page, kc_admin, short_sign_in_limits):
    username, password, user_id = make_family_user(kc_admin, prefix="patiente")
    kc_admin.update_user(user_id, {**kc_admin.get_user(user_id), "requiredActions": ["family-info"]})
    open_login(page)
    fill(page, {"username": username, "password": password})
    page.keyboard.press("Enter")
    page.wait_for_selector("#kc-family-info-form")
    page.focus("#family-add-child")
    page.keyboard.press("Enter")
    page.wait_for_selector("#child1LastName")
    typed = {"address": "3 rue des Lices", "postalCode": "28000", "town": "Chartres", "phone": "02 37 00 00 00",
             "child0LastName": "Patiente", "child0FirstName": "Léo", "child0BirthDate": "01/02/2016",
             "child1LastName": "Patiente", "child1FirstName": "Inès", "child1BirthDate": "03/04/2018"}
    fill(page, typed)
    wait_past_the_server_limit()
    page.focus("#family-submit")
    page.keyboard.press("Enter")
    # Signed out by the restart: signing in again leads to the same step, where the answers are offered back.
    page.wait_for_selector("#kc-form-login")
    fill(page, {"username": username, "password": password})
    page.keyboard.press("Enter")
    page.wait_for_selector("#kc-family-info-form")
    restore = page.get_by_role("button", name="Reprendre ma saisie")
    restore.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#child1LastName")
    for name, value in typed.items():
        expect(page.locator(f"#{name}")).to_have_value(value)
