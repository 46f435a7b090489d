"""Throw-away databases for tests and benchmarks."""

from __future__ import annotations

from sqlalchemy import text

from dossier_bridge.db import make_engine


def reset_postgres(url: str) -> None:
    """Empty a test PostgreSQL database: every table of the bridge's schema goes, migrations start again."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
