"""Public pages for families: `/aide` (how to sign in and sign up) and `/accessibilite`.

Also puts the city's branding (from the environment) in every template.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from dossier_bridge.branding import Branding
from dossier_bridge.web.context import settings

blueprint = Blueprint("pages", __name__)


def init_app(app: Flask) -> None:
    branding = Branding.from_env()
    app.extensions["bridge.branding"] = branding
    app.jinja_env.globals["branding"] = branding


def _login_url() -> str:
    return "/famille/connexion"


@blueprint.get("/aide")
def help_page():
    config = settings()
    return render_template("pages/aide.html", login_url=_login_url(),
                           account_url=f"{config.keycloak_public_url}/realms/{config.realm}/account")


@blueprint.get("/accessibilite")
def accessibility():
    return render_template("pages/accessibilite.html")
