"""The stored blocking keys of the registry: written with every change, rebuilt on demand.

The registry's one write path (``registry.importer``, which also creates the
dossiers staff decide on) calls :func:`write_keys` for the dossiers it
changed, in the same transaction. :func:`rebuild_keys_on` recomputes every
key, for a registry filled before the keys existed or after the key recipe
changed (``dossier-bridge matching-reindex``, migration 0002).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.orm import Session

from dossier_bridge.matching.blocking import all_keys, dossier_keys
from dossier_bridge.matching.features import FamilyFeatures, family_features
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.models.matching import MatchingKey
from dossier_bridge.models.registry import Dossier, Person

# What the engine reads of a person (search and rebuild share it).
PERSON_COLUMNS = (
    Person.dossier_id,
    Person.role,
    Person.last_name,
    Person.first_name,
    Person.birth_date,
    Person.email,
    Person.phone,
    Person.address,
    Person.postal_code,
    Person.town,
)


def write_keys(session: Session, dossiers: list[Dossier]) -> None:
    """Replace the stored keys of these (flushed) dossiers with freshly computed ones."""
    connection = session.connection()
    ids = [d.id for d in dossiers]
    for start in range(0, len(ids), 500):
        connection.execute(delete(MatchingKey).where(MatchingKey.dossier_id.in_(ids[start : start + 500])))
    rows = [{"dossier_id": d.id, "key": key} for d in dossiers for key in dossier_keys(d)]
    if rows:
        connection.execute(insert(MatchingKey), rows)


def registry_families(connection: Connection) -> Iterator[tuple[int, FamilyFeatures]]:
    """Every dossier of the registry as (id, features), read in one pass."""
    numbers = dict(connection.execute(select(Dossier.id, Dossier.number)).all())
    persons: dict[int, list] = defaultdict(list)
    query = select(*PERSON_COLUMNS).order_by(Person.dossier_id, Person.id)
    for row in connection.execute(query):
        persons[row.dossier_id].append(row)
    for dossier_id, number in numbers.items():
        yield dossier_id, family_features(FamilyProfile.from_persons(number, persons.get(dossier_id, [])))


def rebuild_keys_on(connection: Connection) -> int:
    """Replace every stored key; returns the number of dossiers indexed."""
    connection.execute(delete(MatchingKey))
    batch: list[dict] = []
    count = 0
    for dossier_id, family in registry_families(connection):
        count += 1
        batch.extend({"dossier_id": dossier_id, "key": key} for key in all_keys(family))
        if len(batch) >= 20_000:
            connection.execute(insert(MatchingKey), batch)
            batch = []
    if batch:
        connection.execute(insert(MatchingKey), batch)
    return count
