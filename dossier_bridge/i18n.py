"""User-facing words of the bridge, French first, English second, kept in message bundles.

Bundles are JSON files in ``messages/<locale>/`` (one file per area of the
bridge, merged), the same idea as Keycloak's theme bundles. Pages choose
the request's locale in ``web/i18n.py``; e-mails are French.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
_BUNDLES = Path(__file__).parent / "messages"


@cache
def bundle(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((_BUNDLES / locale).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def message(locale: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``locale`` (French when missing there), filled with ``values``."""
    text = bundle(locale).get(key) or bundle(DEFAULT_LOCALE).get(key) or key
    return text.format(**values) if values else text
