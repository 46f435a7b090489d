"""JSON API for Keycloak's `family-info` step: store a family request, read it back."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from dossier_bridge.db import transaction
from dossier_bridge.family_requests import service
from dossier_bridge.models import FamilyRequest, RequestStatus
from dossier_bridge.web.api_auth import require_api_secret
from dossier_bridge.web.context import services, sessions

blueprint = Blueprint("api_family_requests", __name__, url_prefix="/api/v1/family-requests")


@blueprint.post("")
@require_api_secret
def submit():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description="The body must be a JSON object.")
    account = body.get("account") if isinstance(body.get("account"), dict) else {}
    user_id, key = _short(body.get("keycloak_user_id"), 64), _short(body.get("idempotency_key"), 64)
    if not user_id or not key or not _short(account.get("email"), 254):
        abort(400, description="'keycloak_user_id', 'idempotency_key' and 'account.email' are required.")
    who = service.Account(user_id, _short(account.get("email"), 254), _short(account.get("last_name"), 100),
                          _short(account.get("first_name"), 100))
    try:
        with transaction(sessions()) as session:
            stored, created = service.submit(session, services().mail, who, key, body)
            answer = {"id": stored.id, "status": stored.status.value}
    except service.Invalid as invalid:
        errors = [{"field": e.field, "message": e.message} for e in invalid.errors]
        return jsonify(result="invalid", errors=errors), 422
    except service.AlreadyDecided:
        return jsonify(result="already_decided"), 409
    except service.KeyOfAnotherAccount:
        return jsonify(result="idempotency_key_reused",
                       message="This idempotency key belongs to another account's request."), 409
    return jsonify(answer), 201 if created else 200


@blueprint.get("/by-account/<keycloak_user_id>")
@require_api_secret
def by_account(keycloak_user_id: str):
    with sessions()() as session:
        found = service.latest_for_account(session, keycloak_user_id)
        if found is None:
            return jsonify(error="not_found", message="This account has no family request."), 404
        return jsonify(_public(found))


def _public(found: FamilyRequest) -> dict:
    return {
        "id": found.id,
        "status": found.status.value,
        "staff_message": found.staff_message if found.status is RequestStatus.INFO_REQUESTED else None,
        "submitted": {
            "account": {"last_name": found.account_last_name, "first_name": found.account_first_name,
                        "email": found.account_email},
            **found.submitted,
        },
    }


def _short(value: object, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""
