"""Blocking keys of the duplicate detection engine, stored beside the registry.

Each dossier gets a handful of short keys (phone, e-mail, child first name and
birth date, phonetic adult names, address...). A per-request search is then
one indexed ``key IN (...)`` query instead of a scan of the registry. The
engine computes and writes them (``matching.index``); this is only the table.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dossier_bridge.db import Base

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
