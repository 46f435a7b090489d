"""What every sample city application shares: sign-in through the Portail Famille with Flask and authlib.

- Authorization code with PKCE (S256), confidential client, exact redirect URI
  ``<base>/auth/callback``; scopes ``openid profile dossier`` (no e-mail: the
  apps do not need it).
- The family's name, dossier number and status come from the ID token; a
  family whose dossier is not linked yet is sent to "Mon espace".
- Sign-out ends the Keycloak session (RP-initiated logout), which ends the
  other applications' sessions through Keycloak's back-channel logout, posted
  here to ``/backchannel-logout``.

One process keeps the ended Keycloak sessions in memory; an application
running several processes keeps them in its shared store (database, Redis).
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, redirect, render_template, request, session, url_for
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
LINKED = "linked"
_KIT = Path(__file__).parent


@dataclass(frozen=True)
class AppSettings:
    name: str  # the app's folder, where its own message bundle lives
    client_id: str
    client_secret: str
    base_url: str
    issuer: str
    family_space_url: str
    secret_key: bytes

    @classmethod
    def from_env(cls, name: str, prefix: str, default_base_url: str, env: Mapping[str, str] = os.environ) -> "AppSettings":
        """`<PREFIX>_CLIENT_ID`, `_CLIENT_SECRET`, `_BASE_URL`, `_SECRET_KEY`; Keycloak and "Mon espace" shared."""
        secret = env.get(f"{prefix}_CLIENT_SECRET")
        if not secret:
            raise SystemExit(f"{prefix}_CLIENT_SECRET is not set (the client secret printed by register-app)")
        keycloak = env.get("KEYCLOAK_PUBLIC_URL", "http://localhost:8080").rstrip("/")
        return cls(
            name=name,
            client_id=env.get(f"{prefix}_CLIENT_ID", name.replace("_", "-")),
            client_secret=secret,
            base_url=env.get(f"{prefix}_BASE_URL", default_base_url).rstrip("/"),
            issuer=f"{keycloak}/realms/{env.get('KEYCLOAK_REALM', 'portail-famille')}",
            family_space_url=env.get("PORTAIL_BASE_URL", "http://localhost:5000").rstrip("/") + "/famille/",
            # Without one, sessions do not outlive the process (fine for a sample).
            secret_key=env.get(f"{prefix}_SECRET_KEY", "").encode() or secrets.token_bytes(32),
        )


class EndedSessions:
    """Keycloak sessions ended by a back-channel logout, and the logout tokens already used."""

    def __init__(self, keep_seconds: int = 12 * 3600):
        self._keep = keep_seconds
        self._lock = threading.Lock()
        self._ended: dict[str, float] = {}  # "sid:<sid>" or "sub:<sub>" -> when

    def end(self, sid: str | None, sub: str | None, jti: str) -> bool:
        """Record a logout; False for a token already used."""
        now = time.time()
        with self._lock:
            self._ended = {k: t for k, t in self._ended.items() if now - t < self._keep}
            if f"jti:{jti}" in self._ended:
                return False
            self._ended[f"jti:{jti}"] = now
            self._ended[f"sid:{sid}" if sid else f"sub:{sub}"] = now
            return True

    def has_ended(self, signed_in: Mapping) -> bool:
        with self._lock:
            by_user = self._ended.get(f"sub:{signed_in.get('sub')}")
            return f"sid:{signed_in.get('sid')}" in self._ended or (by_user or 0) >= signed_in.get("at", 0)


def create_app(settings: AppSettings) -> Flask:
    app = Flask(settings.name, root_path=str(_KIT.parent / settings.name), template_folder=str(_KIT / "templates"))
    # Cookies ignore ports: each app on localhost needs a cookie name of its own.
    app.config.update(SECRET_KEY=settings.secret_key, SESSION_COOKIE_NAME=f"{settings.name}_session",
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=settings.base_url.startswith("https://"))
    oauth = OAuth(app)
    keycloak = oauth.register(
        "keycloak", client_id=settings.client_id, client_secret=settings.client_secret,
        server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile dossier", "code_challenge_method": "S256"},
    )
    ended = EndedSessions()
    bundles = {locale: _bundle(settings.name, locale) for locale in ("fr", "en")}

    @app.context_processor
    def words():
        locale = request.accept_languages.best_match(["fr", "en"], default="fr") if "lang" not in request.args \
            else ("en" if request.args["lang"] == "en" else "fr")
        return {"_": lambda key, **values: bundles[locale].get(key, bundles["fr"].get(key, key)).format(**values),
                "locale": locale, "family_space_url": settings.family_space_url}

    def signed_in() -> dict | None:
        family = session.get("family")
        if family and ended.has_ended(family):
            session.clear()
            return None
        return family

    @app.get("/")
    def home():
        family = signed_in()
        if family is None:
            return keycloak.authorize_redirect(f"{settings.base_url}/auth/callback")
        if family.get("dossier_status") != LINKED:
            return render_template("not_linked.html", family=family), 403
        return render_template("home.html", family=family)

    @app.get("/auth/callback")
    def callback():
        try:
            token = keycloak.authorize_access_token()
        except OAuthError:
            return redirect(url_for("home"))  # expired or replayed: sign in again
        claims = token["userinfo"]
        session.clear()
        session["family"] = {
            "sub": claims["sub"], "sid": claims.get("sid"), "at": time.time(),
            "name": f"{claims.get('given_name', '')} {claims.get('family_name', '')}".strip(),
            "dossier_number": claims.get("dossier_number"), "dossier_status": claims.get("dossier_status"),
        }
        session["id_token"] = token["id_token"]
        return redirect(url_for("home"))

    @app.get("/deconnexion")
    def sign_out():
        id_token = session.get("id_token")
        session.clear()
        query = {"client_id": settings.client_id, "post_logout_redirect_uri": f"{settings.base_url}/au-revoir"}
        if id_token:
            query["id_token_hint"] = id_token
        return redirect(f"{keycloak.load_server_metadata()['end_session_endpoint']}?{urlencode(query)}")

    @app.get("/au-revoir")
    def signed_out():
        return render_template("signed_out.html")

    @app.post("/backchannel-logout")
    def backchannel_logout():
        try:
            claims = _logout_claims(request.form.get("logout_token", ""), keycloak, settings)
        except (JoseError, ValueError):
            abort(400)
        except requests.RequestException:
            abort(503)  # Keycloak's keys could not be read: Keycloak will log the failed logout
        if not ended.end(claims.get("sid"), claims.get("sub"), str(claims["jti"])):
            abort(400)
        return "", 200, {"Cache-Control": "no-store"}

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    return app


def _logout_claims(token: str, keycloak, settings: AppSettings) -> dict:
    """OpenID Connect Back-Channel Logout 1.0, 2.6: signature, iss, aud, iat, jti, the event, sid or sub, no nonce."""
    keys = KeySet.import_key_set(keycloak.fetch_jwk_set())
    kid = jws.extract_compact(token.encode()).headers().get("kid")
    if kid not in {key.kid for key in keys.keys}:
        # Keycloak may have rotated its keys since they were read.
        keys = KeySet.import_key_set(keycloak.fetch_jwk_set(force=True))
    claims = jwt.decode(token, keys, algorithms=["RS256"]).claims
    JWTClaimsRegistry(leeway=30, iss={"essential": True, "value": settings.issuer},
                      aud={"essential": True, "value": settings.client_id},
                      iat={"essential": True}, jti={"essential": True}).validate(claims)
    if BACKCHANNEL_LOGOUT_EVENT not in (claims.get("events") or {}) or "nonce" in claims:
        raise ValueError("not a logout token")
    if not (claims.get("sid") or claims.get("sub")):
        raise ValueError("a logout token names a session or a user")
    return claims


def _bundle(name: str, locale: str) -> dict[str, str]:
    """The kit's words, then the app's own (French first, English second)."""
    words = json.loads((_KIT / "messages" / f"{locale}.json").read_text(encoding="utf-8"))
    own = _KIT.parent / name / "messages" / f"{locale}.json"
    words.update(json.loads(own.read_text(encoding="utf-8")))
    return words
