"""Staff review screens (`/review`): the queue, one request beside its possible duplicates, the decisions."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from dossier_bridge.db import transaction
from dossier_bridge.keycloak_sync import apply_one
from dossier_bridge.matching.report import registry_duplicates
from dossier_bridge.models import KeycloakSync, RequestStatus
from dossier_bridge.review import decisions
from dossier_bridge.review.queue import queue_page, request_view
from dossier_bridge.web import params
from dossier_bridge.web.context import services, sessions, settings
from dossier_bridge.web.staff_auth import current_member, staff_required

blueprint = Blueprint("review", __name__, url_prefix="/review")
log = logging.getLogger(__name__)


@blueprint.get("/")
@staff_required
def queue():
    with sessions()() as session:
        page = queue_page(session, request.args.get("statut", RequestStatus.PENDING_REVIEW.value), request.args.get("q", ""))
        return render_template("review/queue.html", page=page)


@blueprint.get("/doublons")
@staff_required
def duplicates():
    """Dossiers of the registry that may be the same family (billing duplicates)."""
    min_score = params.score(request.args.get("seuil"), default=0.8)
    with sessions()() as session:
        pairs = registry_duplicates(session, min_score, settings().matching)[:200]
    return render_template("review/duplicates.html", pairs=pairs, min_score=min_score)


@blueprint.get("/demandes/<int:request_id>")
@staff_required
def show(request_id: int):
    return _render_request(request_id)


@blueprint.post("/demandes/<int:request_id>/creer")
@staff_required
def create(request_id: int):
    return _decide(request_id, lambda s, mail, v, staff: decisions.create_dossier(s, mail, request_id, v, staff))


@blueprint.post("/demandes/<int:request_id>/rattacher")
@staff_required
def attach(request_id: int):
    number = request.form.get("dossier_number", "")
    return _decide(request_id, lambda s, mail, v, staff: decisions.attach_to_dossier(s, mail, request_id, v, number, staff))


@blueprint.post("/demandes/<int:request_id>/precisions")
@staff_required
def ask_for_details(request_id: int):
    message = request.form.get("message", "")
    return _decide(request_id, lambda s, mail, v, staff: decisions.request_info(s, mail, request_id, v, message, staff))


def _decide(request_id: int, act):
    member = current_member()
    version = params.form_int(request.form.get("version"))
    try:
        with transaction(sessions()) as session:
            decision = act(session, services().mail, version, member)
            sync_ids = [s.id for s in session.query(KeycloakSync).filter_by(decision_id=decision.id)]
    except decisions.Conflict:
        return _render_request(request_id, error="reviewConflict", status=409)
    except decisions.UnknownDossier:
        return _render_request(request_id, error="reviewUnknownDossier", status=422)
    except decisions.EmptyMessage:
        return _render_request(request_id, error="reviewEmptyMessage", status=422)
    # The decision is stored; Keycloak is told now if it answers, by the worker otherwise.
    for sync_id in sync_ids:
        apply_one(sessions(), services().directory, sync_id)
    flash("reviewDecisionRecorded")
    return redirect(url_for("review.show", request_id=request_id), code=303)


def _render_request(request_id: int, error: str | None = None, status: int = 200):
    with sessions()() as session:
        view = request_view(session, request_id, settings().matching)
        if view is None:
            abort(404)
        return render_template("review/request.html", view=view, error=error), status
