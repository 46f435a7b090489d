"""Application factory (gunicorn: ``dossier_bridge.app:create_app()``)."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from dossier_bridge import logs
from dossier_bridge.config import Settings
from dossier_bridge.keycloak_attributes import DossierStatus
from dossier_bridge.models import RequestStatus
from dossier_bridge.web.proxy_headers import TrustedProxyFix
from dossier_bridge.services import Services
from dossier_bridge.web import (
    api_dossiers, api_family_requests, api_review, backchannel, context, corrections_review, errors, family,
    family_data, hardening, health, i18n, imports, link_reports, lost_number, news_admin, news_api, oidc, openapi,
    pages, privacy_notice, review, review_links, staff_auth, template_cache,
)

csrf = CSRFProtect()

# Called by Keycloak (with the shared secret, or a signed logout token), not from a browser form.
_MACHINE_APIS = (api_dossiers.blueprint, api_family_requests.blueprint, backchannel.blueprint)


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> Flask:
    """The bridge's web application; `services` replaces the ones built from `settings` (tests)."""
    services = services or Services.from_settings(settings or Settings.from_env())
    settings = services.settings
    app = Flask(__name__)
    if settings.behind_proxy:
        # Redirect URIs must name the public https host, not the container.
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, settings.trusted_proxies)
    _configure(app, services)
    context.install(app, services)
    errors.register(app)
    hardening.init_app(app, settings)
    i18n.init_app(app)
    pages.init_app(app)
    oidc.init_app(app, settings)
    csrf.init_app(app)
    app.jinja_env.bytecode_cache = template_cache.SHARED
    app.jinja_env.globals.update(
        # The city's branding in every page, and the status names templates compare with.
        branding=settings.branding, DossierStatus=DossierStatus, RequestStatus=RequestStatus,
    )
    for blueprint in (health.blueprint, *_MACHINE_APIS, openapi.blueprint, family.blueprint,
                      staff_auth.blueprint, review.blueprint, imports.blueprint, api_review.blueprint,
                      news_api.blueprint, news_admin.blueprint, pages.blueprint, review_links.blueprint,
                      link_reports.blueprint, family_data.blueprint, corrections_review.blueprint,
                      lost_number.blueprint, privacy_notice.blueprint):
        app.register_blueprint(blueprint)
    for blueprint in _MACHINE_APIS:
        csrf.exempt(blueprint)
    logs.configure()
    return app


def _configure(app: Flask, services: Services) -> None:
    settings = services.settings
    # The cookie holds only the reference of a sign-in kept on the server (signin/).
    app.config.update(
        SECRET_KEY=services.session_key,
        SESSION_COOKIE_NAME="portail_famille_bridge",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        PERMANENT_SESSION_LIFETIME=settings.session_idle_seconds,
        # The form token lives as long as an idle sign-in, not longer.
        WTF_CSRF_TIME_LIMIT=settings.session_idle_seconds,
    )
