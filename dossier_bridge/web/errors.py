"""Error answers: JSON with an English message for API callers, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _http_error(exc: HTTPException):
    if _wants_json():
        return jsonify(error=exc.name.lower().replace(" ", "_"), message=exc.description), exc.code
    return exc


def _unexpected(exc: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    if _wants_json():
        return jsonify(error="internal_error", message="The bridge could not complete the request."), 500
    return "Une erreur inattendue est survenue. Réessayez dans quelques minutes.", 500
