"""Every account deletion reaches the bridge, which keeps nothing of the account but the documented record.

The family's own deletion (Keycloak's delete_account action started from
"Mon espace") and staff's (the admin API the admin console uses) are both
learnt from the events Keycloak stores, also when the bridge and its worker
were down at the time: they read the events when they come back.
"""

from __future__ import annotations

import random
import time
import uuid

from dossier_bridge.models import AccountLink, FamilyRequest, LinkStatus, RequestStatus
from tests.support import maildev, oidc
from tests.support.family_info import family_fields, sign_in as family_info_sign_in, submit as submit_family_info
from tests.support.family_space import (
    BRIDGE, bridge_down, deletion_start, erasure_of, follow, import_dossier, post_form, rows_of, signed_in, wait_until,
    where_found,
)
from tests.support.signup import Family, activate, field_error, register
from tests.support.users import make_family_user


def user_id_of(kc_admin, family: Family) -> str:
    return kc_admin.get_users({"username": family.username, "exact": True})[0]["id"]


def family_with_a_request(kc_admin) -> tuple[Family, str, list[str]]:
    """A family signed up without a number, with its family request, a correction request and e-mails."""
    tag = uuid.uuid4().hex[:8]
    family = Family("Fontaine", f"Zoé{tag}")
    register(family)
    activate(family.email)
    page, _, _ = family_info_sign_in(family)
    phone = f"02 37 {random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}"
    address = f"7 impasse des Tilleuls {tag}"
    child = f"Anatole{tag}"
    submit_family_info(page, family_fields([{"LastName": "FONTAINE", "FirstName": child, "BirthDate": "02/02/2019"}],
                                           phone=phone, address=address))
    maildev.wait_for_mail(family.email, "va être vérifié")
    session = signed_in(family.username, family.password)
    note = f"Le prénom de mon fils est mal écrit {tag}"
    assert post_form(session, "/famille/signaler-une-erreur", {"message": note}).status_code == 200
    maildev.wait_for_mail(family.email, "signalement d'erreur a bien été reçu")
    return family, user_id_of(kc_admin, family), [family.username, phone, address, child, note]


def _at_the_start_of_a_second() -> None:
    time.sleep(1 - time.time() % 1 + 0.01)


def test_deleting_asks_for_the_password_again_even_right_after_signing_in(kc_admin):
    """Keycloak's own delete_account rule compares whole seconds: a sign-in made within the
    same second as the deletion request would be taken as fresh enough, so the family (or
    whoever sits at its screen) would skip the password. Each try signs in at the start of a
    second, so that the deletion request most likely falls in that same second."""
    for _ in range(3):
        username, password, _ = make_family_user(kc_admin, prefix="reauth")
        _at_the_start_of_a_second()
        session = signed_in(username, password)
        page = deletion_start(session)
        assert page.soup.find("form", id="kc-deleteaccount-form") is None, "deletion offered without the password"
        assert page.soup.find("form", id="kc-form-login") is not None
        assert page.soup.find("input", id="password") is not None


def test_a_deletion_from_mon_espace_while_the_bridge_is_down_leaves_only_the_record(
        kc_admin, bridge_env, stack, stack_env):
    family, user_id, needles = family_with_a_request(kc_admin)
    assert set(where_found(bridge_env, needles)) == {n.lower() for n in needles}  # all held before

    session = signed_in(family.username, family.password)
    confirm_page = deletion_start(session)
    # Keycloak asks for the password again first, and offers no FranceConnect button
    # to an account FranceConnect never vouched for.
    assert confirm_page.soup.find("form", id="kc-form-login") is not None
    assert confirm_page.soup.find("a", id="social-franceconnect") is None
    confirm_page = oidc.LoginPage(session, follow(session, session.post(
        confirm_page.form_action("kc-form-login"), data={"password": family.password, "credentialId": ""},
        allow_redirects=False, timeout=15)))
    assert confirm_page.soup.find("form", id="kc-deleteaccount-form") is not None
    with bridge_down(stack, stack_env):
        done = session.post(confirm_page.form_action("kc-deleteaccount-form"), data={}, timeout=15)
        assert "Votre compte a été supprimé" in oidc.LoginPage(session, done).soup.get_text(" ", strip=True)
        assert kc_admin.get_users({"username": family.username, "exact": True}) == []
        assert where_found(bridge_env, needles), "nothing should have changed while the bridge was down"

    # The worker reads Keycloak's DELETE_ACCOUNT event when it comes back.
    record = wait_until(lambda: erasure_of(bridge_env, user_id), "the erasure of the deleted account")
    assert record.source == "family"
    assert where_found(bridge_env, needles) == {}
    [request] = rows_of(bridge_env, FamilyRequest, user_id)
    assert request.status is RequestStatus.WITHDRAWN and request.submitted == {}
    # The browser's bridge sign-in ended with the account.
    answer = session.get(f"{BRIDGE}/famille/", timeout=15)
    assert answer.url == f"{BRIDGE}/famille/compte-supprime"
    assert "Votre compte a été supprimé" in answer.text


def test_a_deletion_by_staff_while_the_bridge_is_down_leaves_only_the_record(
        kc_admin, bridge_env, stack, stack_env, tmp_path):
    tag = uuid.uuid4().hex[:8]
    number = import_dossier(bridge_env, tmp_path, [
        ("responsable", "GARNIER", "Hugo", "", "", "", "", "28000", "Chartres"),
        ("enfant", "GARNIER", "Jade", "09/09/2014", "", "", "", "28000", "Chartres"),
    ])
    family = Family("Garnier", "Hugo", number)
    assert not field_error(register(family), "dossierNumber")
    activate(family.email)
    user_id = user_id_of(kc_admin, family)
    wait_until(lambda: any(link.status is LinkStatus.ACTIVE for link in rows_of(bridge_env, AccountLink, user_id)),
               "the link to become active")
    session = signed_in(family.username, family.password)
    assert post_form(session, "/famille/signaler-une-erreur", {"message": f"Erreur {tag}"}).status_code == 200
    maildev.wait_for_mail(family.email, "signalement d'erreur a bien été reçu")
    needles = [family.username, f"Erreur {tag}"]
    assert set(where_found(bridge_env, needles)) == {n.lower() for n in needles}

    with bridge_down(stack, stack_env):
        kc_admin.delete_user(user_id)  # what the admin console's "Supprimer" calls

    record = wait_until(lambda: erasure_of(bridge_env, user_id), "the erasure of the deleted account")
    assert record.source == "staff"
    assert where_found(bridge_env, needles) == {}
    [link] = rows_of(bridge_env, AccountLink, user_id)
    assert link.status is LinkStatus.RELEASED and link.release_reason == "account_deleted" and link.email is None
    # The adult's place is free again: the parent can sign up anew with the number.
    again = Family("Garnier", "Hugo", number)
    assert not field_error(register(again), "dossierNumber")
