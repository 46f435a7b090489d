"""Staff sign-in through Keycloak (`dossier-bridge-ui`, code + PKCE); the `agent-famille` role is required.

A signed-in account without the role gets a French 403 page and no family
data. The staff session expires after the configured idle time; the pages
warn before it does and can extend it (``/review/session``, static/session-time.js,
RGAA 13.1).
"""

from __future__ import annotations

import time
from functools import wraps
from flask import Blueprint, abort, g, jsonify, redirect, request, session, url_for
from flask_wtf.csrf import generate_csrf

from dossier_bridge.web.context import settings
from dossier_bridge.web.oidc import STAFF_CLIENT, finish_sign_in, oauth, sign_out_redirect

STAFF_ROLE = "agent-famille"
IDLE_TIMEOUT_SECONDS = 1800
_SESSION_KEY = "staff"

blueprint = Blueprint("staff_auth", __name__, url_prefix="/review")


def _live_staff() -> dict | None:
    """The staff session if it has not been idle too long, without counting this request as activity."""
    staff = session.get(_SESSION_KEY)
    if not staff:
        return None
    if seconds_left(staff) <= 0:
        session.pop(_SESSION_KEY, None)
        return None
    return staff


def seconds_left(staff: dict) -> int:
    return int(IDLE_TIMEOUT_SECONDS - (time.time() - staff.get("seen", 0)))


def current_staff() -> dict | None:
    staff = _live_staff()
    if staff is None:
        return None
    staff["seen"] = time.time()
    session.modified = True
    return staff


def staff_required(view):
    """For staff HTML pages and staff JSON APIs alike."""

    @wraps(view)
    def guarded(*args, **kwargs):
        staff = current_staff()
        wants_json = request.path.startswith("/api/")
        if staff is None:
            if wants_json:
                return jsonify(error="unauthorized", message="Staff sign-in required."), 401
            if request.method == "GET":
                session["staff_next"] = request.full_path if request.query_string else request.path
            return redirect(url_for("staff_auth.sign_in", expired=1 if request.method != "GET" else None))
        if STAFF_ROLE not in staff.get("roles", []):
            abort(403)
        # base.html warns before this session ends (session-time.js).
        g.staff_session_seconds = seconds_left(staff)
        return view(*args, **kwargs)

    return guarded


def _session_answer(staff: dict | None):
    if staff is None or STAFF_ROLE not in staff.get("roles", []):
        return jsonify(error="unauthorized", message="The staff session has ended.", seconds_left=0), 401
    # A page's form token is valid for the session's length from when the page was drawn:
    # a page kept open by extensions gets fresh ones.
    return jsonify(seconds_left=seconds_left(staff), csrf_token=generate_csrf())


@blueprint.get("/session")
def session_state():
    """How long the staff session has left; reading it is not activity."""
    return _session_answer(_live_staff())


@blueprint.post("/session")
def extend_session():
    """The agent chose to keep working: the session starts its idle time again."""
    return _session_answer(current_staff())


@blueprint.get("/connexion")
def sign_in():
    return oauth.create_client(STAFF_CLIENT).authorize_redirect(url_for("staff_auth.callback", _external=True))


@blueprint.get("/retour")
def callback():
    token = finish_sign_in(STAFF_CLIENT)
    if token is None:
        return redirect(url_for("staff_auth.sign_in"))
    claims = token.get("userinfo") or {}
    session.permanent = True
    session[_SESSION_KEY] = {
        "sub": claims.get("sub"),
        "username": claims.get("preferred_username", ""),
        "name": claims.get("name") or claims.get("preferred_username", ""),
        "roles": list(claims.get("realm_roles") or []),
        "seen": time.time(),
    }
    session["staff_id_token"] = token.get("id_token")
    return redirect(session.pop("staff_next", None) or url_for("review.queue"))


@blueprint.get("/deconnexion")
def sign_out():
    id_token = session.pop("staff_id_token", None)
    session.pop(_SESSION_KEY, None)
    config = settings()
    return sign_out_redirect(config.ui_client_id, id_token, f"{config.public_url}/review/")
