"""Sign-in through Keycloak with authlib: authorization code with PKCE (S256)."""

from __future__ import annotations

from urllib.parse import urlencode

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, redirect

from dossier_bridge.config import Settings
from dossier_bridge.web.context import settings

oauth = OAuth()

FAMILY_CLIENT = "portail"
STAFF_CLIENT = "staff"


def init_app(app: Flask, settings: Settings) -> None:
    oauth.init_app(app)
    metadata = f"{settings.keycloak_url}/realms/{settings.realm}/.well-known/openid-configuration"
    oauth.register(
        FAMILY_CLIENT,
        client_id=settings.family_client_id,
        server_metadata_url=metadata,
        token_endpoint_auth_method="none",
        client_kwargs={"scope": "openid profile email dossier", "code_challenge_method": "S256"},
    )
    oauth.register(
        STAFF_CLIENT,
        client_id=settings.ui_client_id,
        client_secret=settings.ui_client_secret,
        server_metadata_url=metadata,
        client_kwargs={"scope": "openid profile email", "code_challenge_method": "S256"},
    )


def finish_sign_in(client_name: str) -> dict | None:
    """The tokens of a sign-in coming back from Keycloak; None for an expired or replayed one."""
    try:
        return oauth.create_client(client_name).authorize_access_token()
    except OAuthError:
        return None


def sign_out_redirect(client_id: str, id_token: str | None, return_to: str):
    """End the Keycloak session too (RP-initiated logout), then come back to `return_to`."""
    config = settings()
    query = {"post_logout_redirect_uri": return_to, "client_id": client_id}
    if id_token:
        query["id_token_hint"] = id_token
    return redirect(f"{config.keycloak_public_url}/realms/{config.realm}/protocol/openid-connect/logout?{urlencode(query)}")
