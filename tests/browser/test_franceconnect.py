"""FranceConnect in a real browser: the official button, every page of a first sign-in, French and English,
zero axe-core violations, and the whole journey with the keyboard only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import BRIDGE, browser_page, open_login, open_registration
from tests.browser.test_keyboard import tab_to
from tests.support import franceconnect as fc
from tests.support.users import make_family_user


@pytest.fixture
def english_page(browser) -> Iterator[Page]:
    with browser_page(browser, locale="en-GB") as page:
        yield page


def to_standin(page: Page) -> None:
    page.click("#social-franceconnect")
    page.wait_for_selector("input[name=identity]")


def choose(page: Page, person: fc.Person) -> None:
    page.check(f"#identity-{person.id}")
    page.click("#standin-login")


def settled(page: Page, selector: str) -> None:
    """The next page is there with its style sheets applied, as the family sees it (focus rings included)."""
    page.wait_for_selector(selector)
    page.wait_for_load_state("networkidle")


def in_english(page: Page) -> None:
    page.click("a.pf-lang[lang='en']")
    page.wait_for_selector("html[lang='en']")


def test_the_official_button_on_the_login_and_sign_up_pages(page, assert_accessible):
    open_login(page)
    button = page.locator("#social-franceconnect")
    assert button.inner_text().split() == ["S’identifier", "avec", "FranceConnect"]
    # The component's own look, from the DSFR stylesheet: FranceConnect blue, its font, its logo.
    style = button.evaluate("e => { const s = getComputedStyle(e); return [s.backgroundColor, s.fontFamily]; }")
    assert style[0] == "rgb(0, 0, 145)" and "Marianne-connect" in style[1]
    assert page.locator("#pf-franceconnect-what").get_attribute("title") == "Qu’est-ce que FranceConnect ? - nouvelle fenêtre"
    # First, then "ou", then the password form.
    order = page.evaluate("""() => ['#social-franceconnect', '#pf-franceconnect-or', '#kc-form-login']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order == sorted(order)
    assert_accessible(page, "the login page with the FranceConnect button")
    open_registration(page)
    assert page.locator("#social-franceconnect").is_visible()
    assert_accessible(page, "the sign-up page with the FranceConnect button")


def test_the_button_in_english(page, assert_accessible):
    open_login(page)
    in_english(page)
    assert page.locator("#social-franceconnect").inner_text().split() == ["Sign", "in", "with", "FranceConnect"]
    what = page.locator("#pf-franceconnect-what")
    assert what.inner_text().startswith("What is FranceConnect?")
    assert what.get_attribute("title") == "What is FranceConnect? - new window"
    assert_accessible(page, "the login page with the FranceConnect button, in English")


def test_every_page_of_a_first_sign_in_in_french(page, assert_accessible):
    person = fc.Person("Julien Pierre", "ROUSSEAU", "1988-07-21").register()
    open_login(page)
    to_standin(page)
    assert_accessible(page, "the FranceConnect stand-in's page")
    choose(page, person)
    page.wait_for_selector("#kc-idp-review-profile-form")
    assert page.inner_text("#kc-page-title").strip() == "Confirmez votre identité"
    assert page.inner_text("#pf-identity-birth-date").strip() == "21/07/1988"
    assert_accessible(page, "the identity confirmation page")
    page.click("#pf-idp-review-confirm")
    page.wait_for_selector("#kc-family-dossier-form")
    assert page.input_value("#adultGivenNames") == "Julien Pierre"
    assert_accessible(page, "the dossier step of a FranceConnect account")
    page.fill("#dossierNumber", "99999999")
    page.click("#family-recovery-submit")
    page.wait_for_selector("#input-error-dossierNumber")
    assert_accessible(page, "the dossier step with a refused number")


def test_every_page_of_a_first_sign_in_in_english(english_page, assert_accessible):
    page = english_page
    person = fc.Person("Julien Pierre", "ROUSSEAU", "1988-07-21").register()
    open_login(page)  # a browser asking for English gets English everywhere, the stand-in included
    assert page.get_attribute("html", "lang") == "en"
    to_standin(page)
    assert page.get_attribute("html", "lang") == "en"
    assert_accessible(page, "the FranceConnect stand-in's page in English")
    choose(page, person)
    page.wait_for_selector("#kc-idp-review-profile-form")
    assert page.inner_text("#kc-page-title").strip() == "Confirm your identity"
    assert_accessible(page, "the identity confirmation page in English")
    page.click("#pf-idp-review-confirm")
    page.wait_for_selector("#kc-family-dossier-form")
    assert page.inner_text("#kc-page-title").strip() == "Your family dossier"
    assert_accessible(page, "the dossier step in English")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_pages_of_an_existing_account_link(page, kc_admin, assert_accessible, language):
    username, password, user_id = make_family_user(kc_admin, prefix="lien")
    person = fc.Person("Camille", "TESTEUR", "1990-01-31", email=f"{username}@example.org").register()
    open_login(page)
    if language == "en":
        in_english(page)
    to_standin(page)
    choose(page, person)
    page.click("#pf-idp-review-confirm")
    page.wait_for_selector("#linkAccount")
    assert_accessible(page, f"the account link question ({language})")
    page.click("#linkAccount")
    page.wait_for_selector("#kc-form-login")
    assert page.input_value("#username") == username
    assert_accessible(page, f"the password asked before linking ({language})")
    page.fill("#password", password)
    page.click("#kc-login")
    page.wait_for_selector("#kc-family-dossier-form")
    assert [i["identityProvider"] for i in kc_admin.get_user_social_logins(user_id)] == ["franceconnect"]


def test_a_first_sign_in_with_the_keyboard_only(page, add_dossier):
    number = add_dossier(("responsable", "LEFEVRE", "Camille", "14/05/1986"), ("enfant", "LEFEVRE", "Léa", "12/03/2016"))
    person = fc.Person("Camille Marie", "LEFEVRE", "1986-05-14", preferred_username="LEFEVRE").register()
    open_login(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "social-franceconnect")
    page.keyboard.press("Enter")
    settled(page, "input[name=identity]")
    tab_to(page, lambda s: s["name"] == "identity")
    # A radio group: the arrow keys move the choice, the first identity is checked to start with.
    for _ in range(page.locator("input[name=identity]").count()):
        if page.evaluate("document.activeElement.value") == person.id:
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked(f"#identity-{person.id}")
    tab_to(page, lambda s: s["id"] == "standin-login")
    page.keyboard.press("Enter")
    settled(page, "#kc-idp-review-profile-form")
    tab_to(page, lambda s: s["id"] == "pf-idp-review-confirm")
    page.keyboard.press("Enter")
    settled(page, "#kc-family-dossier-form")
    tab_to(page, lambda s: s["id"] == "dossierNumber")
    page.keyboard.type(number)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{BRIDGE}/famille/**")
    assert number in page.inner_text("main")
