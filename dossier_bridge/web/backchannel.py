"""Keycloak's back-channel logout (OpenID Connect Back-Channel Logout 1.0) for `portail` and `dossier-bridge-ui`.

When a Keycloak session ends (a sign-out from any city application, an
administrator signing a user out), Keycloak posts a signed logout token here,
server to server; the bridge ends the sign-ins it names. Both clients'
``backchannel.logout.url`` point here: the token's audience says which.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, make_response, request

from dossier_bridge.db import transaction
from dossier_bridge.signin.tokens import InvalidToken, KeycloakUnavailable
from dossier_bridge.web.context import services, sessions

blueprint = Blueprint("backchannel", __name__)
log = logging.getLogger(__name__)

PATH = "/oidc/backchannel-logout"


@blueprint.post(PATH)
def logout():
    token = request.form.get("logout_token", "")
    if not token:
        return _answer({"error": "invalid_request", "error_description": "logout_token is required"}, 400)
    try:
        with transaction(sessions()) as db:
            services().signin.back_channel_logout(db, token)
    except InvalidToken as exc:
        log.warning("back-channel logout refused: %s", exc)
        return _answer({"error": "invalid_request", "error_description": "the logout token was refused"}, 400)
    except KeycloakUnavailable as exc:
        log.warning("back-channel logout not checked, Keycloak's keys unavailable: %s", exc)
        return _answer({"error": "temporarily_unavailable", "error_description": "keys unavailable"}, 503)
    return _answer(None, 200)


def _answer(body: dict | None, status: int):
    answer = make_response(jsonify(body) if body is not None else "", status)
    answer.headers["Cache-Control"] = "no-store"
    return answer
