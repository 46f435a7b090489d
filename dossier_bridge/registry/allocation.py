"""Handing out numbers to the dossiers staff create (a database operation; the format is in ``numbers``)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dossier_bridge.models import Dossier, DossierCounter


def allocate_dossier_number(session: Session) -> str:
    """The next free number for a dossier created by staff, unique under concurrency.

    The counter row (seeded by the migration: staff numbers start at 500001)
    is incremented with one UPDATE, which PostgreSQL and SQLite serialise, so
    two transactions never receive the same value; numbers already taken by
    imported dossiers are skipped.
    """
    while True:
        value = session.execute(
            update(DossierCounter).where(DossierCounter.name == "dossier")
            .values(value=DossierCounter.value + 1).returning(DossierCounter.value)
        ).scalar_one()
        number = str(value)
        taken = session.scalar(select(func.count()).select_from(Dossier).where(Dossier.number == number))
        if not taken:
            return number
