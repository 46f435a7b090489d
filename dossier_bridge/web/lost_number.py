"""`/numero-de-dossier-perdu`: "J'ai perdu mon numéro de dossier", linked from the sign-up form and the family step.

The same confirmation for every address; the number only ever travels by
e-mail to the registry's own address (``family_space.lost_number``). Too
many requests get a French 429 page.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from dossier_bridge.db import transaction
from dossier_bridge.french_input import normalise_email
from dossier_bridge.family_space import lost_number
from dossier_bridge.web.context import services, sessions

blueprint = Blueprint("lost_number", __name__)


@blueprint.get("/numero-de-dossier-perdu")
def form():
    return render_template("family_space/lost_number.html", email="", error=None)


@blueprint.post("/numero-de-dossier-perdu")
def send():
    email = (request.form.get("email") or "").strip()
    if not email:
        return render_template("family_space/lost_number.html", email=email, error="lostNumberErrorEmpty"), 400
    address = normalise_email(email)
    if address is None:
        return render_template("family_space/lost_number.html", email=email, error="lostNumberErrorFormat"), 400
    with transaction(sessions()) as session:
        accepted = lost_number.ask(session, services().lost_number_limiter, address, request.remote_addr)
    if not accepted:
        return render_template("family_space/lost_number_limited.html"), 429
    # Post/redirect/get: reloading the confirmation sends nothing again.
    return redirect(url_for("lost_number.sent"), code=303)


@blueprint.get("/numero-de-dossier-perdu/envoye")
def sent():
    return render_template("family_space/lost_number_sent.html")
