"""The family's own space against the real stack: lost number, what the city knows, corrections, download."""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.support import maildev
from tests.support.family_space import (
    BRIDGE, csrf_token, download, import_dossier, main_text, post_form, signed_in, wait_until,
)
from tests.support.signup import Family, activate, field_error, register
from tests.support.staff import review_session

AGENT = ("agent.demo", "Agent-Demo-2026!")


def _tag() -> str:
    return uuid.uuid4().hex[:10]


def ask_for_number(email: str, session: requests.Session | None = None) -> requests.Response:
    session = session or requests.Session()
    return post_form(session, "/numero-de-dossier-perdu", {"email": email}, allow_redirects=True)


# --- 1. "J'ai perdu mon numéro de dossier" ---

def test_a_registry_address_receives_its_number_and_an_unknown_one_gets_the_same_page_and_no_mail(
        bridge_env, tmp_path):
    tag = _tag()
    known = f"Claire.Bertin.{tag}@Example.org"
    number = import_dossier(bridge_env, tmp_path, [
        ("responsable", "BERTIN", "Claire", "", known, "", "", "28000", "Chartres"),
        ("enfant", "BERTIN", "Lina", "14/02/2016", "", "", "", "28000", "Chartres"),
    ])
    unknown = f"personne.{tag}@example.org"
    # The unknown address first: once the known one's e-mail is out, the worker has handled both.
    unknown_page = ask_for_number(unknown)
    known_page = ask_for_number(known.lower())
    assert unknown_page.status_code == known_page.status_code == 200
    assert unknown_page.url == known_page.url == f"{BRIDGE}/numero-de-dossier-perdu/envoye"
    assert main_text(unknown_page.text) == main_text(known_page.text)
    assert number not in known_page.text
    mail = maildev.wait_for_mail(known, "votre numéro de dossier")[-1]
    assert number in mail.text and number in mail.html
    assert mail.to == [known.lower()]
    assert maildev.mail_to(unknown) == []


def test_the_number_is_sent_only_to_a_responsible_adults_address(bridge_env, tmp_path):
    """A child's row that happens to carry an address is not a way to the number."""
    tag = _tag()
    child_address = f"enfant.{tag}@example.org"
    number = import_dossier(bridge_env, tmp_path, [
        ("responsable", "BERTIN", "Claire", "", f"claire.{tag}@example.org", "", "", "28000", "Chartres"),
        ("enfant", "BERTIN", "Lina", "14/02/2016", child_address, "", "", "28000", "Chartres"),
    ])
    ask_for_number(child_address)
    ask_for_number(f"claire.{tag}@example.org")
    assert number in maildev.wait_for_mail(f"claire.{tag}@example.org", "votre numéro de dossier")[-1].text
    assert maildev.mail_to(child_address) == []


