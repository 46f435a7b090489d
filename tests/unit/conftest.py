"""Database fixtures for tests that need a real database: SQLite always, PostgreSQL when CI provides one."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from dossier_bridge.db import make_engine
from dossier_bridge.migrate import upgrade

_BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_POSTGRES_URL") else [])


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=_BACKENDS)
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bridge.sqlite3'}"
    else:
        url = os.environ["TEST_POSTGRES_URL"]
        _reset_postgres(url)
    upgrade(url)
    yield url
