"""Periodic rounds run by one worker at a time, however many workers there are.

Each worker loops every few seconds; a round that must happen once per
interval across the whole installation (the retention jobs, the sweep of
pending links) is claimed in the database first. Without the claim every
worker would repeat the round, and each repetition lists every family
account through Keycloak's admin API.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.db import transaction, utc
from dossier_bridge.models import JobRound


def claim_round(sessions: sessionmaker[Session], name: str, interval: dt.timedelta, now: dt.datetime) -> bool:
    """True when this worker runs the round `name` now; False when another ran it less than `interval` ago."""
    try:
        with transaction(sessions) as session:
            # The row lock makes a second worker wait for the first one's decision, then see it.
            last = session.get(JobRound, name, with_for_update=True)
            if last is None:
                session.add(JobRound(name=name, started_at=now))
            elif utc(last.started_at) + interval > now:
                return False
            else:
                last.started_at = now
    except IntegrityError:
        return False  # two first rounds at once: the other worker's row came first
    return True


class Every:
    """A round run at most once per interval by all the workers together (the first time at once)."""

    def __init__(self, sessions: sessionmaker[Session], name: str, seconds: float):
        self._sessions, self._name = sessions, name
        self._interval = dt.timedelta(seconds=seconds)

    def __call__(self, work: Callable[[dt.datetime], object]) -> object:
        now = dt.datetime.now(dt.timezone.utc)
        if not claim_round(self._sessions, self._name, self._interval, now):
            return None
        return work(now)
