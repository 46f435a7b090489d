"""Machine-to-machine calls (Keycloak's extension) carry the shared secret as a bearer token."""

from __future__ import annotations

import hmac
from functools import wraps

from flask import abort, request

from dossier_bridge.web.context import settings


def require_api_secret(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        expected = settings().api_secret
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if not expected or scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected.encode()):
            abort(401, description="A valid 'Authorization: Bearer <BRIDGE_API_SECRET>' header is required.")
        return view(*args, **kwargs)

    return guarded
