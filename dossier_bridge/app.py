"""Application factory."""

from __future__ import annotations

import logging

from flask import Flask

from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.verification.rate_limits import VerifyRateLimiter
from dossier_bridge import i18n
from dossier_bridge.web import api_dossiers, errors, family, health, oidc, openapi, review, staff_auth


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    # Without a configured secret (dev and tests), a per-process random key:
    # sessions then do not survive a restart, which is the safe failure.
    app.config["SECRET_KEY"] = settings.session_secret or _random_key()
    app.config.update(
        SESSION_COOKIE_NAME="portail_famille_bridge",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        PERMANENT_SESSION_LIFETIME=1800,
    )
    app.extensions["bridge.settings"] = settings
    engine = make_engine(settings.database_url)
    app.extensions["bridge.engine"] = engine
    app.extensions["bridge.sessions"] = make_session_factory(engine)
    app.extensions["bridge.verify_limiter"] = VerifyRateLimiter(
        settings.rate_limit_storage, settings.verify_limit_per_number, settings.verify_limit_per_address
    )
    errors.register(app)
    i18n.init_app(app)
    oidc.init_app(app, settings)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(api_dossiers.blueprint)
    app.register_blueprint(openapi.blueprint)
    app.register_blueprint(family.blueprint)
    app.register_blueprint(staff_auth.blueprint)
    app.register_blueprint(review.blueprint)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return app


def _random_key() -> bytes:
    import secrets

    return secrets.token_bytes(32)
