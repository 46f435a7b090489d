"""The stored blocking keys of the registry: written with every change, rebuilt on demand.

The registry's one write path (``registry.importer``, which also creates the
dossiers staff decide on) calls :func:`replace_keys` for the dossiers it
created or changed, in the same transaction. :func:`rebuild_keys_on` recomputes every
key, for a registry filled before the keys existed or after the key recipe
changed (``dossier-bridge matching-reindex``, migration 0002).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Iterator

from sqlalchemy import Connection, delete, select

from dossier_bridge.db import bulk_insert
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
    return replace_keys(connection, ((i, family, False) for i, family in registry_families(connection)))


def replace_keys(
    connection: Connection,
    families: Iterable[tuple[int, FamilyFeatures, bool]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the keys of (dossier id, features, whether it has keys already); returns the dossiers indexed.

    In batches: stale keys of the batch's dossiers are deleted, then the new ones inserted.
    """
    table = MatchingKey.__table__
    rows: list[tuple[int, str]] = []
    stale: list[int] = []
    count = 0

    def flush() -> None:
        for start in range(0, len(stale), 500):
            connection.execute(delete(table).where(table.c.dossier_id.in_(stale[start : start + 500])))
        bulk_insert(connection, table, ("dossier_id", "key"), rows)
        rows.clear()
        stale.clear()
        if progress:
            progress(count)

    for dossier_id, family, existed in families:
        count += 1
        if existed:
            stale.append(dossier_id)
        rows.extend((dossier_id, key) for key in all_keys(family))
        if len(rows) >= 20_000:
            flush()
    flush()
    return count
