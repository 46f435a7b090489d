"""Recomputing the stored blocking keys of the whole registry.

Keys are kept up to date on every flush (see ``models.matching``); this is
for a registry filled before the keys existed, or after the key recipe
changed (``dossier-bridge matching-reindex``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from sqlalchemy import Connection, delete, insert, select

from dossier_bridge.matching.blocking import all_keys
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
