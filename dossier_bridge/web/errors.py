"""Error answers: JSON with an English message for API callers, a French page for people; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, _form_expired)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _http_error(exc: HTTPException):
    if _wants_json():
        return jsonify(error=exc.name.lower().replace(" ", "_"), message=exc.description), exc.code
    if exc.code == 403:
        return render_template("staff/forbidden.html"), 403
    return render_template("error.html", code=exc.code), exc.code


def _form_expired(_exc: CSRFError):
    # A form kept open past the session, or posted from elsewhere: nothing is done.
    return render_template("session_expired.html"), 400


def _unexpected(exc: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    if _wants_json():
        return jsonify(error="internal_error", message="The bridge could not complete the request."), 500
    return render_template("error.html", code=500), 500
