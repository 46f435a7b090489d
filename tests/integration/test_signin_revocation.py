"""Keycloak's word ends a bridge sign-in: staff sign-out, a removed role, a disabled account, an administrator's sign-out.

The test stack asks Keycloak every BRIDGE_SESSION_REVALIDATE_SECONDS (2 s
here, 300 s by default); an administrator's sign-out reaches the bridge at
once through Keycloak's back-channel logout.
"""

from __future__ import annotations

import time
from typing import Callable

import pytest
import requests

from devstack.bootstrap import STAFF_GROUP
from tests.support import oidc
from tests.support.city_apps import FAMILY_SPACE, asks_to_sign_in
from tests.support.staff import BRIDGE, review_session, text_of
from tests.support.users import PASSWORD, make_family_user, make_staff_user

REVIEW = f"{BRIDGE}/review/"


@pytest.fixture
def patience(bridge_env) -> float:
    """How long the bridge may take to hear Keycloak's verdict: one re-validation interval, plus slack."""
    return int(bridge_env.get("BRIDGE_SESSION_REVALIDATE_SECONDS", "300")) + 30


def eventually(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return check()


def sent_to_sign_in(session: requests.Session, url: str = REVIEW, sign_in_path: str = "/review/connexion") -> bool:
    answer = session.get(url, allow_redirects=False, timeout=15)
    return answer.status_code == 302 and answer.headers["Location"].endswith(sign_in_path)


@pytest.fixture
def agent(kc_admin) -> tuple[str, requests.Session]:
    """A member of staff signed in to the review screens; (Keycloak user id, browser)."""
    username, password, user_id = make_staff_user(kc_admin)
    session, landed = review_session(username, password)
    assert landed.status_code == 200 and landed.url.startswith(REVIEW)
    return user_id, session


def test_a_staff_member_whose_role_is_removed_in_keycloak_loses_access(kc_admin, agent, patience):
    user_id, session = agent
    # Staff hold `agent-famille` through the agents-famille group: leaving it withdraws the role.
    kc_admin.group_user_remove(user_id, kc_admin.get_group_by_path(f"/{STAFF_GROUP}")["id"])
    assert eventually(lambda: session.get(REVIEW, timeout=15).status_code == 403, patience)
    page = session.get(REVIEW, timeout=15)
    assert "réservée aux agents" in text_of(page.text) and "Demandes d'inscription" not in page.text
    assert session.get(f"{BRIDGE}/api/v1/review/requests", timeout=15).status_code == 403


def test_a_disabled_staff_account_loses_access(kc_admin, agent, patience):
    user_id, session = agent
    kc_admin.update_user(user_id, {"enabled": False})
    assert eventually(lambda: sent_to_sign_in(session), patience)
    assert session.get(f"{BRIDGE}/api/v1/review/requests", timeout=15).status_code == 401


def test_an_administrators_sign_out_in_keycloak_ends_the_review_session_at_once(kc_admin, agent):
    user_id, session = agent
    kc_admin.user_logout(user_id)  # Keycloak sends its back-channel logout before answering
    assert sent_to_sign_in(session)


def test_signing_out_of_the_review_screens_ends_the_keycloak_session(agent):
    _, session = agent
    session.get(f"{BRIDGE}/review/deconnexion", timeout=15)
    assert asks_to_sign_in(session.get(REVIEW, timeout=15))


def test_an_administrators_sign_out_ends_the_family_space(kc_admin):
    username, password, user_id = make_family_user(kc_admin, attributes={"dossierNumber": ["104233"],
                                                                         "dossierStatus": ["linked"]})
    browser = oidc.browser_like_session()
    login = browser.get(FAMILY_SPACE, timeout=15)
    landed = browser.post(oidc.LoginPage(browser, login).form_action("kc-form-login"),
                          data={"username": username, "password": password}, timeout=15)
    assert landed.url == FAMILY_SPACE
    kc_admin.user_logout(user_id)
    assert sent_to_sign_in(browser, FAMILY_SPACE, "/famille/connexion")
