"""The family's rights from "Mon espace": report an error, download its data, delete its account.

Deleting goes through Keycloak's own ``delete_account`` action (an
application-initiated action): Keycloak asks for the password again and for
a confirmation, deletes the account and records the event the worker
follows; the bridge then erases what it holds (``personal_data.erasure``).
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from dossier_bridge.db import transaction
from dossier_bridge.family_space import corrections
from dossier_bridge.family_space.export import account_export
from dossier_bridge.family_space.knowledge import what_the_city_knows
from dossier_bridge.keycloak_users import DirectoryUnavailable
from dossier_bridge.web import family_account
from dossier_bridge.web.context import services, sessions, settings
from dossier_bridge.web.family import current_family, family_login_required
from dossier_bridge.web.i18n import translate as _
from dossier_bridge.web.oidc import FAMILY_CLIENT, oauth

blueprint = Blueprint("family_data", __name__, url_prefix="/famille")

DELETE_ACCOUNT_ACTION = "delete_account"
EXPORT_FILE = "mes-donnees-portail-famille.json"


@blueprint.route("/signaler-une-erreur", methods=["GET", "POST"])
@family_login_required
def report_error():
    family = current_family()
    if request.method == "GET":
        return render_template("family_space/correction.html", message="", error=None)
    message = request.form.get("message", "")
    requester = corrections.Requester(family["sub"], family.get("email") or "", family.get("first_name") or "",
                                      family.get("last_name") or "")
    try:
        with transaction(sessions()) as db:
            known = what_the_city_knows(db, family["sub"])
            corrections.submit(db, services().mail, requester, known.dossier_id, message)
    except corrections.EmptyText:
        return render_template("family_space/correction.html", message=message, error="correctionErrorEmpty"), 400
    except corrections.TooLong:
        return render_template("family_space/correction.html", message=message, error="correctionErrorTooLong"), 400
    # Its own category: the page's title says the request left too (RGAA 8.6, one title per state).
    flash(_("correctionSent"), "correction-sent")
    return redirect(url_for("family.space") + "#corrections-heading", code=303)


@blueprint.get("/mes-donnees")
@family_login_required
def download():
    family = current_family()
    try:
        keycloak = services().directory.export(family["sub"])
    except DirectoryUnavailable:
        return render_template("family_space/unavailable.html"), 503
    with sessions()() as db:
        data = account_export(db, family["sub"], keycloak, settings().branding.portal_name)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{EXPORT_FILE}"',
        "Cache-Control": "no-store",
    })


@blueprint.get("/supprimer-mon-compte")
@family_login_required
def delete_account():
    return render_template("family_space/delete_account.html")


@blueprint.get("/supprimer-mon-compte/confirmer")
@family_login_required
def confirm_delete_account():
    """Hand over to Keycloak, which asks for the password again, then for a last confirmation.

    A link, not a form: the page's CSP lets forms post to the bridge only, and
    a browser applies that to the redirect to Keycloak too. Nothing is deleted
    here; a forged link only leads the family to Keycloak's confirmation.
    """
    family_account.mark_deleting(current_family()["sub"])
    # prompt=login: Keycloak's own rule for delete_account compares whole seconds, so a
    # sign-in made within the same second would let the deletion through without the
    # password. Asking every time costs a family nothing and is the same on every node.
    return oauth.create_client(FAMILY_CLIENT).authorize_redirect(
        url_for("family.callback", _external=True), kc_action=DELETE_ACCOUNT_ACTION, prompt="login",
    )


@blueprint.get("/compte-supprime")
def deleted():
    return render_template("family_space/deleted.html")
