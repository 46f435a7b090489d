"""Numbers read from URLs and forms, kept within what the database and the engine accept.

A request id beyond the database's integer range, or a score of ``inf`` or
``1e308``, is a caller's mistake: it gets a 404 or 400, never reaches SQL.
"""

from __future__ import annotations

import math

from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

# PostgreSQL's INTEGER (SQLite accepts more, but the same URL must behave the same on both).
MAX_DB_INT = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: a positive id the database can hold, else no route matches (404)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_DB_INT)
        super().__init__(map, *args, **kwargs)


def form_int(raw: str | None) -> int:
    """A whole number posted by one of our forms (a version counter), else 400."""
    try:
        value = int(raw or "")
    except ValueError as exc:
        raise BadRequest("a whole number was expected") from exc
    if not 0 <= value <= MAX_DB_INT:
        raise BadRequest("number out of range")
    return value


def score(raw: str | None, default: float) -> float:
    """A similarity threshold between 0 and 1; anything unreadable or not finite is a 400."""
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise BadRequest("the threshold must be a number between 0 and 1") from exc
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise BadRequest("the threshold must be a number between 0 and 1")
    return value
