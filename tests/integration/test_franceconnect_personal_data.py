"""An account made through FranceConnect in "Mon espace": what the city knows, its download, its deletion.

Such an account has no password: Keycloak's re-authentication before a
deletion goes through FranceConnect again, and the bridge must erase it like
any other account, whoever deletes it.
"""

from __future__ import annotations

import uuid
from urllib.parse import urljoin

from tests.support import franceconnect as fc
from tests.support import oidc
from tests.support.family_space import (
    BRIDGE, deletion_start, download, erasure_of, follow, import_dossier, main_text, wait_until, where_found,
)

DELETED = "Votre compte a été supprimé"


def _dossier(bridge_env, folder, tag: str) -> tuple[str, dict, dict]:
    """Two separated parents whose birth dates the registry knows, and their child."""
    mine = {"email": f"camille.{tag}@example.org", "phone": "06 31 31 31 31", "address": f"5 rue Muret {tag}"}
    theirs = {"email": f"thomas.{tag}@example.org", "phone": "06 42 42 42 42", "address": f"21 rue de Fresnay {tag}"}
    number = import_dossier(bridge_env, folder, [
        ("responsable", "LEFEVRE", "Camille", "14/05/1986", mine["email"], mine["phone"], mine["address"], "28000",
         "Chartres"),
        ("responsable", "LEFEVRE", "Thomas", "02/09/1984", theirs["email"], theirs["phone"], theirs["address"],
         "28300", "Mainvilliers"),
        ("enfant", "LEFEVRE", "Léa", "12/03/2016", "", "", mine["address"], "28000", "Chartres"),
    ])
    return number, mine, theirs


def _signed_up_with_franceconnect(person: fc.Person, number: str):
    """From "Mon espace"'s sign-in, through FranceConnect and the dossier step, back to "Mon espace"."""
    session = oidc.browser_like_session()
    login = oidc.LoginPage(session, session.get(f"{BRIDGE}/famille/connexion", timeout=20))
    step = fc.confirm_identity(fc.choose(fc.press_button(login), person))
    form = step.soup.find("form", id="kc-family-dossier-form")
    assert form is not None, f"no dossier step: {fc.text(step)[:400]}"
    # A family without its invoice can have the number mailed from this step too.
    lost = step.soup.find("a", id="family-lost-number-link")
    assert lost is not None and lost["href"].startswith(f"{BRIDGE}/numero-de-dossier-perdu")
    answer = session.post(urljoin(step.response.url, form["action"]),
                          data={"dossierNumber": number, "action": "dossier-number"}, allow_redirects=False, timeout=20)
    space = follow(session, answer)
    assert space.url.startswith(f"{BRIDGE}/famille"), space.url
    return session


def _linked_space(session) -> str:
    def linked():
        page = session.get(f"{BRIDGE}/famille/", timeout=15).text
        return page if 'id="known-dossier-number"' in page else None
    return wait_until(linked, "the FranceConnect account's link to become active")


def _account_id(kc_admin, person: fc.Person) -> str:
    [account] = kc_admin.get_users({"username": f"franceconnect.{person.sub}", "exact": True})
    return account["id"]


def test_a_franceconnect_account_sees_its_own_details_downloads_its_identity_and_deletes_itself(
        kc_admin, bridge_env, tmp_path):
    tag = uuid.uuid4().hex[:8]
    number, mine, theirs = _dossier(bridge_env, tmp_path, tag)
    camille = fc.Person("Camille", "LEFEVRE", "1986-05-14").register()
    session = _signed_up_with_franceconnect(camille, number)
    user_id = _account_id(kc_admin, camille)

    # What the city knows: her own details and the child, never the other parent's.
    page = _linked_space(session)
    text = main_text(page)
    assert number in text and "Léa" in text and mine["address"] in text and mine["email"] in text
    assert theirs["address"] not in page and theirs["email"] not in page

    # Her download says the account is FranceConnect's, with the identity it gave.
    data = download(session)
    assert [i["provider"] for i in data["compte_keycloak"]["identity_providers"]] == ["franceconnect"]
    assert data["compte_keycloak"]["account"]["attributes"]["franceconnectBirthdate"] == ["1986-05-14"]
    assert [link["numero_dossier"] for link in data["rattachements"]] == [number]
    assert theirs["email"] not in str(data) and theirs["address"] not in str(data)

    # Deleting: no password to type; Keycloak asks for a fresh sign-in through FranceConnect.
    needles = [f"franceconnect.{camille.sub}", camille.email]
    assert where_found(bridge_env, needles)
    page = deletion_start(session)
    assert page.soup.find("form", id="kc-deleteaccount-form") is None, "deletion offered without a fresh sign-in"
    button = page.soup.find("a", id="social-franceconnect")
    assert button is not None, fc.text(page)[:400]
    answer = session.get(urljoin(page.response.url, button["href"]), timeout=15)
    if answer.url.startswith(fc.STANDIN):
        # FranceConnect asks again unless its own session is still open (then it answers at once).
        answer = fc.choose(fc.page_of(session, answer), camille).response
    page = oidc.LoginPage(session, follow(session, answer))
    assert page.soup.find("form", id="kc-deleteaccount-form") is not None, fc.text(page)[:400]
    done = session.post(page.form_action("kc-deleteaccount-form"), data={}, timeout=15)
    assert DELETED in oidc.LoginPage(session, done).soup.get_text(" ", strip=True)
    assert kc_admin.get_users({"username": f"franceconnect.{camille.sub}", "exact": True}) == []

    record = wait_until(lambda: erasure_of(bridge_env, user_id), "the erasure of the FranceConnect account")
    assert record.source == "family"
    assert where_found(bridge_env, needles) == {}
    assert session.get(f"{BRIDGE}/famille/", timeout=15).url == f"{BRIDGE}/famille/compte-supprime"


def test_a_franceconnect_account_deleted_by_staff_is_erased_and_its_adult_freed(kc_admin, bridge_env, tmp_path):
    tag = uuid.uuid4().hex[:8]
    number, _, _ = _dossier(bridge_env, tmp_path, tag)
    camille = fc.Person("Camille", "LEFEVRE", "1986-05-14").register()
    session = _signed_up_with_franceconnect(camille, number)
    _linked_space(session)
    user_id = _account_id(kc_admin, camille)

    kc_admin.delete_user(user_id)  # what the admin console's "Supprimer" calls

    record = wait_until(lambda: erasure_of(bridge_env, user_id), "the erasure of the FranceConnect account")
    assert record.source == "staff"
    assert where_found(bridge_env, [f"franceconnect.{camille.sub}", camille.email]) == {}
    # Her place in the dossier is free: the same FranceConnect identity links it again.
    _linked_space(_signed_up_with_franceconnect(camille, number))
