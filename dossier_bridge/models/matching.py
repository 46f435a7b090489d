"""Blocking keys of the duplicate detection engine, stored beside the registry.

Each dossier gets a handful of short keys (phone, e-mail, child first name and
birth date, phonetic adult names, address...). A per-request search is then
one indexed ``key IN (...)`` query instead of a scan of the registry. Keys are
recomputed whenever a dossier or one of its persons is flushed, so the
importer and staff-created dossiers never have to think about them.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, event, insert, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from dossier_bridge.db import Base
from dossier_bridge.models.registry import Dossier, Person

KEY_LENGTH = 120


class MatchingKey(Base):
    __tablename__ = "matching_key"
    __table_args__ = (
        UniqueConstraint("dossier_id", "key", name="uq_matching_key_dossier_key"),
        Index("ix_matching_key_key", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))


_PENDING = "matching_pending_dossiers"


@event.listens_for(Session, "before_flush")
def _collect_changed_dossiers(session: Session, _context, _instances) -> None:
    pending: set[Dossier] = session.info.setdefault(_PENDING, set())
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Dossier):
            pending.add(obj)
        elif isinstance(obj, Person) and obj.dossier is not None:
            pending.add(obj.dossier)
    for obj in session.deleted:
        # A deleted person changes its dossier's keys; a deleted dossier's
        # keys go with it through ON DELETE CASCADE.
        if isinstance(obj, Person) and obj.dossier is not None and obj.dossier not in session.deleted:
            pending.add(obj.dossier)


@event.listens_for(Session, "after_flush")
def _write_keys(session: Session, _context) -> None:
    pending: set[Dossier] = session.info.pop(_PENDING, set())
    dossiers = [d for d in pending if d.id is not None and d not in session.deleted]
    if dossiers:
        write_keys(session, dossiers)


def write_keys(session: Session, dossiers: list[Dossier]) -> None:
    """Replace the stored keys of these dossiers with freshly computed ones."""
    # Imported here: the engine imports the models, not the other way round.
    from dossier_bridge.matching.blocking import dossier_keys

    connection = session.connection()
    ids = [d.id for d in dossiers]
    for start in range(0, len(ids), 500):
        connection.execute(delete(MatchingKey).where(MatchingKey.dossier_id.in_(ids[start : start + 500])))
    rows = [{"dossier_id": d.id, "key": key} for d in dossiers for key in dossier_keys(d)]
    if rows:
        connection.execute(insert(MatchingKey), rows)
