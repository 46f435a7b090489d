"""Public news: `GET /api/v1/news` (JSON, readable by the Keycloak login page) and `/actualites`.

No sign-in and no family data: only published items. The login page fetches
the feed from the browser, so the answer carries CORS headers for the
Keycloak origin; when the bridge is down the login page simply shows no news.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, jsonify, render_template, request, url_for

from dossier_bridge import news
from dossier_bridge.web.context import sessions, settings

blueprint = Blueprint("news_api", __name__)

MAX_LIMIT = 20


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _allowed_origins() -> set[str]:
    config = settings()
    return {_origin(config.keycloak_public_url), _origin(config.keycloak_url), _origin(config.public_url)}


@blueprint.get("/api/v1/news")
def feed():
    try:
        limit = max(1, min(int(request.args.get("limit", 3)), MAX_LIMIT))
    except ValueError:
        limit = 3
    page_url = settings().public_url + url_for("news_api.page")
    with sessions()() as session:
        items = [news.public_item(item, page_url) for item in news.published(session, limit)]
    answer = jsonify(items=items)
    origin = request.headers.get("Origin")
    if origin and origin in _allowed_origins():
        answer.headers["Access-Control-Allow-Origin"] = origin
    answer.headers["Vary"] = "Origin"
    answer.headers["Cache-Control"] = "public, max-age=60"
    return answer


@blueprint.get("/actualites")
def page():
    with sessions()() as session:
        items = news.published(session)
        return render_template("news/public.html", items=items, safe_link=news.safe_link)
