"""A family signs in through the real login form; the token is checked with authlib."""

from tests.support import oidc
from tests.support.users import make_family_user

REDIRECT = "http://localhost:5000/famille/retour"


def test_login_page_is_in_french():
    page, _, _ = oidc.open_login("portail", REDIRECT)
    soup = page.soup
    assert soup.html["lang"] == "fr"
    labels = " ".join(label.get_text(" ", strip=True) for label in soup.find_all("label"))
    assert "Mot de passe" in labels
    assert "Nom d'utilisateur" in labels or "Nom d’utilisateur" in labels


def test_registration_form_offers_the_dossier_number():
    page, _, _ = oidc.open_login("portail", REDIRECT)
    soup = oidc.open_registration(page).soup
    field = soup.find("input", id="dossierNumber")
    assert field is not None and field["name"] == "dossierNumber"
    assert soup.find("label", attrs={"for": "dossierNumber"}).get_text(" ", strip=True).startswith("Numéro de dossier")
    assert soup.find("input", attrs={"name": "password"}) is not None  # password stays on the form


def test_seeded_user_signs_in_with_authorization_code_and_pkce(kc_admin):
    username, password, user_id = make_family_user(kc_admin, attributes={"dossierNumber": ["104233"], "dossierStatus": ["linked"]})
    tokens = oidc.login_with_password("portail", REDIRECT, username, password)
    claims = oidc.validate_token(tokens["id_token"], audience="portail")
    assert claims["sub"] == user_id
    assert claims["preferred_username"] == username
    access = oidc.validate_token(tokens["access_token"])
    assert access["dossier_number"] == "104233" and access["dossier_status"] == "linked"


def test_wrong_password_stays_on_the_form_with_a_french_message(kc_admin):
    username, _, _ = make_family_user(kc_admin)
    page, _, _ = oidc.open_login("portail", REDIRECT)
    answer = oidc.submit_login(page, username, "not-the-password")
    assert answer.status_code == 200
    shown = oidc.LoginPage(page.session, answer).soup.find(id="input-error-username")
    assert shown is not None and shown.get_text(" ", strip=True) == "Nom d'utilisateur ou mot de passe incorrect."
