"""Staff sign-in through Keycloak (`dossier-bridge-ui`, code + PKCE); the `agent-famille` role is required.

A signed-in account without the role gets a French 403 page and no family
data. The sign-in is kept on the server (``web/signin.py``): it ends at
sign-out, when Keycloak says so (back-channel logout, or a refused
re-validation: session ended, account disabled), after the idle time and at
its absolute lifetime; a role removed in Keycloak is gone at the next
re-validation (``BRIDGE_SESSION_REVALIDATE_SECONDS``). The pages warn before
the idle time runs out and can extend it (``/review/session``,
static/session-time.js, RGAA 13.1).
"""

from __future__ import annotations

from functools import wraps
from flask import Blueprint, abort, g, jsonify, redirect, request, session, url_for
from flask_wtf.csrf import generate_csrf

from dossier_bridge.models import SignInClient
from dossier_bridge.staff import StaffMember
from dossier_bridge.web import signin
from dossier_bridge.web.context import settings
from dossier_bridge.web.oidc import STAFF_CLIENT, finish_sign_in, oauth, sign_out_redirect

STAFF_ROLE = "agent-famille"

blueprint = Blueprint("staff_auth", __name__, url_prefix="/review")


def current_staff() -> dict | None:
    """The signed-in member of staff: sub, username, name, roles (as Keycloak last confirmed them)."""
    signed_in = signin.current(SignInClient.STAFF)
    return None if signed_in is None else {**signed_in.profile, "sub": signed_in.subject}


def current_member() -> StaffMember:
    """The signed-in staff member, as decisions and imports record who acted."""
    staff = current_staff() or {}
    return StaffMember(staff.get("sub") or "", staff.get("username") or staff.get("sub") or "?")


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
        g.staff_session_seconds = signin.peek(SignInClient.STAFF)[0]
        g.staff_idle_minutes = max(1, round(settings().session_idle_seconds / 60))
        return view(*args, **kwargs)

    return guarded


def _session_answer(staff: dict | None):
    if staff is None or STAFF_ROLE not in staff.get("roles", []):
        return jsonify(error="unauthorized", message="The staff session has ended.", seconds_left=0), 401
    # A page's form token is valid for the idle time from when the page was drawn:
    # a page kept open by extensions gets fresh ones.
    return jsonify(seconds_left=signin.peek(SignInClient.STAFF)[0], csrf_token=generate_csrf())


@blueprint.get("/session")
def session_state():
    """How long the staff sign-in has left; reading it is not activity (nor a re-validation)."""
    left, profile = signin.peek(SignInClient.STAFF)
    if left <= 0 or STAFF_ROLE not in profile.get("roles", []):
        return _session_answer(None)
    return jsonify(seconds_left=left, csrf_token=generate_csrf())


@blueprint.post("/session")
def extend_session():
    """The agent chose to keep working: the sign-in starts its idle time again."""
    staff = current_staff()
    if staff is not None:
        signin.keep_alive(SignInClient.STAFF)
    return _session_answer(staff)


@blueprint.get("/connexion")
def sign_in():
    return oauth.create_client(STAFF_CLIENT).authorize_redirect(url_for("staff_auth.callback", _external=True))


@blueprint.get("/retour")
def callback():
    token = finish_sign_in(STAFF_CLIENT)
    if token is None:
        return redirect(url_for("staff_auth.sign_in"))
    signin.begin(SignInClient.STAFF, token)
    return redirect(session.pop("staff_next", None) or url_for("review.queue"))


@blueprint.get("/deconnexion")
def sign_out():
    id_token = signin.end(SignInClient.STAFF)
    config = settings()
    return sign_out_redirect(config.ui_client_id, id_token, f"{config.public_url}/review/")
