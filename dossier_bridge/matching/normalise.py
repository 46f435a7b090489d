"""French-aware normalisation of what families and billing systems type.

Names reuse :mod:`dossier_bridge.names` (accents, ligatures, hyphens,
apostrophes, particles); this module adds phones, e-mails, postal codes,
towns, street addresses and the date variations typed by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dossier_bridge.french_input import normalise_email, normalise_postal_code, phone_digits
from dossier_bridge.names import PARTICLES, fold, fold_compact, fold_without_particles, name_tokens

__all__ = [
    "fold",
    "fold_compact",
    "fold_without_particles",
    "surname_parts",
    "phone_key",
    "email_key",
    "postal_code_key",
    "town_key",
    "address_key",
    "unordered_date_key",
]

def surname_parts(text: str | None) -> list[str]:
    """Every spelling a family may use for a (compound) surname.

    "de la Fontaine-Martin" gives "delafontainemartin", "fontainemartin",
    "fontaine", "martin", "lafontaine": a dossier under "LAFONTAINE" or
    "MARTIN" alone must still meet it.
    """
    compact = fold_compact(text)
    if not compact:
        return []
    parts = [compact, fold_without_particles(text)]
    tokens = name_tokens(text)
    meaningful = [t for t in tokens if t not in PARTICLES and len(t) > 1]
    if len(meaningful) > 1:
        parts.extend(meaningful)
    # "de la Fontaine" is also written "Lafontaine" or "Delafontaine": keep the
    # last particle glued to the name that follows it.
    for index, token in enumerate(tokens[:-1]):
        if token in PARTICLES and tokens[index + 1] not in PARTICLES:
            parts.append(token + tokens[index + 1])
    return list(dict.fromkeys(p for p in parts if p))


def phone_key(text: str | None) -> str:
    """The ten national digits of a French number, whatever its format.

    "+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78", "612345678" all
    give "0612345678"; something else keeps its digits as typed.
    """
    return phone_digits(text)


def email_key(text: str | None) -> str:
    """Lower case, without dots or a "+tag" in the local part.

    Mail providers ignore case, most ignore dots in the local part: what a
    family types twice differently is still one mailbox.
    """
    email = normalise_email(text)
    if email is None:
        return ""
    local, _, domain = email.rpartition("@")
    local = local.split("+", 1)[0].replace(".", "")
    domain = {"googlemail.com": "gmail.com"}.get(domain, domain)
    return f"{local}@{domain}" if local and domain else ""


def postal_code_key(text: str | None) -> str:
    return normalise_postal_code(text) or ""


_TOWN_WORDS = {"st": "saint", "ste": "sainte", "s": "saint"}
_TOWN_NOISE = {"cedex"}


@lru_cache(maxsize=50_000)
def town_key(text: str | None) -> str:
    """"ST-PREST", "Saint Prest" and "Saint-Prest Cedex" agree."""
    tokens = [_TOWN_WORDS.get(t, t) for t in fold(text).split() if t not in _TOWN_NOISE and not t.isdigit()]
    return "".join(tokens)


_STREET_WORDS = {
    "r": "rue",
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "blvd": "boulevard",
    "bvd": "boulevard",
    "pl": "place",
    "imp": "impasse",
    "all": "allee",
    "che": "chemin",
    "ch": "chemin",
    "rte": "route",
    "fg": "faubourg",
    "fbg": "faubourg",
    "sq": "square",
    "res": "residence",
    "st": "saint",
    "ste": "sainte",
    "pr": "professeur",
    "gal": "general",
    "gen": "general",
    "mal": "marechal",
    "dr": "docteur",
}
_STREET_TYPES = frozenset(
    {"rue", "avenue", "boulevard", "place", "impasse", "allee", "chemin", "route", "faubourg", "square",
     "residence", "quai", "cours", "passage", "sentier", "lotissement", "clos", "hameau", "voie", "mail"}
)
_NUMBER = re.compile(r"^(\d+)\s*(bis|ter|quater|[a-d])?\b\s*,?\s*(.*)$", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=200_000)
def address_key(text: str | None) -> tuple[str, str]:
    """(house number, street name) of a street address, both folded.

    "12 bis, Bd Chasles" and "12 BOULEVARD CHASLES" give ("12", "chasles"):
    the street type and particles carry little information and are often
    abbreviated, so only the name words are kept.
    """
    if not text or not fold(text):
        return "", ""
    match = _NUMBER.match(text.strip())
    number, rest = (match.group(1), match.group(3)) if match else ("", text)
    # Only the street line: "11 were street, marriott downs" keeps "were street".
    rest = fold(rest.split(",")[0]) or fold(rest)
    words = [_STREET_WORDS.get(w, w) for w in rest.split()]
    name = [w for w in words if w not in _STREET_TYPES and w not in PARTICLES]
    return number, "".join(name or words)


def unordered_date_key(value: dt.date) -> str:
    """The same string for a date and its day/month-swapped twin."""
    low, high = sorted((value.day, value.month))
    if high > 12:
        low, high = value.month, value.day
    return f"{value.year:04d}{low:02d}{high:02d}"
