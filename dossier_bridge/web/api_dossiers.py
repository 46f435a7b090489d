"""JSON API for Keycloak's sign-up step: check a dossier number, then link the new account."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, Response, abort, jsonify, request
from sqlalchemy import Engine

from dossier_bridge.db import transaction
from dossier_bridge.models import AccountLink
from dossier_bridge.verification import service
from dossier_bridge.verification.identity import VOUCHING_SOURCES, iso_date
from dossier_bridge.web.api_auth import require_api_secret
from dossier_bridge.web.context import services, sessions, settings

blueprint = Blueprint("api_dossiers", __name__, url_prefix="/api/v1/dossiers")
LOG = logging.getLogger(__name__)

_MAX_FIELD = 200
# A solved proof of work (base64 JSON) is longer than any name.
_MAX_LENGTHS = {"challenge_solution": 4096}


def _json_fields(*names: str, required: tuple[str, ...] = ()) -> dict[str, str]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description="The body must be a JSON object.")
    values = {}
    for name in names:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            abort(400, description=f"'{name}' must be a string.")
        limit = _MAX_LENGTHS.get(name, _MAX_FIELD)
        if value is not None and len(value) > limit:
            abort(400, description=f"'{name}' is longer than {limit} characters.")
        if name in required and not (value or "").strip():
            abort(400, description=f"'{name}' is required.")
        values[name] = (value or "").strip()
    return values


@blueprint.post("/verify")
@require_api_secret
def verify():
    fields = _json_fields(
        "dossier_number", "last_name", "first_name", "email", "client_ip", "challenge_solution",
        "usage_name", "birth_date", "identity_source",
        required=("dossier_number", "last_name", "first_name"),
    )
    request_ = service.VerifyRequest(
        dossier_number=fields["dossier_number"], last_name=fields["last_name"], first_name=fields["first_name"],
        email=fields["email"], client_ip=fields["client_ip"], challenge_solution=fields["challenge_solution"] or None,
        usage_name=fields["usage_name"], birth_date=_iso_date("birth_date", fields["birth_date"]),
        identity_source=_source(fields["identity_source"]),
    )
    engine = services().autocommit_engine
    with engine.connect() as connection:
        outcome = service.verify(connection, services().verify_limiter, services().challenges, settings().api_secret,
                                 request_)
    response = _answer(outcome)
    # The family's sign-up waits for this answer, not for the audit row: gunicorn closes the
    # response, and so writes the row, once Keycloak has the answer.
    response.call_on_close(lambda: _audit(engine, request_, outcome))
    return response


def _answer(outcome: service.VerifyOutcome) -> Response:
    # A challenge comes only with RATE_LIMITED, a claim only with MATCH.
    body: dict = {"result": outcome.result}
    if outcome.challenge:
        body["challenge"] = outcome.challenge
    if outcome.claim:
        body.update(claim=outcome.claim, dossier_number=outcome.dossier_number)
    response = jsonify(body)
    if outcome.result == service.RATE_LIMITED:
        response.status_code = 429
    return response


def _audit(engine: Engine, request_: service.VerifyRequest, outcome: service.VerifyOutcome) -> None:
    # After the answer nothing can report an error to the caller: the operator's log is the place,
    # whatever the error (one escaping close() would cost gunicorn the connection, and this line).
    try:
        with engine.connect() as connection:
            service.record_attempt(connection, request_, outcome)
    except Exception as exc:
        LOG.error("The audit row of a dossier check was not written (result %s): %s", outcome.result,
                  type(exc).__name__)


def _iso_date(name: str, raw: str) -> dt.date | None:
    if not raw:
        return None
    date = iso_date(raw)
    if date is None:
        abort(400, description=f"'{name}' must be a date written YYYY-MM-DD.")
    return date


def _source(raw: str) -> str | None:
    if raw and raw not in VOUCHING_SOURCES:
        abort(400, description=f"'identity_source' must be one of {sorted(VOUCHING_SOURCES)}.")
    return raw or None


@blueprint.post("/links")
@require_api_secret
def create_link():
    fields = _json_fields("claim", "keycloak_user_id", "email", required=("claim", "keycloak_user_id"))
    try:
        with transaction(sessions()) as session:
            link = service.link(session, settings().api_secret, fields["claim"], fields["keycloak_user_id"], fields["email"] or None)
            body = _link_json(link)
    except service.LinkRefused as refused:
        status = 409 if refused.result == service.ALREADY_LINKED else 400
        return jsonify(result=refused.result), status
    return jsonify(body), 201


@blueprint.get("/<number>/links")
@require_api_secret
def list_links(number: str):
    with sessions()() as session:
        links = [_link_json(link) for link in service.links_of(session, number)]
    return jsonify(dossier_number=number, links=links)


def _link_json(link: AccountLink) -> dict:
    return {
        "id": link.id,
        "dossier_number": link.dossier.number,
        "keycloak_user_id": link.keycloak_user_id,
        "email": link.email,
        "person": {"last_name": link.person.last_name, "first_name": link.person.first_name},
        "status": link.status.value,
        "confirmation": link.confirmation.value if link.confirmation else None,
        "created_at": link.created_at.isoformat() if link.created_at else None,
        "activated_at": link.activated_at.isoformat() if link.activated_at else None,
    }
