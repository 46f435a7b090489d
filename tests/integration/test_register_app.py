"""`dossier-bridge register-app` against the real Keycloak: an app it registers signs families in, exactly as registered.

The command runs as an operator would: a personal account of the portal's
realm holding only realm-management's manage-clients and view-clients.
"""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
import requests

from devstack.bootstrap import ensure_user
from devstack.paths import ROOT, VENV_BIN
from tests.support import oidc
from tests.support.saml_sp import Running, post_form
from tests.support.users import PASSWORD, make_family_user, unique

APP = "http://localhost:5199"


@pytest.fixture(scope="module")
def operator_env(kc_admin, bridge_env) -> dict[str, str]:
    username = unique("operateur")
    user_id = ensure_user(kc_admin, username, PASSWORD, email=f"{username}@ville-chartres.example",
                          first_name="Opérateur", last_name="Informatique")
    realm_management = kc_admin.get_client_id("realm-management")
    roles = [kc_admin.get_client_role(realm_management, name) for name in ("manage-clients", "view-clients")]
    kc_admin.assign_client_role(user_id, realm_management, roles)
    return {**bridge_env, "KEYCLOAK_OPERATOR_USERNAME": username, "KEYCLOAK_OPERATOR_PASSWORD": PASSWORD,
            "KEYCLOAK_OPERATOR_REALM": "portail-famille"}


def register_app(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "dossier-bridge"), "register-app", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def secret_of(output: str) -> str:
    found = re.search(r"client secret \(shown once[^)]*\): (\S+)", output)
    assert found, output
    return found.group(1)


def family(kc_admin) -> tuple[str, str]:
    username, password, _ = make_family_user(kc_admin, attributes={"dossierNumber": ["104233"],
                                                                   "dossierStatus": ["linked"]})
    return username, password


def sign_in(client_id: str, secret: str, redirect: str, username: str, password: str, scope: str) -> dict:
    page, verifier, state = oidc.open_login(client_id, redirect, scope=scope)
    code = oidc.code_from_redirect(oidc.submit_login(page, username, password), redirect, state)
    return oidc.exchange_code(client_id, redirect, code, verifier, secret)


def test_a_registered_app_signs_a_family_in_twice_registered_is_once_and_other_uris_are_refused(kc_admin, operator_env):
    name = f"essai-{uuid.uuid4().hex[:8]}"
    redirect = f"{APP}/{name}/auth/callback"
    args = (name, "--redirect-uri", redirect, "--logout-url", f"http://127.0.0.1:5199/{name}/backchannel-logout")
    dry = register_app(operator_env, *args, "--dry-run")
    assert dry.returncode == 0 and "would create" in dry.stdout, dry.stderr
    assert kc_admin.get_client_id(name) is None

    first = register_app(operator_env, *args)
    assert first.returncode == 0, first.stderr
    secret = secret_of(first.stdout)
    client_uuid = kc_admin.get_client_id(name)
    registered = kc_admin.get_client(client_uuid)
    assert registered["redirectUris"] == [redirect]
    assert registered["attributes"]["pkce.code.challenge.method"] == "S256"
    assert registered["attributes"]["backchannel.logout.url"].endswith(f"/{name}/backchannel-logout")

    again = register_app(operator_env, *args)
    assert again.returncode == 0 and "unchanged" in again.stdout and secret not in again.stdout, again.stderr
    assert [c["id"] for c in kc_admin.get_clients() if c["clientId"] == name] == [client_uuid]
    assert kc_admin.get_client(client_uuid) == registered

    username, password = family(kc_admin)
    tokens = sign_in(name, secret, redirect, username, password, "openid dossier")
    claims = oidc.validate_token(tokens["id_token"], audience=name)
    assert claims["dossier_number"] == "104233" and claims["dossier_status"] == "linked"
    assert "sid" in claims  # what its back-channel logout will name

    for elsewhere in (f"{APP}/{name}/auth/callback/x", f"{APP}/{name}/auth/callbac", f"{APP}/", "http://evil.example/"):
        answer = requests.get(f"{oidc.ISSUER}/protocol/openid-connect/auth", timeout=10, allow_redirects=False,
                              params={"client_id": name, "redirect_uri": elsewhere, "response_type": "code",
                                      "scope": "openid", "code_challenge": "x" * 43, "code_challenge_method": "S256"})
        assert answer.status_code == 400 and "kc-form-login" not in answer.text, (elsewhere, answer.status_code)
        assert "Location" not in answer.headers


def test_an_app_registered_without_the_dossier_scope_gets_no_dossier_claim(kc_admin, operator_env):
    name = f"sans-dossier-{uuid.uuid4().hex[:8]}"
    redirect = f"{APP}/{name}/auth/callback"
    result = register_app(operator_env, name, "--redirect-uri", redirect, "--no-dossier")
    assert result.returncode == 0, result.stderr
    secret = secret_of(result.stdout)
    username, password = family(kc_admin)
    tokens = sign_in(name, secret, redirect, username, password, "openid profile")
    for token in (tokens["id_token"], tokens["access_token"]):
        claims = oidc.validate_token(token)
        assert "dossier_number" not in claims and "dossier_status" not in claims and "email" not in claims
        assert claims.get("given_name") == "Camille" or token == tokens["access_token"]
    # Asking for it anyway is refused by Keycloak: the scope is not the app's.
    page = oidc.browser_like_session().get(
        f"{oidc.ISSUER}/protocol/openid-connect/auth", allow_redirects=False, timeout=10,
        params={"client_id": name, "redirect_uri": redirect, "response_type": "code", "scope": "openid dossier",
                "code_challenge": "x" * 43, "code_challenge_method": "S256"})
    assert page.status_code == 302 and "error=invalid_scope" in page.headers["Location"]


def test_the_command_explains_bad_credentials_without_a_traceback(operator_env):
    env = {**operator_env, "KEYCLOAK_OPERATOR_PASSWORD": "not-the-password"}
    result = register_app(env, "essai-refus", "--redirect-uri", f"{APP}/cb")
    assert result.returncode == 1 and "refused the operator's user name or password" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_saml_service_provider_receives_the_dossier_number(kc_admin, operator_env, tmp_path):
    provider = Running(tmp_path)
    sp = provider.sp
    try:
        args = (f"logiciel-{uuid.uuid4().hex[:8]}", "--saml", "--entity-id", sp.entity_id,
                "--redirect-uri", sp.acs_url, "--sp-certificate", str(sp.cert_file))
        result = register_app(operator_env, *args)
        assert result.returncode == 0 and "protocol/saml/descriptor" in result.stdout, result.stderr
        again = register_app(operator_env, *args)
        assert again.returncode == 0 and "unchanged" in again.stdout, again.stdout + again.stderr
        provider.start()
        username, password = family(kc_admin)
        browser = oidc.browser_like_session()
        login = browser.get(f"{sp.base_url}/login", timeout=15)
        assert "kc-form-login" in login.text, login.url
        answer = browser.post(oidc.LoginPage(browser, login).form_action("kc-form-login"),
                              data={"username": username, "password": password}, timeout=15)
        landed = post_form(browser, answer)
        assert landed.status_code == 200, landed.text[:500]
        assert 'id="dossier_number">104233<' in landed.text and 'id="dossier_status">linked<' in landed.text
        assert "email" not in landed.text and "Role" not in landed.text
    finally:
        provider.stop()
