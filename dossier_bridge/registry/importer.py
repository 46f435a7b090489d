"""Applying a parsed dossier file to the registry, all or nothing.

Importing the same file twice changes nothing the second time: persons are
matched on their identity inside the dossier and only differing fields are
written. Persons missing from a newer export are kept, never deleted: the
registry also holds what staff created, and losing a person silently is
worse than keeping a stale one.

This is the registry's one write path (staff-created dossiers come through
it too), so it is also where the duplicate engine's keys of every changed
dossier are rewritten, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from dossier_bridge.matching.index import write_keys
from dossier_bridge.models import Dossier, Person, PersonRole
from dossier_bridge.names import fold_compact
from dossier_bridge.registry.csv_format import DossierRecord, PersonRecord

_FIELDS = ("last_name", "first_name", "birth_date", "email", "phone", "address", "postal_code", "town")


@dataclass
class ImportReport:
    dossiers_created: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    persons_unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.dossiers_created or self.persons_created or self.persons_updated)


# A dossier's "still exported" mark is refreshed at most this often: the same file
# imported twice in a day changes nothing the second time.
EXPORT_MARK_PRECISION = dt.timedelta(days=1)


def import_dossiers(session: Session, records: list[DossierRecord], now: dt.datetime | None = None) -> ImportReport:
    now = now or dt.datetime.now(dt.timezone.utc)
    report = ImportReport()
    existing = _existing_dossiers(session, [r.number for r in records])
    changed: dict[str, Dossier] = {}
    for record in records:
        dossier = existing.get(record.number)
        created = dossier is None
        if created:
            dossier = Dossier(number=record.number, source="import", last_imported_at=now)
            session.add(dossier)
            report.dossiers_created += 1
        if _apply_persons(dossier, record.persons, report) or created:
            changed[dossier.number] = dossier
    session.flush()
    write_keys(session, list(changed.values()))
    _mark_exported(session, list(existing), now)
    return report


def _mark_exported(session: Session, numbers: list[str], now: dt.datetime) -> None:
    """The registry keeps a dossier as long as the billing system exports it (personal_data.retention)."""
    stale = now - EXPORT_MARK_PRECISION
    for start in range(0, len(numbers), 500):
        session.execute(
            update(Dossier)
            .where(Dossier.number.in_(numbers[start:start + 500]),
                   or_(Dossier.last_imported_at.is_(None), Dossier.last_imported_at < stale))
            # A mark, not a change of the dossier: its updated_at stays.
            .values(last_imported_at=now, updated_at=Dossier.updated_at)
            .execution_options(synchronize_session=False)
        )


def _existing_dossiers(session: Session, numbers: list[str]) -> dict[str, Dossier]:
    found: dict[str, Dossier] = {}
    # Chunked so that a 100k-dossier file stays under every database's bind limit.
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        query = select(Dossier).where(Dossier.number.in_(chunk)).options(selectinload(Dossier.persons))
        found.update({d.number: d for d in session.scalars(query)})
    return found


def _apply_persons(dossier: Dossier, persons: list[PersonRecord], report: ImportReport) -> bool:
    """Add or update the dossier's persons; whether anything changed."""
    by_key = {p.person_key: p for p in dossier.persons}
    changed = False
    for record in persons:
        person = by_key.get(record.key)
        if person is None:
            dossier.persons.append(_new_person(record))
            report.persons_created += 1
            changed = True
        elif _update(person, record):
            report.persons_updated += 1
            changed = True
        else:
            report.persons_unchanged += 1
    return changed


def _new_person(record: PersonRecord) -> Person:
    person = Person(role=PersonRole(record.role), person_key=record.key, last_name_key=fold_compact(record.last_name))
    for name in _FIELDS:
        setattr(person, name, getattr(record, name))
    return person


def _update(person: Person, record: PersonRecord) -> bool:
    changed = False
    for name in _FIELDS:
        value = getattr(record, name)
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    if changed:
        person.last_name_key = fold_compact(record.last_name)
    return changed
