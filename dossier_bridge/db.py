"""Database engine and sessions: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


def make_engine(url: str, *, autocommit: bool = False) -> Engine:
    """An engine whose errors never quote the values of a statement (names, e-mails) into logs.

    With `autocommit`, every statement commits on its own: for work that needs
    no transaction around its statements, without the BEGIN and COMMIT round
    trips. A pool of its own: switching a pooled connection's mode at each
    checkout would cost more round trips than it saves.
    """
    options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # Use psycopg 3, the driver this project installs, when the URL names none.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **options)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web workers read while the importer or the outbox writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL keeps the database consistent and skips an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on error."""
    with factory() as session, session.begin():
        yield session


def bulk_insert(connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT many rows the fastest way the driver knows, in the connection's transaction.

    For the registry's bulk writes (a whole city's export: some 400,000
    persons and a million matching keys), SQLAlchemy's per-row parameter
    processing costs more than the database: PostgreSQL gets a COPY, SQLite
    the driver's own executemany. Values must be plain (str, int, None;
    dates as :func:`plain_date` gives them).
    """
    if not rows:
        return
    quote = connection.dialect.identifier_preparer.quote
    target = f"{quote(table.name)} ({', '.join(quote(c) for c in columns)})"
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            with cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        finally:
            cursor.close()
        return
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(f"INSERT INTO {target} VALUES ({', '.join([marker] * len(columns))})",
                               [tuple(row) for row in rows])


def plain_date(connection: Connection, value: dt.date | None) -> dt.date | str | None:
    """A date as the driver of `connection` takes it in :func:`bulk_insert`."""
    if value is None or connection.dialect.name != "sqlite":
        return value
    return value.isoformat()


def utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime: SQLite hands back naive ones, which are UTC (CURRENT_TIMESTAMP)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
