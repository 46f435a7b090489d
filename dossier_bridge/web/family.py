"""`/famille` ("Mon espace"): where the `portail` client lands a family after sign-in.

It shows the account's dossier number and status and what happens next.
"""

from __future__ import annotations

from functools import wraps
from flask import Blueprint, redirect, render_template, session, url_for

from dossier_bridge.family_space.knowledge import what_the_city_knows
from dossier_bridge.keycloak_attributes import DOSSIER_NUMBER_CLAIM, DOSSIER_STATUS_CLAIM
from dossier_bridge.web import family_account
from dossier_bridge.web.context import sessions, settings
from dossier_bridge.web.oidc import FAMILY_CLIENT, finish_sign_in, oauth, sign_out_redirect

blueprint = Blueprint("family", __name__, url_prefix="/famille")
_SESSION_KEY = "family"


def current_family() -> dict | None:
    """The signed-in family's account (`sub`, names, e-mail, dossier claims), or None."""
    return session.get(_SESSION_KEY)


def family_login_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        family = current_family()
        if family is None:
            return redirect(url_for("family.sign_in"))
        if family_account.gone(family["sub"]):
            # The account was deleted (here, in another tab, or by staff): its sign-in ends now.
            session.pop(_SESSION_KEY, None)
            session.pop("family_id_token", None)
            family_account.forget()
            return redirect(url_for("family_data.deleted"))
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
    claims = token.get("userinfo") or {}
    session[_SESSION_KEY] = {
        "sub": claims.get("sub"),
        "first_name": claims.get("given_name", ""),
        "last_name": claims.get("family_name", ""),
        "email": claims.get("email", ""),
        "dossier_number": claims.get(DOSSIER_NUMBER_CLAIM),
        "dossier_status": claims.get(DOSSIER_STATUS_CLAIM),
    }
    session["family_id_token"] = token.get("id_token")
    return redirect(url_for("family.space"))


@blueprint.get("/deconnexion")
def sign_out():
    id_token = session.pop("family_id_token", None)
    session.pop(_SESSION_KEY, None)
    return sign_out_redirect(settings().family_client_id, id_token, url_for("family.space", _external=True))


def _city_apps() -> list[dict[str, str]]:
    return [{"key": "appEcoleDesSports", "url": settings().ecole_des_sports_url}]
