"""What the city declares about the personal data it keeps: who is responsible, and for how long each kind is kept.

``config.py`` reads both from the environment; the privacy notice
(``/confidentialite``) and the worker's purge jobs read them from here, so
the page a family reads and the rule the worker applies are the same numbers.
The defaults are the ones ``docs/personal-data.md`` argues for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class RetentionPeriods:
    """How many days each kind of personal data is kept (see docs/personal-data.md)."""

    # Dossier checks and "lost number" requests (who asked, from where): a security log.
    verification_attempts_days: int = 180
    # The text of an e-mail once sent; the record that it was sent is kept longer.
    mail_body_days: int = 30
    mail_record_days: int = 365
    # A claim on a dossier that was released (never activated, account deleted, undone by staff).
    released_links_days: int = 365
    # A family request or a correction request once decided or answered.
    decided_requests_days: int = 365
    # The administrative record: staff decisions, erasure records.
    administrative_record_days: int = 1825
    # A Keycloak account whose e-mail was never confirmed.
    unactivated_accounts_days: int = 30
    # An account nobody signed in to for this long is warned, then deleted after the notice period.
    inactive_accounts_days: int = 1095
    inactive_notice_days: int = 30
    # A registry dossier absent from every billing export for this long (and held by no account).
    registry_days: int = 1825

    def period(self, name: str) -> dt.timedelta:
        return dt.timedelta(days=getattr(self, name))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class DataController:
    """The controller of the processing and whom to write to about it (the privacy notice's facts)."""

    name: str = "Ville de Chartres, représentée par son maire"
    address: str = "Hôtel de Ville, Place des Halles, 28000 Chartres"
    dpo_contact: str = "dpo@ville-chartres.example"
    dpo_address: str = "Délégué à la protection des données, Hôtel de Ville, Place des Halles, 28000 Chartres"
    host: str = "Hébergement assuré par les services informatiques de la ville"
