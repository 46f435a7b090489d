"""Staff JSON API (same sign-in and role as the review screens): the queue and the registry's duplicates."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from dossier_bridge.matching.report import registry_duplicates
from dossier_bridge.models import RequestStatus
from dossier_bridge.review.queue import queue_page
from dossier_bridge.web import params
from dossier_bridge.web.context import sessions, settings
from dossier_bridge.web.staff_auth import staff_required

blueprint = Blueprint("api_review", __name__, url_prefix="/api/v1/review")


@blueprint.get("/requests")
@staff_required
def requests_():
    with sessions()() as session:
        page = queue_page(session, request.args.get("status", RequestStatus.PENDING_REVIEW.value), request.args.get("q", ""))
        items = [
            {"id": r.id, "status": r.status.value, "submitted_at": r.submitted_at.isoformat(),
             "account": {"last_name": r.account_last_name, "first_name": r.account_first_name, "email": r.account_email},
             "family": r.submitted}
            for r in page.requests
        ]
    return jsonify(counts=page.counts, requests=items)


@blueprint.get("/duplicates")
@staff_required
def duplicates():
    min_score = params.score(request.args.get("min_score"), default=0.8)
    with sessions()() as session:
        pairs = registry_duplicates(session, min_score, settings().matching)
    return jsonify(pairs=[{"numero_dossier_a": a, "numero_dossier_b": b, "score": round(s, 4), "reasons": r}
                          for a, b, s, r in pairs])
