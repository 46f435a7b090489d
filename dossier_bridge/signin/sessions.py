"""Browser sign-ins kept on the server, so that Keycloak's word ends them.

A sign-in ends when the person signs out; when Keycloak's back-channel
logout names its Keycloak session (a sign-out from another city app, an
administrator's "sign out"); when a periodic refresh is refused (the session
ended in Keycloak, the account was disabled or deleted); after the idle
time; and, whatever happens, at its absolute lifetime. Each re-validation
also copies the user's current roles and dossier claims: a role removed in
Keycloak is gone from the bridge at the next re-validation.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from cryptography.fernet import Fernet, InvalidToken as UndecryptableToken
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dossier_bridge.config import Settings
from dossier_bridge.keycloak_attributes import DOSSIER_NUMBER_CLAIM, DOSSIER_STATUS_CLAIM, STAFF_ROLES_CLAIM
from dossier_bridge.models import LogoutTokenUse, SignInClient, SignInSession
from dossier_bridge.signin.tokens import ClientCredentials, InvalidToken, KeycloakTokens

log = logging.getLogger(__name__)

# Seen-at is written at most this often: idle time is counted in minutes, not per request.
_SEEN_PRECISION = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class SessionPolicy:
    idle: dt.timedelta
    lifetime: dt.timedelta
    revalidate: dt.timedelta


def session_policy(settings: Settings) -> SessionPolicy:
    return SessionPolicy(
        idle=dt.timedelta(seconds=settings.session_idle_seconds),
        lifetime=dt.timedelta(seconds=settings.session_max_seconds),
        revalidate=dt.timedelta(seconds=settings.session_revalidate_seconds),
    )


@dataclass(frozen=True)
class SignedIn:
    ref: str
    client: SignInClient
    subject: str
    profile: Mapping[str, Any]
    id_token: str | None


def profile_of(client: SignInClient, claims: Mapping[str, Any]) -> dict[str, Any]:
    """What the pages of `client` show, from ID token claims (nothing else is kept)."""
    if client is SignInClient.STAFF:
        username = claims.get("preferred_username", "")
        return {"username": username, "name": claims.get("name") or username,
                "roles": [r for r in claims.get(STAFF_ROLES_CLAIM) or [] if isinstance(r, str)]}
    return {
        "first_name": claims.get("given_name", ""),
        "last_name": claims.get("family_name", ""),
        "email": claims.get("email", ""),
        "dossier_number": claims.get(DOSSIER_NUMBER_CLAIM),
        "dossier_status": claims.get(DOSSIER_STATUS_CLAIM),
    }


class TokenCipher:
    """Refresh tokens are stored encrypted: a copy of the database alone cannot resume a sign-in."""

    def __init__(self, secret: bytes):
        key = hashlib.sha256(b"dossier-bridge refresh tokens\0" + secret).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, value: str | None) -> str | None:
        return None if value is None else self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except UndecryptableToken:
            return None  # sealed under another session secret: the sign-in cannot be resumed


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every stored moment is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


class SignInSessions:
    def __init__(self, policy: SessionPolicy, tokens: KeycloakTokens, cipher: TokenCipher,
                 clients: Mapping[SignInClient, ClientCredentials], clock: Callable[[], dt.datetime] = utc_now):
        self.policy = policy
        self.tokens = tokens
        self._cipher = cipher
        self._clients = dict(clients)
        self._clock = clock

    def open(self, db: Session, client: SignInClient, token: Mapping[str, Any]) -> str:
        """Store a sign-in that just came back from Keycloak (authlib's token); returns its reference."""
        claims = token.get("userinfo") or {}
        now = self._clock()
        ref = secrets.token_urlsafe(32)
        db.add(SignInSession(
            id=ref, client=client, keycloak_sid=claims.get("sid"), subject=str(claims.get("sub", "")),
            profile=profile_of(client, claims), refresh_token=self._cipher.seal(token.get("refresh_token")),
            id_token=token.get("id_token"), created_at=now, last_seen_at=now, validated_at=now,
            expires_at=now + self.policy.lifetime,
        ))
        return ref

    def current(self, db: Session, client: SignInClient, ref: str | None) -> SignedIn | None:
        """The live sign-in `ref` of `client`, re-validated with Keycloak when due; None when it has ended.

        Raises :class:`KeycloakUnavailable` when a due re-validation got no
        answer: the sign-in is kept, but nothing is shown until Keycloak answers.
        """
        row = db.get(SignInSession, ref) if ref else None
        if row is None or row.client is not client:
            return None
        now = self._clock()
        reason = self._expiry(row, now)
        if reason is None and now - _aware(row.validated_at) >= self.policy.revalidate:
            reason = self._revalidate(db, row, now)
        if reason is not None:
            self._end(db, row.id, client, reason)
            return None
        if now - _aware(row.last_seen_at) >= _SEEN_PRECISION:
            db.execute(update(SignInSession).where(SignInSession.id == row.id).values(last_seen_at=now))
        return SignedIn(row.id, client, row.subject, dict(row.profile), row.id_token)

    def peek(self, db: Session, client: SignInClient, ref: str | None) -> tuple[int, Mapping[str, Any]]:
        """Seconds before `ref` ends of idleness or age, and its profile, without counting this as use.

        (0, {}) when it is gone. Nothing is re-validated: for a page's timer, not for access.
        """
        row = db.get(SignInSession, ref) if ref else None
        if row is None or row.client is not client:
            return 0, {}
        ends = min(_aware(row.last_seen_at) + self.policy.idle, _aware(row.expires_at))
        left = max(0, int((ends - self._clock()).total_seconds()))
        return left, (dict(row.profile) if left else {})

    def keep_alive(self, db: Session, ref: str) -> None:
        """The person chose to keep working: the idle time starts again now (the absolute lifetime stays)."""
        db.execute(update(SignInSession).where(SignInSession.id == ref).values(last_seen_at=self._clock()))

    def _expiry(self, row: SignInSession, now: dt.datetime) -> str | None:
        if now >= _aware(row.expires_at):
            return "absolute lifetime reached"
        if now - _aware(row.last_seen_at) >= self.policy.idle:
            return "idle"
        return None

    def _revalidate(self, db: Session, row: SignInSession, now: dt.datetime) -> str | None:
        refresh_token = self._cipher.open(row.refresh_token)
        if refresh_token is None:
            return "no usable refresh token"
        refreshed = self.tokens.refresh(self._clients[row.client], refresh_token)
        if refreshed is None:
            return "Keycloak refused the refresh (session ended, account disabled or deleted)"
        if str(refreshed.claims.get("sub")) != row.subject:
            return "Keycloak answered for another user"
        row.profile = profile_of(row.client, refreshed.claims)
        row.refresh_token = self._cipher.seal(refreshed.refresh_token)
        row.id_token = refreshed.id_token
        row.validated_at = now
        db.flush()
        return None

    def close(self, db: Session, ref: str | None) -> str | None:
        """End a sign-in at the person's request; returns its ID token (the hint of Keycloak's logout)."""
        row = db.get(SignInSession, ref) if ref else None
        if row is None:
            return None
        self._end(db, row.id, row.client, "signed out")
        return row.id_token

    def back_channel_logout(self, db: Session, raw_token: str) -> int:
        """Act on Keycloak's logout token: end the sign-ins it names; how many ended.

        Raises :class:`InvalidToken` for a forged, expired, misdirected or
        replayed token, :class:`KeycloakUnavailable` when the realm's keys
        cannot be read.
        """
        audiences = {credentials.client_id: client for client, credentials in self._clients.items()}
        request = self.tokens.logout_request(raw_token, audiences)
        self._remember_jti(db, request.jti, dt.datetime.fromtimestamp(request.expires_at, dt.timezone.utc))
        client = audiences[request.client_id]
        query = delete(SignInSession).where(SignInSession.client == client)
        if request.sid:
            query = query.where(SignInSession.keycloak_sid == request.sid)
        if request.sub:
            query = query.where(SignInSession.subject == request.sub)
        ended = db.execute(query).rowcount or 0
        log.info("back-channel logout from Keycloak for %s: %d sign-in(s) ended", client.value, ended)
        return ended

    def _remember_jti(self, db: Session, jti: str, expires_at: dt.datetime) -> None:
        try:
            with db.begin_nested():
                db.add(LogoutTokenUse(jti=jti[:200], expires_at=expires_at))
        except IntegrityError as exc:
            raise InvalidToken("logout token already used") from exc

    def _end(self, db: Session, ref: str, client: SignInClient, reason: str) -> None:
        db.execute(delete(SignInSession).where(SignInSession.id == ref))
        log.info("%s sign-in ended: %s", client.value, reason)


def sign_ins_for(settings: Settings, session_key: bytes, tokens: KeycloakTokens | None = None,
                 clock: Callable[[], dt.datetime] = utc_now) -> SignInSessions:
    """The bridge's sign-ins: `portail` (public) and `dossier-bridge-ui` (confidential), under the settings' policy."""
    clients = {SignInClient.FAMILY: ClientCredentials(settings.family_client_id, None),
               SignInClient.STAFF: ClientCredentials(settings.ui_client_id, settings.ui_client_secret or None)}
    return SignInSessions(session_policy(settings), tokens or KeycloakTokens(settings.keycloak_url, settings.realm),
                          TokenCipher(session_key), clients, clock)


def purge_expired(db: Session, policy: SessionPolicy, now: dt.datetime | None = None) -> int:
    """Forget sign-ins past their lifetime or idle time, and used logout tokens past their expiry (the worker)."""
    now = now or utc_now()
    ended = db.execute(delete(SignInSession).where(
        (SignInSession.expires_at <= now) | (SignInSession.last_seen_at <= now - policy.idle)
    )).rowcount or 0
    db.execute(delete(LogoutTokenUse).where(LogoutTokenUse.expires_at <= now))
    return ended
