"""Fixtures shared by the unit tests: no service runs, the database is a file (or CI's PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from dossier_bridge.db import transaction
from dossier_bridge.migrate import upgrade
from dossier_bridge.models import SignInClient, SignInSession
from dossier_bridge.web import context
from tests.support.databases import reset_postgres

STAFF_ROLE = "agent-famille"

_BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_POSTGRES_URL") else [])


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory) -> Path:
    """One SQLite database migrated once per run; each test gets a copy (migrating is most of a test's time)."""
    path = tmp_path_factory.mktemp("migrated") / "bridge.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


def _copy_sqlite(source: Path, target: Path) -> None:
    # SQLite's backup API copies what is still in the write-ahead log too.
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.fixture(params=_BACKENDS)
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "bridge.sqlite3"
        _copy_sqlite(request.getfixturevalue("_migrated_sqlite"), path)
        url = f"sqlite:///{path}"
    else:
        url = os.environ["TEST_POSTGRES_URL"]
        reset_postgres(url)
        upgrade(url)
    yield url


@pytest.fixture
def due_time() -> dt.datetime:
    """A minute ahead of the clock: whatever the test queues (stamped with the database's "now") is due then."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(minutes=1)


@pytest.fixture
def sign_in_staff() -> Callable[..., str]:
    """Store a staff sign-in and give its reference to a Flask test client, as the Keycloak callback would.

    Returns the Keycloak session id (`sid`) the sign-in carries.
    """

    def sign_in(client, roles=(STAFF_ROLE,), seen: float | None = None, username: str = "agent.test") -> str:
        sid = f"sid-{username}-{time.monotonic_ns()}"
        token = {"userinfo": {"sub": f"sub-{username}", "sid": sid, "preferred_username": username,
                              "name": username, "realm_roles": list(roles)},
                 "refresh_token": f"refresh-{sid}", "id_token": f"id-token-{sid}"}
        services = context.services(client.application)
        with transaction(services.sessions) as db:
            ref = services.signin.open(db, SignInClient.STAFF, token)
            if seen is not None:
                db.execute(update(SignInSession).where(SignInSession.id == ref)
                           .values(last_seen_at=dt.datetime.fromtimestamp(seen, dt.timezone.utc)))
        with client.session_transaction() as session:
            session["staff_signin"] = ref
        return sid

    return sign_in
