"""Application factory."""

from __future__ import annotations

import logging
import secrets

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from dossier_bridge import i18n
from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.keycloak_users import KeycloakUserDirectory
from dossier_bridge.proxy_headers import TrustedProxyFix
from dossier_bridge.verification.rate_limits import VerifyRateLimiter
from dossier_bridge.web import (
    api_dossiers, api_family_requests, api_review, errors, family, health, oidc, openapi, review, staff_auth,
)
from dossier_bridge.web import news_admin, news_api, pages

csrf = CSRFProtect()

# Called by Keycloak with the shared secret, not from a browser form.
_MACHINE_APIS = (api_dossiers.blueprint, api_family_requests.blueprint)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    if settings.behind_proxy:
        # Redirect URIs must name the public https host, not the container.
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, settings.trusted_proxies)
    _configure(app, settings)
    _attach_services(app, settings)
    errors.register(app)
    i18n.init_app(app)
    oidc.init_app(app, settings)
    csrf.init_app(app)
    pages.init_app(app)
    for blueprint in (health.blueprint, *_MACHINE_APIS, openapi.blueprint, family.blueprint,
                      staff_auth.blueprint, review.blueprint, api_review.blueprint,
                      news_api.blueprint, news_admin.blueprint, pages.blueprint):
        app.register_blueprint(blueprint)
    for blueprint in _MACHINE_APIS:
        csrf.exempt(blueprint)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return app


def _configure(app: Flask, settings: Settings) -> None:
    # Without a configured secret (dev and tests), a per-process random key:
    # sessions then do not survive a restart, which is the safe failure.
    app.config.update(
        SECRET_KEY=settings.session_secret or secrets.token_bytes(32),
        SESSION_COOKIE_NAME="portail_famille_bridge",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        PERMANENT_SESSION_LIFETIME=1800,
        # The form token lives as long as the staff session, not longer.
        WTF_CSRF_TIME_LIMIT=1800,
    )
    app.extensions["bridge.settings"] = settings


def _attach_services(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    app.extensions["bridge.engine"] = engine
    app.extensions["bridge.sessions"] = make_session_factory(engine)
    app.extensions["bridge.verify_limiter"] = VerifyRateLimiter(
        settings.rate_limit_storage, settings.verify_limit_per_number, settings.verify_limit_per_address
    )
    app.extensions["bridge.directory"] = KeycloakUserDirectory(settings)
