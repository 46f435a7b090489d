"""A family's normalised comparison features, computed once per profile.

Scoring compares many pairs; folding, phonetic codes and address parsing
are done here once per family so that a pair costs only set lookups and a
few string similarities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from dossier_bridge.matching.normalise import (
    address_key,
    email_key,
    fold,
    fold_compact,
    fold_without_particles,
    phone_key,
    postal_code_key,
    surname_parts,
    town_key,
    unordered_date_key,
)
from dossier_bridge.matching.phonetic import phonetic_code
from dossier_bridge.matching.profile import FamilyProfile


@dataclass(frozen=True)
class PersonFeatures:
    last_raw: str
    first_raw: str
    last: str  # folded, no separators
    last_bare: str  # without particles
    last_parts: frozenset[str]
    last_codes: frozenset[str]  # phonetic codes of every part
    first: str
    first_tokens: frozenset[str]
    first_code: str
    birth_date: dt.date | None = None
    date_key: str = ""  # the same for a date and its day/month swap

    @property
    def is_named(self) -> bool:
        return bool(self.last or self.first)


@dataclass(frozen=True)
class FamilyFeatures:
    number: str | None
    adults: tuple[PersonFeatures, ...]
    children: tuple[PersonFeatures, ...]
    phones: frozenset[str]
    emails: frozenset[str]
    postal_code: str
    town: str
    house_number: str
    street: str
    address_raw: str
    # Every surname spelling of the family (adults and children).
    surnames: frozenset[str]


def person_features(last: str | None, first: str | None, birth_date: dt.date | None = None) -> PersonFeatures:
    named = _named(last or "", first or "")
    if birth_date is None:
        return named
    # Built field by field: dataclasses.replace costs a third of a whole import's indexing.
    return PersonFeatures(named.last_raw, named.first_raw, named.last, named.last_bare, named.last_parts,
                          named.last_codes, named.first, named.first_tokens, named.first_code, birth_date,
                          unordered_date_key(birth_date))


# Names repeat a lot across families (MARTIN, Léa): folding and phonetic
# codes are computed once per distinct spelling, surname and first name apart.
@lru_cache(maxsize=500_000)
def _named(last: str, first: str) -> PersonFeatures:
    surname = _surname(last)
    given = _given(first)
    return PersonFeatures(last_raw=last.strip(), first_raw=first.strip(), **surname, **given)


@lru_cache(maxsize=500_000)
def _surname(last: str) -> dict:
    parts = surname_parts(last)
    return {
        "last": fold_compact(last),
        "last_bare": fold_without_particles(last) if parts else "",
        "last_parts": frozenset(parts),
        "last_codes": frozenset(phonetic_code(p) for p in parts),
    }


@lru_cache(maxsize=100_000)
def _given(first: str) -> dict:
    folded = fold(first)
    return {
        "first": folded.replace(" ", ""),
        "first_tokens": frozenset(folded.split()),
        "first_code": phonetic_code(folded.replace(" ", "")),
    }


def family_features(profile: FamilyProfile) -> FamilyFeatures:
    adults = tuple(p for p in (person_features(a.last_name, a.first_name, a.birth_date) for a in profile.adults) if p.is_named)
    children = tuple(person_features(c.last_name, c.first_name, c.birth_date) for c in profile.children)
    number, street = address_key(profile.address)
    surnames = frozenset(part for person in adults + children for part in person.last_parts)
    return FamilyFeatures(
        number=profile.number,
        adults=adults,
        children=tuple(c for c in children if c.is_named),
        phones=frozenset(k for k in map(phone_key, profile.all_phones()) if k),
        emails=frozenset(k for k in map(email_key, profile.all_emails()) if k),
        postal_code=postal_code_key(profile.postal_code),
        town=town_key(profile.town),
        house_number=number,
        street=street,
        address_raw=(profile.address or "").strip(),
        surnames=surnames,
    )
