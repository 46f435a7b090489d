"""Sign-up without a dossier number: family information, staff review, e-mails at each step."""

from __future__ import annotations

import re
import threading
import time
import uuid

import pytest
import requests

from sqlalchemy import select

from devstack import process
from devstack.bootstrap import STAFF_GROUP, ensure_user
from devstack.services import SERVICES
from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.models import OutboxMail
from tests.support import family_info, maildev, oidc, staff as staff_pages
from tests.support.signup import PORTAIL_REDIRECT, Family, activate, register
from tests.support.staff import BRIDGE, csrf_token, first_candidate, request_version, review_session, text_of
from tests.support.users import PASSWORD, unique

STAFF = ("agent.demo", "Agent-Demo-2026!")
RECORDED = "La décision est enregistrée"
CONFLICT = "vient d'être traitée par un autre agent"
DECISION_FIELDS = {"creer": {}, "rattacher": {"dossier_number": "104233"}, "precisions": {"message": "Merci de préciser."}}
RECEIVED = "votre dossier a été créé et va être vérifié"
COMPLETE = "votre inscription au portail est terminée"


def signed_up_family(last="LEFEVRE", first="Camille") -> Family:
    family = Family(last, first)
    register(family)
    activate(family.email)
    return family


def fill_family_info(family: Family, children: list[dict[str, str]], **fields: str):
    page, verifier, state = family_info.sign_in(family)
    answer = family_info.submit(page, family_info.family_fields(children, **fields))
    return page, answer, verifier, state


def request_id_for(staff_session, family: Family) -> int:
    queue = staff_session.get(f"{BRIDGE}/api/v1/review/requests", params={"q": family.email}, timeout=10).json()
    return queue["requests"][0]["id"]


def decide(staff_session, request_id: int, action: str, **fields: str) -> requests.Response:
    page = staff_session.get(f"{BRIDGE}/review/demandes/{request_id}", timeout=10).text
    data = {"csrf_token": csrf_token(page), "version": request_version(page), **fields}
    return staff_session.post(f"{BRIDGE}/review/demandes/{request_id}/{action}", data=data, timeout=20)


def token_after_sign_in(family: Family) -> dict:
    tokens = oidc.login_with_password("portail", PORTAIL_REDIRECT, family.username, family.password, scope="openid dossier")
    return oidc.validate_token(tokens["access_token"])


@pytest.fixture(scope="module")
def staff():
    session, landed = review_session(*STAFF)
    assert landed.status_code == 200 and "Demandes d'inscription" in text_of(landed.text)
    return session


def unique_surname() -> str:
    """A surname no other dossier has, so that the expected dossier is the only likely one."""
    return "Kervella" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6])


def unique_phone() -> str:
    digits = f"{uuid.uuid4().int % 10**8:08d}"
    return "06 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))


def test_attach_to_the_existing_dossier(add_dossier, staff):
    surname = unique_surname()
    number = add_dossier(("responsable", surname.upper(), "Camille", ""), ("responsable", surname.upper(), "Thomas", ""),
                         ("enfant", surname.upper(), "Léa", "12/03/2016"))
    family = signed_up_family(surname, "Camille")
    _, answer, _, _ = fill_family_info(family, [{"LastName": surname, "FirstName": "Léa", "BirthDate": "12/03/2016"}],
                                       phone=unique_phone(), address="3 allée des Tilleuls")
    assert answer.status_code in (302, 303) and answer.headers["Location"].startswith(PORTAIL_REDIRECT)
    received = maildev.wait_for_mail(family.email, "va être vérifié")
    assert RECEIVED in received[0].text.lower() and RECEIVED in received[0].subject and "<html" in received[0].html
    request_id = request_id_for(staff, family)
    page = staff.get(f"{BRIDGE}/review/demandes/{request_id}", timeout=10).text
    assert first_candidate(page) == number
    assert "même enfant" in text_of(page)
    done = decide(staff, request_id, "rattacher", dossier_number=number)
    assert done.status_code == 200 and "La décision est enregistrée" in text_of(done.text)
    complete = maildev.wait_for_mail(family.email, "terminée")
    assert number in complete[0].text and COMPLETE in complete[0].subject.lower()
    claims = token_after_sign_in(family)
    assert claims["dossier_status"] == "linked" and claims["dossier_number"] == number


