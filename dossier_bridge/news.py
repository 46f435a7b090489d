"""News items: queries and the public shape of an item."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier_bridge.models import NewsItem

SUMMARY_LENGTH = 220
LINK_SCHEMES = ("http", "https")


def safe_link(url: str | None) -> str | None:
    """The link when it is a web address (http or https, with a host); None otherwise.

    Checked here rather than trusted to a form library: a `javascript:` or
    `data:` link must never reach the login page, whoever stored it.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc or any(c.isspace() for c in url):
        return None
    return url


def published(session: Session, limit: int | None = None) -> list[NewsItem]:
    query = select(NewsItem).where(NewsItem.published.is_(True)).order_by(NewsItem.news_date.desc(), NewsItem.id.desc())
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def all_items(session: Session) -> list[NewsItem]:
    return list(session.scalars(select(NewsItem).order_by(NewsItem.news_date.desc(), NewsItem.id.desc())))


def short(text: str, length: int = SUMMARY_LENGTH) -> str:
    """The first words of a text, cut on a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def public_item(item: NewsItem, page_url: str) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "date": item.news_date.isoformat(),
        "summary": short(item.summary),
        "url": safe_link(item.link_url) or f"{page_url}#actualite-{item.id}",
    }
