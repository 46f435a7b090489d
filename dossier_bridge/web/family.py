"""`/famille` ("Mon espace"): where the `portail` client lands a family after sign-in.

It shows the account's dossier number and status and what happens next. The
sign-in is kept on the server (``web/signin.py``), so a sign-out from any city
application ends it too (Keycloak's back-channel logout).
"""

from __future__ import annotations

from functools import wraps
from flask import Blueprint, redirect, render_template, url_for

from dossier_bridge.models import SignInClient
from dossier_bridge.web import signin
from dossier_bridge.web.context import settings
from dossier_bridge.web.oidc import FAMILY_CLIENT, finish_sign_in, oauth, sign_out_redirect

blueprint = Blueprint("family", __name__, url_prefix="/famille")


def family_login_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if signin.current(SignInClient.FAMILY) is None:
            return redirect(url_for("family.sign_in"))
        return view(*args, **kwargs)

    return guarded


@blueprint.get("/")
@family_login_required
def space():
    family = signin.current(SignInClient.FAMILY).profile
    return render_template("family/space.html", family=family, city_apps=_city_apps())


@blueprint.get("/connexion")
def sign_in():
    return oauth.create_client(FAMILY_CLIENT).authorize_redirect(url_for("family.callback", _external=True))


@blueprint.get("/retour")
def callback():
    token = finish_sign_in(FAMILY_CLIENT)
    if token is None:
        # An expired or replayed sign-in: start again rather than show an error.
        return redirect(url_for("family.sign_in"))
    signin.begin(SignInClient.FAMILY, token)
    return redirect(url_for("family.space"))


@blueprint.get("/deconnexion")
def sign_out():
    id_token = signin.end(SignInClient.FAMILY)
    return sign_out_redirect(settings().family_client_id, id_token, url_for("family.space", _external=True))


def _city_apps() -> list[dict[str, str]]:
    config = settings()
    return [{"key": "appEcoleDesSports", "url": config.ecole_des_sports_url},
            {"key": "appRestaurationScolaire", "url": config.restauration_scolaire_url}]
