"""No silent links, end to end: a sign-up whose e-mail the registry does not know is told to the dossier's
known addresses; the adult reports it from the e-mail; staff undo it; the account loses the dossier."""

from __future__ import annotations

import re
import time

from tests.support import maildev, oidc
from tests.support.signup import Family, activate, register
from tests.support.staff import BRIDGE, csrf_token, review_session, text_of
from tests.support.users import unique

STAFF = ("agent.demo", "Agent-Demo-2026!")
REPORT_LINK = re.compile(r"(http://localhost:5000/signalement/[A-Za-z0-9_.\-]+)")


def _wait_for(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def test_a_link_by_an_unknown_email_is_told_reported_and_undone_by_staff(kc_admin, add_dossier, bridge_api):
    registry_email = f"{unique('maman')}@example.org"
    number = add_dossier(("responsable", "KERGUELEN", "Maud", "", registry_email),
                         ("enfant", "KERGUELEN", "Noé", "05/07/2016"))
    intruder = Family("Kerguelen", "Maud", number)  # an ex-partner holding an invoice, with an e-mail of their own
    assert register(intruder).response.status_code == 200
    assert activate(intruder.email).status_code == 200
    user_id = kc_admin.get_users({"username": intruder.username, "exact": True})[0]["id"]

    # The registry's address is told, with a way to report it.
    notice = maildev.wait_for_mail(registry_email, "vient d'être rattaché")[0]
    assert number in notice.text
    report_url = REPORT_LINK.search(notice.text).group(1)

    # The adult reports it, as a family opens the e-mail in its browser.
    family = oidc.browser_like_session()
    form = family.get(report_url, timeout=15)
    assert form.status_code == 200 and number in text_of(form.text)
    sent = family.post(report_url, data={"csrf_token": csrf_token(form.text), "comment": "Ce n'est pas moi."},
                       timeout=15)
    assert sent.status_code == 200 and "transmis" in text_of(sent.text)

    # Staff see it flagged and undo it.
    staff, _ = review_session(*STAFF)
    listing = staff.get(f"{BRIDGE}/review/rattachements/", timeout=15).text
    assert intruder.email in listing
    link_id = next(l["id"] for l in bridge_api(f"/api/v1/dossiers/{number}/links")["links"]
                   if l["keycloak_user_id"] == user_id)
    detail = staff.get(f"{BRIDGE}/review/rattachements/{link_id}", timeout=15)
    assert "Ce n'est pas moi." in text_of(detail.text)
    undone = staff.post(f"{BRIDGE}/review/rattachements/{link_id}/annuler",
                        data={"csrf_token": csrf_token(detail.text), "reason": "Signalé par la responsable du dossier."},
                        timeout=20)
    assert undone.status_code == 200 and "Le rattachement a été annulé." in text_of(undone.text)

    # The account no longer carries the dossier, the adult's place is free, both are told.
    attributes = _wait_for(lambda: "dossierNumber" not in kc_admin.get_user(user_id).get("attributes", {})
                           and kc_admin.get_user(user_id).get("attributes", {}))
    assert "dossierNumber" not in kc_admin.get_user(user_id).get("attributes", {}), attributes
    links = {l["keycloak_user_id"]: l["status"] for l in bridge_api(f"/api/v1/dossiers/{number}/links")["links"]}
    assert links[user_id] == "released"
    assert maildev.wait_for_mail(intruder.email, "n'est plus rattaché")
    assert maildev.wait_for_mail(registry_email, "signalement a été traité")


def test_a_sign_up_with_the_registry_email_is_confirmed_without_notice(kc_admin, add_dossier, bridge_api):
    family = Family("Kerguelen", "Yann", "")
    number = add_dossier(("responsable", "KERGUELEN", "Yann", "", family.email),
                         ("enfant", "KERGUELEN", "Lou", "05/07/2017"))
    family.dossier_number = number
    register(family)
    activate(family.email)
    user_id = kc_admin.get_users({"username": family.username, "exact": True})[0]["id"]

    def confirmation():
        link = next(l for l in bridge_api(f"/api/v1/dossiers/{number}/links")["links"] if l["keycloak_user_id"] == user_id)
        return link["confirmation"]

    # Decided in the same transaction that activates the link, with the notices it would queue.
    assert _wait_for(confirmation) == "email_match"
