"""Public pages for families: `/aide` (how to sign in and sign up) and `/accessibilite`."""

from __future__ import annotations

from flask import Blueprint, render_template

from dossier_bridge.web.context import settings

blueprint = Blueprint("pages", __name__)


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
