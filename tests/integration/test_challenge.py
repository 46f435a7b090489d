"""Locked out by someone else: after the number's budget is spent, the registration form offers a
proof of work, and a family that solves it signs up with its dossier number."""

from __future__ import annotations

import html
import json

import altcha
import requests

from tests.support import oidc
from tests.support.signup import Family, field_error, open_registration_form, submit

CHALLENGE = ("Beaucoup d'essais ont été faits avec ce numéro de dossier, peut-être par quelqu'un d'autre.")


def _spend_the_numbers_budget(bridge_env, number: str) -> None:
    """A stranger's five wrong names on the family's number, from another network."""
    for attempt in range(5):
        requests.post("http://127.0.0.1:5000/api/v1/dossiers/verify", timeout=10,
                      headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"},
                      json={"dossier_number": number, "last_name": f"Inconnu{attempt}", "first_name": "X",
                            "client_ip": "203.0.113.200"})


def _challenge_of(page) -> dict:
    widget = page.soup.find("altcha-widget")
    assert widget is not None, "no proof-of-work widget on the page"
    return json.loads(html.unescape(widget["challenge"]))


def test_a_family_locked_out_by_someone_else_signs_up_after_the_proof_of_work(kc_admin, add_dossier, bridge_env):
    number = add_dossier(("responsable", "QUEMENER", "Anne", ""), ("enfant", "QUEMENER", "Loïc", "05/07/2016"))
    _spend_the_numbers_budget(bridge_env, number)
    family = Family("Quéméner", "Anne", number)
    form = open_registration_form()
    refused = submit(form, family)
    assert field_error(refused, "dossierNumber").startswith(CHALLENGE)
    assert not kc_admin.get_users({"username": family.username, "exact": True})
    # The widget's script comes from the extension's theme resources.
    script = refused.soup.find("script", src=lambda s: s and "vendor/altcha/" in s)
    served = refused.session.get(requests.compat.urljoin(refused.response.url, script["src"]), timeout=10)
    assert served.status_code == 200 and "altcha-widget" in served.text

    # What the family's browser does when the box is ticked (ALTCHA's own solver here).
    challenge = altcha.Challenge.from_dict(_challenge_of(refused))
    payload = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()
    action = refused.form_action("kc-register-form")
    answer = refused.session.post(action, data={**family.form(), "altcha": payload}, timeout=15)
    assert answer.status_code == 200
    assert "kc-register-form" not in answer.text, "still on the registration form"
    assert kc_admin.get_users({"username": family.username, "exact": True})


def test_without_the_proof_of_work_the_number_stays_closed(add_dossier, bridge_env):
    number = add_dossier(("responsable", "QUEMENER", "Yves", ""), ("enfant", "QUEMENER", "Nolwenn", "05/07/2016"))
    _spend_the_numbers_budget(bridge_env, number)
    family = Family("Quéméner", "Yves", number)
    first = submit(open_registration_form(), family)
    assert field_error(first, "dossierNumber").startswith(CHALLENGE)
    again = first.session.post(first.form_action("kc-register-form"), data={**family.form(), "altcha": "forged"},
                               timeout=15)
    page = oidc.LoginPage(first.session, again)
    assert page.soup.find("form", id="kc-register-form") is not None
    assert field_error(page, "dossierNumber").startswith(CHALLENGE)
