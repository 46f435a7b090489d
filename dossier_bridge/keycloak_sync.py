"""Applying staff decisions to Keycloak users, retried until Keycloak has them.

A decision is recorded first; the user's `dossierNumber`/`dossierStatus`
follow. When Keycloak is down the row stays pending and staff see it.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.db import transaction
from dossier_bridge.keycloak_users import DirectoryUnavailable, UserDirectory, UserGone
from dossier_bridge.models import KeycloakSync

log = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(minutes=30)
BASE_DELAY = dt.timedelta(seconds=5)


def queue_sync(session: Session, keycloak_user_id: str, attributes: dict[str, str | None], decision_id: int | None) -> KeycloakSync:
    sync = KeycloakSync(keycloak_user_id=keycloak_user_id, attributes=attributes, decision_id=decision_id)
    session.add(sync)
    session.flush()
    return sync


def apply_one(sessions: sessionmaker[Session], directory: UserDirectory, sync_id: int,
              now: dt.datetime | None = None) -> bool:
    now = now or dt.datetime.now(dt.timezone.utc)
    with transaction(sessions) as session:
        sync = session.get(KeycloakSync, sync_id, with_for_update=True)
        if sync is None or sync.status == "done":
            return False
        try:
            directory.set_attributes(sync.keycloak_user_id, sync.attributes)
        except UserGone:
            # Nothing left to update; kept for the record, never retried.
            sync.status = "user_missing"
            sync.last_error = "the Keycloak user no longer exists"
            log.warning("Keycloak update %s: user %s no longer exists", sync.id, sync.keycloak_user_id)
            return False
        except DirectoryUnavailable as exc:
            sync.attempts += 1
            sync.next_attempt_at = now + min(BASE_DELAY * 2 ** (sync.attempts - 1), MAX_BACKOFF)
            sync.last_error = str(exc)[:500]
            log.warning("Keycloak update %s for user %s pending: %s", sync.id, sync.keycloak_user_id, exc)
            return False
        sync.status = "done"
        sync.done_at = now
        return True


def apply_due(sessions: sessionmaker[Session], directory: UserDirectory, now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(dt.timezone.utc)
    with sessions() as session:
        due = session.scalars(
            select(KeycloakSync.id).where(KeycloakSync.status == "pending", KeycloakSync.next_attempt_at <= now)
            .order_by(KeycloakSync.id).limit(100)
        ).all()
    return sum(apply_one(sessions, directory, sync_id, now) for sync_id in due)
