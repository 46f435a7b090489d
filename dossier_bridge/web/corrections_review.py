"""Staff screens for the families' correction requests (`/review/corrections`): the queue, one request, the answer."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from dossier_bridge.db import transaction
from dossier_bridge.family_space import corrections
from dossier_bridge.family_space.knowledge import what_the_city_knows
from dossier_bridge.models import CorrectionRequest, CorrectionStatus
from dossier_bridge.web import params
from dossier_bridge.web.context import services, sessions
from dossier_bridge.web.i18n import translate as _
from dossier_bridge.web.staff_auth import current_staff, staff_required

blueprint = Blueprint("corrections_review", __name__, url_prefix="/review/corrections")


@blueprint.get("/")
@staff_required
def queue():
    with sessions()() as db:
        page = corrections.queue_page(db, request.args.get("statut", CorrectionStatus.OPEN.value))
        return render_template("review/corrections.html", page=page)


@blueprint.get("/<int:correction_id>")
@staff_required
def show(correction_id: int):
    return _render(correction_id)


@blueprint.post("/<int:correction_id>/reponse")
@staff_required
def answer(correction_id: int):
    staff = current_staff()
    version = params.form_int(request.form.get("version"))
    reply = request.form.get("answer", "")
    try:
        with transaction(sessions()) as db:
            corrections.answer(db, services().mail, correction_id, version, reply,
                               corrections.Answerer(staff["sub"], staff["username"]))
    except corrections.EmptyText:
        return _render(correction_id, error="correctionAnswerEmpty", answer=reply, status=422)
    except corrections.TooLong:
        return _render(correction_id, error="correctionAnswerTooLong", answer=reply, status=422)
    except corrections.Conflict:
        return _render(correction_id, error="correctionConflict", status=409)
    flash(_("correctionAnswered"))
    return redirect(url_for("corrections_review.show", correction_id=correction_id), code=303)


def _render(correction_id: int, error: str | None = None, answer: str = "", status: int = 200):
    with sessions()() as db:
        correction = db.get(CorrectionRequest, correction_id)
        if correction is None:
            abort(404)
        # What the registry holds as this account may see it: never the other adult's details.
        known = what_the_city_knows(db, correction.keycloak_user_id)
        return render_template("review/correction.html", correction=correction, known=known, error=error,
                               answer=answer), status
