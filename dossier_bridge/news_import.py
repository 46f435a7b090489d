"""Loading news items from a JSON file (sample data, or a city's initial news).

The file is a list of objects with ``title``, ``date`` (AAAA-MM-JJ),
``summary``, optional ``link_url`` and ``published``. An item is known by its
title and date: importing the same file twice changes nothing. Errors are
collected for the whole file, in English for operators, and nothing is
stored when there is one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier_bridge.models import NewsItem
from dossier_bridge.news import safe_link


class NewsFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class NewsRecord:
    title: str
    news_date: dt.date
    summary: str
    link_url: str | None
    published: bool


def read_news_file(path: str | Path) -> list[NewsRecord]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise NewsFileError([f"not UTF-8 (byte {exc.start})"]) from exc
    except json.JSONDecodeError as exc:
        raise NewsFileError([f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]) from exc
    if not isinstance(data, list):
        raise NewsFileError(["the file must hold a JSON list of news items"])
    records, errors = [], []
    for index, item in enumerate(data, start=1):
        record = _record(item, index, errors)
        if record is not None:
            records.append(record)
    if errors:
        raise NewsFileError(errors)
    return records


def _record(item: object, index: int, errors: list[str]) -> NewsRecord | None:
    if not isinstance(item, dict):
        errors.append(f"item {index}: not an object")
        return None
    before = len(errors)
    title, summary = str(item.get("title") or "").strip(), str(item.get("summary") or "").strip()
    if not title or len(title) > 200:
        errors.append(f"item {index}: 'title' must have 1 to 200 characters")
    if not summary:
        errors.append(f"item {index}: 'summary' is empty")
    try:
        news_date = dt.date.fromisoformat(str(item.get("date", "")))
    except ValueError:
        errors.append(f"item {index}: 'date' must be AAAA-MM-JJ")
    link = item.get("link_url") or None
    if link is not None and safe_link(str(link)) is None:
        errors.append(f"item {index}: 'link_url' must be an http(s) address")
    if len(errors) != before:
        return None
    return NewsRecord(title, news_date, summary, link, bool(item.get("published", True)))


def import_news(session: Session, records: list[NewsRecord]) -> tuple[int, int]:
    """Returns how many items were created and how many were changed."""
    created = changed = 0
    for record in records:
        item = session.scalars(
            select(NewsItem).where(NewsItem.title == record.title, NewsItem.news_date == record.news_date)
        ).first()
        if item is None:
            session.add(NewsItem(title=record.title, news_date=record.news_date, summary=record.summary,
                                 link_url=record.link_url, published=record.published, updated_by="import"))
            created += 1
        elif (item.summary, item.link_url, item.published) != (record.summary, record.link_url, record.published):
            item.summary, item.link_url, item.published = record.summary, record.link_url, record.published
            changed += 1
    session.flush()
    return created, changed
