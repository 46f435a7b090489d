"""Applying a read dossier file to the registry, all or nothing, at the size of a whole city.

Importing the same file twice changes nothing the second time: persons are
matched on their identity inside the dossier and only differing fields are
written. A newer export updates the persons whose data changed and says
which fields changed. Persons and dossiers missing from a newer export are
kept and counted, never deleted: the registry also holds what staff created,
and losing a person silently is worse than keeping a stale one.

This is the registry's one write path (staff-created dossiers come through
it too), so it is also where the duplicate engine's keys of every created
or changed dossier are written, in the same transaction. The work is
planned in memory from two reads (the dossiers and the persons concerned),
then written with bulk statements: a 100,000-family export is some 400,000
rows, which one ORM object per row would make slow.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, TypeVar

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from dossier_bridge.db import bulk_insert, plain_date
from dossier_bridge.matching.features import FamilyFeatures, family_features
from dossier_bridge.matching.index import replace_keys
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.models import Dossier, Person, PersonRole
from dossier_bridge.names import fold, fold_compact
from dossier_bridge.registry.csv_format import DossierRecord, PersonRecord
from dossier_bridge.registry.import_report import RegistryChanges

PERSON_FIELDS = ("last_name", "first_name", "birth_date", "email", "phone", "address", "postal_code", "town")
# The report counts changes by the file's own column names.
FIELD_COLUMNS = dict(zip(PERSON_FIELDS, ("nom", "prenom", "date_naissance", "email", "telephone", "adresse",
                                         "code_postal", "ville")))
# Below this many dossiers in the file, the registry is read dossier by dossier, not whole.
_WHOLE_REGISTRY_FROM = 2000
_CHUNK = 500
_BATCH = 5000

T = TypeVar("T")

# (phase, done, total): "compare", "write", "index".
Progress = Callable[[str, int, int], None]


@dataclass
class _Existing:
    id: int
    number: str
    # The registry's rows of its persons (Row objects: attributes of PERSON_COLUMNS).
    persons: list[Any] = field(default_factory=list)


@dataclass
class _Plan:
    changes: RegistryChanges
    new_dossiers: list[DossierRecord] = field(default_factory=list)
    new_persons: list[tuple[int, PersonRecord]] = field(default_factory=list)  # (existing dossier id, record)
    updates: list[dict[str, Any]] = field(default_factory=list)
    # Changed dossiers: their persons once written (the file's, and those it no longer lists).
    touched: dict[int, tuple[str, list[Any]]] = field(default_factory=dict)


# A dossier's "still exported" mark is refreshed at most this often: the same file
# imported twice in a day changes nothing the second time.
EXPORT_MARK_PRECISION = dt.timedelta(days=1)

PERSON_COLUMNS = (Person.id, Person.dossier_id, Person.role, Person.person_key, Person.name_as_exported,
                  *(getattr(Person, name) for name in PERSON_FIELDS))


def import_dossiers(
    session: Session,
    records: list[DossierRecord],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    report_missing: bool = False,
    now: dt.datetime | None = None,
) -> RegistryChanges:
    """Apply ``records`` in the session's transaction (or only count, with ``dry_run``).

    ``report_missing`` lists the dossiers of earlier imports that the file
    no longer holds (meaningful for a whole export, not for one dossier).
    """
    progress = progress or (lambda *_: None)
    existing, missing = _existing(session, records, report_missing)
    plan = _Plan(RegistryChanges(dossiers_missing=missing))
    for index, record in enumerate(records):
        known = existing.get(record.number)
        if known is None:
            plan.new_dossiers.append(record)
            plan.changes.dossiers_created += 1
            plan.changes.persons_created += len(record.persons)
        else:
            _compare(known, record, plan)
            known.persons = []  # compared: its rows are no longer needed
        if index % _BATCH == 0:
            progress("compare", index, len(records))
    if not dry_run:
        now = now or dt.datetime.now(dt.timezone.utc)
        _write(session, plan, progress, now)
        _mark_exported(session.connection(), sorted(known.id for known in existing.values()), now)
    return plan.changes


def _mark_exported(connection: Connection, dossier_ids: list[int], now: dt.datetime) -> None:
    """The registry keeps a dossier as long as the billing system exports it (personal_data.retention)."""
    table = Dossier.__table__
    stale = now - EXPORT_MARK_PRECISION
    for start in range(0, len(dossier_ids), _CHUNK):
        connection.execute(
            update(table)
            .where(table.c.id.in_(dossier_ids[start : start + _CHUNK]),
                   or_(table.c.last_imported_at.is_(None), table.c.last_imported_at < stale))
            # A mark, not a change of the dossier: its updated_at stays.
            .values(last_imported_at=now, updated_at=table.c.updated_at)
        )


def _existing(session: Session, records: list[DossierRecord], report_missing: bool) -> tuple[dict[str, _Existing], list[str]]:
    numbers = {r.number for r in records}
    found: dict[str, _Existing] = {}
    missing: list[str] = []
    if report_missing or len(numbers) >= _WHOLE_REGISTRY_FROM:
        for dossier_id, number, source in session.execute(select(Dossier.id, Dossier.number, Dossier.source)):
            if number in numbers:
                found[number] = _Existing(dossier_id, number)
            elif report_missing and source == "import":
                missing.append(number)
    else:
        ordered = sorted(numbers)
        for start in range(0, len(ordered), _CHUNK):
            query = select(Dossier.id, Dossier.number).where(Dossier.number.in_(ordered[start : start + _CHUNK]))
            found.update({number: _Existing(dossier_id, number) for dossier_id, number in session.execute(query)})
    by_id = {d.id: d for d in found.values()}
    if len(by_id) >= _WHOLE_REGISTRY_FROM:
        queries = [select(*PERSON_COLUMNS)]
    else:
        ids = sorted(by_id)
        queries = [select(*PERSON_COLUMNS).where(Person.dossier_id.in_(ids[s : s + _CHUNK]))
                   for s in range(0, len(ids), _CHUNK)]
    for query in queries:
        for row in session.execute(query.order_by(Person.id)):
            dossier = by_id.get(row.dossier_id)
            if dossier is not None:
                dossier.persons.append(row)
    return found, sorted(missing)


def _compare(known: _Existing, record: DossierRecord, plan: _Plan) -> None:
    """Match the record's persons with the dossier's, and plan what differs."""
    changes = plan.changes
    matched = _match_persons(known.persons, record.persons)
    changes.persons_missing += len(known.persons) - len(matched)
    changed = False
    for person_record in record.persons:
        row = matched.get(id(person_record))
        if row is None:
            plan.new_persons.append((known.id, person_record))
            changes.persons_created += 1
            changed = True
            continue
        differing = [name for name in PERSON_FIELDS if getattr(row, name) != getattr(person_record, name)]
        if not differing and row.person_key == person_record.key and row.name_as_exported == person_record.name_as_exported:
            changes.persons_unchanged += 1
            continue
        for name in differing:
            changes.fields_changed[FIELD_COLUMNS[name]] = changes.fields_changed.get(FIELD_COLUMNS[name], 0) + 1
        plan.updates.append({"_id": row.id, **_values(person_record)})
        if differing:
            changes.persons_updated += 1
            changed = True
        else:
            changes.persons_unchanged += 1
    if changed:
        changes.dossiers_updated += 1
        kept = [row for row in known.persons if all(row is not p for p in matched.values())]
        plan.touched[known.id] = (known.number, [*record.persons, *kept])
    else:
        changes.dossiers_unchanged += 1


def _match_persons(rows: list[Any], records: list[PersonRecord]) -> dict[int, Any]:
    """id(record) -> the registry row of the person it is, in three passes of decreasing strictness.

    First the identity key (role, folded names, birth date); then, for a
    corrected birth date, role and both names; then, for a changed surname
    (a marriage), role, first name and birth date. A looser pass only pairs
    persons that are alone to agree on it.
    """
    matched: dict[int, Any] = {}
    free = list(rows)
    passes: list[tuple[Callable[[Any], Any], Callable[[PersonRecord], Any]]] = [
        (lambda r: r.person_key, lambda p: p.key),
        (lambda r: (_role(r), fold(r.last_name), fold(r.first_name)),
         lambda p: (p.role, fold(p.last_name), fold(p.first_name))),
        (lambda r: (_role(r), fold(r.first_name), r.birth_date) if r.birth_date else None,
         lambda p: (p.role, fold(p.first_name), p.birth_date) if p.birth_date else None),
    ]
    for level, (row_key, record_key) in enumerate(passes):
        waiting = [r for r in records if id(r) not in matched]
        if not waiting or not free:
            break
        by_key: dict[Any, list[Any]] = defaultdict(list)
        for row in free:
            key = row_key(row)
            if key is not None:
                by_key[key].append(row)
        wanted = Counter(record_key(r) for r in waiting)
        for record in waiting:
            key = record_key(record)
            candidates = by_key.get(key) if key is not None else None
            if not candidates or (level and (len(candidates) > 1 or wanted[key] > 1)):
                continue
            row = candidates.pop(0)
            matched[id(record)] = row
            free.remove(row)
    return matched


def _role(row: Any) -> str:
    return getattr(row.role, "value", row.role)


def _values(record: PersonRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in PERSON_FIELDS}
    values["person_key"] = record.key
    values["last_name_key"] = fold_compact(record.last_name)
    values["name_as_exported"] = record.name_as_exported
    return values


_INSERT_COLUMNS = ("dossier_id", "role", "person_key", "last_name_key", "name_as_exported", *PERSON_FIELDS)


def _insert_row(connection: Connection, dossier_id: int, record: PersonRecord) -> tuple:
    values = [getattr(record, name) for name in PERSON_FIELDS]
    values[PERSON_FIELDS.index("birth_date")] = plain_date(connection, record.birth_date)
    return (dossier_id, PersonRole(record.role).value, record.key, fold_compact(record.last_name),
            record.name_as_exported, *values)


def _write(session: Session, plan: _Plan, progress: Progress, now: dt.datetime) -> None:
    connection = session.connection()
    total = (len(plan.new_dossiers) + sum(len(r.persons) for r in plan.new_dossiers) + len(plan.new_persons)
             + len(plan.updates))
    done = 0
    progress("write", 0, total)
    ids: dict[str, int] = {}
    for batch in _batches(plan.new_dossiers, _BATCH):
        rows = [{"number": r.number, "source": "import", "last_imported_at": now} for r in batch]
        result = connection.execute(insert(Dossier.__table__).returning(Dossier.id, Dossier.number), rows)
        ids.update({number: dossier_id for dossier_id, number in result})
        done += len(batch)
        progress("write", done, total)
    person_rows = (_insert_row(connection, dossier_id, p) for dossier_id, p in _new_persons(plan, ids))
    for batch in _batches(person_rows, _BATCH):
        bulk_insert(connection, Person.__table__, _INSERT_COLUMNS, batch)
        done += len(batch)
        progress("write", done, total)
    if plan.updates:
        statement = update(Person.__table__).where(Person.__table__.c.id == bindparam("_id"))
        for batch in _batches(plan.updates, _BATCH):
            connection.execute(statement, batch)
            done += len(batch)
            progress("write", done, total)
        touched = sorted(plan.touched)
        for start in range(0, len(touched), _CHUNK):
            connection.execute(update(Dossier.__table__).where(Dossier.__table__.c.id.in_(touched[start : start + _CHUNK]))
                               .values(updated_at=func.now()))
    total = len(ids) + len(plan.touched)
    replace_keys(connection, _families(plan, ids), lambda done: progress("index", done, total))


def _families(plan: _Plan, ids: dict[str, int]) -> Iterable[tuple[int, FamilyFeatures, bool]]:
    """(dossier id, features, whether keys exist already) of every created or changed dossier."""
    for record in plan.new_dossiers:
        yield ids[record.number], family_features(FamilyProfile.from_persons(record.number, record.persons)), False
    for dossier_id, (number, persons) in plan.touched.items():
        yield dossier_id, family_features(FamilyProfile.from_persons(number, persons)), True


def _new_persons(plan: _Plan, ids: dict[str, int]) -> Iterator[tuple[int, PersonRecord]]:
    for record in plan.new_dossiers:
        dossier_id = ids[record.number]
        for person in record.persons:
            yield dossier_id, person
    yield from plan.new_persons


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items; rows are built one batch at a time, never all at once."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
