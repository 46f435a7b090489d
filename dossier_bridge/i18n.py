"""User-facing words of the bridge, French first, English second, kept in message bundles.

Bundles are JSON files in ``messages/<locale>/`` (one file per area of the
bridge, merged), the same idea as Keycloak's theme bundles; templates call
``_("key")``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Flask, request, session

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
_BUNDLES = Path(__file__).parent / "messages"


@cache
def bundle(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((_BUNDLES / locale).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def current_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in LOCALES:
        return session["lang"]
    return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE) or DEFAULT_LOCALE


def translate(key: str, **values: object) -> str:
    """The text of `key` in the request's locale, French when a translation is missing."""
    text = bundle(current_locale()).get(key) or bundle(DEFAULT_LOCALE).get(key) or key
    return text.format(**values) if values else text


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_=translate, current_locale=current_locale)
