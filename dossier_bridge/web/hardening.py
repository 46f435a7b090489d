"""What every answer of the bridge gets, whatever the view: bounded bodies, strict JSON, security headers.

- A body larger than ``MAX_BODY_BYTES`` is refused with 413 before it is read
  (a view that takes uploads raises its own limit for its request).
- JSON bodies nested deeper than a real payload, or holding strings that are
  not Unicode text (a lone surrogate such as ``\\ud800``), are a 400, not a
  crash deep in the database driver.
- Pages and API answers carry a Content-Security-Policy (no inline script,
  the one inline style carries a per-request nonce), frame-ancestors 'none',
  nosniff and a Referrer-Policy; HSTS in production, where the bridge is only
  reached over https.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g
from flask.json.provider import DefaultJSONProvider

from dossier_bridge.config import Settings
from dossier_bridge.web.params import DatabaseIdConverter

MAX_BODY_BYTES = 256 * 1024
MAX_JSON_DEPTH = 16
HSTS = "max-age=31536000; includeSubDomains"


class StrictJSONProvider(DefaultJSONProvider):
    """Refuses (as ValueError, which Flask turns into 400) what no caller of ours sends."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc
        _check(value, 0)
        return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("JSON strings must be Unicode text (a lone surrogate was found)") from exc


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def content_security_policy(nonce: str, image_origins: tuple[str, ...] = ()) -> str:
    images = " ".join(("'self'", "data:", *image_origins))
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' 'nonce-{nonce}'",
        f"img-src {images}",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


def init_app(app: Flask, settings: Settings) -> None:
    app.json = StrictJSONProvider(app)
    app.url_map.converters["int"] = DatabaseIdConverter
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    logo_origin = _origin(settings.branding.logo_url)
    image_origins = (logo_origin,) if logo_origin else ()

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce(), image_origins))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if settings.is_production:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
