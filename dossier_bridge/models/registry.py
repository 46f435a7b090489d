"""The dossier registry: dossiers as the billing system knows them and their persons."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, DateTime, Enum, ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier_bridge.db import Base


class PersonRole(str, enum.Enum):
    RESPONSABLE = "responsable"
    ENFANT = "enfant"


class Dossier(Base):
    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    source: Mapped[str] = mapped_column(String(20), default="import")
    # The last import (or staff decision) that wrote this dossier: the registry keeps a
    # dossier only as long as the billing system still exports it (docs/personal-data.md).
    last_imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    persons: Mapped[list["Person"]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="Person.id"
    )

    @property
    def responsables(self) -> list["Person"]:
        return [p for p in self.persons if p.role is PersonRole.RESPONSABLE]

    @property
    def children(self) -> list["Person"]:
        return [p for p in self.persons if p.role is PersonRole.ENFANT]


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("dossier_id", "person_key", name="uq_person_dossier_key"),
        Index("ix_person_last_name_key", "last_name_key"),
        # "J'ai perdu mon numéro de dossier" looks adults up by e-mail, whatever its case.
        Index("ix_person_email_lower", func.lower(text("email"))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    role: Mapped[PersonRole] = mapped_column(
        Enum(PersonRole, name="person_role", values_callable=lambda e: [m.value for m in e], native_enum=False, length=20)
    )
    # Identity of a person inside its dossier (folded name and birth date):
    # what makes an import idempotent and a person listed twice an error.
    person_key: Mapped[str] = mapped_column(String(300))
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name_key: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    town: Mapped[str | None] = mapped_column(String(100))
    # The whole name as the billing export wrote it, when the import had to
    # split it into last and first name (staff can check the guess).
    name_as_exported: Mapped[str | None] = mapped_column(String(200))

    dossier: Mapped[Dossier] = relationship(back_populates="persons")