def test_create_a_new_dossier(staff):
    surname = unique_surname()
    family = signed_up_family(surname, "Arta")
    fill_family_info(family, [{"LastName": surname, "FirstName": "Dren", "BirthDate": "03/04/2019"}], phone=unique_phone())
    request_id = request_id_for(staff, family)
    decide(staff, request_id, "creer")
    complete = maildev.wait_for_mail(family.email, "terminée")
    claims = token_after_sign_in(family)
    assert claims["dossier_status"] == "linked" and int(claims["dossier_number"]) > 500000
    assert claims["dossier_number"] in complete[0].text


def api_request(bridge_env, user_id: str, child_first_name: str = "Noé") -> int:
    answer = requests.post(
        f"{BRIDGE}/api/v1/family-requests",
        headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"},
        json={"keycloak_user_id": user_id, "idempotency_key": uuid.uuid4().hex,
              "account": {"last_name": "Concurrent", "first_name": user_id[-6:], "email": f"{user_id}@example.org"},
              "address": "1 place des Épars", "postal_code": "28000", "town": "Chartres", "phone": "0611223344",
              "second_parent": {}, "children": [{"last_name": "Concurrent", "first_name": child_first_name,
                                                  "birth_date": "01/02/2018", "school": ""}]},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_twenty_concurrent_decisions_allocate_twenty_distinct_numbers(bridge_env, staff):
    ids = [api_request(bridge_env, f"concurrent-{uuid.uuid4().hex[:12]}") for _ in range(20)]
    pages = {i: staff.get(f"{BRIDGE}/review/demandes/{i}", timeout=10).text for i in ids}
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def create(request_id: int) -> None:
        data = {"csrf_token": csrf_token(pages[request_id]), "version": request_version(pages[request_id])}
        barrier.wait()
        statuses.append(staff.post(f"{BRIDGE}/review/demandes/{request_id}/creer", data=data, timeout=60).status_code)

    threads = [threading.Thread(target=create, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    numbers = []
    for request_id in ids:
        page = staff.get(f"{BRIDGE}/review/demandes/{request_id}", timeout=10).text
        numbers += re.findall(r"nouveau dossier créé \(Dossier n° (\d+)\)", page)
    assert len(numbers) == 20 and len(set(numbers)) == 20


def new_agent(kc_admin) -> tuple[str, str]:
    """Another staff account with the agent-famille role; returns its username and id."""
    username = unique("agent")
    user_id = ensure_user(kc_admin, username, PASSWORD, email=f"{username}@ville-chartres.example", first_name="Agent",
                          last_name="Second", groups=(STAFF_GROUP,))
    return username, user_id


@pytest.fixture(scope="module")
def second_agent(kc_admin) -> tuple[str, requests.Session]:
    username, _ = new_agent(kc_admin)
    session, landed = review_session(username, PASSWORD)
    assert landed.status_code == 200 and "Demandes d'inscription" in text_of(landed.text)
    return username, session


def decision_form(session: requests.Session, request_id: int, action: str) -> dict[str, str]:
    """What the request page gives an agent to post `action` with (token and version of the page as shown)."""
    page = session.get(f"{BRIDGE}/review/demandes/{request_id}", timeout=10).text
    return {"csrf_token": csrf_token(page), "version": request_version(page), **DECISION_FIELDS[action]}


@pytest.mark.parametrize("first, second", [("creer", "precisions"), ("rattacher", "creer"), ("precisions", "rattacher")])
def test_two_agents_on_one_request_one_wins(bridge_env, staff, second_agent, first, second):
    """Both agents opened the request; their posts leave at the same moment (a barrier), several times over."""
    other_name, other = second_agent
    agents = {STAFF[0]: (staff, first), other_name: (other, second)}
    for round_ in range(3):
        request_id = api_request(bridge_env, f"race-{uuid.uuid4().hex[:12]}")
        forms = {name: decision_form(session, request_id, action) for name, (session, action) in agents.items()}
        barrier = threading.Barrier(len(agents))
        answers: dict[str, requests.Response] = {}

        def post(name: str) -> None:
            session, action = agents[name]
            barrier.wait()
            answers[name] = session.post(f"{BRIDGE}/review/demandes/{request_id}/{action}", data=forms[name], timeout=60)

        threads = [threading.Thread(target=post, args=(name,)) for name in agents]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(a.status_code for a in answers.values()) == [200, 409], (round_, {n: a.status_code for n, a in answers.items()})
        winner = next(name for name, answer in answers.items() if answer.status_code == 200)
        loser = next(name for name in answers if name != winner)
        assert RECORDED in text_of(answers[winner].text)
        assert CONFLICT in text_of(answers[loser].text)
        history = staff_pages.decision_history(staff.get(f"{BRIDGE}/review/demandes/{request_id}", timeout=10).text)
        assert len(history) == 1 and f"– {winner} –" in history[0], (round_, history)


def test_an_agent_whose_role_was_withdrawn_decides_nothing_even_from_a_page_left_open(bridge_env, kc_admin, staff):
    """The staff role is checked on each decision, after the form token: a valid token without the role gets 403."""
    username, user_id = new_agent(kc_admin)
    session, landed = review_session(username, PASSWORD)
    assert landed.status_code == 200
    request_id = api_request(bridge_env, f"withdrawn-{uuid.uuid4().hex[:12]}")
    forms = {action: decision_form(session, request_id, action) for action in DECISION_FIELDS}
    # Staff hold agent-famille through the agents-famille group: leaving it withdraws the role.
    group_id = kc_admin.get_group_by_path(f"/{STAFF_GROUP}")["id"]
    kc_admin.group_user_remove(user_id, group_id)
    # Signed in again in the same browser: the form token of the open page is still this browser's.
    staff_pages.sign_out(session)
    again = staff_pages.sign_in(session, username, PASSWORD)
    assert again.status_code == 403 and "réservée aux agents" in text_of(again.text)
    for action, form in forms.items():
        # Not following redirects: a decision's 303 would land on a page that is refused anyway.
        answer = session.post(f"{BRIDGE}/review/demandes/{request_id}/{action}", data=form, timeout=20,
                              allow_redirects=False)
        assert answer.status_code == 403, (action, answer.status_code, text_of(answer.text)[:200])
        assert "réservée aux agents" in text_of(answer.text) and "Concurrent" not in answer.text
    page = staff.get(f"{BRIDGE}/review/demandes/{request_id}", timeout=10).text
    assert staff_pages.decision_history(page) == []
    assert staff_pages.request_status(page) == "À vérifier"
    # The same form, once the role is given back, is accepted: what refused it was the role, not the token.
    kc_admin.group_user_add(user_id, group_id)
    staff_pages.sign_out(session)
    assert staff_pages.sign_in(session, username, PASSWORD).status_code == 200
    accepted = session.post(f"{BRIDGE}/review/demandes/{request_id}/creer", data=forms["creer"], timeout=20)
    assert accepted.status_code == 200 and RECORDED in text_of(accepted.text)


@pytest.mark.parametrize("case, fields, children, field, message", [
    ("no child", {}, [{}], "children", "au moins un enfant"),
    ("birth date in the future", {}, [{"LastName": "X", "FirstName": "Y", "BirthDate": "01/01/2099"}], "child0BirthDate", "futur"),
    ("bad postal code", {"postalCode": "2800"}, None, "postalCode", "code postal"),
    ("bad phone", {"phone": "12 34"}, None, "phone", "téléphone"),
    ("10 000-character name", {}, [{"LastName": "N" * 10_000, "FirstName": "Y", "BirthDate": "01/01/2018"}], "child0LastName", "trop long"),
])
def test_bad_family_data_gets_french_field_errors_and_nothing_is_stored(bridge_env, case, fields, children, field, message):
    family = signed_up_family("Durand", "Alice")
    children = children or [{"LastName": "Durand", "FirstName": "Zoé", "BirthDate": "02/02/2017"}]
    page, answer, _, _ = fill_family_info(family, children, **fields)
    shown = oidc.LoginPage(page.session, answer)
    assert answer.status_code == 200
    assert message in family_info.field_error(shown, field).lower()
    kept = family_info.form_values(shown)
    assert kept["address"] == "12 rue du Bourg" and kept["town"] == "Chartres"
    stored = requests.get(f"{BRIDGE}/api/v1/family-requests/by-account/{_user_id(family)}",
                          headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"}, timeout=10)
    assert stored.status_code == 404


def _user_id(family: Family) -> str:
    from devstack.bootstrap import admin_client
    from devstack.services import dev_environment

    return admin_client(dev_environment()).get_user_id(family.username)


def wait_for_failed_attempt(bridge_env, address: str, timeout: float = 30) -> OutboxMail:
    """The outbox row of the mail to `address`, once the worker has tried to send it and failed."""
    engine = make_engine(Settings.from_env(bridge_env).database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with make_session_factory(engine)() as session:
                mail = session.scalars(select(OutboxMail).where(OutboxMail.recipient == address)).one_or_none()
            if (mail is not None and mail.attempts >= 1) or time.monotonic() > deadline:
                assert mail is not None, f"no mail to {address} in the outbox"
                return mail
            time.sleep(0.5)
    finally:
        engine.dispose()


def test_smtp_down_then_up_each_mail_arrives_once(bridge_env, stack, stack_env):
    if "maildev" not in stack.started:
        pytest.skip("MailDev was not started by this test session, so the test will not stop it")
    user_id = f"smtp-{uuid.uuid4().hex[:12]}"
    process.stop("maildev")
    try:
        api_request(bridge_env, user_id)
        failed = wait_for_failed_attempt(bridge_env, f"{user_id}@example.org")
        assert failed.status == "pending" and failed.attempts >= 1 and failed.last_error
    finally:
        maildev_service = SERVICES["maildev"]
        process.wait_until(maildev_service.ready, "maildev", 30, maildev_service.start(stack_env))
    mails = maildev.wait_for_mail(f"{user_id}@example.org", "va être vérifié", timeout=60)
    time.sleep(5)  # later rounds of the worker must not send it again
    assert len(maildev.mail_to(f"{user_id}@example.org")) == len(mails) == 1


def test_a_family_account_gets_403_on_every_staff_page_and_api(bridge_env, kc_admin):
    from tests.support.users import make_family_user

    request_id = api_request(bridge_env, f"secret-{uuid.uuid4().hex[:12]}", child_first_name="Confidentiel")
    username, password, _ = make_family_user(kc_admin)
    session, landed = review_session(username, password)
    assert landed.status_code == 403 and "réservée aux agents" in text_of(landed.text)
    for method, path in [("GET", "/review/"), ("GET", f"/review/demandes/{request_id}"),
                         ("POST", f"/review/demandes/{request_id}/creer"), ("POST", f"/review/demandes/{request_id}/rattacher"),
                         ("POST", f"/review/demandes/{request_id}/precisions"),
                         ("GET", "/api/v1/review/requests"), ("GET", "/api/v1/review/duplicates")]:
        answer = session.request(method, f"{BRIDGE}{path}", timeout=10)
        # A POST without a form token is refused by CSRF protection first (400); with one, see
        # test_an_agent_whose_role_was_withdrawn_decides_nothing_even_from_a_page_left_open.
        assert answer.status_code == 403 if method == "GET" else answer.status_code in (400, 403), (path, answer.status_code)
        assert "Confidentiel" not in answer.text and "Concurrent" not in answer.text


def test_a_child_named_like_a_script_is_shown_as_text(bridge_env, staff):
    request_id = api_request(bridge_env, f"xss-{uuid.uuid4().hex[:12]}", child_first_name="<script>alert(1)</script>")
    page = staff.get(f"{BRIDGE}/review/demandes/{request_id}", timeout=10).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_asking_for_details_reaches_the_family_and_its_answer_returns_to_the_queue(staff):
    family = signed_up_family("Moreau", "Inès")
    fill_family_info(family, [{"LastName": "Moreau", "FirstName": "Lina", "BirthDate": "05/05/2018"}])
    request_id = request_id_for(staff, family)
    question = "Merci de préciser l'école de Lina."
    decide(staff, request_id, "precisions", message=question)
    asked = maildev.wait_for_mail(family.email, "précisions")
    assert question in asked[0].text
    time.sleep(2)  # the Keycloak update is applied at once, or by the worker
    page, _, _ = family_info.sign_in(family)
    assert question in page.soup.get_text(" ", strip=True)
    values = family_info.form_values(page)
    assert values["child0FirstName"] == "Lina"
    answer = family_info.submit(page, {"child0School": "École Jules Ferry"})
    assert answer.status_code in (302, 303)
    queue = staff.get(f"{BRIDGE}/api/v1/review/requests", params={"q": family.email}, timeout=10).json()
    assert queue["requests"][0]["status"] == "pending_review"
    assert queue["requests"][0]["family"]["children"][0]["school"] == "École Jules Ferry"
