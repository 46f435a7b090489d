"""The browser's sign-in to each of the bridge's two clients, kept on the server (``signin/``).

The signed cookie holds one reference per client; the sign-in itself, and
Keycloak's verdict on it, live in the database, so a sign-out anywhere, a
back-channel logout or a failed re-validation ends it for every bridge
instance at once.
"""

from __future__ import annotations

import logging

from flask import abort, g, session

from dossier_bridge.db import transaction
from dossier_bridge.models import SignInClient
from dossier_bridge.signin.sessions import SignedIn
from dossier_bridge.signin.tokens import KeycloakUnavailable
from dossier_bridge.web.context import services, sessions

log = logging.getLogger(__name__)
_COOKIE_KEYS = {SignInClient.FAMILY: "family_signin", SignInClient.STAFF: "staff_signin"}


def begin(client: SignInClient, token: dict) -> None:
    """Keep a sign-in that just came back from Keycloak, in place of this browser's previous one."""
    key = _COOKIE_KEYS[client]
    with transaction(sessions()) as db:
        services().signin.close(db, session.get(key))
        ref = services().signin.open(db, client, token)
    session.permanent = True
    session[key] = ref
    g.pop(key, None)


def current(client: SignInClient) -> SignedIn | None:
    """This browser's live sign-in to `client` (re-validated with Keycloak when due), once per request."""
    key = _COOKIE_KEYS[client]
    if key not in g:
        try:
            with transaction(sessions()) as db:
                signed_in = services().signin.current(db, client, session.get(key))
        except KeycloakUnavailable as exc:
            # Keycloak must confirm the sign-in before anything is shown; the sign-in is kept for a retry.
            log.warning("%s sign-in not re-validated, Keycloak unavailable: %s", client.value, exc)
            abort(503)
        if signed_in is None:
            session.pop(key, None)
        g.setdefault(key, signed_in)
    return g.get(key)


def peek(client: SignInClient) -> tuple[int, dict]:
    """How long this browser's sign-in has left, and its profile; reading it is not activity (nor a re-validation)."""
    with transaction(sessions()) as db:
        left, profile = services().signin.peek(db, client, session.get(_COOKIE_KEYS[client]))
    return left, dict(profile)


def keep_alive(client: SignInClient) -> None:
    """Start the idle time of this browser's live sign-in again (call after `current` confirmed it)."""
    ref = session.get(_COOKIE_KEYS[client])
    if ref:
        with transaction(sessions()) as db:
            services().signin.keep_alive(db, ref)


def end(client: SignInClient) -> str | None:
    """Sign this browser out of `client`; returns the ID token to hint Keycloak's logout with."""
    key = _COOKIE_KEYS[client]
    with transaction(sessions()) as db:
        id_token = services().signin.close(db, session.pop(key, None))
    g.pop(key, None)
    return id_token