def test_too_many_requests_for_one_address_answer_429_in_french():
    address = f"insistant.{_tag()}@example.org"
    session = requests.Session()
    answers = [ask_for_number(address, session).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = ask_for_number(address, session)
    assert limited.status_code == 429
    assert "Trop de demandes" in main_text(limited.text) and "réessayez dans une heure" in limited.text


def test_the_lost_number_page_refuses_a_malformed_address_without_counting_it():
    session = requests.Session()
    refused = post_form(session, "/numero-de-dossier-perdu", {"email": "pas-une-adresse"})
    assert refused.status_code == 400
    assert "Saisissez une adresse e-mail complète" in main_text(refused.text)
    assert 'aria-invalid="true"' in refused.text


def test_the_registration_form_and_the_family_step_link_to_the_lost_number_page():
    from tests.support.signup import open_registration_form

    page = open_registration_form()
    link = page.soup.find("a", id="pf-lost-number-link")
    assert link is not None and link["href"].startswith(f"{BRIDGE}/numero-de-dossier-perdu")
    assert link.get_text(strip=True) == "J'ai perdu mon numéro de dossier"
    privacy = page.soup.find("a", id="pf-register-privacy-link")
    assert privacy is not None and privacy["href"].startswith(f"{BRIDGE}/confidentialite")
    assert requests.get(link["href"], timeout=10).status_code == 200


# --- 2. Separated parents ---

@pytest.fixture(scope="module")
def separated(bridge_env, tmp_path_factory):
    """One dossier, two responsible adults at two addresses, each with an account linked by sign-up."""
    tag = _tag()
    a = {"email": f"claire.{tag}@example.org", "phone": "06 11 11 11 11", "address": f"3 rue des Lices {tag}",
         "town": "Chartres", "postal_code": "28000"}
    b = {"email": f"julien.{tag}@example.org", "phone": "06 22 22 22 22", "address": f"18 avenue Mermoz {tag}",
         "town": "Mainvilliers", "postal_code": "28300"}
    number = import_dossier(bridge_env, tmp_path_factory.mktemp("separated"), [
        ("responsable", "BERTIN", "Claire", "", a["email"], a["phone"], a["address"], a["postal_code"], a["town"]),
        ("responsable", "MOREAU", "Julien", "", b["email"], b["phone"], b["address"], b["postal_code"], b["town"]),
        ("enfant", "BERTIN-MOREAU", "Lina", "14/02/2016", "", "", a["address"], a["postal_code"], a["town"]),
    ])
    accounts = {}
    for key, last, first in (("a", "Bertin", "Claire"), ("b", "Moreau", "Julien")):
        family = Family(last, first, number)
        page = register(family)
        assert not field_error(page, "dossierNumber"), field_error(page, "dossierNumber")
        assert activate(family.email).status_code == 200
        accounts[key] = family
    return number, accounts, a, b


def _space(family: Family) -> tuple[requests.Session, str]:
    session = signed_in(family.username, family.password)
    page = wait_until(lambda: _linked_page(session), "the account's link to become active")
    return session, page


def _linked_page(session):
    page = session.get(f"{BRIDGE}/famille/", timeout=15).text
    return page if 'id="known-dossier-number"' in page else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("me, other", [("a", "b"), ("b", "a")])
def test_each_separated_parent_sees_its_own_contact_details_and_the_children_never_the_others(separated, me, other):
    number, accounts, a, b = separated
    details = {"a": a, "b": b}
    mine, theirs = details[me], details[other]
    session, page = _space(accounts[me])
    text = main_text(page)
    assert number in text and "Lina" in text and "14/02/2016" in text
    assert mine["email"] in text and mine["address"] in text and mine["phone"] in text
    assert theirs["email"] not in page and theirs["address"] not in page
    assert _digits(theirs["phone"]) not in _digits(page)
    exported = download(session)
    dumped = str(exported)
    assert mine["email"] in dumped and number in dumped
    assert theirs["email"] not in dumped and theirs["address"] not in dumped
    assert _digits(theirs["phone"]) not in _digits(dumped)


# --- 3. Correction requests ---

def test_a_correction_request_reaches_staff_who_answer_and_the_family_gets_the_email(separated):
    number, accounts, a, _ = separated
    family = accounts["a"]
    session, _ = _space(family)
    tag = _tag()
    sent = post_form(session, "/famille/signaler-une-erreur",
                     {"message": f"Notre adresse est désormais 4 rue Noël Ballay ({tag})."})
    assert sent.status_code == 200 and sent.url.startswith(f"{BRIDGE}/famille/")
    assert tag in main_text(sent.text)
    maildev.wait_for_mail(family.email, "signalement d'erreur a bien été reçu")

    staff, _ = review_session(*AGENT)
    queue = staff.get(f"{BRIDGE}/review/corrections/", timeout=15)
    assert queue.status_code == 200 and tag in queue.text
    link = re.search(r'href="(/review/corrections/\d+)"[^>]*>[^<]*</a>(?:(?!</tr>).)*' + tag, queue.text, re.S)
    assert link, "the correction request is not in the staff queue"
    detail = staff.get(f"{BRIDGE}{link.group(1)}", timeout=15)
    assert number in detail.text and a["address"] in detail.text
    answer = f"C'est corrigé dans votre dossier ({tag})."
    version = re.search(r'name="version" value="(\d+)"', detail.text).group(1)
    answered = staff.post(f"{BRIDGE}{link.group(1)}/reponse", timeout=15,
                          data={"csrf_token": csrf_token(detail.text), "version": version, "answer": answer})
    assert answered.status_code == 200 and "Répondus" in main_text(answered.text) and answer in main_text(answered.text)
    mail = maildev.wait_for_mail(family.email, "réponse à votre signalement")[-1]
    assert answer in mail.text and tag in mail.text
    assert answer in main_text(session.get(f"{BRIDGE}/famille/", timeout=15).text)
    again = staff.post(f"{BRIDGE}{link.group(1)}/reponse", timeout=15,
                       data={"csrf_token": csrf_token(detail.text), "version": version, "answer": "Deuxième réponse"})
    assert again.status_code == 409


def test_an_empty_correction_request_is_refused_with_a_french_message(separated):
    _, accounts, _, _ = separated
    session, _ = _space(accounts["b"])
    refused = post_form(session, "/famille/signaler-une-erreur", {"message": "   "})
    assert refused.status_code == 400
    assert "Décrivez l'information inexacte" in main_text(refused.text)


# --- 4. Download ---

def test_the_download_holds_the_accounts_requests_links_and_mails_and_nothing_of_another_family(
        kc_admin, separated):
    from tests.support.family_info import family_fields, sign_in, submit

    _, _, other_a, other_b = separated
    tag = _tag()
    family = Family("Durand", "Inès")
    register(family)
    activate(family.email)
    page, _, _ = sign_in(family)
    fields = family_fields([{"LastName": "DURAND", "FirstName": f"Noé{tag}", "BirthDate": "03/09/2017"}],
                           phone="02 37 44 55 66", address=f"9 rue du Soleil d'Or {tag}")
    submit(page, fields)
    maildev.wait_for_mail(family.email, "va être vérifié")
    session = signed_in(family.username, family.password)
    data = wait_until(lambda: _with_sent_mail(download(session), "va être vérifié"),
                      "the request e-mail to be recorded as sent")
    assert data["compte_keycloak"]["account"]["username"] == family.username
    assert data["compte_keycloak"]["account"]["email"] == family.email
    [request] = data["demandes_famille"]
    assert request["informations_envoyees"]["address"] == f"9 rue du Soleil d'Or {tag}"
    assert request["informations_envoyees"]["children"][0]["first_name"] == f"Noé{tag}"
    assert any("va être vérifié" in m["objet"] for m in data["courriels"])
    assert all(m["destinataire"] == family.email for m in data["courriels"])
    dumped = str(data)
    for other in (other_a, other_b):
        assert other["email"] not in dumped and other["address"] not in dumped


def _with_sent_mail(data: dict, subject: str) -> dict | None:
    return data if any(subject in m["objet"] and m["etat"] == "sent" for m in data["courriels"]) else None


def test_the_download_of_a_linked_account_holds_its_link(separated):
    number, accounts, a, _ = separated
    data = download(signed_in(accounts["a"].username, accounts["a"].password))
    [link] = data["rattachements"]
    assert link["numero_dossier"] == number and link["etat"] == "active"
    assert link["responsable"]["courriel"] == a["email"]
    assert [c["prenom"] for c in link["enfants"]] == ["Lina"]
