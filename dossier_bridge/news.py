"""News items: queries and the public shape of an item."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier_bridge.models import NewsItem

SUMMARY_LENGTH = 220


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
        "url": item.link_url or f"{page_url}#actualite-{item.id}",
    }
