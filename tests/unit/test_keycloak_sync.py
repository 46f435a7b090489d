"""Decisions reach Keycloak even when it is down at decision time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.keycloak_sync import apply_due, queue_sync
from dossier_bridge.keycloak_users import DirectoryUnavailable
from dossier_bridge.models import KeycloakSync


class FlakyDirectory:
    def __init__(self):
        self.up, self.applied = False, []

    def get(self, user_id):
        return None

    def set_attributes(self, user_id, values):
        if not self.up:
            raise DirectoryUnavailable("Keycloak down")
        self.applied.append((user_id, dict(values)))


def test_pending_until_keycloak_answers_then_applied_once(database_url, due_time):
    now = due_time
    sessions = make_session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        queue_sync(session, "kc-1", {"dossierNumber": "500001", "dossierStatus": "linked"}, None)
    directory = FlakyDirectory()
    assert apply_due(sessions, directory, now) == 0
    with sessions() as session:
        assert session.scalars(select(KeycloakSync.status)).one() == "pending"
    directory.up = True
    assert apply_due(sessions, directory, now + dt.timedelta(minutes=1)) == 1
    assert apply_due(sessions, directory, now + dt.timedelta(minutes=2)) == 0
    assert directory.applied == [("kc-1", {"dossierNumber": "500001", "dossierStatus": "linked"})]
