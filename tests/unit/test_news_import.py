"""`dossier-bridge import-news`: sample news for the login page, idempotent, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from dossier_bridge.cli import main
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.models import NewsItem

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-news.json"


def run(database_url, monkeypatch, *args):
    monkeypatch.setenv("BRIDGE_DATABASE_URL", database_url)
    return CliRunner().invoke(main, list(args))


def count(database_url) -> int:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        total = session.scalar(select(func.count()).select_from(NewsItem))
    engine.dispose()
    return total


def test_sample_news_load_once(database_url, monkeypatch):
    first = run(database_url, monkeypatch, "import-news", str(SAMPLE))
    assert first.exit_code == 0 and "3 created, 0 changed" in first.output
    second = run(database_url, monkeypatch, "import-news", str(SAMPLE))
    assert "0 created, 0 changed" in second.output
    assert count(database_url) == 3


def test_a_bad_news_file_names_each_item_and_imports_nothing(database_url, monkeypatch, tmp_path):
    bad = tmp_path / "news.json"
    bad.write_text(json.dumps([
        {"title": "Bonne", "date": "2026-05-01", "summary": "Texte."},
        {"title": "", "date": "01/05/2026", "summary": "Texte."},
        {"title": "Lien", "date": "2026-05-02", "summary": "Texte.", "link_url": "javascript:alert(1)"},
    ]), encoding="utf-8")
    result = run(database_url, monkeypatch, "import-news", str(bad))
    assert result.exit_code == 1
    assert "item 2: 'title' must have 1 to 200 characters" in result.output
    assert "item 2: 'date' must be AAAA-MM-JJ" in result.output
    assert "item 3: 'link_url' must be an http(s) address" in result.output
    assert count(database_url) == 0


def test_broken_json_gives_its_line(database_url, monkeypatch, tmp_path):
    bad = tmp_path / "news.json"
    bad.write_text('[\n  {"title": "x",\n  oops\n]', encoding="utf-8")
    result = run(database_url, monkeypatch, "import-news", str(bad))
    assert result.exit_code == 1 and "line 3" in result.output
