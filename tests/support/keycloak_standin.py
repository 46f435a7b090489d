"""A stand-in for Keycloak's discovery document, realm keys and token endpoint (unit tests only).

It answers as Keycloak 26 does: the public issuer in the discovery document,
RS256 tokens with the realm key's `kid`, ``invalid_grant`` for a refresh once
the session has ended, logout tokens shaped like ``DefaultTokenManager``'s.
"""

from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass

import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
KEYCLOAK = "http://kc.test"
ISSUER = "http://localhost:8080/realms/portail-famille"  # the public issuer, as the discovery document says
ENDPOINTS = f"{KEYCLOAK}/realms/portail-famille/protocol/openid-connect"


@dataclass
class Answer:
    status_code: int
    body: dict

    def json(self) -> dict:
        return self.body

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise requests.HTTPError(str(self.status_code))


@functools.cache
def _realm_key() -> RSAKey:
    # One key for the whole run: a 2048-bit key takes tens of milliseconds to make, and no test
    # needs two stand-ins with different keys (those that need a foreign key make their own).
    return RSAKey.generate_key(2048, parameters={"kid": "realm-key", "alg": "RS256", "use": "sig"}, private=True)


class StandInKeycloak:
    """The discovery document, the realm's keys and the refresh grant, as Keycloak answers them."""

    def __init__(self):
        self.key = _realm_key()
        self.roles = ["agent-famille"]
        self.dossier_status = "linked"
        self.session_ended = False
        self.down = False
        self.refreshes = 0
        self.subject = "sub-agent.test"

    def metadata(self) -> dict:
        return {"issuer": ISSUER, "jwks_uri": f"{ENDPOINTS}/certs", "token_endpoint": f"{ENDPOINTS}/token",
                "authorization_endpoint": f"{ENDPOINTS}/auth", "end_session_endpoint": f"{ENDPOINTS}/logout"}

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False)]}

    def get(self, url, timeout=None):
        if self.down:
            raise requests.ConnectionError("connection refused")
        if url.endswith("/.well-known/openid-configuration"):
            return Answer(200, self.metadata())
        if url.endswith("/certs"):
            return Answer(200, self.jwks())
        return Answer(404, {})

    def post(self, url, data=None, timeout=None):
        if self.down:
            raise requests.ConnectionError("connection refused")
        assert url.endswith("/token") and data["grant_type"] == "refresh_token"
        self.refreshes += 1
        if self.session_ended:
            return Answer(400, {"error": "invalid_grant", "error_description": "Session not active"})
        claims = {"sub": self.subject, "aud": data["client_id"], "preferred_username": "agent.test",
                  "realm_roles": list(self.roles), "dossier_number": "104233", "dossier_status": self.dossier_status}
        return Answer(200, {"access_token": "a", "refresh_token": f"rotated-{self.refreshes}",
                            "id_token": self.sign(claims)})

    def sign(self, claims: dict, header: dict | None = None, key: RSAKey | None = None) -> str:
        now = int(time.time())
        body = {"iss": ISSUER, "iat": now, "exp": now + 120, **claims}
        return jwt.encode({"alg": "RS256", "kid": "realm-key", **(header or {})}, body, key or self.key)

    def logout_token(self, audience: str, sid: str | None, **changes) -> str:
        claims = {"aud": audience, "sub": self.subject, "sid": sid, "jti": str(uuid.uuid4()), "typ": "Logout",
                  "events": {BACKCHANNEL_LOGOUT_EVENT: {}}}
        claims.update(changes)
        return self.sign({k: v for k, v in claims.items() if v is not None}, {"typ": "logout+jwt"})
