"""The family as the duplicate engine sees it, whatever it came from.

A dossier of the registry, a row group of an import file and a family
request typed at sign-up all become a :class:`FamilyProfile`: responsible
adults, children, address. Plain data, no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Protocol

from dossier_bridge.french_input import parse_date
from dossier_bridge.models.registry import PersonRole


class NumberedPersons(Protocol):
    """A dossier of the registry, or one of an import file (``registry.csv_format.DossierRecord``)."""

    @property
    def number(self) -> str: ...

    @property
    def persons(self) -> Iterable[Any]: ...


@dataclass(frozen=True)
class Adult:
    last_name: str
    first_name: str
    email: str | None = None
    phone: str | None = None
    birth_date: dt.date | None = None


@dataclass(frozen=True)
class Child:
    last_name: str
    first_name: str
    birth_date: dt.date | None = None


@dataclass
class FamilyProfile:
    adults: list[Adult] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    address: str | None = None
    postal_code: str | None = None
    town: str | None = None
    # Extra phones and e-mails given for the family rather than for one adult.
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    # The dossier number when the profile is a dossier (absent for a request).
    number: str | None = None

    @classmethod
    def from_dossier(cls, dossier: NumberedPersons) -> "FamilyProfile":
        """From a registry dossier or a dossier of an import file."""
        return cls.from_persons(dossier.number, dossier.persons)

    # The import file's records have the same shape as the registry's dossiers.
    from_record = from_dossier

    @classmethod
    def from_persons(cls, number: str | None, persons: Iterable[Any]) -> "FamilyProfile":
        """From person-like objects: ``role`` ("responsable"/"enfant" or ``PersonRole``),
        ``last_name``, ``first_name``, ``birth_date``, ``email``, ``phone``,
        ``address``, ``postal_code``, ``town``."""
        profile = cls(number=number)
        for person in persons:
            if getattr(person.role, "value", person.role) == PersonRole.RESPONSABLE.value:
                profile.adults.append(
                    Adult(person.last_name, person.first_name, person.email, person.phone, person.birth_date)
                )
            else:
                profile.children.append(Child(person.last_name, person.first_name, person.birth_date))
            # Billing exports repeat the address on every row; the first one given wins.
            profile.address = profile.address or person.address
            profile.postal_code = profile.postal_code or person.postal_code
            profile.town = profile.town or person.town
        return profile

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "FamilyProfile":
        """From plain data, e.g. a family request's JSON.

        Keys: ``adults`` (or ``responsables``): list of mappings with
        ``last_name``, ``first_name``, optional ``email``, ``phone``;
        ``children``: ``last_name``, ``first_name``, ``birth_date`` (a date,
        ISO ``AAAA-MM-JJ`` or ``JJ/MM/AAAA``); ``address``, ``postal_code``,
        ``town``; optional ``phone``/``email`` for the whole family.
        """
        adults = [
            Adult(
                str(a.get("last_name") or ""),
                str(a.get("first_name") or ""),
                a.get("email") or None,
                a.get("phone") or None,
                parse_date(a.get("birth_date")),
            )
            for a in data.get("adults") or data.get("responsables") or []
        ]
        children = [
            Child(str(c.get("last_name") or ""), str(c.get("first_name") or ""), parse_date(c.get("birth_date")))
            for c in data.get("children") or data.get("enfants") or []
        ]
        return cls(
            adults=adults,
            children=children,
            address=data.get("address") or None,
            postal_code=data.get("postal_code") or None,
            town=data.get("town") or None,
            phones=[p for p in [data.get("phone")] if p],
            emails=[e for e in [data.get("email")] if e],
            number=data.get("number") or None,
        )

    def all_phones(self) -> list[str]:
        return [a.phone for a in self.adults if a.phone] + self.phones

    def all_emails(self) -> list[str]:
        return [a.email for a in self.adults if a.email] + self.emails

