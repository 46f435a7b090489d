"""What a numéro de dossier looks like.

The same pattern is declared on the `dossierNumber` attribute of the realm's
user profile, so a family sees the format error before the bridge is asked.
"""

import re

DOSSIER_NUMBER_PATTERN = r"^[0-9]{4,10}$"
_DOSSIER_NUMBER = re.compile(DOSSIER_NUMBER_PATTERN)


def normalise_dossier_number(raw: str | None) -> str:
    """Strip the spaces families copy from invoices ("104 233")."""
    return "".join((raw or "").split())


def is_valid_dossier_number(number: str) -> bool:
    return bool(_DOSSIER_NUMBER.match(number))


def allocate_dossier_number(session) -> str:
    """The next free number for a dossier created by staff, unique under concurrency.

    The counter row (seeded by the migration: staff numbers start at 500001)
    is incremented with one UPDATE, which PostgreSQL and SQLite serialise, so
    two transactions never receive the same value; numbers already taken by
    imported dossiers are skipped.
    """
    from sqlalchemy import func, select, update

    from dossier_bridge.models import Dossier, DossierCounter

    while True:
        value = session.execute(
            update(DossierCounter).where(DossierCounter.name == "dossier")
            .values(value=DossierCounter.value + 1).returning(DossierCounter.value)
        ).scalar_one()
        number = str(value)
        taken = session.scalar(select(func.count()).select_from(Dossier).where(Dossier.number == number))
        if not taken:
            return number
