"""Who asks for a dossier, and which of its responsible adults that designates.

A family either types its names at sign-up, or an identity provider vouches
for them: FranceConnect gives the civil identity of the person signed in,
with every given name ("Camille Marie"), the birth name, the usage name when
its own provider knows one ("preferred_username"), and the birth date, which
the civil register sometimes only presumes (YYYY-01-01 when the month is
unknown, YYYY-MM-01 when the day is). The registry holds what the billing
system knows: one given name, the birth or the usage name, and a birth date or
none.

They designate the same adult when the names agree (for a vouched identity:
one of the given names, and the birth or the usage name) and, when the
registry knows the adult's birth date, the dates agree. A birth date that
disagrees is a mismatch like any other: the caller answers it the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Protocol, TypeVar

from dossier_bridge.verification.names import first_names_agree, last_names_agree

FRANCECONNECT = "franceconnect"
# Identity providers whose identities the bridge knows how to read.
VOUCHING_SOURCES = frozenset({FRANCECONNECT})
# FranceConnect sends all given names; more than this is not a civil identity.
MAX_GIVEN_NAMES = 8
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class RegisteredAdult(Protocol):
    last_name: str
    first_name: str
    birth_date: dt.date | None


Adult = TypeVar("Adult", bound=RegisteredAdult)


def iso_date(raw: str) -> dt.date | None:
    """A date as identity providers write it (YYYY-MM-DD), or None when it is not one."""
    match = _ISO_DATE.match(raw)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def birth_dates_agree(claimed: dt.date | None, registered: dt.date | None) -> bool:
    """The registry's date, when it has one, is the claimed one; a presumed date fixes only what it knows."""
    if claimed is None or registered is None:
        return True
    if claimed == registered:
        return True
    if (claimed.month, claimed.day) == (1, 1):
        return registered.year == claimed.year
    if claimed.day == 1:
        return (registered.year, registered.month) == (claimed.year, claimed.month)
    return False


@dataclass(frozen=True)
class Claimant:
    """The person a dossier check is about: names (typed, or vouched for by `source`) and a birth date."""

    last_name: str
    first_name: str
    usage_name: str = ""
    birth_date: dt.date | None = None
    source: str | None = None  # one of VOUCHING_SOURCES, or None for names a family typed

    @property
    def vouched(self) -> bool:
        return self.source in VOUCHING_SOURCES

    def given_names(self) -> list[str]:
        return self.first_name.split()[:MAX_GIVEN_NAMES]

    def names_agree(self, adult: RegisteredAdult) -> bool:
        if not self.vouched:
            return last_names_agree(self.last_name, adult.last_name) & first_names_agree(self.first_name, adult.first_name)
        # Every comparison is made (no short-circuit), whichever name agrees.
        surnames = [last_names_agree(name, adult.last_name) for name in (self.last_name, self.usage_name) if name]
        given = [first_names_agree(name, adult.first_name) for name in self.given_names()]
        return any(surnames) & any(given)

    def designates(self, adult: RegisteredAdult) -> bool:
        dates = birth_dates_agree(self.birth_date, adult.birth_date) if self.birth_date is not None else True
        return self.names_agree(adult) & dates


def find_adult(claimant: Claimant, candidates: Iterable[Adult]) -> Adult | None:
    """The candidate the claimant designates; every candidate is compared, match or not."""
    found = None
    for adult in candidates:
        # No early exit: the work done does not depend on where (or whether) the match is.
        if claimant.designates(adult) and found is None:
            found = adult
    return found
