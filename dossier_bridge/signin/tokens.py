"""What the bridge asks Keycloak about a browser sign-in: a refresh, and whether a logout token is genuine.

Keycloak is reached at its internal address (``KEYCLOAK_URL``); the issuer
the tokens carry is the public one, read from the discovery document. Tokens
are checked with joserfc against the realm's published keys, which are fetched
again when a token names a key the bridge has not seen (key rotation), at most
once a minute.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import requests
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# Keycloak signs with RS256 unless the realm is told otherwise.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256")
LEEWAY_SECONDS = 30
_KEYS_REFETCH_SECONDS = 60
_TIMEOUT = 10


class KeycloakUnavailable(RuntimeError):
    """Keycloak did not answer, or answered something unusable: nothing can be concluded."""


class InvalidToken(ValueError):
    """A token that must be refused (an English reason, for the log and the answer)."""


@dataclass(frozen=True)
class ClientCredentials:
    client_id: str
    secret: str | None  # None for a public client (`portail`)


@dataclass(frozen=True)
class Refreshed:
    """A successful refresh: the user's current claims, from the new ID token."""

    claims: Mapping[str, Any]
    refresh_token: str | None
    id_token: str | None


@dataclass(frozen=True)
class LogoutRequest:
    client_id: str
    sid: str | None
    sub: str | None
    jti: str
    expires_at: int


class KeycloakTokens:
    def __init__(self, keycloak_url: str, realm: str, http: requests.Session | None = None,
                 clock: Callable[[], float] = time.time):
        self._discovery_url = f"{keycloak_url}/realms/{realm}/.well-known/openid-configuration"
        self._http = http or requests.Session()
        self._clock = clock
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._keys_fetched_at = 0.0

    # -- what Keycloak publishes -------------------------------------------------

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            answer = self._http.get(url, timeout=_TIMEOUT)
            answer.raise_for_status()
            return answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise KeycloakUnavailable(f"GET {url}: {exc}") from exc

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                self._metadata = self._get_json(self._discovery_url)
            return self._metadata

    def _key_set(self, kid: str | None) -> KeySet:
        """The realm's keys, fetched again when `kid` is unknown (not more than once a minute)."""
        jwks_uri = self.metadata()["jwks_uri"]
        with self._lock:
            known = self._keys is not None and (kid is None or any(k.kid == kid for k in self._keys.keys))
            stale = self._clock() - self._keys_fetched_at >= _KEYS_REFETCH_SECONDS
            if self._keys is None or (not known and stale):
                self._keys = KeySet.import_key_set(self._get_json(jwks_uri))
                self._keys_fetched_at = self._clock()
            return self._keys

    def _decode(self, token: str, audience: str, essential: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Signature, issuer, audience and times of a Keycloak token; (header, claims)."""
        try:
            decoded = jwt.decode(token, lambda guest: self._key_set(guest.headers().get("kid")), algorithms=ALGORITHMS)
            registry = JWTClaimsRegistry(
                now=int(self._clock()), leeway=LEEWAY_SECONDS,
                iss={"essential": True, "value": self.metadata()["issuer"]},
                aud={"essential": True, "value": audience},
                **essential,
            )
            registry.validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise InvalidToken(f"{type(exc).__name__}: {exc}") from exc
        return dict(decoded.header), dict(decoded.claims)

    # -- refresh: is the sign-in still good, and with which roles and claims? ----

    def refresh(self, client: ClientCredentials, refresh_token: str) -> Refreshed | None:
        """The user's current claims, or None when Keycloak says the sign-in is over.

        Keycloak refuses the refresh (``invalid_grant``) when the user session
        ended, the account is disabled or deleted, or the client session timed
        out; a role removed since sign-in is simply missing from the new tokens.
        """
        data = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client.client_id}
        if client.secret:
            data["client_secret"] = client.secret
        try:
            answer = self._http.post(self.metadata()["token_endpoint"], data=data, timeout=_TIMEOUT)
        except requests.RequestException as exc:
            raise KeycloakUnavailable(f"token endpoint: {exc}") from exc
        body = _json_or_empty(answer)
        if answer.status_code == 400 and body.get("error") == "invalid_grant":
            return None
        if answer.status_code != 200 or "id_token" not in body:
            raise KeycloakUnavailable(f"token endpoint answered {answer.status_code} {body.get('error', '')}".strip())
        try:
            _, claims = self._decode(body["id_token"], client.client_id, {"sub": {"essential": True}})
        except InvalidToken as exc:
            raise KeycloakUnavailable(f"refreshed ID token refused: {exc}") from exc
        return Refreshed(claims, body.get("refresh_token") or refresh_token, body["id_token"])

    # -- back-channel logout (OpenID Connect Back-Channel Logout 1.0, 2.6) --------

    def logout_request(self, token: str, audiences: Mapping[str, object]) -> LogoutRequest:
        """The validated logout token sent by Keycloak for one of `audiences` (client ids)."""
        client_id = _audience(token, audiences)
        header, claims = self._decode(token, client_id, {"iat": {"essential": True}, "jti": {"essential": True},
                                                         "exp": {"essential": True}})
        if header.get("typ") not in (None, "JWT", "logout+jwt"):
            raise InvalidToken(f"unexpected token type {header.get('typ')!r}")
        events = claims.get("events")
        if not isinstance(events, dict) or BACKCHANNEL_LOGOUT_EVENT not in events:
            raise InvalidToken("no back-channel logout event")
        if "nonce" in claims:
            raise InvalidToken("a logout token carries no nonce")
        sid, sub = claims.get("sid"), claims.get("sub")
        if not (isinstance(sid, str) and sid) and not (isinstance(sub, str) and sub):
            raise InvalidToken("neither sid nor sub")
        return LogoutRequest(client_id, sid if isinstance(sid, str) else None, sub if isinstance(sub, str) else None,
                             str(claims["jti"]), int(claims["exp"]))


def _audience(token: str, audiences: Mapping[str, object]) -> str:
    """Which of our clients the token names (read before the signature check, only to pick the audience to check)."""
    try:
        claims = json.loads(jws.extract_compact(token.encode("ascii")).payload)
    except (JoseError, ValueError, UnicodeError) as exc:
        raise InvalidToken(f"not a signed JWT: {exc}") from exc
    aud = claims.get("aud") if isinstance(claims, dict) else None
    named = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    ours = {a for a in named if isinstance(a, str) and a in audiences}
    if len(ours) != 1:
        raise InvalidToken("the token is not addressed to exactly one of the bridge's clients")
    return ours.pop()


def _json_or_empty(answer: requests.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
