"""Application factory (gunicorn: ``dossier_bridge.app:create_app()``)."""

from __future__ import annotations

import secrets

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from dossier_bridge import logs
from dossier_bridge.config import Settings
from dossier_bridge.keycloak_attributes import DossierStatus
from dossier_bridge.models import RequestStatus
from dossier_bridge.web.proxy_headers import TrustedProxyFix
from dossier_bridge.services import Services
from dossier_bridge.web import (
    api_dossiers, api_family_requests, api_review, context, errors, family, hardening, health, i18n, link_reports,
    news_admin, news_api, oidc, openapi, pages, review, review_links, staff_auth,
)

csrf = CSRFProtect()

# Called by Keycloak with the shared secret, not from a browser form.
_MACHINE_APIS = (api_dossiers.blueprint, api_family_requests.blueprint)


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> Flask:
    """The bridge's web application; `services` replaces the ones built from `settings` (tests)."""
    services = services or Services.from_settings(settings or Settings.from_env())
    settings = services.settings
    app = Flask(__name__)
    if settings.behind_proxy:
        # Redirect URIs must name the public https host, not the container.
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, settings.trusted_proxies)
    _configure(app, settings)
    context.install(app, services)
    errors.register(app)
    hardening.init_app(app, settings)
    i18n.init_app(app)
    pages.init_app(app)
    oidc.init_app(app, settings)
    csrf.init_app(app)
    app.jinja_env.globals.update(
        # The city's branding in every page, and the status names templates compare with.
        branding=settings.branding, DossierStatus=DossierStatus, RequestStatus=RequestStatus,
    )
    for blueprint in (health.blueprint, *_MACHINE_APIS, openapi.blueprint, family.blueprint,
                      staff_auth.blueprint, review.blueprint, api_review.blueprint,
                      news_api.blueprint, news_admin.blueprint, pages.blueprint, review_links.blueprint,
                      link_reports.blueprint):
        app.register_blueprint(blueprint)
    for blueprint in _MACHINE_APIS:
        csrf.exempt(blueprint)
    logs.configure()
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
        PERMANENT_SESSION_LIFETIME=staff_auth.IDLE_TIMEOUT_SECONDS,
        # The form token lives as long as the staff session, not longer (extending it renews them).
        WTF_CSRF_TIME_LIMIT=staff_auth.IDLE_TIMEOUT_SECONDS,
    )
