"""The sample city applications in a real browser: single sign-on across them, sign-out everywhere, axe-core clean."""

from __future__ import annotations

from tests.browser.test_accessibility import sign_in
from tests.support.city_apps import ECOLE_DES_SPORTS, FAMILY_SPACE, RESTAURATION_SCOLAIRE
from tests.support.users import make_family_user


def family(kc_admin, status: str) -> tuple[str, str]:
    username, password, _ = make_family_user(kc_admin, prefix="sso",
                                             attributes={"dossierNumber": ["104233"], "dossierStatus": [status]})
    return username, password


def test_one_sign_in_two_apps_then_signed_out_of_both(page, assert_accessible, kc_admin):
    page.goto(f"{ECOLE_DES_SPORTS}/")
    page.wait_for_selector("#kc-form-login")
    sign_in(page, *family(kc_admin, "linked"))
    page.wait_for_url(f"{ECOLE_DES_SPORTS}/")
    assert page.inner_text("#dossier-number") == "104233"
    assert_accessible(page, "École des sports, signed in")

    page.goto(f"{RESTAURATION_SCOLAIRE}/")
    page.wait_for_url(f"{RESTAURATION_SCOLAIRE}/")  # no sign-in form on the way
    assert page.inner_text("#dossier-number") == "104233"

    page.click("text=Se déconnecter")
    page.wait_for_url(f"{RESTAURATION_SCOLAIRE}/au-revoir")
    assert page.inner_text("h1") == "Vous êtes déconnecté"
    assert_accessible(page, "Restauration scolaire, signed out")
    for app in (f"{ECOLE_DES_SPORTS}/", FAMILY_SPACE):
        page.goto(app)
        page.wait_for_selector("#kc-form-login")


def test_a_family_without_a_linked_dossier_gets_an_accessible_french_page(page, assert_accessible, kc_admin):
    page.goto(f"{RESTAURATION_SCOLAIRE}/")
    page.wait_for_selector("#kc-form-login")
    sign_in(page, *family(kc_admin, "pending_review"))
    page.wait_for_selector("#not-linked")
    assert "n'est pas encore rattaché" in page.inner_text("h1")
    assert_accessible(page, "Restauration scolaire, dossier not linked")
    page.click("text=Aller à Mon espace")
    page.wait_for_url(f"{FAMILY_SPACE}**")
    assert page.inner_text("h1").strip() == "Mon espace famille"
