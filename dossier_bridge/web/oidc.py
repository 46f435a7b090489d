"""Sign-in through Keycloak with authlib: authorization code with PKCE (S256)."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask

from dossier_bridge.config import Settings

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
