"""Realm hardening seen from outside: exact redirect URIs, short reset links, locked accounts, concurrent sign-ins."""

from __future__ import annotations

import threading

import pytest
import requests

from tests.support import oidc
from tests.support.users import make_family_user, unique

REDIRECT = "http://localhost:5000/famille/retour"
OUR_CLIENTS = ("dossier-bridge", "dossier-bridge-ui", "portail", "ecole-des-sports")


def test_our_clients_register_exact_redirect_uris(kc_admin):
    clients = {c["clientId"]: c for c in kc_admin.get_clients()}
    for client_id in OUR_CLIENTS:
        client = clients[client_id]
        uris = [*client.get("redirectUris", []), *client.get("attributes", {}).get("post.logout.redirect.uris", "").split("##")]
        assert not [u for u in uris if "*" in u], f"{client_id} has a wildcard redirect URI: {uris}"


@pytest.mark.parametrize("redirect", [
    "http://localhost:5000/famille/evil", "http://localhost:5000/famille/retour/../../review", "http://localhost:5000/",
])
def test_keycloak_refuses_a_redirect_outside_the_registered_one(redirect):
    answer = requests.get(f"{oidc.ISSUER}/protocol/openid-connect/auth", params={
        "client_id": "portail", "redirect_uri": redirect, "response_type": "code", "scope": "openid",
        "code_challenge": "x" * 43, "code_challenge_method": "S256",
    }, timeout=10, allow_redirects=False)
    assert answer.status_code == 400 and "redirect_uri" in answer.text


def test_a_password_reset_link_lives_half_an_hour(kc_admin):
    realm = kc_admin.get_realm("portail-famille")
    assert realm["actionTokenGeneratedByUserLifespan"] <= 1800
    overrides = realm.get("attributes", {})
    assert int(overrides["actionTokenGeneratedByUserLifespan.reset-credentials"]) <= 1800


def _login_error(username: str, password: str) -> str:
    page, _, _ = oidc.open_login("portail", REDIRECT)
    answer = oidc.submit_login(page, username, password)
    assert answer.status_code == 200, "the sign-in was expected to be refused"
    shown = oidc.LoginPage(page.session, answer).soup.find(id="input-error-username")
    assert shown is not None
    return shown.get_text(" ", strip=True)


def test_a_locked_account_answers_like_an_unknown_user(kc_admin):
    username, password, _ = make_family_user(kc_admin, prefix="verrou")
    for _ in range(5):
        _login_error(username, "not-the-password")
    locked = _login_error(username, password)  # the right password, on a locked account
    unknown = _login_error(unique("personne"), password)
    assert locked == unknown == "Nom d'utilisateur ou mot de passe incorrect."


def test_five_wrong_passwords_still_lock_the_account(kc_admin):
    username, password, user_id = make_family_user(kc_admin, prefix="verrou")
    for _ in range(5):
        _login_error(username, "not-the-password")
    status = kc_admin.connection.raw_get(f"admin/realms/portail-famille/attack-detection/brute-force/users/{user_id}").json()
    assert status["disabled"] is True
    _login_error(username, password)


def test_two_sign_ins_of_one_account_at_the_same_moment_both_succeed(kc_admin):
    """Two parents sharing an account on two devices, or a double click: 20 rounds, 40 sign-ins."""
    username, password, _ = make_family_user(kc_admin, prefix="parents")
    failures: list[str] = []
    for _ in range(20):
        pages = [oidc.open_login("portail", REDIRECT) for _ in range(2)]
        barrier = threading.Barrier(2)

        def sign_in(page, state):
            barrier.wait()
            answer = oidc.submit_login(page, username, password)
            if answer.status_code not in (302, 303):
                failures.append(f"{answer.status_code}")

        threads = [threading.Thread(target=sign_in, args=(page, state)) for page, _, state in pages]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []


class ServiceAccount:
    """The admin API as the bridge's own service account sees it (client credentials)."""

    def __init__(self, secret: str):
        token = requests.post(f"{oidc.ISSUER}/protocol/openid-connect/token", data={
            "grant_type": "client_credentials", "client_id": "dossier-bridge", "client_secret": secret,
        }, timeout=10).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}
        self.users = f"{oidc.KEYCLOAK_URL}/admin/realms/{oidc.REALM}/users"

    def get(self, path: str) -> requests.Response:
        return requests.get(f"{self.users}/{path}", headers=self.headers, timeout=10)

    def put(self, path: str, body) -> requests.Response:
        return requests.put(f"{self.users}/{path}", headers=self.headers, json=body, timeout=10)

    def post(self, path: str, body=None) -> requests.Response:
        return requests.post(f"{self.users}/{path}", headers=self.headers, json=body, timeout=10)


@pytest.fixture
def bridge_account(bridge_env):
    return ServiceAccount(bridge_env["BRIDGE_CLIENT_SECRET"])


@pytest.fixture
def staff_member(kc_admin):
    from devstack.bootstrap import STAFF_GROUP, ensure_user
    username = unique("agent")
    return ensure_user(kc_admin, username, "Agent-Test-2026!xx", email=f"{username}@ville.example",
                       first_name="Agent", last_name="Test", groups=(STAFF_GROUP,))


def test_the_bridge_account_writes_a_family_accounts_dossier_attributes(kc_admin, bridge_account):
    _, _, family = make_family_user(kc_admin, prefix="famille-sa")
    user = bridge_account.get(family).json()
    user["attributes"] = {**user.get("attributes", {}), "dossierNumber": ["104233"], "dossierStatus": ["linked"]}
    assert bridge_account.put(family, user).status_code == 204
    assert kc_admin.get_user(family)["attributes"]["dossierStatus"] == ["linked"]


def test_the_bridge_account_cannot_grant_a_realm_role(kc_admin, bridge_account):
    _, _, family = make_family_user(kc_admin, prefix="famille-sa")
    role = kc_admin.get_realm_role("agent-famille")
    assert bridge_account.post(f"{family}/role-mappings/realm", [role]).status_code == 403
    group = kc_admin.get_group_by_path("/agents-famille")
    assert bridge_account.put(f"{family}/groups/{group['id']}", None).status_code == 403
    assert "agent-famille" not in {r["name"] for r in kc_admin.get_composite_realm_roles_of_user(family)}


def test_the_bridge_account_cannot_touch_a_staff_account(kc_admin, bridge_account, staff_member):
    assert bridge_account.get(staff_member).status_code == 403
    user = kc_admin.get_user(staff_member)
    assert bridge_account.put(staff_member, {**user, "email": "someone.else@example.org"}).status_code == 403
    assert bridge_account.put(f"{staff_member}/reset-password",
                              {"type": "password", "value": "Pirate-2026!xyzw", "temporary": False}).status_code == 403
    assert bridge_account.post(f"{staff_member}/impersonation").status_code == 403
    assert kc_admin.get_user(staff_member)["email"] == user["email"]
