"""`/famille` ("Mon espace"): where the `portail` client lands a family after sign-in.

It shows the account's dossier number and status and what happens next. The
sign-in is kept on the server (``web/signin.py``), so a sign-out from any city
application ends it too (Keycloak's back-channel logout).
"""

from __future__ import annotations

from functools import wraps
from flask import Blueprint, redirect, render_template, url_for

from dossier_bridge.family_space.knowledge import what_the_city_knows
from dossier_bridge.models import SignInClient
from dossier_bridge.web import family_account, signin
from dossier_bridge.web.context import sessions, settings
from dossier_bridge.web.oidc import FAMILY_CLIENT, finish_sign_in, oauth, sign_out_redirect

blueprint = Blueprint("family", __name__, url_prefix="/famille")


def current_family() -> dict | None:
    """The signed-in family's account (`sub`, names, e-mail, dossier claims), or None."""
    signed_in = signin.current(SignInClient.FAMILY)
    return None if signed_in is None else {**signed_in.profile, "sub": signed_in.subject}


def family_login_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        family = current_family()
        subject = family["sub"] if family else family_account.deleting()
        if subject and family_account.gone(subject):
            # The account was deleted (here, in another tab, or by staff): its sign-in ends now.
            signin.end(SignInClient.FAMILY)
            family_account.forget()
            return redirect(url_for("family_data.deleted"))
        if family is None:
            return redirect(url_for("family.sign_in"))
        return view(*args, **kwargs)

    return guarded


@blueprint.get("/")
@family_login_required
def space():
    family = current_family()
    with sessions()() as db:
        known = what_the_city_knows(db, family["sub"])
        return render_template("family/space.html", family=family, known=known, city_apps=_city_apps())


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
