"""Two Keycloak nodes form one cluster: a session started on one lives on through the other."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from prodstack import layout, proxy, stack
from tests.prod.site import wait_for
from tests.support import oidc
from tests.support.users import make_family_user

# "ISPN000094: Received new cluster view for channel ISPN: [node-a|3] (2) [node-a, node-b]"
_VIEW = re.compile(r"ISPN000094: .*?\|\d+\] \((\d+)\)")
TOKEN_PATH = "/realms/portail-famille/protocol/openid-connect/token"


def pinned_session(site, node: str) -> requests.Session:
    """A browser whose requests the proxy sends to one node (its affinity cookie)."""
    session = oidc.browser_like_session()
    session.cookies.set("KC_ROUTE", node, domain="localhost", path="/")
    return session


def authorize(site, session: requests.Session, **extra) -> tuple[requests.Response, str, str]:
    verifier, state = generate_token(64), secrets.token_urlsafe(16)
    answer = session.get(f"{site.keycloak}/realms/portail-famille/protocol/openid-connect/auth", params={
        "client_id": "portail", "redirect_uri": site.family_entry, "response_type": "code", "scope": "openid",
        "state": state, "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256",
        **extra}, allow_redirects=False, timeout=15)
    return answer, verifier, state


def code_of(answer: requests.Response) -> str:
    assert answer.status_code in (302, 303), answer.text[:300]
    return parse_qs(urlparse(answer.headers["Location"]).query)["code"][0]


def token_call(base: str, **data: str) -> requests.Response:
    return requests.post(f"{base}{TOKEN_PATH}", data={"client_id": "portail", **data}, timeout=15)


def sign_in_on(site, node: str, username: str, password: str) -> tuple[requests.Session, dict]:
    session = pinned_session(site, node)
    page, verifier, state = authorize(site, session)
    login = oidc.LoginPage(session, page)
    answer = oidc.submit_login(login, username, password)
    node_url = site.urls[f"KEYCLOAK_NODE_{node[-1]}_URL"]
    tokens = token_call(node_url, grant_type="authorization_code", code=code_of(answer), code_verifier=verifier,
                        redirect_uri=site.family_entry)
    assert tokens.status_code == 200, tokens.text
    return session, tokens.json()


def cluster_members_since(offset: int) -> list[int]:
    """Sizes of the cluster views that node 1 logged after `offset`."""
    log = (layout.PLACE.logs / "keycloak-1.log").read_bytes()[offset:].decode(errors="replace")
    return [int(size) for size in _VIEW.findall(log)]


@pytest.fixture
def family(site):
    username, password, _ = make_family_user(site.admin(), "cluster")
    return username, password


def test_a_session_from_node_1_survives_node_1(site, family):
    node1, node2 = site.urls["KEYCLOAK_NODE_1_URL"], site.urls["KEYCLOAK_NODE_2_URL"]
    session, tokens = sign_in_on(site, "kc1", *family)

    refreshed = token_call(node2, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refreshed.status_code == 200, refreshed.text

    offset = (layout.PLACE.logs / "keycloak-1.log").stat().st_size
    stack.stop_service("keycloak-1")
    try:
        wait_for(lambda: proxy.server_states().get("keycloak/kc1") == "DOWN", 30, "the proxy to see node 1 down")
        # Still signed in: the same browser gets a code without the login form, and the refresh token works.
        again, verifier, _ = authorize(site, session)
        code = code_of(again)
        assert token_call(site.keycloak, grant_type="authorization_code", code=code, code_verifier=verifier,
                          redirect_uri=site.family_entry).status_code == 200
        refreshed = token_call(site.keycloak, grant_type="refresh_token",
                               refresh_token=refreshed.json()["refresh_token"])
        assert refreshed.status_code == 200, refreshed.text
    finally:
        stack.start_service("keycloak-1")

    wait_for(lambda: 2 in cluster_members_since(offset), 120, "node 1 to rejoin a two-node cluster view")
    wait_for(lambda: proxy.server_states().get("keycloak/kc1") == "UP", 60, "the proxy to see node 1 up")
    # Node 1 knows the session that node 2 kept alive.
    back = token_call(node1, grant_type="refresh_token", refresh_token=refreshed.json()["refresh_token"])
    assert back.status_code == 200, back.text
